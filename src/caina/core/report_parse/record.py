"""Turn a parsed report into a :class:`~caina.core.decisions.ReviewRecord` (what review.yaml holds).

Pure. With the draft (and its layout) every quotation is checked: a quote not
found but whose cited locator holds a near match is corrected to the draft's
text (with a warning naming the locator and both texts); a quote found at
several places gets ``occurrence`` (chosen by its locator) or ``context`` so
that it anchors; changes that still cannot be anchored, or that conflict with
an earlier one, are left out with a warning. Without the draft the quotes are
taken as written.

What review.yaml cannot express is reported in ``notes`` (written as comments
at the top of review.yaml): summary-only edits ("规范修改完善……标点符号"),
duplicates (recorded as 不予采纳 with the wording as reason), changes
without an old text (a whole 条 rewritten), moves.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from caina.core.anchoring import Scope, anchor, nearest, occurrences
from caina.core.decisions import (
    Decision,
    Disposition,
    Opinion,
    Proposer,
    ProposerKind,
    Review,
    ReviewKind,
    ReviewRecord,
    Target,
)
from caina.core.edits import Change, Edit, Op, Placed, check_conflicts, place
from caina.core.locators import locate_text, resolve
from caina.core.model import BlockKind, Draft, derive_short_name
from caina.core.pages import Layout, Line, Span
from caina.core.report_parse.changes import citations, find_changes
from caina.core.report_parse.model import ParsedEdit, ParsedOpinion, ParsedReport
from caina.core.report_parse.text import to_int
from caina.core.report_parse.vocab import proposer_kind
from caina.errors import CainaError

_KINDS = {"常务会审议": ReviewKind.STANDING_MEETING, "公开征求意见": ReviewKind.PUBLIC, "书面征求意见": ReviewKind.WRITTEN}
_DISPOSITIONS = {
    "adopted": Disposition.ADOPTED, "partially_adopted": Disposition.PARTIALLY_ADOPTED,
    "not_adopted": Disposition.NOT_ADOPTED, "already_reflected": Disposition.ALREADY_REFLECTED,
    "referred": Disposition.REFERRED, "duplicate": Disposition.NOT_ADOPTED,
}  # fmt: skip
_OPS = {"replace": Op.REPLACE, "insert_before": Op.INSERT_BEFORE, "insert_after": Op.INSERT_AFTER, "delete": Op.DELETE}
NO_REASON = "（原报告未写明理由，请补充）"
_MIN_NEAR_AT_LOCATOR = 75.0
_MIN_NEAR_ANYWHERE = 90.0


@dataclass
class Conversion:
    record: ReviewRecord
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what review.yaml cannot express


class _Converter:
    def __init__(self, report: ParsedReport, draft: Draft | None, layout: Layout | None) -> None:
        self.report, self.draft, self.layout = report, draft, layout
        self.warnings: list[str] = []
        self.notes: list[str] = []
        self.short = report.review.get("short_name") or ""
        self.edits: list[Edit] = []
        self.placed: list[Placed] = []
        self.checked = self.missing = 0  # quotes checked against the draft, and not found there
        self.opinion_edits: dict[int, tuple[str, ...]] = {}  # opinion number → its edit ids

    # -- text -------------------------------------------------------------
    def summary_edit(self, eid: str, group: list[ParsedEdit]) -> Edit:
        """An edit told only in summary ("规范修改完善……的部分标点符号"): counted, narrated, changes nothing."""
        last = group[-1]
        edit = Edit(
            id=eid,
            changes=(),
            summary=self.doc("；".join(pe.text.rstrip("。；") for pe in group)),
            reason=self.doc(last.reason or ""),
        )
        self.edits.append(edit)
        return edit

    def doc(self, text: str) -> str:
        text = text.replace("{", "｛").replace("}", "｝")
        if self.short:
            text = text.replace(self.short, "{doc}")
        return text

    def locate(self, span: Span) -> str:
        assert self.layout is not None
        return locate_text(self.layout, span)

    # -- quotes against the draft -----------------------------------------
    def _lines(self, locator: str | None) -> tuple[Line, ...]:
        if not locator or self.layout is None:
            return ()
        try:
            return resolve(self.layout, locator)
        except CainaError:
            return ()

    def _article_blocks(self, part_id: str, locator: str | None) -> set[int]:
        """Blocks of the article a "第八条第一款" locator names (a draft written as articles)."""
        m = re.match(r"(第[〇零一二两三四五六七八九十百千0-9]+条)", locator or "")
        if not m or self.draft is None:
            return set()
        blocks = self.draft.part(part_id).blocks
        start = next((i for i, b in enumerate(blocks) if b.text.startswith(m.group(1))), None)
        if start is None:
            return set()
        end = next((i for i in range(start + 1, len(blocks)) if re.match(r"第[〇零一二两三四五六七八九十百千0-9]+条", blocks[i].text)), len(blocks))
        return set(range(start, end))

    def _near(self, quote: str, part_label: str, locator: str | None) -> tuple[str, float] | None:
        assert self.draft is not None
        part = self.draft.part(part_label)
        best: tuple[str, float] | None = None
        windows: list[str] = []
        for line in self._lines(locator):
            if line.part_id != part.id or not line.segments:
                continue
            text = part.blocks[line.block_index].text
            a, b = line.segments[0].start, line.segments[-1].end
            windows.append(text[max(0, a - len(quote)) : b + len(quote) + 4])
        for i in self._article_blocks(part.id, locator):
            windows.append(part.blocks[i].text)
        for w in windows:
            al = fuzz.partial_ratio_alignment(quote, w)
            if al is None:
                continue
            s, e = _widen(quote, w, al.dest_start, al.dest_end)
            score = fuzz.ratio(quote, w[s:e])
            if best is None or score > best[1]:
                best = (w[s:e], score)
        if best and best[1] >= _MIN_NEAR_AT_LOCATOR:
            return best
        near = nearest([part], quote)
        if near and near[2] >= _MIN_NEAR_ANYWHERE:
            return near[1], near[2]
        return None

    def fix_quote(self, quote: str, part: str, locator: str | None, where: str) -> tuple[str, int] | None:
        """(the quote as in the draft, occurrence) — or None when it cannot be anchored."""
        if self.draft is None:
            return quote, 0
        if not self.draft.has_part(part):
            labels = "、".join(p.label for p in self.draft.parts)
            self.warnings.append(f"{where}：草案中没有“{part}”（草案各部分：{labels}），该处未导入")
            return None
        p = self.draft.part(part)
        spans = occurrences(p, quote)
        self.checked += 1
        if not spans:
            near = self._near(quote, part, locator)
            if near is None:
                self.missing += 1
                self.warnings.append(f"{where}：引文“{quote}”在草案{part}中找不到，也没有相近的原文，该处未导入")
                return None
            fixed = near[0]
            at = locator or part
            self.warnings.append(f"{where}：{at}的引文“{quote}”与草案不符，已按草案原文改为“{fixed}”（相似度{near[1]:.0f}）")
            quote, spans = fixed, occurrences(p, fixed)
            if not spans:
                return None
        if len(spans) == 1:
            return quote, 0
        lines = set(self._lines(locator))
        article = self._article_blocks(p.id, locator)
        for k, s in enumerate(spans, 1):
            if (lines and self.layout and set(self.layout.lines_of_span(s)) & lines) or s.block_index in article:
                return quote, k
        shown = "、".join(self.locate(s) for s in spans[:6]) if self.layout else f"{len(spans)}处"
        self.warnings.append(f"{where}：引文“{quote}”在草案中出现{len(spans)}处（{shown}），无法按定位确定，取第一处")
        return quote, 1

    # -- edits --------------------------------------------------------------
    def change(self, pe: ParsedEdit, prev: Change | None, where: str) -> list[Change]:
        part = pe.part or "正文"
        if pe.kind == "column" and pe.new is None:
            return self._follow(pe, prev, where)
        if pe.kind == "column":
            if self.draft is None or self._has_column(part, pe.old or ""):
                return [Change(Op.SET_COLUMN, pe.old or "", pe.new or "", part=part)]
            if not pe.quoted:
                self.warnings.append(f"{where}：{part}的表格中没有“{pe.old}”一栏，该处未导入")
                return []
        op = Op.REPLACE if pe.kind == "column" else _OPS.get(pe.kind)
        if op is None or pe.old is None or (op is not Op.DELETE and pe.new is None):
            what = {"other": "这类修改（如调整位置、整条改写）", "summary": "概述性的修改"}.get(pe.kind, "没有写明原文的修改")
            self.notes.append(f"{where}：{what}无法写入 review.yaml：{pe.text}")
            self.warnings.append(f"{where}：{what}未导入（{pe.text[:40]}）")
            return []
        new = pe.new or ""
        if pe.scope:
            return self._scoped(pe, op, new, part, where)
        context = ""
        if pe.context:
            got = self.fix_quote(pe.context, part, pe.locator, where)
            if got is None:
                return []
            context = got[0] if pe.old in got[0] else ""
            occurrence = got[1]
            if not context:
                occurrence = 0
        quote = pe.old
        if not context:
            got = self.fix_quote(quote, part, pe.locator, where)
            if got is None:
                return []
            quote, occurrence = got
        new = self._punctuate(op, quote, new, part, context, occurrence)
        return [Change(op, quote, new, part=part, context=context, occurrence=occurrence)]

    def _scoped(self, pe: ParsedEdit, op: Op, new: str, part: str, where: str) -> list[Change]:
        stated = int(re.sub(r"\D", "", pe.scope or "") or 0)
        if self.draft is None or not self.draft.has_part(part):
            return [Change(op, pe.old or "", new, part=part, scope=Scope.PART)]
        found = len(occurrences(self.draft.part(part), pe.old or ""))
        if found == stated or not pe.places:
            if found != stated:
                self.warnings.append(f"{where}：文中说“{pe.scope}”，草案{part}中有{found}处“{pe.old}”，已全部修改")
            return [Change(op, pe.old or "", new, part=part, scope=Scope.PART)]
        out = []
        for loc, ctx in pe.places:
            got = self.fix_quote(ctx, part, loc, where)
            if got and (pe.old or "") in got[0]:
                out.append(Change(op, pe.old or "", new, part=part, context=got[0], occurrence=got[1]))
        self.warnings.append(f"{where}：草案{part}中有{found}处“{pe.old}”，文中只改{pe.scope}，已按所列各处分别修改")
        return out

    def _punctuate(self, op: Op, quote: str, new: str, part: str, context: str, occurrence: int) -> str:
        """An insertion before "提高……" in "……，提高……" needs its own "，" to keep the sentence whole."""
        if self.draft is None or op not in (Op.INSERT_BEFORE, Op.INSERT_AFTER) or not new:
            return new
        try:
            span = anchor(self.draft, quote, part=part, context=context, occurrence=occurrence)[0]
        except CainaError:
            return new
        text = self.draft.part(part).blocks[span.block_index].text
        if op is Op.INSERT_BEFORE and span.start and text[span.start - 1] in "，；、" and new[-1] not in "，。；、：":
            return new + "，"
        if op is Op.INSERT_AFTER and span.end < len(text) and text[span.end] in "，；" and new[0] not in "，。；、：":
            return "，" + new
        return new

    def _has_column(self, part: str, header: str) -> bool:
        if self.draft is None or not self.draft.has_part(part):
            return False
        return any(b.kind is BlockKind.TABLE_ROW and b.header and header in b.cells for b in self.draft.part(part).blocks)

    def _follow(self, pe: ParsedEdit, prev: Change | None, where: str) -> list[Change]:
        """"并对应修改了附件1的“突破技术名称”一栏": the cell that held the main text's old words."""
        part = pe.part or "正文"
        if self.draft is None or prev is None or prev.op is not Op.REPLACE or not self._has_column(part, pe.old or ""):
            self.warnings.append(f"{where}：“{pe.text}”要与草案{part}的表格对照才能确定改动，该处只保留了叙述")
            return []
        p = self.draft.part(part)
        col = None
        for b in p.blocks:
            if b.kind is not BlockKind.TABLE_ROW:
                continue
            if b.header:
                col = b.cells.index(pe.old) if pe.old in b.cells else None
                continue
            if col is None or col >= len(b.cells):
                continue
            cell = b.cells[col].strip()
            if cell and cell in prev.quote:
                pre, suf = prev.quote.split(cell, 1)
                if prev.new.startswith(pre) and prev.new.endswith(suf) and len(prev.new) > len(pre) + len(suf):
                    new_cell = prev.new[len(pre) : len(prev.new) - len(suf)]
                    # the cell's words may occur elsewhere in the part ("2400" in "24000"): say which
                    spans = occurrences(p, cell)
                    row = p.blocks.index(b)
                    at = next((k for k, sp in enumerate(spans, 1) if sp.block_index == row), 0)
                    return [Change(Op.REPLACE, cell, new_cell, part=part, occurrence=at if len(spans) > 1 else 0)]
        self.warnings.append(f"{where}：{part}“{pe.old}”一栏中找不到与“{prev.quote}”对应的格子，该处只保留了叙述")
        return []

    def edit(self, eid: str, group: list[ParsedEdit], where: str, *, as_proposed: bool = False) -> Edit | None:
        changes: list[Change] = []
        dropped: list[str] = []
        for pe in group:
            made = self.change(pe, changes[-1] if changes else None, where)
            if not made and pe.follows:
                dropped.append(pe.text)
            changes += made
        first, last = group[0], group[-1]
        note = last.note
        if dropped and changes:  # keep the narration of a follow-up change that could not be computed
            note = "，" + "，".join(dropped) + note
        summary = ""
        if not changes:
            return None
        edit = Edit(
            id=eid, changes=tuple(changes), intro=self.doc(first.intro), note=self.doc(note),
            reason=self.doc(last.reason), summary=summary, as_proposed=as_proposed,
        )  # fmt: skip
        return self._admit(edit, where)

    def _admit(self, edit: Edit, where: str) -> Edit | None:
        """Keep the edit if it anchors and agrees with those kept so far.

        An edit that makes exactly the changes of one already kept (opinions 1
        and 7 of the seed led to the same edits) is that edit: both opinions cite it.
        """
        for kept in self.edits:
            if kept.changes == edit.changes and kept.as_proposed == edit.as_proposed:
                return kept
        if self.draft is None:
            self.edits.append(edit)
            return edit
        locate = self.locate if self.layout else None
        try:
            placed = place(self.draft, [edit], locate)
        except CainaError as exc:
            self.warnings.append(f"{where}：修改未导入——{exc.message}")
            return None
        signature = {(p.target, p.new) for p in placed}
        for kept in self.edits:
            if {(p.target, p.new) for p in self.placed if p.edit_id == kept.id} == signature:
                return kept
        try:
            check_conflicts(self.placed + placed, locate=locate)
        except CainaError as exc:
            self.warnings.append(f"{where}：修改未导入——{exc.message}")
            return None
        self.placed += placed
        self.edits.append(edit)
        return edit


