"""The consultation page of the desk: its numbers and charts come from the store, the drill-down from an article
to its groups and a group's comments pages through all of them, the owner's decisions (CSRF, versions, audit)
flow into the page's counts and the desk report's 公开征求意见情况."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import text

from caina.errors import PermissionDeniedError, StaleVersionError
from caina.services.desk import consult
from tests.desk_fixtures import CONSULT_COMMENTS, Desk


def _count(desk: Desk, sql: str, **p: object) -> int:
    with desk.store.read() as conn:
        return int(conn.execute(text(sql), p).scalar() or 0)


def test_page_numbers_and_charts_are_the_stores(desk: Desk) -> None:
    rid = desk.ids["review"]
    page = desk.client("reader").get(f"/reviews/{rid}/consultation")
    assert page.status_code == 200
    html = unescape(page.text)
    name = str(rid)
    comments = _count(desk, "SELECT COUNT(*) FROM consult_comments WHERE review = :r", r=name)
    groups = _count(desk, "SELECT COUNT(*) FROM consult_groups WHERE review = :r", r=name)
    assert comments == CONSULT_COMMENTS
    assert f"{comments:,}条" in html and f"归并后</dt><dd id=\"consult-groups\">{groups:,}条" in html
    # the article chart: one bar per article with comments, each titled with its count from the results table
    svg = html[html.index('id="chart-articles"'): html.index("</svg>", html.index('id="chart-articles"'))]
    bars = re.findall(r"<title>(.+?)：(\d+)条</title>", svg)
    assert len(bars) >= 5
    for label, n in bars:
        like = f"%、{label}、%"
        expected = _count(desk, "SELECT COUNT(*) FROM consult_results WHERE review = :r AND ('、' || units || '、') LIKE :u",
                          r=name, u=like)  # fmt: skip
        assert int(n) == expected, label
        assert "/consultation/groups?article=" in svg
    days = html[html.index('id="chart-days"'): html.index("</svg>", html.index('id="chart-days"'))]
    per_day = [int(n) for _, n in re.findall(r"<title>(.+?)：(\d+)条</title>", days)]
    undated = _count(desk, "SELECT COUNT(*) FROM consult_comments WHERE review = :r AND submitted_at IS NULL", r=name)
    assert sum(per_day) + undated == comments


def test_drill_down_pages_through_every_group_and_comment(desk: Desk) -> None:
    rid, owner = desk.ids["review"], desk.actor("owner")
    first = consult.overview(desk.store, owner, rid)
    article = next(k for k, v in first["stats"]["by_article"].items() if v and k != "总体")
    seen: list[int] = []
    after = 0
    while True:
        page = consult.article_groups(desk.store, owner, rid, article, after, limit=7)
        assert all(article in g["articles"] for g in page["groups"])
        seen += [g["group"] for g in page["groups"]]
        if page["next"] is None:
            break
        after = page["next"]
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == page["group_total"]
    # the HTML list links each group, and the group page pages through its comments
    html = desk.client("reader").get(f"/reviews/{rid}/consultation/groups", params={"article": article}).text
    assert f"/reviews/{rid}/consultation/groups/{seen[0]}" in html
    g = desk.ids["consult_group"]
    size = consult.group(desk.store, owner, rid, g)["size"]
    assert size > 1
    ids: list[str] = []
    after = 0
    while True:
        part = consult.group(desk.store, owner, rid, g, after, limit=2)
        ids += [c["comment_id"] for c in part["comments"]]
        if part["next"] is None:
            break
        after = part["next"]
    assert len(ids) == len(set(ids)) == size
    page = desk.client("reader").get(f"/reviews/{rid}/consultation/groups/{g}")
    assert page.status_code == 200 and ids[0] in page.text
    assert "<form" not in page.text.split("采纳情况</h2>")[1].split("</section>")[0]  # a reader sees, does not decide


def test_owner_decides_with_csrf_and_versions(desk: Desk) -> None:
    rid, g = desk.ids["review"], desk.ids["consult_group"]
    url = f"/reviews/{rid}/consultation/groups/{g}/decision"
    owner = desk.client("owner")
    assert desk.client("owner", csrf=False).post(url, data={"decision": "adopted", "version": "0"}).status_code == 403
    assert desk.client("reviewer").post(url, data={"decision": "adopted", "version": "0"}).status_code == 403
    missing = owner.post(url, data={"decision": "not_adopted", "reason": "", "version": "0"}, headers={"HX-Request": "true"})
    assert missing.status_code == 422 and "必须写明理由" in missing.text
    pdf = f"/api/v1/reviews/{rid}/report"
    assert owner.get(pdf, params={"format": "pdf"}).status_code == 200  # the fixture's finished job for this state
    saved = owner.post(url, data={"decision": "adopted", "reason": "已在第十条中增加", "version": "0"})
    assert saved.status_code == 303
    assert owner.get(pdf, params={"format": "pdf"}).status_code == 202  # a decision is a new state: a new PDF job
    # a second save over the version it saw (0) is refused and shows what the other saved
    stale = owner.post(url, data={"decision": "not_adopted", "reason": "不同意", "version": "0"}, headers={"HX-Request": "true"})
    assert stale.status_code == 409 and "对方保存的是：予以采纳" in stale.text
    with pytest.raises(StaleVersionError):
        consult.decide(desk.store, desk.actor("owner"), rid, g, "not_adopted", "不同意", 0)
    with pytest.raises(PermissionDeniedError):
        consult.decide(desk.store, desk.actor("reader"), rid, g, "adopted", "", 1)
    size = consult.group(desk.store, desk.actor("owner"), rid, g)["size"]
    view = consult.overview(desk.store, desk.actor("reader"), rid)
    assert view["decided"] == [{"decision": "adopted", "label": "予以采纳", "groups": 1, "comments": size}]
    assert view["undecided"]["comments"] == CONSULT_COMMENTS - size
    # audited, and in the desk's report
    events = desk.client("owner").get(f"/api/v1/reviews/{rid}/audit").json()
    assert any(e["action"] == "consult.decide" for e in (events["events"] if isinstance(events, dict) else events))
    report = desk.client("owner").get(f"/api/v1/reviews/{rid}/report", params={"format": "md"}).text
    assert "## 公开征求意见情况" in report
    assert "共有" in report and f"提出意见{CONSULT_COMMENTS}条" in report
    assert f"予以采纳1条（涉及意见{size}条）" in report
    # withdrawn: pending
    again = owner.post(url, data={"decision": "pending", "version": "1"})
    assert again.status_code == 303
    assert consult.overview(desk.store, desk.actor("owner"), rid)["decided"] == []


def test_a_review_without_consultation_says_how_to_add_one(desk: Desk) -> None:
    rid2 = desk.ids["review2"]
    page = desk.client("outsider").get(f"/reviews/{rid2}/consultation")
    assert page.status_code == 200 and f"caina consult import {rid2}" in page.text
    assert desk.client("outsider").get(f"/reviews/{rid2}/consultation/groups").status_code == 404
