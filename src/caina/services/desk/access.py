"""Who may do what in a review: the one table of rights, checked by every desk service.

Roles per review (``members.role``): 起草单位 ``owner`` (decides, edits, publishes),
意见单位 ``reviewer`` (one or more accounts per unit: files and manages its own unit's
opinions while the phase is open), 记录员 ``recorder`` (records leaders' spoken opinions on
their behalf) and 只读 ``reader``. Someone who is not a member gets 404 for everything of
the review — they may not even learn that it exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from caina.errors import NotFoundError, PermissionDeniedError
from caina.store import queries as q

ROLES = ("owner", "reviewer", "recorder", "reader")
ROLE_LABELS = {"owner": "起草单位", "reviewer": "意见单位", "recorder": "记录员", "reader": "只读"}

# action → roles allowed (the only place rights are written down; docs/api.md copies it)
RIGHTS: dict[str, frozenset[str]] = {
    "view": frozenset(ROLES),  # the review, its pages, versions, locate/resolve
    "file": frozenset({"owner", "reviewer", "recorder"}),  # file opinions
    "decide": frozenset({"owner"}),  # decisions, assignment, duplicates, edits, apply, phase
    "manage": frozenset({"owner"}),  # members, invites, new draft versions
    "report": frozenset({"owner", "recorder", "reader"}),  # report, outputs, 意见汇总表, case export
    "audit": frozenset({"owner"}),
}
ACTION_LABELS = {
    "view": "查看本审议",
    "file": "提交意见",
    "decide": "作出采纳决定、修改草案",
    "manage": "管理成员和草案版本",
    "report": "查看和下载报告",
    "audit": "查看审计记录",
}


@dataclass(frozen=True)
class Actor:
    """A logged-in user (or the CLI acting for one)."""

    user_id: int
    username: str
    display_name: str = ""
    is_admin: bool = False

    @property
    def name(self) -> str:
        return self.display_name or self.username

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Actor:
        return cls(int(row["id"]), str(row["username"]), str(row["display_name"] or ""), bool(row["is_admin"]))


@dataclass(frozen=True)
class Member:
    review_id: int
    actor: Actor
    role: str
    proposer_id: int | None
    unit: str  # a reviewer's unit ("市财政局"), else ""
    proposer_kind: str = ""  # the unit's kind (unit | leader | person), "" without one
    # the review as read with the membership, in the same transaction (one query for what every request checks)
    title: str = ""
    phase: str = ""
    deadline: dt.datetime | None = None
    base: dict[str, Any] | None = None  # the base version's row, read with the membership (None: no draft yet)

    @classmethod
    def from_row(cls, actor: Actor, row: dict[str, Any]) -> Member:
        """From :func:`caina.store.queries.member`'s row."""
        base = {k.removeprefix("base__"): v for k, v in row.items() if k.startswith("base__")}
        return cls(int(row["review_id"]), actor, str(row["role"]), row["proposer_id"], str(row["unit"] or ""),
                   str(row["proposer_kind"] or ""), str(row["review_title"]), str(row["review_phase"]),
                   row["review_deadline"], base if base.get("id") is not None else None)  # fmt: skip

    def can(self, action: str) -> bool:
        return self.role in RIGHTS[action]

    def require(self, action: str) -> None:
        if not self.can(action):
            raise PermissionDeniedError(
                f"你在本审议中的角色是“{ROLE_LABELS[self.role]}”，不能{ACTION_LABELS[action]}",
                fix="如需此权限，请联系起草单位",
            )

    def sees(self, opinion: dict[str, Any]) -> bool:
        """Whether this member may see an opinion at all (else it is 404 to them)."""
        if self.role in ("owner", "reader"):
            return True
        if self.role == "reviewer":
            return opinion["proposer_id"] == self.proposer_id
        # recorder: what it recorded, and the leaders' opinions
        return opinion["author_id"] == self.actor.user_id or opinion.get("proposer_kind") == "leader"


def review_not_found(review_id: int) -> NotFoundError:
    return NotFoundError(f"审议 {review_id} 不存在，或你不是它的成员", fix="请从首页“我的审议”进入，或请起草单位邀请你")


def member(conn: Connection, actor: Actor, review_id: int, action: str = "view") -> Member:
    """The actor's membership of a review, checked for ``action`` (404 for non-members, 403 for the role)."""
    row = q.member(conn, review_id, actor.user_id)
    if row is None:
        raise review_not_found(review_id)
    m = Member.from_row(actor, row)
    m.require(action)
    return m


def opinion_for(conn: Connection, actor: Actor, opinion_id: int, action: str = "view") -> tuple[Member, dict[str, Any]]:
    """An opinion and the actor's membership: 404 when the actor may not see it, 403 when it may see but not act."""
    row = q.opinion(conn, opinion_id)
    missing = NotFoundError(f"意见 {opinion_id} 不存在，或你无权查看", fix="请从意见列表进入")
    if row is None:
        raise missing
    mrow = q.member(conn, row["review_id"], actor.user_id)
    if mrow is None:
        raise missing
    m = Member.from_row(actor, mrow)
    if not m.sees(row):
        raise missing
    m.require(action)
    return m, row


def audit(
    conn: Connection,
    actor: Actor | None,
    action: str,
    item_type: str,
    item_id: int | None,
    review_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Append one event to the audit log, in the caller's transaction."""
    q.add_event(
        conn,
        {
            "review_id": review_id,
            "actor_id": actor.user_id if actor else None,
            "actor": actor.name if actor else "系统",
            "action": action,
            "item_type": item_type,
            "item_id": item_id,
            "before": _plain(before),
            "after": _plain(after),
        },
    )


def _plain(row: dict[str, Any] | None) -> dict[str, Any] | None:
    """A row as JSON can hold it (timestamps as ISO text)."""
    if row is None:
        return None
    return {k: (v.isoformat() if isinstance(v, dt.datetime | dt.date) else v) for k, v in row.items()}
