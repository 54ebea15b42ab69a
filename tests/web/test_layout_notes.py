"""The desk shows what the .docx reader and the layout noticed about a draft (its notes), worded as the command
line words them: in the answer to an upload, the review's 排版说明 (with the layout profile), and a one-line
hint on the page view. On SQLite and PostgreSQL; the Baise example (a text draft: no notes) and
../shared/wordpairs/25 (a .docx without a line grid, as Word printed it)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from typer.testing import CliRunner

from caina.cli import app
from tests.desk_fixtures import EXAMPLE, Desk
from tests.shared_inputs import shared


@pytest.fixture
def no_grid() -> Path:
    return shared("wordpairs", "25", "source.docx")  # no grid, 1.15 spacing


def cli_notes(path: Path) -> list[str]:
    """The notes ``caina show`` prints for a draft (stderr, "提示：…"), read back from its output."""
    shown = CliRunner().invoke(app, ["show", str(path), "-p", "1"])
    assert shown.exit_code == 0, shown.output
    return [line.removeprefix("提示：") for line in shown.stderr.splitlines() if line.startswith("提示：")]


def html(response: Any) -> Any:
    assert response.status_code == 200, response.text[:500]
    return lxml.html.fromstring(response.text)


def box(doc: Any) -> tuple[str, list[str]]:
    """The 排版说明 box: its text and its notes."""
    [section] = doc.cssselect("#layout-notes")
    return section.text_content(), [li.text_content() for li in section.cssselect("ul.notes li")]


def test_the_baise_review_says_how_it_is_laid_out_and_has_no_notes(shared_desk: Desk) -> None:
    rid = shared_desk.ids["review"]
    c = shared_desk.client("owner")
    data = c.get(f"/api/v1/reviews/{rid}").json()
    assert data["notes"] == cli_notes(EXAMPLE / "draft.txt") == []
    assert data["layout"] == {"version": data["base_version"], "printed": False, "profile": "gbt9704",
                              "description": data["layout"]["description"], "grid": "每页22行×28字"}  # fmt: skip
    assert data["layout"]["description"].startswith("gbt9704：GB/T 9704")
    text, notes = box(html(c.get(f"/reviews/{rid}")))
    assert notes == [] and "gbt9704" in text and "每页22行×28字" in text and "没有需要说明的情况" in text
    # every member sees how the lines they cite are counted; the page view has nothing to point at
    text, _ = box(html(shared_desk.client("reviewer").get(f"/reviews/{rid}")))
    assert "gbt9704" in text
    assert not html(shared_desk.client("reviewer").get(f"/reviews/{rid}/pages/3")).cssselect(".layout-hint")


def test_a_docx_without_a_line_grid_tells_the_clerk_how_lines_are_counted(desk: Desk, no_grid: Path) -> None:
    expected = cli_notes(no_grid)
    assert any("未设置文档网格" in n and "按 Word 打印的排法" in n for n in expected), expected
    c = desk.client("owner")
    made = c.post("/api/v1/reviews", data={"office": "市科知局", "kind": "书面征求意见"},
                  files={"draft": ("通讯.docx", no_grid.read_bytes(), "application/octet-stream")})  # fmt: skip
    assert made.status_code == 201, made.text
    created = made.json()
    rid = created["id"]
    assert created["notes"] == expected  # the answer to the upload, worded as `caina show` words them
    assert created["layout"]["profile"] == "word" and created["layout"]["grid"] == "无行网格，行距随字号和段落设置"
    assert c.get(f"/api/v1/reviews/{rid}").json()["notes"] == expected
    # the review's page: the 排版说明 box with the profile and the notes
    text, shown = box(html(c.get(f"/reviews/{rid}")))
    assert shown == expected and "按排版方案 word 排版（无行网格，行距随字号和段落设置）" in text
    # the page view: one line, linking to them
    [hint] = html(c.get(f"/reviews/{rid}/pages/1")).cssselect(".layout-hint")
    assert f"本稿有{len(expected)}条排版说明" in hint.text_content()
    assert hint.cssselect("a")[0].get("href") == f"/reviews/{rid}#layout-notes"
    # a new version without notes (the Baise text draft), uploaded on the web: the flash says nothing of notes,
    # the box shows the new base's layout, the page view no hint
    r = c.post(f"/reviews/{rid}/versions", data={"csrf": c.headers["X-CSRF-Token"], "note": "二稿"},
               files={"draft": ("draft.txt", (EXAMPLE / "draft.txt").read_bytes(), "text/plain")})  # fmt: skip
    assert r.status_code == 303
    doc = html(c.get(r.headers["location"]))
    assert "已上传第2版" in doc.cssselect(".flash")[0].text_content()
    assert "排版说明" not in doc.cssselect(".flash")[0].text_content()
    text, shown = box(doc)
    assert shown == [] and "第2版（送审稿）" in text and "gbt9704" in text
    assert not html(c.get(f"/reviews/{rid}/pages/1")).cssselect(".layout-hint")
    # the docx again, by the API: its answer has the notes; on the web the flash points at them
    again = c.post(f"/api/v1/reviews/{rid}/versions", data={"note": "三稿"},
                   files={"draft": ("通讯.docx", no_grid.read_bytes(), "application/octet-stream")})  # fmt: skip
    assert again.status_code == 201, again.text
    assert again.json() == {"number": 3, "notes": expected, "layout": created["layout"] | {"version": 3}}
    r = c.post(f"/reviews/{rid}/versions", data={"csrf": c.headers["X-CSRF-Token"]},
               files={"draft": ("通讯.docx", no_grid.read_bytes(), "application/octet-stream")})  # fmt: skip
    flash = html(c.get(r.headers["location"])).cssselect(".flash")[0].text_content()
    assert f"已上传第4版；意见已在新版本上重新定位；草案有{len(expected)}条排版说明" in flash
    # a new review on the web: the flash on the review's page points at the box
    r = c.post("/reviews", data={"csrf": c.headers["X-CSRF-Token"], "office": "市科知局", "kind": "书面征求意见"},
               files={"draft": ("通讯.docx", no_grid.read_bytes(), "application/octet-stream")})  # fmt: skip
    assert r.status_code == 303, r.text
    doc = html(c.get(r.headers["location"]))
    assert f"审议已创建；草案有{len(expected)}条排版说明" in doc.cssselect(".flash")[0].text_content()
    assert box(doc)[1] == expected


def test_notes_are_shown_inert(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever a note says, the pages show it as text: the desk takes its notes from caina.services.tell_notes
    (the command line's) — replaced here by one that passes on HTML-like text."""
    from caina import services

    evil = '<script>alert("x")</script><b onclick="x()">附件1</b> & “引号”'

    def tell(laid: Any, on_note: Any, report: Any = None) -> None:
        on_note(evil)

    monkeypatch.setattr(services, "tell_notes", tell)
    c = desk.client("owner")
    # bytes of their own: the per-process cache of laid-out versions has never seen this draft
    data = (EXAMPLE / "draft.txt").read_bytes() + f"\n\n补充说明{os.getpid()}{desk.backend}。\n".encode()
    made = c.post("/api/v1/reviews", data={"office": "市科知局", "kind": "书面征求意见"}, files={"draft": ("draft.txt", data, "text/plain")})
    assert made.status_code == 201, made.text
    rid = made.json()["id"]
    assert made.json()["notes"] == [evil]  # JSON carries the text as it is
    for url in (f"/reviews/{rid}", f"/reviews/{rid}/versions", f"/reviews/{rid}/pages/1"):
        r = c.get(url)
        assert r.status_code == 200
        assert "<script>alert" not in r.text and "<b onclick" not in r.text
    page = c.get(f"/reviews/{rid}")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b onclick=&#34;x()&#34;&gt;附件1&lt;/b&gt; &amp; “引号”" in page.text
    assert box(html(page))[1] == [evil]
    assert html(c.get(f"/reviews/{rid}/pages/1")).cssselect(".layout-hint")


def test_review_create_on_the_command_line_tells_the_notes(tmp_path: Path, no_grid: Path) -> None:
    runner = CliRunner()
    db = tmp_path / "c.db"
    case = tmp_path / "case"
    case.mkdir()
    (case / "draft.docx").write_bytes(no_grid.read_bytes())  # a case directory of the test's own (tmp)
    (case / "review.yaml").write_text("draft: draft.docx\nreview:\n  kind: 书面征求意见\n  date: 2026-11-20\n  office: 市科知局\n"
                                       "proposers:\n  - id: cz\n    name: 市财政局\n", encoding="utf-8")
    assert runner.invoke(app, ["user", "add", "kezhiju", "--db", str(db), "--password-stdin"], input="long-enough-pw\n").exit_code == 0
    r = runner.invoke(app, ["review", "create", str(case), "--owner", "kezhiju", "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == "1"
    told = [line.removeprefix("提示：") for line in r.stderr.splitlines() if line.startswith("提示：")]
    assert told == cli_notes(case / "draft.docx") and told
    assert re.search("未设置文档网格", r.stderr)