def _widen(quote: str, text: str, start: int, end: int, reach: int = 4) -> tuple[int, int]:
    best = (fuzz.ratio(quote, text[start:end]), start, end)
    for a in range(max(0, start - reach), min(len(text), start + reach) + 1):
        for b in range(max(a + 1, end - reach), min(len(text), end + reach) + 1):
            score = fuzz.ratio(quote, text[a:b])
            if score > best[0]:
                best = (score, a, b)
    return best[1], best[2]


def _groups(edits: tuple[ParsedEdit, ...]) -> list[list[ParsedEdit]]:
    out: dict[int, list[ParsedEdit]] = {}
    for e in edits:
        out.setdefault(e.group, []).append(e)
    return list(out.values())


def _minimal(old: str, new: str) -> tuple[str, str, str]:
    """("建立X", "完善X") → ("建立", "完善", context "建立X"): the words that change, anchored by the whole quote."""
    p = 0
    while p < min(len(old), len(new)) and old[p] == new[p]:
        p += 1
    s = 0
    while s < min(len(old), len(new)) - p and old[-1 - s] == new[-1 - s]:
        s += 1
    # never split a number or a Latin word: "到2024年底" → "到2025年底" changes "2024", not "4"
    while p and old[p - 1].isascii() and old[p - 1].isalnum():
        p -= 1
    while s and old[len(old) - s].isascii() and old[len(old) - s].isalnum():
        s -= 1
    core_old, core_new = old[p : len(old) - s], new[p : len(new) - s]
    if not core_old or not core_new or p + s < 2:
        return old, new, ""
    return core_old, core_new, old


