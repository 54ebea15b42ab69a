"""The layout engine: a draft laid out on the GB/T 9704 grid, page by page.

Two steps, both pure:

1. :func:`break_paragraph` wraps one paragraph (or one table cell) into lines
   with the Chinese line-breaking rules (避头尾, hanging punctuation, ——/……
   kept whole, unbreakable ASCII words, autospace between 汉字 and digits);
2. :func:`layout` stacks the lines of every block onto pages of
   ``PageSetup.lines_per_page`` grid rows (spacing, page breaks, keep with
   next, widow/orphan control) and numbers the visible lines of each page.

Every rule is a switch of :class:`LayoutSettings`; docs/layout.md explains
each one with an example and says which were measured and which assumed.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate

from caina.core.layout_settings import DEFAULT_SETTINGS, LayoutSettings
from caina.core.metrics import (
    ALT_KINSOKU_END,
    ALT_KINSOKU_START,
    CLOSING_BRACKETS,
    HANGING_PUNCTUATION,
    KINSOKU_END,
    KINSOKU_START,
    OPENING_BRACKETS,
    PAIRED,
    advance_table,
    classify,
    weak_latin_advance,
)
from caina.core.model import CELL_SEP, Block, BlockKind, BlockStyle, Draft, PageSetup
from caina.core.pages import LINE_CELL_SEP, Layout, Line, Page, Segment

__all__ = [
    "LayoutSettings",
    "DEFAULT_SETTINGS",
    "layout",
    "break_paragraph",
    "measure",
    "line_rows",
]

# A line fits when it is at most one twip (1/20 pt) wider than the space:
# Word and LibreOffice measure in twips, and a page set up in millimetres
# (156 mm = 442.205 pt) is stored as whole twips (8845 = 442.25 pt).
_EPS = 0.05



_AUTOSPACE = re.compile(r"H(?=L)|L(?=H)")  # the character after the match gets the gap
_WEAK = re.compile(r"Q")
_NEWLINE = re.compile(r"N")
# script of each class: C(JK), L(atin) or W(eak: takes its neighbour's script)
_SCRIPT = str.maketrans("HPLASZNQ", "CCLLWWWC")
_SCRIPT_RUN = re.compile(r"C+|L+")
_WEAK_RUN = re.compile(r"W+")
_AFTER_STRONG = re.compile(r"([CL])W+")
_WEAK_PUNCT = re.compile("[—…]")
_NO_FORCED_BREAK = frozenset("\n\u2028\u2029")  # the characters classed N
# glue_brackets: closing brackets and quotes stick to a letter or digit after
# them, a letter or digit to an opening bracket or quote after it; ，、。 stick
# to a letter or digit after them where no mark hangs (LibreOffice breaks there
# only through its hanging-punctuation rule: not in table cells, not after
# Latin text: "16.7%，2019" and "（AB），2019" stay whole, "（二），" breaks)
_GLUE_CLOSE = CLOSING_BRACKETS | {"”", "’"}
_GLUE_OPEN = OPENING_BRACKETS | {"“", "‘"}
_CLOSE_PUNCT = frozenset("，、。")


# --------------------------------------------------------------------------
# widths


@dataclass(frozen=True, slots=True)
class _Widths:
    """Prefix sums of advances, and what a line's ends add or take away."""

    prefix: list[float]  # prefix[i] = advance of text[:i], gaps and run ends included
    gaps: dict[int, float]  # autospace before character i (not counted at a line start)
    run_ends: set[int]  # last characters of script runs (already given back their spacing)
    end_back: float  # given back at a line end that is not a run end

    def width(self, start: int, end: int) -> float:
        """Width of ``text[start:end]`` set as one line."""
        if end <= start:
            return 0.0
        w = self.prefix[end] - self.prefix[start] - self.gaps.get(start, 0.0)
        return w if end - 1 in self.run_ends else w + self.end_back


def _widths(text: str, cls: str, size: float, spacing: float, settings: LayoutSettings) -> _Widths:
    """Advances of ``text`` at ``size`` with character ``spacing``.

    Every character advances by its width plus ``spacing``; the autospace gap
    is added to the character after it; the last character of a script run
    (and of a line) gets its spacing back unless ``spacing_at_run_end``.
    """
    adv = list(map(advance_table(size, spacing).__getitem__, text))
    half_weak = _resolve_weak(text, cls, adv, size, spacing, settings.weak_quotes_fullwidth) if "Q" in cls else []
    gaps: dict[int, float] = {}
    if settings.autospace and settings.autospace_em and "L" in cls and "H" in cls:
        g = settings.autospace_em * size
        for m in _AUTOSPACE.finditer(cls):
            j = m.end()
            adv[j] += g
            gaps[j] = g
    run_ends: set[int] = set()
    back = 0.0
    if spacing and not settings.spacing_at_run_end:
        back = -spacing
        script = _scripts(text, cls, half_weak)
        if "C" in script and "L" in script:
            ends = [m.end() - 1 for m in _SCRIPT_RUN.finditer(script)]
            ends.pop()  # the last run ends the text: a line end gives its spacing back
            for j in ends:
                adv[j] += back
            run_ends.update(ends)
    return _Widths(list(accumulate(adv, initial=0.0)), gaps, run_ends, back)


