"""The draft as printed: one page at a time, each line numbered 顺数 and 倒数 in the margin.
Selecting text fills the opinion form with the quote and its locator (static/app.js)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from markupsafe import Markup
from starlette.responses import Response

from caina.services.desk import opinions
from caina.services.desk.access import Actor
from caina.services.desk.drafts import resolve_for
from caina.web.deps import actor, call, render, store, templates
from caina.web.views.common import back

router = APIRouter()

# The printed sheet of a page is the same for every reader of a laid-out version: rendered once per page and
# highlight. Keyed by the identity of the page's lines (shared per laid-out draft, caina.services.desk.drafts
# .page_of), kept with them so that an identity is never taken for another list's.
_SHEETS: OrderedDict[tuple[int, int, frozenset[int]], tuple[list[dict[str, Any]], Markup]] = OrderedDict()
_SHEETS_LOCK = threading.Lock()
_SHEETS_SIZE = 256


def sheet(page: dict[str, Any], hl: frozenset[int]) -> Markup:
    """The HTML of a printed page's lines (templates/partials/sheet.html), from the cache when rendered before."""
    lines = page["lines"]
    key = (id(lines), int(page["page"]), hl)
    with _SHEETS_LOCK:
        hit = _SHEETS.get(key)
        if hit is not None and hit[0] is lines:
            _SHEETS.move_to_end(key)
            return hit[1]
    html = Markup(templates.get_template("partials/sheet.html").render(page=page, hl=hl))
    with _SHEETS_LOCK:
        _SHEETS[key] = (lines, html)
        while len(_SHEETS) > _SHEETS_SIZE:
            _SHEETS.popitem(last=False)
    return html


@router.get("/reviews/{review_id}/pages")
def find_line(review_id: int, request: Request, locator: str = "", version: int | None = None, a: Actor = Depends(actor)) -> Response:
    """A typed locator ("P3倒数第五行"): to its page, the line highlighted."""
    v = f"&version={version}" if version else ""
    if not locator.strip():
        return back(f"/reviews/{review_id}/pages/1?{v.lstrip('&')}")
    lines = resolve_for(store(request), a, review_id, locator.strip(), version)
    hl = ",".join(str(x["from_top"]) for x in lines if x["page"] == lines[0]["page"])
    return back(f"/reviews/{review_id}/pages/{lines[0]['page']}?hl={hl}{v}")


@router.get("/reviews/{review_id}/pages/{number}")
async def page(review_id: int, number: int, request: Request, version: int | None = None, hl: str = "",
               a: Actor = Depends(actor)) -> Response:  # fmt: skip
    shown = await call(opinions.page_view, store(request), a, review_id, number, version)
    numbers = {line["from_top"] for line in shown["page"]["lines"]}
    highlighted = frozenset(n for x in hl.split(",") if x.isdecimal() and len(x) < 6 and (n := int(x)) in numbers)
    return render(request, "page.html", review=shown["review"], page=shown["page"], sheet=sheet(shown["page"], highlighted),
                  opinions=shown["opinions"], version=version, notes=shown["notes"])  # fmt: skip


@router.post("/reviews/{review_id}/opinions")
def file_opinion(
    review_id: int,
    request: Request,
    text: str = Form(""),
    quote: str = Form(""),
    locator: str = Form(""),
    target: str = Form(""),
    target_ref: str = Form(""),
    proposed: str = Form(""),
    proposer: str = Form(""),
    part_id: str = Form(""),
    block: str = Form(""),
    start: str = Form(""),
    version: str = Form(""),
    back_to: str = Form(""),
    page: str = Form(""),
    view_version: str = Form(""),
    a: Actor = Depends(actor),
) -> Response:
    """File an opinion from the form beside the printed page. From htmx (the page's form with JavaScript): the
    answer is the form and the page's opinions anew (partials/compose.html, swapped in place of the old ones:
    the printed page stays as it was scrolled); a refusal is the error alone, shown above the form, which keeps
    what was typed. Without JavaScript: post, redirect, get — back to the page with the message."""
    position = (part_id, int(block), int(start)) if part_id and block.isdigit() and start.isdigit() else None
    data = opinions.OpinionIn(text=text, quote=quote, locator=locator, target_kind=target, target_ref=target_ref,
                              proposed=proposed, proposer=proposer, position=position,
                              version=int(version) if version.isdigit() else None)  # fmt: skip
    made = opinions.file_opinion(store(request), a, review_id, data)
    where = f"（{made['locator']}）" if made["locator"] else ""
    message = f"已提交意见{made['number']}{where}"
    if request.headers.get("hx-request") and page.isdecimal() and len(page) < 6:
        shown_version = int(view_version) if view_version.isdecimal() and len(view_version) < 9 else None
        shown = opinions.page_view(store(request), a, review_id, int(page), shown_version)
        response = render(request, "partials/compose.html", review=shown["review"], page=shown["page"],
                          opinions=shown["opinions"], version=shown_version, filed=message)  # fmt: skip
        response.headers["HX-Retarget"] = "#compose"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    url = back_to if back_to.startswith(f"/reviews/{review_id}/") else f"/reviews/{review_id}/opinions"
    return back(url, message)
