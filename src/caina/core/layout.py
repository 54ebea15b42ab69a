"""The layout engine: a draft laid out on the GB/T 9704 grid, page by page.

Two steps, both pure:

1. :func:`break_paragraph` (from :mod:`caina.core.linebreak`, which also says
   how it is made fast) wraps one paragraph (or one table cell) into lines
   with the Chinese line-breaking rules (避头尾, hanging punctuation, ——/……
   kept whole, unbreakable ASCII words, autospace between 汉字 and digits);
2. :func:`layout` stacks the lines of every block onto pages of
   ``PageSetup.lines_per_page`` grid rows (spacing, page breaks, keep with
   next, widow/orphan control) and numbers the visible lines of each page;
   a section set in columns (``BlockStyle.columns``) fills its columns one
   after the other, and its lines are numbered in that reading order.

Every rule is a switch of :class:`LayoutSettings`; docs/layout.md explains
each one with an example and says which were measured and which assumed.
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache, partial

from caina.core.fonts import font_key
from caina.core.layout_settings import DEFAULT_SETTINGS, LayoutSettings
from caina.core.linebreak import break_paragraph, grid_cell, measure, min_content_width, rules_for, wrap
from caina.core.model import CELL_SEP, Block, BlockKind, BlockStyle, Draft, PageSetup, Part, Typesetting
from caina.core.pages import LINE_CELL_SEP, Layout, Segment
from caina.core.paginate import Measured, Paginator, make_segment

__all__ = [
    "LayoutSettings",
    "DEFAULT_SETTINGS",
    "layout",
    "break_paragraph",
    "measure",
    "line_rows",
]

# --------------------------------------------------------------------------
# blocks → lines


def line_rows(style: BlockStyle, page: PageSetup, settings: LayoutSettings | None = None) -> int:
    """Grid rows one line of a block with ``style`` takes."""
    if style.rows_per_line > 0:
        return style.rows_per_line
    factor = (settings or DEFAULT_SETTINGS).line_height_factor
    return max(1, math.ceil(style.font_size_pt * factor / page.line_pitch_pt - 1e-9))


class _Measurer:
    """Measures the blocks of one part: the page geometry and the switches are read once."""

    def __init__(self, page: PageSetup, settings: LayoutSettings, fine: int = 0) -> None:
        self.page = page
        self.settings = settings
        # fine > 0: Word's heights, in 1/fine of a point (LayoutSettings.word_vertical); 0: grid rows
        self.fine = fine
        self.pitch = page.char_pitch_pt
        self.text_width = page.text_width_pt
        self.spacing = page.char_spacing_pt
        self.rules = rules_for(settings)
        # LibreOffice hangs no mark past the edge of a table cell
        cells_hang = settings.hang_in_table_cells or not settings.hanging_punctuation
        self.cell_rules = self.rules if cells_hang else rules_for(_no_hanging(settings))
        self.cell_padding = 2 * settings.table_cell_padding_pt
        self._rows: dict[tuple[int, float], int] = {}  # (rows_per_line, font size) → rows a line
        # Word's character grid: the pitch is the body size plus the grid's spacing
        self.grid_pitch = page.body_size_pt + page.char_spacing_pt if page.char_grid else 0.0
        self.word_indents = settings.word_indents
        self.latin_fonts = settings.latin_font_widths
        self.faux_bold_em = settings.faux_bold_em
        self.whole_width = settings.grid_whole_width and page.char_grid and self.grid_pitch > 0
        self.autofit = settings.table_autofit
        # quotes drawn in the Latin font (LayoutSettings.quotes_by_hint): the same rules with half-width quotes
        self.latin_quote_rules = replace(self.rules, weak_quotes_fullwidth=False) if settings.quotes_by_hint else None
        self._tables: dict[int, list[Block]] = {}  # table_id → its rows (autofit tables)
        self._fitted: dict[int, tuple[float, ...]] = {}  # table_id → column widths after autofit

    def tables(self, blocks: tuple[Block, ...] | list[Block]) -> _Measurer:
        """Note the part's autofit tables (Word widens their columns from all their rows)."""
        if self.autofit:
            for block in blocks:
                if block.kind is BlockKind.TABLE_ROW and block.autofit and block.col_widths:
                    self._tables.setdefault(block.table_id, []).append(block)
        return self

    def _autofit(self, block: Block, width: float, spacing: float) -> tuple[float, ...]:
        """The columns of ``block``'s table as Word's autofit sets them: a column narrower than its
        longest unbreakable word (plus the cell padding) widens to hold it; the columns with room to
        spare give it up in proportion to what they spare; the table keeps its width."""
        tid = block.table_id
        fitted = self._fitted.get(tid)
        if fitted is not None:
            return fitted
        weights = block.col_widths
        n = len(weights)
        total = sum(weights)
        pref = [width * w / total for w in weights]
        need = [0.0] * n
        for row in self._tables.get(tid, ()):
            cells = row.text.split(CELL_SEP)
            if len(cells) != n:  # merged cells: their widths span columns; leave the table as it is
                self._fitted[tid] = weights
                return weights
            st = row.style
            latin = font_key(st.latin_font, st.bold) if self.latin_fonts and st.latin_font else ""
            for i, cell in enumerate(cells):
                if cell:
                    w = min_content_width(cell, st.font_size_pt, spacing, self.cell_rules, latin)
                    need[i] = max(need[i], w + self.cell_padding)
        grow = sum(max(0.0, need[i] - pref[i]) for i in range(n))
        spare = [max(0.0, pref[i] - need[i]) for i in range(n)]
        room = sum(spare)
        if grow <= 1e-6 or room <= 1e-6:
            self._fitted[tid] = weights
            return weights
        take = min(grow, room)
        out = []
        for i in range(n):
            if need[i] > pref[i]:
                out.append(pref[i] + (need[i] - pref[i]) * take / grow)
            else:
                out.append(pref[i] - spare[i] * take / room)
        fitted = self._fitted[tid] = tuple(out)
        return fitted

    def __call__(self, block: Block, column_width: float = 0.0) -> Measured:
        """The block measured across the text block, or across a text column ``column_width`` wide (the
        block's first column when it says nothing: its section's columns)."""
        if not column_width and block.style.columns is not None:
            column_width = block.style.columns.widths[0]
        m = self._measure(block, column_width or self.text_width)
        style = block.style
        if not self.fine:
            m.before, m.after = style.space_before_rows, style.space_after_rows
        else:
            wv = style.word_vertical
            if wv:
                line, before, after = wv
                m.rows = max(1, round(line * self.fine))
                m.before, m.after = round(before * self.fine), round(after * self.fine)
                if self.settings.leading_past_bottom and style.word_leading_pt:
                    m.tail = min(m.rows - 1, round(style.word_leading_pt * self.fine))
            else:  # a paragraph on the grid in a part set at Word's heights: its rows in fine units
                unit = round((self.page.grid_pitch_pt or self.page.line_pitch_pt) * self.fine)
                m.rows *= unit
                m.before, m.after = style.space_before_rows * unit, style.space_after_rows * unit
        return m

    def _measure(self, block: Block, text_width: float) -> Measured:
        style = block.style
        kind = block.kind
        if kind is BlockKind.BLANK:
            if SOFT_BREAK in block.text:  # soft breaks alone: a line per break and one more, none printed
                return Measured(_lines_with_breaks(block.text, _break_ranges(block.text), False), style.rows_per_line or 1)
            return Measured(rows=style.rows_per_line or 1, blank=True)
        size = style.font_size_pt
        rows = self._rows.get((style.rows_per_line, size))
        if rows is None:
            rows = self._rows[style.rows_per_line, size] = line_rows(style, self.page, self.settings)
        text = block.text
        pitch = self.pitch
        if self.word_indents and style.word_indent_pt:
            first, left, right = style.word_indent_pt
            width = text_width - left - right
        else:
            width = text_width - (style.left_indent_chars + style.right_indent_chars) * pitch
            first = style.first_line_indent_chars * pitch
        if kind is BlockKind.TABLE_ROW:
            lines = self._table_lines(block, width, first, size)
            return Measured(lines, rows, splittable=False, table=True)
        if not text.strip():
            if SOFT_BREAK in text:
                return Measured(_lines_with_breaks(text, _break_ranges(text), bool(block.label)), rows)
            return Measured(rows=rows, blank=True)  # an empty paragraph: rows, no line
        if self.rules.whole_cells and self.grid_pitch:  # LibreOffice: text starts on a cell
            cell = grid_cell(self.grid_pitch)
            first = math.ceil(first / cell - 1e-6) * cell
        if self.whole_width:  # Word's w:adjustRightInd: a whole number of pitches
            g = self.grid_pitch
            width = math.floor(width / g + 1e-3) * g
        spacing = self.spacing
        if style.char_spacing_pt is not None:
            spacing = (self.spacing if self.grid_pitch else 0.0) + style.char_spacing_pt
        latin = font_key(style.latin_font, style.bold) if self.latin_fonts and style.latin_font else ""
        if style.char_scale != 1.0:  # w:w: every character scaled across (the size up and down stays)
            size = size * style.char_scale
        if style.faux_bold and self.faux_bold_em:  # emboldened by the program: a little wider
            size = size * (1.0 + self.faux_bold_em)
        rules = self.latin_quote_rules if self.latin_quote_rules is not None and style.latin_quotes else self.rules
        ranges = wrap(text, width, first, size, spacing, rules, self.grid_pitch, latin)
        if len(ranges) == 1 and text[-1] != SOFT_BREAK:
            return Measured((((make_segment(0, len(text)),), text),), rows)
        return Measured(_lines_with_breaks(text, ranges, bool(block.label)), rows)

    def _table_lines(
        self, block: Block, width: float, first: float, size: float
    ) -> tuple[tuple[tuple[Segment, ...], str], ...]:
        """Visual lines of a table row: cell i's k-th fragment goes on line k."""
        text = block.text
        cells = text.split(CELL_SEP)
        weights = block.col_widths
        if len(weights) != len(cells) or min(weights) < 0 or sum(weights) <= 0:
            weights = (1.0,) * len(cells)
        elif block.autofit and self.autofit:
            weights = self._autofit(block, width, self.spacing)
        total = sum(weights)
        pad = self.cell_padding
        spacing = self.spacing
        rules = self.cell_rules
        style = block.style
        latin = font_key(style.latin_font, style.bold) if self.latin_fonts and style.latin_font else ""
        columns: list[list[tuple[int, int]]] = []
        offset = 0
        for cell, weight in zip(cells, weights, strict=True):
            end = offset + len(cell)
            ranges = wrap(cell, width * weight / total - pad, first, size, spacing, rules, self.grid_pitch, latin)
            if len(ranges) == 1:  # most cells: one line
                columns.append([(offset, end)])
            else:
                columns.append([(offset + s, offset + e) for s, e in ranges])
            offset = end + len(CELL_SEP)
        count = max(map(len, columns))
        if count == 0:  # an empty row still shows as a (bordered) line
            return (((), ""),)
        if count == 1:  # every cell on one line: the line shows the cells that are not empty
            segs = tuple([make_segment(*col[0]) for col in columns if col])
            return ((segs, LINE_CELL_SEP.join([cell for cell in cells if cell])),)
        out = []
        for i in range(count):
            segs = tuple([make_segment(*col[i]) for col in columns if i < len(col)])
            out.append((segs, LINE_CELL_SEP.join([text[s.start : s.end] for s in segs])))
        return tuple(out)


