"""The one typed reader of numbers in OOXML attributes, with the range each may take.

Word writes numbers into attributes (``w:gridSpan w:val="2"``,
``w:pgSz w:w="11906"``); a hostile or broken file writes ``inf``, ``nan``,
``1e9``, ``-5`` or ``abc`` there. Every number any reader takes from a
WordprocessingML part is read by :func:`read` under the :data:`SPECS` table
— the element, the attribute, its kind (a whole number, a length in twips
with optional units, a hexadecimal code point, a percentage, EMUs) and its
range:

- a value out of range is **clamped** to the range;
- a value that is not a number at all is **dropped** (the attribute then
  takes its default, as Word does with what it cannot read);

and a warning names the part, the element, the value and what was used
(:class:`Notes`). :func:`sanitize` applies the table to a whole parsed part
(the guarded door, :mod:`caina.io.ooxml.package`, does it to every part it
hands out, so python-docx and openpyxl never see an out-of-range number
either); readers call :func:`whole` / :func:`length` / :func:`code_point`
for the values they use, which apply the same table.

Ranges are Word's own limits where it has them (page sizes 0.1–22 inches,
63 table columns, font sizes 1–1638 pt, numbering levels 0–8, list numbers
0–32767) and generous bounds elsewhere.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

__all__ = ["Spec", "SPECS", "Notes", "read", "sanitize", "whole", "length", "code_point", "MAX_TWIPS"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"

MAX_TWIPS = 31680  # 22 inches: Word's largest page side
_EMU_PER_TWIP = 635
_UNITS = {"pt": 20.0, "in": 1440.0, "cm": 1440 / 2.54, "mm": 144 / 2.54, "pc": 240.0, "pi": 240.0}
_TWIPS_OK = re.compile(r"^-?\d+$|^-?\d+(?:\.\d+)?(?:pt|in|cm|mm|pc|pi)$")
_NUMBER = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(pt|in|cm|mm|pc|pi|%)?\s*$")


@dataclass(frozen=True, slots=True)
class Spec:
    """What one attribute holds: ``kind`` int | twips | hex | percent | emu, and its range."""

    kind: str
    lo: float
    hi: float
    what: str  # Chinese name for messages

    def parse(self, raw: str) -> float | None:
        """The number ``raw`` says, unclamped; None when it is not a number."""
        if self.kind == "hex":
            try:
                return float(int(raw.strip(), 16))
            except ValueError:
                return None
        m = _NUMBER.match(raw)
        if m is None:
            return None
        try:
            value = float(m.group(1))
        except ValueError:  # pragma: no cover - the pattern admits only numbers
            return None
        if not math.isfinite(value):
            return None
        unit = m.group(2)
        if unit and unit != "%":
            if self.kind != "twips":
                return None
            value *= _UNITS[unit]
        return value

    def check(self, raw: str) -> tuple[float | None, str]:
        """(value to use, problem) — problem "" when ``raw`` is fine; value None when it is to be dropped."""
        value = self.parse(raw)
        if value is None:
            return None, "invalid"
        if value < self.lo:
            return self.lo, "low"
        if value > self.hi:
            return self.hi, "high"
        if self.kind in ("int", "hex", "emu") and value != int(value):
            return float(round(value)), "fraction"
        return value, ""

    def text(self, value: float) -> str:
        """How the checked value is written back into the attribute."""
        if self.kind == "hex":
            return f"{int(value):04X}"
        if self.kind == "percent":
            return f"{value:g}%"
        return str(round(value))


def _s(kind: str, lo: float, hi: float, what: str) -> Spec:
    return Spec(kind, lo, hi, what)


_TW = MAX_TWIPS
_IND = _s("twips", -_TW, _TW, "缩进")
_IND_CHARS = _s("int", -10000, 10000, "缩进（百分之一字）")

#: (element, attribute) → spec, by local names; elements in the w: (and wp:) namespace
SPECS: dict[tuple[str, str], Spec] = {
    # sections
    ("pgSz", "w"): _s("twips", 144, _TW, "页面宽度"),
    ("pgSz", "h"): _s("twips", 144, _TW, "页面高度"),
    ("pgMar", "top"): _s("twips", -_TW, _TW, "上边距"),
    ("pgMar", "bottom"): _s("twips", -_TW, _TW, "下边距"),
    ("pgMar", "left"): _s("twips", 0, _TW, "左边距"),
    ("pgMar", "right"): _s("twips", 0, _TW, "右边距"),
    ("pgMar", "gutter"): _s("twips", 0, _TW, "装订线"),
    ("pgMar", "header"): _s("twips", 0, _TW, "页眉距离"),
    ("pgMar", "footer"): _s("twips", 0, _TW, "页脚距离"),
    ("docGrid", "linePitch"): _s("int", 1, _TW, "文档网格行距"),
    ("docGrid", "charSpace"): _s("int", -(2**31), 2**32 - 1, "文档网格字距"),
    ("cols", "num"): _s("int", 1, 45, "分栏数"),
    ("cols", "space"): _s("twips", 0, _TW, "栏间距"),
    ("defaultTabStop", "val"): _s("twips", 0, _TW, "默认制表位"),
    # tables
    ("gridSpan", "val"): _s("int", 1, 63, "单元格跨列数"),
    ("gridBefore", "val"): _s("int", 0, 63, "行前空列数"),
    ("gridAfter", "val"): _s("int", 0, 63, "行后空列数"),
    ("gridCol", "w"): _s("twips", 0, _TW, "表格列宽"),
    ("tblInd", "w"): _s("twips", -_TW, _TW, "表格缩进"),
    ("tcW", "w"): _s("int", -_TW, 5 * _TW, "单元格宽度"),
    ("tblW", "w"): _s("int", -_TW, 5 * _TW, "表格宽度"),
    ("trHeight", "val"): _s("twips", 0, _TW, "行高"),
    # runs
    ("sz", "val"): _s("int", 2, 3276, "字号（半磅）"),
    ("szCs", "val"): _s("int", 2, 3276, "字号（半磅）"),
    ("kern", "val"): _s("int", 0, 3276, "字距调整"),
    ("position", "val"): _s("int", -3168, 3168, "文字位置"),
    ("w", "val"): _s("percent", 1, 600, "字符缩放"),
    ("sym", "char"): _s("hex", 0, 0x10FFFF, "符号字符"),
    # paragraphs: spacing (pPr) and character spacing (rPr) share the element name
    ("spacing", "val"): _s("twips", -_TW, _TW, "字符间距"),
    ("spacing", "before"): _s("twips", 0, _TW, "段前间距"),
    ("spacing", "after"): _s("twips", 0, _TW, "段后间距"),
    ("spacing", "beforeLines"): _s("int", 0, 100 * 100, "段前间距（百分之一行）"),
    ("spacing", "afterLines"): _s("int", 0, 100 * 100, "段后间距（百分之一行）"),
    ("spacing", "line"): _s("int", 0, 132 * 240, "行距"),
    ("ind", "left"): _IND,
    ("ind", "right"): _IND,
    ("ind", "start"): _IND,
    ("ind", "end"): _IND,
    ("ind", "firstLine"): _s("twips", 0, _TW, "首行缩进"),
    ("ind", "hanging"): _s("twips", 0, _TW, "悬挂缩进"),
    ("ind", "leftChars"): _IND_CHARS,
    ("ind", "rightChars"): _IND_CHARS,
    ("ind", "startChars"): _IND_CHARS,
    ("ind", "endChars"): _IND_CHARS,
    ("ind", "firstLineChars"): _s("int", 0, 10000, "首行缩进（百分之一字）"),
    ("ind", "hangingChars"): _s("int", 0, 10000, "悬挂缩进（百分之一字）"),
    ("tab", "pos"): _s("twips", -_TW, _TW, "制表位"),
    ("outlineLvl", "val"): _s("int", 0, 9, "大纲级别"),
    # numbering
    ("numId", "val"): _s("int", 0, 2**31 - 1, "编号"),
    ("ilvl", "val"): _s("int", 0, 8, "编号级别"),
    ("lvl", "ilvl"): _s("int", 0, 8, "编号级别"),
    ("lvlOverride", "ilvl"): _s("int", 0, 8, "编号级别"),
    ("start", "val"): _s("int", 0, 32767, "编号起始值"),
    ("startOverride", "val"): _s("int", 0, 32767, "编号起始值"),
    ("lvlRestart", "val"): _s("int", 0, 9, "编号重新开始的级别"),
    # pictures (wp:extent, attributes without a namespace)
    ("extent", "cx"): _s("emu", 0, _TW * _EMU_PER_TWIP, "图片宽度"),
    ("extent", "cy"): _s("emu", 0, _TW * _EMU_PER_TWIP, "图片高度"),
}

_BY_ELEMENT: dict[str, dict[str, Spec]] = {}
for (_el, _attr), _spec in SPECS.items():
    _BY_ELEMENT.setdefault(_el, {})[_attr] = _spec
_TAGS = (*(f"{{{W_NS}}}{el}" for el in _BY_ELEMENT), f"{{{WP_NS}}}extent")


@dataclass
class Notes:
    """Warnings about clamped or dropped values, counted per (part, element, attribute)."""

    counts: Counter[tuple[str, str, str, str]] = field(default_factory=Counter)
    examples: dict[tuple[str, str, str, str], tuple[str, str]] = field(default_factory=dict)

    def add(self, part: str, element: str, attr: str, problem: str, raw: str, used: str) -> None:
        key = (part, element, attr, problem)
        self.counts[key] += 1
        self.examples.setdefault(key, (raw, used))

    def messages(self) -> list[str]:
        out = []
        for key, n in self.counts.items():
            part, element, attr, problem = key
            raw, used = self.examples[key]
            spec = SPECS[(element, attr)]
            times = f"（共{n}处）" if n > 1 else ""
            shown = raw if len(raw) <= 24 else raw[:24] + "…"
            if problem == "fraction":
                out.append(f"{part} 中 <w:{element} {attr}=\"{shown}\">{times}的{spec.what}应为整数，已按 {used} 处理")
            elif problem == "invalid":
                out.append(
                    f"{part} 中 <w:{element} {attr}=\"{shown}\">{times}的{spec.what}不是有效的数，已忽略、按默认值处理"
                )
            else:
                rng = f"{_fmt(spec.lo)}–{_fmt(spec.hi)}"
                out.append(
                    f"{part} 中 <w:{element} {attr}=\"{shown}\">{times}的{spec.what}超出范围（{rng}），已按 {used} 处理"
                )
        return out

    def __bool__(self) -> bool:
        return bool(self.counts)


def _fmt(x: float) -> str:
    return f"{int(x)}" if x == int(x) else f"{x:g}"


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def read(el: etree._Element | None, attr: str, *, element: str | None = None) -> float | None:
    """The checked number in attribute ``attr`` (a local name) of ``el``; None when absent or not a number.

    The spec is looked up by ``el``'s local name (or ``element``); an attribute the table does not
    list is read as a finite number with no range.
    """
    if el is None:
        return None
    raw = el.get(f"{{{W_NS}}}{attr}")
    if raw is None:
        raw = el.get(attr)
    if raw is None:
        return None
    spec = SPECS.get((element or _local(el.tag), attr))
    if spec is None:
        return Spec("twips", -math.inf, math.inf, "").parse(raw)
    value, _ = spec.check(raw)
    return value


def whole(el: etree._Element | None, attr: str = "val", default: int | None = None) -> int | None:
    """:func:`read` as a whole number (``default`` when absent or invalid)."""
    value = read(el, attr)
    return default if value is None else round(value)


def length(el: etree._Element | None, attr: str, default: float | None = None) -> float | None:
    """:func:`read` for a length (twips); ``default`` when absent or invalid."""
    value = read(el, attr)
    return default if value is None else value


def code_point(el: etree._Element | None, attr: str = "char") -> int | None:
    value = read(el, attr)
    return None if value is None else int(value)


def sanitize(root: etree._Element, part: str, notes: Notes) -> bool:
    """Check every attribute of :data:`SPECS` in a parsed part, in place; True when something changed."""
    changed = False
    for el in root.iter(*_TAGS):
        element = _local(el.tag)
        for attr, spec in _BY_ELEMENT[element].items():
            name = f"{{{W_NS}}}{attr}"
            raw = el.get(name)
            if raw is None:
                name = attr
                raw = el.get(name)
                if raw is None:
                    continue
            value, problem = spec.check(raw)
            if not problem:
                if value is not None and spec.kind != "twips" and raw != spec.text(value):
                    el.set(name, spec.text(value))  # "+5", " 5", "5.0": the same number, written as readers expect
                    changed = True
                elif spec.kind == "twips" and value is not None and not _TWIPS_OK.match(raw):
                    el.set(name, spec.text(value))  # "12.5" → "12": whole twips (units such as "12pt" are kept)
                    changed = True
                continue
            changed = True
            if value is None:
                del el.attrib[name]
                notes.add(part, element, attr, problem, raw, "")
            else:
                text = spec.text(value)
                el.set(name, text)
                notes.add(part, element, attr, problem, raw, text)
    return changed
