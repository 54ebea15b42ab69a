"""The checker on the fixture reports (tests/fixtures/reports/): exactly the findings written by hand.

Each expected JSON with a "check" key lists every warning and error the checker
must give on that report, as [rule, severity, line] (line null for a .docx);
an empty list means a clean report, on which any warning or error is a false
alarm. Information findings ("已核对") are not listed. The reports are read as
`caina check` reads them (Markdown stripped, traditional characters converted,
.docx tables as rows), and must be recognised as reports, not drafts.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from caina.core.checks import Severity
from caina.services.checks import check_file
from tests.core.test_report_parse import FIXTURES
from tests.io.test_report_import import build_docx, build_forestry_docx

WITH_CHECK = sorted(
    p.name.removesuffix(".expected.json")
    for p in FIXTURES.glob("*.expected.json")
    if "check" in json.loads(p.read_text(encoding="utf-8"))
)
DOCX_BUILDERS = {"forestry_table": build_forestry_docx, "table_units": build_docx}


def _source(stem: str, tmp_path: Path) -> Path:
    if stem in DOCX_BUILDERS:
        return DOCX_BUILDERS[stem](tmp_path / f"{stem}.docx")
    found = [p for p in FIXTURES.glob(f"{stem}.*") if p.suffix in (".txt", ".md")]
    assert len(found) == 1, stem
    return found[0]


def test_enough_reports_have_check_expectations() -> None:
    assert len(WITH_CHECK) >= 12


@pytest.mark.parametrize("stem", WITH_CHECK)
def test_report_findings_are_exactly_the_expected_ones(stem: str, tmp_path: Path) -> None:
    expected = json.loads((FIXTURES / f"{stem}.expected.json").read_text(encoding="utf-8"))["check"]
    result = check_file(_source(stem, tmp_path))
    assert result.kind == "report"
    got = Counter((f.rule, f.severity.value, f.line) for f in result.findings if f.severity is not Severity.INFO)
    want = Counter(tuple(x) for x in expected)
    assert got == want, [(f.rule, f.line, f.excerpt, f.message) for f in result.findings if f.severity is not Severity.INFO]

