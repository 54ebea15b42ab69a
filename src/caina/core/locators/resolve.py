"""Resolving a page/line locator in a layout, and citing a span of text in house style (see
:mod:`caina.core.locators`)."""

from __future__ import annotations

from caina.core.locators.grammar import (
    _FIX_LINES,
    _FIX_PAGES,
    CountFrom,
    Locator,
    SpanStyle,
    choose_direction,
    house_locator,
    parse_locator,
    render_column,
    render_locator,
)
from caina.core.pages import Layout, Line, Page, Span
from caina.errors import LocatorRangeError

__all__ = ["resolve", "locate", "locate_text"]


# --- resolve and locate ------------------------------------------


def _part_id(layout: Layout, loc: Locator, where: str) -> str | None:
    if loc.part is None:
        return None
    try:
        return layout.draft.part(loc.part).id
    except KeyError:
        labels = [p.label for p in layout.draft.parts if not p.is_main]
        fix = f"草案的附件为：{'、'.join(labels)}，请核对附件编号" if labels else "草案没有附件，请删去附件标识"
        raise LocatorRangeError(f"草案中没有“{loc.part}”", locator=where, fix=fix) from None


def _page(layout: Layout, loc: Locator, part_id: str | None, number: int, where: str) -> Page:
    page = layout.page(number, part_id)
    if page is not None:
        return page
    if part_id is None:
        what = f"第{number}页超出范围：草案共{layout.page_count}页"
    else:
        what = f"{loc.part}第{number}页超出范围：{loc.part}共{len(layout.part_pages(part_id))}页"
    raise LocatorRangeError(what, locator=where, fix=_FIX_PAGES)


def _line_index(loc: Locator, page: Page, number: int, from_bottom: bool, where: str) -> int:
    if loc.column is not None:
        return _column_index(loc, page, number, from_bottom, where)
    for i, line in enumerate(page.lines):
        if (line.from_bottom if from_bottom else line.number) == number:
            return i
    prefix = loc.part or ""
    page_no = page.part_page if loc.part is not None else page.number
    what = f"{prefix}第{page_no}页{'倒数' if from_bottom else ''}第{number}行超出范围：该页共{len(page.lines)}行"
    raise LocatorRangeError(what, locator=where, fix=_FIX_LINES)


def _column_index(loc: Locator, page: Page, number: int, from_bottom: bool, where: str) -> int:
    """The index into ``page.lines`` of line ``number`` of column ``loc.column`` (counted within it)."""
    own = [i for i, line in enumerate(page.lines) if line.column == loc.column]
    prefix = loc.part or ""
    page_no = page.part_page if loc.part is not None else page.number
    column = render_column(loc)
    if not own:
        columns = sorted({line.column for line in page.lines if line.column})
        what = (
            f"{prefix}第{page_no}页没有分栏" if not columns
            else f"{prefix}第{page_no}页的{column}没有文字（该页有文字的是第{'、'.join(map(str, columns))}栏）"
        )
        fix = "请删去栏，按该页的行号引用（caina show 草案 --pages）" if not columns else _FIX_LINES
        raise LocatorRangeError(what, locator=where, fix=fix)
    k = len(own) - number if from_bottom else number - 1
    if 0 <= k < len(own):
        return own[k]
    what = f"{prefix}第{page_no}页{column}{'倒数' if from_bottom else ''}第{number}行超出范围：该栏共{len(own)}行"
    raise LocatorRangeError(what, locator=where, fix=_FIX_LINES)


def resolve(layout: Layout, loc: Locator | str) -> tuple[Line, ...]:
    """The lines ``loc`` designates, in reading order.

    Raises :class:`LocatorSyntaxError` for an unparsable string and
    :class:`LocatorRangeError` for an unknown attachment or a page or line
    past the end.
    """
    where = loc.strip() if isinstance(loc, str) else render_locator(loc)
    if isinstance(loc, str):
        loc = parse_locator(loc)
    part_id = _part_id(layout, loc, where)
    if loc.page is None:
        assert part_id is not None
        return tuple(line for line in layout.lines if line.part_id == part_id)
    last = loc.page_end if loc.page_end is not None else loc.page
    pages = [_page(layout, loc, part_id, n, where) for n in range(loc.page, last + 1)]
    if loc.line is None:
        return tuple(line for page in pages for line in page.lines)
    start = _line_index(loc, pages[0], loc.line, loc.from_bottom, where)
    if loc.line_end is None:
        return (pages[0].lines[start],)
    if not loc.spans_pages:
        end = _line_index(loc, pages[0], loc.line_end, loc.from_bottom, where)
        start, end = min(start, end), max(start, end)
        return pages[0].lines[start : end + 1]
    end = _line_index(loc, pages[-1], loc.line_end, bool(loc.end_from_bottom), where)
    lines = [line for page in pages for line in page.lines]
    return tuple(lines[start : len(lines) - len(pages[-1].lines) + end + 1])


