"""Pagination: a part's measured blocks stacked onto pages (and text columns) of grid rows, lines numbered.

:class:`Paginator` is the second step of :func:`caina.core.layout.layout`: it takes each block's
:class:`Measured` lines and places them — spacing, page and column breaks, keep with next, keep lines
together, widow/orphan control, the columns of a section set in columns (column after column, balanced
before a continuous section) — and numbers the visible lines of every page in reading order. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import partial

from caina.core.model import BlockStyle, Columns
from caina.core.pages import Line, Page, Segment

__all__ = ["Measured", "Paginator", "make_line", "make_segment"]

# --------------------------------------------------------------------------
# the result's objects, made fast
#
# A layout makes a Line for every line and a Segment for every fragment of one
# (over a thousand of each for 50 pages). A frozen dataclass's ``__init__``
# sets each field by name through ``object.__setattr__`` (past the class's own
# ``__setattr__``, which refuses); the slots' descriptors set them directly,
# in half the time (a tenth of a layout). The objects are the same, field for
# field. Should Line or Segment ever need more than their slots filled (other
# fields, a ``__post_init__``), the guard falls back to their own constructors.

_LINE_FIELDS = (
    "page",
    "part_id",
    "part_page",
    "number",
    "from_bottom",
    "block_index",
    "segments",
    "text",
    "row",
    "rows",
    "column",
)
_SEGMENT_FIELDS = ("start", "end")


def _only_slots(cls: type, names: tuple[str, ...]) -> bool:
    """Whether making a ``cls`` is only filling the slots ``names``, in that order."""
    return (
        tuple(f.name for f in fields(cls)) == names
        and getattr(cls, "__slots__", None) == names
        and not hasattr(cls, "__post_init__")
    )


if _only_slots(Line, _LINE_FIELDS) and _only_slots(Segment, _SEGMENT_FIELDS):
    _new = object.__new__
    _set_page, _set_part, _set_part_page, _set_number, _set_from_bottom = (
        getattr(Line, name).__set__ for name in _LINE_FIELDS[:5]
    )
    _set_block, _set_segments, _set_text, _set_row, _set_rows, _set_column = (
        getattr(Line, name).__set__ for name in _LINE_FIELDS[5:]
    )
    _set_start, _set_end = (getattr(Segment, name).__set__ for name in _SEGMENT_FIELDS)

    def make_line(
        page: int,
        part_id: str,
        part_page: int,
        number: int,
        from_bottom: int,
        block_index: int,
        segments: tuple[Segment, ...],
        text: str,
        row: int,
        rows: int,
        column: int = 0,
    ) -> Line:
        """``Line(page, part_id, …, row, rows, column)``, made faster."""
        line = _new(Line)
        _set_page(line, page)
        _set_part(line, part_id)
        _set_part_page(line, part_page)
        _set_number(line, number)
        _set_from_bottom(line, from_bottom)
        _set_block(line, block_index)
        _set_segments(line, segments)
        _set_text(line, text)
        _set_row(line, row)
        _set_rows(line, rows)
        _set_column(line, column)
        return line

    def make_segment(start: int, end: int) -> Segment:
        """``Segment(start, end)``, made faster."""
        segment = _new(Segment)
        _set_start(segment, start)
        _set_end(segment, end)
        return segment

else:  # pragma: no cover - only if pages.py changes the shape of Line or Segment
    make_line = Line
    make_segment = Segment


# --------------------------------------------------------------------------
# pagination


@dataclass(slots=True)
class Measured:
    """A block ready to paginate: its visible lines, or the rows it leaves blank."""

    lines: tuple[tuple[tuple[Segment, ...], str], ...] = ()
    rows: int = 1  # rows per line, or rows of a blank block
    blank: bool = False
    splittable: bool = True  # widow/orphan control applies (paragraphs, not table rows)
    table: bool = False  # a table row
    before: int = 0  # rows of space before and after (BlockStyle's, or Word's heights in fine units)
    after: int = 0
    tail: int = 0  # of a line's rows, what may run past the page (column) bottom at its last line


class Paginator:
    """Stacks lines onto pages of ``rows`` grid rows and numbers them.

    On a page set in columns (:class:`~caina.core.model.Columns`) the rows from ``col_top`` down are a
    column: when it is full the text goes on at ``col_top`` in the next column, after the last column on the
    next page. Lines are numbered in reading order: column 1 top to bottom, then column 2 …
    """

    def __init__(self, rows: int, table_loss: int = 0, collapse: bool = False, keep_top_space: bool = False) -> None:
        self.rows_per_page = rows
        self.collapse = collapse  # LayoutSettings.collapse_spacing
        self.keep_top_space = keep_top_space  # LayoutSettings.space_before_at_page_top
        self.last_after = 0  # the space after the last block placed (0 at a page top)
        self.capacity = rows  # rows usable on the current page (one less once a table is on it)
        self.table_loss = table_loss
        self.pages: list[Page] = []
        self.row = 0  # rows used on the current page (in the current column)
        self.buffer: list[tuple[str, int, tuple[Segment, ...], str, int, int, int]] = []
        self.page_part: str | None = None
        self.first_page: dict[str, int] = {}  # part id → printed number of its first page
        self.cols: Columns | None = None  # the columns of the section being set
        self.col = 0  # the column being filled (0-based)
        self.col_top = 0  # the row the columns start at on this page (below text set across the page)
        self.col_low = 0  # the lowest row a column reached on this page
        self.col_start = 0  # buffer index of the first line set in these columns on this page

    def new_page(self) -> None:
        """Close the current page (a no-op on a page nothing was placed on)."""
        self.capacity = self.rows_per_page
        self.col = self.col_top = self.col_low = self.col_start = 0
        if self.page_part is None:
            self.row = 0
            return
        number = len(self.pages) + 1
        first = self.first_page
        count = len(self.buffer)
        lines = tuple(
            make_line(number, pid, number - first[pid] + 1, i + 1, count - i, bi, segs, text, row, rows, col)
            for i, (pid, bi, segs, text, row, rows, col) in enumerate(self.buffer)
        )
        part = self.page_part
        self.pages.append(Page(number, part, number - first[part] + 1, lines, min(self.row, self.rows_per_page)))
        self.buffer = []
        self.row = 0
        self.last_after = 0
        self.page_part = None

    def advance(self) -> None:
        """The next column, or the next page after the last column (the next page without columns)."""
        cols = self.cols
        if cols is not None and self.col < cols.count - 1:
            self.col_low = max(self.col_low, self.row)
            self.col += 1
            self.row = self.col_top
            self.last_after = 0
        else:
            self.new_page()

    def column_width(self) -> float:
        """The width of the column being filled (0: no columns)."""
        return self.cols.widths[self.col] if self.cols is not None else 0.0

    def set_columns(self, cols: Columns | None, *, new_page: bool, balance: bool) -> None:
        """The section's columns from the next block on. A section that follows on the same page
        (continuous) starts below the lowest column of the one before, whose last page's columns are first
        balanced when ``balance`` (Word balances the columns before a continuous section break)."""
        if cols == self.cols:
            return
        if new_page:
            self.new_page()
        elif self.cols is not None and self.page_part is not None:
            if balance:
                self._balance()
            self.row = max(self.col_low, self.row)
            self.last_after = 0
        self.cols = cols
        self.col = 0
        self.col_top = self.col_low = self.row
        self.col_start = len(self.buffer)

    def _balance(self) -> None:
        """Spread the lines set in the current columns on this page evenly over the columns: the least
        column height that holds them, filled column by column (the space between blocks kept, dropped at a
        column top; widow/orphan control not applied)."""
        cols = self.cols
        lines = self.buffer[self.col_start :]
        if cols is None or not lines:
            return
        top = self.col_top
        items: list[tuple[int, int]] = []  # (space above the line, its rows)
        prev_end, prev_col = top, -1
        for entry in lines:
            row, rows, col = entry[4] - 1, entry[5], entry[6]
            items.append((row - prev_end if col == prev_col else 0, rows))
            prev_end, prev_col = row + rows, col

        def fill(height: int) -> list[tuple[int, int]] | None:
            out: list[tuple[int, int]] = []
            col, used = 0, 0
            for gap, rows in items:
                need = used + (gap if used else 0) + rows
                if need > height and used:
                    col, used = col + 1, 0
                    need = rows
                if col >= cols.count:
                    return None
                out.append((col, top + need - rows))
                used = need
            return out

        lo, hi = max(rows for _, rows in items), max(self.rows_per_page - top, 1)
        if fill(hi) is None:
            return
        while lo < hi:  # the least height that holds them (a taller column never holds less)
            mid = (lo + hi) // 2
            if fill(mid) is None:
                lo = mid + 1
            else:
                hi = mid
        placed = fill(lo)
        if placed is None:  # pragma: no cover - fill(hi) held them
            return
        for k, (col, row) in enumerate(placed):
            pid, bi, segs, text, _, rows, _ = lines[k]
            self.buffer[self.col_start + k] = (pid, bi, segs, text, row + 1, rows, col + 1)
        self.col = placed[-1][0]
        self.col_low = max(row + rows for (_, row), (_, rows) in zip(placed, items, strict=True))
        self.row = self.col_low

    def _claim(self, part_id: str) -> None:
        if self.page_part is None:
            self.page_part = part_id
        if part_id not in self.first_page:
            self.first_page[part_id] = len(self.pages) + 1

    def keep_together(self, need_here: int, need_top: int) -> None:
        """Break the page (the column) now unless ``need_here`` rows fit below the cursor."""
        if self.row > self.col_top and self.row + need_here > self.rows_per_page and need_top <= self.rows_per_page:
            self.advance()

    def _room(self, block: Measured) -> int:
        """Rows usable on the current page once ``block`` is set on it."""
        if block.table and self.table_loss:
            self.capacity = min(self.capacity, self.rows_per_page - self.table_loss)
        return self.capacity

    def _at_top(self) -> bool:
        """Whether the cursor is at the top of the page, or of a column set below nothing on its page."""
        return self.row == self.col_top and (self.col_top == 0 or self.col > 0)

    def place(
        self,
        part_id: str,
        block_index: int,
        block: Measured,
        style: BlockStyle,
        widow_orphan: int,
        measure: partial[Measured] | None = None,
    ) -> None:
        """Set a block's lines from the cursor on; ``measure`` measures it again across a column of another
        width (columns of unequal widths: a block is broken at the width of the column it starts in)."""
        if style.page_break_before:
            self.new_page()
        elif style.column_break_before or self.row >= self._room(block):
            self.advance()
        if measure is not None:
            block = measure(self.column_width())
        R = self._room(block)
        before = block.before
        if (
            self.collapse and not block.table
        ):  # the larger of the space after the block above and the space before this one
            before = max(0, before - self.last_after)
        if before > 0 and (not self._at_top() or (self.keep_top_space and not self.pages and self.col == 0)):
            # dropped at a page (column) top, except (keep_top_space) at the top of the document's first page
            self.row += before
            if self.row >= R:
                self.advance()
                R = self._room(block)
        k = block.rows
        if style.keep_lines and not block.blank and self.row > self.col_top:
            need = len(block.lines) * k
            if self.row + need > R and need <= self.rows_per_page:
                self.advance()  # w:keepLines: the whole paragraph in the next column or on the next page
                if measure is not None:
                    block = measure(self.column_width())
                R = self._room(block)
        if block.blank:
            if self.row + k > R and self.row > self.col_top:
                self.advance()
            self._claim(part_id)
            self.row += k
        else:
            lines = block.lines
            n = len(lines)
            i = 0
            w = widow_orphan if block.splittable else 0
            while i < n:
                R = self._room(block)
                fit = (R + block.tail - self.row) // k
                rest = n - i
                if fit >= rest:
                    take = rest
                elif fit <= 0 and self.row > self.col_top:
                    self.advance()
                    continue
                else:
                    take = fit
                    if w > 0:
                        if rest - take < w:  # widow: carry at least w lines over
                            take = rest - w
                        if i == 0 and take < w:  # orphan: leave at least w lines here
                            take = 0
                    if take <= 0:
                        if self.row > self.col_top:
                            self.advance()
                            continue
                        # at a page top nothing better exists: fill the page
                        # (a line taller than a page still goes somewhere)
                        take = max(fit, 1)
                self._claim(part_id)
                buf = self.buffer
                row = self.row
                col = self.col + 1 if self.cols is not None else 0
                for segs, text in lines[i : i + take]:
                    if text or block.table:  # a line that prints nothing (only a soft break) is not counted
                        buf.append((part_id, block_index, segs, text, row + 1, k, col))
                    row += k
                self.row = row
                i += take
                if i < n:
                    width = self.column_width()
                    self.advance()
                    if measure is not None and not block.table and self.column_width() != width:
                        # on into a column of another width: the rest of the paragraph broken anew at its width
                        start = lines[i][0][0].start
                        lines = lines[:i] + measure(self.column_width(), start).lines
                        n = len(lines)
        self.row = min(self.capacity, self.row + block.after)
        self.last_after = block.after

    def finish(self) -> tuple[Page, ...]:
        self.new_page()
        return tuple(self.pages)
