"""PDF glyphs into counted lines: lines by baseline, headers, footers and page numbers left out."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from caina.core.model import Columns, PageSetup

__all__ = [
    "Glyph",
    "PdfPage",
    "PdfText",
    "producer_kind",
    "LineRole",
    "PrintedLine",
    "PrintedPage",
    "Printed",
    "TextBox",
    "group_lines",
    "is_page_number",
    "read_printed",
    "split_columns",
]

# --------------------------------------------------------------------------
# what comes in from the PDF reader


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character as drawn: its advance box on the baseline (points, y down from the page top)."""

    char: str
    x0: float  # left edge (the origin)
    x1: float  # right edge (origin + advance)
    y: float  # the lower edge of the line it sits on, from the top of the page: the baseline, or the font's
    # descent line when ``top`` is known
    size: float  # font size in points
    font: str = ""
    top: float = 0.0  # the font's ascent line (from the page top) when the reader knows it; 0: not known


@dataclass(frozen=True, slots=True)
class PdfPage:
    number: int  # 1-based, as the PDF orders its pages
    width: float
    height: float
    glyphs: tuple[Glyph, ...]
    images: int = 0  # image objects drawn (a scanned page has images and no glyphs)


@dataclass(frozen=True)
class PdfText:
    """The glyphs of a whole PDF, with what its metadata says made it."""

    pages: tuple[PdfPage, ...]
    producer: str = ""
    creator: str = ""
    source: str = ""

    @property
    def made_by(self) -> str:
        return producer_kind(self.creator, self.producer)


def producer_kind(creator: str, producer: str) -> str:
    """Which program made a PDF, from its metadata: Word, WPS, LibreOffice, or what it says."""
    both = f"{creator} {producer}"
    low = both.lower()
    if "wps" in low or "kingsoft" in low:
        return "WPS"
    if "libreoffice" in low or "openoffice" in low:
        return "LibreOffice"
    if "word" in low:
        return "Word"
    return (producer or creator).strip() or "未知"


# --------------------------------------------------------------------------
# lines


class LineRole(StrEnum):
    BODY = "body"
    HEADER = "header"  # above the text block / a running header
    FOOTER = "footer"  # below the text block / a running footer
    PAGE_NUMBER = "page_number"

    @property
    def counted(self) -> bool:
        return self is LineRole.BODY


@dataclass(frozen=True, slots=True)
class PrintedLine:
    """A line as drawn on one page."""

    page: int
    glyphs: tuple[Glyph, ...]  # left to right
    text: str  # the glyphs' characters, a space where a gap shows one
    top: float
    bottom: float
    baseline: float
    left: float
    right: float
    size: float  # the font size most of its glyphs have
    cells: tuple[str, ...]  # the text cut at wide gaps (table cells); (text,) for a paragraph line
    role: LineRole = LineRole.BODY
    column: int = 0  # the text column (1-based) it stands in on a page set in columns; 0: across the page


@dataclass(frozen=True)
class PrintedPage:
    number: int
    width: float
    height: float
    lines: tuple[PrintedLine, ...]  # every line, top to bottom, headers and footers included

    @property
    def body(self) -> tuple[PrintedLine, ...]:
        """The counted lines: the text block's, top to bottom."""
        return tuple(line for line in self.lines if line.role.counted)


@dataclass(frozen=True)
class Printed:
    """A printed draft: its pages of lines, and what made it."""

    pages: tuple[PrintedPage, ...]
    made_by: str = ""
    producer: str = ""
    source: str = ""

    @property
    def lines(self) -> tuple[PrintedLine, ...]:
        return tuple(line for page in self.pages for line in page.body)


@dataclass(frozen=True, slots=True)
class TextBox:
    """The text block of a page, in points from the page's top-left corner (known from the .docx)."""

    top: float
    bottom: float
    left: float
    right: float
    # the text columns (left, right) from the page's left edge, when the .docx sets a section in columns:
    # a page whose lines stand side by side in them is read column by column
    columns: tuple[tuple[float, float], ...] = ()

    @staticmethod
    def of(page: PageSetup, columns: Columns | None = None) -> TextBox:
        return TextBox(
            top=page.margin_top_pt,
            bottom=page.page_height_pt - page.margin_bottom_pt,
            left=page.margin_left_pt,
            right=page.page_width_pt - page.margin_right_pt,
            columns=columns.spans if columns is not None and columns.count > 1 else (),
        )


