"""Soft line breaks (w:br, w:cr — "\\n" in a block's text) as Word and LibreOffice print them.

Measured on ../shared/wordpairs/26 (Word) and on LibreOffice's PDFs of the same shapes (docs/layout.md, "Soft
line breaks"): every break ends a line; a paragraph ending in a break has one more, empty line; a paragraph of
breaks alone has one line per break and one more; a line holding nothing but a break takes its height but
prints nothing — it is not counted, as an empty paragraph is not."""

from __future__ import annotations

from dataclasses import replace

from caina.core.layout import layout
from caina.core.layout_settings import DEFAULT_SETTINGS, LayoutSettings
from caina.core.model import CELL_SEP, Block, BlockKind, BlockStyle, Draft, PageSetup, Part
from caina.core.pages import Layout
from caina.core.profiles import BUILTIN

WORD = BUILTIN["word"].settings
GBT = DEFAULT_SETTINGS


def _body(text: str, kind: BlockKind = BlockKind.BODY, **fields: object) -> Block:
    style = BlockStyle(font_size_pt=16.0, first_line_indent_chars=0.0)
    return Block(kind, text, style, **fields)  # type: ignore[arg-type]


def _laid(blocks: list[Block], settings: LayoutSettings = GBT, page: PageSetup | None = None) -> Layout:
    draft = Draft("试", (Part("main", "正文", tuple(blocks)),), page=page or PageSetup(), source="试.docx")
    return layout(draft, settings)


def _rows(lay: Layout) -> list[tuple[str, int]]:
    return [(line.text, line.row) for line in lay.lines]


def test_an_empty_line_between_two_breaks_takes_a_row_but_is_not_counted() -> None:
    for settings in (GBT, WORD):
        lay = _laid([_body("问题？\n\n回答。"), _body("下一段")], settings)
        assert [t for t, _ in _rows(lay)] == ["问题？\n", "回答。", "下一段"]
        (_, q), (_, a), (_, nxt) = _rows(lay)
        assert a - q == 2 * (nxt - a)  # the empty line's row stays
        assert [line.number for line in lay.lines] == [1, 2, 3]


def test_a_break_at_the_start_of_a_paragraph_leaves_an_empty_line_above_it() -> None:
    lay = _laid([_body("甲"), _body("\n乙"), _body("丙")])
    (_, a), (b_text, b), (_, c) = _rows(lay)
    assert b_text == "乙" and (b - a, c - b) == (2, 1)


def test_a_paragraph_ending_in_a_break_has_one_more_empty_line() -> None:
    for settings in (GBT, WORD):
        lay = _laid([_body("乙二\n"), _body("丙三")], settings)
        (_, b), (_, c) = _rows(lay)
        assert [line.text for line in lay.lines] == ["乙二\n", "丙三"]
        one = _rows(_laid([_body("乙二"), _body("丙三")], settings))
        assert c - b == 2 * (one[1][1] - one[0][1])


def test_a_paragraph_of_breaks_alone_has_a_line_per_break_and_one_more() -> None:
    blocks = [_body("丙三"), _body("\n\n", BlockKind.BLANK), _body("丁四")]
    (_, c), (_, d) = _rows(_laid(blocks))
    assert d - c == 4  # 丙三's row, and three empty ones (as LibreOffice: 115.8 pt on a 28.95 pt grid)


def test_the_empty_lines_fill_the_page() -> None:
    # 22 rows a page: eleven paragraphs that end in a break take them all, the twelfth goes to page 2
    lay = _laid([_body(f"第{i}段\n") for i in range(1, 13)])
    assert [line.page for line in lay.lines] == [1] * 11 + [2]
    before = _laid([_body(f"第{i}段") for i in range(1, 13)])
    assert {line.page for line in before.lines} == {1}


def test_a_numbered_paragraph_starting_with_a_break_shows_its_number_on_the_first_line() -> None:
    lay = _laid([_body("\n正文", label="1.")])
    assert [lay.printed_text(line) for line in lay.lines] == ["1.\n", "正文"]


def test_an_empty_table_row_is_still_a_line() -> None:
    row = Block(BlockKind.TABLE_ROW, CELL_SEP.join(["", ""]), BlockStyle(), col_widths=(1.0, 1.0))
    assert len(_laid([_body("表前"), row, _body("表后")]).lines) == 3


def test_breaks_in_the_grid_and_in_words_heights_place_the_same_lines() -> None:
    """The rule is the programs', not a profile's: LibreOffice (gbt9704) and Word agree on it."""
    text = "第一行\n\n第三行\n"
    page = replace(PageSetup(), line_grid=False)
    for settings in (GBT, WORD):
        assert [line.text for line in _laid([_body(text), _body("后")], settings, page).lines] == ["第一行\n", "第三行\n", "后"]


def test_a_paragraph_of_many_breaks_runs_on_to_the_next_page() -> None:
    # thirty breaks alone (a way to push text down): 31 empty rows, so "后" stands on page 2, row 31 − 22 + 1
    lay = _laid([_body("\n" * 30, BlockKind.BLANK), _body("后")])
    [line] = lay.lines
    assert (line.page, line.number, line.row) == (2, 1, 31 - 22 + 1)
