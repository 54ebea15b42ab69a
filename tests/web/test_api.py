"""The JSON API's contract (docs/api.md), on SQLite and on PostgreSQL."""

from __future__ import annotations

from tests.desk_fixtures import PASSWORD, Desk


def test_session_login_logout(desk: Desk) -> None:
    c = desk.client()
    bad = c.post("/api/v1/session", json={"username": "caizhengju", "password": "wrong"})
    assert bad.status_code == 401 and "用户名或密码不正确" in bad.json()["error"]["message"]
    r = c.post("/api/v1/session", json={"username": "caizhengju", "password": PASSWORD.format("caizhengju")})
    assert r.status_code == 200
    body = r.json()
    assert body["user"]["username"] == "caizhengju" and len(body["csrf"]) > 20
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    assert c.get("/api/v1/reviews").status_code == 200
    assert c.delete("/api/v1/session", headers={"X-CSRF-Token": body["csrf"]}).status_code == 200
    assert c.get("/api/v1/reviews").status_code == 401


def test_page_lines_and_locators(desk: Desk) -> None:
    r = desk.client("reviewer").get(f"/api/v1/reviews/{desk.ids['review']}/pages/3")
    assert r.status_code == 200
    page = r.json()
    assert page["page"] == 3 and len(page["lines"]) == 22
    first = page["lines"][0]
    assert (first["from_top"], first["from_bottom"], first["locator"]) == (1, 22, "P3顺数第一行")
    fifth = page["lines"][17]
    assert (fifth["from_top"], fifth["from_bottom"], fifth["locator"]) == (18, 5, "P3倒数第五行")
    assert "开展铝焊丝、防爆铝膜等中高端铝精深" in fifth["text"]


def test_locate(desk: Desk) -> None:
    c = desk.client("reviewer")
    r = c.get(f"/api/v1/reviews/{desk.ids['review']}/locate", params={"quote": "重大科技成果"})
    assert r.status_code == 200
    assert [x["locator"] for x in r.json()] == ["P3顺数第十一行", "P3顺数第十三行", "P13倒数第一行"]
    assert {x["part"] for x in r.json()} == {"正文"}
    r = c.get(f"/api/v1/reviews/{desk.ids['review']}/locate", params={"quote": "高端铝领域"})
    assert r.json()[0]["part"] == "附件3"


def test_file_opinion_on_a_quote(desk: Desk) -> None:
    c = desk.client("reviewer")
    r = c.post(f"/api/v1/reviews/{desk.ids['review']}/opinions",
               json={"text": "建议增加研究铝连铸连轧技术攻关。", "quote": "开展铝焊丝、防爆铝膜等中高端铝精深加工技术攻关"})  # fmt: skip
    assert r.status_code == 201, r.text
    op = r.json()
    assert (op["unit"], op["locator"], op["version"]) == ("市财政局", "P3倒数第五行", 1)
    assert op["quote"] == "开展铝焊丝、防爆铝膜等中高端铝精深加工技术攻关" and isinstance(op["id"], int)


def test_quote_not_in_draft_is_422_with_nearest(desk: Desk) -> None:
    r = desk.client("reviewer").post(f"/api/v1/reviews/{desk.ids['review']}/opinions",
                                     json={"text": "x", "quote": "开展铝焊丝、防爆铝膜等中高端精深加工技术攻关"})  # fmt: skip
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["nearest"] == "开展铝焊丝、防爆铝膜等中高端铝精深加工技术攻关"
    assert err["nearest_locator"] == "P3倒数第五行"


def test_ambiguous_quote_needs_a_locator(desk: Desk) -> None:
    c = desk.client("reviewer")
    url = f"/api/v1/reviews/{desk.ids['review']}/opinions"
    r = c.post(url, json={"text": "x", "quote": "重大科技成果"})
    assert r.status_code == 422 and r.json()["error"]["locators"] == ["P3顺数第十一行", "P3顺数第十三行", "P13倒数第一行"]
    r = c.post(url, json={"text": "x", "quote": "重大科技成果", "locator": "P3顺数第十三行"})
    assert r.status_code == 201 and r.json()["locator"] == "P3顺数第十三行"
    r = c.post(url, json={"text": "x", "quote": "重大科技成果", "locator": "P5顺数第一行"})
    assert r.status_code == 422 and "P3顺数第十一行" in r.json()["error"]["message"]