def _scripts(text: str, cls: str, half_weak: list[int]) -> str:
    """One letter a character: C (drawn with the CJK font) or L (Latin font).

    Measured in LibreOffice: “ ” in a CJK context are C, in a Latin one L;
    "—", "…", spaces and zero-width characters are weak: they take the
    script of the character before them ("平台——稳" is one CJK run,
    "2018—2022" one Latin run).
    """
    script = cls.translate(_SCRIPT)
    weak_punct = "—" in text or "…" in text
    if not half_weak and not weak_punct and "W" not in script:
        return script
    if half_weak or weak_punct:
        chars = list(script)
        for j in half_weak:
            chars[j] = "L"
        if weak_punct:
            for m in _WEAK_PUNCT.finditer(text):
                chars[m.start()] = "W"
        script = "".join(chars)
    script = _AFTER_STRONG.sub(_fill_weak, script)
    if script[0] == "W":  # a weak run opening the text takes the script after it
        m = _WEAK_RUN.match(script)
        assert m is not None
        b = m.end()
        script = (script[b] if b < len(script) else "C") * b + script[b:]
    return script


def _fill_weak(m: re.Match[str]) -> str:
    return m.group(1) * (m.end() - m.start())


def _resolve_weak(
    text: str, cls: str, adv: list[float], size: float, spacing: float, fullwidth: bool
) -> list[int]:
    """Give “ ” ‘ ’ their width: full (CJK font) or Latin by context.

    A weak character is in a CJK context when the nearest strong character on
    either side is CJK (H or P); in a Latin context when the strong neighbours
    are Latin (L or A). With no strong neighbour at all it counts as CJK.
    Returns the positions set half width.
    """
    n = len(cls)
    half = []
    for m in _WEAK.finditer(cls):
        j = m.start()
        if fullwidth:
            before = after = ""
            k = j - 1
            while k >= 0 and cls[k] in "QSZN":
                k -= 1
            if k >= 0:
                before = cls[k]
            k = j + 1
            while k < n and cls[k] in "QSZN":
                k += 1
            if k < n:
                after = cls[k]
            if before in ("H", "P") or after in ("H", "P") or not (before or after):
                continue  # already full width
        adv[j] = weak_latin_advance(text[j], size, spacing)
        half.append(j)
    return half


def measure(
    text: str,
    *,
    font_size_pt: float = 16.0,
    char_spacing_pt: float = -0.25,
    settings: LayoutSettings | None = None,
) -> float:
    """Width in points of ``text`` set as one line (spacing and autospace included)."""
    settings = settings or DEFAULT_SETTINGS
    return _widths(text, classify(text), font_size_pt, char_spacing_pt, settings).width(0, len(text))


# --------------------------------------------------------------------------
# line breaking


