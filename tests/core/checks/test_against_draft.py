"""Against the draft: every quote at its cited page/line, or where it is, or the closest match."""

from __future__ import annotations

from pathlib import Path

import pytest

from caina import services
from caina.core.checks import Finding, Severity, check_report
from caina.core.layout import layout
from caina.io.drafts import read_draft

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "baise"
from tests.seed import SEED  # noqa: E402


@pytest.fixture(scope="module")
def draft():  # type: ignore[no-untyped-def]
    d = read_draft(EXAMPLE / "draft.txt")
    return d, layout(d)


@pytest.fixture(scope="module")
def generated() -> str:
    return services.render_report(EXAMPLE, "txt")


def against(text: str, draft) -> list[Finding]:  # type: ignore[no-untyped-def]
    d, lay = draft
    return [f for f in check_report(text, draft=d, layout=lay) if f.family == "draft"]


def test_the_generated_report_matches_its_draft(generated: str, draft) -> None:  # type: ignore[no-untyped-def]
    found = against(generated, draft)
    (summary,) = found
    assert summary.rule == "draft.confirmed" and summary.severity is Severity.INFO
    assert "12处引文：12处" in summary.message


def test_seed_item_5_is_not_in_the_draft_and_the_closest_match_is_given(draft) -> None:  # type: ignore[no-untyped-def]
    if not SEED.exists():
        pytest.skip("the seed report (../shared/seed) is not here")
    found = against(SEED.read_text(encoding="utf-8"), draft)
    (f,) = [f for f in found if f.rule == "draft.quote"]
    assert f.line == 16 and f.locator == "P3倒数第五行" and f.severity is Severity.ERROR
    assert "最接近的原文是P3倒数第五行“开展铝焊丝、防爆铝膜等中高端铝精深加工技术攻关”" in f.message
    assert "引文少了“铝”" in f.message


def test_a_quote_cited_at_the_wrong_line_says_where_it_is(generated: str, draft) -> None:  # type: ignore[no-untyped-def]
    text = generated.replace("P6顺数第八行", "P6顺数第十二行")
    (f,) = [f for f in against(text, draft) if f.rule == "draft.locator"]
    assert f.severity is Severity.WARNING and "位于P6顺数第八行" in f.message
    assert f.suggestion == "P6顺数第八行"


def test_a_locator_past_the_end(generated: str, draft) -> None:  # type: ignore[no-untyped-def]
    text = generated.replace("P6顺数第八行", "P60顺数第八行")
    (f,) = [f for f in against(text, draft) if f.rule == "draft.quote"]
    assert "无法在草案中找到" in f.message


def test_title_is_checked_against_the_drafts_title(draft) -> None:  # type: ignore[no-untyped-def]
    d, lay = draft
    text = "意见采纳情况\n会议对《百色市科技创新支撑产业高质量发展三年行动实施方案（2018-2020年）》进行审议。予以采纳。"
    found = [f for f in check_report(text, draft=d, layout=lay) if f.rule == "names.title"]
    assert len(found) == 1 and "草案标题" in found[0].message
