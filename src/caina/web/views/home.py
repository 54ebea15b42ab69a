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
    rid = reviews.create_review(store(request), a, await draft.read(), draft.filename or "", meta)
    return back(f"/reviews/{rid}", "审议已创建")