def break_paragraph(
    text: str,
    *,
    width_pt: float,
    first_indent_pt: float = 0.0,
    font_size_pt: float = 16.0,
    char_spacing_pt: float = -0.25,
    settings: LayoutSettings | None = None,
) -> list[tuple[int, int]]:
    """Wrap ``text`` into lines; return their half-open ``(start, end)`` ranges.

    ``width_pt`` is the width available to continuation lines (text width minus
    left and right indents); the first line has ``width_pt - first_indent_pt``.
    The ranges cover ``text`` exactly, in order. A hanging punctuation mark
    belongs to the line it hangs on; spaces at a line end stay on that line;
    a line feed ends its line (and belongs to it).
    """
    n = len(text)
    if n == 0:
        return []
    settings = settings or DEFAULT_SETTINGS
    # short text (a table cell, a heading): no character is wider than 1 em
    # plus an autospace gap and the spacing given back, so it surely fits
    if n * (font_size_pt * (1.0 + settings.autospace_em) + abs(char_spacing_pt)) <= width_pt - first_indent_pt and (
        _NO_FORCED_BREAK.isdisjoint(text)
    ):
        return [(0, n)]
    cls = classify(text)
    widths = _widths(text, cls, font_size_pt, char_spacing_pt, settings)
    prefix = widths.prefix
    gaps = widths.gaps
    run_ends = widths.run_ends
    end_back = widths.end_back

    kinsoku = settings.kinsoku
    start_forbidden = ALT_KINSOKU_START if settings.alt_kinsoku else KINSOKU_START
    if settings.ellipsis_may_start_line:
        start_forbidden = start_forbidden - {"…"}
    end_forbidden = ALT_KINSOKU_END if settings.alt_kinsoku else KINSOKU_END
    keep_words = settings.keep_ascii_words
    keep_pairs = settings.keep_dash_ellipsis
    hanging = settings.hanging_punctuation
    hang_after_latin = settings.hang_after_latin
    glue_brackets = settings.glue_brackets

    def after_latin(i: int) -> bool:
        """Whether the punctuation at ``i`` follows Latin text: the nearest character
        before it that is not punctuation, a quote or a space is a letter, digit or symbol."""
        k = i - 1
        while k >= 0 and cls[k] in "PQSZ":
            k -= 1
        return k >= 0 and cls[k] in "LA"

    def can_break(i: int) -> bool:
        """Whether a line may end between ``text[i-1]`` and ``text[i]``."""
        cb = cls[i]
        if cb in "SZN":  # spaces, marks and line feeds stay with what precedes
            return False
        ca = cls[i - 1]
        if keep_words and ca in "LA" and cb in "LA":
            return False
        a = text[i - 1]
        b = text[i]
        if keep_pairs and a == b and a in PAIRED:
            return False
        if glue_brackets and (
            (cb == "L" and (a in _GLUE_CLOSE or (a in _CLOSE_PUNCT and (not hanging or after_latin(i - 1)))))
            or (ca == "L" and b in _GLUE_OPEN)
        ):
            return False
        if kinsoku and (b in start_forbidden or a in end_forbidden):
            return False
        return True

    hard_ends = [m.end() for m in _NEWLINE.finditer(cls)] if "N" in cls else []
    hard_ends.append(n)
    lines: list[tuple[int, int]] = []
    s = 0
    avail = width_pt - first_indent_pt
    for hard in hard_ends:
        while s < hard:
            limit = prefix[s] + gaps.get(s, 0.0) + avail + _EPS
            f = bisect_right(prefix, limit - min(end_back, 0.0), s, hard + 1) - 1
            while f > s and prefix[f] + (0.0 if f - 1 in run_ends else end_back) > limit:
                f -= 1  # text[s:f] fits, with the spacing given back at its end
            if f >= hard:
                e = hard
            elif f <= s:
                e = s + 1  # not even one character fits: set it anyway
            else:
                e = 0
                if cls[f] == "S":  # spaces at the end of a line hang
                    g = f + 1
                    while g < hard and cls[g] == "S":
                        g += 1
                    if g >= hard or can_break(g):
                        e = g
                if (
                    not e
                    and hanging
                    and text[f] in HANGING_PUNCTUATION
                    and (f + 1 >= hard or can_break(f + 1))
                    and (hang_after_latin or not after_latin(f))
                ):
                    e = f + 1
                if not e:
                    for b in range(f, s, -1):
                        if can_break(b):
                            e = b
                            break
                    else:
                        e = f  # one unbreakable run longer than the line
            while e < hard and cls[e] == "S":
                e += 1  # spaces never start a line: they hang at the end of this one
            lines.append((s, e))
            s = e
            avail = width_pt
    return lines


# --------------------------------------------------------------------------
# blocks → lines


def line_rows(style: BlockStyle, page: PageSetup, settings: LayoutSettings | None = None) -> int:
    """Grid rows one line of a block with ``style`` takes."""
    if style.rows_per_line > 0:
        return style.rows_per_line
    factor = (settings or DEFAULT_SETTINGS).line_height_factor
    return max(1, math.ceil(style.font_size_pt * factor / page.line_pitch_pt - 1e-9))


@dataclass(frozen=True, slots=True)
class _Measured:
    """A block ready to paginate: its visible lines, or the rows it leaves blank."""

    lines: tuple[tuple[tuple[Segment, ...], str], ...] = ()
    rows: int = 1  # rows per line, or rows of a blank block
    blank: bool = False
    splittable: bool = True  # widow/orphan control applies (paragraphs, not table rows)
    table: bool = False  # a table row


