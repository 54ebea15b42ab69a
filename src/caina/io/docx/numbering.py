"""Automatic numbering: the label Word prints before a numbered paragraph.

``numbering.xml`` holds abstract definitions (``w:abstractNum``: per level
``start``, ``numFmt``, ``lvlText`` such as ``"%1、"`` or ``"（%2）"``,
``lvlRestart``, ``isLgl``, ``suff`` and the level's indents) and instances
(``w:num``) that point at one with optional ``lvlOverride``/``startOverride``.

Counters are kept per abstract definition, as Word does: two instances of
the same definition continue one sequence unless an instance overrides the
start. Using a level restarts the deeper levels (unless ``lvlRestart`` says
otherwise). Labels are rendered for every numbered paragraph in document
order, including empty ones and those in tables, so counting stays right.
"""

from __future__ import annotations

from dataclasses import dataclass

from caina.core.numerals import to_chinese
from caina.io.docx.styles import Props, Styles, ppr_props, rpr_props
from caina.io.docx.xml import Element, attr, child, number, on_off, val, w

_LEGAL = str.maketrans("一二三四五六七八九十百千〇", "壹贰叁肆伍陆柒捌玖拾佰仟零")
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_IDEOGRAPH = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
# bullet characters of the Symbol/Wingdings private-use range, as printed
_BULLETS = {"\uf0b7": "•", "\uf06c": "●", "\uf0a7": "■", "\uf0d8": "➢", "\uf0fc": "✓", "\uf06e": "■", "\uf075": "◆"}


def _roman(n: int) -> str:
    out = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """``n`` in Word's number format ``fmt`` (unknown formats fall back to decimal)."""
    if fmt == "none":
        return ""
    if n <= 0 and fmt not in ("decimal", "decimalZero", "chineseCounting", "chineseCountingThousand"):
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographDigital", "japaneseDigitalTenThousand"):
        return to_chinese(n) if 0 <= n <= 9999 else str(n)
    if fmt in ("chineseLegalSimplified", "japaneseLegal", "taiwaneseDigital"):
        return to_chinese(n).translate(_LEGAL) if 0 <= n <= 9999 else str(n)
    if fmt in ("ideographTraditional",):
        return _IDEOGRAPH[(n - 1) % 10]
    if fmt in ("ideographZodiac", "ideographZodiacTraditional"):
        return _ZODIAC[(n - 1) % 12]
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(_FULLWIDTH)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _CIRCLED[n - 1] if n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return _PAREN[n - 1] if n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return _FULLSTOP[n - 1] if n <= 20 else f"{n}."
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        r = _roman(n)
        return r if fmt == "upperRoman" else r.lower()
    return str(n)


