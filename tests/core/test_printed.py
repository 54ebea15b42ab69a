"""caina.core.printed: glyphs into counted lines, headers and page numbers, alignment with a draft, a draft
from a PDF alone. Glyphs are made up here (no PDF): the PDF reader has its own tests (tests/io)."""

from __future__ import annotations

import pytest

from caina.core.anchoring import occurrences
from caina.core.layout import layout
from caina.core.locators import resolve
from caina.core.printed import (
    Glyph,
    LineRole,
    PdfPage,
    PdfText,
    TextBox,
    align,
    check_same_version,
    fold,
    group_lines,
    is_page_number,
    printed_draft,
    printed_layout,
    producer_kind,
    read_printed,
)
from caina.errors import PrintedVersionError
from caina.io.text_reader import parse_text

PITCH = 28.95  # the GB/T 9704 line pitch
LEFT = 79.4
TOP = 104.9


def glyphs(text: str, *, x: float = LEFT, y: float = TOP + 16, size: float = 16.0, advance: float | None = None) -> list[Glyph]:
    step = advance if advance is not None else size
    out = []
    for ch in text:
        w = step if not ch.isascii() else step / 2
        out.append(Glyph(ch, x, x + w, y, size))
        x += w
    return out


def page_of(lines: list[str], number: int = 1, *, footer: str | None = None, first_indent: float = 0.0) -> PdfPage:
    out: list[Glyph] = []
    for k, text in enumerate(lines):
        out += glyphs(text, x=LEFT + (first_indent if k == 0 else 0.0), y=TOP + 16 + k * PITCH)
    if footer:
        out += glyphs(footer, x=300, y=790, size=14)
    return PdfPage(number, 595.3, 841.9, tuple(out))


# --------------------------------------------------------------------------
# lines


def test_glyphs_on_one_baseline_are_one_line_and_lines_a_pitch_apart_are_two() -> None:
    page = page_of(["第一行文字", "第二行文字"])
    lines = group_lines(page)
    assert [ln.text for ln in lines] == ["第一行文字", "第二行文字"]


def test_a_superscript_joins_its_line() -> None:
    main = glyphs("注释在此")
    sup = [Glyph("1", main[-1].x1, main[-1].x1 + 4, TOP + 16 - 6, 9.0)]
    lines = group_lines(PdfPage(1, 595, 842, tuple(main + sup + glyphs("下一行", y=TOP + 16 + PITCH))))
    assert [ln.text for ln in lines] == ["注释在此1", "下一行"]


def test_glyphs_in_any_order_come_out_left_to_right_top_to_bottom() -> None:
    g = glyphs("甲乙丙") + glyphs("丁戊", y=TOP + 16 + PITCH)
    lines = group_lines(PdfPage(1, 595, 842, tuple(reversed(g))))
    assert [ln.text for ln in lines] == ["甲乙丙", "丁戊"]


def test_a_wide_gap_cuts_a_line_into_cells_and_word_spaces_come_back() -> None:
    row = glyphs("序号", x=80) + glyphs("项目名称", x=200) + glyphs("金额", x=400)
    [line] = group_lines(PdfPage(1, 595, 842, tuple(row)))
    assert line.cells == ("序号", "项目名称", "金额")
    words = glyphs("Hello", x=80) + glyphs("world", x=80 + 5 * 8 + 5)  # a gap, no space glyph
    [line] = group_lines(PdfPage(1, 595, 842, tuple(words)))
    assert line.text == "Hello world"


def test_cjk_spread_on_a_grid_gets_no_spaces() -> None:
    spread = glyphs("按照规定办理", advance=31.5)  # 16 pt glyphs every two cells of a 15.75 pt grid
    [line] = group_lines(PdfPage(1, 595, 842, tuple(g for g in spread)))
    assert line.text == "按照规定办理"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("— 3 —", True), ("- 12 -", True), ("－ 5 －", True), ("3", True), ("第3页", True), ("第 3 页 共 9 页", True),
        ("3/9", True), ("Page 4 of 10", True), ("iv", True),
        ("第三条", False), ("2025年", False), ("一、总体要求", False), ("附件1", False), ("（3）", False),
    ],
)  # fmt: skip
def test_page_numbers(text: str, number: bool) -> None:
    assert is_page_number(text) is number