# --- opinions ---------------------------------------------------------------


def _targets(cv: _Converter, op: ParsedOpinion, where: str) -> tuple[str, list[Target]]:
    """The opinion's text with its cited quotations turned into {target:N} / {loc:N}{quote:N}."""
    text = op.text.replace("{", "｛").replace("}", "｝")
    targets: list[Target] = []
    pieces: list[str] = []
    pos = 0
    for c in citations(text):
        parsed_part = re.match(r"附件\s*(\d*)", c.locator)
        part = f"附件{parsed_part.group(1)}" if parsed_part else "正文"
        got = cv.fix_quote(c.quote.text, part, c.locator, where)
        if got is None:
            continue
        quote, occurrence = got
        targets.append(Target(quote=quote, part=part, occurrence=occurrence))
        k = len(targets)
        pieces.append(cv.doc(text[pos : c.start]))
        pieces.append(f"{{target:{k}}}" if c.doc else f"{{loc:{k}}}{{quote:{k}}}")
        pos = c.end
    pieces.append(cv.doc(text[pos:]))
    return "".join(pieces), targets


def _reason_refs(cv: _Converter, reason: str) -> str:
    """A reason that narrates an edit made for another opinion cites it: {edit:ID.K}."""
    out, pos = [], 0
    for f in find_changes(reason):
        e = f.edit
        ref = None
        for edit in cv.edits:
            for k, ch in enumerate(edit.changes, 1):
                if ch.op is _OPS.get(e.kind) and ch.new == (e.new or "") and (ch.quote == e.old or ch.context == e.old):
                    if ch.part == (e.part or "正文") and not ch.context:
                        ref = f"{{edit:{edit.id}.{k}}}"
                        break
            if ref:
                break
        if ref is None:
            continue
        out.append(cv.doc(reason[pos : f.start]) + ref)
        pos = f.end
    out.append(cv.doc(reason[pos:]))
    return "".join(out)


