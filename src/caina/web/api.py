"""The JSON API, /api/v1 (docs/api.md). Every write needs the session's CSRF token in X-CSRF-Token."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, Field

from caina.errors import InputError
from caina.services.desk import accounts, audit, consult, edits, jobs, opinions, outputs, reviews
from caina.services.desk.access import Actor
from caina.services.desk.drafts import locate_for, page_for, resolve_for
from caina.web.deps import COOKIE, actor, call, set_session_cookie, signer, store, who

router = APIRouter(prefix="/api/v1")
Me = Depends(actor)


def _user(a: Actor) -> dict[str, Any]:
    return {"id": a.user_id, "username": a.username, "name": a.name, "is_admin": a.is_admin}


def download(data: bytes, name: str, media: str) -> Response:
    from urllib.parse import quote

    return Response(data, media_type=media, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


# -- the hot pair: the page and filing ------------------------------------------------------------
# The two requests every reviewer sends again and again come first: FastAPI matches a request against the
# routes in the order they are defined (bench/load.py).


@router.get("/reviews/{review_id}/pages/{number}")
async def page(review_id: int, number: int, request: Request, version: int | None = None, a: Actor = Me) -> dict[str, Any]:
    return await call(page_for, store(request), a, review_id, number, version)


class OpinionBody(BaseModel):
    text: str = Field(max_length=20000)
    quote: str | None = Field(default=None, max_length=5000)
    locator: str | None = Field(default=None, max_length=200)
    target: str | None = None  # quote | whole | article | part
    target_ref: str | None = None
    proposed: str | None = Field(default=None, max_length=20000)
    proposer: str | None = None
    part_id: str | None = None
    block: int | None = None
    start: int | None = None
    version: int | None = None


def opinion_in(body: OpinionBody, request_key: str = "") -> opinions.OpinionIn:
    position = None
    if body.part_id is not None and body.block is not None and body.start is not None:
        position = (body.part_id, body.block, body.start)
    return opinions.OpinionIn(
        text=body.text, quote=body.quote or "", locator=body.locator or "", target_kind=body.target or "",
        target_ref=body.target_ref or "", proposed=body.proposed or "", proposer=body.proposer or "",
        position=position, version=body.version, request_key=request_key,
    )  # fmt: skip


@router.post("/reviews/{review_id}/opinions", status_code=201)
async def file_opinion(review_id: int, body: OpinionBody, request: Request, a: Actor = Me) -> dict[str, Any]:
    key = request.headers.get("idempotency-key", "")
    return await call(opinions.file_opinion, store(request), a, review_id, opinion_in(body, key))


# -- session ------------------------------------------------------------------------------------


class Login(BaseModel):
    username: str = Field(max_length=200)
    password: str = Field(max_length=1000)


@router.post("/session")
def login(body: Login, request: Request) -> JSONResponse:
    s = store(request)
    a = accounts.authenticate(s, body.username, body.password, request.client.host if request.client else "")
    cookie, csrf = accounts.open_session(s, a, signer(request))
    response = JSONResponse({"csrf": csrf, "user": _user(a)})
    set_session_cookie(response, cookie, request)
    return response


@router.get("/session")
def session_info(request: Request, a: Actor = Me) -> dict[str, Any]:
    w = who(request)
    return {"csrf": w.csrf if w else "", "user": _user(a)}


@router.delete("/session")
def logout(request: Request, a: Actor = Me) -> JSONResponse:
    accounts.close_session(store(request), request.cookies.get(COOKIE), signer(request))
    response = JSONResponse({"ok": True})
    response.delete_cookie(COOKIE, path="/")
    return response


# -- reviews ------------------------------------------------------------------------------------


@router.get("/reviews")
def my_reviews(request: Request, a: Actor = Me) -> list[dict[str, Any]]:
    return reviews.my_reviews(store(request), a)


@router.post("/reviews", status_code=201)
async def create_review(
    request: Request,
    draft: UploadFile = File(...),
    meeting: str = Form(""),
    kind: str = Form("常务会审议"),
    office: str = Form(...),
    date: str = Form(""),
    chair: str = Form(""),
    a: Actor = Me,
) -> dict[str, Any]:
    data = await draft.read()
    meta = {"review": {"kind": kind, "meeting": meeting, "office": office, "date": date or None, "chair": chair}}
    rid = reviews.create_review(store(request), a, data, draft.filename or "", meta)
    return reviews.overview(store(request), a, rid)


@router.get("/reviews/{review_id}")
def review(review_id: int, request: Request, a: Actor = Me) -> dict[str, Any]:
    return reviews.overview(store(request), a, review_id)


class Phase(BaseModel):
    phase: str
    deadline: dt.datetime | None = None
    version: int | None = None


@router.put("/reviews/{review_id}/phase")
def set_phase(review_id: int, body: Phase, request: Request, a: Actor = Me) -> dict[str, Any]:
    return reviews.set_phase(store(request), a, review_id, body.phase, body.deadline, body.version)


@router.get("/reviews/{review_id}/members")
def members(review_id: int, request: Request, a: Actor = Me) -> list[dict[str, Any]]:
    return reviews.members(store(request), a, review_id)


class MemberIn(BaseModel):
    username: str
    role: str
    unit: str = ""


@router.post("/reviews/{review_id}/members", status_code=201)
def add_member(review_id: int, body: MemberIn, request: Request, a: Actor = Me) -> dict[str, Any]:
    return reviews.add_member(store(request), a, review_id, body.username, body.role, body.unit)


@router.delete("/reviews/{review_id}/members/{member_id}")
def remove_member(review_id: int, member_id: int, request: Request, a: Actor = Me) -> dict[str, Any]:
    reviews.remove_member(store(request), a, review_id, member_id)
    return {"ok": True}


class InviteIn(BaseModel):
    role: str
    unit: str = ""


@router.post("/reviews/{review_id}/invites", status_code=201)
def invite(review_id: int, body: InviteIn, request: Request, a: Actor = Me) -> dict[str, Any]:
    token = reviews.invite(store(request), a, review_id, body.role, body.unit)
    return {"token": token, "link": str(request.base_url).rstrip("/") + f"/invite/{token}"}


@router.post("/invites/{token}")
def accept_invite(token: str, request: Request, a: Actor = Me) -> dict[str, Any]:
    return {"review_id": reviews.accept_invite(store(request), a, token)}


# -- the draft ----------------------------------------------------------------------------------


@router.get("/reviews/{review_id}/locate")
def locate_quote(review_id: int, quote: str, request: Request, version: int | None = None, a: Actor = Me) -> list[dict[str, Any]]:
    return locate_for(store(request), a, review_id, quote, version)


@router.get("/reviews/{review_id}/resolve")
def resolve(review_id: int, locator: str, request: Request, version: int | None = None, a: Actor = Me) -> list[dict[str, Any]]:
    return resolve_for(store(request), a, review_id, locator, version)


@router.get("/reviews/{review_id}/versions")
def versions(review_id: int, request: Request, a: Actor = Me) -> list[dict[str, Any]]:
    return reviews.overview(store(request), a, review_id)["versions"]


@router.post("/reviews/{review_id}/versions", status_code=201)
async def upload_version(review_id: int, request: Request, draft: UploadFile = File(...), note: str = Form(""),
                         a: Actor = Me) -> dict[str, Any]:  # fmt: skip
    s = store(request)
    number = reviews.upload_version(s, a, review_id, await draft.read(), draft.filename or "", note)
    return {"number": number, **reviews.version_notes(s, a, review_id, number)}


@router.post("/reviews/{review_id}/printed", status_code=201)
async def upload_printed(review_id: int, request: Request, pdf: UploadFile = File(...), a: Actor = Me) -> dict[str, Any]:
    """The printed copy (送审稿 PDF) of the current 送审稿: locators of that version come from its pages and lines."""
    s = store(request)
    number = reviews.upload_printed(s, a, review_id, await pdf.read(), pdf.filename or "")
    return {"number": number, "printed": True, **reviews.version_notes(s, a, review_id, number)}


@router.get("/reviews/{review_id}/compare")
def compare(review_id: int, a_version: int, b_version: int, request: Request, a: Actor = Me) -> dict[str, Any]:
    return outputs.compare(store(request), a, review_id, a_version, b_version)


# -- opinions -----------------------------------------------------------------------------------


@router.get("/reviews/{review_id}/opinions")
def list_opinions(review_id: int, request: Request, unit: str = "", status: str = "", part: str = "",
                  page: int | None = None, withdrawn: bool = False, a: Actor = Me) -> list[dict[str, Any]]:  # fmt: skip
    return opinions.list_opinions(store(request), a, review_id, unit=unit, status=status, part=part, page=page,
                                  include_withdrawn=withdrawn)  # fmt: skip


@router.get("/opinions/{opinion_id}")
def get_opinion(opinion_id: int, request: Request, a: Actor = Me) -> dict[str, Any]:
    return opinions.get_opinion(store(request), a, opinion_id)


class OpinionEdit(BaseModel):
    version: int
    text: str | None = Field(default=None, max_length=20000)
    proposed: str | None = Field(default=None, max_length=20000)


@router.patch("/opinions/{opinion_id}")
def edit_opinion(opinion_id: int, body: OpinionEdit, request: Request, a: Actor = Me) -> dict[str, Any]:
    return opinions.edit_opinion(store(request), a, opinion_id, body.version, body.text, body.proposed)


class Versioned(BaseModel):
    version: int


@router.post("/opinions/{opinion_id}/withdraw")
def withdraw(opinion_id: int, body: Versioned, request: Request, a: Actor = Me) -> dict[str, Any]:
    return opinions.withdraw_opinion(store(request), a, opinion_id, body.version)


class DecisionBody(BaseModel):
    decision: str
    reason: str | None = Field(default=None, max_length=20000)
    version: int
    duplicate_of: int | None = None
    narrative: str | None = Field(default=None, max_length=20000)


@router.put("/opinions/{opinion_id}/decision")
def decide(opinion_id: int, body: DecisionBody, request: Request, a: Actor = Me) -> dict[str, Any]:
    return opinions.decide(store(request), a, opinion_id, body.decision, body.reason or "", body.version,
                           duplicate_of=body.duplicate_of, narrative=body.narrative)  # fmt: skip


class AssignBody(BaseModel):
    username: str
    version: int


@router.put("/opinions/{opinion_id}/assignee")
def assign(opinion_id: int, body: AssignBody, request: Request, a: Actor = Me) -> dict[str, Any]:
    return opinions.assign(store(request), a, opinion_id, body.username, body.version)


@router.get("/opinions/{opinion_id}/audit")
def opinion_audit(opinion_id: int, request: Request, a: Actor = Me) -> list[dict[str, Any]]:
    o = opinions.get_opinion(store(request), a, opinion_id)
    return audit.events(store(request), a, int(o["review_id"]), "opinion", opinion_id)


# -- edits, redline, apply ------------------------------------------------------------------------


class EditBody(BaseModel):
    changes: list[dict[str, Any]] | None = None
    opinions: list[int] | None = None
    office: bool | None = None
    key: str | None = None
    intro: str | None = None
    note: str | None = None
    reason: str | None = None
    summary: str | None = None
    as_proposed: bool | None = None
    version: int | None = None


@router.get("/reviews/{review_id}/edits")
def list_edits(review_id: int, request: Request, a: Actor = Me) -> list[dict[str, Any]]:
    return edits.list_edits(store(request), a, review_id)


@router.post("/reviews/{review_id}/edits", status_code=201)
def create_edit(review_id: int, body: EditBody, request: Request, a: Actor = Me) -> dict[str, Any]:
    return edits.create_edit(store(request), a, review_id, body.model_dump(exclude_none=True))


@router.put("/edits/{edit_id}")
def update_edit(edit_id: int, body: EditBody, request: Request, a: Actor = Me) -> dict[str, Any]:
    if body.version is None:
        raise InputError("缺少 version", fix="请带上读取时的 version（乐观锁）")
    data = body.model_dump(exclude_none=True, exclude={"version"})
    return edits.update_edit(store(request), a, edit_id, data, body.version)


@router.delete("/edits/{edit_id}")
def delete_edit(edit_id: int, request: Request, version: int, a: Actor = Me) -> dict[str, Any]:
    edits.delete_edit(store(request), a, edit_id, version)
    return {"ok": True}


@router.get("/reviews/{review_id}/redline")
def redline(review_id: int, request: Request, a: Actor = Me) -> dict[str, Any]:
    return outputs.redline(store(request), a, review_id)


class ApplyBody(BaseModel):
    note: str = ""


@router.post("/reviews/{review_id}/apply", status_code=201)
def apply(review_id: int, body: ApplyBody, request: Request, a: Actor = Me) -> dict[str, Any]:
    return {"number": outputs.apply(store(request), a, review_id, body.note)}


@router.get("/reviews/{review_id}/status")
def status(review_id: int, request: Request, a: Actor = Me) -> dict[str, Any]:
    out = outputs.status(store(request), a, review_id)
    out.pop("report", None)
    return out


# -- outputs ------------------------------------------------------------------------------------


@router.get("/reviews/{review_id}/report", response_model=None)
def report(review_id: int, request: Request, format: str = "md", a: Actor = Me) -> Response:
    s = store(request)
    if format == "pdf":
        job = jobs.submit(s, a, review_id, "report_pdf")
        if job["status"] == "done":
            data, name, media = jobs.result(s, a, int(job["id"]))
            return download(data, name, media)
        return JSONResponse(jsonable_encoder({"job": job, "status_url": f"/api/v1/jobs/{job['id']}"}), status_code=202,
                            headers={"Location": f"/api/v1/jobs/{job['id']}", "Retry-After": "2"})  # fmt: skip
    data = outputs.report(s, a, review_id, format)
    media, name = outputs.REPORT_MEDIA[format]
    if format == "docx":
        return download(data, name, media)
    return Response(data, media_type=media)


@router.get("/reviews/{review_id}/revised", response_model=None)
def revised(review_id: int, request: Request, tracked: bool = False, a: Actor = Me) -> Response:
    data, name = outputs.revised(store(request), a, review_id, tracked=tracked)
    return download(data, name, outputs.DOCX)


@router.get("/reviews/{review_id}/summary.xlsx", response_model=None)
def summary(review_id: int, request: Request, a: Actor = Me) -> Response:
    return download(outputs.summary_xlsx(store(request), a, review_id), "意见汇总表.xlsx", outputs.XLSX)


@router.get("/reviews/{review_id}/case.zip", response_model=None)
def case(review_id: int, request: Request, a: Actor = Me) -> Response:
    return download(outputs.case_zip(store(request), a, review_id), f"审议{review_id}.zip", "application/zip")


@router.get("/reviews/{review_id}/feedback")
def feedback(review_id: int, request: Request, unit: str = "", a: Actor = Me) -> dict[str, Any]:
    return outputs.feedback(store(request), a, review_id, unit)


class JobBody(BaseModel):
    kind: str = "report_pdf"


@router.post("/reviews/{review_id}/jobs", status_code=202)
def submit_job(review_id: int, body: JobBody, request: Request, a: Actor = Me) -> dict[str, Any]:
    return jobs.submit(store(request), a, review_id, body.kind)


@router.get("/jobs/{job_id}")
def job(job_id: int, request: Request, a: Actor = Me) -> dict[str, Any]:
    return jobs.get(store(request), a, job_id)


@router.get("/jobs/{job_id}/result", response_model=None)
def job_result(job_id: int, request: Request, a: Actor = Me) -> Response:
    data, name, media = jobs.result(store(request), a, job_id)
    return download(data, name, media)


# -- public consultation --------------------------------------------------------------------------


@router.get("/reviews/{review_id}/consultation")
def consultation(review_id: int, request: Request, a: Actor = Me) -> dict[str, Any]:
    """The statistics of the review's consultation (the JSON of ``caina consult stats``) and the decisions
    counted per group; ``name`` null when the review has none."""
    data = consult.overview(store(request), a, review_id)
    return {k: v for k, v in data.items() if k not in ("article_chart", "day_chart")}


@router.get("/reviews/{review_id}/consultation/groups")
def consultation_groups(review_id: int, request: Request, article: str = "", after: int = 0, limit: int = consult.PAGE,
                        a: Actor = Me) -> dict[str, Any]:  # fmt: skip
    return consult.article_groups(store(request), a, review_id, article, after, limit)


@router.get("/reviews/{review_id}/consultation/groups/{group_no}")
def consultation_group(review_id: int, group_no: int, request: Request, after: int = 0, limit: int = consult.PAGE,
                       a: Actor = Me) -> dict[str, Any]:  # fmt: skip
    return consult.group(store(request), a, review_id, group_no, after, limit)


class GroupDecisionBody(BaseModel):
    decision: str = Field(max_length=40)
    reason: str = Field(default="", max_length=5000)
    version: int
    duplicate_of: int | None = None


@router.put("/reviews/{review_id}/consultation/groups/{group_no}/decision")
def consultation_decide(review_id: int, group_no: int, body: GroupDecisionBody, request: Request, a: Actor = Me) -> dict[str, Any]:
    return consult.decide(store(request), a, review_id, group_no, body.decision, body.reason, body.version, body.duplicate_of)


# -- audit --------------------------------------------------------------------------------------


@router.get("/reviews/{review_id}/audit")
def review_audit(review_id: int, request: Request, a: Actor = Me) -> list[dict[str, Any]]:
    return audit.events(store(request), a, review_id)


@router.get("/reviews/{review_id}/audit.csv", response_model=None)
def review_audit_csv(review_id: int, request: Request, a: Actor = Me) -> Response:
    text = audit.csv_text(audit.events(store(request), a, review_id))
    return PlainTextResponse(text, media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f"attachment; filename=audit-{review_id}.csv"})  # fmt: skip
