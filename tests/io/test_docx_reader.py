"""Reading .docx drafts: formatting, numbering, tables, sections, breaks, and what never leaks into the text."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import pytest

from caina import services
from caina.core.layout import layout, measure
from caina.core.model import Align, Block, BlockKind, Draft
from caina.io.docx import read_docx_bytes
from caina.io.docx.numbering import format_number
from caina.io.docx.refs import find
from caina.io.docx.safety import parse_xml
from caina.io.docx.styles import Styles
from caina.io.docx.text import TextReader
from caina.io.docx.xml import W_NS
from caina.io.docx_reader import read_docx
from caina.io.docx_writer import write_docx
from caina.io.text_reader import read_text
from tests.fixtures.docx.build import SECT, abstract_num, docx, num, numbered, p, r, title

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "baise"
PITCH = (11906 - 1587 - 1474) / 20 / 28  # 字 of the standard section: 15.79 pt


def read(body: str, **kw: object) -> Draft:
    return read_docx_bytes(docx(title() + body, **kw), source="t.docx")  # type: ignore[arg-type]


def blocks(body: str, **kw: object) -> list[Block]:
    """The main part's blocks after the title."""
    return list(read(body, **kw).main.blocks[1:])


def one(body: str, **kw: object) -> Block:
    found = blocks(body, **kw)
    assert len(found) == 1, found
    return found[0]


def lines(draft: Draft) -> list[tuple[int, int, str]]:
    return [(ln.page, ln.number, ln.text) for page in layout(draft).pages for ln in page.lines]


# --------------------------------------------------------------------------
# effective formatting


@pytest.mark.parametrize(
    ("para", "size", "role", "bold"),
    [
        (p("文字"), 16.0, "fangsong", False),  # docDefaults
        (p("文字", ppr='<w:pStyle w:val="Big"/>'), 22.0, "fangsong", True),  # Big → Body → Normal
        (p("文字", ppr='<w:pStyle w:val="Big"/>', rpr='<w:b w:val="0"/>'), 22.0, "fangsong", False),  # direct wins
        (p("文字", rpr='<w:rStyle w:val="Strong"/>'), 16.0, "fangsong", True),  # character style
        (p("文字", ppr='<w:pStyle w:val="Big"/>', rpr='<w:rStyle w:val="Strong"/>'), 22.0, "fangsong", False),  # toggle
        (p("文字", rpr='<w:rStyle w:val="Kai"/>'), 16.0, "kaiti", False),
        (p("文字", rpr='<w:rFonts w:eastAsia="黑体"/>'), 16.0, "heiti", False),
        (p("文字", rpr='<w:rFonts w:eastAsia="方正小标宋_GBK"/>'), 16.0, "xiaobiaosong", False),
        (p("文字", rpr='<w:rFonts w:eastAsia="宋体"/><w:sz w:val="28"/>'), 14.0, "songti", False),
        (p("文字", ppr='<w:pStyle w:val="1"/>'), 16.0, "heiti", False),  # heading style's font
        ("<w:p>" + r("一二三四五", '<w:sz w:val="28"/>') + r("六") + "</w:p>", 14.0, "fangsong", False),  # most chars
        (p("文字", ppr='<w:pStyle w:val="Missing"/>'), 16.0, "fangsong", False),  # unknown style → default
    ],
)
def test_run_formatting_through_styles(para: str, size: float, role: str, bold: bool) -> None:
    st = one(para).style
    assert (st.font_size_pt, st.font_role, st.bold) == (size, role, bold)


@pytest.mark.parametrize(
    ("jc", "align"),
    [("", Align.JUSTIFY), ("left", Align.LEFT), ("start", Align.LEFT), ("center", Align.CENTER),
     ("right", Align.RIGHT), ("end", Align.RIGHT), ("both", Align.JUSTIFY), ("distribute", Align.JUSTIFY)],
)
def test_alignment(jc: str, align: Align) -> None:
    ppr = f'<w:jc w:val="{jc}"/>' if jc else ""  # Normal says "both"
    assert one(p("正文。", ppr=ppr)).style.align is align


@pytest.mark.parametrize(
    ("ppr", "first", "left", "right"),
    [
        ('<w:ind w:firstLineChars="200"/>', 2.0, 0.0, 0.0),
        ('<w:ind w:firstLine="640"/>', 32 / PITCH, 0.0, 0.0),
        ('<w:ind w:firstLineChars="0" w:firstLine="640"/>', 32 / PITCH, 0.0, 0.0),  # zero chars = unset
        ('<w:pStyle w:val="Body"/>', 2.0, 0.0, 0.0),
        ('<w:pStyle w:val="Body"/><w:ind w:firstLine="0"/>', 0.0, 0.0, 0.0),  # a group replaces the style's
        ('<w:pStyle w:val="Body"/><w:ind w:left="420"/>', 2.0, 21 / PITCH, 0.0),
        ('<w:ind w:leftChars="200" w:hangingChars="200"/>', -2.0, 2.0, 0.0),
        ('<w:ind w:left="640" w:hanging="320" w:firstLine="999"/>', -16 / PITCH, 32 / PITCH, 0.0),  # hanging wins
        ('<w:ind w:start="320" w:endChars="100"/>', 0.0, 16 / PITCH, 1.0),
    ],
)
def test_indents_in_characters(ppr: str, first: float, left: float, right: float) -> None:
    st = one(p("正文。", ppr=ppr)).style
    got = (st.first_line_indent_chars, st.left_indent_chars, st.right_indent_chars)
    assert got == pytest.approx((first, left, right), abs=1e-3)


