"""The hostile-input corpus: every case generated here, none checked in.

:func:`build` writes each case into its own directory under ``root`` and
returns the :class:`Case` list: the ``caina`` command line to run there, what
must happen (``refuse``: exit non-zero with a Chinese what/where/fix;
``ok``: exit 0; ``either``: one or the other, cleanly), the words the output
must contain, the paths the command may create or change, and the
environment (a limit lowered to keep a case small). The classes are those of
issue 12:

1. numbers in OOXML attributes; nonsense page geometry
2. the one door for .docx/.xlsx (missing parts, DOCTYPE in any encoding,
   zip member names and links)
3. YAML structure bombs
4. characters that cannot be written
5. unbounded reads (devices, FIFOs, huge files)
6. spreadsheets (huge parts, a million rows, the last row, hidden sheets,
   formula injection)
7. outputs (existing files, links, FIFOs, devices, unwritable directories,
   long names)
8. smaller wrong results (negative occurrence/number, random bytes, glossary
   types, review.yaml in GBK/GB18030/UTF-16)
9. big but honest input (scaled down here; the full sizes are in bench/)

``python -m tests.hostile.corpus DIR`` writes the corpus to DIR (to look at it,
or to feed ``make fuzz``).
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import stat
import sys
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tests.fixtures.docx.build import SECT, STYLES, docx, p, title

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "baise"
S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NUMBERING_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"


@dataclass
class Case:
    name: str
    cls: int
    argv: list[str]
    expect: str  # "refuse" | "ok" | "either"
    words: tuple[str, ...] = ()  # in stdout+stderr
    outputs: tuple[str, ...] = ()  # relative to the case directory (or absolute): may be created or changed
    env: dict[str, str] = field(default_factory=dict)
    post: str = ""  # a named check the test runs afterwards
    cwd: str = ""  # set by build()

    def to_json(self) -> dict[str, object]:
        return asdict(self)


# ---------------------------------------------------------------- building blocks

MINIMAL_REVIEW = """\
draft: {draft}
review:
  kind: 常务会审议
  meeting: 测试会议
  office: 市测试局
  attending: [市测试局, 市财政局]
proposers:
  - name: 市财政局
    aliases: [财政局]
opinions:
  - proposer: 市财政局
    text: 建议完善。
    decision: 不予采纳
    reason: 已有体现。
"""

REPORT_TEXT = """\
《关于测试的实施方案》意见采纳情况

