"""Reviews: creating one (an upload, or a case directory), its members and invites, its phase,
new uploaded versions of the draft (opinions re-anchored on them)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection

from caina.core.decisions import ReviewRecord
from caina.core.model import Draft
from caina.core.reanchor import Anchor, reanchor
from caina.errors import InputError, NotFoundError, PermissionDeniedError, StaleVersionError
from caina.services.desk import drafts
from caina.services.desk.access import ROLE_LABELS, ROLES, Actor, Member, audit, member
from caina.store import Store
from caina.store import queries as q
from caina.store.schema import now

PHASES = {"preparing": "未开始征集", "open": "征集意见中", "closed": "征集已结束"}


def validate_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """The review's meeting data, checked by review.yaml's own rules (caina.io.review_file.ReviewIn)."""
    from caina.io.review_file import ReviewIn

    review = {k: v for k, v in (meta.get("review") or {}).items() if v not in (None, "", [])}
    try:
        checked = ReviewIn.model_validate(review)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(x) for x in first["loc"]) or "review"
        msg = str(first.get("ctx", {}).get("error", first["msg"]))
        raise InputError(f"审议信息有误：{field}：{msg}", fix="请按 docs/review-file.md 中 review 一节的写法填写") from None
    out = dict(meta)
    out["review"] = checked.model_dump(mode="json", exclude_defaults=False)
    return out


def create_review(
    store: Store,
    actor: Actor,
    data: bytes,
    filename: str,
    meta: dict[str, Any],
) -> int:
    """A new review of an uploaded draft; the creator is its owner (起草单位)."""
    draft, stored = drafts.read_upload(data, filename)
    meta = validate_meta(meta)
    with store.write() as conn:
        rid = q.add_review(conn, draft.title or Path(filename).stem, meta, actor.user_id)
        sha = q.put_blob(conn, data)
        v = q.add_version(conn, rid, kind="upload", blob=sha, filename=stored, original_name=Path(filename).name[:300],
                          applied=[], created_by=actor.user_id)  # fmt: skip
        office = meta["review"].get("office") or "起草单位"
        pid = q.add_proposer(conn, rid, office, office, "unit", [])
        q.add_member(conn, rid, actor.user_id, "owner", pid)
        audit(conn, actor, "review.create", "review", rid, rid, None, {"title": draft.title, "meta": meta})
        audit(conn, actor, "version.upload", "version", v["id"], rid, None, _version_row(v))
        audit(conn, actor, "member.add", "member", None, rid, None, {"user": actor.username, "role": "owner"})
    return rid


def _version_row(v: dict[str, Any]) -> dict[str, Any]:
    return {k: v[k] for k in ("number", "kind", "base_number", "blob", "filename", "original_name", "applied")}


def import_case(store: Store, actor: Actor, directory: Path) -> int:
    """``caina review create DIR``: a review from a case directory (draft + review.yaml), every opinion,
    decision and edit of review.yaml included. The owner is ``actor``."""
    from caina import services
    from caina.io.review_writer import review_to_dict

    case = services.load_case(directory)
    data = case.draft_path.read_bytes()
    record: ReviewRecord = case.record
    meta = review_to_dict(record)
    meta = validate_meta({"review": meta["review"], "report": meta.get("report", {}),
                          "office_intro": record.office_intro})  # fmt: skip
    rid = create_review(store, actor, data, case.draft_path.name, meta)
    if case.printed_path is not None:  # review.yaml printed: (or draft.pdf beside the draft)
        upload_printed(store, actor, rid, case.printed_path.read_bytes(), case.printed_path.name)
    with store.write() as conn:
        ids: dict[str, int] = {p["name"]: p["id"] for p in q.proposers_of(conn, rid)}
        for p in record.proposers:
            if p.name in ids:
                continue
            ids[p.name] = q.add_proposer(conn, rid, p.id, p.name, p.kind.value, list(p.aliases))
        base = drafts.version(conn, rid)
        numbers: dict[int, int] = {}
        for op in record.opinions:
            values = _opinion_from_record(base, record, op, ids)
            number = q.next_opinion_number(conn, rid)
            oid = q.add_opinion(conn, {**values, "review_id": rid, "number": number})
            numbers[op.number] = oid
            audit(conn, actor, "opinion.import", "opinion", oid, rid, None, {**values, "number": number})
        for op in record.opinions:
            if op.decision.duplicate_of:
                q.update_opinion(conn, numbers[op.number], None, duplicate_of=numbers[op.decision.duplicate_of],
                                 disposition="duplicate")  # fmt: skip
        edit_ids: dict[str, int] = {}
        for e in record.edits:
            raw = next(x for x in _raw_edits(case.directory) if x["id"] == e.id)
            eid = q.add_edit(conn, {
                "review_id": rid, "key": e.id, "changes": raw.get("changes", []), "intro": e.intro, "note": e.note,
                "reason": e.reason, "summary": e.summary, "as_proposed": e.as_proposed,
                "office": e.id in record.office_edit_ids, "created_by": actor.user_id,
            })  # fmt: skip
            edit_ids[e.id] = eid
            audit(conn, actor, "edit.import", "edit", eid, rid, None, {"key": e.id, "changes": raw.get("changes", [])})
        for op in record.opinions:
            for seq, key in enumerate(op.decision.edit_ids):
                q.link_edit(conn, numbers[op.number], edit_ids[key], seq)
    return rid


def _raw_edits(directory: Path) -> list[dict[str, Any]]:
    """review.yaml's edits as written (their changes are stored as review.yaml mappings)."""
    from caina.errors import ReviewFileError
    from caina.io.review_file import read_review_text
    from caina.io.yaml_input import load_yaml

    path = directory / "review.yaml"  # read as every review.yaml is: bounded, any usual encoding
    data, _ = load_yaml(read_review_text(path).text.lstrip("\ufeff"), path=str(path), error=ReviewFileError)
    return list((data if isinstance(data, dict) else {}).get("edits") or [])


