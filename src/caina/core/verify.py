"""caina's layout compared line by line with an oracle's (LibreOffice's PDF).

Pure: the oracle's lines come in as :class:`OracleLine` (page, grid slot,
text), read by :mod:`caina.io.libreoffice`. :func:`verify` lays the draft
out and compares, for every page and line number, caina's text with the
oracle's (spaces ignored: pdftotext splits words at spaces and at the
autospace gaps).

A line that differs is either a **disagreement** or a **tolerated fault**:
something LibreOffice is known to get wrong, each tolerated explicitly,
counted on its own and listed:

``hung``
    A punctuation mark hanging past the right margin (，。、；：？！) that
    LibreOffice does not draw in a justified paragraph: caina's line equals
    the oracle's plus that mark.
``dash``
    LibreOffice splits “——” across two lines (GB/T 15834 forbids it). The
    split line and every later line it shifts are tolerated when caina with
    ``keep_dash_ellipsis=False`` reproduces exactly the oracle's line there.
``ellipsis``
    LibreOffice splits “……” across lines and lets “…” start a line (its
    zh-CN line-start rules lack “…”, Word's default set has it). Tolerated
    when caina with ``keep_dash_ellipsis=False, ellipsis_may_start_line=True``
    reproduces the oracle's line there.

The emulating layouts only explain a line: a difference they do not
reproduce exactly stays a disagreement.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from caina.core.layout import DEFAULT_SETTINGS, LayoutSettings, layout
from caina.core.metrics import HANGING_PUNCTUATION
from caina.core.model import Draft
from caina.core.pages import LINE_CELL_SEP, Layout, Line

__all__ = [
    "OracleLine",
    "Status",
    "FAULTS",
    "LineResult",
    "Verification",
    "verify",
    "compare",
    "emulations",
    "normalise_text",
    "oracle_splits",
    "Cause",
    "oracle_of",
    "verify_printed",
    "explain",
    "paragraph_agreement",
]


@dataclass(frozen=True, slots=True)
class OracleLine:
    """A line as the oracle drew it: physical page (1-based), grid slot (1-based row), text."""

    page: int
    slot: int
    text: str


class Status(StrEnum):
    SAME = "same"
    # tolerated LibreOffice faults
    HUNG = "hung"
    DASH = "dash"
    ELLIPSIS = "ellipsis"
    # disagreements
    TEXT = "text"  # both have the line, the text differs
    MISSING = "missing"  # caina has the line, the oracle does not
    EXTRA = "extra"  # the oracle has a line caina does not

    @property
    def tolerated(self) -> bool:
        return self in FAULTS

    @property
    def label(self) -> str:
        return _LABELS[self]


FAULTS = (Status.HUNG, Status.DASH, Status.ELLIPSIS)

_LABELS = {
    Status.SAME: "一致",
    Status.HUNG: "行末悬挂的标点 LibreOffice 未画出",
    Status.DASH: "LibreOffice 把“——”拆在两行（含其后因此移动的行）",
    Status.ELLIPSIS: "LibreOffice 把“……”拆在两行或放在行首（含其后因此移动的行）",
    Status.TEXT: "文字不同",
    Status.MISSING: "caina 有此行，LibreOffice 没有",
    Status.EXTRA: "LibreOffice 有此行，caina 没有",
}

# what the oracle's text loses: spaces (word breaks) and zero-width characters
_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u2060\ufeff\u00ad]+")


def normalise_text(text: str) -> str:
    """Text as compared: without spaces and zero-width characters."""
    return _INVISIBLE.sub("", text)


@dataclass(frozen=True, slots=True)
class LineResult:
    """One (page, line number) compared."""

    page: int
    number: int  # 第几行 on the page, 1-based
    from_bottom: int  # 倒数第几行 (by caina's count when caina has the line, else the oracle's)
    status: Status
    caina: str | None  # caina's line text (cells joined by " | "), None when caina has no such line
    oracle: str | None
    caina_row: int = 0  # grid row of caina's line (0: none)
    oracle_slot: int = 0
    hung: str = ""  # the mark LibreOffice did not draw (HUNG)

    @property
    def locator(self) -> str:
        return f"P{self.page}第{self.number}行（倒数第{self.from_bottom}行）"


@dataclass(frozen=True)
class Verification:
    """The comparison of one draft: counts, and every line that is not identical."""

    total: int  # (page, line) positions compared: the union of caina's and the oracle's
    same: int
    tolerated: dict[str, int]  # Status value → lines, for the three faults
    results: tuple[LineResult, ...]  # every non-identical line, in page order
    caina_pages: int
    oracle_pages: int
    hung_marks: dict[str, int] = field(default_factory=dict)  # mark → times not drawn
    splits: dict[str, int] = field(default_factory=dict)  # "——"/"……" → times the oracle split it
    rows_differ: int = 0  # identical lines whose grid row differs (a vertical shift, not counted)

    @property
    def tolerated_total(self) -> int:
        return sum(self.tolerated.values())

    @property
    def agreeing(self) -> int:
        """Identical lines plus lines tolerated explicitly."""
        return self.same + self.tolerated_total

    @property
    def agreement(self) -> float:
        """Share of lines that agree after the explicit tolerances (1.0 when there is nothing to compare)."""
        return self.agreeing / self.total if self.total else 1.0

    @property
    def identical(self) -> float:
        """Share of lines identical without any tolerance."""
        return self.same / self.total if self.total else 1.0

    @property
    def disagreements(self) -> tuple[LineResult, ...]:
        return tuple(r for r in self.results if not r.status.tolerated)

    @property
    def tolerated_lines(self) -> tuple[LineResult, ...]:
        return tuple(r for r in self.results if r.status.tolerated)


def _line_keys(lay: Layout) -> dict[tuple[int, int], Line]:
    """Each line by (page, number), with its text as printed (automatic numbering included)."""
    out = {}
    for line in lay.lines:
        printed = lay.printed_text(line)
        out[(line.page, line.number)] = line if printed == line.text else replace(line, text=printed)
    return out


def _segment_texts(line: Line) -> list[str]:
    """The text of each cell fragment (one for a paragraph line), spaces removed."""
    parts = line.text.split(LINE_CELL_SEP) if len(line.segments) > 1 else [line.text]
    return [normalise_text(p) for p in parts]


def _texts(line: Line) -> tuple[str, ...]:
    """What the oracle may show for caina's ``line``: as drawn, then without its hung marks."""
    pieces = _segment_texts(line)
    full = "".join(pieces)
    trimmed = "".join(t[:-1] if t and t[-1] in HANGING_PUNCTUATION else t for t in pieces)
    return (full, trimmed) if trimmed != full else (full,)


