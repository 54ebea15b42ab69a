"""The desk's commands: user add, review create / add-member / export, db upgrade / backup / restore — and the
exported case directory, run through the CLI, reproduces the web app's outputs."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import yaml
from typer.testing import CliRunner

from caina.cli import app
from tests.desk_fixtures import EXAMPLE, Desk

runner = CliRunner()


def run(*args: object, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args], input=stdin)


def test_desk_commands_have_help_with_examples() -> None:
    for group, commands in (("db", ("upgrade", "backup", "restore")), ("user", ("add",)),
                            ("review", ("create", "add-member", "export"))):  # fmt: skip
        for name in commands:
            result = run(group, name, "--help")
            assert result.exit_code == 0 and "示例" in result.output and f"caina {group} {name}" in result.output
    assert "caina serve" in run("serve", "--help").output


def test_user_review_and_members(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    assert run("db", "upgrade", "--db", db).exit_code == 0
    r = run("user", "add", "kezhiju", "--db", db, "--password-stdin", stdin="long-enough-pw\n")
    assert r.exit_code == 0, r.output
    assert run("user", "add", "caizhengju", "--db", db, "--password-stdin", stdin="another-pw-1\n").exit_code == 0
    again = run("user", "add", "kezhiju", "--db", db, "--password-stdin", stdin="long-enough-pw\n")
    assert again.exit_code != 0 and "已存在" in again.output
    short = run("user", "add", "x1", "--db", db, "--password-stdin", stdin="short\n")
    assert short.exit_code != 0 and "密码太短" in short.output
    created = run("review", "create", EXAMPLE, "--owner", "kezhiju", "--db", db)
    assert created.exit_code == 0, created.output
    rid = created.output.strip()
    assert rid == "1"
    r = run("review", "add-member", rid, "caizhengju", "--role", "reviewer", "--unit", "市财政局", "--db", db)
    assert r.exit_code == 0, r.output
    bad = run("review", "add-member", rid, "caizhengju", "--role", "reviewer", "--db", db)
    assert bad.exit_code != 0 and "须写明单位" in bad.output
    nobody = run("review", "create", EXAMPLE, "--owner", "nobody", "--db", db)
    assert nobody.exit_code != 0 and "没有用户“nobody”" in nobody.output


def test_export_reproduces_the_web_outputs(desk: Desk, tmp_path: Path) -> None:
    """The case directory the web app exports, run through the CLI, gives the same report byte for byte."""
    owner = desk.client("owner")
    rid = desk.ids["review"]
    # a decision and an opinion made in the web app, so the export is more than the imported case
    made = desk.client("reviewer").post(f"/api/v1/reviews/{rid}/opinions",
                                        json={"text": "建议改为“推广高效节能电解槽”。", "quote": "推广新型结构电解槽"}).json()  # fmt: skip
    owner.put(f"/api/v1/opinions/{made['id']}/decision", json={"decision": "already_reflected", "reason": "原文已含此意",
                                                                 "version": made["version"]})  # fmt: skip
    case = tmp_path / "case"
    with zipfile.ZipFile(io.BytesIO(owner.get(f"/api/v1/reviews/{rid}/case.zip").content)) as z:
        z.extractall(tmp_path)
    assert sorted(p.name for p in case.iterdir()) == ["draft.txt", "review.yaml"]
    assert (case / "draft.txt").read_bytes() == (EXAMPLE / "draft.txt").read_bytes()
    web_md = owner.get(f"/api/v1/reviews/{rid}/report", params={"format": "md"}).content
    # the review's public consultation is in the database: the exported review.yaml names it, --db finds it
    assert str(yaml.safe_load((case / "review.yaml").read_text(encoding="utf-8"))["consultation"]) == str(rid)
    result = run("report", case, "--db", desk.url, "-o", tmp_path / "cli.md")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cli.md").read_bytes() == web_md
    assert "9.市财政局提出：《实施方案》P3倒数第二行“推广新型结构电解槽”：建议改为" in web_md.decode()
    assert "公开征求意见情况" in web_md.decode()
    # the CLI's own export command writes the same two files
    again = tmp_path / "again"
    assert run("review", "export", rid, again, "--db", desk.url).exit_code == 0
    assert (again / "review.yaml").read_bytes() == (case / "review.yaml").read_bytes()
    # Word outputs: the same document text (.docx packages carry their save time, so compare the XML)
    run("report", case, "--db", desk.url, "-o", tmp_path / "cli.docx")
    web_docx = owner.get(f"/api/v1/reviews/{rid}/report", params={"format": "docx"}).content
    assert _document_xml(web_docx) == _document_xml((tmp_path / "cli.docx").read_bytes())
    run("apply", case, "--track-changes", "--comments", "-o", tmp_path / "tracked.docx")
    web_tracked = owner.get(f"/api/v1/reviews/{rid}/revised", params={"tracked": "true"}).content
    assert _document_xml(web_tracked) == _document_xml((tmp_path / "tracked.docx").read_bytes())


def _document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml")


def test_cli_backup_restore(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    run("user", "add", "kezhiju", "--db", db, "--password-stdin", stdin="long-enough-pw\n")
    run("review", "create", EXAMPLE, "--owner", "kezhiju", "--db", db)
    assert run("db", "backup", tmp_path / "b.db", "--db", db).exit_code == 0
    shutil.copy(tmp_path / "b.db", tmp_path / "b2.db")
    run("review", "create", EXAMPLE, "--owner", "kezhiju", "--db", db)
    assert run("db", "restore", tmp_path / "b2.db", "--db", db).exit_code == 0
    # after the restore the second review is gone: creating one again gives number 2
    assert run("review", "create", EXAMPLE, "--owner", "kezhiju", "--db", db).output.strip() == "2"