def test_other_targets(desk: Desk) -> None:
    c = desk.client("reviewer")
    url = f"/api/v1/reviews/{desk.ids['review']}/opinions"
    assert c.post(url, json={"text": "全文过长", "target": "whole"}).json()["locator"] == "全文"
    assert c.post(url, json={"text": "附件3应补充", "target": "part", "target_ref": "附件3"}).json()["locator"] == "附件3"
    r = c.post(url, json={"text": "x", "target": "part", "target_ref": "附件9"})
    assert r.status_code == 422 and "附件9" in r.json()["error"]["message"]
    r = c.post(url, json={"text": "x", "target": "article", "target_ref": "第八条第一款"})
    assert r.status_code == 422 and "第八条" in r.json()["error"]["message"]
    r = c.post(url, json={"text": "该行有误", "locator": "P3倒数第五行"})
    assert r.status_code == 201 and r.json()["locator"] == "P3倒数第五行"


def test_reviewer_sees_only_its_unit(desk: Desk) -> None:
    mine = desk.client("reviewer").get(f"/api/v1/reviews/{desk.ids['review']}/opinions").json()
    assert mine and {o["unit"] for o in mine} == {"市财政局"}
    everything = desk.client("owner").get(f"/api/v1/reviews/{desk.ids['review']}/opinions").json()
    assert len(everything) == 8 and len({o["unit"] for o in everything}) == 5
    recorder = desk.client("recorder").get(f"/api/v1/reviews/{desk.ids['review']}/opinions").json()
    assert {o["unit"] for o in recorder} == {"周市长"}


def test_decision_rules(desk: Desk) -> None:
    owner = desk.client("owner")
    oid = desk.ids["opinion_a"]
    op = owner.get(f"/api/v1/opinions/{oid}").json()
    url = f"/api/v1/opinions/{oid}/decision"
    r = owner.put(url, json={"decision": "not_adopted", "version": op["version"]})
    assert r.status_code == 422 and "必须写明理由" in r.json()["error"]["message"]
    r = owner.put(url, json={"decision": "not_adopted", "reason": "与自治区保持一致", "version": op["version"]})
    assert r.status_code == 200 and r.json()["version"] == op["version"] + 1
    r = owner.put(url, json={"decision": "adopted", "version": op["version"]})
    assert r.status_code == 409
    err = r.json()["error"]
    assert err["current"]["decision"] == "not_adopted" and err["current"]["reason"] == "与自治区保持一致"
    assert desk.client("reviewer").put(url, json={"decision": "adopted", "version": op["version"] + 1}).status_code == 403
    b = f"/api/v1/opinions/{desk.ids['opinion_b']}/decision"
    assert desk.client("reviewer").put(b, json={"decision": "adopted", "version": 1}).status_code == 404
    r = owner.put(url, json={"decision": "bogus", "version": op["version"] + 1})
    assert r.status_code == 422 and "adopted" in r.json()["error"]["message"]


def test_duplicate_follows_the_original(desk: Desk) -> None:
    owner = desk.client("owner")
    rid = desk.ids["review"]
    made = desk.client("reviewer").post(f"/api/v1/reviews/{rid}/opinions",
                                        json={"text": "同意见8", "quote": "加速健全完善科技成果转化机制"}).json()  # fmt: skip
    r = owner.put(f"/api/v1/opinions/{made['id']}/decision",
                  json={"decision": "duplicate", "duplicate_of": desk.ids["opinion_a"], "version": made["version"]})  # fmt: skip
    assert r.status_code == 200, r.text
    report = owner.get(f"/api/v1/reviews/{rid}/report", params={"format": "md"}).text
    assert "9.市财政局提出：《实施方案》P8倒数第六行“加速健全完善科技成果转化机制”：同意见8。" in report
    assert "意见采纳情况：与意见8重复，不予采纳。" in report
    assert "不予采纳意见3个" in report


