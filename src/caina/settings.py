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
    minimum: int | None = None  # a whole-number setting (a limit): its smallest allowed value

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
    # -- limits on what caina reads (docs/security.md says what happens past each one)
    Setting("max_text_mb", "16", "文本输入（.txt/.md 草案和报告、review.yaml、名称表）的大小上限，MB", minimum=1),
    Setting("max_office_mb", "100", ".docx/.xlsx 文件的大小上限，MB", minimum=1),
    Setting("max_unpacked_mb", "200", ".docx/.xlsx 压缩包解压后的总大小上限，MB", minimum=1),
    Setting("max_part_mb", "64", ".docx/.xlsx 中单个部件（如 word/document.xml）解压后的大小上限，MB", minimum=1),
    Setting("max_blocks", "100000", "草案和报告中段落与表格行的总数上限", minimum=100),
    Setting("max_sheet_rows", "10000", "意见反馈表（.xlsx）一个工作表中读取的有内容的行数上限", minimum=10),
    Setting("max_yaml_nodes", "2000000", "review.yaml、名称表展开别名后的节点（键、值、列表项）总数上限", minimum=1000),
)


def setting(name: str) -> Setting:
    for s in SETTINGS:
        if s.name == name:
            return s
    raise KeyError(name)


def limit(name: str) -> int:
    """A whole-number setting that is a limit (:func:`get_int`), refused when below its minimum."""
    s = setting(name)
    value = get_int(name)
    if s.minimum is not None and value < s.minimum:
        raise InputError(
            f"设置“{name}”的值“{value}”太小",
            where=f"环境变量 {s.env}",
            fix=f"请写一个不小于 {s.minimum} 的整数（默认 {s.default}），或删去该环境变量",
        )
    return value


def limit_bytes(name: str) -> int:
    """A size limit given in MB (``max_*_mb``), in bytes."""
    return limit(name) * 1024 * 1024


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