def _opinion(cv: _Converter, op: ParsedOpinion, number: int, proposer_id: str) -> Opinion:
    where = f"意见{number}（报告第{op.line}行）"
    text, targets = _targets(cv, op, where)
    disposition = _DISPOSITIONS.get(op.decision or "", Disposition.PENDING)
    reason = op.reason
    if op.decision is None:
        cv.warnings.append(f"{where}：原报告未写明采纳情况，已记为“待定”，请补上决定后再生成报告")
    if op.decision == "duplicate":
        reason = reason or op.decision_text
        cv.notes.append(f"{where}：重复意见（{op.decision_text}）暂记为不予采纳，理由写明重复")
    if disposition.requires_reason and not reason:
        if disposition in (Disposition.REFERRED, Disposition.ALREADY_REFLECTED) and len(op.decision_text) > 4:
            reason = op.decision_text
        else:
            reason = NO_REASON
            cv.warnings.append(f"{where}：{disposition.label}的意见没有写明理由，已填“{NO_REASON}”")
    edit_ids: list[str] = []
    shared = _shared_with(cv, op)
    if shared is not None:  # "同意见3的修改": the edits an earlier opinion led to
        edit_ids = list(shared)
    elif disposition.allows_edits:
        groups = _groups(_without_said(op.edits, reason, op.narrative))
        for g, group in enumerate(groups, 1):
            eid = f"op{number}" if len(groups) == 1 else f"op{number}_{g}"
            if all(pe.kind == "summary" for pe in group):
                edit_ids.append(cv.summary_edit(eid, group).id)
                continue
            edit = cv.edit(eid, group, where)
            if edit is not None:
                edit_ids.append(edit.id)
        if not op.edits and op.proposals and disposition is Disposition.ADOPTED:
            edit = _as_proposed(cv, op, number, where)
            if edit is not None:
                edit_ids.append(edit.id)
    elif op.edits:
        cv.warnings.append(f"{where}：{disposition.label}的意见不能关联修改，其中叙述的修改未导入")
    narrative = op.narrative
    if shared is not None:  # said by the edits' reference itself
        narrative = _SHARED.sub("", narrative).strip().strip("。，；")
        narrative = narrative + "。" if narrative else ""
    if any(e.text and e.text in narrative for e in op.edits):  # "……经研究，建议采纳这一意见，将……修改为……": the edits narrate it
        narrative = ""
    cv.opinion_edits[number] = tuple(edit_ids)
    return Opinion(
        number=number, proposer_id=proposer_id, text=text, targets=tuple(targets),
        decision=Decision(disposition, reason=_reason_refs(cv, reason) if reason != NO_REASON else reason,
                          narrative=cv.doc(narrative), edit_ids=tuple(edit_ids)),
    )  # fmt: skip


