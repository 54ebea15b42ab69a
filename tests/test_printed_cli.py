"""The command line of issue 11: PDF drafts, --printed, --profile, calibrate, profiles, verify-layout --against.

Uses Word's PDF of ../shared/wordpairs/01 (beside the checkout in CI) and a hand-made PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from caina.cli import app
from tests.fixtures.pdf.build import latin_text, scanned
from tests.shared_inputs import shared

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def run(*args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args])


def out(result) -> str:  # type: ignore[no-untyped-def]
    return result.output + (result.stderr if result.stderr_bytes is not None else "")


@pytest.fixture
def pair() -> Path:
    return shared("wordpairs", "01")


def test_show_locate_resolve_on_a_pdf(pair: Path) -> None:
    pdf = pair / "word.pdf"
    shown = run("show", pdf, "-p", "2")
    assert shown.exit_code == 0 and "页和行按印发稿" in shown.output and "宫中府中俱为一体" in shown.output
    located = run("locate", pdf, "--quote", "亲贤臣远小人")
    assert located.exit_code == 0 and located.output.strip() == "P2倒数第七行"
    resolved = run("resolve", pdf, "P2倒数第七行")
    assert resolved.exit_code == 0 and resolved.output.strip().startswith("（一）二级标题a") is False
    assert "亲贤臣远小人" in resolved.output


def test_locate_with_the_printed_copy_and_with_profiles(pair: Path) -> None:
    docx, pdf = pair / "source.docx", pair / "word.pdf"
    printed = run("locate", docx, "--printed", pdf, "--quote", "先帝以驱驰")
    word = run("locate", docx, "--quote", "先帝以驱驰")
    libre = run("locate", docx, "--quote", "先帝以驱驰", "--profile", "gbt9704")
    assert printed.output.strip() == word.output.strip() == "P3顺数第五行"
    assert libre.output.strip() == "P3顺数第四行"  # LibreOffice's rules set 26 字 on the first line: one line less


def test_verify_layout_against_the_pdf_ends_with_the_agreement(pair: Path) -> None:
    result = run("verify-layout", pair / "source.docx", "--against", pair / "word.pdf")
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert lines[-1] == "一致率：100.00%"
    assert "由 Word 生成" in result.output
    result = run("verify-layout", pair / "source.docx", "--against", pair / "word.pdf", "--profile", "gbt9704", "--json")
    import json

    data = json.loads(result.output)
    assert data["made_by"] == "Word" and data["profile"] == "gbt9704" and data["agreement"] < 0.99
    assert result.exit_code == 1  # below --min
    causes = {r["cause"] for r in data["lines_not_identical"]}
    assert causes <= {"page", "hanging", "latin", "compression", "break", "carried", "table", "count"}


def test_calibrate_writes_a_profile_that_profile_options_read(pair: Path, tmp_path: Path) -> None:
    profile = tmp_path / "方案.yaml"
    result = run("calibrate", pair / "source.docx", pair / "word.pdf", "-o", profile)
    assert result.exit_code == 0, out(result)
    assert "校准后 100.00%" in result.output
    text = profile.read_text(encoding="utf-8")
    assert "base: word" in text and "calibration:" in text
    again = run("calibrate", pair / "source.docx", pair / "word.pdf", "-o", profile)
    assert again.exit_code != 0 and "--force" in out(again)
    located = run("locate", pair / "source.docx", "--quote", "先帝以驱驰", "--profile", profile)
    assert located.output.strip() == "P3顺数第五行"


def test_a_broken_profile_file_says_what_and_where(tmp_path: Path, pair: Path) -> None:
    bad = tmp_path / "p.yaml"
    bad.write_text("base: word\nsettings:\n  fit_tolerence_pt: 0.1\n", encoding="utf-8")
    result = run("locate", pair / "source.docx", "--quote", "先帝以驱驰", "--profile", bad)
    assert result.exit_code != 0 and "未知的开关“fit_tolerence_pt”" in out(result) and "p.yaml" in out(result)
    result = run("locate", pair / "source.docx", "--quote", "先帝以驱驰", "--profile", "wrod")
    assert result.exit_code != 0 and "没有名为“wrod”的排版方案" in out(result)


def test_profiles_lists_each_with_a_line() -> None:
    result = run("profiles")
    assert result.exit_code == 0
    for name in ("gbt9704", "word", "word-whole-width", "libreoffice-grid"):
        assert name in result.output


def test_a_scanned_pdf_as_a_draft_is_refused(tmp_path: Path) -> None:
    pdf = tmp_path / "扫描件.pdf"
    pdf.write_bytes(scanned())
    result = run("show", pdf)
    assert result.exit_code != 0 and "扫描件" in out(result) and "Traceback" not in out(result)


def test_a_pdf_draft_of_latin_text(tmp_path: Path) -> None:
    pdf = tmp_path / "draft.pdf"
    pdf.write_bytes(latin_text(["Title of the draft", "First paragraph line", "Second paragraph line"]))
    result = run("locate", pdf, "--quote", "Second paragraph")
    assert result.exit_code == 0 and result.output.strip() == "P1倒数第一行"  # the last of three lines: counted from the foot


def test_draft_pdf_beside_draft_docx_is_the_printed_copy(pair: Path, tmp_path: Path) -> None:
    case = tmp_path / "case"
    case.mkdir()
    (case / "draft.docx").write_bytes((pair / "source.docx").read_bytes())
    (case / "draft.pdf").write_bytes((pair / "word.pdf").read_bytes())
    (case / "review.yaml").write_text(
        "review:\n  kind: 书面征求意见\n  date: 2026-11-20\n  office: 县司法局\n"
        "proposers:\n  - id: cz\n    name: 县财政局\n\nopinions:\n"
        "  - proposer: 县财政局\n    text: 对{loc:1}{quote:1}提出意见。\n    targets: [\"先帝以驱驰\"]\n"
        "    decision: 不予采纳\n    reason: 原文如此。\n",
        encoding="utf-8",
    )
    result = run("report", case, "--profile", "gbt9704")  # the PDF wins over any profile
    assert result.exit_code == 0, out(result)
    assert "P3顺数第五行“先帝以驱驰”" in result.output
    (case / "draft.pdf").unlink()
    result = run("report", case, "--profile", "gbt9704")
    assert "P3顺数第四行“先帝以驱驰”" in result.output  # without the PDF: caina's own layout under gbt9704


@pytest.mark.parametrize(
    ("doc", "least", "profile"), [("05", 0.9, "word-mac"), ("21", 1.0, "word"), ("22", 1.0, "word"), ("24", 1.0, "word")]
)
def test_word_printouts_measured_under_the_default_profile(pair: Path, doc: str, least: float, profile: str) -> None:
    """wordpairs/05 (WPS-made, bold 宋体, exact lines on a 15.6 pt grid, printed by Word for Mac: the PDF picks
    ``word-mac``), 21 (Aptos, autofit tables), 22 and 24 (Cambria): the figures of docs/verify-layout.md."""
    from caina.services.verify import verify_against

    folder = pair.parent / doc
    result = verify_against(folder / "source.docx", folder / "word.pdf")
    assert result.profile.name == profile
    assert result.verification.agreement >= least


@pytest.mark.parametrize(
    ("doc", "least", "paragraphs", "lines"),
    [("25", 1.0, (17, 17), 153), ("26", 1.0, (18, 18), 63), ("04", 0.809, (3, 5), 21)],
)
def test_word_printouts_with_columns(pair: Path, doc: str, least: float, paragraphs: tuple[int, int], lines: int) -> None:
    """wordpairs/25 (three columns, Cambria), 26 (a two-column section beside tables and text boxes), 04 (a WPS
    three-column section holding one empty paragraph): the PDF read column by column, caina's layout flowing
    column after column; the figures of docs/verify-layout.md (before columns: 0 %, 1.1 %, 81.0 %; 26 was 56.9 %, 10/18
    of 72 lines before soft line breaks were counted as printed)."""
    from caina.services.verify import verify_against

    folder = pair.parent / doc
    result = verify_against(folder / "source.docx", folder / "word.pdf")
    assert result.verification.agreement >= least
    assert result.paragraphs[0] >= paragraphs[0] and result.paragraphs[1] == paragraphs[1]
    assert result.verification.total == lines


def test_a_column_page_counts_its_lines_column_after_column(pair: Path) -> None:
    folder = pair.parent / "25"
    docx, pdf = folder / "source.docx", folder / "word.pdf"
    # "eius modi tempora incidunt" opens column 2 of page 1, after 38 lines in column 1 (2 of them the heading):
    # caina cites it in its column; without a column, line 39 of the page in reading order is the same line
    for args in ((docx,), (docx, "--printed", pdf)):  # a PDF alone is read across the page (docs/drafts.md)
        located = run("locate", *args, "--quote", "eius modi tempora incidunt")
        assert located.exit_code == 0 and located.output.strip().splitlines()[-1] == "P1第二栏顺数第一行", out(located)
        for written in ("P1第二栏顺数第一行", "P1顺数第三十九行", "P1第2栏第1行"):
            resolved = run("resolve", *args, written)
            assert resolved.exit_code == 0 and "eius modi tempora incidunt" in resolved.output, out(resolved)
        last = run("resolve", *args, "P1倒数第一行")  # the page's last line: the foot of column 3
        assert "Aristonem dicuntur a" in last.output and "diligentissime" not in last.output
    shown = run("show", docx, "-p", "1")
    assert shown.exit_code == 0 and "第2栏" in shown.output and "分栏" in shown.output