def _opinion_from_record(base: drafts.Version, record: ReviewRecord, op: Any, ids: dict[str, int]) -> dict[str, Any]:
    from caina.core.anchoring import Scope, anchor
    from caina.core.reanchor import capture

    proposer = record.proposer(op.proposer_id)
    values: dict[str, Any] = {
        "proposer_id": ids[proposer.name],
        "text": op.text,
        "target_kind": "whole",
        "disposition": op.decision.disposition.value,
        "reason": op.decision.reason,
        "narrative": op.decision.narrative,
        "source": op.source or "review.yaml",
        "anchor_version": base.number,
    }
    extra = []
    for t in op.targets:
        span = anchor(base.draft, t.quote, part=t.part, context=t.context, occurrence=t.occurrence, scope=Scope.ONE)[0]
        if values["target_kind"] == "whole":
            a = capture(base.draft, span)
            values.update(target_kind="quote", quote=a.quote, prefix=a.prefix, suffix=a.suffix, part_id=a.part_id,
                          block_index=a.block_index, start_offset=a.start, anchor_status="anchored")  # fmt: skip
        else:
            extra.append({"quote": t.quote, "part": t.part, "context": t.context, "occurrence": t.occurrence})
    values["extra_targets"] = extra
    return values


# -- members and invites ---------------------------------------------------------------------------


def _unit(conn: Connection, review_id: int, unit: str) -> int:
    """The proposer row of a unit, created when new."""
    for p in q.proposers_of(conn, review_id):
        if unit in (p["name"], p["key"], *(p["aliases"] or [])):
            return int(p["id"])
    return q.add_proposer(conn, review_id, unit, unit, "unit", [])


def check_role(role: str, unit: str) -> None:
    if role not in ROLES:
        raise InputError(f"角色“{role}”无效", fix=f"可选：{'、'.join(f'{r}（{ROLE_LABELS[r]}）' for r in ROLES)}")
    if role == "reviewer" and not unit.strip():
        raise InputError("意见单位的成员须写明单位", fix="如 --unit 市财政局")


def add_member(store: Store, actor: Actor | None, review_id: int, username: str, role: str, unit: str = "") -> dict[str, Any]:
    """Add (or change) a member. ``actor`` None = the CLI on the server (no rights check)."""
    check_role(role, unit)
    with store.write() as conn:
        if actor is not None:
            member(conn, actor, review_id, "manage")
        if q.review(conn, review_id) is None:
            raise NotFoundError(f"审议 {review_id} 不存在", fix="请用 caina review create 的输出中的编号")
        urow = q.user_by_name(conn, username)
        if urow is None:
            raise InputError(f"没有用户“{username}”", fix="请先用 caina user add 用户名 创建账户")
        pid = _unit(conn, review_id, unit.strip()) if unit.strip() else None
        existing = q.member(conn, review_id, urow["id"])
        after = {"user": username, "role": role, "unit": unit.strip()}
        if existing is not None:
            q.update_member(conn, existing["id"], role=role, proposer_id=pid)
            audit(conn, actor, "member.change", "member", existing["id"], review_id,
                  {"user": username, "role": existing["role"], "unit": existing["unit"] or ""}, after)  # fmt: skip
            mid = int(existing["id"])
        else:
            mid = q.add_member(conn, review_id, urow["id"], role, pid)
            audit(conn, actor, "member.add", "member", mid, review_id, None, after)
    return {"id": mid, **after}