def test_report_formats(desk: Desk) -> None:
    owner = desk.client("owner")
    rid = desk.ids["review"]
    md = owner.get(f"/api/v1/reviews/{rid}/report", params={"format": "md"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert "P3倒数第五行“开展铝焊丝" in md.text and "予以采纳意见6个，不予采纳意见2个" in md.text
    docx = owner.get(f"/api/v1/reviews/{rid}/report", params={"format": "docx"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = owner.get(f"/api/v1/reviews/{rid}/report", params={"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")  # the fixture's finished job for this state
    op = owner.get(f"/api/v1/opinions/{desk.ids['opinion_a']}").json()
    owner.put(f"/api/v1/opinions/{op['id']}/decision", json={"decision": "not_adopted", "reason": "新理由", "version": op["version"]})
    pdf = owner.get(f"/api/v1/reviews/{rid}/report", params={"format": "pdf"})  # a new state: a new job
    assert pdf.status_code == 202 and pdf.json()["status_url"].startswith("/api/v1/jobs/")
    assert pdf.headers["location"] == pdf.json()["status_url"]
    assert owner.get(f"/api/v1/reviews/{rid}/report", params={"format": "rtf"}).status_code == 422


def test_pending_opinion_blocks_the_report(desk: Desk) -> None:
    rid = desk.ids["review"]
    desk.client("reviewer").post(f"/api/v1/reviews/{rid}/opinions", json={"text": "新意见", "target": "whole"})
    r = desk.client("owner").get(f"/api/v1/reviews/{rid}/report", params={"format": "md"})
    assert r.status_code == 422 and "待定" in r.json()["error"]["message"]


def test_edit_and_withdraw_own_opinion(desk: Desk) -> None:
    c = desk.client("reviewer")
    made = c.post(f"/api/v1/reviews/{desk.ids['review']}/opinions", json={"text": "初稿", "target": "whole"}).json()
    r = c.patch(f"/api/v1/opinions/{made['id']}", json={"text": "改稿", "version": made["version"]})
    assert r.status_code == 200 and r.json()["text"] == "改稿"
    assert c.patch(f"/api/v1/opinions/{made['id']}", json={"text": "又改", "version": made["version"]}).status_code == 409
    r = c.post(f"/api/v1/opinions/{made['id']}/withdraw", json={"version": made["version"] + 1})
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    listed = c.get(f"/api/v1/reviews/{desk.ids['review']}/opinions").json()
    assert made["id"] not in [o["id"] for o in listed]


def test_phase_closes_filing(desk: Desk) -> None:
    rid = desk.ids["review"]
    owner = desk.client("owner")
    assert owner.put(f"/api/v1/reviews/{rid}/phase", json={"phase": "closed"}).status_code == 200
    r = desk.client("reviewer").post(f"/api/v1/reviews/{rid}/opinions", json={"text": "迟到的意见", "target": "whole"})
    assert r.status_code == 403 and "已经结束" in r.json()["error"]["message"]
    assert desk.client("recorder").post(f"/api/v1/reviews/{rid}/opinions",
                                        json={"text": "会上讲的", "target": "whole", "proposer": "李副市长"}).status_code == 201  # fmt: skip


def test_recorder_files_for_a_leader(desk: Desk) -> None:
    rid = desk.ids["review"]
    r = desk.client("recorder").post(f"/api/v1/reviews/{rid}/opinions",
                                     json={"text": "要突出企业主体", "target": "whole", "proposer": "李副市长"})  # fmt: skip
    assert r.status_code == 201
    assert r.json()["recorded"] is True and r.json()["unit"] == "李副市长" and r.json()["proposer_kind"] == "leader"


def test_idempotency_key(desk: Desk) -> None:
    c = desk.client("reviewer")
    url = f"/api/v1/reviews/{desk.ids['review']}/opinions"
    a = c.post(url, json={"text": "一次", "target": "whole"}, headers={"Idempotency-Key": "k-1"}).json()
    b = c.post(url, json={"text": "一次", "target": "whole"}, headers={"Idempotency-Key": "k-1"}).json()
    assert a["id"] == b["id"]


def test_a_retry_gets_the_first_answer_even_when_it_would_now_be_refused(desk: Desk) -> None:
    """The Idempotency-Key is looked up when a filing fails: a retry after the phase closed (the first answer
    was lost on the way back) gets the opinion it filed, not a refusal; a new filing is still refused."""
    rid = desk.ids["review"]
    c = desk.client("reviewer")
    url = f"/api/v1/reviews/{rid}/opinions"
    first = c.post(url, json={"text": "赶在截止前", "target": "whole"}, headers={"Idempotency-Key": "late-1"})
    assert first.status_code == 201
    assert desk.client("owner").put(f"/api/v1/reviews/{rid}/phase", json={"phase": "closed"}).status_code == 200
    again = c.post(url, json={"text": "赶在截止前", "target": "whole"}, headers={"Idempotency-Key": "late-1"})
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    new = c.post(url, json={"text": "赶在截止前", "target": "whole"}, headers={"Idempotency-Key": "late-2"})
    assert new.status_code == 403


def test_a_key_another_member_used_is_refused_without_showing_its_opinion(desk: Desk) -> None:
    rid = desk.ids["review"]
    url = f"/api/v1/reviews/{rid}/opinions"
    mine = desk.client("reviewer").post(url, json={"text": "本单位意见", "target": "whole"}, headers={"Idempotency-Key": "shared"})
    assert mine.status_code == 201
    r = desk.client("gongxinwei").post(url, json={"text": "另一单位", "target": "whole"}, headers={"Idempotency-Key": "shared"})
    assert r.status_code == 422 and "Idempotency-Key" in r.json()["error"]["message"]
    assert "本单位意见" not in r.text
    listed = desk.client("owner").get(url).json()
    assert [o["text"] for o in listed].count("本单位意见") == 1 and "另一单位" not in [o["text"] for o in listed]


def test_edits_redline_apply_versions(desk: Desk) -> None:
    owner = desk.client("owner")
    rid = desk.ids["review"]
    made = desk.client("reviewer").post(f"/api/v1/reviews/{rid}/opinions",
                                        json={"text": "表述不准", "quote": "新型结构电解槽"}).json()  # fmt: skip
    owner.put(f"/api/v1/opinions/{made['id']}/decision", json={"decision": "adopted", "version": made["version"]})
    r = owner.post(f"/api/v1/reviews/{rid}/edits",
                   json={"changes": [{"replace": "不存在的原文", "with": "x"}], "opinions": [made["id"]]})  # fmt: skip
    assert r.status_code == 422 and "引文未在草案中找到" in r.json()["error"]["message"]
    r = owner.post(f"/api/v1/reviews/{rid}/edits",
                   json={"changes": [{"replace": "新型结构电解槽", "with": "新型高效电解槽"}], "opinions": [made["id"]]})  # fmt: skip
    assert r.status_code == 201, r.text
    assert r.json()["places"] == [{"change": 1, "locator": "P3倒数第二行", "old": "新型结构电解槽", "new": "新型高效电解槽"}]
    red = owner.get(f"/api/v1/reviews/{rid}/redline").json()
    assert red["changes"] >= 10
    assert any([-1, "结构"] in b["diff"] and [1, "高效"] in b["diff"] for b in red["blocks"])
    r = owner.post(f"/api/v1/reviews/{rid}/apply", json={"note": "第一轮"})
    assert r.status_code == 201
    number = r.json()["number"]
    cmp = owner.get(f"/api/v1/reviews/{rid}/compare", params={"a_version": 1, "b_version": number}).json()
    assert cmp["parts"] and any("P3" in row["locator"] for p in cmp["parts"] for row in p["a"])
    new_page = owner.get(f"/api/v1/reviews/{rid}/pages/3", params={"version": number}).json()
    assert "转化50项科技成果" in "".join(x["text"] for x in new_page["lines"])


def test_outputs(desk: Desk) -> None:
    owner = desk.client("owner")
    rid = desk.ids["review"]
    tracked = owner.get(f"/api/v1/reviews/{rid}/revised", params={"tracked": "true"})
    assert tracked.status_code == 200 and tracked.content[:2] == b"PK"
    xlsx = owner.get(f"/api/v1/reviews/{rid}/summary.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    fb = desk.client("reviewer").get(f"/api/v1/reviews/{rid}/feedback").json()
    assert fb["unit"] == "市财政局" and fb["items"][0]["sentence"].startswith("意见采纳情况：不予采纳。理由：我市提法")


def test_another_reviews_data_is_invisible(desk: Desk) -> None:
    c = desk.client("reviewer")
    assert c.get(f"/api/v1/reviews/{desk.ids['review2']}").status_code == 404
    assert c.get(f"/api/v1/reviews/{desk.ids['review2']}/pages/1").status_code == 404
    assert c.get(f"/api/v1/opinions/{desk.ids['opinion2']}").status_code == 404
    assert c.get(f"/api/v1/opinions/{desk.ids['opinion_b']}").status_code == 404
    assert c.patch(f"/api/v1/opinions/{desk.ids['opinion_b']}", json={"text": "篡改", "version": 1}).status_code == 404
    assert c.post(f"/api/v1/opinions/{desk.ids['opinion_b']}/withdraw", json={"version": 1}).status_code == 404
    assert c.get("/api/v1/opinions/999999").status_code == 404
