"""Layout profiles: named sets of the layout switches, built in or calibrated against a printed copy.

A profile says *which program's page* caina reproduces. The built-in ones:

``gbt9704``
    GB/T 9704 as LibreOffice 7.4 sets it, measured line for line
    (docs/verify-layout.md): caina's default for text drafts and for .docx
    files LibreOffice wrote.
``word``
    Microsoft Word's rules, measured on the Word-printed PDFs of
    ../shared/wordpairs (docs/layout.md, "Word's grid"): a line fits within
    0.1 twip, punctuation compression as the .docx asks, indents as Word
    computes them, half-width characters with half the grid's spacing. The
    default for every other .docx: reviewers hold what Word or WPS printed.
``word-mac``
    ``word`` as Word for Mac prints: a Chinese font with no bold face (宋体,
    仿宋, 楷体, 黑体) drawn bold advances 1.019 em (measured on
    ../shared/wordpairs/04, 05). The default when the printed copy at hand
    says Word on macOS made it.
``word-whole-width``
    ``word`` with ``w:adjustRightInd``'s rounding of the usable width to whole
    grid pitches (the reading of ECMA-376 under which the office template's
    −848 grid sets 27 字 a line).
``libreoffice-grid``
    LibreOffice setting a .docx *as it is* (not normalised): on Word's
    character grid every 汉字 takes whole cells, which is how LibreOffice sets
    the office template at 14 字 a line.

A calibrated profile (``caina calibrate``) is one of these plus the switches
that reproduced an office's printed PDF best, stored as YAML
(:mod:`caina.io.profile_file`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any

from caina.core.layout_settings import DEFAULT_SETTINGS, LayoutSettings
from caina.core.model import Draft
from caina.errors import InputError

__all__ = [
    "Profile",
    "BUILTIN",
    "builtin",
    "default_profile",
    "printed_on_mac",
    "overrides",
    "with_overrides",
    "SETTING_TYPES",
    "ProfileError",
]


class ProfileError(InputError):
    """A layout profile that cannot be used: unknown name, unknown switch, wrong value."""


@dataclass(frozen=True)
class Profile:
    name: str
    summary: str  # one line, Chinese: what differs
    settings: LayoutSettings
    base: str = ""  # the built-in profile a calibrated one starts from
    source: str = ""  # the file it was read from
    calibration: dict[str, Any] = field(default_factory=dict, compare=False)  # what calibrate measured

    def describe(self) -> str:
        return f"{self.name}：{self.summary}"


WORD_SETTINGS = replace(
    DEFAULT_SETTINGS,
    fit_tolerance_pt=0.005,
    compress_punctuation="document",
    compress_lone_on_grid=True,
    word_indents=True,
    half_width_grid_spacing="document",
    latin_font_widths=True,
    latin_breaks="hyphen",
    table_autofit=True,
    break_beside_latin=True,
    quotes_by_hint=True,
    autospace_em=0.25,
    widow_control_unset=True,
    word_vertical=True,
    collapse_spacing=True,
    space_before_at_page_top=True,
    leading_past_bottom=True,
)

BUILTIN: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile(
            "gbt9704",
            "GB/T 9704 公文格式，按 LibreOffice 7.4 逐行实测的规则排（文本草案和 LibreOffice 写的 .docx 默认用它）",
            DEFAULT_SETTINGS,
        ),
        Profile(
            "word",
            "Microsoft Word 的规则（按 Word 打印的 PDF 实测）：行宽容差 0.1 缇、按文档设置压缩标点、"
            "缩进按 Word 的算法、半角字符只加网格间距的一半（其他 .docx 默认用它）",
            WORD_SETTINGS,
        ),
        Profile(
            "word-mac",
            "word，按 Mac 版 Word 打印：没有粗体字形的中文字体（宋体、仿宋、楷体、黑体）加粗后每字宽 1.019 字"
            "（印发稿 PDF 由 Mac 版 Word 生成时默认用它）",
            replace(WORD_SETTINGS, faux_bold_em=0.019),
        ),
        Profile(
            "word-whole-width",
            "word，另按 w:adjustRightInd 把正文可用宽度取为网格字距的整数倍（公文模板 −848 网格则每行 27 字）",
            replace(WORD_SETTINGS, grid_whole_width=True),
        ),
        Profile(
            "libreoffice-grid",
            "LibreOffice 直接排 Word 字符网格的 .docx（不规范化）：每个汉字占整数个网格，公文模板每行 14 字",
            replace(DEFAULT_SETTINGS, grid_whole_cells=True, word_indents=True, autospace=False),
        ),
    )
}


def builtin(name: str) -> Profile:
    try:
        return BUILTIN[name]
    except KeyError:
        raise ProfileError(
            f"没有名为“{name}”的排版方案",
            fix=f"内置方案有：{'、'.join(BUILTIN)}；也可给出 caina calibrate 写出的方案文件（.yaml）",
        ) from None


def default_profile(draft: Draft, printed_by: str = "") -> Profile:
    """The profile a draft is laid out with when none is asked for: ``word`` for a .docx that Word, WPS or
    another program wrote (what reviewers print from), ``gbt9704`` for a text draft or a .docx LibreOffice
    wrote. ``printed_by``: what the printed copy's metadata says made it (its Creator and Producer), when one
    is at hand: Word on macOS → ``word-mac``."""
    made_by = draft.typesetting.made_by.lower()
    source = draft.source.lower()
    if source.endswith((".txt", ".md")) or "libreoffice" in made_by or "openoffice" in made_by or not source:
        return BUILTIN["gbt9704"]
    if printed_on_mac(printed_by):
        return BUILTIN["word-mac"]
    return BUILTIN["word"]


def printed_on_mac(printed_by: str) -> bool:
    """Whether a PDF's Creator/Producer says Word for Mac made it ("Word", "macOS … Quartz PDFContext")."""
    low = printed_by.lower()
    return "word" in low and ("macos" in low or "mac os" in low or "quartz" in low)