def _match(line: Line | None, oracle: str | None) -> str | None:
    """Whether caina's line and the oracle's text agree: "same", "hung" (all but the hung marks) or None."""
    if line is None or oracle is None:
        return "same" if line is None and oracle is None else None
    options = _texts(line)
    if options[0] == oracle:
        return "same"
    if len(options) > 1 and options[1] == oracle:
        return "hung"
    return None


def _hung_marks(line: Line) -> str:
    return "".join(t[-1] for t in _segment_texts(line) if t and t[-1] in HANGING_PUNCTUATION)


def oracle_splits(lines: Sequence[OracleLine]) -> dict[str, int]:
    """How often the oracle split “——” or “……” between two consecutive lines."""
    found: Counter[str] = Counter()
    texts = [normalise_text(o.text) for o in lines]
    for a, b in itertools.pairwise(texts):
        for mark in "—…":
            run = len(a) - len(a.rstrip(mark))
            if run % 2 == 1 and b.startswith(mark):
                found[mark * 2] += 1
    return dict(found)


def emulations(settings: LayoutSettings) -> tuple[tuple[Status, LayoutSettings], ...]:
    """The layouts that reproduce LibreOffice's known faults, in the order they explain a line."""
    return (
        (Status.DASH, replace(settings, keep_dash_ellipsis=False)),
        (Status.ELLIPSIS, replace(settings, keep_dash_ellipsis=False, ellipsis_may_start_line=True)),
    )


