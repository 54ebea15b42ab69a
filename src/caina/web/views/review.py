"""A review's overview, members, invitations and phase."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import Response

from caina.errors import InputError
from caina.services.desk import reviews
from caina.services.desk.access import Actor
from caina.web.deps import actor, render, store
from caina.web.views.common import back

router = APIRouter()


@router.get("/reviews/{review_id}")
def overview(review_id: int, request: Request, a: Actor = Depends(actor)) -> Response:
    s = store(request)
    return render(request, "review.html", review=reviews.overview(s, a, review_id), members=reviews.members(s, a, review_id))


@router.post("/reviews/{review_id}/members")
def add_member(review_id: int, request: Request, username: str = Form(""), role: str = Form(""), unit: str = Form(""),
               a: Actor = Depends(actor)) -> Response:  # fmt: skip
    reviews.add_member(store(request), a, review_id, username, role, unit)
    return back(f"/reviews/{review_id}", f"已添加成员 {username}")


@router.post("/reviews/{review_id}/members/{member_id}/remove")
def remove_member(review_id: int, member_id: int, request: Request, a: Actor = Depends(actor)) -> Response:
    reviews.remove_member(store(request), a, review_id, member_id)
    return back(f"/reviews/{review_id}", "已移除成员")


@router.post("/reviews/{review_id}/invites")
def invite(review_id: int, request: Request, role: str = Form(""), unit: str = Form(""), a: Actor = Depends(actor)) -> Response:
    token = reviews.invite(store(request), a, review_id, role, unit)
    link = str(request.base_url).rstrip("/") + f"/invite/{token}"
    return back(f"/reviews/{review_id}", f"邀请链接（一次有效，7天内）：{link}")


@router.post("/reviews/{review_id}/phase")
def phase(review_id: int, request: Request, phase: str = Form(""), deadline: str = Form(""), a: Actor = Depends(actor)) -> Response:
    when = None
    if deadline.strip():
        try:
            when = dt.datetime.fromisoformat(deadline.strip()).replace(tzinfo=dt.UTC)
        except ValueError:
            raise InputError(f"截止时间“{deadline}”无效", fix="请写成 2024-05-31T18:00 这样的形式（UTC）") from None
    reviews.set_phase(store(request), a, review_id, phase, when)
    return back(f"/reviews/{review_id}", "阶段已更新")