2019年1月17日，市测试局召开会议，对《关于测试的实施方案》进行审议，市财政局等1个单位提出了1个修改意见。
1.市财政局提出：建议完善。
意见采纳情况：不予采纳。理由：已有体现。
"""


def _case_dir(root: Path, name: str) -> Path:
    d = root / name
    d.mkdir(parents=True)
    return d


def _baise(root: Path, name: str) -> Path:
    d = root / name
    shutil.copytree(EXAMPLE, d)
    return d


def _docx_case(root: Path, name: str, data: bytes, *, review: bool = True) -> Path:
    d = _case_dir(root, name)
    (d / "draft.docx").write_bytes(data)
    if review:
        (d / "review.yaml").write_text(MINIMAL_REVIEW.format(draft="draft.docx"), encoding="utf-8")
    return d


def _zip(files: dict[str, bytes | str], *, symlinks: tuple[str, ...] = ()) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in symlinks:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, content.encode("utf-8") if isinstance(content, str) else content)
    return buf.getvalue()


def _parts(data: bytes) -> dict[str, bytes | str]:
    z = zipfile.ZipFile(io.BytesIO(data))
    return {n: z.read(n) for n in z.namelist()}


def _table(cells: str) -> str:
    return (
        '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
        '<w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>'
        f"<w:tr>{cells}</w:tr></w:tbl>"
    )


def _cell(text: str, tcpr: str = "") -> str:
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{p(text)}</w:tc>"


def _report_docx(extra_body: str = "", **kw: object) -> bytes:
    body = title("《关于测试的实施方案》意见采纳情况") + p("1.市财政局提出：建议完善。") + p(
        "意见采纳情况：不予采纳。理由：已有体现。"
    )
    return docx(body + extra_body, **kw)  # type: ignore[arg-type]


def _doctype_utf32(root_tag: str, ns: str) -> bytes:
    xml = (
        '<?xml version="1.0" encoding="UTF-32"?>\n'
        f'<!DOCTYPE {root_tag} [<!ENTITY x "注入的文字">]>\n'
        f"<{root_tag} {ns}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></{root_tag}>"
    )
    return xml.encode("utf-32")


# -- spreadsheets -------------------------------------------------------------------------


def _inline(col: str, row: int, text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{col}{row}" t="inlineStr"><is><t>{text}</t></is></c>'


def _row(r: int, values: list[str]) -> str:
    cols = "ABCDEFGH"
    return f'<row r="{r}">' + "".join(_inline(cols[i], r, v) for i, v in enumerate(values) if v) + "</row>"


FORM_HEAD = [
    (1, ["《百色市科技创新支撑产业高质量发展三年行动实施方案（2018—2020年）》征求意见反馈表"]),
    (2, ["填报单位", "财政局"]),
    (4, ["反馈情况", "有意见（填写下表）"]),
    (6, ["序号", "页码行数", "原文", "修改意见", "理由"]),
]
OPINION_ROW = ["1", "P3倒数第五行", "开展铝焊丝、防爆铝膜等中高端铝精深加工技术攻关", "建议增加研究铝连铸连轧技术攻关。", "完善技术方向"]


def _sheet_xml(rows: list[tuple[int, list[str]]], *, tail: str = "", head: str = "") -> str:
    body = "".join(_row(r, v) for r, v in rows)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{head}'
        f'<worksheet xmlns="{S_NS}" xmlns:r="{R_NS}"><sheetData>{body}</sheetData>{tail}</worksheet>'
    )


def _xlsx(sheets: list[tuple[str, str, bytes | str]], extra: dict[str, bytes | str] | None = None) -> bytes:
    """An .xlsx with the given (name, state, sheet XML) worksheets."""
    ct = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        + "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )
    wb_sheets = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"' + (f' state="{state}"' if state != "visible" else "") + "/>"
        for i, (name, state, _) in enumerate(sheets, 1)
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{S_NS}" xmlns:r="{R_NS}"><sheets>{wb_sheets}</sheets></workbook>'
    )
    wb_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        + "</Relationships>"
    )
    files: dict[str, bytes | str] = {
        "[Content_Types].xml": ct,
        "_rels/.rels": rels,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": wb_rels,
    }
    for i, (_, _, xml) in enumerate(sheets, 1):
        files[f"xl/worksheets/sheet{i}.xml"] = xml
    files.update(extra or {})
    return _zip(files)


def _million_rows(path: Path, rows: int = 1_000_000) -> None:
    """A form whose sheet has ``rows`` numbered rows, streamed into the zip (≈ 40 MB of XML: under the part limit)."""
    with zipfile.ZipFile(io.BytesIO(_xlsx([(("意见反馈表"), "visible", _sheet_xml(FORM_HEAD))]))) as src:
        files = {n: src.read(n) for n in src.namelist() if n != "xl/worksheets/sheet1.xml"}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(_sheet_xml(FORM_HEAD).split("</sheetData>")[0].encode())
            chunk = []
            for r in range(7, 7 + rows):
                chunk.append(f'<row r="{r}"><c r="D{r}"><v>{r - 6}</v></c></row>')
                if len(chunk) == 5000:
                    fh.write("".join(chunk).encode())
                    chunk = []
            fh.write(("".join(chunk) + "</sheetData></worksheet>").encode())


# ---------------------------------------------------------------- the cases


def build(root: Path) -> list[Case]:
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(12)
    cases: list[Case] = []

    def add(case: Case, directory: Path) -> None:
        case.cwd = str(directory)
        cases.append(case)

    # ------------------------------------------------------------ 1. numbers in OOXML attributes
    span = _table(_cell("甲", '<w:gridSpan w:val="10000000"/>') + _cell("乙"))
    d = _docx_case(root, "c1_gridspan_draft", docx(title() + p("正文第一段。") + span))
    add(Case("c1_gridspan_draft", 1, ["show", "draft.docx"], "ok", ("单元格跨列数",)), d)
    d = _case_dir(root, "c1_gridspan_import")
    (d / "r.docx").write_bytes(_report_docx(span))
    add(Case("c1_gridspan_import", 1, ["import-report", "r.docx", "--json"], "ok", ("单元格跨列数",)), d)
    add(Case("c1_gridspan_check", 1, ["check", "r.docx", "--json"], "either"), d)
    form_table = (
        "<w:tbl><w:tblGrid>" + '<w:gridCol w:w="1000"/>' * 5 + "</w:tblGrid>"
        + "<w:tr>" + "".join(_cell(h) for h in ("序号", "页码行数", "原文", "修改意见", "理由")) + "</w:tr>"
        + "<w:tr>" + _cell("1", '<w:gridSpan w:val="10000000"/>') + _cell("P3倒数第五行") + "</w:tr></w:tbl>"
    )
    d = _baise(root, "c1_gridspan_forms")
    (d / "form.docx").write_bytes(docx(title("征求意见反馈表") + p("填报单位：财政局") + form_table))
    add(Case("c1_gridspan_forms", 1, ["import-forms", ".", "form.docx", "--dry-run"], "either"), d)

    junk_sect = (
        '<w:sectPr><w:pgSz w:w="nan" w:h="inf"/><w:pgMar w:top="1e9" w:right="-5" w:bottom="abc" w:left="1587"/>'
        '<w:cols w:num="inf"/><w:docGrid w:type="linesAndChars" w:linePitch="1e-300" w:charSpace="1e9"/></w:sectPr>'
    )
    junk_styles = STYLES.replace('<w:sz w:val="32"/>', '<w:sz w:val="-5"/>').replace(
        '<w:spacing w:line="240" w:lineRule="auto"/>', '<w:spacing w:line="inf" w:lineRule="auto" w:before="1e400"/>'
    )
    numbering = (
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="99"><w:start w:val="-1e9"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="1"/>'
        '<w:lvlOverride w:ilvl="nan"><w:startOverride w:val="1e99"/></w:lvlOverride></w:num>'
    )
    junk_body = (
        title()
        + p("符号", rpr="")
        + '<w:p><w:r><w:sym w:font="Symbol" w:char="110000"/><w:sym w:char="D800"/><w:t>正文。</w:t></w:r></w:p>'
        + p("编号段落。", ppr='<w:numPr><w:ilvl w:val="99"/><w:numId w:val="7"/></w:numPr><w:ind w:left="inf" w:firstLineChars="1e30"/>')
        + p("大字", rpr='<w:sz w:val="1e9"/><w:spacing w:val="-inf"/><w:w w:val="nan%"/>')
    )
    d = _docx_case(root, "c1_numbers_draft", docx(junk_body, sect=junk_sect, styles=junk_styles, numbering=numbering))
    add(Case("c1_numbers_draft", 1, ["show", "draft.docx"], "ok", ("超出范围",)), d)
    add(Case("c1_numbers_report", 1, ["report", "."], "ok"), d)
    d = _case_dir(root, "c1_numbers_import")
    (d / "r.docx").write_bytes(_report_docx(p("编号", ppr='<w:numPr><w:ilvl w:val="99"/><w:numId w:val="7"/></w:numPr>'),
                                            sect=junk_sect, styles=junk_styles, numbering=numbering))
    add(Case("c1_numbers_import", 1, ["import-report", "r.docx"], "ok"), d)
    add(Case("c1_numbers_check", 1, ["check", "r.docx"], "either"), d)

    zero_sect = '<w:sectPr><w:pgSz w:w="0" w:h="0"/><w:pgMar w:top="0" w:right="0" w:bottom="0" w:left="0"/></w:sectPr>'
    d = _docx_case(root, "c1_geometry_zero", docx(title() + p("正文。"), sect=zero_sect))
    add(Case("c1_geometry_zero", 1, ["show", "draft.docx"], "ok", ("页面设置无效",)), d)
    wide_sect = SECT.replace('w:right="1474"', 'w:right="20000"').replace('w:left="1587"', 'w:left="20000"')
    d = _docx_case(root, "c1_geometry_margins", docx(title() + p("正文。"), sect=wide_sect))
    add(Case("c1_geometry_margins", 1, ["show", "draft.docx", "-p", "1"], "ok", ("页面设置无效",)), d)
    tiny_pitch = SECT.replace('w:linePitch="579"', 'w:linePitch="1e-300"')
    d = _docx_case(root, "c1_geometry_pitch", docx(title() + p("正文。" * 50), sect=tiny_pitch))
    add(Case("c1_geometry_pitch", 1, ["show", "draft.docx", "-p", "1"], "ok", ("每页",)), d)

    # ------------------------------------------------------------ 2. one door
    good = docx(title() + p("为了测试，制定本方案。"))
    d = _case_dir(root, "c2_nostyles")  # styles.xml typed only application/xml: python-docx took it for a bare Part
    (d / "r.docx").write_bytes(_report_docx())
    add(Case("c2_nostyles_import", 2, ["import-report", "r.docx", "--json"], "ok", ("市财政局",)), d)
    add(Case("c2_nostyles_check", 2, ["check", "r.docx"], "either"), d)
    no_styles = {k: v for k, v in _parts(_report_docx()).items() if k != "word/styles.xml"}
    (d / "nostyles.docx").write_bytes(_zip(no_styles))
    add(Case("c2_missing_styles_import", 2, ["import-report", "nostyles.docx", "--json"], "ok"), d)

    doctype = _doctype_utf32("w:document", W)
    d = _case_dir(root, "c2_doctype")
    (d / "r.docx").write_bytes(_zip({**_parts(_report_docx()), "word/document.xml": doctype}))
    add(Case("c2_doctype_import", 2, ["import-report", "r.docx"], "refuse", ("document.xml",)), d)
    add(Case("c2_doctype_check", 2, ["check", "r.docx"], "refuse", ("document.xml",)), d)
    d2 = _docx_case(root, "c2_doctype_draft", _zip({**_parts(good), "word/document.xml": doctype}))
    add(Case("c2_doctype_draft", 2, ["show", "draft.docx"], "refuse", ("document.xml",)), d2)
    d3 = _baise(root, "c2_doctype_forms")
    (d3 / "form.docx").write_bytes(_zip({**_parts(good), "word/document.xml": doctype}))
    (d3 / "form.xlsx").write_bytes(
        _xlsx([("意见反馈表", "visible", _sheet_xml(FORM_HEAD, head='<!DOCTYPE worksheet [<!ENTITY e "x">]>'))])
    )
    add(Case("c2_doctype_forms", 2, ["import-forms", ".", "form.docx", "form.xlsx"], "refuse", ("DOCTYPE",),
             outputs=("review.yaml",)), d3)
    sst_doctype = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE sst [<!ENTITY e "x">]>'
                   f'<sst xmlns="{S_NS}"><si><t>&e;</t></si></sst>').encode("utf-16")
    (d3 / "sst.xlsx").write_bytes(_xlsx([("意见反馈表", "visible", _sheet_xml(FORM_HEAD))], {"xl/sharedStrings.xml": sst_doctype}))
    add(Case("c2_doctype_sst_utf16", 2, ["import-forms", ".", "sst.xlsx"], "refuse", ("DOCTYPE",), outputs=("review.yaml",)), d3)

    evil = _parts(good)
    d = _docx_case(root, "c2_dotdot_apply", _zip({**evil, "../../evil.txt": b"x"}))
    add(Case("c2_dotdot_apply", 2, ["apply", ".", "-o", "out.docx"], "refuse", ("..",)), d)
    d = _case_dir(root, "c2_absolute_import")
    (d / "r.docx").write_bytes(_zip({**_parts(_report_docx()), "/etc/evil.xml": b"<x/>"}))
    add(Case("c2_absolute_import", 2, ["import-report", "r.docx"], "refuse", ("不安全的文件名",)), d)
    d = _baise(root, "c2_symlink_forms")
    (d / "form.docx").write_bytes(_zip({**evil, "word/media/link.png": b"/etc/passwd"}, symlinks=("word/media/link.png",)))
    add(Case("c2_symlink_forms", 2, ["import-forms", ".", "form.docx"], "refuse", ("符号链接",), outputs=("review.yaml",)), d)
    d = _docx_case(root, "c2_apply_clean", docx(title() + p("为了测试，制定本方案。"), extra={"customXml/item1.xml": "<a/>"}))
    add(Case("c2_apply_clean", 2, ["apply", ".", "-o", "out.docx"], "ok", outputs=("out.docx",), post="zip_members_safe"), d)
    bomb = _xlsx([("意见反馈表", "visible", _sheet_xml(FORM_HEAD, tail="<!--" + " " * (3 * 1024 * 1024) + "-->"))])
    d = _baise(root, "c2_bomb_xlsx")
    (d / "form.xlsx").write_bytes(bomb)
    add(Case("c2_bomb_xlsx", 2, ["import-forms", ".", "form.xlsx"], "refuse", ("压缩",), outputs=("review.yaml",)), d)
    d = _case_dir(root, "c2_consult_xlsx")  # a consultation's workbook goes through the same door
    head = '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>text</t></is></c></row>'
    (d / "doctype.xlsx").write_bytes(_xlsx([("意见", "visible", _sheet_xml([], head='<!DOCTYPE worksheet [<!ENTITY e "x">]>').replace(
        "<sheetData>", "<sheetData>" + head))]))
    (d / "dotdot.xlsx").write_bytes(_xlsx([("意见", "visible", _sheet_xml([(1, ["id", "text"]), (2, ["1", "意见"])]))],
                                          {"../../escape.xml": "<x/>"}))
    db = f"sqlite:///{d / 'c.sqlite3'}"
    add(Case("c2_consult_doctype", 2, ["consult", "import", "绿化条例", "doctype.xlsx", "--db", db], "refuse", ("DOCTYPE",),
             outputs=("c.sqlite3", "c.sqlite3-journal")), d)
    add(Case("c2_consult_dotdot", 2, ["consult", "import", "绿化条例", "dotdot.xlsx", "--db", db], "refuse", ("不安全",),
             outputs=("c.sqlite3", "c.sqlite3-journal")), d)
    d = _case_dir(root, "c2_xlsx_as_docx")
    (d / "r.docx").write_bytes(_xlsx([("Sheet1", "visible", _sheet_xml([(1, ["意见"])]))]))
    add(Case("c2_xlsx_as_docx", 2, ["check", "r.docx"], "refuse", ("Excel",)), d)

    # ------------------------------------------------------------ 3. YAML structure bombs
    def review_case(name: str, text: str, cls: int = 3) -> Path:
        d = _baise(root, name)
        (d / "review.yaml").write_text(text, encoding="utf-8")
        return d

    base = (EXAMPLE / "review.yaml").read_text(encoding="utf-8")
    laughs = "lol: &a [\"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\"]\n" + "".join(
        f"l{i}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)
    )
    d = review_case("c3_alias_bomb", laughs + base)
    add(Case("c3_alias_bomb", 3, ["report", "."], "refuse", ("别名",)), d)
    d = review_case("c3_self_alias", base.replace("  attending: [", "  attending: &r [*r, "))
    add(Case("c3_self_alias", 3, ["report", "."], "refuse", ("循环引用",)), d)
    d = review_case("c3_nested_brackets", base + "extra: " + "[" * 5000 + "]" * 5000 + "\n")
    add(Case("c3_nested_brackets", 3, ["report", "."], "refuse", ("嵌套过深",)), d)
    deep = "".join(" " * (2 * i) + f"k{i}:\n" for i in range(200)) + " " * 400 + "v: 1\n"
    d = review_case("c3_nested_mappings", base + deep)
    add(Case("c3_nested_mappings", 3, ["report", "."], "refuse", ("嵌套过深",)), d)
    d = _baise(root, "c3_glossary_bomb")
    (d / "g.yaml").write_text(laughs + "names: [市财政局]\n", encoding="utf-8")
    add(Case("c3_glossary_bomb", 3, ["check", "draft.txt", "--glossary", "g.yaml"], "refuse", ("别名",)), d)
    (d / "g2.yaml").write_text("names: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    add(Case("c3_glossary_nested", 3, ["check", "draft.txt", "--glossary", "g2.yaml"], "refuse", ("嵌套过深",)), d)

    # ------------------------------------------------------------ 4. characters that cannot be written
    first_text = "    text: 认真把握地方创新的方向，坚持实用技术的创新，不宜开展不切合百色实际的研究。"
    for name, escape in (("c4_nul_escape", "\\0"), ("c4_esc_escape", "\\e[31m"), ("c4_surrogate_escape", "\\ud800")):
        d = review_case(name, base.replace(first_text, f'    text: "认真把握{escape}地方创新的方向。"'), cls=4)
        add(Case(name, 4, ["report", "."], "refuse", ("U+", "第")), d)
    at = base.index("with:")  # the first replacement text of the example gets a NUL typed as an escape
    end = base.index("\n", at)
    d = review_case("c4_apply_nul_with", base[:at] + 'with: "新\\0文字"' + base[end:], cls=4)
    add(Case("c4_apply_nul_with", 4, ["apply", ".", "-o", "revised.txt"], "refuse", ("U+0000",)), d)
    d = _baise(root, "c4_draft_controls")
    draft = (d / "draft.txt").read_text(encoding="utf-8")
    (d / "draft.txt").write_text(draft.replace("。", "。\x01", 1).replace("\n", "\x0c\n", 3), encoding="utf-8")
    add(Case("c4_draft_controls", 4, ["report", "."], "ok", ("控制字符",)), d)
    d = _baise(root, "c4_argv_surrogate")
    add(Case("c4_argv_surrogate", 4, ["locate", "draft.txt", "--quote", "研究\udcff"], "refuse"), d)
    d = _case_dir(root, "c4_report_controls")
    (d / "r.txt").write_text(REPORT_TEXT.replace("建议完善", "建议\x1b[2J完善\x07"), encoding="utf-8")
    add(Case("c4_report_controls", 4, ["import-report", "r.txt"], "ok", ("控制字符",)), d)

    # ------------------------------------------------------------ 5. unbounded reads
    d = _case_dir(root, "c5_dev_zero")
    os.symlink("/dev/zero", d / "draft.txt")
    os.symlink("/dev/zero", d / "zero.docx")
    os.symlink("/dev/zero", d / "zero.txt")
    add(Case("c5_dev_zero_draft", 5, ["show", "draft.txt"], "refuse", ("不是普通文件",)), d)
    add(Case("c5_dev_zero_check", 5, ["check", "zero.docx"], "refuse"), d)
    add(Case("c5_dev_zero_import", 5, ["import-report", "zero.txt"], "refuse", ("不是普通文件",)), d)
    d = _case_dir(root, "c5_fifo")
    os.mkfifo(d / "draft.txt")
    os.mkfifo(d / "r.txt")
    add(Case("c5_fifo_draft", 5, ["show", "draft.txt"], "refuse", ("管道",)), d)
    add(Case("c5_fifo_import", 5, ["import-report", "r.txt"], "refuse", ("管道",)), d)
    d = _baise(root, "c5_fifo_review")
    (d / "review.yaml").unlink()
    os.mkfifo(d / "review.yaml")
    add(Case("c5_fifo_review", 5, ["report", "."], "refuse", ("管道",)), d)
    d = _case_dir(root, "c5_big_txt")
    with open(d / "draft.txt", "wb") as fh:
        fh.write("关于测试的实施方案\n".encode())
        fh.truncate(88 * 1024 * 1024)  # sparse: 88 MB that cost no disk
    add(Case("c5_big_txt", 5, ["show", "draft.txt"], "refuse", ("过大", "MB")), d)
    add(Case("c5_big_txt_check", 5, ["check", "draft.txt"], "refuse", ("过大",)), d)

    # ------------------------------------------------------------ 6. spreadsheets
    d = _baise(root, "c6_big_part")
    noise = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(2 * 1024 * 1024))
    (d / "form.xlsx").write_bytes(_xlsx([("意见反馈表", "visible", _sheet_xml(FORM_HEAD, tail=f"<!--{noise}-->"))]))
    add(Case("c6_big_part", 6, ["import-forms", ".", "form.xlsx"], "refuse", ("超过上限",), outputs=("review.yaml",),
             env={"CAINA_MAX_PART_MB": "1"}), d)
    d = _baise(root, "c6_million_rows")
    _million_rows(d / "form.xlsx")
    add(Case("c6_million_rows", 6, ["import-forms", ".", "form.xlsx"], "refuse", ("上限",), outputs=("review.yaml",)), d)
    d = _baise(root, "c6_last_row")
    (d / "form.xlsx").write_bytes(_xlsx([("意见反馈表", "visible", _sheet_xml([*FORM_HEAD, (1_048_576, OPINION_ROW)]))]))
    add(Case("c6_last_row", 6, ["import-forms", ".", "form.xlsx", "--dry-run"], "either", outputs=("review.yaml",)), d)
    d = _baise(root, "c6_hidden_sheet")
    (d / "form.xlsx").write_bytes(
        _xlsx([
            ("意见反馈表", "visible", _sheet_xml([(1, ["反馈"]), (2, ["填报单位", "财政局"]), (4, ["反馈情况", "无意见"]),
                                                (6, ["序号", "页码行数", "原文", "修改意见", "理由"])])),
            ("意见", "hidden", _sheet_xml([(1, ["序号", "页码行数", "原文", "修改意见", "理由"]), (2, OPINION_ROW)])),
        ])
    )
    add(Case("c6_hidden_sheet", 6, ["import-forms", ".", "form.xlsx", "--dry-run"], "ok", ("隐藏",)), d)
    d = _baise(root, "c6_formula_unit")
    add(Case("c6_formula_unit", 6, ["forms", ".", "-o", "out", "-f", "xlsx", "--unit", "=cmd|' /C calc'!A0",
                                   "--unit", "@SUM(A1)", "--unit", "+1+1", "--unit", "-2"], "ok",
             outputs=("out",), post="no_formulas"), d)
    bad_refs = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{S_NS}"><sheetData>'
        + "".join(_row(r, v) for r, v in FORM_HEAD)
        + '<row r="abc"><c r="ZZZZ99999999" t="s"><v>999999</v></c><c t="n"><v>1e999</v></c></row>'
        + '<row r="99999999"><c r="A1"><v>nan</v></c></row></sheetData>'
        + '<mergeCells><mergeCell ref="A7:XFD1048576"/><mergeCell ref="junk"/></mergeCells></worksheet>'
    )
    d = _baise(root, "c6_bad_refs")
    (d / "form.xlsx").write_bytes(_xlsx([("意见反馈表", "visible", bad_refs)]))
    add(Case("c6_bad_refs", 6, ["import-forms", ".", "form.xlsx", "--dry-run"], "either", outputs=("review.yaml",)), d)
    d = _baise(root, "c6_lying_size")
    lying = bytearray(_xlsx([("意见反馈表", "visible", _sheet_xml([*FORM_HEAD, (7, OPINION_ROW)] * 1))]))
    name = b"xl/worksheets/sheet1.xml"
    pos = 0
    while (pos := lying.find(b"PK\x01\x02", pos)) != -1:  # central directory: declare 10 bytes
        if lying[pos + 46 : pos + 46 + len(name)] == name:
            lying[pos + 24 : pos + 28] = (10).to_bytes(4, "little")
        pos += 4
    (d / "form.xlsx").write_bytes(bytes(lying))
    add(Case("c6_lying_size", 6, ["import-forms", ".", "form.xlsx"], "refuse", outputs=("review.yaml",)), d)

    # ------------------------------------------------------------ 7. outputs
    d = _baise(root, "c7_outputs")
    (d / "existing.md").write_text("别人的文件\n", encoding="utf-8")
    (d / "existing.txt").write_text("别人的文件\n", encoding="utf-8")
    (d / "victim.txt").write_text("不能被改写\n", encoding="utf-8")
    os.symlink("victim.txt", d / "link.md")
    os.mkfifo(d / "fifo.md")
    add(Case("c7_report_exists", 7, ["report", ".", "-o", "existing.md"], "refuse", ("--force",)), d)
    add(Case("c7_apply_exists", 7, ["apply", ".", "-o", "existing.txt"], "refuse", ("--force",)), d)
    add(Case("c7_symlink_target", 7, ["report", ".", "-o", "link.md", "--force"], "refuse", ("符号链接",)), d)
    add(Case("c7_fifo_target", 7, ["report", ".", "-o", "fifo.md", "--force"], "refuse", ("管道",)), d)
    add(Case("c7_device_target", 7, ["apply", ".", "-o", "/dev/null", "--force"], "refuse"), d)
    add(Case("c7_device_itself", 7, ["report", ".", "-o", "/dev/null", "-f", "md", "--force"], "refuse"), d)
    add(Case("c7_unwritable_dir", 7, ["report", ".", "-o", "/proc/caina-hostile.md"], "refuse"), d)
    long_ok = "意见采纳情况" * 13 + ".md"  # 234 bytes + 3: the temporary name no longer adds 20 to it
    add(Case("c7_long_name", 7, ["report", ".", "-o", long_ok], "ok", outputs=(long_ok,)), d)
    too_long = "意见采纳情况" * 17 + ".md"
    add(Case("c7_too_long_name", 7, ["report", ".", "-o", too_long], "refuse", ("过长",)), d)
    add(Case("c7_too_long_input", 7, ["show", "草案" * 60 + ".txt"], "refuse", ("过长",)), d)
    d2 = _baise(root, "c7_force")
    (d2 / "existing.md").write_text("旧报告\n", encoding="utf-8")
    add(Case("c7_report_force", 7, ["report", ".", "-o", "existing.md", "--force"], "ok", outputs=("existing.md",)), d2)
    d3 = _baise(root, "c7_readonly")
    (d3 / "ro").mkdir()
    (d3 / "ro").chmod(0o555)
    if os.geteuid() != 0:  # root writes into a 0555 directory anyway
        add(Case("c7_readonly_dir", 7, ["report", ".", "-o", "ro/report.md"], "refuse", ("写入",)), d3)
        add(Case("c7_readonly_forms", 7, ["forms", ".", "-o", "ro/forms"], "refuse", ("写入",)), d3)
    d4 = _baise(root, "c7_forms_exist")
    (d4 / "out").mkdir()
    (d4 / "out" / "意见反馈表_财政局.xlsx").write_bytes(b"filled in already")
    add(Case("c7_forms_exist", 7, ["forms", ".", "-o", "out", "--unit", "财政局"], "refuse", ("--force",)), d4)
    d5 = _case_dir(root, "c7_import_out_file")
    (d5 / "r.txt").write_text(REPORT_TEXT, encoding="utf-8")
    (d5 / "case").write_text("a file\n", encoding="utf-8")
    add(Case("c7_import_out_file", 7, ["import-report", "r.txt", "-o", "case"], "refuse", ("不是目录",)), d5)

    # ------------------------------------------------------------ 8. smaller wrong results
    target = "      - 建立百色市高层次人才“一站式”服务平台"
    for name, occ in (("c8_occurrence_neg1", -1), ("c8_occurrence_neg3", -3)):
        d = review_case(name, base.replace(target, f"      - quote: 建立百色市高层次人才“一站式”服务平台\n        occurrence: {occ}"), 8)
        add(Case(name, 8, ["report", "."], "refuse", ("occurrence",)), d)
    d = review_case("c8_number_neg", base.replace("  - proposer: 铝办", "  - number: -1\n    proposer: 铝办"), 8)
    add(Case("c8_number_neg", 8, ["report", "."], "refuse", ("序号",)), d)
    d = _case_dir(root, "c8_random_bytes")
    (d / "draft.txt").write_bytes(bytes(rng.randrange(0x81, 0xFF) for _ in range(20000)))
    (d / "r.txt").write_bytes(bytes(rng.randrange(0x81, 0xFF) for _ in range(20000)))
    add(Case("c8_random_bytes_draft", 8, ["show", "draft.txt"], "refuse", ("文字",)), d)
    add(Case("c8_random_bytes_report", 8, ["import-report", "r.txt"], "refuse", ("文字",)), d)
    add(Case("c8_random_bytes_check", 8, ["check", "r.txt"], "refuse", ("文字",)), d)
    d = _baise(root, "c8_glossary_types")
    (d / "g.yaml").write_text("names:\n  - name: [1, 2, 3]\n", encoding="utf-8")
    add(Case("c8_glossary_types", 8, ["check", "draft.txt", "--glossary", "g.yaml"], "refuse", ("name",)), d)
    for enc in ("gbk", "gb18030", "utf-16"):
        d = _baise(root, f"c8_review_{enc.replace('-', '')}")
        text = (d / "review.yaml").read_text(encoding="utf-8")
        (d / "review.yaml").write_bytes(text.encode(enc))
        add(Case(f"c8_review_{enc.replace('-', '')}", 8, ["report", "."], "ok", ("编码",)), d)

    # ------------------------------------------------------------ 9. big but honest (scaled; full size in bench/)
    d = _case_dir(root, "c9_report_2mb")
    (d / "r.txt").write_text(_big_report(2 * 1024 * 1024), encoding="utf-8")
    add(Case("c9_report_2mb", 9, ["import-report", "r.txt", "--json"], "ok"), d)
    d = _case_dir(root, "c9_long_runs")  # what made the per-line work grow with the square of the line
    runs = [
        "1.市财政局提出：将“甲”修改为“乙”" + " " * 19000 + "作为第一条：",
        "意见采纳情况：予以采纳。已将第" + " " * 19000 + "3页修改。",
        "2.人社局提出：" + "\u3000" * 19000 + "建议",
        "3.铝办提出：" + "建议进一步完善相关表述加强统筹协调" * 1100,
    ]
    (d / "r.txt").write_text("《关于测试的实施方案》意见采纳情况\n" + "\n".join(runs * 3) + "\n", encoding="utf-8")
    add(Case("c9_long_runs_import", 9, ["import-report", "r.txt", "--json"], "ok", ("连续空格",)), d)
    add(Case("c9_long_runs_check", 9, ["check", "r.txt", "--json"], "either"), d)
    d = _baise(root, "c9_header_spaces")
    (d / "form.xlsx").write_bytes(_xlsx([("意见反馈表", "visible", _sheet_xml(
        [(1, ["填报单位" + " " * 30000 + "（"]), (2, ["填报单位", "财政局"]), *FORM_HEAD[2:], (7, OPINION_ROW)]))]))
    add(Case("c9_header_spaces", 9, ["import-forms", ".", "form.xlsx", "--dry-run"], "either", outputs=("review.yaml",)), d)
    d = _baise(root, "c9_opinions_4000")
    (d / "review.yaml").write_text(many_opinions(base, 4000), encoding="utf-8")
    add(Case("c9_opinions_4000", 9, ["report", ".", "-o", "report.md"], "ok", outputs=("report.md",)), d)
    return cases


def _big_report(size: int) -> str:
    """An honest report of long lines: numbered items of the seed report's text, to ``size`` bytes."""
    seed = ROOT.parent / "shared" / "seed" / "000_959329f21d3aac59.txt"
    text = seed.read_text(encoding="utf-8") if seed.exists() else REPORT_TEXT
    head, _, rest = text.partition("\n1.")
    body = (rest or REPORT_TEXT).replace("\n", "")
    out = [head]
    total = len(head.encode())
    n = 0
    while total < size:
        n += 1
        line = f"{n}.市财政局提出：{body[:3000]}"
        out.append(line)
        total += len(line.encode()) + 1
    return "\n".join(out) + "\n"


def many_opinions(base: str, n: int) -> str:
    """review.yaml of the Baise example with ``n`` more opinions (rejected or already reflected, no edits)."""
    extra = []
    for i in range(n):
        if i % 3:
            extra.append(f"  - proposer: 人社局\n    text: 建议进一步完善政策措施（第{i}条）。\n    decision: 已有体现\n    reason: 草案已有体现。\n")
        else:
            extra.append(
                f"  - proposer: 财政局\n    text: 建议在{{target:1}}处再斟酌（第{i}条）。\n    targets:\n"
                "      - 建立百色市高层次人才“一站式”服务平台\n    decision: 不予采纳\n    reason: 已有相关表述。\n"
            )
    return base.replace("\nedits:", "\n" + "".join(extra) + "\nedits:", 1)


def main() -> None:
    out = Path(sys.argv[1])
    cases = build(out)
    (out / "cases.json").write_text(json.dumps([c.to_json() for c in cases], indent=1), encoding="utf-8")  # ASCII: argv may hold lone surrogates
    print(f"{len(cases)} cases in {out}")


if __name__ == "__main__":
    main()
