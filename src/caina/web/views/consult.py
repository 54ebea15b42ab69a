"""The public consultation of a review (公开征求意见): charts per article and per day, the drill-down from an
article to its groups and a group's comments (paged), and the owner's decision on each group."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import Response

from caina.errors import CainaError, StaleVersionError
from caina.services.desk import consult, reviews
from caina.services.desk.access import Actor
from caina.web.deps import actor, render, store
from caina.web.views.common import back

router = APIRouter()


@router.get("/reviews/{review_id}/consultation")
def overview(review_id: int, request: Request, a: Actor = Depends(actor)) -> Response:
    s = store(request)
    return render(request, "consultation.html", review=reviews.overview(s, a, review_id), c=consult.overview(s, a, review_id))


@router.get("/reviews/{review_id}/consultation/groups")
def groups(review_id: int, request: Request, article: str = "", after: int = 0, a: Actor = Depends(actor)) -> Response:
    s = store(request)
    return render(request, "consult_groups.html", review=reviews.overview(s, a, review_id),
                  c=consult.article_groups(s, a, review_id, article, after))  # fmt: skip


@router.get("/reviews/{review_id}/consultation/groups/{group_no}")
def group(review_id: int, group_no: int, request: Request, after: int = 0, a: Actor = Depends(actor)) -> Response:
    s = store(request)
    return render(request, "consult_group.html", review=reviews.overview(s, a, review_id),
                  g=consult.group(s, a, review_id, group_no, after))  # fmt: skip


@router.post("/reviews/{review_id}/consultation/groups/{group_no}/decision")
def decide(review_id: int, group_no: int, request: Request, decision: str = Form(""), reason: str = Form(""),
           version: int = Form(0), duplicate_of: str = Form(""), a: Actor = Depends(actor)) -> Response:  # fmt: skip
    s = store(request)
    dup = int(duplicate_of) if duplicate_of.strip().isdigit() else None
    url = f"/reviews/{review_id}/consultation/groups/{group_no}"
    if request.headers.get("hx-request"):  # from the group list: answer with the decision cell itself
        mine = {"decision": decision, "reason": reason, "duplicate_of": duplicate_of}
        try:
            saved = consult.decide(s, a, review_id, group_no, decision, reason, version, dup)
            return render(request, "partials/consult_decision.html", review_id=review_id, group_no=group_no,
                          d=saved if saved["version"] else None, version=saved["version"], decisions=consult.DECISIONS,
                          role="owner", saved=True)  # fmt: skip
        except StaleVersionError as exc:
            now = exc.current or {}
            current = {"decision": now.get("decision", ""), "label": consult.DECISIONS.get(str(now.get("decision", "")), "待定"),
                       "reason": now.get("reason", ""), "version": now.get("version", 0)} if now else None  # fmt: skip
            return render(request, "partials/consult_decision.html", 409, review_id=review_id, group_no=group_no, d=current,
                          version=current["version"] if current else 0, decisions=consult.DECISIONS, role="owner",
                          error=exc.message, mine=mine, theirs=current)  # fmt: skip
        except CainaError as exc:
            g = consult.group(s, a, review_id, group_no, limit=1)
            return render(request, "partials/consult_decision.html", exc.http_status, review_id=review_id, group_no=group_no,
                          d=g["decision"], version=g["version"], decisions=consult.DECISIONS, role="owner",
                          error=exc.message, mine=mine)  # fmt: skip
    saved = consult.decide(s, a, review_id, group_no, decision, reason, version, dup)
    return back(url, f"第{group_no}组：{saved['label']}" if saved["version"] else f"第{group_no}组的采纳决定已撤销")
