"""Opinions: the list (the owner's desk, with filters), one opinion with its decision and history."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import Response

from caina.errors import CainaError, StaleVersionError
from caina.services.desk import audit, edits, opinions, reviews
from caina.services.desk.access import Actor
from caina.web.deps import actor, render, store
from caina.web.views.common import back

router = APIRouter()


@router.get("/reviews/{review_id}/opinions")
def listing(review_id: int, request: Request, unit: str = "", status: str = "", part: str = "", page: str = "",
            a: Actor = Depends(actor)) -> Response:  # fmt: skip
    s = store(request)
    review = reviews.overview(s, a, review_id)
    rows = opinions.list_opinions(s, a, review_id, unit=unit, status=status, part=part,
                                  page=int(page) if page.isdigit() else None)  # fmt: skip
    everything = opinions.list_opinions(s, a, review_id)
    units = sorted({o["unit"] for o in everything})
    return render(request, "opinions.html", review=review, opinions=rows, units=units,
                  filters={"unit": unit, "status": status, "part": part, "page": page},
                  decisions=opinions.DECISION_LABELS, all_opinions=everything)  # fmt: skip


@router.get("/opinions/{opinion_id}")
def detail(opinion_id: int, request: Request, a: Actor = Depends(actor)) -> Response:
    s = store(request)
    op = opinions.get_opinion(s, a, opinion_id)
    review = reviews.overview(s, a, int(op["review_id"]))
    history = audit.events(s, a, int(op["review_id"]), "opinion", opinion_id) if review["role"] == "owner" else []
    linked = [e for e in edits.list_edits(s, a, int(op["review_id"])) if opinion_id in e["opinions"]]
    others = [o for o in opinions.list_opinions(s, a, int(op["review_id"])) if o["id"] != opinion_id] if review["role"] == "owner" else []
    return render(request, "opinion.html", review=review, op=op, history=history, edits=linked, others=others,
                  decisions=opinions.DECISION_LABELS, members=reviews.members(s, a, int(op["review_id"])))  # fmt: skip


@router.post("/opinions/{opinion_id}/decision")
def decide(opinion_id: int, request: Request, decision: str = Form(""), reason: str = Form(""), version: int = Form(0),
           duplicate_of: str = Form(""), row: str = Form(""), a: Actor = Depends(actor)) -> Response:  # fmt: skip
    s = store(request)
    dup = int(duplicate_of) if duplicate_of.isdigit() else None
    if row:  # htmx, from the list: answer with the row itself (a conflict shows the other change)
        try:
            op = opinions.decide(s, a, opinion_id, decision, reason, version, duplicate_of=dup)
            return render(request, "partials/opinion_row.html", op=op, decisions=opinions.DECISION_LABELS, role="owner",
                          saved=True)  # fmt: skip
        except StaleVersionError as exc:
            return render(request, "partials/opinion_row.html", 409, op=exc.current, decisions=opinions.DECISION_LABELS,
                          role="owner", error=exc.message, mine={"decision": decision, "reason": reason})  # fmt: skip
        except CainaError as exc:
            op = opinions.get_opinion(s, a, opinion_id)
            return render(request, "partials/opinion_row.html", exc.http_status, op=op, decisions=opinions.DECISION_LABELS,
                          role="owner", error=exc.message, mine={"decision": decision, "reason": reason})  # fmt: skip
    op = opinions.decide(s, a, opinion_id, decision, reason, version, duplicate_of=dup)
    return back(f"/opinions/{opinion_id}", f"已保存：{op['decision_label']}")


@router.post("/opinions/{opinion_id}/edit")
def edit(opinion_id: int, request: Request, text: str = Form(""), proposed: str = Form(""), version: int = Form(0),
         a: Actor = Depends(actor)) -> Response:  # fmt: skip
    opinions.edit_opinion(store(request), a, opinion_id, version, text, proposed)
    return back(f"/opinions/{opinion_id}", "意见已修改")


@router.post("/opinions/{opinion_id}/withdraw")
def withdraw(opinion_id: int, request: Request, version: int = Form(0), a: Actor = Depends(actor)) -> Response:
    opinions.withdraw_opinion(store(request), a, opinion_id, version)
    return back(f"/opinions/{opinion_id}", "意见已撤回")


@router.post("/opinions/{opinion_id}/assign")
def assign(opinion_id: int, request: Request, username: str = Form(""), version: int = Form(0), a: Actor = Depends(actor)) -> Response:
    opinions.assign(store(request), a, opinion_id, username, version)
    return back(f"/opinions/{opinion_id}", "已分派")