_SPACE_GAP_EM = 0.3  # a gap wider than this, with no space drawn, reads as a space
_CELL_GAP_EM = 1.6  # a gap wider than this cuts a line into cells (a table row)
_INVISIBLE = frozenset(" \t\u00a0\u3000\u200b\u200c\u200d\u2060\ufeff\u00ad")


def group_lines(page: PdfPage) -> list[PrintedLine]:
    """The glyphs of ``page`` grouped into lines, top to bottom.

    Glyphs on one baseline are one group (PDFs draw a line's glyphs on the same
    baseline to a hundredth of a point); groups whose vertical bands (0.8 em
    above the baseline to 0.2 em below) overlap by at least half of the smaller
    one's are one line: a superscript note number joins its line; the next line
    of a paragraph, a line pitch lower, never does.
    """
    buckets: dict[int, list[Glyph]] = {}
    for g in page.glyphs:
        if g.size > 0:
            key = int(g.y * 10 + 0.5)  # tenths of a point
            bucket = buckets.get(key)
            if bucket is None:
                buckets[key] = [g]
            else:
                bucket.append(g)
    rows: list[list[Glyph]] = []
    bands: list[tuple[float, float]] = []
    baselines: list[tuple[float, int]] = []  # the most glyphs' baseline of each row, and how many
    for key in sorted(buckets):
        group = buckets[key]
        y = key / 10
        big = max(g.size for g in group)
        if group[0].top:  # the font's own ascent and descent
            top, bottom = min(g.top for g in group), y
        else:  # a baseline: 0.8 em above it, 0.2 below
            top, bottom = y - 0.8 * big, y + 0.2 * big
        placed = False
        for k in range(len(rows) - 1, max(-1, len(rows) - 4), -1):  # a line opened just above
            ltop, lbottom = bands[k]
            overlap = min(bottom, lbottom) - max(top, ltop)
            if overlap >= 0.5 * min(bottom - top, lbottom - ltop):
                rows[k].extend(group)
                bands[k] = (min(ltop, top), max(lbottom, bottom))
                if len(group) > baselines[k][1]:
                    baselines[k] = (y, len(group))
                placed = True
                break
        if not placed:
            rows.append(list(group))
            bands.append((top, bottom))
            baselines.append((y, len(group)))
    lines = [_line(page.number, row, band, base[0]) for row, band, base in zip(rows, bands, baselines, strict=True)]
    return [line for line in lines if line.text.strip()]


def _column_of(x: float, spans: tuple[tuple[float, float], ...]) -> int:
    """The column (0-based) whose span is nearest to ``x``: the gaps are cut at their middles."""
    for i in range(len(spans) - 1):
        if x < (spans[i][1] + spans[i + 1][0]) / 2:
            return i
    return len(spans) - 1


def _pieces(line: PrintedLine, spans: tuple[tuple[float, float], ...]) -> list[tuple[int, list[Glyph]]] | None:
    """``line``'s glyphs cut at the column gaps, (column, glyphs) left to right; None when the line runs
    across a gap (a glyph drawn in it, or text on both sides closer than half the gap: a line of a section
    set across the page)."""
    out: list[tuple[int, list[Glyph]]] = []
    last: Glyph | None = None
    for g in line.glyphs:
        if g.char in _INVISIBLE:
            if out:
                out[-1][1].append(g)
            continue
        centre = (g.x0 + g.x1) / 2
        col = _column_of(centre, spans)
        if out and col != out[-1][0]:
            left, right = spans[out[-1][0]][1], spans[col][0]
            if last is not None and g.x0 - last.x1 < (right - left) / 2:
                return None
        for i in range(len(spans) - 1):
            if spans[i][1] + 1.0 < centre < spans[i + 1][0] - 1.0:
                return None
        if out and out[-1][0] == col:
            out[-1][1].append(g)
        else:
            out.append((col, [g]))
        last = g
    return out