#: a soft line break (w:br, w:cr) as the readers put it in a block's text: it ends the line it stands on
SOFT_BREAK = "\n"


def _lines_with_breaks(text: str, ranges: list[tuple[int, int]], labelled: bool) -> tuple[tuple[tuple[Segment, ...], str], ...]:
    """A paragraph's lines from its wrapped ranges, as Word and LibreOffice print soft line breaks (measured on
    ../shared/wordpairs/26 and on LibreOffice's PDFs, docs/layout.md "Soft line breaks"): every break ends a
    line, so a paragraph ending in one has one more, empty line (where its paragraph mark stands); a line
    holding nothing but a break (or spaces) takes its height but prints nothing — it gets the text "", which
    the paginator places without counting it, as an empty paragraph. The first line of a numbered paragraph
    shows its number (``labelled``), so it is never empty."""
    out: list[tuple[tuple[Segment, ...], str]] = []
    for k, (s, e) in enumerate(ranges):
        piece = text[s:e]
        if SOFT_BREAK in piece and not piece.strip() and not (k == 0 and labelled):
            piece = ""
        out.append(((make_segment(s, e),), piece))
    if text[-1] == SOFT_BREAK:
        n = len(text)
        out.append(((make_segment(n, n),), ""))
    return tuple(out)


