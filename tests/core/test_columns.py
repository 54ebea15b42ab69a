"""Sections set in columns (w:cols): column geometry, the flow from column to column, numbering in reading
order, column breaks, balancing before a continuous section, and reading a PDF page column by column.

Built from small models (docs/layout.md, "Columns"); ../shared/wordpairs/25 is measured in
tests/test_printed_cli.py.
"""

from __future__ import annotations

import pytest

from caina.core.layout import layout
from caina.core.layout_settings import DEFAULT_SETTINGS
from caina.core.model import Block, BlockKind, BlockStyle, Columns, Draft, PageSetup, Part
from caina.core.printed import Glyph, PdfPage, PdfText, TextBox, read_printed

# a small page: 10 rows of 20 汉字 (16 pt, no spacing)
PAGE = PageSetup(
    page_width_pt=400.0, page_height_pt=500.0, margin_left_pt=40.0, margin_right_pt=40.0,
    margin_top_pt=50.0, margin_bottom_pt=50.0, lines_per_page=10, chars_per_line=20, char_spacing_pt=0.0,
)  # fmt: skip
TWO = Columns.equal(2, 16.0, PAGE.margin_left_pt, PAGE.text_width_pt, section=1)  # 2 × 152 pt: 9 字 a line
HAN = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜金生丽水玉出昆冈"


def _block(text: str, cols: Columns | None = TWO, **style: object) -> Block:
    return Block(BlockKind.BODY, text, BlockStyle(first_line_indent_chars=0.0, columns=cols, **style))  # type: ignore[arg-type]


def _draft(*blocks: Block) -> Draft:
    title = Block(BlockKind.TITLE, "标题", BlockStyle(first_line_indent_chars=0.0, columns=blocks[0].style.columns))
    return Draft("标题", (Part("main", "正文", (title, *blocks)),), page=PAGE)


def test_equal_columns_share_the_text_width_less_the_gaps() -> None:
    three = Columns.equal(3, 24.0, 72.0, 468.0)
    assert three.widths == (140.0, 140.0, 140.0)
    assert three.starts == (72.0, 236.0, 400.0)
    assert three.spans[-1] == (400.0, 540.0)
    with pytest.raises(ValueError):
        Columns((1.0,), (1.0, 2.0))


def test_a_paragraph_in_a_column_is_broken_at_the_columns_width() -> None:
    lay = layout(_draft(_block(HAN[:27])), DEFAULT_SETTINGS)
    body = [line.text for line in lay.lines[1:]]
    assert body == [HAN[:9], HAN[9:18], HAN[18:27]]  # 152 pt: 9 字 of 16 pt, not 20
    assert [line.column for line in lay.lines] == [1, 1, 1, 1]


def test_text_flows_down_column_one_then_column_two_then_the_next_page() -> None:
    text = (HAN * 5)[: 9 * 25]  # 25 lines of 9 字
    lay = layout(_draft(_block(text, widow_control=False)), DEFAULT_SETTINGS)
    first, second = lay.pages[0], lay.pages[1]
    # page 1: the title and 9 lines in column 1, 10 lines in column 2; numbered in reading order
    assert [line.column for line in first.lines] == [1] * 10 + [2] * 10
    assert [line.number for line in first.lines] == list(range(1, 21))
    assert first.lines[10].row == 1 and first.lines[10].text == text[9 * 9 : 9 * 10]  # column 2 starts at the top
    assert first.lines[-1].from_bottom == 1
    # page 2: the last 6 lines, in column 1
    assert [line.column for line in second.lines] == [1] * 6
    assert second.lines[0].text == text[9 * 19 : 9 * 20]


def test_a_column_break_starts_the_next_column_and_acts_as_a_page_break_without_columns() -> None:
    lay = layout(_draft(_block(HAN[:9]), _block(HAN[9:18], column_break_before=True)), DEFAULT_SETTINGS)
    assert [(line.column, line.row) for line in lay.lines] == [(1, 1), (1, 2), (2, 1)]
    assert lay.page_count == 1
    plain = layout(_draft(_block(HAN[:9], None), _block(HAN[9:18], None, column_break_before=True)), DEFAULT_SETTINGS)
    assert plain.page_count == 2 and [line.column for line in plain.lines] == [0, 0, 0]


def test_a_continuous_section_after_columns_balances_them_and_starts_below() -> None:
    text = HAN[:9 * 6]  # six column lines
    lay = layout(_draft(_block(text), _block(HAN[:20], None)), DEFAULT_SETTINGS)
    lines = lay.lines
    # the title and six lines: balanced 4 + 3 (not 7 in column 1), numbered column by column
    assert [(line.column, line.row) for line in lines[:7]] == [(1, 1), (1, 2), (1, 3), (1, 4), (2, 1), (2, 2), (2, 3)]
    assert lines[4].text == text[27:36]
    # the one-column section goes on below the taller column, across the page
    assert (lines[7].column, lines[7].row, lines[7].text) == (0, 5, HAN[:20])
    assert [line.number for line in lines] == list(range(1, 9))


