"""caina.web: the review desk as a FastAPI app — server-rendered pages (Jinja2 + htmx, vendored) and
the JSON API under /api/v1. Routes call caina.services.desk; errors are CainaError subclasses that
carry their HTTP status and are rendered by one handler (JSON for the API, a page otherwise).

Run it with ``caina serve``; ``create_app`` is the factory uvicorn's workers import.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from caina import settings
from caina.errors import (
    AmbiguousQuoteError,
    AuthenticationError,
    CainaError,
    QuoteNotFoundError,
    StaleVersionError,
    ThrottledError,
)
from caina.services.desk import accounts
from caina.services.desk.jobs import JobRunner
from caina.store import Store
from caina.web.deps import render

log = logging.getLogger("caina.web")
STATIC = Path(__file__).parent / "static"


class BodyLimit:
    """Refuse request bodies over the upload limit (413) before they are read whole."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = settings.get_int("upload_max_mb") * 1024 * 1024 + 64 * 1024  # the form's other fields
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await _too_large(scope, send, limit)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _TooLarge()
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await _too_large(scope, send, limit)


class _TooLarge(Exception):
    pass


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    body = JSONResponse(
        {"error": {"type": "UploadTooLargeError", "status": 413,
                   "message": f"上传的内容过大，上限为 {limit // 1048576} MB。请压缩图片或删除不必要的内容后再试。"}},
        status_code=413,
    )  # fmt: skip
    await body(scope, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}


SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class SecurityHeaders:
    """The security headers on every response (a response's own value wins), and ``Cache-Control: no-store``
    on the API and on answers to writes. Plain ASGI: it only adds headers to the start of the response, so
    the body is not passed through a second task as ``@app.middleware("http")`` would."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.always = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = list(self.always)
        if str(scope.get("path", "")).startswith("/api/") or scope.get("method") != "GET":
            extra.append((b"cache-control", b"no-store"))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {k.lower() for k, _ in headers}
                headers.extend((k, v) for k, v in extra if k not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def error_body(exc: CainaError) -> dict[str, Any]:
    body: dict[str, Any] = {"type": type(exc).__name__, "status": exc.http_status, "message": exc.message,
                            "what": exc.what, "where": exc.where, "fix": exc.fix}  # fmt: skip
    if isinstance(exc, QuoteNotFoundError):
        body["nearest"] = exc.nearest
        body["nearest_locator"] = exc.nearest_locator
    if isinstance(exc, AmbiguousQuoteError):
        body["locators"] = list(exc.locators)
    if isinstance(exc, StaleVersionError):
        body["current"] = exc.current
    if isinstance(exc, ThrottledError):
        body["retry_after"] = exc.retry_after
    return body


def create_app(url: str | None = None, *, jobs: bool = True, migrate: bool = True) -> FastAPI:
    store = Store(url or os.environ.get("CAINA_DATABASE_URL") or settings.get("database_url"))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runner = JobRunner(store) if jobs else None
        if runner is not None:
            runner.start()
        try:
            yield
        finally:
            if runner is not None:
                runner.stop()
            store.dispose()

    if migrate:
        store.upgrade()
    app = FastAPI(title="caina 审议平台", version="1", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url="/api/v1/openapi.json")
    app.state.store = store
    app.state.signer = accounts.signer(store)

    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit)

    @app.exception_handler(CainaError)
    async def caina_error(request: Request, exc: CainaError) -> Response:
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, ThrottledError) else None
        if request.url.path.startswith("/api/") or request.headers.get("hx-request"):
            if request.headers.get("hx-request") and not request.url.path.startswith("/api/"):
                return render(request, "partials/error.html", exc.http_status, error=exc, body=error_body(exc))
            return JSONResponse(jsonable_encoder({"error": error_body(exc)}), status_code=exc.http_status, headers=headers)
        if isinstance(exc, AuthenticationError) and request.method == "GET":
            return RedirectResponse(f"/login?next={quote(str(request.url.path))}", status_code=303)
        response = render(request, "error.html", exc.http_status, error=exc, body=error_body(exc))
        if headers:
            response.headers.update(headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "；".join(f"{'.'.join(str(x) for x in e['loc'][1:]) or '请求体'}：{e['msg']}" for e in exc.errors()[:5])
        body = {"type": "RequestValidationError", "status": 422, "message": f"请求格式有误：{problems}。请按 docs/api.md 的写法发送。",
                "what": "请求格式有误", "where": problems, "fix": "请按 docs/api.md 的写法发送"}  # fmt: skip
        return JSONResponse({"error": body}, status_code=422)

    from caina.web import api
    from caina.web.views import ROUTERS
    from caina.web.views.page import router as HOT

    # A request is matched against the routers in this order, route by route; the printed page — what every
    # reviewer opens again and again — comes first (0.17 ms of matching a view when it came after the API).
    app.include_router(HOT)
    app.include_router(api.router)
    for router in ROUTERS:
        if router is not HOT:
            app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    return app


def routes(app: FastAPI) -> list[tuple[str, str]]:
    """Every (method, path) the app answers, from its own route table (the security matrix test walks it)."""
    from fastapi.routing import APIRoute
    from starlette.routing import Mount, Route

    found: list[tuple[str, str]] = []

    def add(methods: Any, path: str) -> None:
        found.extend((m, path) for m in sorted(methods or ()) if m != "HEAD")

    for r in app.routes:
        if isinstance(r, APIRoute | Route):
            add(r.methods, r.path)
        elif isinstance(r, Mount):
            found.append(("GET", r.path + "/{path}"))
        else:  # an included router (FastAPI ≥ 0.16x keeps them as one entry)
            candidates = getattr(r, "effective_candidates", None)
            for c in (candidates() if callable(candidates) else candidates) or ():
                add(c.methods, c.path)
    return found


def factory() -> FastAPI:
    """What ``uvicorn --factory caina.web.app:factory`` (and ``caina serve --workers N``) runs."""
    return create_app(migrate=os.environ.get("CAINA_SKIP_MIGRATE") != "1")
