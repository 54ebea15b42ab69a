"""Home: my reviews, and a new review from an uploaded draft."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from starlette.responses import Response

from caina.services.desk import reviews
from caina.services.desk.access import Actor
from caina.web.deps import actor, render, store
from caina.web.views.common import back

router = APIRouter()


@router.get("/")
def home(request: Request, a: Actor = Depends(actor)) -> Response:
    return render(request, "home.html", reviews=reviews.my_reviews(store(request), a))


@router.post("/reviews")
async def create(
    request: Request,
    draft: UploadFile = File(...),
    kind: str = Form("常务会审议"),
    meeting: str = Form(""),
    office: str = Form(""),
    date: str = Form(""),
    chair: str = Form(""),
    a: Actor = Depends(actor),
) -> Response:
    meta = {"review": {"kind": kind, "meeting": meeting, "office": office, "date": date or None, "chair": chair}}
    s = store(request)
    rid = reviews.create_review(s, a, await draft.read(), draft.filename or "", meta)
    notes = reviews.version_notes(s, a, rid)["notes"]  # lays the draft out: the review's page finds it laid out
    return back(f"/reviews/{rid}", f"审议已创建{reviews.notes_flash(notes)}")