@pytest.mark.parametrize(
    ("spacing", "before", "after"),
    [
        ('<w:spacing w:beforeLines="100" w:before="312"/>', 1, 0),
        ('<w:spacing w:afterLines="200"/>', 0, 2),
        ('<w:spacing w:before="579" w:after="1158"/>', 1, 2),
        ('<w:spacing w:before="0" w:after="0"/>', 0, 0),
    ],
)
def test_space_before_and_after_in_rows(spacing: str, before: int, after: int) -> None:
    st = one(p("正文。", ppr=spacing)).style
    assert (st.space_before_rows, st.space_after_rows) == (before, after)


def test_small_spacings_add_up_and_are_noted() -> None:
    body = "".join(p(f"第{i}段。", ppr='<w:spacing w:after="200"/>') for i in range(3))  # 10 pt ≈ 0.34 row
    draft = read(body)
    assert [b.style.space_after_rows for b in draft.main.blocks[1:]] == [0, 1, 0]
    assert draft.layout_facts.fractional_spacing_on_grid == 3
    assert any("段前/段后间距" in n for n in layout(draft).notes)  # rounded to rows on the grid, whatever the profile
    assert any("对齐文档网格的段前/段后间距" in n for n in services.lay_out(draft, profile="word").notes)


@pytest.mark.parametrize(
    ("spacing", "rows"),
    [
        ("", 0),  # single: the layout derives it
        ('<w:spacing w:line="480" w:lineRule="auto"/>', 2),
        ('<w:spacing w:line="360" w:lineRule="auto"/>', 2),  # 1.5 → nearest whole rows (noted)
        ('<w:spacing w:line="560" w:lineRule="exact"/>', 0),  # exact is ignored on a line grid
        ('<w:spacing w:line="1200" w:lineRule="atLeast"/>', 3),  # at least 60 pt → 3 rows
    ],
)
def test_line_spacing_in_grid_rows(spacing: str, rows: int) -> None:
    assert one(p("正文。", ppr=spacing)).style.rows_per_line == rows


# --------------------------------------------------------------------------
# headings, numbering