def locate(
    layout: Layout,
    span: Span,
    *,
    count_from: CountFrom = "auto",
    span_style: SpanStyle = "start",
) -> Locator:
    """Cite ``span`` in house style.

    "start" cites the line the span begins on; "range" cites every line it is
    drawn on (one page: "P3倒数第四至五行"; across pages:
    "P3倒数第一行至P4顺数第一行"). A range on one page counts both ends in the
    direction chosen for its first line.
    """
    if span_style not in ("start", "range"):
        raise ValueError(f"unknown span_style: {span_style!r} (expected start or range)")
    try:
        part = layout.draft.part(span.part_id)
    except KeyError:
        raise LocatorRangeError(
            f"草案中没有编号为“{span.part_id}”的部分", fix="请确认草案已重新读取与排版"
        ) from None
    lines = layout.lines_of_span(span)
    if not lines:
        at = layout.line_of_offset(span.part_id, span.block_index, span.start)
        if at is None:
            raise LocatorRangeError(
                "无法定位：该处文字没有排入任何一行",
                locator=f"{part.label}第{span.block_index + 1}段",
                fix="请确认草案已重新排版（caina show 草案 --pages），空行中的文字无法按行引用",
            )
        lines = (at,)
    label = None if part.is_main else part.label
    first, last = lines[0], lines[-1]
    page = first.page if label is None else first.part_page
    if first.column and (span_style == "start" or (last.page == first.page and last.column == first.column)):
        # a line in a column: the column, and the line counted within it (a range that leaves its column is cited
        # by the page's lines in reading order, below)
        return _locate_in_column(layout, label, page, first, last, count_from, span_style)
    fb = choose_direction(first.number, first.from_bottom, first.number + first.from_bottom - 1, count_from)
    number = first.from_bottom if fb else first.number
    if span_style == "start" or first == last:
        return house_locator(label, page, number, fb)
    if last.page == first.page:
        return house_locator(label, page, number, fb, last.from_bottom if fb else last.number)
    end_fb = choose_direction(last.number, last.from_bottom, last.number + last.from_bottom - 1, count_from)
    page_end = last.page if label is None else last.part_page
    line_end = last.from_bottom if end_fb else last.number
    return house_locator(label, page, number, fb, line_end, page_end=page_end, end_from_bottom=end_fb)


def _locate_in_column(
    layout: Layout, label: str | None, page_no: int, first: Line, last: Line, count_from: CountFrom, span_style: str
) -> Locator:
    """Cite a span that starts in a text column: "P3左栏倒数第五行" (two columns), "P3第二栏顺数第一行"."""
    page = next(p for p in layout.pages if p.number == first.page)
    top, bottom = page.in_column(first)
    fb = choose_direction(top, bottom, top + bottom - 1, count_from)
    number = bottom if fb else top
    line_end = None
    if span_style == "range" and last is not first:
        line_end = page.in_column(last)[1 if fb else 0]
        number, line_end = min(number, line_end), max(number, line_end)
    block = layout.draft.part(first.part_id).blocks[first.block_index] if first.block_index >= 0 else None
    cols = block.style.columns if block is not None else None
    count = cols.count if cols is not None else max(line.column for line in page.lines)
    word = ("左栏" if first.column == 1 else "右栏") if count == 2 and first.column <= 2 else "栏"
    return Locator(
        part=label, page=page_no, line=number, line_end=line_end if line_end != number else None, from_bottom=fb,
        column=first.column, column_word=word,
    )


def locate_text(
    layout: Layout,
    span: Span,
    *,
    count_from: CountFrom = "auto",
    span_style: SpanStyle = "start",
) -> str:
    """:func:`locate` rendered: "P3倒数第五行"."""
    return render_locator(locate(layout, span, count_from=count_from, span_style=span_style))
