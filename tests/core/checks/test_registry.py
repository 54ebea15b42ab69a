"""The rule registry: every rule documented, every finding's JSON shape stable, the API exported."""

from __future__ import annotations

from pathlib import Path

import caina.core.checks as checks
from caina.core.checks import FINDING_KEYS, RULES, Finding, Severity, detect_kind
from caina.core.checks.base import paragraphs_from_text

DOCS = Path(__file__).resolve().parents[3] / "docs" / "checks.md"


def test_every_rule_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [rule for rule in RULES if f"`{rule}`" not in text]
    assert not missing


def test_every_rule_belongs_to_a_family() -> None:
    assert {r.family for r in RULES.values()} <= set(checks.FAMILIES)
    assert len(RULES) >= 25


def test_all_is_exported() -> None:
    for name in checks.__all__:
        assert hasattr(checks, name), name


def test_finding_json_shape() -> None:
    f = Finding("punct.halfwidth", Severity.ERROR, "说明", "原文", "：", paragraph=2, line=3, locator="P1顺数第一行")
    d = f.to_dict()
    assert tuple(d) == FINDING_KEYS
    assert d["severity"] == "error" and d["locator"] == "P1顺数第一行"


def test_detect_kind() -> None:
    assert detect_kind(paragraphs_from_text("意见采纳情况\n采纳情况：予以采纳。")) == "report"
    assert detect_kind(paragraphs_from_text("某某实施方案\n一、总体要求\n为了……制定本方案。")) == "draft"


def test_detect_kind_from_a_reports_own_title() -> None:
    for title in ("关于《某办法（征求意见稿）》公开征求意见情况的说明", "《某规定（草案征求意见稿）》公开征求意见结果反馈",
                  "关于《某条例（草案）》审议结果的报告", "关于《某办法》征求意见采纳情况的说明"):  # fmt: skip
        assert detect_kind(paragraphs_from_text(f"{title}\n征求意见期间，未收到意见。")) == "report", title
    # a draft that happens to mention how it handles complaints is still a draft
    assert detect_kind(paragraphs_from_text("某市信访工作办法\n第一条　为了规范信访事项办理情况的报告工作，制定本办法。")) == "draft"