ABSTRACT = abstract_num(
    0,
    (0, "chineseCounting", "%1、"),
    (1, "chineseCounting", "（%2）"),
    (2, "decimal", "%3."),
    (3, "decimal", "（%4）"),
    suff="nothing",
)
NUMBERING = ABSTRACT + num(1, 0) + num(2, 0, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>')


@pytest.mark.parametrize(
    ("para", "kind"),
    [
        (p("总体要求", ppr='<w:pStyle w:val="1"/>'), BlockKind.HEADING1),
        (p("很长的一段正文，虽然用了标题样式。" * 3, ppr='<w:pStyle w:val="1"/>'), BlockKind.HEADING1),
        (p("指导思想", ppr='<w:outlineLvl w:val="1"/>'), BlockKind.HEADING2),
        (p("具体任务", ppr='<w:outlineLvl w:val="2"/>'), BlockKind.HEADING3),
        (p("第五级", ppr='<w:outlineLvl w:val="4"/>'), BlockKind.BODY),
        (p("正文级别", ppr='<w:outlineLvl w:val="9"/>'), BlockKind.BODY),
        (p("一、总体要求"), BlockKind.HEADING1),
        (p("（一）指导思想"), BlockKind.HEADING2),
        (p("1.坚持需求导向"), BlockKind.HEADING3),
        (p("（1）加强组织"), BlockKind.HEADING4),
        (p("（一）指导思想。以习近平新时代中国特色社会主义思想为指导，全面贯彻。"), BlockKind.BODY),
        (numbered("总体要求", 1, 0), BlockKind.HEADING1),  # the label "一、" makes it a heading
        (numbered("指导思想", 1, 1), BlockKind.HEADING2),
    ],
)
def test_heading_levels(para: str, kind: BlockKind) -> None:
    assert one(para, numbering=NUMBERING).kind is kind


def test_numbering_labels_count_restart_and_override() -> None:
    body = "".join(
        numbered(t, n, lvl)
        for t, n, lvl in [
            ("甲", 1, 0), ("乙", 1, 1), ("丙", 1, 1), ("丁", 1, 2), ("戊", 1, 3),
            ("己", 1, 0), ("庚", 1, 1), ("辛", 2, 0), ("壬", 1, 0),
        ]
    )
    got = [(b.label, b.text) for b in blocks(body, numbering=NUMBERING)]
    assert got == [
        ("一、", "甲"), ("（一）", "乙"), ("（二）", "丙"), ("1.", "丁"), ("（1）", "戊"),
        ("二、", "己"), ("（一）", "庚"), ("五、", "辛"), ("六、", "壬"),  # num 2 restarts at 5; num 1 continues
    ]


def test_numbering_label_is_not_text_but_takes_room() -> None:
    b = one(numbered("总体要求", 1, 0, ppr='<w:ind w:firstLineChars="200"/>'), numbering=NUMBERING)
    assert (b.text, b.label) == ("总体要求", "一、")
    width = measure("一、", font_size_pt=16.0, char_spacing_pt=-848 / 4096)
    assert b.style.first_line_indent_chars == pytest.approx(2 + width / PITCH, abs=1e-3)


@pytest.mark.parametrize(
    ("suff", "ind", "settings", "text_at_pt"),
    [
        ("tab", '<w:ind w:firstLine="640"/>', None, 72.0),  # 32 + 31.6 → next default stop (36 pt)
        ("tab", '<w:ind w:firstLine="640"/>', '<w:defaultTabStop w:val="420"/>', 84.0),  # 21 pt stops
        ("tab", '<w:ind w:left="1280" w:hanging="1280"/>', None, 64.0),  # the hanging indent is the stop
        ("tab", '<w:ind w:firstLine="640"/><w:tabs><w:tab w:val="left" w:pos="1400"/></w:tabs>', None, 70.0),
        ("space", '<w:ind w:firstLine="640"/>', None, None),
    ],
)
def test_label_followed_by_tab_or_space(suff: str, ind: str, settings: str | None, text_at_pt: float | None) -> None:
    numbering = abstract_num(0, (0, "chineseCounting", "%1、"), suff=suff) + num(1, 0)
    b = one(numbered("总体要求", 1, 0, ppr=ind), numbering=numbering, settings=settings)
    start = (b.style.left_indent_chars + b.style.first_line_indent_chars) * PITCH
    if text_at_pt is None:  # label, then one space
        label = measure("一、 ", font_size_pt=16.0, char_spacing_pt=-848 / 4096)
        text_at_pt = 32 + label
    assert start == pytest.approx(text_at_pt, abs=0.01)


@pytest.mark.parametrize(
    ("n", "fmt", "text"),
    [
        (1, "decimal", "1"), (12, "decimalZero", "12"), (3, "decimalZero", "03"),
        (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (21, "chineseCountingThousand", "二十一"),
        (3, "chineseLegalSimplified", "叁"), (12, "chineseLegalSimplified", "拾贰"),
        (2, "ideographTraditional", "乙"), (11, "ideographTraditional", "甲"), (3, "ideographZodiac", "寅"),
        (4, "decimalFullWidth", "４"), (3, "decimalEnclosedCircle", "③"), (25, "decimalEnclosedCircle", "25"),
        (2, "decimalEnclosedParen", "⑵"), (2, "decimalEnclosedFullstop", "⒉"),
        (28, "upperLetter", "BB"), (3, "lowerLetter", "c"), (14, "upperRoman", "XIV"), (9, "lowerRoman", "ix"),
        (5, "none", ""), (7, "someFutureFormat", "7"),
    ],
)
def test_number_formats(n: int, fmt: str, text: str) -> None:
    assert format_number(n, fmt) == text


# --------------------------------------------------------------------------
# what never leaks into the text


def fld(instr: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instr}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{r(result) if result else ''}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


COMMENTS = '<w:comment w:id="1" w:author="审核人"><w:p><w:r><w:t>批注内容</w:t></w:r></w:p></w:comment>'


@pytest.mark.parametrize(
    ("inner", "text", "note"),
    [
        ('<w:bookmarkStart w:id="0" w:name="_GoBack"/>' + r("正文") + '<w:bookmarkEnd w:id="0"/>', "正文", None),
        ('<w:commentRangeStart w:id="1"/>' + r("正文") + '<w:commentRangeEnd w:id="1"/>'
         '<w:r><w:commentReference w:id="1"/></w:r>', "正文", "1条批注"),
        (r("第") + fld(" PAGE ", "3") + r("页"), "第3页", None),
        (fld(' HYPERLINK "http://example.com" ', "网站"), "网站", None),
        (fld(" DATE ", ""), "", None),
        ('<w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple>', "7", None),
        ('<w:hyperlink r:id="rId9"><w:r><w:t>链接</w:t></w:r></w:hyperlink>', "链接", None),
        (r("甲") + '<w:ins w:id="1" w:author="甲"><w:r><w:t>乙</w:t></w:r></w:ins>'
         '<w:del w:id="2" w:author="甲"><w:r><w:delText>丙</w:delText></w:r></w:del>', "甲乙", "插入1处、删除1处"),
        ('<w:moveFrom w:id="3" w:author="甲"><w:r><w:t>旧处</w:t></w:r></w:moveFrom>'
         '<w:moveTo w:id="4" w:author="甲"><w:r><w:t>新处</w:t></w:r></w:moveTo>', "新处", "修订"),
        ('<w:smartTag w:uri="u" w:element="place"><w:r><w:t>百色</w:t></w:r></w:smartTag>', "百色", None),
        ('<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>控件</w:t></w:r></w:sdtContent></w:sdt>', "控件", None),
        ('<w:customXml w:element="x"><w:r><w:t>定制</w:t></w:r></w:customXml>', "定制", None),
        (r("错字") + '<w:proofErr w:type="spellStart"/>' + r("词") + '<w:proofErr w:type="spellEnd"/>', "错字词", None),
        (r("隐", "<w:vanish/>") + r("显"), "显", "隐藏文字"),
        (r("脚注") + '<w:r><w:footnoteReference w:id="1"/></w:r>', "脚注", "脚注"),
        ('<w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r>', "甲 乙\n丙", None),
        ('<w:r><w:sym w:font="Wingdings" w:char="F0FC"/><w:t>符号</w:t></w:r>', "□符号", None),
        ('<w:r><w:t>文</w:t><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
         '<w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>'
         '<mc:Fallback><w:pict/></mc:Fallback></mc:AlternateContent></w:r>', "文", "文本框"),
        ('<w:r><w:ruby><w:rt><w:r><w:t>bǎi</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>百</w:t></w:r></w:rubyBase></w:ruby></w:r>',
         "百", None),
    ],
)
def test_only_printed_text_is_read(inner: str, text: str, note: str | None) -> None:
    draft = read(f"<w:p>{inner}{r('。')}</w:p>", comments=COMMENTS if "comment" in inner else None)
    (block,) = draft.main.blocks[1:]
    assert block.text == text + "。"
    if note is None:
        assert draft.notes == ()
    else:
        assert any(note in n for n in draft.notes), draft.notes


def test_a_field_result_spanning_paragraphs_is_text_and_its_code_is_not() -> None:
    body = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \\o "1-3" \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("一、总体要求") + "</w:p>"
        + f"<w:p>{r('二、重点任务')}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
        + p("正文。")
    )
    assert [b.text for b in blocks(body)] == ["一、总体要求", "二、重点任务", "正文。"]


def test_a_deleted_field_keeps_the_fields_balanced() -> None:
    begin = '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    rest = fld(" PAGE ", "9").replace(begin, "").replace('<w:t xml:space="preserve">', "<w:delText>").replace("</w:t>", "</w:delText>")
    body = f'<w:p>{r("前")}{begin}<w:del w:id="5" w:author="甲">{rest}</w:del>{r("后")}</w:p>' + p("下一段。")
    assert [b.text for b in blocks(body)] == ["前后", "下一段。"]


def test_an_unclosed_field_is_noted() -> None:
    body = '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r></w:p>'
    assert any("域代码没有结束" in n for n in read(body).notes)


def test_inline_picture_takes_its_height() -> None:
    drawing = '<w:r><w:drawing><wp:inline><wp:extent cx="100" cy="1270000"/></wp:inline></w:drawing></w:r>'  # 100 pt
    draft = read(f"<w:p>{drawing}</w:p>")
    (block,) = draft.main.blocks[1:]
    assert block.kind is BlockKind.BLANK and block.style.rows_per_line == 4  # 100 pt snaps to 4 rows of 28.95
    assert any("图片" in n for n in draft.notes)


# --------------------------------------------------------------------------
# blanks and page breaks


@pytest.mark.parametrize(
    ("para", "rows"),
    [(p(""), 1), (p("   "), 1), ("<w:p/>", 1), (p("", ppr='<w:rPr><w:sz w:val="44"/></w:rPr>'), 2)],
)
def test_empty_paragraphs_are_blank_rows(para: str, rows: int) -> None:
    b = one(para)
    assert b.kind is BlockKind.BLANK and b.style.rows_per_line == rows


BR = '<w:r><w:br w:type="page"/></w:r>'


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (p("甲") + f"<w:p>{BR}</w:p>" + p("乙"), [("甲", False, "p:1"), ("乙", True, "p:3")]),
        (f"<w:p>{r('前')}{BR}{r('后')}</w:p>", [("前", False, "p:1"), ("后", True, "p:1@1")]),
        (f"<w:p>{r('甲')}{BR}</w:p>" + p("乙"), [("甲", False, "p:1"), ("乙", True, "p:2")]),
        (f"<w:p>{BR}{r('甲')}</w:p>", [("甲", True, "p:1")]),
        (p("甲") + p("乙", ppr="<w:pageBreakBefore/>"), [("甲", False, "p:1"), ("乙", True, "p:2")]),
        (p("甲") + p("乙", ppr='<w:pageBreakBefore w:val="0"/>'), [("甲", False, "p:1"), ("乙", False, "p:2")]),
    ],
)
def test_page_breaks(body: str, expected: list[tuple[str, bool, str]]) -> None:
    assert [(b.text, b.style.page_break_before, b.ref) for b in blocks(body)] == expected