_SHARED = re.compile(r"同(?:第)?意见\s*([0-9０-９]+|[一二三四五六七八九十]+)\s*(?:条)?的(?:第([一二三四五六七八九十]+)处)?修改")


def _shared_with(cv: _Converter, op: ParsedOpinion) -> tuple[str, ...] | None:
    """The edit ids of "同意见3的修改" (caina's wording for an opinion that led to an earlier one's edits)."""
    m = _SHARED.search(op.decision_text + op.narrative + "".join(e.text for e in op.edits) + (op.reason or ""))
    if m is None or op.edits:
        return None
    number = to_int(m.group(1))
    told = cv.opinion_edits.get(number or 0)
    if not told:
        return None
    if m.group(2):
        k = to_int(m.group(2)) or 0
        return (told[k - 1],) if 1 <= k <= len(told) else None
    return told


def _without_said(edits: tuple[ParsedEdit, ...], *said: str) -> tuple[ParsedEdit, ...]:
    """The edits without a reason or narrative the parser also read as an edit's intro
    ("理由：甲。已将……" gives the reason 甲 and, to the edit, the intro 甲)."""
    out = []
    for e in edits:
        intro = e.intro
        for text in said:
            t = (text or "").strip()
            if t and intro.strip().startswith(t):
                intro = intro.strip()[len(t) :].lstrip("。；，")
        out.append(replace(e, intro=intro) if intro != e.intro else e)
    return tuple(out)


