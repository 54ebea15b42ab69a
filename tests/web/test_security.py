"""Security: every route × every role with the expected status — the table below must name every route the
app's own route table has (a new route without an entry fails) — CSRF, inert HTML, throttling, uploads."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from caina.web.app import create_app, routes
from tests.desk_fixtures import EXAMPLE, PASSWORD, ROLES, Desk

#                 anonymous outsider reader reviewer recorder owner admin
VIEW = "401 404 200 200 200 200 404"
VIEW_HTML = "303 404 200 200 200 200 404"
OWNER_API = "401 404 403 403 403 200 404"
OWNER_CREATE = "401 404 403 403 403 201 404"
OWNER_FORM = "401 404 403 403 403 303 404"
REPORT_API = "401 404 200 403 200 200 404"
REPORT_HTML = "303 404 200 403 200 200 404"
OTHER_UNIT_API = "401 404 403 404 404 200 404"  # an opinion of unit B: reviewer of unit A and the recorder may not see it
OTHER_UNIT_FORM = "401 404 403 404 404 303 404"
ANY_USER = "401 200 200 200 200 200 200"
PUBLIC = "200 200 200 200 200 200 200"

Ctx = dict[str, Any]
Body = Callable[[Desk, Ctx], dict[str, Any]]


def version_of(desk: Desk, kind: str, ident: int) -> int:
    from caina.store import queries as q

    with desk.store.read() as conn:
        row = q.opinion(conn, ident) if kind == "opinion" else q.edit(conn, ident)
    assert row is not None
    return int(row["version"])


def invite_token(desk: Desk) -> str:
    from caina.services.desk import reviews

    return reviews.invite(desk.store, desk.actor("owner"), desk.ids["review"], "reader")


def upload(_: Desk, __: Ctx) -> dict[str, Any]:
    return {"files": {"draft": ("草案.txt", (EXAMPLE / "draft.txt").read_bytes(), "text/plain")},
            "data": {"office": "市科知局", "kind": "书面征求意见", "csrf": "{csrf}"}}  # fmt: skip


def printed_pdf(_: Desk, __: Ctx) -> dict[str, Any]:
    # a PDF of another text: the owner passes the rights check and is refused for the content (422)
    from tests.fixtures.pdf.build import latin_text

    return {"files": {"pdf": ("送审稿.pdf", latin_text(["Not this draft"]), "application/pdf")}, "data": {"csrf": "{csrf}"}}


def form(**fields: Any) -> Body:
    def make(desk: Desk, ctx: Ctx) -> dict[str, Any]:
        data = {k: (v(desk, ctx) if callable(v) else v) for k, v in fields.items()}
        return {"data": {**data, "csrf": "{csrf}"}}

    return make


def js(**fields: Any) -> Body:
    def make(desk: Desk, ctx: Ctx) -> dict[str, Any]:
        return {"json": {k: (v(desk, ctx) if callable(v) else v) for k, v in fields.items()}}

    return make


def op_version(desk: Desk, _: Ctx) -> int:
    return version_of(desk, "opinion", desk.ids["opinion_b"])


def edit_version(desk: Desk, _: Ctx) -> int:
    return version_of(desk, "edit", desk.ids["edit"])


# (method, path) → (statuses by role, request body builder); paths use {R} review, {R2}, {OB} unit B's opinion,
# {E} an edit, {M} a member, {J} a finished job, {T} a fresh invitation token, {G} a group of the review's consultation
MATRIX: dict[tuple[str, str], tuple[str, Body | None]] = {
    ("POST", "/api/v1/session"): (PUBLIC, js(username="spare", password=PASSWORD.format("spare"))),
    ("GET", "/api/v1/session"): (ANY_USER, None),
    ("DELETE", "/api/v1/session"): (ANY_USER, None),
    ("GET", "/api/v1/reviews"): (ANY_USER, None),
    ("POST", "/api/v1/reviews"): ("401 201 201 201 201 201 201", upload),
    ("GET", "/api/v1/reviews/{review_id}"): (VIEW, None),
    ("PUT", "/api/v1/reviews/{review_id}/phase"): (OWNER_API, js(phase="open")),
    ("GET", "/api/v1/reviews/{review_id}/members"): (VIEW, None),
    ("POST", "/api/v1/reviews/{review_id}/members"): (OWNER_CREATE, js(username="spare", role="reader")),
    ("DELETE", "/api/v1/reviews/{review_id}/members/{member_id}"): (OWNER_API, None),
    ("POST", "/api/v1/reviews/{review_id}/invites"): (OWNER_CREATE, js(role="reviewer", unit="市审计局")),
    ("POST", "/api/v1/invites/{token}"): (ANY_USER, None),
    ("GET", "/api/v1/reviews/{review_id}/pages/{number}"): (VIEW, None),
    ("GET", "/api/v1/reviews/{review_id}/locate"): (VIEW, None),
    ("GET", "/api/v1/reviews/{review_id}/resolve"): (VIEW, None),
    ("GET", "/api/v1/reviews/{review_id}/versions"): (VIEW, None),
    ("POST", "/api/v1/reviews/{review_id}/versions"): (OWNER_CREATE, upload),
    ("POST", "/api/v1/reviews/{review_id}/printed"): ("401 404 403 403 403 422 404", printed_pdf),
    ("GET", "/api/v1/reviews/{review_id}/compare"): (VIEW, None),
    ("POST", "/api/v1/reviews/{review_id}/opinions"): ("401 404 403 201 201 201 404", js(text="矩阵测试", target="whole", proposer="周市长")),
    ("GET", "/api/v1/reviews/{review_id}/opinions"): (VIEW, None),
    ("GET", "/api/v1/opinions/{opinion_id}"): ("401 404 200 404 404 200 404", None),
    ("PATCH", "/api/v1/opinions/{opinion_id}"): (OTHER_UNIT_API, js(text="改", version=op_version)),
    ("POST", "/api/v1/opinions/{opinion_id}/withdraw"): (OTHER_UNIT_API, js(version=op_version)),
    ("PUT", "/api/v1/opinions/{opinion_id}/decision"): (OTHER_UNIT_API, js(decision="adopted", version=op_version)),
    ("PUT", "/api/v1/opinions/{opinion_id}/assignee"): (OTHER_UNIT_API, js(username="kezhiju", version=op_version)),
    ("GET", "/api/v1/opinions/{opinion_id}/audit"): (OTHER_UNIT_API, None),
    ("GET", "/api/v1/reviews/{review_id}/edits"): (VIEW, None),
    ("POST", "/api/v1/reviews/{review_id}/edits"): (OWNER_CREATE, js(changes=[{"replace": "新型结构电解槽", "with": "新型高效电解槽"}], office=True)),
    ("PUT", "/api/v1/edits/{edit_id}"): (OWNER_API, js(note="，更准确", version=edit_version)),
    ("DELETE", "/api/v1/edits/{edit_id}"): (OWNER_API, None),
    ("GET", "/api/v1/reviews/{review_id}/redline"): (VIEW, None),
    ("POST", "/api/v1/reviews/{review_id}/apply"): (OWNER_CREATE, js(note="矩阵")),
    ("GET", "/api/v1/reviews/{review_id}/status"): (REPORT_API, None),
    ("GET", "/api/v1/reviews/{review_id}/report"): (REPORT_API, None),
    ("GET", "/api/v1/reviews/{review_id}/revised"): (REPORT_API, None),
    ("GET", "/api/v1/reviews/{review_id}/summary.xlsx"): (REPORT_API, None),
    ("GET", "/api/v1/reviews/{review_id}/case.zip"): (REPORT_API, None),
    ("GET", "/api/v1/reviews/{review_id}/feedback"): (VIEW, None),
    ("POST", "/api/v1/reviews/{review_id}/jobs"): ("401 404 202 403 202 202 404", js(kind="report_pdf")),
    ("GET", "/api/v1/jobs/{job_id}"): (REPORT_API, None),
    ("GET", "/api/v1/jobs/{job_id}/result"): (REPORT_API, None),
    ("GET", "/api/v1/reviews/{review_id}/consultation"): (VIEW, None),
    ("GET", "/api/v1/reviews/{review_id}/consultation/groups"): (VIEW, None),
    ("GET", "/api/v1/reviews/{review_id}/consultation/groups/{group_no}"): (VIEW, None),
    ("PUT", "/api/v1/reviews/{review_id}/consultation/groups/{group_no}/decision"): (OWNER_API, js(decision="adopted", version=0)),
    ("GET", "/api/v1/reviews/{review_id}/audit"): (OWNER_API, None),
    ("GET", "/api/v1/reviews/{review_id}/audit.csv"): (OWNER_API, None),
    ("GET", "/api/v1/openapi.json"): (PUBLIC, None),
    ("GET", "/login"): (PUBLIC, None),
    ("POST", "/login"): ("303 303 303 303 303 303 303", form(username="spare", password=PASSWORD.format("spare"))),
    ("POST", "/logout"): ("401 303 303 303 303 303 303", form()),
    ("GET", "/invite/{token}"): ("303 200 200 200 200 200 200", None),
    ("POST", "/invite/{token}"): ("401 303 303 303 303 303 303", form()),
    ("GET", "/"): ("303 200 200 200 200 200 200", None),
    ("POST", "/reviews"): ("401 303 303 303 303 303 303", upload),
    ("GET", "/reviews/{review_id}"): (VIEW_HTML, None),
    ("POST", "/reviews/{review_id}/members"): (OWNER_FORM, form(username="spare", role="reader")),
    ("POST", "/reviews/{review_id}/members/{member_id}/remove"): (OWNER_FORM, form()),
    ("POST", "/reviews/{review_id}/invites"): (OWNER_FORM, form(role="reader")),
    ("POST", "/reviews/{review_id}/phase"): (OWNER_FORM, form(phase="open")),
    ("GET", "/reviews/{review_id}/pages"): ("303 404 303 303 303 303 404", None),
    ("GET", "/reviews/{review_id}/pages/{number}"): (VIEW_HTML, None),
    ("POST", "/reviews/{review_id}/opinions"): ("401 404 403 303 303 303 404", form(text="矩阵测试", target="whole", proposer="周市长")),
    ("GET", "/reviews/{review_id}/opinions"): (VIEW_HTML, None),
    ("GET", "/opinions/{opinion_id}"): ("303 404 200 404 404 200 404", None),
    ("POST", "/opinions/{opinion_id}/decision"): (OTHER_UNIT_FORM, form(decision="adopted", version=op_version)),
    ("POST", "/opinions/{opinion_id}/edit"): (OTHER_UNIT_FORM, form(text="改", version=op_version)),
    ("POST", "/opinions/{opinion_id}/withdraw"): (OTHER_UNIT_FORM, form(version=op_version)),
    ("POST", "/opinions/{opinion_id}/assign"): (OTHER_UNIT_FORM, form(username="kezhiju", version=op_version)),
    ("GET", "/reviews/{review_id}/edits"): (VIEW_HTML, None),
    ("POST", "/reviews/{review_id}/edits"): (OWNER_FORM, form(op="replace", quote="新型结构电解槽", new="新型高效电解槽", office="on")),
    ("POST", "/edits/{edit_id}/delete"): (OWNER_FORM, form(version=edit_version, review_id=lambda d, c: d.ids["review"])),
    ("POST", "/reviews/{review_id}/apply"): (OWNER_FORM, form()),
    ("GET", "/reviews/{review_id}/versions"): (VIEW_HTML, None),
    ("POST", "/reviews/{review_id}/versions"): (OWNER_FORM, upload),
    ("POST", "/reviews/{review_id}/printed"): ("401 404 403 403 403 422 404", printed_pdf),
    ("GET", "/reviews/{review_id}/compare"): (VIEW_HTML, None),
    ("GET", "/reviews/{review_id}/report"): (REPORT_HTML, None),
    ("GET", "/reviews/{review_id}/download/{name}"): (REPORT_HTML, None),
    ("POST", "/reviews/{review_id}/pdf"): ("401 404 303 403 303 303 404", form()),
    ("GET", "/jobs/{job_id}"): (REPORT_HTML, None),
    ("GET", "/jobs/{job_id}/download"): (REPORT_HTML, None),
    ("GET", "/reviews/{review_id}/feedback"): (VIEW_HTML, None),
    ("GET", "/reviews/{review_id}/consultation"): (VIEW_HTML, None),
    ("GET", "/reviews/{review_id}/consultation/groups"): (VIEW_HTML, None),
    ("GET", "/reviews/{review_id}/consultation/groups/{group_no}"): (VIEW_HTML, None),
    ("POST", "/reviews/{review_id}/consultation/groups/{group_no}/decision"): (OWNER_FORM, form(decision="adopted", version=0)),
    ("GET", "/reviews/{review_id}/audit"): ("303 404 403 403 403 200 404", None),
    ("GET", "/static/{path}"): (PUBLIC, None),
}

QUERIES = {
    "/api/v1/reviews/{review_id}/locate": "?quote=重大科技成果",
    "/api/v1/reviews/{review_id}/resolve": "?locator=P3倒数第五行",
    "/api/v1/reviews/{review_id}/compare": "?a_version=1&b_version=1",
    "/reviews/{review_id}/compare": "?a_version=1&b_version=1",
    "/api/v1/reviews/{review_id}/report": "?format=md",
    "/reviews/{review_id}/pages": "?locator=P3倒数第五行",
    "/api/v1/edits/{edit_id}": "",
}


def _path(desk: Desk, path: str, method: str) -> str:
    ids = desk.ids
    filled = (path.replace("{review_id}", str(ids["review"])).replace("{opinion_id}", str(ids["opinion_b"]))
              .replace("{edit_id}", str(ids["edit"])).replace("{member_id}", str(ids["spare_member"]))
              .replace("{job_id}", str(ids["job"])).replace("{number}", "3").replace("{name}", "report.md")
              .replace("{path}", "app.css").replace("{group_no}", str(ids["consult_group"])))  # fmt: skip
    if "{token}" in filled:
        filled = filled.replace("{token}", invite_token(desk))
    query = QUERIES.get(path, "")
    if method == "DELETE" and path == "/api/v1/edits/{edit_id}":
        query = f"?version={version_of(desk, 'edit', ids['edit'])}"
    return filled + query


def test_every_route_has_an_entry(tmp_path: Path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'routes.db'}", jobs=False)
    table = set(routes(app))
    assert table, "the app has no routes?"
    missing = sorted(table - set(MATRIX))
    stale = sorted(set(MATRIX) - table)
    assert not missing, f"routes without an entry in the security matrix: {missing}"
    assert not stale, f"matrix entries for routes the app no longer has: {stale}"


@pytest.mark.parametrize("route", sorted(r for r in MATRIX if r[0] == "GET"), ids=lambda r: f"{r[0]} {r[1]}")
def test_read_route_by_role(shared_desk: Desk, route: tuple[str, str]) -> None:
    """Reads share one database per backend."""
    check_route(shared_desk, route)


@pytest.mark.parametrize("route", sorted(r for r in MATRIX if r[0] != "GET"), ids=lambda r: f"{r[0]} {r[1]}")
def test_write_route_by_role(desk: Desk, route: tuple[str, str]) -> None:
    """Each write gets a fresh copy of the database; the roles run in order, the owner near the end."""
    check_route(desk, route)


def check_route(desk: Desk, route: tuple[str, str]) -> None:
    method, path = route
    expected_text, body = MATRIX[route]
    expected = dict(zip(ROLES, (int(x) for x in expected_text.split()), strict=True))
    got = {}
    for role in ROLES:
        client = desk.client(role)
        kwargs: dict[str, Any] = body(desk, {}) if body else {}
        if "data" in kwargs:
            csrf = client.headers.get("X-CSRF-Token", "")
            kwargs["data"] = {k: (csrf if v == "{csrf}" else v) for k, v in kwargs["data"].items()}
        response = client.request(method, _path(desk, path, method), **kwargs)
        got[role] = response.status_code
    assert got == expected, f"{method} {path}"


def test_csrf_required_on_every_write(desk: Desk) -> None:
    rid = desk.ids["review"]
    no_token = desk.client("reviewer", csrf=False)
    r = no_token.post(f"/api/v1/reviews/{rid}/opinions", json={"text": "x", "target": "whole"})
    assert r.status_code == 403 and "CSRF" in r.json()["error"]["message"]
    wrong = desk.client("reviewer", csrf=False)
    wrong.headers["X-CSRF-Token"] = desk.template.csrf["kezhiju"]  # another session's token
    assert wrong.post(f"/api/v1/reviews/{rid}/opinions", json={"text": "x", "target": "whole"}).status_code == 403
    owner = desk.client("owner", csrf=False)
    oid = desk.ids["opinion_b"]
    assert owner.put(f"/api/v1/opinions/{oid}/decision", json={"decision": "adopted", "version": 1}).status_code == 403
    assert owner.post(f"/opinions/{oid}/decision", data={"decision": "adopted", "version": "1"}).status_code == 403
    assert owner.post(f"/reviews/{rid}/phase", data={"phase": "closed"}).status_code == 403


def test_opinion_html_is_inert(desk: Desk) -> None:
    rid = desk.ids["review"]
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    desk.client("reviewer").post(f"/api/v1/reviews/{rid}/opinions", json={"text": payload, "target": "whole"})
    for role, url in (("owner", f"/reviews/{rid}/opinions"), ("reviewer", f"/reviews/{rid}/feedback")):
        html = desk.client(role).get(url).text
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    csp = desk.client("owner").get(f"/reviews/{rid}/opinions").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_security_headers_on_every_kind_of_answer(shared_desk: Desk) -> None:
    """Pages, the API, errors, redirects and static files carry the security headers; the API and answers to
    writes are never cached; a page is (its own Cache-Control absent)."""
    rid = shared_desk.ids["review"]
    owner, anonymous = shared_desk.client("owner"), shared_desk.client()
    answers = {
        "page": owner.get(f"/reviews/{rid}/pages/3"),
        "api": owner.get(f"/api/v1/reviews/{rid}/pages/3"),
        "api error": owner.get("/api/v1/reviews/999999/pages/1"),
        "redirect": anonymous.get(f"/reviews/{rid}"),
        "static": anonymous.get("/static/app.js"),
        "write": anonymous.post("/api/v1/session", json={"username": "nobody", "password": "wrong"}),
    }
    assert [r.status_code for r in answers.values()] == [200, 200, 404, 303, 200, 401]
    for name, r in answers.items():
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"], name
        assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff", name
        assert r.headers["referrer-policy"] == "same-origin", name
        assert len(r.headers.get_list("x-frame-options")) == 1, name
    for name in ("api", "api error", "write"):
        assert answers[name].headers["cache-control"] == "no-store", name
    assert "cache-control" not in answers["page"].headers


def test_login_throttled(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAINA_LOGIN_MAX_FAILURES", "3")
    c = desk.client()
    for _ in range(3):
        assert c.post("/api/v1/session", json={"username": "duzhe", "password": "nope"}).status_code == 401
    r = c.post("/api/v1/session", json={"username": "duzhe", "password": PASSWORD.format("duzhe")})
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    assert "登录失败次数过多" in r.json()["error"]["message"]


def test_forged_cookie_is_anonymous(desk: Desk) -> None:
    from caina.web.deps import COOKIE

    c = desk.client()
    c.cookies.set(COOKIE, desk.template.cookies["kezhiju"][:-3] + "abc")
    assert c.get("/api/v1/reviews").status_code == 401


@pytest.mark.parametrize(
    ("name", "data", "status", "needle"),
    [
        ("草案.pdf", b"%PDF-1.4 x", 422, "不支持的草案文件类型"),
        ("草案.docx", b"%PDF-1.4 x", 422, "PDF"),
        ("草案.docx", b"", 422, "空的"),
        ("../../etc/passwd.txt", "一、总则\n正文。".encode(), 303, ""),
    ],
)
def test_uploads_checked(desk: Desk, tmp_path: Path, name: str, data: bytes, status: int, needle: str) -> None:
    c = desk.client("owner")
    r = c.post("/reviews", files={"draft": (name, data, "application/octet-stream")},
               data={"office": "市科知局", "kind": "书面征求意见", "csrf": c.headers["X-CSRF-Token"]})  # fmt: skip
    assert r.status_code == status, r.text[:500]
    if needle:
        assert needle in r.text
    assert not (Path("/etc/passwd.txt")).exists()


def test_zip_bomb_refused(desk: Desk) -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    c = desk.client("owner")
    r = c.post("/api/v1/reviews", files={"draft": ("bomb.docx", buf.getvalue(), "application/octet-stream")},
               data={"office": "市科知局"})  # fmt: skip
    assert r.status_code == 422 and r.json()["error"]["type"] == "UnsafeFileError"


def test_upload_size_limit(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAINA_UPLOAD_MAX_MB", "1")
    c = desk.client("owner")
    r = c.post("/api/v1/reviews", files={"draft": ("big.txt", b"x" * (2 * 1024 * 1024), "text/plain")},
               data={"office": "市科知局"})  # fmt: skip
    assert r.status_code == 413 and "上限为 1 MB" in r.json()["error"]["message"]


def test_summary_xlsx_formulas_are_inert(desk: Desk) -> None:
    import io

    from openpyxl import load_workbook

    rid = desk.ids["review"]
    desk.client("reviewer").post(f"/api/v1/reviews/{rid}/opinions", json={"text": "=cmd|' /C calc'!A0", "target": "whole"})
    data = desk.client("owner").get(f"/api/v1/reviews/{rid}/summary.xlsx").content
    ws = load_workbook(io.BytesIO(data)).active
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "calc" in c.value]
    assert texts == ["'=cmd|' /C calc'!A0"]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