def _break_ranges(text: str) -> list[tuple[int, int]]:
    """The lines of a text of soft breaks and spaces: each ends at a break (the last one's empty line is added
    by :func:`_lines_with_breaks`)."""
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == SOFT_BREAK:
            out.append((start, i + 1))
            start = i + 1
    if start < len(text):
        out.append((start, len(text)))
    return out


@lru_cache(maxsize=32)
def _no_hanging(settings: LayoutSettings) -> LayoutSettings:
    return replace(settings, hanging_punctuation=False)


@lru_cache(maxsize=64)
def effective_settings(settings: LayoutSettings, typesetting: Typesetting, char_grid: bool) -> LayoutSettings:
    """The switches as they apply to one part: "document" switches read from the .docx's settings;
    on Word's character grid every character sits on the pitch, nothing given back at run ends, and
    lone marks do not compress unless ``compress_lone_on_grid``."""
    changes: dict[str, object] = {}
    if settings.compress_punctuation == "document":
        changes["compress_punctuation"] = "on" if typesetting.compress_punctuation else "off"
    if settings.half_width_grid_spacing == "document":
        changes["half_width_grid_spacing"] = "on" if typesetting.balance_half_width else "off"
    if char_grid:
        changes["spacing_at_run_end"] = True
        if not settings.compress_lone_on_grid:
            changes["compress_lone_em"] = 0.0
    return replace(settings, **changes) if changes else settings  # type: ignore[arg-type]


