"""The 意见采纳情况 report as a GB/T 9704 .docx, read back and rendered through LibreOffice."""

from __future__ import annotations

import io
import itertools
import os
import re
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from lxml import etree
from typer.testing import CliRunner

from caina import services
from caina.cli import app
from caina.core.report import Report, ReportItem
from caina.io import pdf
from caina.io.gbt9704 import FOOTER_DISTANCE_GBT
from caina.io.report_docx import em_width, report_paragraphs, report_to_docx_bytes, signature_indents, title_lines
from caina.services import documents

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "baise"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MM_PT = 72 / 25.4


def q(tag: str) -> str:
    prefix, name = tag.split(":")
    assert prefix == "w"
    return f"{{{W_NS}}}{name}"


def require_soffice() -> None:
    if pdf.available():
        return
    if os.environ.get("CI"):
        pytest.fail("CI 中必须安装 LibreOffice（soffice）：运行 scripts/install-system.sh")
    pytest.skip("LibreOffice (soffice) is not installed; install it with scripts/install-system.sh")


@pytest.fixture(scope="module")
def report() -> Report:
    return services.report(services.load_case(EXAMPLE))


@pytest.fixture(scope="module")
def data(report: Report) -> bytes:
    return report_to_docx_bytes(report)


@pytest.fixture(scope="module")
def doc(data: bytes):  # type: ignore[no-untyped-def]
    return Document(io.BytesIO(data))


def part_xml(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def east_asia(paragraph) -> set[str]:  # type: ignore[no-untyped-def]
    return {r._r.rPr.find(q("w:rFonts")).get(q("w:eastAsia")) for r in paragraph.runs}


def sizes(paragraph) -> set[float]:  # type: ignore[no-untyped-def]
    return {r.font.size.pt for r in paragraph.runs}


# -- the page ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attr", "mm"),
    [("page_width", 210), ("page_height", 297), ("top_margin", 37), ("bottom_margin", 35), ("left_margin", 28), ("right_margin", 26)],
)  # fmt: skip
def test_page_geometry(doc, attr: str, mm: float) -> None:  # type: ignore[no-untyped-def]
    assert abs(getattr(doc.sections[0], attr) - Mm(mm)) <= Mm(0.1), attr


def test_grid_and_defaults(data: bytes, doc) -> None:  # type: ignore[no-untyped-def]
    grid = doc.sections[0]._sectPr.find(q("w:docGrid"))
    assert grid.get(q("w:type")) == "lines" and grid.get(q("w:linePitch")) == "579"  # 22 lines of 28.95 pt
    styles = part_xml(data, "word/styles.xml")
    rpr = styles.find(f"{q('w:docDefaults')}/{q('w:rPrDefault')}/{q('w:rPr')}")
    assert rpr.find(q("w:spacing")).get(q("w:val")) == "-5"  # −0.25 pt: LibreOffice sets 28 a line
    assert rpr.find(q("w:sz")).get(q("w:val")) == "32"
    assert rpr.find(q("w:lang")).get(q("w:eastAsia")) == "zh-CN"
    fonts = rpr.find(q("w:rFonts"))
    assert fonts.get(q("w:eastAsia")) == "仿宋_GB2312" and fonts.get(q("w:eastAsiaTheme")) is None
    ppr = styles.find(f"{q('w:docDefaults')}/{q('w:pPrDefault')}/{q('w:pPr')}")
    assert ppr.find(q("w:spacing")).get(q("w:line")) == "240"  # single spacing: one grid row a line
    assert abs(doc.sections[0].footer_distance - FOOTER_DISTANCE_GBT) <= Mm(0.1)


# -- fonts per role -----------------------------------------------------------------------------

ROLES = [
    # (which paragraph, East-Asian font, size pt, alignment, first-line indent in 字)
    ("label", "黑体", 16, WD_ALIGN_PARAGRAPH.LEFT, None),
    ("title", "方正小标宋简体", 22, WD_ALIGN_PARAGRAPH.CENTER, None),
    ("intro", "仿宋_GB2312", 16, WD_ALIGN_PARAGRAPH.JUSTIFY, "200"),
    ("item", "仿宋_GB2312", 16, WD_ALIGN_PARAGRAPH.JUSTIFY, "200"),
    ("decision", "仿宋_GB2312", 16, WD_ALIGN_PARAGRAPH.JUSTIFY, "200"),
    ("office", "仿宋_GB2312", 16, WD_ALIGN_PARAGRAPH.JUSTIFY, "200"),
]


def find(doc, report: Report, role: str):  # type: ignore[no-untyped-def]
    starts = {
        "label": report.label,
        "title": report.title[0][:10],
        "intro": report.intro[:20],
        "item": report.items[0].text[:12],
        "decision": report.items[0].decision[:20],
        "office": report.office_item[:12],
    }
    return next(p for p in doc.paragraphs if p.text.startswith(starts[role]))


