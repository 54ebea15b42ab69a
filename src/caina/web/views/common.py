"""Helpers the page modules share."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import RedirectResponse


def back(url: str, msg: str = "") -> RedirectResponse:
    """Post/redirect/get: back to a page, with a one-line message."""
    if msg:
        url += ("&" if "?" in url else "?") + "msg=" + quote(msg)
    return RedirectResponse(url, status_code=303)