def _measure_at(measurer: _Measurer, block: Block, width: float, start: int = 0) -> Measured:
    """``block`` measured across a column ``width`` wide; from offset ``start`` on (the rest of a paragraph that
    runs on into another column: no first-line indent, segments still offsets into the whole text)."""
    if not start:
        return measurer(block, width)
    style = block.style
    indents = (0.0, *style.word_indent_pt[1:]) if style.word_indent_pt else ()
    rest = replace(block, text=block.text[start:], label="", style=replace(
        style, first_line_indent_chars=0.0, word_indent_pt=indents))  # fmt: skip
    m = measurer(rest, width)
    m.lines = tuple(
        (tuple(make_segment(seg.start + start, seg.end + start) for seg in segs), text) for segs, text in m.lines
    )
    return m


def _opening_rows(block: Block, m: Measured, widow_orphan: int, before: int | None = None) -> int:
    """Rows of the least part of ``block`` that may open a page bottom (for keep-with-next); ``before``: its
    space before as it applies there (collapsed with the space after the block above)."""
    if m.blank:
        return m.rows
    n = len(m.lines)
    take = min(n, max(1, widow_orphan)) if m.splittable else 1
    if m.splittable and 0 < n - take < widow_orphan:
        take = n
    return (m.before if before is None else before) + take * m.rows - m.tail


def _block_rows(block: Block, m: Measured, before: int | None = None) -> int:
    own = m.rows if m.blank else len(m.lines) * m.rows
    return (m.before if before is None else before) + own + m.after


def _before(m: Measured, after_above: int, collapse: bool) -> int:
    """A block's space before as the page sets it: with ``collapse`` (LayoutSettings.collapse_spacing) only
    what exceeds the space after the block above."""
    return max(0, m.before - after_above) if collapse and not m.table else m.before


