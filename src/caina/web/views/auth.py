"""Login, logout, invitations."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import Response

from caina.errors import AuthenticationError, ThrottledError
from caina.services.desk import accounts, reviews
from caina.services.desk.access import Actor
from caina.web.deps import COOKIE, actor, render, set_session_cookie, signer, store
from caina.web.views.common import back

router = APIRouter()


def _safe_next(url: str) -> str:
    return url if url.startswith("/") and not url.startswith("//") else "/"


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", next=_safe_next(next), error="")


@router.post("/login")
def login(request: Request, username: str = Form(""), password: str = Form(""), next: str = Form("/")) -> Response:
    s = store(request)
    try:
        a = accounts.authenticate(s, username, password, request.client.host if request.client else "")
    except (AuthenticationError, ThrottledError) as exc:
        response = render(request, "login.html", exc.http_status, next=_safe_next(next), error=exc.message, username=username)
        if isinstance(exc, ThrottledError):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response
    cookie, _ = accounts.open_session(s, a, signer(request))
    response = back(_safe_next(next))
    set_session_cookie(response, cookie, request)
    return response


@router.post("/logout")
def logout(request: Request, a: Actor = Depends(actor)) -> Response:
    accounts.close_session(store(request), request.cookies.get(COOKIE), signer(request))
    response = back("/login", "已退出登录")
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/invite/{token}")
def invite_page(token: str, request: Request, a: Actor = Depends(actor)) -> Response:
    return render(request, "invite.html", token=token)


@router.post("/invite/{token}")
def accept_invite(token: str, request: Request, a: Actor = Depends(actor)) -> Response:
    rid = reviews.accept_invite(store(request), a, token)
    return back(f"/reviews/{rid}", "已加入审议")
