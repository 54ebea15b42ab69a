"""The audit log of a review (append-only), viewable and exportable as CSV."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from caina.services.desk import audit, reviews
from caina.services.desk.access import Actor
from caina.web.deps import actor, render, store

router = APIRouter()


@router.get("/reviews/{review_id}/audit")
def listing(review_id: int, request: Request, a: Actor = Depends(actor)) -> Response:
    s = store(request)
    return render(request, "audit.html", review=reviews.overview(s, a, review_id), events=audit.events(s, a, review_id))
