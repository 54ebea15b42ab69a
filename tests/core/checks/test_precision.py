"""Precision: on clean official text, at most one finding (warning or error) per 5,000 characters.

The Baise draft deliberately keeps the slips its own proofreading edit fixed
("尊重知识，尊重人才", "构建从众创空间，孵化器" and "工程研究中心"): finding
them is right, and they are required here, not counted as false alarms.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from caina import services
from caina.core.checks import Finding, Severity, check_draft, check_report
from caina.io.check_input import read_check_input

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "check"
EXAMPLE = ROOT / "examples" / "baise"
CLEAN = sorted(p.name for p in FIXTURES.glob("clean_*"))
PER_CHARS = 5000


def alarms(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.severity is not Severity.INFO]


def check_file(path: Path) -> tuple[list[Finding], int]:
    source = read_check_input(path)
    if source.kind == "draft":
        assert source.draft is not None
        return check_draft(source.draft), source.chars
    return check_report(source.paragraphs), source.chars


def test_there_are_enough_clean_texts() -> None:
    assert len(CLEAN) >= 4


@pytest.mark.parametrize("name", CLEAN)
def test_clean_fixture(name: str) -> None:
    found, chars = check_file(FIXTURES / name)
    bad = alarms(found)
    assert chars > 1000
    # each clean fixture is shorter than 5,000 characters: it may have no finding at all
    assert not bad, [(f.rule, f.excerpt, f.message) for f in bad]


def test_baise_draft_finds_its_own_slips_and_nothing_else() -> None:
    found, chars = check_file(EXAMPLE / "draft.txt")
    got = sorted((f.rule, f.locator) for f in alarms(found))
    assert got == [
        ("names.glossary", "P5倒数第五行"),
        ("punct.list-comma", "P13顺数第三行"),
        ("punct.list-comma", "P7顺数第十四行"),
    ]
    assert chars > 7000


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_generated_report_is_clean(fmt: str) -> None:
    text = services.render_report(EXAMPLE, fmt)
    assert alarms(check_report(text)) == []


def test_overall_rate() -> None:
    total_chars = 0
    total = 0
    for name in CLEAN:
        found, chars = check_file(FIXTURES / name)
        total += len(alarms(found))
        total_chars += chars
    report = services.render_report(EXAMPLE, "txt")
    total += len(alarms(check_report(report)))
    total_chars += len(report)
    assert total * PER_CHARS <= total_chars
