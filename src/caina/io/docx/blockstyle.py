"""From effective Word formatting to the layout's :class:`BlockStyle`.

- font size, East-Asian font (→ ``font_role``) and bold: those of the run
  formatting that covers most characters of the block (the paragraph mark's
  when the block has no text); the largest size sets the line height;
- alignment: ``w:jc`` (``both``/``distribute`` → justify; none → left);
- indents in 字 of the section's grid: ``*Chars`` attributes are hundredths
  of a 字, the others twips converted with the character pitch; a hanging
  indent is a negative first-line indent;
- a numbering label's width (measured like text, plus the tab to the next
  stop, a space, or nothing — ``w:suff``) is added to the first-line indent,
  so the layout leaves its room while ``Block.text`` stays the editable text;
- space before/after: ``beforeLines``/``afterLines`` are hundredths of a
  row; points are converted with the page's line pitch, the fractions
  carried from paragraph to paragraph so that many small spacings add up;
- rows per line: from the line spacing and the grid (see
  :func:`line_height`), 0 when it equals what the layout derives itself.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace

from caina.core.fonts import font_key, line_height_em
from caina.core.layout import DEFAULT_SETTINGS, line_rows, measure
from caina.core.model import Align, BlockStyle, PageSetup
from caina.io.docx.numbering import Label
from caina.io.docx.sections import Section
from caina.io.docx.styles import Props, RunProps
from caina.io.docx.text import Piece
from caina.io.docx.xml import attr, child

_TWIP = 1 / 20
_JUSTIFY = frozenset({"both", "distribute", "thaiDistribute", "justify", "lowKashida", "mediumKashida", "highKashida"})


def font_role(name: str) -> str:
    """The GB/T 9704 role of an East-Asian font name (unknown names: 宋体)."""
    low = name.lower()
    if "小标宋" in name or "xiaobiaosong" in low or "xbs" in low:
        return "xiaobiaosong"
    if "仿宋" in name or "fangsong" in low or "fzfs" in low:
        return "fangsong"
    if "楷" in name or "kai" in low:
        return "kaiti"
    if any(k in name for k in ("黑", "雅黑", "等线")) or any(k in low for k in ("hei", "dengxian")):
        return "heiti"
    return "songti"


# East-Asian fonts that come with a bold face of their own (any other is emboldened by the program)
_BOLD_FACES = ("雅黑", "yahei", "等线", "dengxian", "pingfang", "苹方", "source han", "思源", "noto sans cjk",
               "noto serif cjk", "hiragino", "冬青")  # fmt: skip


def has_bold_face(name: str) -> bool:
    """Whether the East-Asian font ``name`` has a real bold face (微软雅黑, 等线, 思源 …); 宋体, 仿宋, 楷体, 黑体
    and 方正 fonts have none."""
    low = name.lower()
    return any(k in low for k in _BOLD_FACES)


def align_of(jc: object) -> Align:
    if jc == "center":
        return Align.CENTER
    if jc in ("right", "end"):
        return Align.RIGHT
    if jc in _JUSTIFY:
        return Align.JUSTIFY
    return Align.LEFT


_QUOTES = "“”‘’"
# Chinese fonts whose “ ” ‘ ’ are narrow (proportional), as Latin fonts' are
_NARROW_QUOTES = ("dengxian", "等线", "yahei", "雅黑")
def _quotes_narrow_in(font: str) -> bool:
    """Whether Word draws “ ” in ``font`` narrow: a Latin font (Word's default, Times New Roman, when none is
    named) or a Chinese font with proportional quotes (等线, 微软雅黑)."""
    low = font.lower()
    return any(k in low for k in _NARROW_QUOTES) or font_key(font) != "cjk"


def latin_quotes(pieces: list[Piece]) -> bool:
    """Whether most of the “ ” ‘ ’ in ``pieces`` are drawn half width by Word: their run has no
    ``w:hint="eastAsia"`` (ECMA-376 17.3.2.26: these ambiguous characters then take the run's Latin font)
    and that font draws them narrow."""
    narrow = full = 0
    for p in pieces:
        q = sum(map(p.text.count, _QUOTES))
        if not q:
            continue
        parent = p.element.getparent()
        hint = attr(child(child(parent, "rPr"), "rFonts"), "hint") if parent is not None else None
        if hint != "eastAsia" and _quotes_narrow_in(p.run.latin_font):
            narrow += q
        else:
            full += q
    return narrow > full


def dominant(pieces: list[Piece], fallback: RunProps) -> tuple[RunProps, float]:
    """The run formatting covering most visible characters, and the largest size."""
    weights: Counter[RunProps] = Counter()
    for p in pieces:
        n = len(p.text.strip())
        if n:
            weights[p.run] += n
    if not weights:
        return fallback, fallback.size_pt
    best = max(weights, key=lambda r: weights[r])  # first-seen wins ties (Counter keeps order)
    return best, max(r.size_pt for r in weights)


def _indent(props: Props, group: str, names: tuple[str, ...], pitch: float) -> float | None:
    """An indent in 字: the ``*Chars`` attribute when set and non-zero, else twips."""
    for name in names:
        chars = props.get(f"{group}:{name}Chars")
        if isinstance(chars, float) and chars:
            return chars / 100
    for name in names:
        twips = props.get(f"{group}:{name}")
        if isinstance(twips, float):
            return twips * _TWIP / pitch
    return None


def indents(props: Props, page: PageSetup) -> tuple[float, float, float]:
    """(first-line, left, right) indents in 字; first-line negative when hanging."""
    pitch = page.char_pitch_pt
    hanging = _indent(props, "first", ("hanging",), pitch)
    first = -hanging if hanging else (_indent(props, "first", ("firstLine",), pitch) or 0.0)
    left = _indent(props, "left", ("left", "start"), pitch) or 0.0
    right = _indent(props, "right", ("right", "end"), pitch) or 0.0
    return first, left, right


def _word_indent(props: Props, group: str, names: tuple[str, ...], unit: float) -> float | None:
    """An indent in points as Word sets it: ``*Chars``/100 × ``unit`` rounded to whole twips when
    set and non-zero, else the twips (a ``*Chars`` of 0 leaves the twips in force)."""
    for name in names:
        chars = props.get(f"{group}:{name}Chars")
        if isinstance(chars, float) and chars:
            return round(chars / 100 * unit * 20) / 20
    for name in names:
        twips = props.get(f"{group}:{name}")
        if isinstance(twips, float):
            return twips * _TWIP
    return None


def word_indents(props: Props, page: PageSetup, size: float) -> tuple[float, float, float]:
    """(first-line, left, right) indents in points as Word computes them: a 字 is the grid's pitch on a
    character grid, the paragraph's own font size otherwise; first-line negative when hanging."""
    unit = page.body_size_pt + page.char_spacing_pt if page.char_grid else size
    hanging = _word_indent(props, "first", ("hanging",), unit)
    first = -hanging if hanging else (_word_indent(props, "first", ("firstLine",), unit) or 0.0)
    left = _word_indent(props, "left", ("left", "start"), unit) or 0.0
    right = _word_indent(props, "right", ("right", "end"), unit) or 0.0
    return first, left, right


def label_indent(
    label: Label, size: float, first: float, left: float, props: Props, page: PageSetup, default_tab_pt: float
) -> float:
    """The first-line indent (字) of the text after a numbering label."""
    pitch = page.char_pitch_pt
    lsize = size
    if label.level.rpr and isinstance(label.level.rpr.get("sz:"), float):
        lsize = float(label.level.rpr["sz:"]) / 2  # type: ignore[arg-type]
    suffix = label.level.suffix
    printed = label.text + (" " if suffix == "space" else "")
    width = measure(printed, font_size_pt=lsize, char_spacing_pt=page.char_spacing_pt) if printed else 0.0
    left_pt, first_pt = left * pitch, first * pitch
    end = left_pt + first_pt + width
    if suffix not in ("space", "nothing"):
        stops = [pos * _TWIP for pos, kind in props.get("tabs:", ()) if kind not in ("clear", "bar")]  # type: ignore[attr-defined]
        candidates = [s for s in stops if s > end + 1e-6]
        if first_pt < 0 and left_pt > end + 1e-6:  # a hanging indent is a tab stop for the label
            candidates.append(left_pt)
        if candidates:
            end = min(candidates)
        elif default_tab_pt > 0:
            end = (math.floor(end / default_tab_pt + 1e-6) + 1) * default_tab_pt
    return (end - left_pt) / pitch


def line_height(props: Props, size: float, image_pt: float, section: Section) -> float:
    """Height in points of one line, as LibreOffice sets it on the section's grid.

    With a line grid, a line takes whole grid rows (``ceil(natural / pitch)``)
    times the ``auto`` multiple; *exact* spacing is ignored, *at least* rounds
    up to whole rows. Without a grid: the exact value, at least the natural
    height, or the natural height times the multiple. The natural height of
    a line is ``size × line_height_factor`` (or a taller inline picture).
    """
    natural = max(size * DEFAULT_SETTINGS.line_height_factor, image_pt)
    rule = props.get("line:lineRule") or "auto"
    value = props.get("line:line")
    v = float(value) if isinstance(value, float) else None
    grid = section.grid_pitch_pt
    if grid:
        single = max(1, math.ceil(natural / grid - 1e-9)) * grid
        if rule == "auto" and v:
            return single * v / 240
        if rule == "atLeast" and v:
            return max(single, max(1, math.ceil(v * _TWIP / grid - 1e-6)) * grid)
        return single
    if rule == "exact" and v:
        return v * _TWIP
    if rule == "atLeast" and v:
        return max(natural, v * _TWIP)
    return natural * (v / 240 if v else 1.0)


@dataclass
class Spacing:
    """Carries fractional space-before/after rows from paragraph to paragraph."""

    carry: float = 0.0
    fractional: int = 0  # spaces not whole rows on paragraphs that snap to a line grid
    fractional_off_grid: int = 0  # … on the others (Word's heights keep them in points)

    def rows(self, props: Props, which: str, page: PageSetup, *, off_grid: bool = False) -> int:
        lines = props.get(f"{which}:{which}Lines")
        if isinstance(lines, float) and lines:
            exact = lines / 100
        else:
            pts = props.get(f"{which}:{which}")
            exact = float(pts) * _TWIP / page.line_pitch_pt if isinstance(pts, float) else 0.0
        if exact <= 0:
            return 0
        if abs(exact - round(exact)) > 0.05:
            if off_grid:
                self.fractional_off_grid += 1
            else:
                self.fractional += 1
        total = self.carry + exact
        rows = math.floor(total + 0.5)
        self.carry = total - rows
        return max(0, rows)


def word_vertical(
    props: Props, run: RunProps, size: float, section: Section, *, cjk: bool, image_pt: float = 0.0
) -> tuple[float, float, float] | tuple[()]:
    """(line height, space before, space after) in points as Word sets a paragraph that does not snap to a
    line grid; () when it snaps (a line grid and w:snapToGrid on, spacing not exact).

    The line height is the font's own (``caina.core.fonts.line_height_em``: the Latin font's, or the
    Chinese font's when the paragraph holds CJK text, whichever is taller) times the size, times the
    ``auto`` multiple; ``exact`` is the value; ``atLeast`` the larger of the value and the natural height.
    Space before/after: ``*Lines`` in hundredths of a line (the grid's pitch, else 12 pt), else twips."""
    rule = props.get("line:lineRule") or "auto"
    value = props.get("line:line")
    v = float(value) if isinstance(value, float) else None
    snaps = props.get("snapToGrid:") is not False
    if section.grid_pitch_pt and snaps and not (rule == "exact" and v):
        return ()
    key = font_key(run.latin_font, run.bold)
    em = line_height_em(key)
    if cjk:
        em = max(em, line_height_em("cjk"))
    natural = max(size * em, image_pt)
    if rule == "exact" and v:
        line = v * _TWIP
    elif rule == "atLeast" and v:
        line = max(natural, v * _TWIP)
    else:
        line = natural * (v / 240 if v else 1.0)
    unit = section.grid_pitch_pt or 12.0

    def space(which: str) -> float:
        lines = props.get(f"{which}:{which}Lines")
        if isinstance(lines, float) and lines:
            return lines / 100 * unit
        pts = props.get(f"{which}:{which}")
        return float(pts) * _TWIP if isinstance(pts, float) else 0.0

    return (round(line, 3), round(space("before"), 3), round(space("after"), 3))


def leading(props: Props, vertical: tuple[float, float, float] | tuple[()]) -> float:
    """What a multiple line spacing (``auto``, w:line > 240) adds to a line of ``vertical`` below its text,
    in points (0 for single, exact and at-least spacing, and for a paragraph on the grid)."""
    value = props.get("line:line")
    if not vertical or (props.get("line:lineRule") or "auto") != "auto" or not isinstance(value, float) or value <= 240:
        return 0.0
    line = vertical[0]
    return round(line - line * 240 / value, 3)


def _toggle(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def block_style(
    props: Props,
    run: RunProps,
    max_size: float,
    section: Section,
    *,
    page: PageSetup,
    space_before: int,
    space_after: int,
    page_break: bool,
    keep_next: bool,
    column_break: bool = False,
    first: float,
    left: float,
    right: float,
    image_pt: float = 0.0,
    blank: bool = False,
    word_indent_pt: tuple[float, float, float] | tuple[()] = (),
    body_spacing_pt: float = 0.0,
    vertical: tuple[float, float, float] | tuple[()] = (),
    quotes_latin: bool = False,
) -> tuple[BlockStyle, bool]:
    """The block's style, and whether its line height is a fraction of grid rows."""
    style = BlockStyle(
        font_size_pt=run.size_pt,
        font_role=font_role(run.east_asia_font),
        bold=run.bold,
        align=align_of(props.get("jc:")),
        first_line_indent_chars=round(first, 4),
        left_indent_chars=round(left, 4),
        right_indent_chars=round(right, 4),
        space_before_rows=space_before,
        space_after_rows=space_after,
        keep_with_next=keep_next,
        page_break_before=page_break,
        word_indent_pt=word_indent_pt,
        latin_font=run.latin_font,
        widow_control=_toggle(props.get("widowControl:")),
        keep_lines=props.get("keepLines:") is True,
        char_spacing_pt=run.spacing_pt if abs(run.spacing_pt - body_spacing_pt) > 1e-9 else None,
        word_vertical=vertical,
        word_leading_pt=leading(props, vertical),
        char_scale=run.scale if 0.01 <= run.scale <= 6.0 else 1.0,
        faux_bold=run.bold and not has_bold_face(run.east_asia_font),
        latin_quotes=quotes_latin,
        columns=section.text_columns,
        column_break_before=column_break,
    )
    height = line_height(props, max_size, image_pt, section)
    ratio = height / (section.pitch_pt or page.line_pitch_pt)
    rows = max(1, math.floor(ratio + 0.5 + 1e-9))
    fractional = abs(ratio - rows) > 0.1
    derived = line_rows(BlockStyle(font_size_pt=run.size_pt), page)
    if rows != derived or blank:  # the layout derives nothing for a BLANK block
        style = replace(style, rows_per_line=rows)
    return style, fractional


__all__ = ["font_role", "align_of", "dominant", "indents", "word_indents", "label_indent", "line_height", "Spacing", "block_style"]
