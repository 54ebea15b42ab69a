"""Edits (修改): what changes in the draft, anchored by quote, applied as a new version.

An :class:`Edit` is what a report narrates as one 处 ("一是……"): one or more
:class:`Change` operations (the main text and, say, the matching cell of 附件1),
linked to the opinions that asked for it or to the drafting office's own
proofreading. :func:`place` anchors every change on the reviewed version,
:func:`check_conflicts` refuses overlapping changes that disagree, and
:func:`apply` produces the revised version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from caina.core.anchoring import Locate, Scope, anchor
from caina.core.model import CELL_SEP, Block, BlockKind, Draft, Part
from caina.core.pages import Span
from caina.errors import AnchorError, EditConflictError


class Op(StrEnum):
    REPLACE = "replace"
    INSERT_BEFORE = "insert_before"
    INSERT_AFTER = "insert_after"
    DELETE = "delete"
    SET_COLUMN = "set_column"  # every body cell of a table column becomes ``new``


@dataclass(frozen=True, slots=True)
class Change:
    op: Op
    quote: str  # the anchor text (for SET_COLUMN: the column header)
    new: str = ""
    part: str = "正文"
    scope: Scope = Scope.ONE
    context: str = ""
    occurrence: int = 0
    origin: str = ""  # where it was written, for messages ("review.yaml 第40行")


@dataclass(frozen=True, slots=True)
class Edit:
    id: str
    changes: tuple[Change, ...]
    intro: str = ""  # said before the narration ("经征求市工信委意见，")
    note: str = ""  # said after it ("，突出……")
    reason: str = ""  # 理由 (the office's own edits)
    summary: str = ""  # narration that replaces the computed one ("规范修改完善……标点符号")
    as_proposed: bool = False  # the opinion already says what changes
    origin: str = ""


@dataclass(frozen=True, slots=True)
class Placed:
    """One change at one place of the reviewed version."""

    edit_id: str
    change_index: int
    op: Op
    anchor: Span  # the quoted text (what a narration cites)
    target: Span  # the range replaced (empty for an insertion)
    old: str
    new: str

    @property
    def is_insert(self) -> bool:
        return self.target.start == self.target.end and self.op in (Op.INSERT_BEFORE, Op.INSERT_AFTER)


def _column_spans(draft: Draft, change: Change, where: str) -> list[Span]:
    if not draft.has_part(change.part):
        raise AnchorError(f"草案中没有“{change.part}”", where=where, fix="请核对 part")
    part = draft.part(change.part)
    spans: list[Span] = []
    seen_header: set[int] = set()
    col: dict[int, int] = {}
    for i, block in enumerate(part.blocks):
        if block.kind is not BlockKind.TABLE_ROW:
            continue
        if block.table_id not in seen_header:
            seen_header.add(block.table_id)
            cells = block.cells
            if change.quote in cells:
                col[block.table_id] = cells.index(change.quote)
            continue
        if block.table_id not in col:
            continue
        c = col[block.table_id]
        start = 0
        for j, cell in enumerate(block.cells):
            if j == c and cell.strip():
                spans.append(Span(part.id, i, start, start + len(cell)))
            start += len(cell) + len(CELL_SEP)
    if not col:
        headers = sorted({h for b in part.blocks if b.kind is BlockKind.TABLE_ROW and b.header for h in b.cells})
        raise AnchorError(
            f"{part.label}的表格中没有“{change.quote}”一栏",
            quote=change.quote,
            where=where,
            fix=f"请写成表头中已有的栏目名：{'、'.join(headers) or '（该部分没有表格）'}",
        )
    return spans


def place_change(
    draft: Draft, edit_id: str, index: int, change: Change, locate: Locate | None = None
) -> list[Placed]:
    where = change.origin or f"修改 {edit_id}"
    if change.op is Op.SET_COLUMN:
        spans = _column_spans(draft, change, where)
        out = []
        for s in spans:
            old = draft.part(s.part_id).blocks[s.block_index].text[s.start : s.end]
            if old != change.new:
                out.append(Placed(edit_id, index, change.op, s, s, old, change.new))
        return out
    spans = anchor(
        draft,
        change.quote,
        part=change.part,
        context=change.context,
        occurrence=change.occurrence,
        scope=change.scope,
        where=where,
        locate=locate,
    )
    placed = []
    for s in spans:
        if change.op is Op.INSERT_BEFORE:
            target = Span(s.part_id, s.block_index, s.start, s.start)
            old = ""
        elif change.op is Op.INSERT_AFTER:
            target = Span(s.part_id, s.block_index, s.end, s.end)
            old = ""
        else:
            target, old = s, change.quote
        new = "" if change.op is Op.DELETE else change.new
        placed.append(Placed(edit_id, index, change.op, s, target, old, new))
    return placed


def place(draft: Draft, edits: Iterable[Edit], locate: Locate | None = None) -> list[Placed]:
    """Anchor every change of every edit on ``draft`` (the reviewed version)."""
    out: list[Placed] = []
    for edit in edits:
        for i, change in enumerate(edit.changes):
            out.extend(place_change(draft, edit.id, i, change, locate))
    return out


def _overlap(a: Placed, b: Placed) -> bool:
    ta, tb = a.target, b.target
    if (ta.part_id, ta.block_index) != (tb.part_id, tb.block_index):
        return False
    if a.is_insert and b.is_insert:
        return ta.start == tb.start and a.op == b.op
    if a.is_insert:
        return tb.start < ta.start < tb.end
    if b.is_insert:
        return ta.start < tb.start < ta.end
    return ta.start < tb.end and tb.start < ta.end


def check_conflicts(
    placed: list[Placed],
    owner: Callable[[str], str] = lambda edit_id: f"修改 {edit_id}",
    locate: Locate | None = None,
) -> list[Placed]:
    """Refuse overlapping changes that disagree; drop exact duplicates. Returns the changes to apply."""
    kept: list[Placed] = []
    by_block: dict[tuple[str, int], list[Placed]] = {}
    for p in placed:
        key = (p.target.part_id, p.target.block_index)
        clash = None
        duplicate = False
        for q in by_block.get(key, []):
            if not _overlap(p, q):
                continue
            if q.target == p.target and q.new == p.new:
                duplicate = True
                break
            clash = q
            break
        if duplicate:
            continue
        if clash is not None:
            first, second = owner(clash.edit_id), owner(p.edit_id)
            loc = locate(clash.anchor) if locate else ""
            quoted = clash.old or p.old or "（插入位置）"
            raise EditConflictError(
                f"修改相互冲突：{first}和{second}都要改{loc}“{quoted}”，改法不同"
                f"（一为{_how(clash)}，一为{_how(p)}）",
                first=first,
                second=second,
                where=loc,
            )
        by_block.setdefault(key, []).append(p)
        kept.append(p)
    return kept


def _how(p: Placed) -> str:
    """How a placed change changes its text, for a conflict message."""
    if p.op is Op.DELETE or not p.new:
        return f"删去“{p.old}”"
    if p.is_insert:
        return f"{'之前' if p.op is Op.INSERT_BEFORE else '之后'}增加“{p.new}”"
    return f"改为“{p.new}”"


def apply(draft: Draft, placed: list[Placed]) -> Draft:
    """The revised version: every placed change applied (call :func:`check_conflicts` first)."""
    by_block: dict[tuple[str, int], list[Placed]] = {}
    for p in placed:
        by_block.setdefault((p.target.part_id, p.target.block_index), []).append(p)
    parts = []
    for part in draft.parts:
        blocks = list(part.blocks)
        for (part_id, index), changes in by_block.items():
            if part_id != part.id:
                continue
            text = blocks[index].text
            # right to left; at one position, replacements before insertions
            order = sorted(
                enumerate(changes),
                key=lambda ic: (ic[1].target.start, 0 if ic[1].is_insert else 1, ic[0]),
                reverse=True,
            )
            for _, c in order:
                text = text[: c.target.start] + c.new + text[c.target.end :]
            blocks[index] = _with_text(blocks[index], text)
        parts.append(Part(part.id, part.label, tuple(blocks)))
    return draft.with_parts(tuple(parts))


def _with_text(block: Block, text: str) -> Block:
    return Block(
        kind=block.kind,
        text=text,
        style=block.style,
        col_widths=block.col_widths,
        header=block.header,
        table_id=block.table_id,
        ref=block.ref,
    )


def edits_by_id(edits: Iterable[Edit]) -> dict[str, Edit]:
    return {e.id: e for e in edits}


__all__ = ["Op", "Change", "Edit", "Placed", "Scope", "place", "place_change", "check_conflicts", "apply"]