def remove_member(store: Store, actor: Actor, review_id: int, member_id: int) -> None:
    with store.write() as conn:
        me = member(conn, actor, review_id, "manage")
        row = q.member_by_id(conn, member_id)
        if row is None or row["review_id"] != review_id:
            raise NotFoundError(f"成员 {member_id} 不存在", fix="请在成员页查看")
        if row["user_id"] == me.actor.user_id:
            raise PermissionDeniedError("不能把自己移出审议", fix="请先让另一位成员成为起草单位")
        q.drop_member(conn, member_id)
        audit(conn, actor, "member.remove", "member", member_id, review_id, {"user_id": row["user_id"], "role": row["role"]})


def members(store: Store, actor: Actor, review_id: int) -> list[dict[str, Any]]:
    with store.read() as conn:
        member(conn, actor, review_id, "view")
        return [{"id": m["id"], "username": m["username"], "name": m["display_name"], "role": m["role"],
                 "role_label": ROLE_LABELS[m["role"]], "unit": m["unit"] or ""}
                for m in q.members_of(conn, review_id)]  # fmt: skip


def invite(store: Store, actor: Actor, review_id: int, role: str, unit: str = "", days: int = 7) -> str:
    """A one-time invitation token (the link is /invite/TOKEN)."""
    check_role(role, unit)
    token = secrets.token_urlsafe(24)
    with store.write() as conn:
        member(conn, actor, review_id, "manage")
        pid = _unit(conn, review_id, unit.strip()) if unit.strip() else None
        iid = q.add_invite(conn, review_id, hashlib.sha256(token.encode()).hexdigest(), role, pid, actor.user_id,
                           now() + dt.timedelta(days=days))  # fmt: skip
        audit(conn, actor, "invite.create", "invite", iid, review_id, None, {"role": role, "unit": unit})
    return token


def accept_invite(store: Store, actor: Actor, token: str) -> int:
    digest = hashlib.sha256(token.encode()).hexdigest()
    with store.write() as conn:
        row = q.invite(conn, digest)
        if row is None or row["expires_at"] < now():
            raise NotFoundError("邀请链接无效或已过期", fix="请向起草单位索取新的邀请链接")
        if not q.use_invite(conn, row["id"], actor.user_id):
            raise PermissionDeniedError("该邀请链接已被使用过（一次性链接）", fix="请向起草单位索取新的邀请链接")
        rid = int(row["review_id"])
        existing = q.member(conn, rid, actor.user_id)
        if existing is None:
            mid = q.add_member(conn, rid, actor.user_id, row["role"], row["proposer_id"])
            audit(conn, actor, "member.join", "member", mid, rid, None, {"user": actor.username, "role": row["role"]})
    return rid


# -- phase, overview ----------------------------------------------------------------------------------


def set_phase(store: Store, actor: Actor, review_id: int, phase: str, deadline: dt.datetime | None = None,
              version: int | None = None) -> dict[str, Any]:  # fmt: skip
    if phase not in PHASES:
        raise InputError(f"阶段“{phase}”无效", fix="可选：open（开始征集）、closed（结束征集）、preparing")
    with store.write() as conn:
        member(conn, actor, review_id, "decide")
        before = q.review(conn, review_id)
        assert before is not None
        if not q.update_review(conn, review_id, version, phase=phase, deadline=deadline):
            raise StaleVersionError("审议阶段已被他人修改", current=_phase(q.review(conn, review_id)), fix="请刷新后再试")
        after = q.review(conn, review_id)
        audit(conn, actor, "review.phase", "review", review_id, review_id, _phase(before), _phase(after))
    return _phase(after)


def _phase(row: dict[str, Any] | None) -> dict[str, Any]:
    assert row is not None
    return {"phase": row["phase"], "deadline": row["deadline"], "version": row["version"]}


def header(m: Member) -> dict[str, Any]:
    """The review as every page's header shows it (title, phase, the caller's role and unit), from the
    membership alone: no query of its own (the page view uses it instead of :func:`overview`)."""
    return {"id": m.review_id, "title": m.title, "phase": m.phase, "phase_label": PHASES[m.phase],
            "deadline": m.deadline, "role": m.role, "role_label": ROLE_LABELS[m.role], "unit": m.unit}  # fmt: skip


def overview(store: Store, actor: Actor, review_id: int) -> dict[str, Any]:
    with store.read() as conn:
        m = member(conn, actor, review_id, "view")
        row = q.review(conn, review_id)
        assert row is not None
        versions = q.versions_of(conn, review_id)
        base = drafts.version(conn, review_id)
    return {
        "id": review_id,
        "title": row["title"],
        "meta": row["meta"],
        "phase": row["phase"],
        "phase_label": PHASES[row["phase"]],
        "deadline": row["deadline"],
        "version": row["version"],
        "role": m.role,
        "role_label": ROLE_LABELS[m.role],
        "unit": m.unit,
        "page_count": base.layout.page_count,
        "base_version": base.number,
        "versions": [_version_view(v) for v in versions],
        "notes": list(base.notes),  # what the reader and the layout noticed about the base version (drafts.notes_of)
        "layout": drafts.layout_view(base),  # how its pages and lines are counted: profile, grid, or the printed PDF
    }


