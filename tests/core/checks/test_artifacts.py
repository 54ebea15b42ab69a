"""Artifacts: bookmarks and fields, revision residue, stray spaces, full-width digits."""

from __future__ import annotations

import pytest

from caina.core.checks import artifacts, check_text
from caina.core.checks.base import CheckedDocument, CheckOptions, Paragraph


def found(text: str) -> list[str]:
    return [f.rule for f in check_text(text, kind="draft") if f.family == "artifact"]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("[bookmark: _GoBack]意见采纳情况：予以全部采纳。", "artifact.field"),
        ("详见第3页错误！未找到引用源。", "artifact.field"),
        ("{ PAGE }页", "artifact.field"),
        ("已删除: 原来的文字，现在的文字。", "artifact.revision"),
        ("批注 [A1]: 请核实数据。", "artifact.revision"),
        ("加强组织领导，统筹推进 各项工作，确保落实。", "artifact.space"),
        ("文字中有\u200b不可见字符，需要删去。", "artifact.space"),
        ("到２０２５年，覆盖率达到９０%。", "artifact.width"),
    ],
)
def test_flags(text: str, rule: str) -> None:
    assert rule in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "第一条　为了促进城市绿化事业发展，制定本条例。",
        "第一章　总　　则",
        "南宁市林业和园林局　　南宁市财政局　　南宁市自然资源局",
        "支持 5G 和 AI 等新技术应用，提升 App 服务能力。",
        "到2025年，覆盖率达到90%。",
    ],
)
def test_leaves_alone(text: str) -> None:
    assert found(text) == []


def test_revisions_left_in_a_docx_are_reported() -> None:
    doc = CheckedDocument((Paragraph(1, "正文。"),), kind="draft", meta={"revisions": 3, "comments": 1})
    got = [(f.rule, f.severity.value, f.message) for f in artifacts.check(doc, CheckOptions())]
    assert got[0][:2] == ("artifact.revision", "error") and "3处" in got[0][2]
    assert got[1][:2] == ("artifact.revision", "warning")
