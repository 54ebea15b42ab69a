"""The readers under fuzzing: each target takes bytes and must end in a result or a CainaError.

Targets (used by the atheris harness, tests/fuzz/harness.py, and by the
replay of kept crashes, tests/fuzz/test_fuzz.py):

- ``docx``: the first byte picks a part of a real .docx (document, styles,
  numbering, settings, relationships, content types); the rest replaces that
  part. The package goes through the guarded door, then the draft reader,
  the report importer (python-docx) and the opinion-form reader;
- ``xlsx``: the same for an opinion form (.xlsx): sheet, workbook, shared
  strings, custom properties, relationships; read by the form reader;
- ``yaml``: the bytes as review.yaml (decoded as caina decodes files) and as a
  glossary;
- ``text``: the bytes as a draft and as a report (.txt);
- ``all``: the first byte picks one of the four (one process fuzzes them all).

Fuzzing the parts rather than the zip keeps the mutations where the
parsers are: a mutated zip almost always fails its CRC check first.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Callable
from functools import cache

from caina.errors import CainaError, GlossaryError, ReviewFileError

DOCX_PARTS = (
    "word/document.xml",
    "word/styles.xml",
    "word/numbering.xml",
    "word/settings.xml",
    "word/_rels/document.xml.rels",
    "[Content_Types].xml",
    "_rels/.rels",
)
XLSX_PARTS = (
    "xl/worksheets/sheet1.xml",
    "xl/workbook.xml",
    "xl/sharedStrings.xml",
    "docProps/custom.xml",
    "xl/_rels/workbook.xml.rels",
)


@cache
def docx_seed() -> dict[str, bytes]:
    from tests.fixtures.docx.build import docx, p, title

    numbering = (
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    )
    table = (
        '<w:tbl><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/>'
        '<w:gridCol w:w="2000"/></w:tblGrid><w:tr>'
        + "".join(f"<w:tc>{p(h)}</w:tc>" for h in ("序号", "页码行数", "原文", "修改意见", "理由"))
        + '</w:tr><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>' + p("1") + "</w:tc>"
        + "".join(f"<w:tc>{p(t)}</w:tc>" for t in ("原文", "修改意见", "理由")) + "</w:tr></w:tbl>"
    )
    body = (
        title("《关于测试的实施方案》意见采纳情况")
        + p("填报单位：市财政局")
        + p("总体要求", ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')
        + p("1.市财政局提出：建议完善。")
        + p("意见采纳情况：不予采纳。理由：已有体现。")
        + table
    )
    data = docx(body, numbering=numbering, settings='<w:defaultTabStop w:val="420"/>')
    z = zipfile.ZipFile(io.BytesIO(data))
    return {n: z.read(n) for n in z.namelist()}


@cache
def xlsx_seed() -> dict[str, bytes]:
    from tests.hostile.corpus import FORM_HEAD, OPINION_ROW, _sheet_xml, _xlsx

    sst = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>财政局</t></si><si><r><t>原</t></r><r><t>文</t></r></si></sst>"
    )
    custom = (
        '<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="caina_form"><vt:lpwstr>{"format": 1}'
        "</vt:lpwstr></property></Properties>"
    )
    data = _xlsx(
        [("意见反馈表", "visible", _sheet_xml([*FORM_HEAD, (7, OPINION_ROW)], tail='<mergeCells><mergeCell ref="A7:A8"/></mergeCells>'))],
        {"xl/sharedStrings.xml": sst, "docProps/custom.xml": custom},
    )
    z = zipfile.ZipFile(io.BytesIO(data))
    parts = {n: z.read(n) for n in z.namelist()}
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>',
    ).encode()
    return parts


def _package(seed: dict[str, bytes], parts: tuple[str, ...], data: bytes) -> bytes:
    name = parts[data[0] % len(parts)] if data else parts[0]
    files = {**seed, name: data[1:]}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for n, content in files.items():
            zf.writestr(n, content)
    return buf.getvalue()


def _quietly(*calls: Callable[[], object]) -> None:
    """Run each call; a CainaError is the expected refusal, anything else propagates (a crash)."""
    for call in calls:
        with contextlib.suppress(CainaError):
            call()


def fuzz_docx(data: bytes) -> None:
    from caina.core.layout import layout
    from caina.io.docx import read_docx_bytes
    from caina.io.forms_docx import read_form_docx
    from caina.io.ooxml import open_package
    from caina.io.report_import import docx_report_text

    package = _package(docx_seed(), DOCX_PARTS, data)
    _quietly(
        lambda: layout(read_docx_bytes(package, source="fuzz.docx")),
        lambda: docx_report_text(open_package(package, "docx", name="fuzz.docx")),
        lambda: read_form_docx(package, name="fuzz.docx"),
    )


def fuzz_xlsx(data: bytes) -> None:
    from caina.io.forms_xlsx import read_form_xlsx

    package = _package(xlsx_seed(), XLSX_PARTS, data)
    _quietly(lambda: read_form_xlsx(package, name="fuzz.xlsx"))


def fuzz_yaml(data: bytes) -> None:
    from caina.io.review_file import parse_review
    from caina.io.textfile import decode
    from caina.io.yaml_input import load_yaml

    def review() -> None:
        text, _ = decode(data, where="review.yaml", error=ReviewFileError)
        with contextlib.suppress(CainaError):
            parse_review(text, path="review.yaml")

    def glossary() -> None:
        import yaml

        text = data.decode("utf-8", "replace")
        with contextlib.suppress(yaml.YAMLError):
            load_yaml(text, path="g.yaml", error=GlossaryError, what="名称表")

    _quietly(review, glossary)


def fuzz_text(data: bytes) -> None:
    from caina.core.layout import layout
    from caina.core.report_parse import parse_report
    from caina.io.text_reader import parse_text
    from caina.io.textfile import clean, decode

    def draft() -> None:
        text, _ = decode(data, where="draft.txt")
        layout(parse_text(clean(text)[0], source="draft.txt"))

    def report() -> None:
        text, _ = decode(data, where="r.txt")
        parse_report(clean(text)[0])

    _quietly(draft, report)


READERS: dict[str, Callable[[bytes], None]] = {"docx": fuzz_docx, "xlsx": fuzz_xlsx, "yaml": fuzz_yaml, "text": fuzz_text}
_ORDER = sorted(READERS)


def fuzz_all(data: bytes) -> None:
    """Every reader in one run: the first byte picks the reader, the rest is its input."""
    if data:
        READERS[_ORDER[data[0] % len(_ORDER)]](data[1:])


TARGETS: dict[str, Callable[[bytes], None]] = {**READERS, "all": fuzz_all}


def seeds(target: str) -> list[bytes]:
    """Starting inputs for ``target``: each part of the seed package as it is, and real texts."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    if target == "all":
        return [bytes([_ORDER.index(name)]) + data for name in _ORDER for data in seeds(name)]
    if target == "docx":
        seed = docx_seed()
        return [bytes([i]) + seed[name] for i, name in enumerate(DOCX_PARTS) if name in seed]
    if target == "xlsx":
        seed = xlsx_seed()
        return [bytes([i]) + seed[name] for i, name in enumerate(XLSX_PARTS) if name in seed]
    if target == "yaml":
        return [(root / "examples" / "baise" / "review.yaml").read_bytes(), b"names:\n  - name: \xe5\xb8\x82\n    aliases: [a]\n"]
    seed = root.parent / "shared" / "seed" / "000_959329f21d3aac59.txt"
    texts = [(root / "examples" / "baise" / "draft.txt").read_bytes()]
    if seed.exists():
        texts.append(seed.read_bytes())
    return texts
