"""Typos: curated idiom slips, word slips, usage confusions, and the homophone detector."""

from __future__ import annotations

import pytest

from caina.core.checks import CheckOptions, Severity, check_text
from caina.core.checks.typos import sound_alike


def typos(text: str, options: CheckOptions | None = None):  # type: ignore[no-untyped-def]
    return [f for f in check_text(text, kind="draft", options=options) if f.family == "typo"]


@pytest.mark.parametrize(
    ("text", "rule", "suggestion"),
    [
        ("对《实施方案》逐字逐局进行审核。", "typo.idiom", "逐字逐句"),
        ("要再接再励，乘势而上。", "typo.idiom", "再接再厉"),
        ("认真贯彻落实党中央决策布署。", "typo.word", "部署"),
        ("建立工作台帐，定期通报。", "typo.usage", "账"),
        ("截止2023年底，全市共有企业1000家。", "typo.usage", "截至"),
        ("对作出突出贡献的人员给于奖励。", "typo.usage", "给予"),
        ("市政府做出了重要部署。", "typo.usage", "作出"),
    ],
)
def test_flags(text: str, rule: str, suggestion: str) -> None:
    (f,) = typos(text)
    assert (f.rule, f.suggestion) == (rule, suggestion)


def test_house_style_is_only_info() -> None:
    (f,) = typos("其它事项另行通知。")
    assert f.rule == "typo.usage" and f.severity is Severity.INFO


@pytest.mark.parametrize(
    "text",
    [
        "对《实施方案》逐字逐句进行审核、校对。",
        "报名已截止，截止日期为6月30日，截止到6月底。",
        "对作出突出贡献的人员给予奖励，做出样品。",
        "公布署名文章，资源禀赋于此。",
        "既使企业受益，又使群众满意。",
        "支持企业按装修标准建设。",
        "各行其是、各司其职，坚持实事求是、因地制宜。",
        "鼓励用人单位对作出突出贡献的科技人才给予奖励。",
    ],
)
def test_leaves_alone(text: str) -> None:
    assert typos(text) == []


def test_homophone_detector_finds_an_idiom_slip_not_in_the_curated_list() -> None:
    only = CheckOptions(ignore=frozenset({"typo.idiom", "typo.word"}))
    (f,) = typos("市科知局组织人员对文本逐字逐局进行审核。", options=only)
    assert f.rule == "typo.homophone" and f.suggestion == "逐字逐句"
    assert "同音" in f.message


def test_curated_and_homophone_do_not_report_twice() -> None:
    assert [f.rule for f in typos("对文本逐字逐局进行审核。")] == ["typo.idiom"]


@pytest.mark.parametrize(("a", "b", "expected"), [("局", "句", "same"), ("者", "则", "near"), ("局", "方", "")])
def test_sound_alike(a: str, b: str, expected: str) -> None:
    assert sound_alike(a, b) == expected
