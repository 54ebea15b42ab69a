"""Opinions: filing, editing, withdrawing, listing what the caller may see, deciding (with
optimistic versions: a stale save is 409), assigning and marking duplicates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from caina.core.decisions import DISPOSITION_LABELS, Disposition, is_duplicate_word, parse_disposition
from caina.core.locators import locate_text, resolve
from caina.core.pages import Span
from caina.core.reanchor import capture
from caina.errors import AnchorError, CainaError, InputError, NotFoundError, PermissionDeniedError, StaleVersionError
from caina.services.desk import drafts
from caina.services.desk.access import Actor, Member, audit, member, opinion_for
from caina.services.desk.reviews import header
from caina.store import Store
from caina.store import queries as q
from caina.store.schema import now

MAX_TEXT = 5000
# the decision vocabulary of the JSON API (the import JSON's): the core's dispositions plus duplicate
DECISIONS = ("adopted", "partially_adopted", "not_adopted", "already_reflected", "referred", "duplicate", "pending")
DECISION_LABELS = {**{d.value: label for d, label in DISPOSITION_LABELS.items()}, "duplicate": "重复意见"}
TARGET_KINDS = {"quote": "引文", "whole": "全文", "article": "条款", "part": "附件"}
_ARTICLE = re.compile(r"^第[〇零一二两三四五六七八九十百千0-9]+条(?:第[〇零一二两三四五六七八九十百0-9]+款)?(?:第[〇零一二两三四五六七八九十百0-9]+项)?$")
_PLACEHOLDER = re.compile(r"\{(\w+)(?::([\w.\-]+))?\}")


@dataclass(frozen=True)
class OpinionIn:
    text: str
    quote: str = ""
    locator: str = ""
    target_kind: str = ""  # quote | whole | article | part; default: quote when a quote or locator is given
    target_ref: str = ""  # 第八条第一款 / 附件1
    proposed: str = ""
    proposer: str = ""  # a recorder or owner files for a leader or a unit named here
    position: tuple[str, int, int] | None = None  # (part_id, block, start) of the selection
    version: int | None = None  # the version the selection was made on (default: the base)
    request_key: str = ""


def _check_text(text: str, field: str = "意见") -> str:
    text = (text or "").strip()
    if not text:
        raise InputError(f"{field}内容为空", fix="请写出意见")
    if len(text) > MAX_TEXT:
        raise InputError(f"{field}过长（{len(text)}字）", fix=f"请控制在 {MAX_TEXT} 字以内，或分为几条意见")
    bad = [m.group(0) for m in _PLACEHOLDER.finditer(text)]
    if bad:
        raise InputError(f"{field}中含有花括号写法“{bad[0]}”", fix="请改用全角括号或去掉花括号（花括号在报告中有特殊含义）")
    if any(ord(c) < 32 and c not in "\n\t" for c in text):
        raise InputError(f"{field}中含有不可见的控制字符", fix="请删去后重新提交")
    return text


def _phase_open(m: Member, phase: str | None = None, deadline: dt.datetime | None = None) -> None:
    """Reviewers file and change opinions only while the phase is open and before the deadline (the review
    as read with the membership, or ``phase``/``deadline`` when given: as read under the review row's lock)."""
    if m.role != "reviewer":
        return
    if phase is None:
        phase, deadline = m.phase, m.deadline
    if phase != "open":
        raise PermissionDeniedError(
            "意见征集尚未开始或已经结束" if phase == "preparing" else "意见征集已经结束",
            fix="请联系起草单位",
        )
    if deadline is not None and now() > deadline:
        raise PermissionDeniedError(f"已过意见截止时间（{deadline:%Y-%m-%d %H:%M} UTC）", fix="请联系起草单位")


def _target(v: drafts.Version, data: OpinionIn) -> dict[str, Any]:
    """The columns of the opinion's target on the laid-out version ``v``."""
    kind = data.target_kind or ("quote" if (data.quote.strip() or data.locator.strip()) else "whole")
    if kind not in TARGET_KINDS:
        raise InputError(f"意见对象“{kind}”无效", fix="可选：quote（引文）、whole（全文）、article（条款）、part（附件）")
    if kind == "whole":
        return {"target_kind": "whole", "anchor_version": v.number}
    if kind == "article":
        ref = data.target_ref.strip()
        if not _ARTICLE.match(ref):
            raise InputError(f"条款“{ref}”写法无效", fix="请写成“第八条”“第八条第一款”等形式")
        head = re.match(r"第[^条]+条", ref)
        assert head is not None
        if not any(b.text.startswith(head.group(0)) for p in v.draft.parts for b in p.blocks):
            raise AnchorError(f"草案中没有{head.group(0)}", fix="草案不是按条文写的，请选中原文或针对全文提意见")
        return {"target_kind": "article", "target_ref": ref, "anchor_version": v.number}
    if kind == "part":
        ref = data.target_ref.strip()
        if not v.draft.has_part(ref):
            labels = "、".join(p.label for p in v.draft.parts)
            raise AnchorError(f"草案中没有“{ref}”", fix=f"草案各部分：{labels}")
        return {"target_kind": "part", "target_ref": v.draft.part(ref).label, "anchor_version": v.number}
    quote = data.quote.strip()
    if not quote:  # a locator alone: the line it names
        lines = resolve(v.layout, data.locator.strip())
        quote = lines[0].text
        span = Span(lines[0].part_id, lines[0].block_index, lines[0].segments[0].start, lines[0].segments[-1].end)
    else:
        span, _ = drafts.anchor_quote(v, quote, data.locator.strip(), data.position)
    a = capture(v.draft, span)
    return {"target_kind": "quote", "quote": a.quote, "prefix": a.prefix, "suffix": a.suffix, "part_id": a.part_id,
            "block_index": a.block_index, "start_offset": a.start, "anchor_version": v.number,
            "anchor_status": "anchored"}  # fmt: skip


def _proposer(conn: Connection, m: Member, name: str) -> tuple[int, str, str]:
    """(id, name, kind) of who the opinion is from: a reviewer's own unit, or the leader or unit a recorder or
    the owner names (added to the review's proposers when new)."""
    if m.role == "reviewer":
        if m.proposer_id is None:
            raise PermissionDeniedError("你的账户没有登记所属单位", fix="请起草单位在成员页为你登记单位")
        return m.proposer_id, m.unit, m.proposer_kind
    name = name.strip()
    if not name:
        if m.proposer_id is not None and m.role == "owner":
            return m.proposer_id, m.unit, m.proposer_kind
        raise InputError("请写明提出意见的领导或单位", fix="如“周市长”或“市财政局”")
    for p in q.proposers_of(conn, m.review_id):
        if name in (p["name"], p["key"], *(p["aliases"] or [])):
            return int(p["id"]), str(p["name"]), str(p["kind"])
    kind = "leader" if m.role == "recorder" else "unit"
    return q.add_proposer(conn, m.review_id, name, name, kind, []), name, kind


def file_opinion(store: Store, actor: Actor, review_id: int, data: OpinionIn) -> dict[str, Any]:
    """File an opinion. The quote must be in the draft (else 422 with the nearest passage and its locator).

    One write transaction: the membership and phase, the anchoring, the opinion's number, the row and its
    audit event commit together or not at all. With an ``Idempotency-Key`` (``data.request_key``) a repeated
    request returns the first one's opinion instead of filing it again: the second INSERT fails on the unique
    (review, key) — also when the two race — and the first one's row is returned. The key is looked up only
    when a filing fails (a retry is rare; a lookup before every filing cost each one a statement), so a retry
    whose first request went through gets the first answer even if it would now be refused (the phase closed
    meanwhile, the draft changed)."""
    text = _check_text(data.text)
    proposed = _check_text(data.proposed, "建议修改的文字") if data.proposed.strip() else ""
    key = data.request_key.strip()[:100] or None
    try:
        with store.write() as conn:
            m = member(conn, actor, review_id, "file")
            _phase_open(m)
            v = drafts.version(conn, review_id, data.version, base=m.base)
            target = _target(v, data)
            proposer_id, unit, proposer_kind = _proposer(conn, m, data.proposer)
            row = q.insert_numbered_opinion(conn, {  # locks the review row until the commit
                **target,
                "review_id": review_id,
                "proposer_id": proposer_id,
                "author_id": actor.user_id,
                "recorded": m.role == "recorder",
                "text": text,
                "proposed": proposed,
                "request_key": key,
            })  # fmt: skip
            # closed meanwhile (read under the lock)? then the transaction rolls back: nothing is filed
            _phase_open(m, row.pop("review_phase"), row.pop("review_deadline"))
            row["unit"], row["proposer_kind"] = unit, proposer_kind
            audit(conn, actor, "opinion.create", "opinion", int(row["id"]), review_id, None, _audited(row))
            return view(conn, m, row, {(review_id, v.number): v})
    except (IntegrityError, CainaError):
        if key is None:
            raise
        first = _filed_before(store, actor, review_id, key)
        if first is None:
            raise
        return first


def _filed_before(store: Store, actor: Actor, review_id: int, key: str) -> dict[str, Any] | None:
    """The opinion that a request with Idempotency-Key ``key`` filed before, as the caller may see it; None if
    there is none. A key that another member's opinion holds is refused (its opinion is not shown)."""
    with store.read() as conn:
        row = q.opinion_by_request_key(conn, review_id, key)
        if row is None:
            return None
        m = member(conn, actor, review_id, "view")
        if row["author_id"] != actor.user_id or not m.sees(row):
            raise InputError(
                f"请求标识（Idempotency-Key）“{key}”已被本审议中的另一条意见使用",
                where="请求头 Idempotency-Key",
                fix="每次新的提交请用一个新的、不会重复的标识（如 UUID）；重试同一次提交时才沿用原标识",
            )
        return view(conn, m, row)


_AUDITED = ("number", "unit", "text", "proposed", "target_kind", "target_ref", "quote", "status", "disposition",
            "reason", "narrative", "duplicate_of", "assignee_id", "version")  # fmt: skip


def _audited(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in _AUDITED}


Versions = dict[tuple[int, int], drafts.Version]  # laid-out versions already looked up in this call


def locator_of(conn: Connection, row: dict[str, Any], seen: Versions | None = None) -> str:
    """The opinion's locator on the version it is anchored on (the base, re-anchored when a new draft was uploaded)."""
    kind = row["target_kind"]
    if kind == "whole":
        return "全文"
    if kind in ("article", "part"):
        return str(row["target_ref"])
    if row["anchor_status"] == "orphaned":
        return ""
    key = (int(row["review_id"]), int(row["anchor_version"]))
    seen = {} if seen is None else seen
    v = seen.get(key) or seen.setdefault(key, drafts.version(conn, *key))
    span = Span(row["part_id"], row["block_index"], row["start_offset"], row["start_offset"] + len(row["quote"]))
    return locate_text(v.layout, span)


def view(conn: Connection, m: Member | None, row: dict[str, Any], seen: Versions | None = None) -> dict[str, Any]:
    """An opinion as the API shows it."""
    return {
        "id": row["id"],
        "review_id": row["review_id"],
        "number": row["number"],
        "unit": row["unit"],
        "proposer_kind": row.get("proposer_kind", ""),
        "recorded": bool(row["recorded"]),
        "text": row["text"],
        "proposed": row["proposed"],
        "target": row["target_kind"],
        "target_label": TARGET_KINDS[row["target_kind"]],
        "quote": row["quote"],
        "locator": locator_of(conn, row, seen),
        "anchor_status": row["anchor_status"],
        "anchor_version": row["anchor_version"],
        "status": row["status"],
        "decision": row["disposition"],
        "decision_label": DECISION_LABELS.get(row["disposition"], row["disposition"]),
        "reason": row["reason"],
        "narrative": row["narrative"],
        "duplicate_of": row["duplicate_of"],
        "assignee_id": row["assignee_id"],
        "decided_at": row["decided_at"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "version": row["version"],
    }


def _narrowed(m: Member) -> dict[str, Any]:
    """What of a review's opinions a member sees, as :func:`caina.store.queries.opinions_of` narrows it:
    a reviewer its own unit's; a recorder what it recorded and the leaders'; owner and reader all."""
    if m.role == "reviewer":
        return {"proposer_id": m.proposer_id if m.proposer_id is not None else -1}
    if m.role == "recorder":
        return {"author_id": m.actor.user_id, "leaders": True}
    return {}


def list_opinions(store: Store, actor: Actor, review_id: int, *, unit: str = "", status: str = "", part: str = "",
                  page: int | None = None, include_withdrawn: bool = False) -> list[dict[str, Any]]:  # fmt: skip
    """The review's opinions the caller may see (a reviewer: its own unit's; owner and reader: all),
    filtered by unit, decision status, part (正文/附件N) and printed page."""
    with store.read() as conn:
        m = member(conn, actor, review_id, "view")
        rows = q.opinions_of(conn, review_id, **_narrowed(m))
        out = []
        seen: Versions = {}
        base = drafts.version(conn, review_id) if (part or page) else None
        for row in rows:
            if row["status"] == "withdrawn" and not include_withdrawn:
                continue
            if unit and row["unit"] != unit:
                continue
            if status and row["disposition"] != status:
                continue
            item = view(conn, m, row, seen)
            if base is not None:
                where = _where(base, row)
                if part and (where is None or where[0] != part):
                    continue
                if page and (where is None or where[1] != page):
                    continue
            out.append(item)
        return out


def page_view(store: Store, actor: Actor, review_id: int, number: int, version_number: int | None = None) -> dict[str, Any]:
    """The page view: the review as the header shows it, printed page ``number`` of a version (the base by
    default) and the opinions on it that the caller may see — active, anchored on that version, their quote
    starting on that page. Two reads without a transaction around them (``Store.lookups``: the page a reviewer
    views again and again costs no BEGIN and COMMIT); an opinion filed between the two is simply shown."""
    with store.lookups() as conn:
        m = member(conn, actor, review_id, "view")
        v = drafts.version(conn, review_id, version_number, base=m.base)
        page = drafts.page_of(v, number)
        # the 送审稿's notes that bear on its line numbers: the page view links to them (the review's 排版说明)
        notes = drafts.counting_notes(v) if m.base is not None and v.number == m.base["number"] else 0
        return {"review": header(m), "page": page, "opinions": _on_page(conn, m, v, number), "notes": notes}


def _on_page(conn: Connection, m: Member, v: drafts.Version, number: int) -> list[dict[str, Any]]:
    page = v.layout.pages[number - 1]
    blocks = [line.block_index for line in page.lines if line.part_id == page.part_id]
    if not blocks:
        return []
    rows = q.opinions_on_blocks(conn, m.review_id, v.number, page.part_id, min(blocks), max(blocks), **_narrowed(m))
    seen: Versions = {(m.review_id, v.number): v}
    out = []
    for row in rows:
        span = Span(row["part_id"], row["block_index"], row["start_offset"], row["start_offset"] + len(row["quote"]))
        lines = v.layout.lines_of_span(span)
        if lines and lines[0].page == number:
            out.append(view(conn, m, row, seen))
    return out


def _where(base: drafts.Version, row: dict[str, Any]) -> tuple[str, int] | None:
    """(part label, printed page) of an anchored quote on the base version."""
    if row["target_kind"] == "part":
        return str(row["target_ref"]), 0
    if row["target_kind"] != "quote" or row["anchor_status"] != "anchored" or row["anchor_version"] != base.number:
        return None
    span = Span(row["part_id"], row["block_index"], row["start_offset"], row["start_offset"] + len(row["quote"]))
    lines = base.layout.lines_of_span(span)
    if not lines:
        return None
    return base.draft.part(span.part_id).label, lines[0].page


def get_opinion(store: Store, actor: Actor, opinion_id: int) -> dict[str, Any]:
    with store.read() as conn:
        m, row = opinion_for(conn, actor, opinion_id)
        return view(conn, m, row)


def _stale(conn: Connection, m: Member, opinion_id: int) -> StaleVersionError:
    row = q.opinion(conn, opinion_id)
    assert row is not None
    current = view(conn, m, row)
    who = "他人"
    events = q.events(conn, m.review_id, "opinion", opinion_id)
    if events:
        who = events[-1]["actor"] or who
    return StaleVersionError(
        f"意见{row['number']}已被{who}修改（现为第{row['version']}版），你的保存基于旧版本，未覆盖",
        current=current,
        fix="请查看对方的修改后，在新版本上重新保存",
    )


def _save(conn: Connection, actor: Actor, m: Member, row: dict[str, Any], action: str, version: int | None,
          **values: Any) -> dict[str, Any]:  # fmt: skip
    """Update an opinion over the version the caller read (else 409), audit the change, return the new view."""
    if not q.update_opinion(conn, int(row["id"]), version, **values):
        raise _stale(conn, m, int(row["id"]))
    after = q.opinion(conn, int(row["id"]))
    assert after is not None
    audit(conn, actor, action, "opinion", int(row["id"]), m.review_id, _audited(row), _audited(after))
    return view(conn, m, after)


def edit_opinion(store: Store, actor: Actor, opinion_id: int, version: int, text: str | None = None,
                 proposed: str | None = None) -> dict[str, Any]:  # fmt: skip
    """A reviewer (or the recorder who recorded it) changes the wording of their own opinion while it is open."""
    with store.write() as conn:
        m, row = opinion_for(conn, actor, opinion_id, "file")
        _own(m, row)
        _phase_open(m)
        values: dict[str, Any] = {}
        if text is not None:
            values["text"] = _check_text(text)
        if proposed is not None:
            values["proposed"] = _check_text(proposed, "建议修改的文字") if proposed.strip() else ""
        return _save(conn, actor, m, row, "opinion.edit", version, **values)


def _own(m: Member, row: dict[str, Any]) -> None:
    if m.role == "owner":
        return
    if m.role == "reviewer" and row["proposer_id"] == m.proposer_id:
        return
    if m.role == "recorder" and row["author_id"] == m.actor.user_id:
        return
    raise PermissionDeniedError("只能修改或撤回本单位（或自己代录）的意见", fix="如需修改他人的意见，请联系起草单位")


def withdraw_opinion(store: Store, actor: Actor, opinion_id: int, version: int) -> dict[str, Any]:
    with store.write() as conn:
        m, row = opinion_for(conn, actor, opinion_id, "file")
        _own(m, row)
        _phase_open(m)
        if row["status"] == "withdrawn":
            return view(conn, m, row)
        return _save(conn, actor, m, row, "opinion.withdraw", version, status="withdrawn")


def parse_decision(word: str) -> str:
    """A decision in the API's vocabulary; the Chinese words of review.yaml are understood too."""
    word = (word or "").strip()
    if is_duplicate_word(word):
        return "duplicate"
    disp = parse_disposition(word)
    if disp is None:
        raise InputError(
            f"采纳情况“{word}”无效",
            fix="可选：adopted（全部采纳）、partially_adopted（部分采纳）、not_adopted（不予采纳）、"
            "already_reflected（已有体现）、referred（转有关部门研究）、duplicate（重复意见）、pending（待定）",
        )
    return disp.value


def decide(store: Store, actor: Actor, opinion_id: int, decision: str, reason: str, version: int, *,
           duplicate_of: int | None = None, narrative: str | None = None) -> dict[str, Any]:  # fmt: skip
    """The owner's decision on an opinion, saved only over the version the owner saw (else 409)."""
    decision = parse_decision(decision)
    reason = (reason or "").strip()
    with store.write() as conn:
        m, row = opinion_for(conn, actor, opinion_id, "decide")
        if row["version"] != version:  # someone saved first: say so before judging the new decision
            raise _stale(conn, m, opinion_id)
        if row["status"] == "withdrawn":
            raise InputError(f"意见{row['number']}已被撤回，不能作出采纳决定", fix="撤回的意见不计入报告")
        values: dict[str, Any] = {"disposition": decision, "reason": reason, "duplicate_of": None}
        if decision == "duplicate":
            values["duplicate_of"] = _original(conn, row, duplicate_of)
        else:
            disp = Disposition(decision)
            if disp.requires_reason and not reason:  # the rule of review.yaml (Disposition.requires_reason)
                raise InputError(f"“{disp.label}”的意见必须写明理由", fix="请填写理由（reason）后再保存")
            if not disp.allows_edits and _linked(conn, row):
                raise InputError(
                    f"意见{row['number']}已关联修改，“{disp.label}”的意见不能关联修改",
                    fix="请先在“修改”页取消关联或删除这些修改",
                )
        if narrative is not None:
            values["narrative"] = narrative.strip()
        values["decided_by"] = actor.user_id
        values["decided_at"] = now()
        return _save(conn, actor, m, row, "opinion.decide", version, **values)


def _linked(conn: Connection, row: dict[str, Any]) -> bool:
    return any(link["opinion_id"] == row["id"] for link in q.links_of(conn, row["review_id"]))


def _original(conn: Connection, row: dict[str, Any], duplicate_of: int | None) -> int:
    if not duplicate_of:
        raise InputError("重复意见须写明与哪一条意见重复", fix="请给出 duplicate_of（那条意见的 id）")
    first = q.opinion(conn, duplicate_of)
    if first is None or first["review_id"] != row["review_id"] or first["status"] != "active":
        raise NotFoundError(f"意见 {duplicate_of} 不在本审议中", fix="请选择本审议中的另一条意见")
    if first["id"] == row["id"] or first["disposition"] == "duplicate":
        raise InputError("重复意见应指向一条非重复的意见", fix="请选择最先提出该意见的那一条")
    if _linked(conn, row):
        raise InputError(f"意见{row['number']}已关联修改，重复意见不能关联修改", fix="请把修改关联到它所重复的那条意见")
    return int(first["id"])


def assign(store: Store, actor: Actor, opinion_id: int, username: str, version: int) -> dict[str, Any]:
    """Give an opinion to a member of the drafting office to prepare its decision."""
    with store.write() as conn:
        m, row = opinion_for(conn, actor, opinion_id, "decide")
        assignee = None
        if username.strip():
            user = q.user_by_name(conn, username.strip())
            mem = q.member(conn, m.review_id, user["id"]) if user else None
            if user is None or mem is None or mem["role"] != "owner":
                raise InputError(f"“{username}”不是本审议起草单位的成员", fix="只能分派给起草单位的成员")
            assignee = int(user["id"])
        return _save(conn, actor, m, row, "opinion.assign", version, assignee_id=assignee)


def deadline_text(deadline: dt.datetime | None) -> str:
    return f"{deadline:%Y-%m-%d %H:%M} UTC" if deadline else ""