_FINE = 20  # fine units a point (twips) when lines stand at Word's heights


def _off_grid(part: Part, page: PageSetup) -> bool:
    """Whether a part's lines stand at Word's heights: its section has no line grid, or some of its
    paragraphs do not snap to it (exact spacing, w:snapToGrid off). Word then sets each paragraph on the
    grid at whole grid pitches after wherever the one before ended (measured on ../shared/wordpairs/01:
    after a title of exactly 35 pt + 28.7 pt the next row starts 63.7 pt down, not at the grid's third
    row), so the whole part is counted in twips."""
    if not page.line_grid:
        return True
    return any(b.style.word_vertical for b in part.blocks)


def _widow(style: BlockStyle, w: int, settings: LayoutSettings) -> int:
    """The widow/orphan lines for a block: the .docx's w:widowControl, else the profile's choice."""
    on = style.widow_control if style.widow_control is not None else settings.widow_control_unset
    return w if on else 0


def layout(draft: Draft, settings: LayoutSettings | None = None) -> Layout:
    """Lay out every part of ``draft`` on the page grid of ``draft.page`` (or the part's own ``Part.page``).

    Parts follow each other in order; with ``attachments_start_new_page`` each
    part after the first begins on a new page. Printed page numbers run on
    across parts; ``part_page`` restarts at 1 in each part.
    """
    settings = settings or DEFAULT_SETTINGS
    page = draft.page
    pager = Paginator(
        page.lines_per_page,
        1 if settings.table_costs_a_row else 0,
        settings.collapse_spacing,
        settings.space_before_at_page_top,
    )
    w = max(0, settings.widow_orphan)
    for index, part in enumerate(draft.parts):
        if index > 0 and settings.attachments_start_new_page:
            pager.new_page()
        # an attachment may have its own section geometry (Part.page); it applies from its first page
        page = part.page or draft.page
        if index == 0 or settings.attachments_start_new_page:
            pager.rows_per_page = pager.capacity = page.lines_per_page
        blocks = part.blocks
        on_page = effective_settings(settings, draft.typesetting, page.char_grid)
        fine = _FINE if settings.word_vertical and _off_grid(part, page) else 0
        if fine:  # Word's heights: the page holds what fits, in twentieths of a point
            pager.rows_per_page = pager.capacity = math.floor(page.text_height_pt * fine + 1e-6)
            pager.table_loss = 0
        elif index == 0 or settings.attachments_start_new_page:
            pager.table_loss = 1 if settings.table_costs_a_row else 0
        measurer = _Measurer(page, on_page, fine).tables(blocks)
        measured = list(map(measurer, blocks))
        kept_until = -1
        collapse = settings.collapse_spacing
        for bi, block in enumerate(blocks):
            style = block.style
            if style.columns != pager.cols:  # another section's columns (or none)
                pager.set_columns(style.columns, new_page=style.page_break_before, balance=True)
            if style.keep_with_next and bi > kept_until:
                # a chain of keep-with-next blocks and the opening of the block after it
                j = bi
                while j < len(blocks) and blocks[j].style.keep_with_next:
                    j += 1
                kept_until = j - 1
                above, body = pager.last_after, 0
                for x in range(bi, j):
                    body += _block_rows(blocks[x], measured[x], _before(measured[x], above, collapse))
                    above = measured[x].after
                if j < len(blocks) and not blocks[j].style.page_break_before:
                    widow = _widow(blocks[j].style, w, settings)
                    body += _opening_rows(blocks[j], measured[j], widow, _before(measured[j], above, collapse))
                if style.page_break_before:
                    pager.new_page()
                pager.keep_together(body, body - measured[bi].before)
            cols = style.columns
            again = None
            if cols is not None and min(cols.widths) != max(cols.widths):  # as wide as the column it starts in
                again = partial(_measure_at, measurer, block)
            pager.place(part.id, bi, measured[bi], style, _widow(style, w, settings), again)
    return Layout(draft=draft, pages=pager.finish(), settings=settings)