# --------------------------------------------------------------------------
# tables


def tbl(rows: str, grid: tuple[int, ...] = (1000, 2000, 3000), pr: str = "") -> str:
    cols = "".join(f'<w:gridCol w:w="{g}"/>' for g in grid)
    return f"<w:tbl><w:tblPr>{pr}</w:tblPr><w:tblGrid>{cols}</w:tblGrid>{rows}</w:tbl>"


def tc(text: str, pr: str = "") -> str:
    paras = "".join(p(t) for t in text.split("|")) if text else "<w:p/>"
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{paras}</w:tc>"


def tr(*cells: str, pr: str = "") -> str:
    return f"<w:tr><w:trPr>{pr}</w:trPr>{''.join(cells)}</w:tr>"


def test_table_rows_cells_spans_and_merges() -> None:
    rows = (
        tr(tc("序号"), tc("名称"), tc("单位"))
        + tr(tc("1", '<w:vMerge w:val="restart"/>'), tc("甲|乙"), tc("市科知局"))
        + tr(tc("", "<w:vMerge/>"), tc("合并两列", '<w:gridSpan w:val="2"/>'))
        + tr(tc("x"), tc("删除的行"), tc("y"), pr='<w:del w:id="1" w:author="a"/>')
        + tr(tc("3"), tc("丙"), tc("丁"))
    )
    got = [(b.kind, b.cells, b.col_widths, b.header, b.ref, b.table_id) for b in blocks(tbl(rows))]
    assert got == [
        (BlockKind.TABLE_ROW, ("序号", "名称", "单位"), (1000.0, 2000.0, 3000.0), True, "tbl:0/r:0", 0),
        (BlockKind.TABLE_ROW, ("1", "甲\n乙", "市科知局"), (1000.0, 2000.0, 3000.0), False, "tbl:0/r:1", 0),
        (BlockKind.TABLE_ROW, ("", "合并两列"), (1000.0, 5000.0), False, "tbl:0/r:2", 0),
        (BlockKind.TABLE_ROW, ("3", "丙", "丁"), (1000.0, 2000.0, 3000.0), False, "tbl:0/r:4", 0),
    ]