@pytest.mark.parametrize(("role", "font", "size", "align", "indent"), ROLES)
def test_fonts_per_role(doc, report: Report, role: str, font: str, size: float, align, indent) -> None:  # type: ignore[no-untyped-def]
    p = find(doc, report, role)
    assert east_asia(p) == {font}
    assert sizes(p) == {size}
    assert p.alignment == align
    ind = p._p.pPr.find(q("w:ind"))
    assert (ind.get(q("w:firstLineChars")) if ind is not None else None) == indent


def test_label_title_and_body_order(doc, report: Report) -> None:  # type: ignore[no-untyped-def]
    texts = [p.text for p in doc.paragraphs]
    assert texts[:3] == ["附件2", "", "\n".join([*title_lines(report.title[0], 20.3), report.title[1]])]
    assert texts[3] == ""  # one empty line between the title and the body
    body = report_paragraphs(report)
    assert texts[4 : 4 + len(body)] == body
    assert texts[4 + len(body) :] == ["", *report.signature]  # one empty line, then the signature and the date


def test_the_signature_is_set_by_gbt_9704(doc, report: Report) -> None:  # type: ignore[no-untyped-def]
    """7.3.5.2: the office 2 字 from the right edge, the date under it with its first character 2 字 right of the
    office's; when the date is the longer, the date keeps 2 字 and the office moves left."""
    office, date = doc.paragraphs[-2], doc.paragraphs[-1]
    assert (office.text, office.alignment, date.alignment) == ("市科知局", WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.RIGHT)
    right = [float(p._p.pPr.find(q("w:ind")).get(q("w:rightChars"))) / 100 for p in (office, date)]
    width = em_width(date.text)  # "2026年12月3日": longer than 市科知局 (4 字)
    assert right[1] == 2.0 and right[0] == pytest.approx(2.0 + width + 2 - 4)
    office_name = "云溪县农村人居环境整治工作领导小组办公室"  # longer than its date: the office keeps 2 字
    assert signature_indents((office_name, "2024年5月20日")) == pytest.approx(
        (2.0, 2.0 + em_width(office_name) - 2 - em_width("2024年5月20日"))
    )


def test_title_breaks_like_the_seed(doc, report: Report) -> None:  # type: ignore[no-untyped-def]
    title = find(doc, report, "title")
    assert title.text.split("\n") == [
        "《百色市科技创新支撑产业高质量发展",
        "三年行动实施方案（2018—2020年）》",
        "四届56次政府常务会意见采纳情况",
    ]


def test_without_label_the_title_comes_first(report: Report) -> None:
    doc = Document(io.BytesIO(report_to_docx_bytes(replace(report, label=""))))
    assert doc.paragraphs[0].text.startswith("《百色市")
    assert "附件2" not in [p.text for p in doc.paragraphs]


@pytest.mark.parametrize(
    ("text", "font"),
    [
        ("一、市领导意见", "黑体"),
        ("（一）市直单位意见", "楷体_GB2312"),
        ("1.周市长提出：认真把握地方创新的方向。", "仿宋_GB2312"),
        ("一、这一段很长，虽然以“一、”开头，但有句号。所以它是正文而不是标题，应当用仿宋。", "仿宋_GB2312"),
    ],
)
def test_headings_take_their_fonts(report: Report, text: str, font: str) -> None:
    item = ReportItem(number=1, lead="", opinion="", decision=text)
    doc = Document(io.BytesIO(report_to_docx_bytes(replace(report, items=(item,), office_item=""))))
    p = next(p for p in doc.paragraphs if p.text == text)
    assert east_asia(p) == {font}


# -- page numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("which", "align", "side"), [("footer", "right", "right"), ("even_page_footer", "left", "left")])
def test_page_number_footers(doc, data: bytes, which: str, align: str, side: str) -> None:  # type: ignore[no-untyped-def]
    assert part_xml(data, "word/settings.xml").find(q("w:evenAndOddHeaders")) is not None
    p = getattr(doc.sections[0], which).paragraphs[0]._p
    assert p.pPr.find(q("w:jc")).get(q("w:val")) == align
    assert p.pPr.find(q("w:ind")).get(q(f"w:{side}")) == "280"  # 1 字 in from the edge
    kinds = [fc.get(q("w:fldCharType")) for fc in p.iter(q("w:fldChar"))]
    assert kinds == ["begin", "end"]
    assert [t.text for t in p.iter(q("w:instrText"))] == [" PAGE "]
    assert "".join(t.text for t in p.iter(q("w:t"))) == "—  —"
    for r in p.iter(q("w:r")):
        assert r.find(f"{q('w:rPr')}/{q('w:rFonts')}").get(q("w:eastAsia")) == "宋体"
        assert r.find(f"{q('w:rPr')}/{q('w:sz')}").get(q("w:val")) == "28"  # 4号


# -- Word's schema order (Word refuses out-of-order properties) -----------------------------------

ORDER = {
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em "
    "lang eastAsianLayout specVanish oMath".split(),
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange".split(),
}


@pytest.mark.parametrize("name", ["word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml"])
def test_properties_in_schema_order(data: bytes, name: str) -> None:
    root = part_xml(data, name)
    for parent, order in ORDER.items():
        for el in root.iter(q(f"w:{parent}")):
            names = [etree.QName(c).localname for c in el if etree.QName(c).namespace == W_NS]
            known = [n for n in names if n in order]
            assert known == sorted(known, key=order.index), (name, parent, names)


