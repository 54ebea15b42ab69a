"""Server-rendered pages, checked with CSS selectors (not snapshots), on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import lxml.html

from tests.desk_fixtures import Desk


def html(response: Any) -> Any:
    assert response.status_code == 200, response.text[:500]
    return lxml.html.fromstring(response.text)


def test_page_view_numbers_every_line_both_ways(shared_desk: Desk) -> None:
    doc = html(shared_desk.client("reviewer").get(f"/reviews/{shared_desk.ids['review']}/pages/3"))
    rows = doc.cssselect("table.lines tbody tr.line")
    assert len(rows) == 22
    fifth = doc.cssselect('tr[data-locator="P3倒数第五行"]')[0]
    tops = [td.text_content() for td in fifth.cssselect("td.num")]
    assert tops == ["18", "5"]
    span = fifth.cssselect("span.t")[0]
    assert span.get("data-block") == "17" and span.get("data-start") == "26"
    assert "开展铝焊丝" in span.text_content()
    assert doc.cssselect("#opinion-form input[name=locator]")  # the form the selection fills


def test_attachment_pages_show_tables_as_tables(shared_desk: Desk) -> None:
    c = shared_desk.client("owner")
    where = c.get(f"/api/v1/reviews/{shared_desk.ids['review']}/locate", params={"quote": "依托单位"}).json()[0]
    assert where["locator"] == "附件3第1页顺数第三行"
    doc = html(c.get(f"/reviews/{shared_desk.ids['review']}/pages/{where['page']}"))
    assert "附件3" in doc.cssselect(".pager")[0].text_content()
    cells = doc.cssselect("span.cells span.cell")
    assert cells and any("依托单位" in x.text_content() for x in cells)


def test_typed_locator_highlights_the_line(shared_desk: Desk) -> None:
    c = shared_desk.client("reviewer")
    r = c.get(f"/reviews/{shared_desk.ids['review']}/pages", params={"locator": "P3倒数第五行"})
    assert r.status_code == 303 and r.headers["location"].endswith("/pages/3?hl=18")
    doc = html(c.get(r.headers["location"]))
    assert doc.cssselect("tr.hl")[0].get("data-locator") == "P3倒数第五行"
    bad = c.get(f"/reviews/{shared_desk.ids['review']}/pages", params={"locator": "P99倒数第一行"})
    assert bad.status_code == 422 and "超出范围" in bad.text


def test_filing_from_the_page_form(desk: Desk) -> None:
    c = desk.client("reviewer")
    rid = desk.ids["review"]
    r = c.post(f"/reviews/{rid}/opinions", data={
        "csrf": c.headers["X-CSRF-Token"], "text": "建议删去", "quote": "开展铝焊丝、防爆铝膜等中高端铝精深加工技术攻关",
        "locator": "P3倒数第五行", "part_id": "main", "block": "17", "start": "31",
        "back_to": f"/reviews/{rid}/pages/3"})  # fmt: skip
    assert r.status_code == 303 and "/pages/3" in r.headers["location"]
    doc = html(c.get(r.headers["location"]))
    assert "已提交意见9（P3倒数第五行）" in doc.cssselect(".flash")[0].text_content()
    assert [a.text_content() for a in doc.cssselect("aside ul.mini a")] == ["意见9"]


def test_filing_from_the_page_with_htmx_answers_in_place(desk: Desk) -> None:
    """With JavaScript the page's form posts through htmx: a filing answers with the form and the page's
    opinions anew (retargeted at the whole aside), a refusal with the error alone (into the slot above the
    form, which keeps what was typed) — and nothing is filed by the refusal."""
    c = desk.client("reviewer")
    rid = desk.ids["review"]
    form = html(c.get(f"/reviews/{rid}/pages/3")).cssselect("#opinion-form")[0]
    assert form.get("hx-post") == f"/reviews/{rid}/opinions" and form.get("hx-target") == "#compose-msg"
    fields = {i.get("name"): i.get("value") or "" for i in form.cssselect("input[type=hidden]")}
    assert fields["page"] == "3" and fields["view_version"] == ""
    hx = {"HX-Request": "true"}
    before = len(c.get(f"/api/v1/reviews/{rid}/opinions").json())
    bad = c.post(f"/reviews/{rid}/opinions", headers=hx, data={**fields, "text": "建议删去", "quote": "开展铝焊丝、防爆铝膜等<b>高端</b>铝精深加工"})
    assert bad.status_code == 422 and "HX-Retarget" not in bad.headers
    error = lxml.html.fromstring(bad.text)
    assert error.cssselect("p.error") and not error.cssselect("form") and not error.cssselect("b")
    assert "最接近的原文（P3" in error.text_content()  # the nearest passage and its locator, as on the error page
    assert len(c.get(f"/api/v1/reviews/{rid}/opinions").json()) == before  # the refusal filed nothing
    r = c.post(f"/reviews/{rid}/opinions", headers=hx, data={
        **fields, "text": "建议删去", "quote": "开展铝焊丝、防爆铝膜等中高端铝精深加工技术攻关",
        "locator": "P3倒数第五行", "part_id": "main", "block": "17", "start": "31"})  # fmt: skip
    assert r.status_code == 200 and r.headers["HX-Retarget"] == "#compose" and r.headers["HX-Reswap"] == "innerHTML"
    part = lxml.html.fromstring(r.text)
    assert "已提交意见9（P3倒数第五行）" in part.cssselect(".flash")[0].text_content()
    assert [a.text_content() for a in part.cssselect("ul.mini a")] == ["意见9"]
    assert part.cssselect("#opinion-form textarea#f-text")[0].text_content() == ""  # a fresh form for the next one
    assert not part.cssselect("html, header")  # the aside only, not a whole page


def test_page_view_lists_the_opinions_on_that_page(shared_desk: Desk) -> None:
    """The page view's "本页的意见" are the opinions the caller sees whose quote starts on that page — the same
    as the opinion list filtered by page (two computations: one query by the page's blocks, one over all)."""
    rid = shared_desk.ids["review"]
    count = shared_desk.client("owner").get(f"/reviews/{rid}/pages/1")
    total = int(html(count).cssselect(".pager")[0].text_content().split("共")[1].split("页")[0])
    seen_any = False
    for role in ("owner", "reviewer"):
        c = shared_desk.client(role)
        for n in range(1, total + 1):
            listed = c.get(f"/api/v1/reviews/{rid}/opinions", params={"page": n}).json()
            expected = [f"意见{o['number']}" for o in listed if o["target"] == "quote"]
            shown = [a.text_content() for a in html(c.get(f"/reviews/{rid}/pages/{n}")).cssselect("aside ul.mini a")]
            assert shown == expected, (role, n)
            seen_any = seen_any or bool(shown)
    assert seen_any


def test_owner_desk_filters_and_decides_inline(desk: Desk) -> None:
    c = desk.client("owner")
    rid = desk.ids["review"]
    doc = html(c.get(f"/reviews/{rid}/opinions", params={"unit": "市工信委"}))
    rows = doc.cssselect("table.opinions tbody tr")
    assert len(rows) == 2
    doc = html(c.get(f"/reviews/{rid}/opinions", params={"status": "not_adopted"}))
    assert len(doc.cssselect("table.opinions tbody tr")) == 2
    doc = html(c.get(f"/reviews/{rid}/opinions", params={"page": "3"}))
    assert {r.cssselect("td")[1].text_content() for r in doc.cssselect("table.opinions tbody tr")} == {"市铝产业发展办公室", "市工信委"}
    oid = desk.ids["opinion_b"]
    version = c.get(f"/api/v1/opinions/{oid}").json()["version"]
    row = c.post(f"/opinions/{oid}/decision", data={"decision": "partially_adopted", "reason": "部分可行", "version": version,
                                                    "row": "1"}, headers={"HX-Request": "true"})  # fmt: skip
    assert row.status_code == 200 and "已保存" in row.text
    stale = c.post(f"/opinions/{oid}/decision", data={"decision": "not_adopted", "reason": "不可行", "version": version,
                                                      "row": "1"}, headers={"HX-Request": "true"})  # fmt: skip
    assert stale.status_code == 409
    doc = lxml.html.fromstring(stale.text)
    assert "未覆盖" in doc.cssselect(".error")[0].text_content()
    assert "部分采纳" in doc.cssselect(".current")[0].text_content()


def test_report_page_and_downloads(desk: Desk) -> None:
    c = desk.client("owner")
    rid = desk.ids["review"]
    doc = html(c.get(f"/reviews/{rid}/report"))
    text = doc.cssselect(".report-preview")[0].text_content()
    assert "P3倒数第五行“开展铝焊丝" in text
    links = [a.get("href") for a in doc.cssselect("ul.downloads a")]
    assert f"/reviews/{rid}/download/tracked.docx" in links
    for href in links:
        r = c.get(href)
        assert r.status_code == 200 and r.headers["content-disposition"].startswith("attachment"), href


def test_feedback_page_shows_the_reports_sentence(shared_desk: Desk) -> None:
    doc = html(shared_desk.client("reviewer").get(f"/reviews/{shared_desk.ids['review']}/feedback"))
    cells = [td.text_content() for td in doc.cssselect("tbody td")]
    assert any(c.startswith("意见采纳情况：不予采纳。理由：我市提法为套用") for c in cells)


def test_audit_page_and_csv(shared_desk: Desk) -> None:
    c = shared_desk.client("owner")
    rid = shared_desk.ids["review"]
    doc = html(c.get(f"/reviews/{rid}/audit"))
    actions = [tr.cssselect("td")[3].text_content() for tr in doc.cssselect("table.audit tbody tr")]
    assert "导入意见" in actions and "添加成员" in actions
    csv = c.get(f"/api/v1/reviews/{rid}/audit.csv")
    assert csv.status_code == 200 and csv.text.startswith("\ufeffid,时间,操作人")
    assert csv.text.count("opinion.import") == 8


def test_edits_page_shows_redline(shared_desk: Desk) -> None:
    doc = html(shared_desk.client("owner").get(f"/reviews/{shared_desk.ids['review']}/edits"))
    dels = [d.text_content() for d in doc.cssselect(".redline del")]
    ins = [i.text_content() for i in doc.cssselect(".redline ins")]
    assert "重大" in dels and "工程技术研究中心" not in dels
    assert any("赤泥" in x for x in ins)


def test_versions_compare_side_by_side(desk: Desk) -> None:
    c = desk.client("owner")
    rid = desk.ids["review"]
    assert c.post(f"/reviews/{rid}/apply", data={"csrf": c.headers["X-CSRF-Token"]}).status_code == 303
    doc = html(c.get(f"/reviews/{rid}/compare", params={"a_version": 1, "b_version": 2}))
    left = doc.cssselect(".compare > div")[0]
    right = doc.cssselect(".compare > div")[1]
    assert any("P3倒数第五行" in x.text_content() for x in left.cssselect(".cmp-line"))
    assert "重大" in [d.text_content() for d in left.cssselect("del")]
    assert any("赤泥" in i.text_content() for i in right.cssselect("ins"))


def test_login_page_and_redirect(shared_desk: Desk) -> None:
    c = shared_desk.client()
    r = c.get(f"/reviews/{shared_desk.ids['review']}/opinions")
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    doc = html(c.get("/login"))
    assert doc.cssselect("form input[name=password][type=password]")


def test_every_printed_line_carries_what_a_selection_needs(shared_desk: Desk) -> None:
    """The page's markup is what the browser (app.js) and bench/load.py build an opinion from: each line's
    locator, and on its text span the part, block and start offset of its first character — the same as the
    page's JSON, line for line, on every page of the main text."""
    c = shared_desk.client("reviewer")
    rid = shared_desk.ids["review"]
    checked = 0
    for number in range(1, 15):
        data = c.get(f"/api/v1/reviews/{rid}/pages/{number}").json()
        rows = html(c.get(f"/reviews/{rid}/pages/{number}")).cssselect("table.lines tbody tr.line")
        assert len(rows) == len(data["lines"])
        for row, line in zip(rows, data["lines"], strict=True):
            assert row.get("data-locator") == line["locator"]
            spans = row.cssselect("span.t")
            if "cells" in line:
                continue
            (span,) = spans
            assert (span.get("data-part"), int(span.get("data-block")), int(span.get("data-start"))) == (
                line["part_id"], line["block"], line["start"])  # fmt: skip
            assert span.text_content() == line["text"][len(line["label"]) :]
            checked += 1
    assert checked > 250


def test_the_hot_requests_keep_their_statement_budget(desk: Desk) -> None:
    """What every reviewer repeats costs few statements (the load target rests on it; docs/benchmarks.md): the
    page view reads the session, the membership with the base version, and the page's opinions, with no
    transaction around them; filing reads the session, then in one transaction the membership, takes the
    opinion's number with the row (one statement on PostgreSQL, two on SQLite) and writes its audit event.
    Counted per request — a new query on these paths fails here, whatever the speed of the machine."""
    from sqlalchemy import event

    statements: list[str] = []
    transactions: list[str] = []

    def count(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        if not sql.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SELECT 1")):
            statements.append(sql)

    def began(conn: Any) -> None:
        if conn.get_execution_options().get("isolation_level") != "AUTOCOMMIT" and not conn.get_execution_options().get("caina_autocommit"):
            transactions.append("BEGIN")

    c = desk.client("reviewer")
    rid = desk.ids["review"]
    assert c.get(f"/reviews/{rid}/pages/3").status_code == 200  # warm: the draft laid out once per process
    event.listen(desk.store.engine, "before_cursor_execute", count)
    event.listen(desk.store.engine, "begin", began)
    try:
        assert c.get(f"/reviews/{rid}/pages/3").status_code == 200
        view, statements[:] = list(statements), []
        view_tx, transactions[:] = list(transactions), []
        r = c.post(f"/api/v1/reviews/{rid}/opinions", headers={"Idempotency-Key": "budget-1"},
                   json={"text": "预算测试", "quote": "重大科技成果", "locator": "P3顺数第十一行"})  # fmt: skip
        assert r.status_code == 201, r.text
        filing, filing_tx = list(statements), list(transactions)
    finally:
        event.remove(desk.store.engine, "before_cursor_execute", count)
        event.remove(desk.store.engine, "begin", began)
    assert len(view) == 3 and view_tx == [], (view, view_tx)
    assert len(filing) == (4 if desk.store.dialect == "postgresql" else 5), filing
    assert filing_tx == ["BEGIN"], filing_tx
