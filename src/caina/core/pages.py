"""What the layout engine produces: pages of counted lines, and queries on them.

A :class:`Line` is a line as a reader counts it on paper: a visible line of
text. Blank paragraphs take grid rows but are not lines. A 2号 title line that
occupies two grid rows is one line. A table row that wraps to three visual
lines is three lines; each line's text joins its cells' fragments with
:data:`LINE_CELL_SEP`. On a page set in columns the lines are numbered in
reading order — column 1 top to bottom, then column 2 … — and
``Line.column`` says which (docs/layout.md, "Columns").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from caina.core.model import Draft

if TYPE_CHECKING:  # no import at run time: layout_settings stays free to import this module
    from caina.core.layout_settings import LayoutSettings

LINE_CELL_SEP = " | "


@dataclass(frozen=True, slots=True)
class Segment:
    """A half-open range ``[start, end)`` of ``Block.text`` drawn on one line."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Span:
    """A range of text in a draft: ``[start, end)`` of one block of one part."""

    part_id: str
    block_index: int
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"empty span {self.start}>{self.end}")


@dataclass(frozen=True, slots=True)
class Line:
    page: int  # printed page number, 1-based, across the whole document
    part_id: str
    part_page: int  # page number within the part (附件3第2页)
    number: int  # 顺数第几行 on its page, 1-based
    from_bottom: int  # 倒数第几行 on its page, 1-based
    block_index: int
    segments: tuple[Segment, ...]
    text: str
    row: int  # first grid row (1-based) the line occupies (in its column: rows restart in each column)
    rows: int = 1  # grid rows it occupies
    # the text column it stands in (1-based) on a page set in columns (w:cols); 0 = across the text block
    column: int = 0

    def covers(self, block_index: int, offset: int) -> bool:
        """Whether the character at ``offset`` of block ``block_index`` is drawn on this line."""
        if block_index != self.block_index:
            return False
        return any(s.start <= offset < s.end for s in self.segments)

    def overlaps(self, span: Span) -> bool:
        if span.part_id != self.part_id or span.block_index != self.block_index:
            return False
        if span.start == span.end:  # an insertion point
            return any(s.start <= span.start <= s.end for s in self.segments)
        return any(s.start < span.end and span.start < s.end for s in self.segments)


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # printed page number
    part_id: str
    part_page: int
    lines: tuple[Line, ...]
    rows_used: int = 0

    def column_lines(self, column: int) -> tuple[Line, ...]:
        """The lines of text column ``column`` (1-based) of this page, top to bottom."""
        return tuple(line for line in self.lines if line.column == column)

    def in_column(self, line: Line) -> tuple[int, int]:
        """``line``'s numbers counted within its own text column: (顺数, 倒数) — how "P3左栏倒数第五行" counts."""
        own = self.column_lines(line.column)
        k = own.index(line)
        return k + 1, len(own) - k


@dataclass(frozen=True)
class Layout:
    """The laid-out draft: every page with its counted lines."""

    draft: Draft
    pages: tuple[Page, ...]
    settings: LayoutSettings | None = field(default=None, compare=False)  # what it was laid out with
    # the printed copy (a PDF) whose pages and lines these are; "" = caina's own layout
    printed: str = field(default="", compare=False)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def notes(self) -> tuple[str, ...]:
        """What to tell the user with these pages: the draft's notes (what the reader could not take over),
        and for caina's own layout what it does with the draft's grid (:mod:`caina.core.layout_notes`: no
        grid, rows that are not whole), worded for the profile it was laid out with. A printed copy's
        pages and lines are the PDF's own: nothing about caina's grid applies to them."""
        from caina.core.layout_notes import layout_notes  # it imports layout_settings (see above)

        if self.printed:
            return self.draft.notes
        return (*self.draft.notes, *layout_notes(self.draft.layout_facts, self.settings))

    @property
    def grid_label(self) -> str:
        """The page grid the lines were counted on ("每页22行×28字", or no line grid at Word's heights)."""
        from caina.core.layout_notes import grid_label

        return grid_label(self.draft.page, self.settings)

    @cached_property
    def lines(self) -> tuple[Line, ...]:
        return tuple(line for page in self.pages for line in page.lines)

    @cached_property
    def _by_block(self) -> dict[tuple[str, int], tuple[Line, ...]]:
        index: dict[tuple[str, int], list[Line]] = {}
        for line in self.lines:
            index.setdefault((line.part_id, line.block_index), []).append(line)
        return {k: tuple(v) for k, v in index.items()}

    def lines_of_block(self, part_id: str, block_index: int) -> tuple[Line, ...]:
        return self._by_block.get((part_id, block_index), ())

    def lines_of_span(self, span: Span) -> tuple[Line, ...]:
        """The lines a span is drawn on, in reading order (its start line first)."""
        return tuple(line for line in self.lines_of_block(span.part_id, span.block_index) if line.overlaps(span))

    def line_of_offset(self, part_id: str, block_index: int, offset: int) -> Line | None:
        lines = self.lines_of_block(part_id, block_index)
        for line in lines:
            if line.covers(block_index, offset):
                return line
        # an offset at a segment boundary that no segment covers (e.g. the end)
        for line in reversed(lines):
            if any(s.start <= offset <= s.end for s in line.segments):
                return line
        return None

    def printed_text(self, line: Line) -> str:
        """The line as printed: a block's automatic numbering (``Block.label``, "一、", "（一）")
        before its first line. ``Line.text`` holds only the block's own text, which quotes and
        offsets address; the label is drawn but cannot be quoted or edited."""
        segs = line.segments
        if len(segs) == 1 and segs[0].start == 0:
            block = self.draft.part(line.part_id).blocks[line.block_index]
            if block.label:
                return block.label + line.text
        return line.text

    def part_pages(self, part_id: str) -> tuple[Page, ...]:
        return tuple(p for p in self.pages if p.part_id == part_id)

    def page(self, number: int, part_id: str | None = None) -> Page | None:
        """Printed page ``number``; with ``part_id``, page ``number`` of that part."""
        if part_id is None:
            if 1 <= number <= len(self.pages):
                return self.pages[number - 1]
            return None
        pages = self.part_pages(part_id)
        if 1 <= number <= len(pages):
            return pages[number - 1]
        return None