# -- title breaking --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "capacity", "want"),
    [
        ("四届56次政府常务会意见采纳情况", 20.3, ["四届56次政府常务会意见采纳情况"]),
        (
            "《百色市科技创新支撑产业高质量发展三年行动实施方案（2018—2020年）》",
            20.3,
            ["《百色市科技创新支撑产业高质量发展", "三年行动实施方案（2018—2020年）》"],
        ),
        (
            "关于进一步加强和改进新时代城市基层党建工作推动城市治理体系和治理能力现代化的实施意见（征求意见稿）",
            20.3,
            ["关于进一步加强和改进新时代城市基层", "党建工作推动城市治理体系和治理能力", "现代化的实施意见（征求意见稿）"],
        ),
    ],
)
def test_title_lines(line: str, capacity: float, want: list[str]) -> None:
    got = title_lines(line, capacity)
    assert got == want
    assert "".join(got) == line
    assert all(em_width(x) <= capacity for x in got)
    assert not any(x.endswith(("（", "《", "“")) or x.startswith(("）", "》", "”", "，")) for x in got)


@pytest.mark.parametrize(("text", "width"), [("汉字", 2), ("2018", 2), ("GB/T", 2), ("（2018—2020年）", 8)])
def test_em_width(text: str, width: float) -> None:
    assert em_width(text) == width


# -- the CLI and the PDF ---------------------------------------------------------------------------


def test_cli_report_docx(tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    result = CliRunner().invoke(app, ["report", str(EXAMPLE), "-o", str(out)])  # format from the extension
    assert result.exit_code == 0, result.output
    assert Document(str(out)).paragraphs[0].text == "附件2"


@pytest.mark.parametrize(
    ("fmt", "output", "needle"),
    [
        ("docx", None, "docx 格式的报告不能打印到屏幕"),
        ("pdf", "r.docx", "输出文件的扩展名与报告格式不一致"),
        ("txt", "r.pdf", "输出文件的扩展名与报告格式不一致"),
        ("html", "r.html", "不支持的报告格式“html”"),
    ],
)
def test_report_format_errors(fmt: str, output: str | None, needle: str, tmp_path: Path) -> None:
    args = ["report", str(EXAMPLE), "-f", fmt] + (["-o", str(tmp_path / output)] if output else [])
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and needle in result.output and "请" in result.output, result.output
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("fmt", "output", "want"),
    [(None, "a.pdf", "pdf"), (None, "a.txt", "txt"), (None, None, "md"), ("MD", "a.md", "md"), ("md", "a.txt", "md")],
)
def test_report_format_inferred(fmt: str | None, output: str | None, want: str) -> None:
    assert documents.report_format(fmt, Path(output) if output else None) == want


@pytest.fixture(scope="module")
def rendered(data: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_soffice()
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    pdf.write_pdf(data, path)
    return path


def bbox_lines(path: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(xMin, yMin, xMax, text) of every line pdftotext finds on a page."""
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-bbox-layout", str(path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    root = etree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", out).encode())
    lines = []
    for line in root.iter("{http://www.w3.org/1999/xhtml}line"):
        words = "".join(wd.text or "" for wd in line.iter("{http://www.w3.org/1999/xhtml}word"))
        lines.append((float(line.get("xMin")), float(line.get("yMin")), float(line.get("xMax")), words))
    return lines


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]


def test_pdf_first_page(rendered: Path) -> None:
    lines = bbox_lines(rendered, 1)
    assert lines[0][3] == "附件2" and lines[0][0] < 28 * MM_PT + 5  # flush left at the margin
    assert lines[1][3] == "《百色市科技创新支撑产业高质量发展"
    assert abs((lines[1][0] + lines[1][2]) / 2 - (28 + 156 / 2) * MM_PT) < 3  # centred on the text block


def test_pdf_page_numbers_alternate(rendered: Path) -> None:
    width = 210 * MM_PT
    pages = page_count(rendered)
    assert pages >= 2
    for page in range(1, pages + 1):
        number = [ln for ln in bbox_lines(rendered, page) if ln[3] == f"—{page}—"]
        assert len(number) == 1, page
        x_min, y_min, x_max, _ = number[0]
        if page % 2:
            assert x_max > width - 26 * MM_PT - 20, (page, x_max)  # right, about 1 字 in
        else:
            assert x_min < 28 * MM_PT + 20, (page, x_min)  # left
        below_block = y_min - (297 - 35) * MM_PT  # GB/T 9704: 7 mm below the text block
        assert 2 * MM_PT < below_block < 9 * MM_PT, (page, below_block / MM_PT)


def test_pdf_has_22_lines_a_page(rendered: Path) -> None:
    top, bottom = 37 * MM_PT - 5, (297 - 35) * MM_PT
    body = [ln for ln in bbox_lines(rendered, 2) if top <= ln[1] < bottom]
    assert len(body) == 22
    gaps = {round(b[1] - a[1], 0) for a, b in itertools.pairwise(body)}
    assert gaps <= {29.0, 28.0}, gaps  # linePitch 579 twips = 28.95 pt