def test_one_column_text_above_a_continuous_column_section_and_columns_starting_below_it() -> None:
    lay = layout(_draft(_block(HAN[:20], None), _block((HAN * 3)[: 9 * 12], widow_control=False)), DEFAULT_SETTINGS)
    page = lay.pages[0]
    cols = [(line.column, line.row) for line in page.lines]
    # title and the across-the-page line take rows 1–2; the columns run from row 3 to row 10
    assert cols[:2] == [(0, 1), (0, 2)]
    assert cols[2:10] == [(1, r) for r in range(3, 11)]
    assert cols[10:14] == [(2, r) for r in range(3, 7)]


def test_unequal_columns_break_each_paragraph_at_its_own_columns_width() -> None:
    wide = Columns((40.0, 140.0), (84.0, 180.0), section=2)  # 5 字 and 11 字 a line
    blocks = [_block(HAN[:10], wide, keep_lines=True), _block(HAN[:45], wide, keep_lines=True)]
    lay = layout(_draft(*blocks), DEFAULT_SETTINGS)
    body = [(line.column, len(line.text)) for line in lay.lines[1:]]
    assert body[:2] == [(1, 5), (1, 5)]
    assert body[2:] == [(2, 11)] * 4 + [(2, 1)]  # kept together: moved whole into the wider column


def _glyphs(text: str, x: float, y: float) -> list[Glyph]:
    return [Glyph(ch, x + 10 * i, x + 10 * (i + 1), y, 10.0) for i, ch in enumerate(text)]


def test_a_pdf_page_in_columns_is_read_column_by_column() -> None:
    box = TextBox(50.0, 450.0, 40.0, 360.0, columns=((40.0, 190.0), (210.0, 360.0)))
    glyphs = _glyphs("通栏的一行文字横跨两栏而且很长很长很长很长很长很长很长很长很长很长", 40.0, 70.0)
    for k in range(3):  # three rows of two columns side by side
        glyphs += _glyphs(f"左栏第{k + 1}行", 40.0, 90.0 + 14 * k) + _glyphs(f"右栏第{k + 1}行", 210.0, 90.0 + 14 * k)
    glyphs += _glyphs("下面又是通栏的一行文字横跨两栏而且很长很长很长很长很长很长很长很长", 40.0, 150.0)
    pdf = PdfText((PdfPage(1, 400.0, 500.0, tuple(glyphs)),))
    lines = read_printed(pdf, box).lines
    assert [line.text for line in lines] == [
        "通栏的一行文字横跨两栏而且很长很长很长很长很长很长很长很长很长很长",
        "左栏第1行", "左栏第2行", "左栏第3行", "右栏第1行", "右栏第2行", "右栏第3行",
        "下面又是通栏的一行文字横跨两栏而且很长很长很长很长很长很长很长很长",
    ]  # fmt: skip
    assert [line.column for line in lines] == [0, 1, 1, 1, 2, 2, 2, 0]
    # without the .docx's columns: lines side by side read as one line each, as before
    assert read_printed(pdf, TextBox(50.0, 450.0, 40.0, 360.0)).lines[1].text.startswith("左栏第1行")


def test_a_page_with_a_single_line_side_by_side_is_left_as_it_is() -> None:
    box = TextBox(50.0, 450.0, 40.0, 360.0, columns=((40.0, 190.0), (210.0, 360.0)))
    glyphs = _glyphs("姓名", 40.0, 90.0) + _glyphs("单位", 210.0, 90.0) + _glyphs("第二行", 40.0, 104.0)
    lines = read_printed(PdfText((PdfPage(1, 400.0, 500.0, tuple(glyphs)),)), box).lines
    assert [line.column for line in lines] == [0, 0]


def test_a_tall_line_in_one_column_does_not_join_two_lines_of_the_other() -> None:
    box = TextBox(50.0, 450.0, 40.0, 360.0, columns=((40.0, 190.0), (210.0, 360.0)))
    heading = [Glyph(ch, 40.0 + 20 * i, 60.0 + 20 * i, 100.0, 20.0) for i, ch in enumerate("大标题")]
    glyphs = heading + _glyphs("右栏第1行", 210.0, 92.0) + _glyphs("右栏第2行", 210.0, 104.0)
    glyphs += _glyphs("左栏正文", 40.0, 120.0) + _glyphs("右栏第3行", 210.0, 120.0)
    lines = read_printed(PdfText((PdfPage(1, 400.0, 500.0, tuple(glyphs)),)), box).lines
    assert [line.text for line in lines] == ["大标题", "左栏正文", "右栏第1行", "右栏第2行", "右栏第3行"]


def test_a_paragraph_running_on_into_a_wider_column_is_broken_anew_at_its_width() -> None:
    wide = Columns((40.0, 140.0), (84.0, 180.0), section=3)  # 5 字 and 11 字 a line
    filler = _block(HAN[:35], wide)  # rows 2–8 of column 1, below the title
    text = HAN[:20]
    lay = layout(_draft(filler, _block(text, wide, widow_control=False)), DEFAULT_SETTINGS)
    mine = [(line.column, line.text) for line in lay.lines if line.block_index == 2]
    assert mine == [(1, text[:5]), (1, text[5:10]), (2, text[10:])]  # not two more lines of 5 字
    assert [seg.start for line in lay.lines if line.block_index == 2 for seg in line.segments] == [0, 5, 10]