@pytest.mark.parametrize(
    ("grid", "pr", "row_pr", "left", "right"),
    [
        ((2949, 2949, 2947), "", "", 0.0, 0.0),  # as wide as the text (8845 twips)
        ((2000, 2000), '<w:jc w:val="center"/>', "", (442.25 - 200) / 2 / PITCH, (442.25 - 200) / 2 / PITCH),
        ((2000, 2000), '<w:tblInd w:w="400" w:type="dxa"/>', "", 20 / PITCH, (442.25 - 220) / PITCH),
        ((1000, 2000, 5845), "", '<w:gridBefore w:val="1"/>', 50 / PITCH, 0.0),
    ],
)
def test_table_width_and_position_become_indents(
    grid: tuple[int, ...], pr: str, row_pr: str, left: float, right: float
) -> None:
    cells = [tc("甲"), tc("乙")] if len(grid) == 2 or row_pr else [tc("甲"), tc("乙"), tc("丙")]
    b = one(tbl(tr(*cells, pr=row_pr), grid=grid, pr=pr))
    assert (b.style.left_indent_chars, b.style.right_indent_chars) == pytest.approx((left, right), abs=1e-3)


def test_table_style_and_nested_table() -> None:
    nested = tbl(tr(tc("内1"), tc("内2")) + tr(tc("内3"), tc("内4")), grid=(500, 500))
    body = tbl(tr(tc("外"), f"<w:tc>{p('上')}{nested}</w:tc>"), grid=(1000, 2000), pr='<w:tblStyle w:val="Small"/>')
    draft = read(body)
    (b,) = draft.main.blocks[1:]
    assert b.cells == ("外", "上\n内1 内2\n内3 内4")
    assert b.style.font_size_pt == 14.0
    assert any("嵌套" in n for n in draft.notes)


# --------------------------------------------------------------------------
# sections and geometry


def sect(grid: str, mar: str = 'w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"', size: str = 'w:w="11906" w:h="16838"', extra: str = "") -> str:
    return f"<w:sectPr>{extra}<w:pgSz {size}/><w:pgMar {mar}/>{grid}</w:sectPr>"


@pytest.mark.parametrize(
    ("section", "styles_extra", "lines", "chars", "spacing"),
    [
        (SECT, "", 22, 28, -848 / 4096),
        (sect('<w:docGrid w:type="lines" w:linePitch="579"/>'), "", 22, 27, 0.0),
        (sect('<w:docGrid w:type="lines" w:linePitch="579"/>'), '<w:spacing w:val="-5"/>', 22, 28, -0.25),
        (sect('<w:docGrid w:type="linesAndChars" w:linePitch="600" w:charSpace="-1000"/>',
              mar='w:top="1928" w:right="1474" w:bottom="1814" w:left="1587"'), "", 21, 28, -1000 / 4096),
        (sect('<w:docGrid w:type="lines" w:linePitch="579"/>', size='w:w="16838" w:h="11906" w:orient="landscape"',
              mar='w:top="1587" w:right="2098" w:bottom="1474" w:left="1984"'), '<w:spacing w:val="-5"/>', 15, 40, -0.25),
        (sect('<w:docGrid w:linePitch="312"/>'), "", 22, 27, 0.0),  # no grid type: 22 lines assumed
        # LibreOffice (every .doc/.wps it converts) writes a negative charSpace as unsigned 32-bit: −1230
        (sect('<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="4294966066"/>'), "", 22, 28, -1230 / 4096),
    ],
)
def test_section_geometry(section: str, styles_extra: str, lines: int, chars: int, spacing: float) -> None:
    from tests.fixtures.docx.build import STYLES

    styles = STYLES.replace('<w:sz w:val="32"/>', f'<w:sz w:val="32"/>{styles_extra}', 1)
    draft = read_docx_bytes(docx(title(), sect=section, styles=styles), source="t.docx")
    page = draft.page
    assert (page.lines_per_page, page.chars_per_line) == (lines, chars)
    assert page.char_spacing_pt == pytest.approx(spacing)