def compare(
    lay: Layout, oracle: Sequence[OracleLine], emulated: Sequence[tuple[Status, Layout]] = ()
) -> Verification:
    """Compare ``lay`` with the oracle's lines; ``emulated`` layouts explain the dash/ellipsis faults."""
    ours = _line_keys(lay)
    theirs: dict[tuple[int, int], OracleLine] = {}
    per_page: Counter[int] = Counter()
    for ol in oracle:
        per_page[ol.page] += 1
        theirs[(ol.page, per_page[ol.page])] = ol
    emu = [(status, _line_keys(e)) for status, e in emulated]
    same = rows_differ = 0
    tolerated: Counter[str] = Counter()
    marks: Counter[str] = Counter()
    results: list[LineResult] = []
    for key in sorted(set(ours) | set(theirs)):
        line, o = ours.get(key), theirs.get(key)
        otext = normalise_text(o.text) if o is not None else None
        m = _match(line, otext)
        hung = ""
        if m == "same":
            same += 1
            if line is not None and o is not None and line.row != o.slot:
                rows_differ += 1
            continue
        if m == "hung":
            assert line is not None
            status = Status.HUNG
            hung = _hung_marks(line)
            marks.update(hung)
        else:
            if line is not None and o is not None:
                status = Status.TEXT
            else:
                status = Status.MISSING if o is None else Status.EXTRA
            for fault, lines in emu:
                e = lines.get(key)
                changed = (e is None) != (line is None) or (e is not None and line is not None and e.text != line.text)
                if changed and _match(e, otext) is not None:
                    status = fault
                    break
        if status.tolerated:
            tolerated[status.value] += 1
        from_bottom = line.from_bottom if line is not None else per_page[key[0]] - key[1] + 1
        results.append(
            LineResult(
                key[0], key[1], from_bottom, status,
                line.text if line is not None else None, o.text if o is not None else None,
                line.row if line is not None else 0, o.slot if o is not None else 0, hung,
            )
        )  # fmt: skip
    return Verification(
        total=len(set(ours) | set(theirs)),
        same=same,
        tolerated={f.value: tolerated.get(f.value, 0) for f in FAULTS},
        results=tuple(results),
        caina_pages=lay.page_count,
        oracle_pages=max((o.page for o in oracle), default=0),
        hung_marks=dict(marks),
        splits=oracle_splits(oracle),
        rows_differ=rows_differ,
    )


def verify(draft: Draft, oracle: Sequence[OracleLine], settings: LayoutSettings | None = None) -> Verification:
    """Lay ``draft`` out with ``settings`` and compare it with the oracle's lines (see the module docstring)."""
    settings = settings or DEFAULT_SETTINGS
    lay = layout(draft, settings)
    emulated = [(status, layout(draft, s)) for status, s in emulations(settings) if s != settings]
    return compare(lay, oracle, emulated)


# --------------------------------------------------------------------------
# against any printed PDF (caina verify-layout --against)


class Cause(StrEnum):
    """Why a line differs from the printed copy's line at the same page and number."""

    PAGE = "page"  # the line breaks the same but stands elsewhere: a page break or earlier lines moved it
    HANGING = "hanging"  # one side hangs a mark past the margin, the other moves a character down
    LATIN = "latin"  # the break falls at or in a run of Latin letters or digits
    COMPRESSION = "compression"  # the printed line holds more: punctuation compressed to fit
    BREAK = "break"  # the line ends elsewhere, nothing special at the break
    CARRIED = "carried"  # starts elsewhere: an earlier line of the paragraph broke differently
    TABLE = "table"  # a line of a table row
    COUNT = "count"  # one side has a line the other has not at this place

    @property
    def label(self) -> str:
        return _CAUSE_LABELS[self]


_CAUSE_LABELS = {
    Cause.PAGE: "分页或行号移动（这一行断得一样，落在别的页或行）",
    Cause.HANGING: "行末标点悬挂与否不同",
    Cause.LATIN: "在西文或数字处断行不同",
    Cause.COMPRESSION: "标点挤压（PDF 一行多排了字）",
    Cause.BREAK: "断行位置不同",
    Cause.CARRIED: "随同段前一行移动",
    Cause.TABLE: "表格中的行",
    Cause.COUNT: "一方在此处没有这一行",
}


