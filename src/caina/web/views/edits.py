"""Edits: the drafting office's changes, their redline preview, and applying them as a new version."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import Response

from caina.errors import CainaError
from caina.services.desk import edits, opinions, outputs, reviews
from caina.services.desk.access import Actor
from caina.web.deps import actor, render, store
from caina.web.views.common import back

router = APIRouter()
OPS = {"replace": "替换", "insert_before": "在原文之前增加", "insert_after": "在原文之后增加", "delete": "删去", "column": "整栏改为"}
WORDS = {**OPS, "with": "改为", "part": "部分", "scope": "范围", "context": "上下文", "occurrence": "第几处", "column": "栏目"}


@router.get("/reviews/{review_id}/edits")
def listing(review_id: int, request: Request, a: Actor = Depends(actor)) -> Response:
    s = store(request)
    review = reviews.overview(s, a, review_id)
    preview, error = None, ""
    try:
        preview = outputs.redline(s, a, review_id)
    except CainaError as exc:
        error = exc.message
    ops = opinions.list_opinions(s, a, review_id)
    adopted = [o for o in ops if o["decision"] in ("adopted", "partially_adopted")]
    return render(request, "edits.html", review=review, edits=edits.list_edits(s, a, review_id), preview=preview,
                  error=error, adopted=adopted, ops=OPS, words=WORDS, numbers={o["id"]: o["number"] for o in ops})  # fmt: skip


@router.post("/reviews/{review_id}/edits")
async def create(review_id: int, request: Request, a: Actor = Depends(actor)) -> Response:
    form = await request.form()
    op = str(form.get("op", "replace"))
    change = {op: str(form.get("quote", ""))}
    if op != "delete":
        change["with"] = str(form.get("new", ""))
    for key in ("part", "scope", "context"):
        if str(form.get(key, "")).strip():
            change[key] = str(form.get(key, "")).strip()
    data = {
        "changes": [change],
        "opinions": [int(str(x)) for x in form.getlist("opinions") if str(x).isdigit()],
        "office": form.get("office") == "on",
        "key": str(form.get("key", "")).strip(),
        **{k: str(form.get(k, "")) for k in ("intro", "note", "reason", "summary")},
        "as_proposed": form.get("as_proposed") == "on",
    }
    made = edits.create_edit(store(request), a, review_id, data)
    where = "、".join(p["locator"] for p in made["places"][:5])
    return back(f"/reviews/{review_id}/edits", f"已添加修改 {made['key']}（{where}）")


@router.post("/edits/{edit_id}/delete")
def delete(edit_id: int, request: Request, version: int = Form(0), review_id: int = Form(0), a: Actor = Depends(actor)) -> Response:
    edits.delete_edit(store(request), a, edit_id, version)
    return back(f"/reviews/{review_id}/edits", "已删除修改")


@router.post("/reviews/{review_id}/apply")
def apply(review_id: int, request: Request, note: str = Form(""), a: Actor = Depends(actor)) -> Response:
    number = outputs.apply(store(request), a, review_id, note)
    return back(f"/reviews/{review_id}/versions", f"已生成第{number}版（修改稿）")