def test_the_standard_template_sets_28_characters_a_line() -> None:
    """linesAndChars 579/−848 (the office template): a body paragraph runs 26 字 after its indent, then 28."""
    body = p("国" * 60, ppr='<w:ind w:firstLineChars="200" w:firstLine="640"/>')
    draft = read_docx_bytes(docx(title() + body), source="t.docx")
    assert draft.page.char_grid
    lines = [line.text for line in layout(draft).lines if line.text.startswith("国")]
    assert [len(t) for t in lines] == [26, 28, 6]
    plain = read_docx_bytes(docx(title() + body, sect=sect('<w:docGrid w:type="lines" w:linePitch="579"/>')), source="t")
    assert not plain.page.char_grid  # a line grid only: run spacing, as LibreOffice applies it


@pytest.mark.parametrize(
    ("line", "lines"),
    [('w:line="360" w:lineRule="auto"', 14), ('w:line="480" w:lineRule="auto"', 11), ('w:line="560" w:lineRule="exact"', 22)],
)
def test_body_line_spacing_sets_the_pitch(line: str, lines: int) -> None:
    from tests.fixtures.docx.build import STYLES

    styles = STYLES.replace('w:line="240" w:lineRule="auto"', line)
    assert read_docx_bytes(docx(title(), styles=styles), source="t").page.lines_per_page == lines


def test_no_grid_is_noted_with_the_layout() -> None:
    draft = read_docx_bytes(docx(title(), sect=sect("")), source="t")
    assert draft.page.lines_per_page == 22 and draft.layout_facts.sections_without_grid == 1
    assert not any("文档网格" in n for n in draft.notes)  # worded by the layout, for its profile
    assert any("文档网格" in n and "22行" in n for n in layout(draft).notes)


LANDSCAPE = sect('<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-848"/>',
                 size='w:w="16838" w:h="11906" w:orient="landscape"',
                 mar='w:top="1587" w:right="2098" w:bottom="1474" w:left="1984"')


@pytest.mark.parametrize(("start", "breaks"), [("", True), ('<w:type w:val="nextPage"/>', True), ('<w:type w:val="continuous"/>', False)])
def test_sections_per_attachment(start: str, breaks: bool) -> None:
    body = p("正文。") + f"<w:p><w:pPr>{SECT}</w:pPr>{r('附件：1.清单')}</w:p>" + p("附件1") + p("清单", ppr='<w:jc w:val="center"/>')
    last = LANDSCAPE.replace("<w:sectPr>", f"<w:sectPr>{start}")
    draft = read_docx_bytes(docx(title() + body, sect=last), source="t")
    main, att = draft.parts
    assert main.page is None and att.page is not None
    assert att.page.page_width_pt > att.page.page_height_pt
    label = att.blocks[0]
    assert (label.kind, label.style.page_break_before) == (BlockKind.ATTACHMENT_LABEL, breaks)
    assert att.blocks[1].kind is BlockKind.TITLE
    assert not any("页面设置不同" in n for n in draft.notes)


GRID = '<w:docGrid w:type="lines" w:linePitch="579"/>'


@pytest.mark.parametrize(
    ("cols", "starts", "widths", "sep"),
    [
        # equal columns: (8845 − 1 × 425) / 2 twips each (210.5 pt), 425 apart, from the left margin (1587 twips)
        ('<w:cols w:num="2" w:space="425"/>', (79.35, 79.35 + 210.5 + 21.25), (210.5, 210.5), False),
        # no w:space: Word's 720 twips; w:sep draws a line between
        ('<w:cols w:num="3" w:sep="1"/>', (79.35, 79.35 + 123.4167 + 36, 79.35 + 2 * (123.4167 + 36)), (123.4167,) * 3, True),
        # w:equalWidth off: each w:col's own width and the space after it (wordpairs/04's WPS section)
        ('<w:cols w:equalWidth="0" w:num="3"><w:col w:w="2517" w:space="674"/><w:col w:w="3042" w:space="464"/>'
         '<w:col w:w="4613"/></w:cols>', None, None, False),
    ],
)
def test_a_sections_columns_come_onto_its_blocks(
    cols: str, starts: tuple[float, ...] | None, widths: tuple[float, ...] | None, sep: bool
) -> None:
    draft = read_docx_bytes(docx(title() + p("正文。"), sect=sect(GRID + cols)), source="t")
    columns = draft.main.blocks[-1].style.columns
    assert columns is not None and columns.separator is sep
    if widths is None:  # explicit widths: 8845 twips of text block hold 2517 + 674 + 3042 + 464 + 4613 = 11310: scaled
        scale = 8845 / 11310
        assert columns.widths == pytest.approx((2517 / 20 * scale, 3042 / 20 * scale, 4613 / 20 * scale))
        assert columns.starts[1] == pytest.approx(79.35 + (2517 + 674) / 20 * scale)
    else:
        assert columns.widths == pytest.approx(widths) and columns.starts == pytest.approx(starts)
    assert draft.text_columns == columns
    assert not any("分栏" in n for n in draft.notes)
    one = read_docx_bytes(docx(title() + p("正文。"), sect=sect(GRID + '<w:cols w:space="720"/>')), source="t")
    assert one.main.blocks[-1].style.columns is None and one.text_columns is None


