"""Build examples/county/draft.docx from examples/county/draft.txt the way a county office types it in Word.

Usage: .venv/bin/python scripts/make_county_docx.py [SOURCE.txt [TARGET.docx]]

Not caina's own writer: the document is what a clerk's Word template gives —
the office grid (``linesAndChars``, 22 lines × 28 字: linePitch 579, charSpace
−848), 仿宋_GB2312 3号 body with a 2-字 first-line indent in the Normal style,
the title in 方正小标宋简体 2号 centred, centred 黑体 第X章 headings right after
it, article numbers (第一条) in 黑体 runs, a page-number footer ("— 1 —",
4号 宋体, PAGE field), and the single attachment labelled just "附件"
(黑体, on a new page) with its title and a table in 4号. The reader must
find all of that by itself (tests/test_county.py checks it does).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = re.compile(r"^(第[一二三四五六七八九十百]+条)(\u3000)(.*)$")
CHAPTER = re.compile(r"^第[一二三四五六七八九十]+章")


def _fonts(run, east_asia: str, size_pt: float, latin: str = "Times New Roman") -> None:  # type: ignore[no-untyped-def]
    run.font.size = Pt(size_pt)
    run.font.name = latin
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)


def _no_indent(p) -> None:  # type: ignore[no-untyped-def]
    ppr = p._p.get_or_add_pPr()
    ind = OxmlElement("w:ind")
    ind.set(qn("w:firstLineChars"), "0")
    ind.set(qn("w:firstLine"), "0")
    ppr.append(ind)


def _office_template(doc) -> None:  # type: ignore[no-untyped-def]
    """The county office's Word template: page, grid, Normal style, footer."""
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    sec.footer_distance = Mm(17)
    grid = sec._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sec._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), "579")
    grid.set(qn("w:charSpace"), "-848")
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    ppr_default = defaults.find(qn("w:pPrDefault")) if defaults is not None else None
    if ppr_default is not None:  # python-docx's template spaces paragraphs apart; an office template does not
        defaults.remove(ppr_default)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    normal.font.name = "Times New Roman"
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    fonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)
    ppr = normal.element.get_or_add_pPr()
    ind = OxmlElement("w:ind")
    ind.set(qn("w:firstLineChars"), "200")
    ind.set(qn("w:firstLine"), "640")
    ppr.append(ind)
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), "both")
    ppr.append(jc)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")
    ppr.append(spacing)
    # footer: "— PAGE —", 4号 宋体, centred (many county templates centre it)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _no_indent(fp)
    _fonts(fp.add_run("— "), "宋体", 14)
    for kind, text in (("begin", ""), ("instr", " PAGE "), ("separate", ""), ("text", "1"), ("end", "")):
        run = fp.add_run()
        _fonts(run, "宋体", 14)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            run._r.append(el)
        elif kind == "text":
            run.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
    _fonts(fp.add_run(" —"), "宋体", 14)


def _title(doc, text: str) -> None:  # type: ignore[no-untyped-def]
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _no_indent(p)
    _fonts(p.add_run(text), "方正小标宋简体", 22)


def _chapter(doc, text: str) -> None:  # type: ignore[no-untyped-def]
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _no_indent(p)
    _fonts(p.add_run(text), "黑体", 16)


def _body(doc, text: str) -> None:  # type: ignore[no-untyped-def]
    p = doc.add_paragraph()
    m = ARTICLE.match(text)
    if m:  # 黑体 article number, then the text in the body font
        _fonts(p.add_run(m.group(1)), "黑体", 16)
        _fonts(p.add_run(m.group(2) + m.group(3)), "仿宋_GB2312", 16)
    else:
        _fonts(p.add_run(text), "仿宋_GB2312", 16)


def _table(doc, rows: list[list[str]]) -> None:  # type: ignore[no-untyped-def]
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (Mm(14), Mm(46), Mm(34), Mm(34), Mm(28))
    table.autofit = False
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width  # w:gridCol: what Word (and caina) lay the table out by
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            cell = table.cell(r, c)
            cell.width = widths[c]
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _no_indent(p)
            _fonts(p.add_run(text), "黑体" if r == 0 else "仿宋_GB2312", 14)


def build(source: Path, target: Path) -> None:
    lines = [ln.strip() for ln in source.read_text(encoding="utf-8").splitlines() if ln.strip()]
    doc = Document()
    _office_template(doc)
    for p in list(doc.paragraphs):  # python-docx's template may hold an empty paragraph
        p._p.getparent().remove(p._p)
    _title(doc, lines[0])
    doc.add_paragraph()  # a blank line under the title block
    rows: list[list[str]] = []
    in_attachment = expect_title = False
    for line in lines[1:]:
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip("|").split("|")])
            continue
        if line == "附件":
            brk = doc.add_paragraph().add_run()
            brk.add_break(WD_BREAK.PAGE)
            p = doc.add_paragraph()
            _no_indent(p)
            _fonts(p.add_run("附件"), "黑体", 16)
            in_attachment = expect_title = True
            continue
        if in_attachment and expect_title:
            _title(doc, line)
            expect_title = False
            continue
        if CHAPTER.match(line):
            _chapter(doc, line)
        elif line.startswith("附件："):
            doc.add_paragraph()  # GB/T 9704 7.3.4: the attachment note one line below the body
            _body(doc, line)
        else:
            _body(doc, line)
    if rows:
        _table(doc, rows)
    doc.save(target)


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else ROOT / "examples" / "county" / "draft.txt"
    target = Path(argv[2]) if len(argv) > 2 else source.with_suffix(".docx")
    build(source, target)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

