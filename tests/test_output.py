"""Output to a pipe or a file never loses text (issue 10, point 8): every command, under a narrow COLUMNS.

Rich sizes its output to a terminal — and when stdout is a pipe it still takes the width of a
terminal on stdin/stderr, or COLUMNS — then wraps table cells and cuts text with "…". caina's
consoles take no width when they do not write to a terminal (caina.console), and ``--help``
is laid out wide enough for any line (caina.cli_locale).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from caina import services
from caina.cli import app
from tests.cases import ROOT

COUNTY = ROOT / "examples" / "county"
SMALL = ROOT / "tests" / "fixtures" / "cases" / "public_rules"
runner = CliRunner(env={"COLUMNS": "30", "LINES": "10"})


def run(*args: object) -> tuple[str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code in (0, 1, 2), result.output  # 1: findings, 2: an input error (its message checked)
    return result.stdout, result.stderr


def _whole(text: str, output: str) -> None:
    assert text in output, f"“{text}” not whole in:\n{output[:2000]}"


def _uncut(output: str) -> None:
    """No cell cut with "…" (check's excerpts use it on purpose; tables and help must not)."""
    assert "…" not in output.replace("……", ""), output[:2000]


def test_show_prints_every_line_whole() -> None:
    out, _ = run("show", COUNTY / "draft.docx", "-p", "1")
    lay = services.open_draft(COUNTY / "draft.docx")
    for line in lay.pages[0].lines:
        _whole(lay.printed_text(line), out)
    _uncut(out)


def test_locate_resolve_and_report_print_whole_lines() -> None:
    out, _ = run("resolve", COUNTY / "draft.docx", "P1第3行")
    _whole("第一条　为规范和加强农村人居环境整治奖补资金管理，提", out)
    out, _ = run("locate", COUNTY / "draft.docx", "--quote", "公共厕所建设")
    assert len(out.split()) == 3
    out, _ = run("report", COUNTY, "-f", "txt")
    assert out == services.render_report(COUNTY, "txt")  # byte for byte what -o writes


def test_check_and_import_report_print_whole_messages(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(
        services.render_report(COUNTY, "txt").replace("逐字逐句进行审核", "逐字逐局进行审核", 1), encoding="utf-8"
    )
    out, _ = run("check", report)
    _whole("“逐字逐局”应为“逐字逐句”", out)
    out, _ = run("import-report", report)
    _whole("6个单位提出了10个修改意见", out)
    _whole("县住房城乡建设局", out)
    _uncut(out)


def test_apply_forms_and_import_forms_print_whole_paths_and_problems(tmp_path: Path) -> None:
    deep = tmp_path / ("一个很长很长的目录名" * 4)
    case = Path(shutil.copytree(COUNTY, deep / "case"))
    _out, err = run("apply", case, "-o", deep / "修改稿.docx")
    _whole(str(deep / "修改稿.docx"), err)
    out, err = run("forms", case, "-o", deep / "forms")
    _whole(str(deep / "forms" / "意见反馈表_县住房城乡建设局.xlsx"), out + err)
    form = deep / "forms" / "意见反馈表_县财政局.xlsx"
    wb = openpyxl.load_workbook(form)
    ws = wb["意见反馈表"]
    ws["D4"] = "有意见（填写下表）"
    ws["A7"], ws["B7"], ws["C7"], ws["D7"] = 1, "附件第9页第1行", "公共厕所建设", "建议下调"
    wb.save(form)
    out, err = run("import-forms", case, form)
    _whole("附件第9页超出范围：附件共1页", out + err)


def test_help_to_a_pipe_is_not_cut() -> None:
    out, _ = run("--help")
    _whole("导入已有的《意见采纳情况》报告：会议或征求意见情况、所述数字、每条意见、采纳情况、理由和修改。", out)
    _uncut(out)


def test_example_lists_every_file_whole(tmp_path: Path) -> None:
    deep = tmp_path / ("输出目录" * 8)
    out, _ = run("example", "-o", deep, "--no-pdf", "--source", SMALL)
    _whole(str(deep / "report.docx"), out)


def test_verify_layout_prints_whole_lines() -> None:
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("CI 中必须安装 LibreOffice 和 pdftotext（运行 scripts/install-system.sh）")
        pytest.skip("LibreOffice/pdftotext not installed; install them with scripts/install-system.sh")
    out, _ = run("verify-layout", SMALL / "draft.txt")
    _whole(f"草案：{SMALL / 'draft.txt'}", out)
