"""Versions of the draft: uploads (送审稿) and revisions (edits applied); any two side by side."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from starlette.responses import Response

from caina.services.desk import outputs, reviews
from caina.services.desk.access import Actor
from caina.web.deps import actor, render, store
from caina.web.views.common import back

router = APIRouter()


@router.get("/reviews/{review_id}/versions")
def listing(review_id: int, request: Request, a: Actor = Depends(actor)) -> Response:
    return render(request, "versions.html", review=reviews.overview(store(request), a, review_id))


@router.post("/reviews/{review_id}/versions")
async def upload(review_id: int, request: Request, draft: UploadFile = File(...), note: str = Form(""), a: Actor = Depends(actor)) -> Response:
    s = store(request)
    number = reviews.upload_version(s, a, review_id, await draft.read(), draft.filename or "", note)
    notes = reviews.version_notes(s, a, review_id, number)["notes"]  # lays the new version out: the next page finds it
    return back(f"/reviews/{review_id}/versions", f"已上传第{number}版；意见已在新版本上重新定位{reviews.notes_flash(notes)}")


@router.post("/reviews/{review_id}/printed")
async def printed(review_id: int, request: Request, pdf: UploadFile = File(...), a: Actor = Depends(actor)) -> Response:
    s = store(request)
    number = reviews.upload_printed(s, a, review_id, await pdf.read(), pdf.filename or "")
    notes = reviews.version_notes(s, a, review_id, number)["notes"]
    return back(f"/reviews/{review_id}/versions",
                f"第{number}版的印发稿 PDF 已上传：页码、行号从此按这份 PDF{reviews.notes_flash(notes)}")  # fmt: skip


@router.get("/reviews/{review_id}/compare")
def compare(review_id: int, request: Request, a_version: int = 1, b_version: int = 2, a: Actor = Depends(actor)) -> Response:
    s = store(request)
    return render(request, "compare.html", review=reviews.overview(s, a, review_id),
                  result=outputs.compare(s, a, review_id, a_version, b_version))  # fmt: skip
