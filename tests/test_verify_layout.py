"""caina's layout against LibreOffice: 52 generated drafts and the Baise example.

All drafts are rendered in one ``soffice`` call (≈ 10 s for 280 pages). In CI
(``CI`` set) LibreOffice and pdftotext must be installed and these tests run;
elsewhere they skip, saying why, when the tools are missing. The tests of the
normalisation and of reading pdftotext's output need neither.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caina.cli import app
from caina.core.generate import make_drafts
from caina.core.model import MM
from caina.errors import ToolMissingError
from caina.io.docx_writer import to_docx_bytes
from caina.io.drafts import read_draft
from caina.io.libreoffice import Geometry, check_tools, normalise_docx, parse_bbox
from caina.services.verify import VerifiedDraft, verify_documents

ROOT = Path(__file__).resolve().parents[1]
BAISE = ROOT / "examples" / "baise" / "draft.txt"
DRAFTS, SEED, PAGES = 52, 2024, (2, 6)
TARGET = 0.995


def _require_tools() -> None:
    try:
        check_tools()
    except ToolMissingError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI 中必须安装 LibreOffice 和 pdftotext（运行 scripts/install-system.sh）：{exc.message}")
        pytest.skip(f"LibreOffice 或 pdftotext 未安装，跳过与 LibreOffice 的逐行比对：{exc.message}")


@pytest.fixture(scope="module")
def verified() -> tuple[list[VerifiedDraft], VerifiedDraft]:
    """The generated drafts and the Baise example, rendered in one LibreOffice call."""
    _require_tools()
    drafts = make_drafts(DRAFTS, SEED, pages=PAGES)
    baise = read_draft(BAISE)
    items = [(d, to_docx_bytes(d)) for d in [*drafts, baise]]
    results = verify_documents(items)
    return results[:-1], results[-1]


def _report(results: list[VerifiedDraft]) -> str:
    lines = []
    for i, r in enumerate(results):
        for d in r.verification.disagreements[:3]:
            lines.append(f"draft {i} (seed {SEED + i}) {d.locator}: caina {d.caina!r} / LibreOffice {d.oracle!r}")
    return "\n".join(lines)


def test_fifty_generated_drafts_agree_with_libreoffice(verified: tuple[list[VerifiedDraft], VerifiedDraft]) -> None:
    results, _ = verified
    assert len(results) >= 50
    total = sum(r.verification.total for r in results)
    agreeing = sum(r.verification.agreeing for r in results)
    per_draft = [r.verification.agreement for r in results]
    print(
        f"\n{len(results)} drafts, {total} lines: {agreeing / total:.3%} agree after tolerances; "
        f"per draft min {min(per_draft):.2%}, median {statistics.median(per_draft):.2%}"
    )
    assert total >= 4000
    assert agreeing / total >= TARGET, _report(results)


def test_pages_agree_one_for_one(verified: tuple[list[VerifiedDraft], VerifiedDraft]) -> None:
    results, baise = verified
    for r in [*results, baise]:
        assert r.verification.caina_pages == r.verification.oracle_pages


def test_the_tolerated_faults_occur_and_are_counted_apart(verified: tuple[list[VerifiedDraft], VerifiedDraft]) -> None:
    results, _ = verified
    tolerated = {k: sum(r.verification.tolerated[k] for r in results) for k in ("hung", "dash", "ellipsis")}
    splits = {k: sum(r.verification.splits.get(k, 0) for r in results) for k in ("——", "……")}
    assert all(n > 0 for n in tolerated.values()), tolerated
    assert all(n > 0 for n in splits.values()), splits
    for r in results:
        v = r.verification
        assert v.tolerated["hung"] == sum(v.hung_marks.values()) == len([x for x in v.results if x.hung])
        assert v.tolerated_total == len(v.tolerated_lines) and v.agreeing == v.same + v.tolerated_total


def test_the_baise_example_agrees_with_libreoffice(verified: tuple[list[VerifiedDraft], VerifiedDraft]) -> None:
    _, baise = verified
    v = baise.verification
    assert v.total >= 300 and v.agreement >= TARGET, [(r.locator, r.caina, r.oracle) for r in v.disagreements]


def test_the_command_prints_the_agreement_and_keeps_the_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _require_tools()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["verify-layout", str(BAISE), "--json", "--keep-pdf"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["passed"] and data["agreement"] >= TARGET and data["pages"]["caina"] == data["pages"]["libreoffice"]
    assert data["tolerated"]["hung"] == sum(data["hung_marks"].values())
    assert (tmp_path / "draft.libreoffice.pdf").read_bytes().startswith(b"%PDF")


# ------------------------------------------------------------------ no LibreOffice needed


def _xml(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


def _edit(data: bytes, name: str, old: str, new: str) -> bytes:
    """The .docx with ``old`` replaced by ``new`` in member ``name``."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            member = src.read(info.filename)
            if info.filename == name:
                text = member.decode("utf-8")
                assert old in text
                member = text.replace(old, new).encode("utf-8")
            out.writestr(info, member)
    return buf.getvalue()