def _as_proposed(cv: _Converter, op: ParsedOpinion, number: int, where: str) -> Edit | None:
    """"已对《实施方案》修改完善" after an opinion that says "将……修改为……": the opinion's own change."""
    group = []
    for p in op.proposals:
        if p.kind not in _OPS or p.old is None:
            return None
        if p.kind == "replace" and p.new is not None and not p.context:
            old, new, ctx = _minimal(p.old, p.new)
            if ctx:
                got = cv.fix_quote(p.old, p.part or "正文", p.locator, where)
                if got is None:
                    return None
                old, new, ctx = _minimal(got[0], p.new)
                p = replace(p, old=old, new=new, context=ctx or got[0])
        group.append(p)
    return cv.edit(f"op{number}", group, where, as_proposed=True)


def _review(cv: _Converter, report: ParsedReport, no_opinion: list[str]) -> Review:
    r = report.review
    kind = _KINDS.get(r.get("kind") or "", ReviewKind.STANDING_MEETING if r.get("meeting") else ReviewKind.WRITTEN)
    if r.get("kind") and r.get("kind") not in _KINDS:
        cv.notes.append(f"审议类型“{r.get('kind')}”review.yaml 暂无对应写法，记为“{kind.value}”")
    date = None
    period = r.get("period")
    iso = r.get("date") or (period.get("start") if period else None)
    if iso:
        try:
            date = dt.date.fromisoformat(iso)
        except ValueError:
            date = None
    attending = list(r.get("attendees") or r.get("consulted") or [])
    meeting = r.get("meeting") or ""
    if not meeting and kind is not ReviewKind.STANDING_MEETING:
        # "……书面征求意见采纳情况": a consultation named in the title's second part
        named = re.search(r"》\s*([^《》]{2,30}?意见)采纳情况", report.title)
        if named and named.group(1) != "征求意见":
            meeting = named.group(1)
    return Review(
        kind=kind, meeting=meeting, date=date, time_of_day=r.get("time_of_day") or "",
        place=r.get("place") or "", chair=r.get("chair") or "", office=r.get("office") or report.own_edits_by or "",
        attending=tuple(attending), no_opinion=tuple(no_opinion),
    )  # fmt: skip


