"""Report consistency on the seed report and on small made-up reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from caina.core.checks import Finding, Severity, check_report

ROOT = Path(__file__).resolve().parents[3]
from tests.seed import SEED  # noqa: E402


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("the seed report (../shared/seed) is not here")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text: str) -> list[Finding]:
    return check_report(seed_text)


def of(found: list[Finding], rule: str, severity: Severity | None = None) -> list[Finding]:
    return [f for f in found if f.rule == rule and (severity is None or f.severity is severity)]


def test_seed_title_misquote(seed: list[Finding]) -> None:
    (f,) = of(seed, "names.title")
    assert "支撑餐饮业" in f.message and "2018-2020" in f.message and f.line == 7


def test_seed_typos_halfwidth_colons_bookmark(seed: list[Finding]) -> None:
    assert [f.line for f in of(seed, "typo.idiom")] == [7, 24]
    assert all("逐字逐局" in f.message for f in of(seed, "typo.idiom"))
    assert [(f.line, f.suggestion) for f in of(seed, "punct.halfwidth")] == [(22, "："), (24, "：")]
    (bookmark,) = of(seed, "artifact.field")
    assert bookmark.line == 9 and "[bookmark: _GoBack]" in bookmark.message


def test_seed_item_5_quotes_the_line_differently(seed: list[Finding]) -> None:
    (f,) = of(seed, "report.quote")
    assert f.line == 16 and f.severity is Severity.ERROR
    assert "意见5" in f.message and "而意见1、7及意见5的其他地方引用为" in f.message and "少了“铝”" in f.message
    assert f.suggestion == "开展铝焊丝、防爆铝膜等中高端铝精深加工技术攻关"


def test_seed_counts_are_confirmed_not_flagged(seed: list[Finding]) -> None:
    assert of(seed, "report.count", Severity.ERROR) == [] and of(seed, "report.count", Severity.WARNING) == []
    confirmed = " ".join(f.message for f in of(seed, "report.count", Severity.INFO))
    for phrase in ("12个单位列席", "4个单位提出了8个修改意见", "予以采纳意见6个", "不予采纳意见2个", "对文本修改2处"):
        assert f"“{phrase}”" in confirmed
    assert "（8）" in confirmed


def test_seed_items_1_and_7_are_duplicates(seed: list[Finding]) -> None:
    (f,) = of(seed, "report.duplicate")
    assert f.severity is Severity.INFO and "意见7" in f.message and "意见1" in f.message


def test_a_changed_count_names_what_it_found_and_expected(seed_text: str) -> None:
    found = check_report(seed_text.replace("予以采纳意见6个", "予以采纳意见5个"))
    (f,) = of(found, "report.count", Severity.ERROR)
    assert "写的是5" in f.message and "数得6" in f.message
    assert f.suggestion == "予以采纳意见6个"


REPORT = """关于《某市测试办法（征求意见稿）》征求意见采纳情况的说明
市司法局于2024年3月就《某市测试办法（征求意见稿）》（以下简称《办法》）征求意见，共收到意见3条，采纳1条，部分采纳1条，不予采纳1条。
1.市财政局提出：建议删去第四条。
采纳情况：采纳。已删去第四条。
2.市教育局提出：建议增加学校的内容。
采纳情况：部分采纳。理由：已有规定。
3.市民政局提出：建议提高标准。
采纳情况：不予采纳。理由：不符合上位法规定。
"""


def test_a_consistent_report_has_no_error() -> None:
    found = check_report(REPORT)
    assert [f for f in found if f.severity is not Severity.INFO] == []
    assert len(of(found, "report.count", Severity.INFO)) >= 3


def test_a_refusal_without_reason() -> None:
    text = REPORT.replace("采纳情况：不予采纳。理由：不符合上位法规定。", "采纳情况：不予采纳。")
    (f,) = of(check_report(text), "report.reason")
    assert "意见3" in f.message and f.severity is Severity.ERROR


def test_numbering_gap() -> None:
    text = REPORT.replace("3.市民政局", "4.市民政局")
    (f,) = of(check_report(text), "report.numbering")
    assert "应为3" in f.message


def test_units_named_for_a_count_are_counted() -> None:
    text = ("《某办法》征求意见情况\n征求了5个单位意见，其中市教育局、市民政局、市水利局等2个单位无修改意见，"
            "市审计局逾期未反馈，视为无意见，2个单位提出意见2条，采纳2条。\n"
            "1.市财政局提出：建议甲。\n处理情况：采纳。\n2.市商务局提出：建议乙。\n处理情况：采纳。\n")  # fmt: skip
    (bad,) = [f for f in of(check_report(text), "report.count") if f.severity is not Severity.INFO]
    assert "“2个单位无修改意见”写的是2，按列出的单位数得3" in bad.message


def test_explained_counted_apart_or_within() -> None:
    items = ("1.张**提出：建议甲。\n处理意见：不予采纳。理由：丙。\n"
             "2.李**提出：对第三条有疑问。\n处理意见：作出解释说明。理由：已当面说明。\n")  # fmt: skip
    apart = check_report("《某办法》意见采纳情况\n共收到意见2条，不予采纳1条，作出解释说明1条。\n" + items)
    within = check_report("《某办法》意见采纳情况\n共收到意见2条，不予采纳2条（其中作出解释说明1条）。\n" + items)
    for found in (apart, within):
        assert [f.message for f in of(found, "report.count") if f.severity is not Severity.INFO] == []
        assert any("解释说明1条" in f.message for f in of(found, "report.count", Severity.INFO))