def _measure_block(block: Block, page: PageSetup, settings: LayoutSettings) -> _Measured:
    style = block.style
    kind = block.kind
    if kind is BlockKind.BLANK:
        return _Measured(rows=style.rows_per_line or 1, blank=True)
    rows = line_rows(style, page, settings)
    text = block.text
    pitch = page.char_pitch_pt
    width = page.text_width_pt - (style.left_indent_chars + style.right_indent_chars) * pitch
    first = style.first_line_indent_chars * pitch
    size = style.font_size_pt
    spacing = page.char_spacing_pt
    if kind is BlockKind.TABLE_ROW:
        if not settings.hang_in_table_cells and settings.hanging_punctuation:
            settings = _no_hanging(settings)
        lines = _table_lines(block, width, first, size, spacing, settings)
        return _Measured(lines, rows, splittable=False, table=True)
    if not text.strip():
        return _Measured(rows=rows, blank=True)  # an empty paragraph: rows, no line
    ranges = break_paragraph(
        text, width_pt=width, first_indent_pt=first, font_size_pt=size, char_spacing_pt=spacing, settings=settings
    )
    return _Measured(tuple(((Segment(s, e),), text[s:e]) for s, e in ranges), rows)


@lru_cache(maxsize=32)
def _no_hanging(settings: LayoutSettings) -> LayoutSettings:
    return replace(settings, hanging_punctuation=False)


@lru_cache(maxsize=32)
def _on_char_grid(settings: LayoutSettings) -> LayoutSettings:
    """Word's character grid: every character on the pitch, nothing given back at run ends."""
    return replace(settings, spacing_at_run_end=True)


def _table_lines(
    block: Block, width: float, first: float, size: float, spacing: float, settings: LayoutSettings
) -> tuple[tuple[tuple[Segment, ...], str], ...]:
    """Visual lines of a table row: cell i's k-th fragment goes on line k."""
    text = block.text
    cells = text.split(CELL_SEP)
    weights = block.col_widths
    if len(weights) != len(cells) or min(weights) < 0 or sum(weights) <= 0:
        weights = (1.0,) * len(cells)
    total = sum(weights)
    pad = 2 * settings.table_cell_padding_pt
    columns: list[list[tuple[int, int]]] = []
    offset = 0
    for cell, weight in zip(cells, weights, strict=True):
        ranges = break_paragraph(
            cell,
            width_pt=width * weight / total - pad,
            first_indent_pt=first,
            font_size_pt=size,
            char_spacing_pt=spacing,
            settings=settings,
        )
        columns.append([(offset + s, offset + e) for s, e in ranges])
        offset += len(cell) + len(CELL_SEP)
    count = max(map(len, columns))
    if count == 0:  # an empty row still shows as a (bordered) line
        return (((), ""),)
    out = []
    for i in range(count):
        segs = tuple(Segment(*col[i]) for col in columns if i < len(col))
        out.append((segs, LINE_CELL_SEP.join(text[s.start : s.end] for s in segs)))
    return tuple(out)


# --------------------------------------------------------------------------
# pagination


