"""The review desk takes its locators from the printed copy (issue 11): a 送审稿 PDF uploaded with the draft.

The draft is the office template's .docx (linesAndChars −848), the PDF LibreOffice's print of it *as it is*
(14 字 a line): its pages and lines differ from what caina's own engine would say, so a locator the desk gives
is the PDF's only if the desk really reads the PDF. On SQLite and on PostgreSQL; LibreOffice renders the PDF
(required in CI)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from caina.errors import ToolMissingError
from caina.io.libreoffice import check_tools, render_pdfs
from tests.desk_fixtures import Desk
from tests.fixtures.pdf.build import latin_text
from tests.printed_variants import VARIANTS, variant_docx


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    try:
        check_tools()
    except ToolMissingError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI 中必须安装 LibreOffice：{exc.message}")
        pytest.skip(f"LibreOffice 未安装：{exc.message}")
    root = tmp_path_factory.mktemp("printed-desk")
    variant = next(v for v in VARIANTS if v.name == "office-template")
    docx = root / "draft.docx"
    docx.write_bytes(variant_docx(variant))
    [pdf] = render_pdfs([docx], root / "pdf")
    return docx.read_bytes(), pdf.read_bytes()


def printed_page_2(docx: bytes, pdf: bytes, tmp: Path) -> list[str]:
    """Page 2 as the command line reads the PDF (caina locate/resolve --printed)."""
    from caina import services

    (tmp / "d.docx").write_bytes(docx)
    (tmp / "p.pdf").write_bytes(pdf)
    lay = services.open_draft(tmp / "d.docx", printed=tmp / "p.pdf")
    return [lay.printed_text(line) for line in lay.pages[1].lines]


def printed_notes(docx: bytes, pdf: bytes, tmp: Path) -> list[str]:
    """The notes the command line tells with the draft laid out by its printed copy (caina show --printed)."""
    from caina import services

    (tmp / "n.docx").write_bytes(docx)
    (tmp / "n.pdf").write_bytes(pdf)
    notes: list[str] = []
    services.tell_notes(services.open_draft(tmp / "n.docx", printed=tmp / "n.pdf"), notes.append)
    return notes


def test_the_desk_locates_by_the_printed_copy(desk: Desk, office: tuple[bytes, bytes], tmp_path: Path) -> None:
    from caina.services.desk import drafts, reviews

    docx, pdf = office
    owner = desk.actor("owner")
    rid = reviews.create_review(desk.store, owner, docx, "draft.docx", {"review": {"kind": "书面征求意见", "office": "市科知局"}})
    with desk.store.read() as conn:
        engine_page = drafts.pages(conn, rid, 2)
    # a PDF of another text is refused and nothing changes
    c = desk.client("owner")
    bad = c.post(f"/api/v1/reviews/{rid}/printed", files={"pdf": ("x.pdf", latin_text(["Other text"]), "application/pdf")})
    assert bad.status_code == 422 and "不是同一稿" in bad.json()["error"]["message"]
    ok = c.post(f"/api/v1/reviews/{rid}/printed", files={"pdf": ("送审稿.pdf", pdf, "application/pdf")})
    assert ok.status_code == 201, ok.text
    # the answer tells the version's notes as `caina show --printed` does, and that its lines are the PDF's
    assert ok.json()["notes"] == printed_notes(docx, pdf, tmp_path)
    assert ok.json()["layout"] == {"version": 1, "printed": True, "profile": "", "grid": "",
                                   "description": "页码、行号按上传的印发稿 PDF"}  # fmt: skip
    assert c.get(f"/api/v1/reviews/{rid}").json()["layout"]["printed"] is True
    page = c.get(f"/api/v1/reviews/{rid}/pages/2").json()
    assert page["lines"] != engine_page["lines"]
    assert [line["text"] for line in page["lines"]] == printed_page_2(docx, pdf, tmp_path)
    quote = page["lines"][4]["text"][2:8]
    found = c.get(f"/api/v1/reviews/{rid}/locate", params={"quote": quote}).json()
    assert found[0]["locator"] == page["lines"][4]["locator"]
    versions = c.get(f"/api/v1/reviews/{rid}/versions").json()
    assert versions[-1]["printed"] is True
    audit = c.get(f"/api/v1/reviews/{rid}/audit").json()
    assert any(e["action"] == "version.printed" for e in audit)


def test_a_case_with_a_printed_copy_is_imported_with_it(desk: Desk, office: tuple[bytes, bytes], tmp_path: Path) -> None:
    from caina.services.desk import drafts, reviews

    docx, pdf = office
    case = tmp_path / "case"
    case.mkdir()
    (case / "draft.docx").write_bytes(docx)
    (case / "送审稿.pdf").write_bytes(pdf)
    (case / "review.yaml").write_text(
        "printed: 送审稿.pdf\nreview:\n  kind: 书面征求意见\n  date: 2026-11-20\n  office: 市科知局\n"
        "proposers:\n  - id: cz\n    name: 市财政局\n",
        encoding="utf-8",
    )
    rid = reviews.import_case(desk.store, desk.actor("owner"), case)
    with desk.store.read() as conn:
        v = drafts.version(conn, rid)
    assert v.layout.printed