def split_columns(
    lines: list[PrintedLine], spans: tuple[tuple[float, float], ...], box: TextBox | None = None
) -> list[PrintedLine]:
    """A page's lines in reading order when its text stands in columns (``spans``, from the .docx).

    Lines that run across a column gap (a section set across the page, above or below the columns) stay as
    they are; between two of them, the glyphs of the other lines are taken column by column and grouped into
    lines within their column (so a taller line in one column never joins two lines of another), read column 1
    top to bottom, then column 2 … A page where fewer than two lines stand side by side is left as it is.
    """
    if len(spans) < 2 or not lines:
        return lines
    cut: list[list[tuple[int, list[Glyph]]] | None] = []
    side_by_side = 0
    for line in lines:
        inside = box is None or box.top - 1.0 <= (line.top + line.bottom) / 2 <= box.bottom + 1.0
        pieces = _pieces(line, spans) if inside else None
        cut.append(pieces)
        if pieces is not None and len(pieces) > 1:
            side_by_side += 1
    if side_by_side < 2:
        return lines
    out: list[PrintedLine] = []
    band: dict[int, list[Glyph]] = {}
    page = lines[0].page

    def flush() -> None:
        for col in sorted(band):
            grouped = group_lines(PdfPage(page, 0.0, 0.0, tuple(band[col])))
            out.extend(replace(line, column=col + 1) for line in grouped)
        band.clear()

    for line, pieces in zip(lines, cut, strict=True):
        if pieces is None:
            flush()
            out.append(line)
            continue
        for col, glyphs in pieces:
            band.setdefault(col, []).extend(glyphs)
    flush()
    return out


def _latin(ch: str) -> bool:
    return ch.isascii() or unicodedata.east_asian_width(ch) in ("Na", "H", "N")


def _line(page: int, row: list[Glyph], band: tuple[float, float], baseline: float) -> PrintedLine:
    row.sort(key=lambda g: (g.x0, g.x1))
    visible = [g for g in row if g.char not in _INVISIBLE] or row
    sizes: dict[float, int] = {}
    for g in visible:
        sizes[g.size] = sizes.get(g.size, 0) + 1
    most = max(sizes.values())
    size = round(next(k for k, v in sizes.items() if v == most), 1)
    text: list[str] = []
    cells: list[list[str]] = [[]]
    prev: Glyph | None = None
    for g in row:
        if prev is not None:
            gap = g.x0 - prev.x1
            if gap > _SPACE_GAP_EM:  # cheap test first: most glyphs touch
                em = max(min(prev.size, g.size), 1.0)
                if gap > _CELL_GAP_EM * em:
                    cells.append([])
                    text.append(" ")
                elif (
                    gap > _SPACE_GAP_EM * em
                    and g.char not in _INVISIBLE
                    and prev.char not in _INVISIBLE
                    and _latin(prev.char)
                    and _latin(g.char)
                ):  # a word space PDFs leave out between Latin words; CJK text spread on a grid gets none
                    text.append(" ")
                    cells[-1].append(" ")
        text.append(g.char)
        cells[-1].append(g.char)
        prev = g
    cell_texts = tuple(t for t in ("".join(c).strip() for c in cells) if t)
    return PrintedLine(
        page=page,
        glyphs=tuple(row),
        text="".join(text).strip(),
        top=band[0],
        bottom=band[1],
        baseline=baseline,
        left=visible[0].x0 if visible is not row else row[0].x0,
        right=max(g.x1 for g in visible),
        size=size,
        cells=cell_texts or ("",),
    )


# --------------------------------------------------------------------------
# headers, footers, page numbers

_DASHES = "-—–－―─‐‑﹣"
_PAGE_NUMBER = re.compile(
    rf"^(?:[{_DASHES}~·\s]*\d{{1,4}}[{_DASHES}~·\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
    r"|[·•]?\s*[ivxlcdm]{1,6}\s*[·•]?)$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")


