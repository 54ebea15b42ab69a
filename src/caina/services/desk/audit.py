"""The audit log: every change to an opinion, decision, edit, version or membership (who, when,
before, after), per item or for the whole review, and as CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from caina.services.desk.access import Actor, member, opinion_for
from caina.store import Store
from caina.store import queries as q

ACTIONS = {
    "review.create": "创建审议", "review.phase": "改变征集阶段", "version.upload": "上传草案", "version.apply": "应用修改生成新版本",
    "member.add": "添加成员", "member.change": "修改成员", "member.remove": "移除成员", "member.join": "通过邀请加入",
    "invite.create": "发出邀请", "opinion.create": "提交意见", "opinion.import": "导入意见", "opinion.edit": "修改意见",
    "opinion.withdraw": "撤回意见", "opinion.decide": "作出采纳决定", "opinion.assign": "分派意见",
    "opinion.reanchor": "在新版本上重新定位", "edit.create": "添加修改", "edit.update": "更新修改", "edit.delete": "删除修改",
    "edit.import": "导入修改",
}  # fmt: skip


def _view(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "at": row["at"], "actor": row["actor"], "action": row["action"],
            "action_label": ACTIONS.get(row["action"], row["action"]), "item_type": row["item_type"],
            "item_id": row["item_id"], "before": row["before"], "after": row["after"]}  # fmt: skip


def events(store: Store, actor: Actor, review_id: int, item_type: str | None = None, item_id: int | None = None) -> list[dict[str, Any]]:
    with store.read() as conn:
        if item_type == "opinion" and item_id is not None:
            m, _ = opinion_for(conn, actor, item_id)
            m.require("audit")
        else:
            member(conn, actor, review_id, "audit")
        return [_view(r) for r in q.events(conn, review_id, item_type, item_id)]


def csv_text(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["id", "时间", "操作人", "操作", "对象", "对象id", "修改前", "修改后"])
    for r in rows:
        cells = [r["id"], r["at"].isoformat(), r["actor"], r["action"], r["item_type"], r["item_id"] or "",
                 json.dumps(r["before"], ensure_ascii=False) if r["before"] is not None else "",
                 json.dumps(r["after"], ensure_ascii=False) if r["after"] is not None else ""]  # fmt: skip
        w.writerow([_inert(c) for c in cells])
    return "\ufeff" + buf.getvalue()  # BOM: Excel opens UTF-8 CSV correctly


def _inert(value: Any) -> Any:
    """CSV cells that a spreadsheet would run as formulas get a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value