class _Paginator:
    """Stacks lines onto pages of ``rows`` grid rows and numbers them."""

    def __init__(self, rows: int, table_loss: int = 0) -> None:
        self.rows_per_page = rows
        self.capacity = rows  # rows usable on the current page (one less once a table is on it)
        self.table_loss = table_loss
        self.pages: list[Page] = []
        self.row = 0  # rows used on the current page
        self.buffer: list[tuple[str, int, tuple[Segment, ...], str, int, int]] = []
        self.page_part: str | None = None
        self.first_page: dict[str, int] = {}  # part id → printed number of its first page

    def new_page(self) -> None:
        """Close the current page (a no-op on a page nothing was placed on)."""
        self.capacity = self.rows_per_page
        if self.page_part is None:
            self.row = 0
            return
        number = len(self.pages) + 1
        first = self.first_page
        count = len(self.buffer)
        lines = tuple(
            Line(number, pid, number - first[pid] + 1, i + 1, count - i, bi, segs, text, row, rows)
            for i, (pid, bi, segs, text, row, rows) in enumerate(self.buffer)
        )
        part = self.page_part
        self.pages.append(Page(number, part, number - first[part] + 1, lines, min(self.row, self.rows_per_page)))
        self.buffer = []
        self.row = 0
        self.page_part = None

    def _claim(self, part_id: str) -> None:
        if self.page_part is None:
            self.page_part = part_id
        if part_id not in self.first_page:
            self.first_page[part_id] = len(self.pages) + 1

    def keep_together(self, need_here: int, need_top: int) -> None:
        """Break the page now unless ``need_here`` rows fit below the cursor."""
        if self.row > 0 and self.row + need_here > self.rows_per_page and need_top <= self.rows_per_page:
            self.new_page()

    def _room(self, block: _Measured) -> int:
        """Rows usable on the current page once ``block`` is set on it."""
        if block.table and self.table_loss:
            self.capacity = min(self.capacity, self.rows_per_page - self.table_loss)
        return self.capacity

    def place(self, part_id: str, block_index: int, block: _Measured, style: BlockStyle, widow_orphan: int) -> None:
        if style.page_break_before or self.row >= self._room(block):
            self.new_page()
        R = self._room(block)
        before = style.space_before_rows
        if before > 0 and self.row > 0:  # space before is dropped at a page top
            self.row += before
            if self.row >= R:
                self.new_page()
                R = self._room(block)
        k = block.rows
        if block.blank:
            if self.row + k > R and self.row > 0:
                self.new_page()
            self._claim(part_id)
            self.row += k
        else:
            lines = block.lines
            n = len(lines)
            i = 0
            w = widow_orphan if block.splittable else 0
            while i < n:
                R = self._room(block)
                fit = (R - self.row) // k
                rest = n - i
                if fit >= rest:
                    take = rest
                elif fit <= 0 and self.row > 0:
                    self.new_page()
                    continue
                else:
                    take = fit
                    if w > 0:
                        if rest - take < w:  # widow: carry at least w lines over
                            take = rest - w
                        if i == 0 and take < w:  # orphan: leave at least w lines here
                            take = 0
                    if take <= 0:
                        if self.row > 0:
                            self.new_page()
                            continue
                        # at a page top nothing better exists: fill the page
                        # (a line taller than a page still goes somewhere)
                        take = max(fit, 1)
                self._claim(part_id)
                buf = self.buffer
                row = self.row
                for segs, text in lines[i : i + take]:
                    buf.append((part_id, block_index, segs, text, row + 1, k))
                    row += k
                self.row = row
                i += take
                if i < n:
                    self.new_page()
        self.row = min(self.capacity, self.row + style.space_after_rows)

    def finish(self) -> tuple[Page, ...]:
        self.new_page()
        return tuple(self.pages)


def _opening_rows(block: Block, m: _Measured, widow_orphan: int) -> int:
    """Rows of the least part of ``block`` that may open a page bottom (for keep-with-next)."""
    if m.blank:
        return m.rows
    n = len(m.lines)
    take = min(n, max(1, widow_orphan)) if m.splittable else 1
    if m.splittable and 0 < n - take < widow_orphan:
        take = n
    return block.style.space_before_rows + take * m.rows


def _block_rows(block: Block, m: _Measured) -> int:
    own = m.rows if m.blank else len(m.lines) * m.rows
    return block.style.space_before_rows + own + block.style.space_after_rows


def layout(draft: Draft, settings: LayoutSettings | None = None) -> Layout:
    """Lay out every part of ``draft`` on the page grid of ``draft.page`` (or the part's own ``Part.page``).

    Parts follow each other in order; with ``attachments_start_new_page`` each
    part after the first begins on a new page. Printed page numbers run on
    across parts; ``part_page`` restarts at 1 in each part.
    """
    settings = settings or DEFAULT_SETTINGS
    page = draft.page
    pager = _Paginator(page.lines_per_page, 1 if settings.table_costs_a_row else 0)
    w = max(0, settings.widow_orphan)
    for index, part in enumerate(draft.parts):
        if index > 0 and settings.attachments_start_new_page:
            pager.new_page()
        # an attachment may have its own section geometry (Part.page); it applies from its first page
        page = part.page or draft.page
        if index == 0 or settings.attachments_start_new_page:
            pager.rows_per_page = pager.capacity = page.lines_per_page
        blocks = part.blocks
        on_page = _on_char_grid(settings) if page.char_grid else settings
        measured = [_measure_block(b, page, on_page) for b in blocks]
        kept_until = -1
        for bi, block in enumerate(blocks):
            style = block.style
            if style.keep_with_next and bi > kept_until:
                # a chain of keep-with-next blocks and the opening of the block after it
                j = bi
                while j < len(blocks) and blocks[j].style.keep_with_next:
                    j += 1
                kept_until = j - 1
                body = sum(_block_rows(blocks[x], measured[x]) for x in range(bi, j))
                if j < len(blocks) and not blocks[j].style.page_break_before:
                    body += _opening_rows(blocks[j], measured[j], w)
                if style.page_break_before:
                    pager.new_page()
                pager.keep_together(body, body - style.space_before_rows)
            pager.place(part.id, bi, measured[bi], style, w)
    return Layout(draft=draft, pages=pager.finish(), settings=settings)