# --------------------------------------------------------------------------
# overrides: what a profile file stores

SETTING_TYPES: dict[str, type] = {f.name: type(getattr(DEFAULT_SETTINGS, f.name)) for f in fields(LayoutSettings)}
_CHOICES: dict[str, tuple[str, ...]] = {
    "latin_breaks": ("never", "hyphen", "icu"),
    "compress_punctuation": ("document", "on", "off"),
    "half_width_grid_spacing": ("document", "on", "off"),
}


def overrides(settings: LayoutSettings, base: LayoutSettings) -> dict[str, Any]:
    """The switches of ``settings`` that differ from ``base``, by name."""
    return {f.name: getattr(settings, f.name) for f in fields(LayoutSettings) if getattr(settings, f.name) != getattr(base, f.name)}


def with_overrides(base: LayoutSettings, values: dict[str, Any], *, where: str = "") -> LayoutSettings:
    """``base`` with the named switches set, each checked against its type (and its choices)."""
    changes: dict[str, Any] = {}
    for name, value in values.items():
        kind = SETTING_TYPES.get(name)
        if kind is None:
            known = "、".join(SETTING_TYPES)
            raise ProfileError(f"排版方案中有未知的开关“{name}”", where=where, fix=f"可用的开关：{known}（见 docs/layout.md）")
        if kind is bool:
            if not isinstance(value, bool):
                raise ProfileError(f"开关“{name}”应为 true 或 false，而不是“{value}”", where=where, fix="请改为 true 或 false")
        elif kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ProfileError(f"开关“{name}”应为整数，而不是“{value}”", where=where, fix="请改为整数，如 2")
        elif kind is float:
            if isinstance(value, bool) or not isinstance(value, int | float) or value != value or abs(value) > 1e6:
                raise ProfileError(f"开关“{name}”应为数值，而不是“{value}”", where=where, fix="请改为数值，如 0.05")
            value = float(value)
        elif kind is str:
            choices = _CHOICES.get(name)
            if not isinstance(value, str) or (choices and value not in choices):
                allowed = "、".join(choices or ())
                raise ProfileError(f"开关“{name}”的值“{value}”无效", where=where, fix=f"可选：{allowed}")
        changes[name] = value
    return replace(base, **changes)