#: below this similarity the report's title is not a misquote of the draft's but another title
_TITLE_SAME = 90.0


def _names(cv: _Converter, report: ParsedReport) -> tuple[str, str]:
    """review.yaml's ``title:`` and ``short_name:``: written only where the report names the draft
    otherwise than the draft itself would (a misquoted title is corrected from the draft instead)."""
    doc_title = (report.review.get("doc_title") or "").strip().removeprefix("《").removesuffix("》")
    short = report.review.get("short_name") or ""
    draft_title = cv.draft.title if cv.draft is not None else doc_title
    title = ""
    if cv.draft is not None and doc_title and fuzz.ratio(doc_title, draft_title) < _TITLE_SAME:
        title = doc_title
        cv.warnings.append(f"报告中的文件名称《{doc_title}》与草案标题《{draft_title}》不同，已写入 title: 以报告为准")
    named = (cv.draft.named(title) if cv.draft is not None else None)
    own = named.report_short_name if named is not None else derive_short_name(doc_title)
    return title, (short if short and short != own else "")


def to_record(report: ParsedReport, draft: Draft | None = None, layout: Layout | None = None) -> Conversion:
    """The review record a parsed report describes (see the module docstring)."""
    cv = _Converter(report, draft, layout)
    real = [o for o in report.opinions if o.decision != "no_opinion"]
    no_opinion = [o.proposer for o in report.opinions if o.decision == "no_opinion" and o.proposer]
    numbers = [o.number for o in real]
    renumber = None in numbers or len(set(numbers)) != len(numbers)
    if renumber and real:
        cv.warnings.append("意见序号有缺失或重复，review.yaml 中已按出现顺序重新编号（1、2、3……）")
    listed = list(report.review.get("proposers_listed") or [])
    proposers: dict[str, Proposer] = {}
    opinions: list[Opinion] = []
    for i, op in enumerate(real, 1):
        name = op.proposer or "未署名"
        if name not in proposers:
            kind = ProposerKind(proposer_kind(name))
            aliases = tuple(a for a in listed if a != name and (a in name or name in a))
            proposers[name] = Proposer(id=name, name=name, kind=kind, aliases=aliases)
        number = i if renumber else (op.number or i)
        opinions.append(_opinion(cv, op, number, name))
    if not proposers:  # review.yaml needs one proposer even when nobody gave an opinion
        office = report.review.get("office") or report.own_edits_by or "起草单位"
        proposers[office] = Proposer(id=office, name=office, kind=ProposerKind.UNIT)
        cv.notes.append(f"没有收到意见；review.yaml 的 proposers 不能为空，已登记起草单位“{office}”（不计入提出意见的单位）")
    office_ids: list[str] = []
    for g, group in enumerate(_groups(report.own_edits), 1):
        where = f"{report.own_edits_by or '起草单位'}自行修改（报告第{group[0].line}行）"
        if all(pe.kind == "summary" for pe in group):
            office_ids.append(cv.summary_edit(f"office{g}", group).id)
            continue
        edit = cv.edit(f"office{g}", group, where)
        if edit is not None:
            office_ids.append(edit.id)
    if cv.missing >= 3 and cv.missing * 2 >= cv.checked:
        cv.warnings.insert(0, f"报告中的引文有{cv.missing}处（共{cv.checked}处）在草案中找不到，"
                              "草案可能不是这份报告所审议的版本，请核对 --draft 所给的文件")  # fmt: skip
    review = _review(cv, report, no_opinion)
    issued = report.review.get("issued") or ""
    try:
        report_date = dt.date.fromisoformat(issued) if issued else None
    except ValueError:
        report_date = None
    issuer = report.review.get("issuer") or ""
    title, short = _names(cv, report)
    record = ReviewRecord(
        title=title,
        short_name=short,
        review=review,
        report_date=report_date,
        report_signed_by=issuer if issuer and issuer != review.office else "",
        proposers=tuple(proposers.values()),
        opinions=tuple(opinions),
        edits=tuple(cv.edits),
        office_edit_ids=tuple(office_ids),
        office_intro=cv.doc(report.own_edits_intro),
        report_label=report.label,
    )
    return Conversion(record, cv.warnings, cv.notes)


__all__ = ["Conversion", "to_record", "NO_REASON"]