def test_outside_the_text_block_is_header_footer_or_page_number() -> None:
    page = page_of(["正文第一行", "正文第二行"], footer="— 1 —")
    header = glyphs("某某县人民政府办公室", x=200, y=60, size=10.5)
    page = PdfPage(1, page.width, page.height, page.glyphs + tuple(header))
    printed = read_printed(PdfText((page,)), TextBox(TOP, 841.9 - 99.2, LEFT, 595.3 - 73.7))
    roles = {ln.text: ln.role for ln in printed.pages[0].lines}
    assert roles["正文第一行"] is LineRole.BODY
    assert roles["— 1 —"] is LineRole.PAGE_NUMBER
    assert roles["某某县人民政府办公室"] is LineRole.HEADER
    assert [ln.text for ln in printed.lines] == ["正文第一行", "正文第二行"]


def test_without_geometry_page_numbers_and_running_heads_are_found_by_place_and_repetition() -> None:
    pages = []
    for n in range(1, 4):
        body = page_of([f"第{n}页的正文", "还有一行"], n, footer=f"— {n} —")
        head = glyphs("征求意见稿", x=250, y=50, size=10.5)
        pages.append(PdfPage(n, body.width, body.height, body.glyphs + tuple(head)))
    printed = read_printed(PdfText(tuple(pages)))
    for n, page in enumerate(printed.pages, 1):
        assert [ln.text for ln in page.body] == [f"第{n}页的正文", "还有一行"]
        assert {ln.role for ln in page.lines if not ln.role.counted} == {LineRole.HEADER, LineRole.PAGE_NUMBER}


@pytest.mark.parametrize(
    ("creator", "producer", "kind"),
    [
        ("Word", "macOS Quartz PDFContext", "Word"), ("Microsoft® Word 2019", "Microsoft® Word 2019", "Word"),
        ("WPS 文字", "WPS Office", "WPS"), ("Writer", "LibreOffice 7.4", "LibreOffice"), ("", "Ghostscript 9", "Ghostscript 9"),
    ],
)  # fmt: skip
def test_what_made_a_pdf(creator: str, producer: str, kind: str) -> None:
    assert producer_kind(creator, producer) == kind


def test_fold_makes_what_prints_alike_equal() -> None:
    assert fold("⼀⼆⼈") == "一二人"  # Kangxi radicals, as some PDFs write 一 二 人
    assert fold("，：（）") == ",:()"
    assert fold("“引号”") == '"引号"'
    assert len(fold("㈠½")) == 2  # characters that NFKC would lengthen stay as they are


# --------------------------------------------------------------------------
# alignment and the printed layout

DRAFT = """关于加强项目审批的若干措施
一、总体要求
坚持以人民为中心的发展思想，加快转变政府职能，深化放管服改革，优化营商环境，推动项目审批提速增效。
二、主要任务
（一）精简审批事项。全面清理审批事项，凡是没有法律法规依据的一律取消。
"""


def printed_of(draft_text: str, cut: list[list[str]]) -> PdfText:
    """A PDF of the given pages of lines (what another program's layout might have printed)."""
    return PdfText(tuple(page_of(lines, n, footer=f"— {n} —") for n, lines in enumerate(cut, 1)), producer="Word")


CUT = [
    ["关于加强项目审批的若干措施", "一、总体要求", "坚持以人民为中心的发展思想，加快转变政", "府职能，深化放管服改革，优化营商环境，推动"],
    ["项目审批提速增效。", "二、主要任务", "（一）精简审批事项。全面清理审批事项，凡", "是没有法律法规依据的一律取消。"],
]


def test_the_printed_layout_has_the_pdfs_pages_and_lines_and_the_drafts_blocks() -> None:
    draft = parse_text(DRAFT)
    lay = printed_layout(draft, read_printed(printed_of(DRAFT, CUT)))
    assert lay.printed
    assert [[lay.printed_text(ln) for ln in p.lines] for p in lay.pages] == CUT
    body = draft.main.blocks[2]
    assert body.text.startswith("坚持")
    [span] = occurrences(draft.main, "优化营商环境")
    [line] = lay.lines_of_span(span)
    assert (line.page, line.number, line.from_bottom) == (1, 4, 1)
    [line] = resolve(lay, "P2第1行")
    assert line.text == "项目审批提速增效。"
    # caina's own layout would have put it elsewhere: the PDF decides
    assert [ln.number for ln in layout(draft).lines_of_span(span)] != [4] or layout(draft).page_count == 1