def version_notes(store: Store, actor: Actor, review_id: int, number: int | None = None) -> dict[str, Any]:
    """The notes of a version (the base by default) and how its lines are counted, as an upload answers with
    them: ``{"notes": [...], "layout": {...}}`` — the laid-out version from the per-process cache (laid out
    here when it is new: the page view then finds it laid out)."""
    with store.read() as conn:
        m = member(conn, actor, review_id, "view")
        v = drafts.version(conn, review_id, number, base=m.base if number is None else None)
    return {"notes": list(v.notes), "layout": drafts.layout_view(v)}


def notes_flash(notes: list[str]) -> str:
    """The upload's one-line message about its notes ("" when there are none)."""
    return f"；草案有{len(notes)}条排版说明，请看“排版说明”" if notes else ""


def _version_view(v: dict[str, Any]) -> dict[str, Any]:
    view = {k: v[k] for k in ("number", "kind", "base_number", "original_name", "created_at", "note", "applied")}
    view["printed"] = bool(v.get("printed_blob"))  # its locators come from the printed copy (PDF)
    return view


def my_reviews(store: Store, actor: Actor) -> list[dict[str, Any]]:
    with store.read() as conn:
        return [{"id": r["id"], "title": r["title"], "role": r["role"], "role_label": ROLE_LABELS[r["role"]],
                 "phase": r["phase"], "phase_label": PHASES[r["phase"]]} for r in q.reviews_of(conn, actor.user_id)]  # fmt: skip


def upload_version(store: Store, actor: Actor, review_id: int, data: bytes, filename: str, note: str = "") -> int:
    """A new 送审稿 (uploaded draft): it becomes the base; every opinion's quote is re-anchored on it,
    and an opinion whose quote is gone is marked orphaned (never moved to a similar passage)."""
    new, stored = drafts.read_upload(data, filename)
    with store.write() as conn:
        member(conn, actor, review_id, "manage")
        sha = q.put_blob(conn, data)
        v = q.add_version(conn, review_id, kind="upload", blob=sha, filename=stored,
                          original_name=Path(filename).name[:300], applied=[], note=note, created_by=actor.user_id)  # fmt: skip
        audit(conn, actor, "version.upload", "version", v["id"], review_id, None, _version_row(v))
        reanchor_all(conn, actor, review_id, new, int(v["number"]))
    return int(v["number"])


def upload_printed(store: Store, actor: Actor, review_id: int, data: bytes, filename: str = "") -> int:
    """The printed copy (送审稿 PDF) of the current 送审稿: from now on its pages and lines are the locators of
    that version — in the page view, the API and the report (issue 11). A PDF that cannot be read, or of
    another version of the draft, is refused with the first passage that differs; nothing is stored then."""
    with store.read() as conn:
        member(conn, actor, review_id, "manage")
        base = q.base_version(conn, review_id)
        if base is None:
            raise NotFoundError("本审议还没有草案", fix="请先上传草案（送审稿），再上传它的 PDF")
        draft_data = q.get_blob(conn, str(base["blob"])) or b""
    lay = drafts.check_printed(draft_data, str(base["filename"]), data)
    with store.write() as conn:
        member(conn, actor, review_id, "manage")
        sha = q.put_blob(conn, data)
        before = {"printed_blob": base["printed_blob"]}
        q.set_printed(conn, int(base["id"]), sha)
        audit(conn, actor, "version.printed", "version", int(base["id"]), review_id, before,
              {"printed_blob": sha, "original_name": Path(filename or "").name[:300]})  # fmt: skip
    drafts.keep_printed(str(base["blob"]), str(base["filename"]), sha, lay)  # committed: what the next view reads
    return int(base["number"])


def reanchor_all(conn: Connection, actor: Actor, review_id: int, draft: Draft, number: int) -> None:
    for row in q.opinions_of(conn, review_id):
        if row["target_kind"] != "quote" or not row["quote"]:
            continue
        a = Anchor(row["quote"], row["prefix"], row["suffix"], row["part_id"], row["block_index"], row["start_offset"])
        span = reanchor(draft, a)
        before = {k: row[k] for k in ("part_id", "block_index", "start_offset", "anchor_version", "anchor_status")}
        if span is None:
            after = {**before, "anchor_version": number, "anchor_status": "orphaned"}
        else:
            after = {"part_id": span.part_id, "block_index": span.block_index, "start_offset": span.start,
                     "anchor_version": number, "anchor_status": "anchored"}  # fmt: skip
        q.update_opinion(conn, row["id"], None, **after)
        audit(conn, actor, "opinion.reanchor", "opinion", row["id"], review_id, before, after)
