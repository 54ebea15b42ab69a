"""Section geometry: page size, margins and the type grid of each ``w:sectPr``.

- page: ``w:pgSz`` (twips); margins ``w:pgMar`` (a negative top/bottom means
  "fixed", its absolute value counts; the gutter is added to the left margin);
- line pitch, with a line grid (``w:docGrid`` type ``lines``/``linesAndChars``/
  ``snapToChars``): ``linePitch`` times the body's line spacing multiple
  (``w:line``/240 with ``lineRule="auto"``); *exact* spacing is ignored and
  *at least* rounds up to whole grid rows — as LibreOffice 7.4 sets them
  (measured: exact 28 pt and 35 pt both gave the 28.95 pt grid pitch, 1.15
  gave 33.3 pt, 1.5 gave 43.4 pt). Without a grid: the exact or at-least
  value. Lines per page = ⌊text height / pitch⌋;
- characters per line = ⌊text width / (body size + spacing)⌋ where spacing is
  ``charSpace / 4096`` pt for a ``linesAndChars``/``snapToChars`` grid (Word's
  character pitch), else the run spacing of the body style (``w:spacing`` in
  ``docDefaults``/Normal, e.g. −0.25 pt). On a character grid every
  character sits on the pitch (``PageSetup.char_grid``): the layout gives no
  spacing back at run and line ends, so the standard template sets 28 字 a line;
- text columns (``w:cols``): ``w:num`` equal columns ``w:space`` apart
  (720 twips when it says none), or each ``w:col``'s own width and space
  with ``w:equalWidth`` off; given to every block of the section
  (``BlockStyle.columns``, in points from the page's left edge);
- with no grid and no exact line spacing the GB/T 9704 22 lines are assumed
  (and noted): the natural line height of a font is not in the file;
- nonsense geometry is not laid out as it stands (each case noted): a text
  block narrower or lower than 1 inch (margins wider than the page) takes
  the GB/T 9704 A4 page; more than :data:`MAX_LINES` lines a page or
  :data:`MAX_CHARS` characters a line are clamped; a character spacing
  that leaves less than a quarter of a character, or adds more than four,
  is ignored. The numbers themselves come through
  :mod:`caina.io.ooxml.attrs` (Word's ranges).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from caina.core.model import Columns, PageSetup
from caina.io.docx.xml import Element, attr, child, w
from caina.io.ooxml import attrs

_TWIP = 1 / 20
_GRID_TYPES = ("lines", "linesAndChars", "snapToChars")
_CHAR_GRID = ("linesAndChars", "snapToChars")
MIN_TEXT_PT = 72.0  # a text block narrower or lower than an inch is no page to lay a draft out on
MAX_LINES = 120
MAX_CHARS = 200


@dataclass(frozen=True, slots=True)
class Section:
    start: str  # how the section begins: nextPage, continuous, oddPage, evenPage, nextColumn
    page: PageSetup
    columns: int = 1
    text_columns: Columns | None = None  # the columns' geometry when there are more than one
    assumed_grid: bool = False  # lines per page fell back to 22
    grid_pitch_pt: float | None = None  # docGrid linePitch when a line grid is on
    pitch_pt: float | None = None  # the body's line pitch lines per page came from
    notes: tuple[str, ...] = ()  # geometry that could not be used as written


@dataclass(frozen=True, slots=True)
class BodyText:
    """What the Normal style says about body text."""

    size_pt: float = 16.0
    spacing_pt: float = 0.0
    line_rule: str = "auto"
    line_value: float | None = None  # twips (exact/atLeast) or 240ths (auto)


def _twips(el: Element | None, name: str, default_pt: float) -> float:
    v = attrs.length(el, name)
    return v * _TWIP if v is not None else default_pt


_DEFAULT_COL_SPACE = 720  # twips: Word's 0.5 inch between columns when w:cols says no w:space


def text_columns(cols: Element | None, left_pt: float, text_width_pt: float, index: int = 0) -> Columns | None:
    """The columns a ``w:cols`` sets (None for one column): ``w:num`` equal columns ``w:space`` apart
    (ECMA-376 17.6.4: (text width − (num − 1) · space) / num), or, with ``w:equalWidth`` off, each ``w:col``'s
    own ``w:w`` and the ``w:space`` after it. Columns that do not fit the text block are scaled to it."""
    if cols is None:
        return None
    num = attrs.whole(cols, "num", 1) or 1
    explicit = cols.findall(w("col"))
    equal = _equal_width(cols)
    sep = attr(cols, "sep")
    separator = sep is not None and sep.lower() not in ("0", "false", "off")
    if not equal and len(explicit) > 1:
        widths = [(attrs.length(c, "w", 0.0) or 0.0) * _TWIP for c in explicit]
        spaces = [(attrs.length(c, "space", 0.0) or 0.0) * _TWIP for c in explicit[:-1]]
        total = sum(widths) + sum(spaces)
        if min(widths) <= 0 or total <= 0:
            return None
        if total > text_width_pt + 1.0:  # wider than the text block: Word fits them to it
            scale = text_width_pt / total
            widths = [x * scale for x in widths]
            spaces = [x * scale for x in spaces]
        starts, x = [], left_pt
        for width, space in zip(widths, [*spaces, 0.0], strict=True):
            starts.append(x)
            x += width + space
        return Columns(tuple(starts), tuple(widths), separator=separator, section=index)
    if num <= 1:
        return None
    space = (attrs.length(cols, "space", _DEFAULT_COL_SPACE) or 0.0) * _TWIP
    if text_width_pt - (num - 1) * space < num * 18.0:  # under 18 pt a column: no columns to lay out
        return None
    return Columns.equal(num, space, left_pt, text_width_pt, separator=separator, section=index)


def _equal_width(cols: Element) -> bool:
    """``w:equalWidth`` (on unless it says 0/false/off)."""
    value = attr(cols, "equalWidth")
    return value is None or value.lower() not in ("0", "false", "off")


def section(sect_pr: Element | None, body: BodyText, *, gutter_at_top: bool = False, index: int = 0) -> Section:
    base = PageSetup()
    pg_sz, pg_mar, grid = child(sect_pr, "pgSz"), child(sect_pr, "pgMar"), child(sect_pr, "docGrid")
    width = _twips(pg_sz, "w", base.page_width_pt)
    height = _twips(pg_sz, "h", base.page_height_pt)
    top = abs(_twips(pg_mar, "top", base.margin_top_pt))
    bottom = abs(_twips(pg_mar, "bottom", base.margin_bottom_pt))
    left = _twips(pg_mar, "left", base.margin_left_pt)
    right = _twips(pg_mar, "right", base.margin_right_pt)
    gutter = _twips(pg_mar, "gutter", 0.0)
    if gutter_at_top:
        top += gutter
    else:
        left += gutter
    text_w, text_h = width - left - right, height - top - bottom
    notes: list[str] = []
    if text_w < MIN_TEXT_PT or text_h < MIN_TEXT_PT:
        notes.append(
            f"页面设置无效（w:pgSz/w:pgMar：页面 {width:.0f}×{height:.0f} 磅，页边距上{top:.0f}、下{bottom:.0f}、"
            f"左{left:.0f}、右{right:.0f} 磅，正文区只有 {text_w:.0f}×{text_h:.0f} 磅）：已按 GB/T 9704 的 A4 页面"
            "（210×297 毫米，页边距 37/35/28/26 毫米）排版"
        )
        width, height = base.page_width_pt, base.page_height_pt
        top, bottom, left, right = base.margin_top_pt, base.margin_bottom_pt, base.margin_left_pt, base.margin_right_pt
        text_w, text_h = width - left - right, height - top - bottom

    grid_type = attr(grid, "type") or "default"
    grid_pitch = attrs.read(grid, "linePitch") if grid_type in _GRID_TYPES else None
    grid_pt = grid_pitch * _TWIP if grid_pitch and grid_pitch > 0 else None
    rule, value = body.line_rule, body.line_value
    pitch: float | None = None
    if grid_pt:
        pitch = grid_pt
        if rule == "auto" and value:
            pitch = grid_pt * value / 240  # 1.15 / 1.5 / double spacing multiply the grid pitch
        elif rule == "atLeast" and value:
            pitch = grid_pt * max(1, math.ceil(value * _TWIP / grid_pt - 1e-6))
    elif rule in ("exact", "atLeast") and value:
        pitch = value * _TWIP
    assumed = pitch is None or pitch <= 0 or text_h <= 0
    lines = base.lines_per_page if assumed else max(1, math.floor(text_h / pitch + 1e-3))  # type: ignore[operator]
    if lines > MAX_LINES:
        notes.append(f"行距（w:docGrid/w:spacing）只有 {pitch:.2f} 磅，每页将排 {lines} 行：已按每页 {MAX_LINES} 行排版")
        lines = MAX_LINES
        pitch = text_h / lines

    spacing = body.spacing_pt
    char_space = attrs.read(grid, "charSpace")
    if char_space is not None and char_space >= 2**31:
        # LibreOffice writes a negative charSpace as an unsigned 32-bit number (−1230 as 4294966066),
        # e.g. in every .doc/.wps it converts: read it as the signed number it is
        char_space -= 2**32
    char_grid = grid_type in _CHAR_GRID and char_space is not None
    if char_grid and char_space is not None:
        spacing = char_space / 4096
    if not -0.75 * body.size_pt <= spacing <= 4 * body.size_pt:
        notes.append(f"字距（w:docGrid charSpace 或正文的 w:spacing）为 {spacing:.1f} 磅，不合常理：已按 0 磅排版")
        spacing = 0.0
    chars = max(1, math.floor(text_w / max(body.size_pt + spacing, 1.0) + 1e-3))
    if chars > MAX_CHARS:
        notes.append(f"每行将排 {chars} 字：已按每行 {MAX_CHARS} 字排版")
        chars = MAX_CHARS
    cols = child(sect_pr, "cols")
    geometry = text_columns(cols, left, text_w, index)
    n_cols = geometry.count if geometry is not None else 1
    start = attr(child(sect_pr, "type"), "val") or "nextPage"
    page = PageSetup(
        page_width_pt=width,
        page_height_pt=height,
        margin_top_pt=top,
        margin_bottom_pt=bottom,
        margin_left_pt=left,
        margin_right_pt=right,
        lines_per_page=lines,
        chars_per_line=chars,
        body_size_pt=body.size_pt,
        char_spacing_pt=spacing,
        char_grid=char_grid,
        line_grid=grid_pt is not None,
        grid_pitch_pt=grid_pt or 0.0,
    )
    return Section(start=start, page=page, columns=n_cols, text_columns=geometry, assumed_grid=assumed, grid_pitch_pt=grid_pt,
                   pitch_pt=None if assumed else pitch, notes=tuple(notes))


__all__ = ["Section", "BodyText", "section"]