def test_a_column_break_starts_a_block_in_the_next_column() -> None:
    body = f'<w:p>{r("左栏。")}<w:r><w:br w:type="column"/></w:r>{r("右栏。")}</w:p>' + p("又一段。")
    draft = read_docx_bytes(docx(title() + body, sect=sect(GRID + '<w:cols w:num="2"/>')), source="t")
    left, right, after = draft.main.blocks[-3:]
    assert (left.text, right.text) == ("左栏。", "右栏。")
    assert right.style.column_break_before and not right.style.page_break_before
    assert not after.style.column_break_before
    lay = layout(draft)
    assert [(line.text, line.column) for line in lay.lines[-3:]] == [("左栏。", 1), ("右栏。", 2), ("又一段。", 2)]


# --------------------------------------------------------------------------
# parts, titles, refs


@pytest.mark.parametrize(
    ("label", "splits"),
    [("附件1", True), ("附件 1", True), ("附件1：", True), ("附件１", True), ("附件：1.清单", False), ("附件12345", False)],
)
def test_attachment_label_starts_a_part(label: str, splits: bool) -> None:
    body = p("正文。") + p(label, ppr='<w:jc w:val="left"/>', rpr='<w:rFonts w:eastAsia="黑体"/>') + p("清单名称")
    draft = read(body)
    if splits:
        att = draft.parts[1]
        assert (att.id, att.label) == ("att1", "附件1")
        assert (att.blocks[0].kind, att.blocks[0].text, att.blocks[0].style.font_role) == (
            BlockKind.ATTACHMENT_LABEL, label, "heiti")
        assert att.blocks[1].kind is BlockKind.TITLE and att.title == "清单名称"
    else:
        assert len(draft.parts) == 1


@pytest.mark.parametrize("label", ["附件2", "附件", "附件："])
def test_attachment_label_above_the_title_stays_in_the_main_part(label: str) -> None:
    body = p(label, rpr='<w:rFonts w:eastAsia="黑体"/>') + title() + p("正文。") + p("附件1") + p("清单")
    draft = read_docx_bytes(docx(body), source="t")
    assert [b.kind for b in draft.main.blocks] == [BlockKind.ATTACHMENT_LABEL, BlockKind.TITLE, BlockKind.BODY]
    assert draft.title == "关于测试的实施方案" and [p.label for p in draft.parts] == ["正文", "附件1"]


def test_title_subtitle_and_blank_rows_before_the_title() -> None:
    body = (
        p("")
        + p("关于测试的实施方案", ppr='<w:jc w:val="center"/>', rpr='<w:sz w:val="44"/>')
        + p("（征求意见稿）", ppr='<w:jc w:val="center"/>')
        + p("")
        + p("为了测试，制定本方案（以下简称《方案》）。")
    )
    draft = read_docx_bytes(docx(body), source="t")
    kinds = [b.kind for b in draft.main.blocks]
    assert kinds == [BlockKind.BLANK, BlockKind.TITLE, BlockKind.TITLE, BlockKind.BLANK, BlockKind.BODY]
    assert (draft.title, draft.short_name) == ("关于测试的实施方案", "《方案》")


def test_refs_lead_back_to_the_source_paragraphs() -> None:
    body = (
        p("甲")
        + '<w:sdt><w:sdtPr/><w:sdtContent>' + p("控件中的段落") + "</w:sdtContent></w:sdt>"
        + f"<w:p>{r('前半')}{BR}{r('后半')}</w:p>"
        + tbl(tr(tc("表头"), tc("列"), tc("三")) + tr(tc("1"), tc("乙"), tc("丙")))
    )
    data = docx(title() + body)
    draft = read_docx_bytes(data, source="t")
    assert [b.ref for b in draft.main.blocks] == ["p:0", "p:1", "sdt:0/p:0", "p:2", "p:2@2", "tbl:0/r:0", "tbl:0/r:1"]
    import zipfile
    from io import BytesIO

    root = parse_xml(zipfile.ZipFile(BytesIO(data)).read("word/document.xml"), "document.xml", "t")
    body_el = root.find(f"{{{W_NS}}}body")
    reader = TextReader(Styles(None))
    for b in draft.main.blocks:
        el, offset = find(body_el, b.ref)
        if b.kind is BlockKind.TABLE_ROW:
            assert el.tag == f"{{{W_NS}}}tr"
        else:
            assert reader.paragraph(el, None, None).text[offset:].startswith(b.text)


# --------------------------------------------------------------------------
# the Baise example: draft.txt → docx_writer → reader, and draft.docx


def test_written_docx_reads_back_line_for_line(tmp_path: Path) -> None:
    draft = read_text(EXAMPLE / "draft.txt")
    path = write_docx(draft, tmp_path / "draft.docx")
    again = read_docx(path)
    assert again.notes == ()
    assert (again.title, again.short_name, [p.label for p in again.parts]) == (
        draft.title, draft.short_name, [p.label for p in draft.parts])
    assert lines(again) == lines(draft)


def test_example_docx_is_the_text_draft() -> None:
    draft = read_text(EXAMPLE / "draft.txt")
    again = read_docx(EXAMPLE / "draft.docx")
    assert lines(again) == lines(draft)
    assert [b.text for p in again.parts for b in p.blocks if b.kind is not BlockKind.BLANK] == [
        b.text for p in draft.parts for b in p.blocks
    ]


_LOCATOR = re.compile(r"P\d+[顺倒]数第[一二三四五六七八九十]+行“[^”]+”")