def oracle_of(printed: Layout) -> list[OracleLine]:
    """The printed copy's lines as the comparison reads an oracle's: page, line number, text as printed."""
    return [
        OracleLine(line.page, line.number, printed.printed_text(line).replace(LINE_CELL_SEP, "")) for line in printed.lines
    ]


def verify_printed(
    draft: Draft, printed: Layout, settings: LayoutSettings | None = None, *, libreoffice: bool = False
) -> Verification:
    """Lay ``draft`` out with ``settings`` and compare it with its printed copy's layout, line by line.

    With ``libreoffice`` (the PDF says LibreOffice made it) its known faults are tolerated as in
    :func:`verify`; any other PDF is compared as it is.
    """
    settings = settings or DEFAULT_SETTINGS
    lay = layout(draft, settings)
    emulated = [(status, layout(draft, s)) for status, s in emulations(settings) if s != settings] if libreoffice else []
    return compare(lay, oracle_of(printed), emulated)


def _first_start(line: Line) -> int:
    return line.segments[0].start if line.segments else -1


def _last_end(line: Line) -> int:
    return line.segments[-1].end if line.segments else -1


def explain(engine: Layout, printed: Layout, page: int, number: int) -> Cause:
    """The cause of the difference at (``page``, ``number``) between caina's layout and the printed copy's."""
    mine = engine.page(page)
    theirs = printed.page(page)
    a = mine.lines[number - 1] if mine is not None and number <= len(mine.lines) else None
    b = theirs.lines[number - 1] if theirs is not None and number <= len(theirs.lines) else None
    if a is None or b is None:
        return Cause.COUNT
    draft = printed.draft
    block = draft.part(b.part_id).blocks[b.block_index] if b.block_index >= 0 else None
    if block is not None and block.kind.value == "table_row":
        return Cause.TABLE
    same_block = a.part_id == b.part_id and a.block_index == b.block_index
    if not same_block or _first_start(a) != _first_start(b):
        # the same line elsewhere in caina's layout: only its place differs
        for other in engine.lines_of_block(b.part_id, b.block_index):
            if _first_start(other) == _first_start(b) and _last_end(other) == _last_end(b):
                return Cause.PAGE
        return Cause.CARRIED if same_block else Cause.PAGE
    if block is None:
        return Cause.BREAK
    text = block.text
    end_a, end_b = _last_end(a), _last_end(b)
    lo, hi = min(end_a, end_b), max(end_a, end_b)
    between = text[lo:hi]
    around = text[max(0, lo - 1) : hi + 1]
    if (hi - lo == 1 and between in HANGING_PUNCTUATION) or (hi - lo <= 2 and text[hi - 1 : hi] in HANGING_PUNCTUATION):
        return Cause.HANGING
    if any(ch.isascii() and ch.isalnum() for ch in around):
        return Cause.LATIN
    if end_b > end_a and any(ch in "，。、；：？！“”‘’（）《》〔〕【】" for ch in text[_first_start(b) : end_b]):
        return Cause.COMPRESSION
    return Cause.BREAK


def paragraph_agreement(engine: Layout, printed: Layout) -> tuple[int, int]:
    """Paragraphs of two or more printed lines that caina breaks at exactly the same places, and their
    number (the measure of ../shared/wordpairs/README.md). A line ends at its last printed character: the
    soft breaks and spaces after it print nothing (a PDF line takes the unprinted soft break of an empty line
    below it, which caina does not count as a line)."""
    def breaks(lay: Layout) -> dict[tuple[str, int], list[tuple[int, int]]]:
        out: dict[tuple[str, int], list[tuple[int, int]]] = {}
        for line in lay.lines:
            if line.block_index >= 0 and line.segments:
                blank_tail = len(line.text) - len(line.text.rstrip())
                out.setdefault((line.part_id, line.block_index), []).append(
                    (_first_start(line), _last_end(line) - blank_tail)
                )
        return out

    mine, theirs = breaks(engine), breaks(printed)
    multi = [k for k, v in theirs.items() if len(v) > 1]
    return sum(1 for k in multi if mine.get(k) == theirs[k]), len(multi)
