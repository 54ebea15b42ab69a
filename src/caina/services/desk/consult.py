"""The public consultation of a desk review, for the web: its statistics and charts, the drill-down from an
article to its groups and their comments, and the owner's decisions per group.

A consultation belongs to a review (``caina consult import REVIEW_ID …`` or ``caina consult attach``); every
function here checks the actor's membership of that review first (``view`` to read — a non-member gets 404 —
and ``decide`` to decide, the owner's right), then calls :mod:`caina.services.consult` on the same database.
"""

from __future__ import annotations

from typing import Any

from caina.core.consult.charts import horizontal_bars, vertical_bars
from caina.core.consult.report import DECISION_ORDER, DECISION_WORDS, decision_counts
from caina.core.consult.summary import split_units
from caina.errors import NotFoundError
from caina.services import consult
from caina.services.desk.access import Actor, member
from caina.store import Store
from caina.store.consult import ConsultStore, consult_store

__all__ = ["overview", "article_groups", "group", "decide", "DECISIONS", "PAGE"]

PAGE = 50  # groups or comments per page
# the choices of the decision form: caina's vocabulary, worded as the report words them
DECISIONS = {d: DECISION_WORDS[d] for d in DECISION_ORDER}


def _open(store: Store, actor: Actor, review_id: int, action: str = "view") -> tuple[ConsultStore, str | None, str]:
    """The consultation store, the consultation's name (None: the review has none) and the actor's role."""
    with store.read() as conn:
        role = member(conn, actor, review_id, action).role
    cs = consult_store(store)
    return cs, cs.consultation_of(review_id), role


def _required(name: str | None, review_id: int) -> str:
    if name is None:
        raise NotFoundError(f"审议 {review_id} 没有关联公开征求意见",
                            fix=f"请在命令行导入：caina consult import {review_id} 意见.csv，再 caina consult analyse {review_id}")  # fmt: skip
    return name


def _statistics(cs: ConsultStore, name: str) -> tuple[dict[str, Any], bool]:
    """The statistics of the last analysis, and whether comments were imported since (then recounted as of now)."""
    info = cs.review_info(name) or {}
    if info.get("stale") and info.get("analysed_at") is not None:
        return consult.stats(cs, name, top=20, allow_stale=True), True
    return consult.summary(cs, name), False


def overview(store: Store, actor: Actor, review_id: int) -> dict[str, Any]:
    """What the consultation page shows: counts, the two charts, decisions counted per group, the largest groups.
    ``name`` is None when the review has no consultation; ``analysed`` False before ``caina consult analyse``."""
    cs, name, role = _open(store, actor, review_id)
    if name is None:
        return {"name": None, "review_id": review_id, "role": role}
    info = cs.review_info(name) or {}
    if info.get("analysed_at") is None:
        return {"name": name, "review_id": review_id, "role": role, "analysed": False, "comments": cs.count(name)}
    data, stale = _statistics(cs, name)
    decided = consult.decided_groups(cs, name)
    per, undecided = decision_counts([(str(d["disposition"]), int(d["size"] or 0)) for d in decided.values()],
                                     int(data["group_count"]), int(data["comments"]))  # fmt: skip
    articles = [(k, int(v)) for k, v in data["by_article"].items() if v]
    days = sorted((k, int(v)) for k, v in data["by_day"].items() if k[:4].isdigit())
    undated = sum(int(v) for k, v in data["by_day"].items() if not k[:4].isdigit())
    return {
        "name": name, "review_id": review_id, "role": role, "analysed": True, "stale": stale,
        "draft_title": str(info.get("draft_title") or ""), "analysed_at": info.get("analysed_at"),
        "stats": data, "decided": [{"decision": d, "label": DECISION_WORDS[d], "groups": g, "comments": c} for d, g, c in per],
        "undecided": {"groups": undecided[0], "comments": undecided[1]},
        "article_chart": horizontal_bars(articles), "day_chart": vertical_bars([(k[5:], v) for k, v in days]),
        "days": days, "undated": undated,
        "largest": [{**g, "label": DECISIONS.get(str(decided[g["id"]]["disposition"]), "") if g["id"] in decided else "待定"}
                    for g in data["groups"]],
    }  # fmt: skip


def article_groups(store: Store, actor: Actor, review_id: int, article: str = "", after: int = 0, limit: int = PAGE) -> dict[str, Any]:
    """The groups about ``article`` (第十条, 附件2, 总体; all groups when empty), largest first, a page after group
    ``after``; ``next`` is the ``after`` of the next page (None on the last)."""
    cs, name, role = _open(store, actor, review_id)
    name = _required(name, review_id)
    limit = max(1, min(int(limit), 500))
    rows = consult.group_rows(cs, name, article=article, after=after, limit=limit + 1)
    groups, total = cs.group_count(name, article.strip())
    more = len(rows) > limit
    rows = rows[:limit]
    return {"name": name, "review_id": review_id, "role": role, "article": article.strip(), "groups": rows,
            "group_total": groups, "comment_total": total, "after": after,
            "next": rows[-1]["group"] if more and rows else None, "decisions": DECISIONS}  # fmt: skip


def group(store: Store, actor: Actor, review_id: int, group_no: int, after: int = 0, limit: int = PAGE) -> dict[str, Any]:
    """One group: its representative comment, articles, decision, and a page of its comments after comment ``after``."""
    cs, name, role = _open(store, actor, review_id)
    name = _required(name, review_id)
    g = cs.group(name, group_no)
    if g is None:
        raise NotFoundError(f"没有第{group_no}组", fix="请从征求意见页进入")
    limit = max(1, min(int(limit), 500))
    comments = cs.group_comments(name, group_no, after=after, limit=limit + 1)
    more = len(comments) > limit
    comments = comments[:limit]
    d = consult.decided_groups(cs, name).get(group_no)
    decision = {"decision": str(d["disposition"]), "label": DECISIONS.get(str(d["disposition"]), ""),
                "reason": str(d["reason"] or ""), "version": int(d["version"]),
                "duplicate_of": int(d["duplicate_of"]) if d["duplicate_of"] is not None else None,
                "decided_by": str(d["decided_by_name"] or ""), "decided_at": d["decided_at"]} if d else None  # fmt: skip
    return {
        "name": name, "review_id": review_id, "role": role, "group": int(g["group_no"]), "size": int(g["size"]),
        "kind": str(g["kind"]), "articles": split_units(str(g["units"])), "representative": str(g["representative"]),
        "representative_id": str(g["representative_id"]), "decision": decision, "version": decision["version"] if decision else 0,
        "comments": [{**c, "articles": split_units(str(c["units"]))} for c in comments], "after": after,
        "next": int(comments[-1]["seq"]) if more and comments else None, "decisions": DECISIONS,
    }  # fmt: skip


def decide(
    store: Store, actor: Actor, review_id: int, group_no: int, decision: str, reason: str, version: int,
    duplicate_of: int | None = None,
) -> dict[str, Any]:  # fmt: skip
    """The owner's decision on a group, over the version the owner saw (another save in between: 409 with the
    decision as it is now); audited. ``pending`` withdraws the decision."""
    cs, name, _role = _open(store, actor, review_id, "decide")
    name = _required(name, review_id)
    saved = consult.decide(cs, name, group_no, decision, reason, duplicate_of=duplicate_of, version=version, actor=actor)
    return {"group": saved.group, "decision": saved.decision, "label": DECISIONS.get(saved.decision, "待定"),
            "reason": saved.reason, "version": saved.version}  # fmt: skip