@dataclass(frozen=True, slots=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None  # lvlText; None: no label
    restart: int | None = None  # lvlRestart (1-based level that restarts this one; 0 = never)
    legal: bool = False  # isLgl: every number in the label in decimal
    suffix: str = "tab"  # what follows the label: tab, space, nothing
    ppr: Props | None = None
    rpr: Props | None = None


def _level(el: Element) -> Level:
    text_el = child(el, "lvlText")
    restart = child(el, "lvlRestart")
    return Level(
        start=int(number(val(child(el, "start"))) or 0) if child(el, "start") is not None else 1,
        fmt=val(child(el, "numFmt")) or "decimal",
        text=val(text_el) if text_el is not None else None,
        restart=int(number(val(restart)) or 0) if restart is not None else None,
        legal=bool(on_off(child(el, "isLgl"))),
        suffix=val(child(el, "suff")) or "tab",
        ppr=ppr_props(child(el, "pPr")),
        rpr=rpr_props(child(el, "rPr")),
    )


@dataclass(frozen=True, slots=True)
class Label:
    text: str  # e.g. "一、", "（一）", "1."
    level: Level


class Numbering:
    """Numbering definitions and the running counters of one document."""

    def __init__(self, root: Element | None, styles: Styles) -> None:
        self.abstract: dict[str, dict[int, Level]] = {}
        self.style_link: dict[str, str] = {}  # abstractNum id → numbering style id
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = {}
        self.styles = styles
        self.counters: dict[str, list[int | None]] = {}
        self.starts: dict[str, dict[int, int]] = {}
        self.used: set[str] = set()
        if root is None:
            return
        for a in root.iterfind(w("abstractNum")):
            aid = attr(a, "abstractNumId") or ""
            self.abstract[aid] = {int(number(attr(lv, "ilvl")) or 0): _level(lv) for lv in a.iterfind(w("lvl"))}
            link = child(a, "numStyleLink")
            if link is not None and val(link):
                self.style_link[aid] = val(link) or ""
        for n in root.iterfind(w("num")):
            nid = attr(n, "numId") or ""
            starts: dict[int, int] = {}
            levels: dict[int, Level] = {}
            for o in n.iterfind(w("lvlOverride")):
                ilvl = int(number(attr(o, "ilvl")) or 0)
                so = child(o, "startOverride")
                if so is not None:
                    starts[ilvl] = int(number(val(so)) or 0)
                lv = child(o, "lvl")
                if lv is not None:
                    levels[ilvl] = _level(lv)
            self.nums[nid] = (val(child(n, "abstractNumId")) or "", starts, levels)

    def _abstract_id(self, num_id: str, depth: int = 0) -> str | None:
        if num_id not in self.nums or depth > 4:
            return None
        aid = self.nums[num_id][0]
        link = self.style_link.get(aid)
        if link and link in self.styles.styles:  # numStyleLink → the style's own numbering
            linked = self.styles.styles[link].ppr.get("numId:")
            if linked is not None:
                target = self._abstract_id(str(int(linked)), depth + 1)  # type: ignore[call-overload]
                if target is not None:
                    return target
        return aid

    def level(self, num_id: str, ilvl: int) -> Level | None:
        aid = self._abstract_id(num_id)
        if aid is None:
            return None
        override = self.nums[num_id][2].get(ilvl)
        return override or self.abstract.get(aid, {}).get(ilvl)

    def next_label(self, num_id: str, ilvl: int) -> Label | None:
        """Advance the counters for a paragraph numbered ``(num_id, ilvl)`` and render its label."""
        if num_id in ("", "0"):
            return None
        aid = self._abstract_id(num_id)
        lvl = self.level(num_id, ilvl)
        if aid is None or lvl is None:
            return None
        ilvl = max(0, min(8, ilvl))
        counters = self.counters.setdefault(aid, [None] * 9)
        starts = self.starts.setdefault(aid, {})
        if num_id not in self.used:
            self.used.add(num_id)
            for k, s in self.nums[num_id][1].items():
                if 0 <= k < 9:
                    starts[k] = s
                    counters[k] = None
        current = counters[ilvl]
        counters[ilvl] = starts.get(ilvl, lvl.start) if current is None else current + 1
        for k in range(ilvl + 1, 9):
            deeper = self.level(num_id, k)
            restart = deeper.restart if deeper is not None else None
            if restart is None or (restart > 0 and ilvl <= restart - 1):
                counters[k] = None
        if lvl.text is None:
            return Label("", lvl)
        text = lvl.text
        if lvl.fmt == "bullet":
            return Label("".join(_BULLETS.get(ch, ch) for ch in text), lvl)
        out = []
        i = 0
        while i < len(text):
            ch = text[i]
            if ch == "%" and i + 1 < len(text) and text[i + 1].isdigit():
                k = int(text[i + 1]) - 1
                ref = self.level(num_id, k) or Level()
                value = counters[k] if 0 <= k < 9 and counters[k] is not None else starts.get(k, ref.start)
                fmt = "decimal" if lvl.legal and k != ilvl else ref.fmt
                out.append(format_number(int(value or 0), fmt))
                i += 2
                continue
            out.append(ch)
            i += 1
        return Label("".join(out), lvl)


__all__ = ["Numbering", "Level", "Label", "format_number"]
