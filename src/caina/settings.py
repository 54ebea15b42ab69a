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