def is_page_number(text: str) -> bool:
    """Whether a line is a page number as offices print them: — 3 —, - 3 -, 第3页, 第3页 共9页, 3/9, Page 3."""
    t = text.strip()
    return bool(t) and len(t) <= 24 and bool(_PAGE_NUMBER.match(t))


def _roles_by_box(page: list[PrintedLine], box: TextBox) -> list[PrintedLine]:
    """Lines whose middle lies outside the text block are headers or footers."""
    out = []
    for line in page:
        mid = (line.top + line.bottom) / 2
        role = LineRole.BODY
        if mid < box.top - 1.0:
            role = LineRole.HEADER
        elif mid > box.bottom + 1.0:
            role = LineRole.FOOTER
        if role is not LineRole.BODY and is_page_number(line.text):
            role = LineRole.PAGE_NUMBER
        out.append(_with_role(line, role))
    return out


def _with_role(line: PrintedLine, role: LineRole) -> PrintedLine:
    if line.role is role:
        return line
    return PrintedLine(
        line.page, line.glyphs, line.text, line.top, line.bottom, line.baseline,
        line.left, line.right, line.size, line.cells, role, line.column,
    )  # fmt: skip


def _roles_by_repetition(pages: list[list[PrintedLine]], heights: list[float]) -> list[list[PrintedLine]]:
    """Without the .docx's geometry: page numbers and running headers/footers found by where they are and
    by repetition.

    A line is a page number when it reads as one and is the first or last line of its page, in the outer
    fifth of the page. A running header or footer is a first or last line whose text, with its digits
    masked, stands at the same height on at least half the pages (and on two or more).
    """
    n = len(pages)
    seen: Counter[tuple[str, str, int]] = Counter()
    for lines in pages:
        for edge, line in (("top", lines[0]), ("bottom", lines[-1])) if lines else ():
            seen[(edge, _DIGITS.sub("#", line.text), round(line.baseline / 4))] += 1
    repeated = {k for k, c in seen.items() if n >= 2 and c >= 2 and c * 2 >= n}
    out = []
    for lines, height in zip(pages, heights, strict=True):
        marked = list(lines)
        for index, edge in ((0, "top"), (len(lines) - 1, "bottom")):
            if not lines or (edge == "bottom" and len(lines) == 1 and marked[0].role is not LineRole.BODY):
                continue
            line = lines[index]
            outer = line.bottom < height * 0.2 if edge == "top" else line.top > height * 0.8
            key = (edge, _DIGITS.sub("#", line.text), round(line.baseline / 4))
            role = LineRole.HEADER if edge == "top" else LineRole.FOOTER
            if outer and is_page_number(line.text):
                marked[index] = _with_role(line, LineRole.PAGE_NUMBER)
            elif key in repeated and outer:
                marked[index] = _with_role(line, role)
        out.append(marked)
    return out


def read_printed(pdf: PdfText, box: TextBox | Sequence[TextBox] | None = None) -> Printed:
    """The counted lines of every page of ``pdf``.

    ``box`` is the text block (one for every page, or one a page) when the
    .docx is known; without it, page numbers and running headers and footers
    are recognised by where they stand and by repeating from page to page.
    """
    grouped = [group_lines(p) for p in pdf.pages]
    if box is None:
        marked = _roles_by_repetition(grouped, [p.height for p in pdf.pages])
    else:
        boxes = [box] * len(grouped) if isinstance(box, TextBox) else list(box)
        boxes += [boxes[-1]] * (len(grouped) - len(boxes)) if boxes else []
        grouped = [split_columns(lines, b.columns, b) if b.columns else lines for lines, b in zip(grouped, boxes, strict=False)]
        marked = [_roles_by_box(lines, b) for lines, b in zip(grouped, boxes, strict=False)]
    pages = tuple(
        PrintedPage(p.number, p.width, p.height, tuple(lines)) for p, lines in zip(pdf.pages, marked, strict=True)
    )
    return Printed(pages=pages, made_by=pdf.made_by, producer=pdf.producer, source=pdf.source)


