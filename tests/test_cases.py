"""caina's own report on every case of the test suite (issue 10, points 4 and 6).

- Round trip: report → ``caina import-report --draft`` → review.yaml → report gives the same
  report, as text, Markdown and Word, on every case (a fixed point).
- Self-check: ``caina check`` on caina's own report (text and Word), against the draft and
  without it, finds 0 errors and at most 2 warnings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from caina import services
from caina.services import documents
from caina.services.checks import check_file
from caina.services.report_import import write_case
from tests.cases import CASE_NAMES, copy_case, draft_of

FORMATS = ("txt", "md", "docx")


def test_the_suite_has_the_cases_it_claims() -> None:
    assert {"baise", "county", "county-txt", "district_written", "public_rules"} <= set(CASE_NAMES)


@pytest.fixture(scope="module", params=CASE_NAMES)
def case(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_case(request.param, tmp_path_factory.mktemp("case"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_report_import_report_is_a_fixed_point(case: Path, fmt: str, tmp_path: Path) -> None:
    first = services.render_report(case, "txt")
    written, _ = documents.write_report(case, tmp_path / f"report.{fmt}")
    imported, result = write_case(written, tmp_path / "again", draft=draft_of(case))
    assert result.report_checked, imported.warnings
    again = services.render_report(tmp_path / "again", "txt")
    assert again == first
    assert result.conversion.warnings == [], result.conversion.warnings  # caina reads its own report without doubt


@pytest.mark.parametrize("fmt", ("txt", "docx"))
def test_caina_checks_its_own_report_clean(case: Path, fmt: str, tmp_path: Path) -> None:
    written, _ = documents.write_report(case, tmp_path / f"report.{fmt}")
    for against in (draft_of(case), None):
        result = check_file(written, draft=against)
        counts = result.counts
        shown = [f"{f.rule} {f.excerpt} {f.message}" for f in result.findings if f.severity.value != "info"]
        assert result.kind == "report"
        assert counts["error"] == 0, shown
        assert counts["warning"] <= 2, shown


def test_the_names_a_review_gives_reach_the_report() -> None:
    """review.yaml's short_name, report.label/signed_by/date and a written consultation's name, as the cases use them."""
    from tests.cases import ROOT

    rules = services.render_report(ROOT / "tests" / "fixtures" / "cases" / "public_rules", "txt")
    assert "（以下简称《管理规定》）" in rules and "《规定》" not in rules  # short_name: not the derived 《规定》
    written = services.render_report(ROOT / "tests" / "fixtures" / "cases" / "district_written", "txt")
    assert written.startswith("附件\n") and written.splitlines()[3] == "书面征求意见采纳情况"
    assert written.endswith("\n东湖区民政局\n2024年3月8日\n")
    assert "原则采纳" not in written and "予以部分采纳。理由：上级文件规定的比例" in written  # 原则采纳 counted partial