def test_report_from_docx_has_the_same_locators(tmp_path: Path) -> None:
    case = tmp_path / "baise"
    shutil.copytree(EXAMPLE, case)
    (case / "draft.txt").unlink()
    review = case / "review.yaml"
    text = review.read_text(encoding="utf-8")
    assert "draft: draft.txt" in text
    review.write_text(text.replace("draft: draft.txt", "draft: draft.docx"), encoding="utf-8")
    from_txt = services.render_report(EXAMPLE, "md")
    from_docx = services.render_report(case, "md")
    locators = _LOCATOR.findall(from_txt)
    assert len(locators) >= 9
    assert _LOCATOR.findall(from_docx) == locators
    assert from_docx == from_txt


def test_pitch_constant_matches_the_standard_section() -> None:
    page = read_docx_bytes(docx(title()), source="t").page
    assert page.char_pitch_pt == pytest.approx(PITCH) and math.isclose(page.text_width_pt, 442.25)


# --------------------------------------------------------------------------
# the title block (GB/T 9704 7.3.1: 2号, centred, before the body) — issue 10, point 1

_CENTRE = '<w:jc w:val="center"/><w:ind w:firstLineChars="0" w:firstLine="0"/>'
_TWO = '<w:sz w:val="44"/><w:rFonts w:eastAsia="方正小标宋简体"/>'
_HEI = '<w:rFonts w:eastAsia="黑体"/>'


def test_a_centred_chapter_heading_under_the_title_is_not_part_of_it() -> None:
    body = (
        p("青禾县集体林权流转管理暂行办法", ppr=_CENTRE, rpr=_TWO)
        + p("第一章　总　　则", ppr=_CENTRE, rpr=_HEI)
        + p("第一条　为规范集体林权流转，制定本办法。")
        + p("第二章　流转程序", ppr=_CENTRE, rpr=_HEI)
        + p("第二条　流转应当签订书面合同。")
    )
    draft = read_docx_bytes(docx(body), source="t")
    kinds = [b.kind for b in draft.main.blocks]
    assert kinds == [BlockKind.TITLE, BlockKind.CHAPTER, BlockKind.BODY, BlockKind.CHAPTER, BlockKind.BODY]
    assert draft.title == "青禾县集体林权流转管理暂行办法"
    assert (draft.short_name, draft.report_short_name, draft.doc_name) == ("", "《办法》", "《办法》")


def test_a_title_block_of_two_2hao_lines_and_a_subtitle_ends_at_the_first_body_size_line() -> None:
    body = (
        p("关于进一步做好城乡居民基本医疗保险", ppr=_CENTRE, rpr=_TWO)
        + p("参保缴费工作的通知", ppr=_CENTRE, rpr=_TWO)
        + p("（送审稿）", ppr=_CENTRE, rpr='<w:rFonts w:eastAsia="楷体_GB2312"/>')
        + p("各乡（镇）人民政府：", ppr=_CENTRE)  # centred by mistake, but body size: not the title
        + p("现将有关事项通知如下。")
    )
    draft = read_docx_bytes(docx(body), source="t")
    kinds = [b.kind for b in draft.main.blocks]
    assert kinds[:3] == [BlockKind.TITLE] * 3 and kinds[3:] == [BlockKind.BODY, BlockKind.BODY]
    assert draft.title == "关于进一步做好城乡居民基本医疗保险参保缴费工作的通知"
    assert draft.report_short_name == "《通知》"


def test_a_title_typed_in_body_size_takes_only_lines_set_like_it() -> None:
    bold = '<w:b/><w:rFonts w:eastAsia="黑体"/>'
    body = (
        p("石门乡农村饮水工程管护办法", ppr=_CENTRE, rpr=bold)
        + p("（试行）", ppr=_CENTRE, rpr=bold)
        + p("第一章　总则", ppr=_CENTRE, rpr=bold)  # same size and font, but a chapter heading
        + p("第一条　为加强农村饮水工程管护，制定本办法。")
    )
    draft = read_docx_bytes(docx(body), source="t")
    assert [b.kind for b in draft.main.blocks] == [BlockKind.TITLE, BlockKind.TITLE, BlockKind.CHAPTER, BlockKind.BODY]
    assert draft.title == "石门乡农村饮水工程管护办法（试行）" and draft.report_short_name == "《办法》"


def test_a_single_attachment_labelled_fujian_is_a_part_of_its_own() -> None:
    body = (
        p("正文第一段。")
        + p("附件：奖补标准表")
        + p("附件", ppr='<w:pageBreakBefore/>', rpr=_HEI)
        + p("奖补标准表", ppr=_CENTRE, rpr=_TWO)
        + tbl(tr(tc("项目"), tc("标准（元）")) + tr(tc("改厕"), tc("2400")))
    )
    draft = read(body)
    assert [(pt.id, pt.label) for pt in draft.parts] == [("main", "正文"), ("att", "附件")]
    att = draft.part("附件")
    assert att is draft.part("附件1") is draft.part("att")  # one attachment: either label names it
    assert att.title == "奖补标准表" and att.blocks[-1].cells == ("改厕", "2400")
    lay = layout(draft)
    assert services.printed_lines(lay, "附件第1页第1行") == ["附件"]
    ((loc, _line),) = services.locate_in(lay, "2400")  # the table's quote is cited in the attachment
    assert loc == "附件第1页倒数第一行" and services.printed_lines(lay, loc) == ["改厕 | 2400"]
