"""Page/line locators: "P3倒数第五行", "第3页第5行", "59页倒3行", "附件3第2页第4行".

A :class:`Locator` names a place in the printed draft by page and line, and
remembers how it was written so that ``render_locator(parse_locator(s)) == s``
for every canonical written form ``s``. :func:`resolve` finds the lines a
locator designates in a :class:`~caina.core.pages.Layout`; :func:`locate` goes
the other way and cites a span of text in the report's house style.

Written forms (whitespace anywhere and full-width digits are tolerated)::

    P3  p3  P3倒数第五行  P4顺数第一行  P3第5行        form "P"
    第3页  第3页第5行  第3页倒数第5行  第六页倒数第六至七行   form "page"
    59页倒3行  3页5行                               form "bare"
    附件1  附件3第2页第4行  附件3P2倒数第1行  正文第3页第5行
    附件  附件第1页第9行  (a single attachment, labelled without a number)
    第3至4页  P3至P4                                 page ranges
    P3倒数第四至五行  第3页第5至7行                  line ranges on one page
    P3倒数第一行至P4顺数第一行                       a range across pages
    P61左栏倒数第五行  61页左，倒5行  第3页第二栏第5行   a line counted within a column

On a page set in columns a line number without a column counts the page's
lines in reading order (column 1 top to bottom, then column 2 …); with a
column (左栏/左 = the first, 右栏/右 = the second, 第N栏) it counts the lines
of that column alone, as reviewers cite a two-column printout ("61页左，倒5行").

Range words: 至 (house), 到 - － — ~ ～. A line range on one page designates
every line between its two numbers, whichever is written first.

House style (what :func:`house_locator` and :func:`locate` produce):

- 正文: ``P`` + Arabic printed page number + ``顺数``/``倒数`` + ``第`` + Chinese
  line number + ``行``: "P3倒数第五行", "P4顺数第一行".
- 附件: the label, ``第`` + Arabic page number *within the attachment* +
  ``页``, then the same line phrase: "附件3第2页顺数第四行" (reads like the
  issue's "附件3第2页第4行" and avoids the digit clash of "附件3P2").
- A line range on one page: one direction, smaller number first:
  "P3倒数第四至五行". Across pages: two citations joined by 至, each with its
  own direction: "P3倒数第一行至P4顺数第一行", "附件3第2页倒数第一行至第3页顺数第二行".
- A line in a column: the column, then the line counted within it: "P3左栏倒数第五行",
  "P3右栏顺数第一行" on a page of two columns, "P3第二栏顺数第一行" on one of three or more.

Counting direction (:data:`CountFrom`): "auto" counts from the bottom when the
line lies in the bottom third of its page's counted lines
(``from_bottom <= lines_on_page // 3``: 7 lines of a 22-line page). Span style
(:data:`SpanStyle`): "start" cites the line where the text begins (the house
style of real reports); "range" cites every line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, TypedDict

from caina.core.model import ATTACHMENT_LABEL, MAIN_PART_LABEL
from caina.core.numerals import NUMERAL_RE, is_arabic, parse_number, to_chinese
from caina.errors import LocatorSyntaxError

__all__ = [
    "CountFrom", "SpanStyle", "Form", "NumeralStyle", "Locator", "parse_locator", "render_locator", "render_column",
    "house_locator", "to_house_style", "choose_direction", "LOCATOR_IN_TEXT",
]  # fmt: skip

CountFrom = Literal["auto", "top", "bottom"]
SpanStyle = Literal["start", "range"]
Form = Literal["P", "page", "bare"]
NumeralStyle = Literal["arabic", "chinese"]

FORMS: tuple[str, ...] = ("P", "page", "bare")
NUMERAL_STYLES: tuple[str, ...] = ("arabic", "chinese")
DIRECTION_WORDS: tuple[str, ...] = ("", "顺数", "倒数", "倒")
RANGE_WORDS: tuple[str, ...] = ("至", "到", "-", "－", "—", "~", "～")
_BOTTOM_WORDS = frozenset({"倒数", "倒"})
_CHINESE_MAX = 9999

_FIX_PAGES = "请核对页码，或运行 caina show 草案 --pages 查看分页"
_FIX_LINES = "请核对行号，或运行 caina show 草案 --pages 查看分页"
_FIX_SYNTAX = "请写成“P3倒数第五行”“第3页第5行”“第3页倒数第5行”“59页倒3行”“附件3第2页第4行”等形式"


@dataclass(frozen=True, slots=True)
class Locator:
    """A place in the printed draft, with the notation it is written in.

    Target fields:

    - ``part``: "附件3" (or "正文"); None = the printed document, whose page
      numbers are printed page numbers. With a part, pages count within it.
    - ``page`` / ``page_end``: a page, or pages ``page..page_end``.
    - ``line`` / ``line_end``: a line, or a range. Without ``page_end`` both
      count on ``page`` in the direction ``from_bottom``; with ``page_end``
      (a range across pages) ``line_end`` lies on ``page_end`` and counts in
      the direction ``end_from_bottom``.

    Notation fields (only affect :func:`render_locator`): ``form``,
    ``p_letter``, the numeral styles, ``ordinal`` (第 before the line number),
    ``direction_word`` / ``end_direction_word`` and ``range_word``. Fields
    given as None take the house default: form "page" with a part, else "P";
    direction "倒数"/"顺数" by ``from_bottom``. Notation the written form
    cannot show (a line style without a line…) is reset to the default.
    Construction validates the combination and raises :class:`ValueError`
    (message in Chinese).
    """

    part: str | None = None
    page: int | None = None
    page_end: int | None = None
    line: int | None = None
    line_end: int | None = None
    from_bottom: bool = False
    end_from_bottom: bool | None = None
    form: Form | None = None
    p_letter: str = "P"
    part_style: NumeralStyle = "arabic"
    page_style: NumeralStyle = "arabic"
    line_style: NumeralStyle = "chinese"
    ordinal: bool = True
    direction_word: str | None = None
    end_direction_word: str | None = None
    range_word: str = "至"
    # the text column the line counts in (1-based; None: the page's lines in reading order), and how it is
    # written: "左栏" "右栏" "左" "右" (columns 1 and 2), "栏" (第N栏, N in ``column_style``); ``column_comma``
    # is a comma written after it ("61页左，倒5行")
    column: int | None = None
    column_word: str | None = None
    column_style: NumeralStyle = "chinese"
    column_comma: str = ""

    def __post_init__(self) -> None:
        _validate_target(self)
        _normalize_notation(self)

    @property
    def spans_pages(self) -> bool:
        """A line range that runs from ``page`` onto ``page_end``."""
        return self.page_end is not None and self.line is not None

    @property
    def part_number(self) -> int | None:
        """3 for "附件3"; None for no part, "正文" or another label."""
        m = _PART_LABEL_RE.fullmatch(self.part or "")
        return int(m.group(1)) if m else None

    def __str__(self) -> str:
        return render_locator(self)


_PART_LABEL_RE = re.compile(r"附件(\d+)")  # "附件" alone (a single attachment) has no number


def _set(loc: Locator, name: str, value: object) -> None:
    object.__setattr__(loc, name, value)  # normalisation inside a frozen dataclass


def _validate_target(loc: Locator) -> None:
    if loc.part is None and loc.page is None:
        raise ValueError("页行定位至少要写附件或页码")
    if loc.part == "":
        raise ValueError("附件标识不能为空")
    for name, label in (("page", "页码"), ("page_end", "终止页码"), ("line", "行号"), ("line_end", "终止行号")):
        value = getattr(loc, name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise ValueError(f"{label}必须是正整数，而不是{value!r}")
    if loc.line is not None and loc.page is None:
        raise ValueError("写了行号却没有页码")
    if loc.line_end is not None and loc.line is None:
        raise ValueError("写了终止行号却没有起始行号")
    if loc.page_end is not None:
        if loc.page is None:
            raise ValueError("写了终止页却没有起始页")
        if loc.page_end <= loc.page:
            raise ValueError(f"终止页（{loc.page_end}）必须在起始页（{loc.page}）之后")
        if loc.line is not None and loc.line_end is None:
            raise ValueError("跨页范围必须写明终止行")
    elif loc.line_end is not None and loc.line_end == loc.line:
        raise ValueError(f"行范围的起止相同（第{loc.line}行），请只写一行")
    if loc.line is None and loc.from_bottom:
        raise ValueError("没有行号时不能倒数")
    if loc.column is not None:
        if isinstance(loc.column, bool) or not isinstance(loc.column, int) or loc.column < 1:
            raise ValueError(f"栏号必须是正整数，而不是{loc.column!r}")
        if loc.line is None or loc.page_end is not None:
            raise ValueError("分栏只能与同一页的行号一起写，如“P61左栏倒数第五行”")


def _normalize_notation(loc: Locator) -> None:
    # notation that the written form cannot show is reset, so that equal places
    # written alike compare equal
    if loc.form is None or loc.page is None:
        _set(loc, "form", "page" if loc.part is not None else "P")
    if loc.page is None or loc.form != "P":
        _set(loc, "p_letter", "P")
    if loc.page is None:
        _set(loc, "page_style", "arabic")
    if loc.line is None:
        _set(loc, "line_style", "chinese")
        _set(loc, "ordinal", True)
    if loc.page_end is None and loc.line_end is None:
        _set(loc, "range_word", "至")
    if loc.column is None:
        _set(loc, "column_word", "")
        _set(loc, "column_style", "chinese")
        _set(loc, "column_comma", "")
    else:
        word = loc.column_word if loc.column_word else "栏"
        sides = {"左栏": 1, "左": 1, "右栏": 2, "右": 2}
        if word != "栏" and sides.get(word) != loc.column:
            raise ValueError(f"“{word}”与第{loc.column}栏不符（左栏为第1栏，右栏为第2栏）")
        _set(loc, "column_word", word)
        if word != "栏":
            _set(loc, "column_style", "chinese")
        if loc.column_comma not in ("", "，", ","):
            raise ValueError(f"栏后只能写逗号，而不是{loc.column_comma!r}")
    if loc.form not in FORMS:
        raise ValueError(f"未知的写法：{loc.form!r}")
    if loc.form == "bare" and loc.part is not None:
        raise ValueError("带附件的定位不能省略“第”写成“附件3 2页”，请写“附件3第2页”")
    if loc.p_letter not in ("P", "p"):
        raise ValueError(f"页码前缀只能是 P 或 p，而不是{loc.p_letter!r}")
    for name in ("part_style", "page_style", "line_style"):
        if getattr(loc, name) not in NUMERAL_STYLES:
            raise ValueError(f"未知的数字写法：{getattr(loc, name)!r}")
    if loc.range_word not in RANGE_WORDS:
        raise ValueError(f"未知的范围连接词：{loc.range_word!r}")
    if loc.part_style == "chinese" and (loc.part_number is None or loc.part_number > _CHINESE_MAX):
        raise ValueError(f"“{loc.part}”不能写成中文数字")
    for style, values in ((loc.page_style, (loc.page, loc.page_end)), (loc.line_style, (loc.line, loc.line_end))):
        if style == "chinese" and any(v is not None and v > _CHINESE_MAX for v in values):
            raise ValueError(f"超过{_CHINESE_MAX}的数不能写成中文数字")

    if loc.line is None:
        if loc.direction_word not in (None, ""):
            raise ValueError("没有行号时不能写顺数/倒数")
        _set(loc, "direction_word", "")
    else:
        _set(loc, "direction_word", _direction_word(loc.direction_word, loc.from_bottom))
        if loc.form == "P" and not loc.direction_word and not loc.ordinal:
            raise ValueError("P 写法的页码与行号之间要有“第”或“顺数/倒数”，如“P3第5行”")
    if loc.spans_pages:
        if loc.end_from_bottom is None:
            _set(loc, "end_from_bottom", loc.from_bottom)
        _set(loc, "end_direction_word", _direction_word(loc.end_direction_word, bool(loc.end_from_bottom)))
        if loc.form == "P" and not loc.end_direction_word and not loc.ordinal:
            raise ValueError("P 写法的页码与行号之间要有“第”或“顺数/倒数”，如“P4第1行”")
    elif loc.end_from_bottom is not None or loc.end_direction_word is not None:
        raise ValueError("只有跨页范围才有终止行的方向")


def _direction_word(word: str | None, from_bottom: bool) -> str:
    if word is None:
        return "倒数" if from_bottom else "顺数"
    if word not in DIRECTION_WORDS:
        raise ValueError(f"未知的方向词：{word!r}（可用：顺数、倒数、倒，或不写）")
    if (word in _BOTTOM_WORDS) != from_bottom:
        raise ValueError(f"方向词“{word}”与{'倒数' if from_bottom else '顺数'}不符")
    return word


# --- render ------------------------------------------------------


def _num(n: int, style: str) -> str:
    return to_chinese(n) if style == "chinese" else str(n)


def _render_part(loc: Locator) -> str:
    number = loc.part_number
    if number is not None and loc.part_style == "chinese":
        return "附件" + to_chinese(number)
    return loc.part or ""


def _render_page(loc: Locator, page: int) -> str:
    if loc.form == "P":
        return loc.p_letter + _num(page, loc.page_style)
    return ("第" if loc.form == "page" else "") + _num(page, loc.page_style) + "页"


def _render_line(loc: Locator, direction_word: str, line: int, line_end: int | None) -> str:
    text = direction_word + ("第" if loc.ordinal else "") + _num(line, loc.line_style)
    if line_end is not None:
        text += loc.range_word + _num(line_end, loc.line_style)
    return text + "行"


def render_column(loc: Locator) -> str:
    """"左栏", "右", "第二栏": the column as written ("" without one)."""
    if loc.column is None:
        return ""
    word = loc.column_word or "栏"
    return f"第{_num(loc.column, loc.column_style)}栏" if word == "栏" else word


def render_locator(loc: Locator) -> str:
    """The locator as written: ``render_locator(parse_locator(s)) == s`` for canonical ``s``."""
    out = [_render_part(loc)]
    if loc.page is None:
        return "".join(out)
    if loc.page_end is not None and loc.line is None:  # a page range
        if loc.form == "P":
            out.append(_render_page(loc, loc.page) + loc.range_word + _render_page(loc, loc.page_end))
        else:
            prefix = "第" if loc.form == "page" else ""
            first, last = _num(loc.page, loc.page_style), _num(loc.page_end, loc.page_style)
            out.append(f"{prefix}{first}{loc.range_word}{last}页")
        return "".join(out)
    out.append(_render_page(loc, loc.page))
    if loc.line is None:
        return "".join(out)
    if loc.column is not None:
        out.append(render_column(loc) + loc.column_comma)
    if loc.spans_pages:
        assert loc.page_end is not None and loc.line_end is not None and loc.end_direction_word is not None
        out.append(_render_line(loc, loc.direction_word or "", loc.line, None))
        out.append(loc.range_word)
        out.append(_render_page(loc, loc.page_end))
        out.append(_render_line(loc, loc.end_direction_word, loc.line_end, None))
    else:
        out.append(_render_line(loc, loc.direction_word or "", loc.line, loc.line_end))
    return "".join(out)


# --- finding locators in running text -----------------------------

_TEXT_N = r"[0-9０-９]+|[〇零一二两三四五六七八九十百]+"
#: a page/line locator written in running text ("P3倒数第五行", "第3页第5行", "附件1第2页第4行", "附件第1页",
#: "59页倒3行"): the checker's citations, the report's warning on locators typed by hand, the quoted-draft rule
LOCATOR_IN_TEXT = (
    rf"(?:附件(?:{_TEXT_N})?)?(?:(?<![A-Za-z])[PpＰｐ](?:{_TEXT_N})|第?(?:{_TEXT_N})页)"
    rf"(?:(?:[左右]栏?|第(?:{_TEXT_N})栏)?[，,]?(?:顺数|倒数|倒)?第?(?:{_TEXT_N})(?:至(?:{_TEXT_N}))?行)?"
)


# --- parse -------------------------------------------------------

_N = f"({NUMERAL_RE})"
_RANGE = "(" + "|".join(re.escape(w) for w in RANGE_WORDS) + ")"
_PART_RE = re.compile(rf"附件(?:{_N})?|正文")
_P_PAGE_RE = re.compile(rf"([Pp]){_N}")
_W_PAGE_RE = re.compile(rf"(第)?{_N}(?:{_RANGE}{_N})?页")
_LINE_RE = re.compile(rf"(顺数|倒数|倒)?(第)?{_N}(?:{_RANGE}{_N})?行")
_COLUMN_RE = re.compile(rf"(?:([左右]栏?)|第{_N}栏)([，,]?)")
_RANGE_RE = re.compile(_RANGE)
_SQUEEZE = str.maketrans({"Ｐ": "P", "ｐ": "p"})
_WHITESPACE_RE = re.compile(r"\s+")


def _number(numeral: str) -> int:
    try:
        return parse_number(numeral)
    except ValueError:
        raise _Syntax(f"“{numeral}”不是规范的数字；{_FIX_SYNTAX}") from None


def _style(numeral: str) -> NumeralStyle:
    return "arabic" if is_arabic(numeral) else "chinese"


class _Syntax(Exception):
    """Internal: the text does not match the grammar (carries an optional fix)."""


class _Fields(TypedDict, total=False):
    """The :class:`Locator` fields read from the text so far (one end of a range, or the whole)."""

    part: str | None
    page: int | None
    page_end: int | None
    line: int | None
    line_end: int | None
    from_bottom: bool
    end_from_bottom: bool | None
    form: Form | None
    p_letter: str
    part_style: NumeralStyle
    page_style: NumeralStyle
    line_style: NumeralStyle
    ordinal: bool
    direction_word: str | None
    end_direction_word: str | None
    range_word: str
    column: int | None
    column_word: str | None
    column_style: NumeralStyle
    column_comma: str


def parse_locator(text: str) -> Locator:
    """Parse a written locator; raises :class:`LocatorSyntaxError` if it is not one."""
    shown = text.strip()
    squeezed = _WHITESPACE_RE.sub("", text).translate(_SQUEEZE)
    try:
        return _parse(squeezed)
    except _Syntax as exc:
        raise LocatorSyntaxError(shown, fix=str(exc) or "") from None
    except ValueError as exc:  # a well-formed shape with impossible values
        raise LocatorSyntaxError(shown, fix=f"{exc}；{_FIX_SYNTAX}") from None


def _parse(s: str) -> Locator:
    fields: _Fields = {}
    pos = 0
    m = _PART_RE.match(s)
    if m:
        if m.group(1):
            fields["part"] = f"附件{_number(m.group(1))}"
            fields["part_style"] = _style(m.group(1))
        elif m.group(0) == MAIN_PART_LABEL:
            fields["part"] = MAIN_PART_LABEL
        else:  # "附件第1页第1行": the single attachment's bare label
            fields["part"] = ATTACHMENT_LABEL
        pos = m.end()
        if pos == len(s):
            return Locator(**fields)

    pos = _parse_page(s, pos, fields, first=True)
    if pos == len(s):
        return Locator(**fields)
    if "page_end" in fields:
        raise _Syntax("")

    if fields["form"] == "P" and (r := _RANGE_RE.match(s, pos)):  # "P3至P4"
        end: _Fields = {}
        if _parse_page(s, r.end(), end, first=False) != len(s) or end["form"] != "P":
            raise _Syntax("")
        fields["page_end"] = end["page"]
        fields["range_word"] = r.group(1)
        return Locator(**fields)

    c = _COLUMN_RE.match(s, pos)
    if c and _LINE_RE.match(s, c.end()):  # "P61左栏倒数第五行", "61页左，倒5行", "第3页第二栏第5行"
        if c.group(1):
            fields["column_word"] = c.group(1)
            fields["column"] = 1 if c.group(1).startswith("左") else 2
        else:
            fields["column_word"] = "栏"
            fields["column"] = _number(c.group(2))
            fields["column_style"] = _style(c.group(2))
        fields["column_comma"] = c.group(3)
        pos = c.end()
    pos = _parse_line(s, pos, fields, first=True)
    if pos == len(s):
        return Locator(**fields)
    if "line_end" in fields or "column" in fields:
        raise _Syntax("")

    r = _RANGE_RE.match(s, pos)  # a range across pages: "…行至P4顺数第一行"
    if not r:
        raise _Syntax("")
    fields["range_word"] = r.group(1)
    end = {}
    try:
        pos = _parse_page(s, r.end(), end, first=False)
    except _Syntax:
        raise _Syntax(
            "同一页内的行范围请写成“第3页第5至6行”“P3倒数第四至五行”，"
            "跨页范围请写成“P3倒数第一行至P4顺数第一行”"
        ) from None
    if end.get("form") != fields["form"] or "page_end" in end:
        raise _Syntax("跨页范围的起止两处请用同一种写法，如“P3倒数第一行至P4顺数第一行”")
    pos = _parse_line(s, pos, end, first=False)
    if pos != len(s) or "line_end" in end:
        raise _Syntax("")
    fields["page_end"] = end["page"]
    fields["line_end"] = end["line"]
    fields["end_from_bottom"] = end["from_bottom"]
    fields["end_direction_word"] = end["direction_word"]
    return Locator(**fields)


def _parse_page(s: str, pos: int, fields: _Fields, *, first: bool) -> int:
    """Parse "P3", "第3页", "3页" or "第3至4页" at ``pos``; returns the new position."""
    m = _P_PAGE_RE.match(s, pos)
    if m:
        fields["form"] = "P"
        if first:
            fields["p_letter"] = m.group(1)
            fields["page_style"] = _style(m.group(2))
        fields["page"] = _number(m.group(2))
        return m.end()
    m = _W_PAGE_RE.match(s, pos)
    if not m:
        raise _Syntax("")
    fields["form"] = "page" if m.group(1) else "bare"
    fields["page"] = _number(m.group(2))
    if first:
        fields["page_style"] = _style(m.group(2))
    if m.group(3):
        fields["range_word"] = m.group(3)
        fields["page_end"] = _number(m.group(4))
    return m.end()


def _parse_line(s: str, pos: int, fields: _Fields, *, first: bool) -> int:
    """Parse "倒数第五行", "第5行", "倒3行", "倒数第六至七行" at ``pos``."""
    m = _LINE_RE.match(s, pos)
    if not m:
        raise _Syntax("")
    word = m.group(1) or ""
    fields["direction_word"] = word
    fields["from_bottom"] = word in _BOTTOM_WORDS
    fields["line"] = _number(m.group(3))
    if first:
        fields["ordinal"] = bool(m.group(2))
        fields["line_style"] = _style(m.group(3))
    if m.group(4):
        fields["range_word"] = m.group(4)
        fields["line_end"] = _number(m.group(5))
    return m.end()


# --- house style -------------------------------------------------


def house_locator(
    part: str | None,
    page: int,
    line: int,
    from_bottom: bool,
    line_end: int | None = None,
    *,
    page_end: int | None = None,
    end_from_bottom: bool | None = None,
) -> Locator:
    """A locator in the report's house style (see the module docstring).

    ``line`` and ``line_end`` count in the direction of ``from_bottom``
    (``end_from_bottom`` for the end of a range across pages). ``part`` is a
    part label ("附件3"); None or "正文" cite by printed page number (正文
    comes first, so its pages are the first printed pages).
    """
    if page_end is not None and page_end == page:
        page_end = None
    if page_end is None:
        end_from_bottom = None
        if line_end is not None:
            line, line_end = min(line, line_end), max(line, line_end)
            if line == line_end:
                line_end = None
    return Locator(
        part=None if part in (None, "", MAIN_PART_LABEL) else part, page=page, page_end=page_end,
        line=line, line_end=line_end, from_bottom=from_bottom, end_from_bottom=end_from_bottom,
    )  # fmt: skip


def to_house_style(loc: Locator) -> Locator:
    """The same place written in house style: "59页倒3行" → "P59倒数第三行"."""
    if loc.page is None or loc.line is None:
        part = None if loc.part == MAIN_PART_LABEL and loc.page is not None else loc.part
        return Locator(part=part, page=loc.page, page_end=loc.page_end)
    return house_locator(
        loc.part, loc.page, loc.line, loc.from_bottom, loc.line_end,
        page_end=loc.page_end, end_from_bottom=loc.end_from_bottom,
    )  # fmt: skip


def choose_direction(number: int, from_bottom: int, lines_on_page: int, rule: CountFrom = "auto") -> bool:
    """Whether to count a line from the bottom (倒数) rather than the top (顺数).

    ``number`` / ``from_bottom`` are the line's 1-based positions from the top
    and from the bottom of a page with ``lines_on_page`` counted lines. "auto"
    counts from the bottom for the bottom third: ``from_bottom <= lines_on_page // 3``.
    """
    if rule == "top":
        return False
    if rule == "bottom":
        return True
    if rule == "auto":
        return from_bottom <= lines_on_page // 3
    raise ValueError(f"unknown count_from rule: {rule!r} (expected auto, top or bottom)")