def test_normalising_sets_the_grid_spacing_language_and_indents() -> None:
    draft = read_draft(BAISE)
    char_grid = 'w:type="linesAndChars" w:charSpace="-848"'
    original = _edit(to_docx_bytes(draft), "word/document.xml", 'w:type="lines"', char_grid)
    assert "linesAndChars" in _xml(original, "word/document.xml")
    data = normalise_docx(original, char_pitch_pt=draft.page.char_pitch_pt)
    document, styles = _xml(data, "word/document.xml"), _xml(data, "word/styles.xml")
    assert 'w:type="lines"' in document and "linesAndChars" not in document and "charSpace" not in document
    assert 'w:linePitch="579"' in document
    assert 'w:firstLineChars="200"' in document and 'w:firstLine="632"' in document  # 2 字 of 15.79 pt
    defaults = styles[styles.index("<w:docDefaults>") : styles.index("</w:docDefaults>")]
    assert '<w:spacing w:val="-5"/>' in defaults and 'w:eastAsia="zh-CN"' in defaults
    assert normalise_docx(data, char_pitch_pt=draft.page.char_pitch_pt) == data  # idempotent


def test_normalising_adds_a_grid_where_there_is_none() -> None:
    grid = '<w:docGrid w:linePitch="579" w:type="lines"/>'
    bare = _edit(to_docx_bytes(read_draft(BAISE)), "word/document.xml", grid, "")
    assert "docGrid" not in _xml(bare, "word/document.xml")
    assert 'w:linePitch="579"' in _xml(normalise_docx(bare), "word/document.xml")  # 225 mm / 22 rows


@pytest.mark.parametrize(
    "data",
    [b"not a zip", b"PK\x03\x04broken"],
)
def test_normalising_refuses_a_file_that_is_not_a_docx(data: bytes) -> None:
    from caina.errors import SourceFileError

    with pytest.raises(SourceFileError):
        normalise_docx(data)


BBOX = """<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><body><doc>
<page width="595.3" height="841.9"><flow><block><line>
<word xMin="83.0" yMin="123.0" xMax="518.1" yMax="151.6">关于加快推进数字政府建设</word>
</line></block><block><line>
<word xMin="111.5" yMin="255.5" xMax="321.1" yMax="276.3">到</word>
<word xMin="325.2" yMin="255.5" xMax="356.4" yMax="276.3">2030</word>
<word xMin="360.1" yMin="255.6" xMax="521.3" yMax="276.3">年，R&amp;D投入</word>
</line></block><block><line>
<word xMin="200.0" yMin="284.5" xMax="300.0" yMax="305.3">右栏</word>
<word xMin="79.5" yMin="284.6" xMax="150.0" yMax="305.3">左栏</word>
</line></block><block><line>
<word xMin="465.0" yMin="776.3" xMax="507.5" yMax="790.0">— 1 —</word>
</line></block></flow></page>
<page width="595.3" height="841.9"><flow><block><line>
<word xMin="79.5" yMin="110.8" xMax="300.0" yMax="131.6">第二页</word>
</line></block></flow></page>
</doc></body></html>"""


def test_reading_pdftotext_output_numbers_lines_by_grid_slot() -> None:
    geometry = Geometry(37 * MM, (297 - 35) * MM, 28.95)
    lines = parse_bbox(BBOX, geometry)
    assert [(o.page, o.slot, o.text) for o in lines] == [
        (1, 1, "关于加快推进数字政府建设"),  # a 2号 title line in rows 1–2
        (1, 6, "到2030年，R&D投入"),  # words joined, entities read
        (1, 7, "左栏右栏"),  # left to right
        (2, 1, "第二页"),  # the page number below the text block is left out
    ]


def test_the_command_says_how_to_install_what_is_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # neither soffice nor pdftotext
    result = CliRunner().invoke(app, ["verify-layout", str(BAISE)])
    assert result.exit_code == ToolMissingError.exit_code
    assert "apt-get install" in result.output + (result.stderr if result.stderr_bytes is not None else "")
