"""Reading what caina check checks: text, Markdown and .docx drafts and reports; glossary YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from caina.errors import GlossaryError, SourceFileError
from caina.io.check_input import read_check_input, read_glossary, strip_markdown

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "check"


def test_a_text_report_keeps_file_lines(tmp_path: Path) -> None:
    p = tmp_path / "r.txt"
    p.write_text("意见采纳情况\n\n1.市财政局提出：删去第四条。\n意见采纳情况：予以采纳。\n", encoding="utf-8")
    got = read_check_input(p)
    assert got.kind == "report"
    assert [(x.index, x.line) for x in got.paragraphs] == [(1, 1), (2, 3), (3, 4)]


def test_a_text_draft_is_read_as_a_draft_with_block_lines() -> None:
    got = read_check_input(FIXTURES / "clean_draft_business.txt")
    assert got.kind == "draft" and got.draft is not None
    assert got.block_lines is not None and got.block_lines[0] == 1
    assert len(got.block_lines) == sum(len(p.blocks) for p in got.draft.parts)


def test_gb18030_text(tmp_path: Path) -> None:
    p = tmp_path / "g.txt"
    p.write_bytes("标题\n正文一段，逐字逐句。\n".encode("gb18030"))
    assert read_check_input(p, "draft").paragraphs[1].text == "正文一段，逐字逐句。"


def test_markdown_markup_is_taken_off_line_for_line() -> None:
    assert strip_markdown("# 标题\n\n> 引文\n- **加粗**内容") == "标题\n\n引文\n加粗内容"


def test_traditional_text_is_converted(tmp_path: Path) -> None:
    p = tmp_path / "t.txt"
    p.write_text("《某市辦法》徵求意見採納情況\n1.林**提出：建議刪去第五條。\n採納情況：採納。\n", encoding="utf-8")
    got = read_check_input(p)
    assert got.kind == "report" and "采纳" in got.paragraphs[2].text and got.notes


def test_a_docx_report_with_a_revision_and_a_table(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("意见采纳情况")
    para = doc.add_paragraph("1.市财政局提出：建议删去第四条。采纳情况：予以采纳。")
    ins = para._p.makeelement("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}ins")
    ins.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}id", "1")
    para._p.append(ins)
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "序号", "意见"
    table.cell(1, 0).text, table.cell(1, 1).text = "1", "不予采纳"
    p = tmp_path / "r.docx"
    doc.save(str(p))
    got = read_check_input(p)
    assert got.kind == "report" and got.meta["revisions"] == 1
    assert all(x.line is None for x in got.paragraphs)
    assert any("序号" in x.text for x in got.paragraphs)


@pytest.mark.parametrize(("name", "content"), [("x.doc", b"x"), ("x.pdf", b"x"), ("x.txt", b"")])
def test_refusals_name_the_file_and_the_fix(tmp_path: Path, name: str, content: bytes) -> None:
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(SourceFileError) as exc:
        read_check_input(p)
    assert str(p) in exc.value.message


def test_missing_file() -> None:
    with pytest.raises(SourceFileError, match="找不到文件"):
        read_check_input(Path("no/such/file.txt"))


def test_glossary_yaml() -> None:
    g = read_glossary(FIXTURES / "glossary.yaml")
    units = [e for e in g.entries if e.kind == "unit"]
    assert units and "人社局" in units[0].aliases
    assert any(e.name == "工程技术研究中心" for e in g.entries)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("names: [\n", "不是有效的 YAML"),
        ("things: []\n", "未知的键"),
        ("names:\n  - aliases: [x]\n", "缺少 name"),
        ("names:\n  - name: 甲\n    colour: red\n", "未知的键"),
        ("names:\n  - name: 甲\n    severity: fatal\n", "severity"),
        ("42\n", "应是一个映射"),
    ],
)
def test_glossary_errors(tmp_path: Path, content: str, message: str) -> None:
    p = tmp_path / "g.yaml"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryError, match=message) as exc:
        read_glossary(p)
    assert str(p) in exc.value.message


def test_a_traditional_draft_is_laid_out_in_simplified_characters(tmp_path: Path) -> None:
    """A draft in traditional characters (a mirror's copy, a Hong Kong office): checked and located as simplified text."""
    from caina.services.checks import check_file

    lines = ["某縣農村公路養護管理辦法", "第一條　為了加強農村公路養護管理，根據有關法律法規，結合本縣實際，制定本辦法。",
             "第二條　本辦法適用於本縣行政區域內農村公路的養護管理活動。"]  # fmt: skip
    text_path = tmp_path / "草案.txt"
    text_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    docx_path = tmp_path / "草案.docx"
    doc.save(str(docx_path))
    for path in (text_path, docx_path):
        source = read_check_input(path)
        assert source.kind == "draft" and source.draft is not None
        assert "农村公路养护管理办法" in source.draft.title
        assert all("養" not in b.text for part in source.draft.parts for b in part.blocks)
        result = check_file(path)
        assert [f.rule for f in result.findings if f.severity.value != "info"] == [], result.findings


def test_web_page_lines_and_pinyin_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(
        "当前位置：首页 > 政务公开\n关于《某县规(guī)划》征求意见情况的说明\n共收到意见2条，均已采纳。\n【打印本页】【关闭窗口】\n",
        encoding="utf-8",
    )
    source = read_check_input(path)
    assert [p.line for p in source.paragraphs] == [2, 3]
    assert "(guī)" not in source.paragraphs[0].text
    assert any("网页上的栏目文字" in n for n in source.notes) and any("拼音" in n for n in source.notes)