def test_another_version_is_refused_with_the_first_passage_and_both_places() -> None:
    draft = parse_text(DRAFT.replace("深化放管服改革", "深化简政放权改革"))
    with pytest.raises(PrintedVersionError) as caught:
        printed_layout(draft, read_printed(printed_of(DRAFT, CUT)), engine=layout(draft))
    message = caught.value.message
    assert "不是同一稿" in message and "简政放权" in message and "放管服" in message
    assert "PDF 第1页第4行" in message and ".docx" in message


def test_numbering_drawn_by_the_pdf_hung_marks_left_out_and_bullets_are_not_another_version() -> None:
    draft = parse_text(DRAFT)
    cut = [list(CUT[0]), list(CUT[1])]
    cut[0][3] = cut[0][3].replace("优化营商环境，", "优化营商环境")  # a hung ，that a PDF did not draw
    cut[1][2] = "• " + cut[1][2]  # a bullet the .docx's numbering gives some other way
    al = align(draft, read_printed(printed_of(DRAFT, cut)))
    assert check_same_version(al) == []


def test_a_table_whose_cells_wrap_is_aligned_cell_by_cell() -> None:
    draft = parse_text("表格测试\n| 序号 | 名称 | 责任单位 |\n| 1 | 持续深化信用体系工作机制 | 市工业和信息化局 |\n")
    # line-major: the first line of each cell, then the second
    rows = [
        glyphs("序号", x=80) + glyphs("名称", x=200) + glyphs("责任单位", x=400),
        glyphs("1", x=80) + glyphs("持续深化信", x=200) + glyphs("市工业和信", x=400),
        glyphs("用体系工作", x=200) + glyphs("息化局", x=400),
        glyphs("机制", x=200),
    ]
    page_glyphs = glyphs("表格测试", x=250, y=TOP + 16)
    for k, row in enumerate(rows, 1):
        page_glyphs += [Glyph(g.char, g.x0, g.x1, TOP + 16 + k * PITCH, g.size) for g in row]
    lay = printed_layout(draft, read_printed(PdfText((PdfPage(1, 595.3, 841.9, tuple(page_glyphs)),))))
    texts = [lay.printed_text(ln) for ln in lay.lines]
    assert texts == ["表格测试", "序号 | 名称 | 责任单位", "1 | 持续深化信 | 市工业和信", "用体系工作 | 息化局", "机制"]
    [span] = occurrences(draft.main, "工作机制")
    assert [ln.number for ln in lay.lines_of_span(span)] == [4, 5]


# --------------------------------------------------------------------------
# a draft from the PDF alone


def test_a_pdf_alone_gives_paragraphs_titles_and_attachments() -> None:
    title = glyphs("关于加强项目审批的若干措施", x=150, y=TOP + 22, size=22)
    body = [  # full lines run to the right margin (LEFT + 442), as justified text does
        ("坚持以人民为中心的发展思想，加快转变政府职能，深", LEFT + 32, 410 / 24),
        ("化放管服改革，优化营商环境，推动项目审批提速增效", LEFT, 442 / 24),
        ("，全面提高服务水平。", LEFT, 16.0),
        ("第二段另起一行。", LEFT + 32, 16.0),
    ]
    g = list(title)
    for k, (text, x, step) in enumerate(body, 1):
        g += glyphs(text, x=x, y=TOP + 22 + k * PITCH + 10, advance=step)
    page1 = PdfPage(1, 595.3, 841.9, tuple(g))
    att = PdfPage(2, 595.3, 841.9, tuple(glyphs("附件2", y=TOP + 16) + glyphs("审批事项清单", x=200, y=TOP + 16 + PITCH, size=22)))
    draft, lay = printed_draft(read_printed(PdfText((page1, att))))
    assert draft.title == "关于加强项目审批的若干措施"
    assert [p.label for p in draft.parts] == ["正文", "附件2"]
    texts = [b.text for b in draft.main.blocks]
    joined = "坚持以人民为中心的发展思想，加快转变政府职能，深化放管服改革，优化营商环境，推动项目审批提速增效，全面提高服务水平。"
    assert texts[1:] == [joined, "第二段另起一行。"]
    assert lay.page(2) is not None and lay.page(2).part_id == draft.parts[1].id
    [span] = occurrences(draft.main, "优化营商环境")
    [line] = lay.lines_of_span(span)
    assert (line.page, line.number) == (1, 3)
    [span] = occurrences(draft.main, "增效，全面")  # a quote across two lines of the PDF
    assert [ln.number for ln in lay.lines_of_span(span)] == [3, 4]
