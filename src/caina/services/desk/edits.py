"""Edits the drafting office makes: written as review.yaml writes them (one or more changes, each
replace / insert_before / insert_after / delete / column), checked by review.yaml's own rules and
anchored on the base version when saved; linked to adopted opinions or marked as the office's own."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection

from caina.core.decisions import Disposition
from caina.core.edits import place_change
from caina.core.locators import locate_text
from caina.errors import InputError, NotFoundError, StaleVersionError
from caina.services.desk import drafts
from caina.services.desk.access import Actor, audit, member
from caina.store import Store
from caina.store import queries as q

_KEY = re.compile(r"^[A-Za-z][\w\-]{0,60}$")
_TEXTS = ("intro", "note", "reason", "summary")


def _check(conn: Connection, review_id: int, data: dict[str, Any], key: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Validate an edit with review.yaml's EditIn model and anchor each change on the base version."""
    from caina.io.review_file import EditIn, to_change

    raw = {"id": key, "changes": data.get("changes") or [], **{k: data.get(k) or "" for k in _TEXTS},
           "as_proposed": bool(data.get("as_proposed"))}  # fmt: skip
    try:
        checked = EditIn.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        msg = str(first.get("ctx", {}).get("error", first["msg"]))
        where = ".".join(str(x) for x in first["loc"])
        raise InputError(f"修改有误（{where}）：{msg}", fix="写法同 review.yaml 的 edits，见 docs/review-file.md") from None
    base = drafts.version(conn, review_id)
    places = []
    for i, change in enumerate(to_change(c, f"修改 {key} 第{j + 1}处") for j, c in enumerate(checked.changes)):
        for p in place_change(base.draft, key, i, change, lambda s: locate_text(base.layout, s)):
            places.append({"change": i + 1, "locator": locate_text(base.layout, p.anchor), "old": p.old, "new": p.new})
    changes = [c.model_dump(by_alias=True, exclude_defaults=True) for c in checked.changes]
    texts = {k: getattr(checked, k) for k in _TEXTS}
    return changes, {**texts, "as_proposed": checked.as_proposed, "places": places}


def _opinion_links(conn: Connection, review_id: int, ids: list[int]) -> list[dict[str, Any]]:
    rows = []
    for oid in ids:
        row = q.opinion(conn, int(oid))
        if row is None or row["review_id"] != review_id or row["status"] != "active":
            raise NotFoundError(f"意见 {oid} 不在本审议中", fix="请选择本审议中的意见")
        disp = row["disposition"]
        if disp == "duplicate" or not Disposition(disp).allows_edits:
            label = "重复意见" if disp == "duplicate" else Disposition(disp).label
            raise InputError(
                f"意见{row['number']}的采纳情况是“{label}”，不能关联修改",
                fix="只有全部采纳或部分采纳的意见可以关联修改：请先作出采纳决定",
            )
        rows.append(row)
    return rows


def create_edit(store: Store, actor: Actor, review_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """``data``: changes (review.yaml's), intro/note/reason/summary, as_proposed, opinions (ids), office (bool), key."""
    opinion_ids = [int(x) for x in data.get("opinions") or []]
    office = bool(data.get("office"))
    if not opinion_ids and not office:
        raise InputError("修改须关联至少一条意见，或标明为起草单位自行修改", fix="请选择意见，或勾选“起草单位自行修改”")
    with store.write() as conn:
        member(conn, actor, review_id, "decide")
        key = str(data.get("key") or "").strip()
        if key and not _KEY.match(key):
            raise InputError(f"修改编号“{key}”无效", fix="用字母开头的字母、数字、下划线，如 red_mud")
        if key and q.edit_key_taken(conn, review_id, key):
            raise InputError(f"修改编号“{key}”已存在", fix="请换一个编号")
        changes, extra = _check(conn, review_id, data, key or "new")
        linked = _opinion_links(conn, review_id, opinion_ids)
        eid = q.add_edit(conn, {"review_id": review_id, "key": key or f"tmp{review_id}", "changes": changes,
                                **{k: extra[k] for k in _TEXTS}, "as_proposed": extra["as_proposed"],
                                "office": office, "created_by": actor.user_id})  # fmt: skip
        if not key:
            key = f"e{eid}"
            q.update_edit(conn, eid, None, key=key)
        for seq, row in enumerate(linked):
            q.link_edit(conn, int(row["id"]), eid, seq)
        after = _edit_view(conn, eid)
        audit(conn, actor, "edit.create", "edit", eid, review_id, None, after)
    return {**after, "places": extra["places"]}


def update_edit(store: Store, actor: Actor, edit_id: int, data: dict[str, Any], version: int) -> dict[str, Any]:
    with store.write() as conn:
        row = q.edit(conn, edit_id)
        if row is None or row["status"] != "active":
            raise NotFoundError(f"修改 {edit_id} 不存在", fix="请在“修改”页查看")
        review_id = int(row["review_id"])
        member(conn, actor, review_id, "decide")
        before = _edit_view(conn, edit_id)
        merged = {**before, **{k: v for k, v in data.items() if v is not None}}
        changes, extra = _check(conn, review_id, merged, str(row["key"]))
        ids = [int(x) for x in merged.get("opinions") or []]
        linked = _opinion_links(conn, review_id, ids)
        if not q.update_edit(conn, edit_id, version, changes=changes, **{k: extra[k] for k in _TEXTS},
                             as_proposed=extra["as_proposed"], office=bool(merged.get("office"))):  # fmt: skip
            raise StaleVersionError("修改已被他人更新，你的保存基于旧版本，未覆盖", current=_edit_view(conn, edit_id),
                                    fix="请刷新后在新版本上重新保存")  # fmt: skip
        q.unlink_edit(conn, edit_id)
        for seq, op in enumerate(linked):
            q.link_edit(conn, int(op["id"]), edit_id, seq)
        after = _edit_view(conn, edit_id)
        audit(conn, actor, "edit.update", "edit", edit_id, review_id, before, after)
    return {**after, "places": extra["places"]}


def delete_edit(store: Store, actor: Actor, edit_id: int, version: int) -> None:
    with store.write() as conn:
        row = q.edit(conn, edit_id)
        if row is None or row["status"] != "active":
            raise NotFoundError(f"修改 {edit_id} 不存在", fix="请在“修改”页查看")
        member(conn, actor, int(row["review_id"]), "decide")
        before = _edit_view(conn, edit_id)
        if not q.update_edit(conn, edit_id, version, status="deleted"):
            raise StaleVersionError("修改已被他人更新", current=before, fix="请刷新后再试")
        q.unlink_edit(conn, edit_id)
        audit(conn, actor, "edit.delete", "edit", edit_id, int(row["review_id"]), before, None)


def _edit_view(conn: Connection, edit_id: int) -> dict[str, Any]:
    row = q.edit(conn, edit_id)
    assert row is not None
    links = [link["opinion_id"] for link in q.links_of(conn, row["review_id"]) if link["edit_id"] == edit_id]
    return {"id": row["id"], "key": row["key"], "changes": row["changes"], **{k: row[k] for k in _TEXTS},
            "as_proposed": bool(row["as_proposed"]), "office": bool(row["office"]), "opinions": links,
            "version": row["version"]}  # fmt: skip


def list_edits(store: Store, actor: Actor, review_id: int) -> list[dict[str, Any]]:
    with store.read() as conn:
        member(conn, actor, review_id, "view")
        return [_edit_view(conn, int(row["id"])) for row in q.edits_of(conn, review_id)]
