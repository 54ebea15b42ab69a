"""Settings in one declarative table, read from flags and ``CAINA_*`` environment variables.

Each setting is documented in docs/settings.md (a test checks it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from caina.errors import InputError


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    choices: tuple[str, ...] = ()

    @property
    def env(self) -> str:
        return f"CAINA_{self.name.upper()}"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "count_from",
        "auto",
        "行号数法：auto（页面下部三分之一倒数，其余顺数）、top（一律顺数）、bottom（一律倒数）",
        ("auto", "top", "bottom"),
    ),
    Setting(
        "span_style",
        "start",
        "跨行引文的定位：start（只写起始行，如真实报告）或 range（写出起止行，如“P3倒数第四至五行”）",
        ("start", "range"),
    ),
    # the review desk (caina serve): see docs/web.md
    Setting("database_url", "sqlite:///caina.db", "数据库：SQLite 文件（默认）或 postgresql+psycopg://用户@主机/库名"),
    Setting("host", "127.0.0.1", "caina serve 监听的地址"),
    Setting("port", "8000", "caina serve 监听的端口"),
    Setting("workers", "1", "caina serve 的工作进程数（多个进程共用一个数据库，进程本身不保存状态）"),
    Setting("session_hours", "12", "登录会话的有效时长（小时）"),
    Setting("login_max_failures", "5", "同一用户名或同一地址在时间窗内允许的登录失败次数，超过则暂时拒绝登录"),
    Setting("login_window_minutes", "15", "登录失败计数的时间窗（分钟）"),
    Setting("upload_max_mb", "20", "上传文件（草案）的大小上限（MB）；.docx 另受 Word 安全检查的限制"),
    Setting("pdf_max_mb", "200", "印发稿 PDF 的大小上限（MB），超过即拒绝，不读"),
    Setting("pdf_max_pages", "2000", "印发稿 PDF 的页数上限，超过即拒绝"),
)


def setting(name: str) -> Setting:
    for s in SETTINGS:
        if s.name == name:
            return s
    raise KeyError(name)


def get(name: str, value: str | None = None) -> str:
    """The value of a setting: ``value`` (a flag) if given, else ``CAINA_NAME``, else the default."""
    s = setting(name)
    chosen = value if value is not None else os.environ.get(s.env, s.default)
    if s.choices and chosen not in s.choices:
        source = f"环境变量 {s.env}" if value is None else f"选项 --{name.replace('_', '-')}"
        raise InputError(
            f"设置“{name}”的值“{chosen}”无效",
            where=source,
            fix=f"可选值：{'、'.join(s.choices)}",
        )
    return chosen


def get_int(name: str, value: str | int | None = None) -> int:
    """An integer setting (flag, else ``CAINA_NAME``, else the default), refused clearly when not a number."""
    raw = get(name, None if value is None else str(value))
    try:
        number = int(raw)
    except ValueError:
        number = -1
    if number < 0:
        raise InputError(f"设置“{name}”的值“{raw}”不是非负整数", where=f"环境变量 {setting(name).env} 或对应选项", fix="请写一个整数")
    return number
