"""The 意见采纳情况 report as content: computed text, no layout.

:func:`build_report` takes the reviewed draft, its layout, the review record
and the placed edits, and returns a :class:`Report` whose every count,
locator and quote is computed. Renderers (Markdown, text; .docx later) only
lay it out.

Texts in review.yaml may hold placeholders, filled here:
``{doc}`` the draft's short name (《实施方案》); ``{target:N}`` 《实施方案》P6顺数第八行“…”;
``{loc:N}`` P6顺数第八行; ``{quote:N}`` “…”; ``{edit:ID}`` the narration of an
edit; ``{edit:ID.K}`` of its K-th change. N counts the opinion's targets from 1.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from caina.core.anchoring import Scope, anchor, occurrences
from caina.core.decisions import (
    Counts,
    Disposition,
    Opinion,
    ProposerKind,
    Review,
    ReviewKind,
    ReviewRecord,
    count,
    level_of,
    require_decided,
)
from caina.core.edits import Edit, Op, Placed
from caina.core.locators import LOCATOR_IN_TEXT, CountFrom, SpanStyle, locate_text
from caina.core.model import BlockKind, Draft
from caina.core.numerals import count_word
from caina.core.pages import Layout, Span
from caina.errors import ReviewFileError

_PLACEHOLDER = re.compile(r"\{(\w+)(?::([\w.\-]+))?\}")
_CLAUSE_STOP = set("，。；：、！？（）《》“”‘’〔〕【】\t 　,.;:!?()．")
_EDGE_PUNCT = "，。；、：,.;: "


@dataclass(frozen=True)
class ReportSettings:
    count_from: CountFrom = "auto"  # auto / top / bottom
    span_style: SpanStyle = "start"  # start / range
    # the date under the signature when review.yaml gives none (report.date); the service
    # layer passes the day the report is generated; None = no date line
    today: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ReportItem:
    number: int
    lead: str  # "周市长提出："
    opinion: str
    decision: str  # "意见采纳情况：予以全部采纳。……"

    @property
    def text(self) -> str:
        return f"{self.number}.{self.lead}{self.opinion}"


@dataclass(frozen=True)
class Report:
    label: str
    title: tuple[str, ...]
    intro: str
    items: tuple[ReportItem, ...]
    office_item: str
    counts: Counts
    locators: tuple[str, ...] = field(default=())  # every locator the report cites, in order
    signature: tuple[str, ...] = field(default=())  # the signing office and the date, right-aligned at the end
    # what the clerk should look at (a locator typed by hand in review.yaml …), one Chinese sentence each
    warnings: tuple[str, ...] = field(default=())
    office_places: int = 0  # places the office's own edits changed (summary edits count one)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The body paragraphs in order: the opening, each item's opinion and decision, the office's item."""
        out = [self.intro]
        for item in self.items:
            out += [item.text, item.decision]
        if self.office_item:
            out.append(self.office_item)
        return tuple(p for p in out if p)


def quoted(text: str) -> str:
    """“text”, with inner double quotes turned to single ones (GB/T 15834 nesting)."""
    inner = text.replace("“", "‘").replace("”", "’")
    return f"“{inner}”"


def clause_around(text: str, start: int, end: int, max_len: int = 24) -> str:
    """The clause holding ``text[start:end]``: extended to the nearest punctuation."""
    left = start
    while left > 0 and text[left - 1] not in _CLAUSE_STOP and end - (left - 1) <= max_len:
        left -= 1
    right = end
    while right < len(text) and text[right] not in _CLAUSE_STOP and (right + 1) - left <= max_len:
        right += 1
    return text[left:right]


def join_places(items: list[str]) -> str:
    """"A" / "A和B" / "A和B以及C" / "A、B和C以及D"."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]}和{items[1]}"
    return "、".join(items[:-2]) + f"和{items[-2]}以及{items[-1]}"


def _end(text: str) -> str:
    text = text.rstrip()
    if text and text[-1] not in "。！？；":
        text += "。"
    return text


def _date(review_date: dt.date | None) -> str:
    if review_date is None:
        return ""
    return f"{review_date.year}年{review_date.month}月{review_date.day}日"


_LOCATED: list[tuple[Layout, dict[tuple[Span, str, str], str]]] = []


def _located(layout: Layout) -> dict[tuple[Span, str, str], str]:
    """Locators already computed on ``layout`` (checking the texts and writing the report ask for the same ones)."""
    entry = _LOCATED[0] if _LOCATED else None  # read once: another thread may replace it meanwhile
    if entry is None or entry[0] is not layout:
        entry = (layout, {})
        _LOCATED[:] = [entry]
    return entry[1]


class Narrator:
    """Turns placed edits and targets into the report's sentences."""

    def __init__(
        self,
        draft: Draft,
        layout: Layout,
        record: ReviewRecord,
        placed: list[Placed],
        settings: ReportSettings,
    ) -> None:
        self.draft, self.layout, self.record, self.settings = draft, layout, record, settings
        self.placed = placed
        self.edits: dict[str, Edit] = {e.id: e for e in record.edits}
        self.doc = draft.doc_name
        self.cited: list[str] = []
        self.told: dict[int, tuple[str, ...]] = {}  # opinion number → the edits its decision narrated
        self._spans: dict[tuple[int, int], Span] = {}  # (opinion number, target index) → where it was anchored

    # -- locators -----------------------------------------------------------
    def loc(self, span: Span) -> str:
        key = (span, self.settings.count_from, self.settings.span_style)
        cache = _located(self.layout)
        text = cache.get(key)
        if text is None:
            text = cache[key] = locate_text(
                self.layout, span, count_from=self.settings.count_from, span_style=self.settings.span_style
            )
        self.cited.append(text)
        return text

    def fill(self, text: str, opinion: Opinion | None = None, *, where: str = "") -> str:
        """``text`` with its placeholders filled; ``where`` (or the opinion's origin) names it in errors."""
        where = where or (opinion.origin if opinion is not None else "")

        def sub(m: re.Match[str]) -> str:
            kind, arg = m.group(1), m.group(2)
            if kind == "doc":
                return self.doc
            if kind == "edit":
                eid, _, k = (arg or "").partition(".")
                edit = self.edits.get(eid)
                if edit is None:
                    known = "、".join(self.edits) or "（无）"
                    raise ReviewFileError(
                        f"占位符{m.group(0)}所指的修改“{eid}”不存在", path=where, fix=f"请核对修改的 id；已定义的修改：{known}"
                    )
                if k:
                    if not k.isdigit() or not 1 <= int(k) <= len(edit.changes):
                        raise ReviewFileError(
                            f"占位符{m.group(0)}所指的修改“{eid}”没有第{k}处改动",
                            path=where,
                            fix=f"修改“{eid}”共有 {len(edit.changes)} 处改动（changes），请写 {{edit:{eid}.1}} 到 "
                            f"{{edit:{eid}.{max(1, len(edit.changes))}}}",
                        )
                    return self.change(edit, int(k) - 1, standalone=True)
                return self.edit_body(edit)
            if opinion is None:
                raise ReviewFileError(
                    f"占位符{m.group(0)}只能用在意见（opinions）中", path=where, fix="请删去，或改用 {edit:ID}、{doc}"
                )
            n = int(arg) if arg and arg.isdigit() else (1 if not arg else 0)
            if not 1 <= n <= len(opinion.targets):
                raise ReviewFileError(
                    f"意见{opinion.number}的占位符{m.group(0)}所指的第{arg or 1}个 targets 不存在",
                    path=where,
                    fix=f"该意见共有 {len(opinion.targets)} 个 targets"
                    + ("，请在 targets 中写出所指的原文" if not opinion.targets else ""),
                )
            span = self.target_span(opinion, n - 1)
            if kind == "quote":
                return quoted(opinion.targets[n - 1].quote)
            loc = self.loc(span)
            if kind == "loc":
                return loc
            return f"{self.doc}{loc}{quoted(opinion.targets[n - 1].quote)}"

        return _PLACEHOLDER.sub(sub, text)

    def target_span(self, opinion: Opinion, index: int) -> Span:
        """Where the opinion's ``index``-th target is in the draft (one place, or a clear error); anchored once."""
        key = (opinion.number, index)
        span = self._spans.get(key)
        if span is None:
            span = self._spans[key] = self._anchor_target(opinion, index)
        return span

    def _anchor_target(self, opinion: Opinion, index: int) -> Span:
        target = opinion.targets[index]
        return anchor(
            self.draft,
            target.quote,
            part=target.part,
            context=target.context,
            occurrence=target.occurrence,
            scope=Scope.ONE,
            where=target.origin,
            locate=lambda s: locate_text(self.layout, s),
        )[0]

    # -- edits --------------------------------------------------------------
    def _placed(self, edit: Edit, index: int) -> list[Placed]:
        return [p for p in self.placed if p.edit_id == edit.id and p.change_index == index]

    def _cell_header(self, span: Span) -> str:
        part = self.draft.part(span.part_id)
        header = part.table_header(span.block_index)
        if not header:
            return ""
        cell, _, _ = part.blocks[span.block_index].cell_at(span.start)
        return header[cell] if cell < len(header) else ""

    def _mirrors(self, edit: Edit, index: int) -> bool:
        """Whether change ``index`` makes in a table cell the very change an earlier change of the
        edit made in the text ("铝焊丝……技术" → "高品质……技术" inside the sentence changed before):
        its old and new words are already said, and "并对应修改了附件1的“…”一栏" is enough."""
        c = edit.changes[index]
        if c.op is not Op.REPLACE or not c.quote:
            return False
        return any(prev.op is Op.REPLACE and c.quote in prev.quote and prev.quote.replace(c.quote, c.new, 1) == prev.new for prev in edit.changes[:index])

    def _table_change(self, edit: Edit, index: int, placed: list[Placed], part_label: str, *, follows: bool) -> str:
        """A change in an attachment's table after another change of the edit, with its old and new values:
        "并对应将附件“奖补标准（元）”一栏的“24000”修改为“20000”"."""
        change = edit.changes[index]
        first = placed[0]
        lead = "" if follows else "并对应"
        if change.op is Op.SET_COLUMN:
            return f"{lead}将{part_label}的{quoted(change.quote)}一栏修改为{quoted(change.new)}"
        column = quoted(self._cell_header(first.anchor))
        many = f"{len(placed)}处" if len(placed) > 1 else ""
        # the cell's words found elsewhere in the part too ("2400" in "24000"): the locator says which
        where_ = part_label
        if len(placed) == 1 and len(occurrences(self.draft.part(first.anchor.part_id), change.quote)) > 1:
            where_ = self.loc(first.anchor)
        if change.op is Op.REPLACE:
            return f"{lead}将{where_}{column}一栏中的{many}{quoted(first.old)}修改为{quoted(change.new)}"
        if change.op is Op.DELETE:
            return f"{lead}删去{where_}{column}一栏中的{many}{quoted(first.old)}"
        where = "之前" if change.op is Op.INSERT_BEFORE else "之后"
        return f"{lead}在{where_}{column}一栏中的{quoted(change.quote)}{where}增加{quoted(change.new)}"

    def change(self, edit: Edit, index: int, *, standalone: bool, follows: bool = False) -> str:
        """The narration of change ``index``; ``standalone`` for the first change of an edit (it names the
        draft), ``follows`` when an earlier change of the edit already said "并对应"."""
        change = edit.changes[index]
        placed = self._placed(edit, index)
        if not placed:
            return ""
        first = placed[0]
        part = self.draft.part(first.anchor.part_id)
        in_table = part.blocks[first.anchor.block_index].kind is BlockKind.TABLE_ROW
        if not part.is_main:
            header = quoted(change.quote) if change.op is Op.SET_COLUMN else quoted(self._cell_header(first.anchor))
            if not standalone:
                if in_table and self._mirrors(edit, index):
                    return f"并对应修改了{part.label}的{header}一栏"
                if in_table or change.op is Op.SET_COLUMN:
                    return self._table_change(edit, index, placed, part.label, follows=follows)
                if change.op is Op.REPLACE:
                    lead = "" if follows else "并对应"
                    many = f"{len(placed)}处" if len(placed) > 1 else ""
                    return f"{lead}将{part.label}中的{many}{quoted(change.quote)}修改为{quoted(change.new)}"
            if change.op is Op.SET_COLUMN:
                return f"将{self.doc}{part.label}中的{header}一栏修改为{quoted(change.new)}"
            unique = len(occurrences(part, change.quote)) == 1
            if in_table and change.op is Op.REPLACE and len(placed) == 1 and unique:
                # the seed's wording: 附件3“标题”中的领域名称“高端铝领域”修改为“中高端铝领域”
                # (words found at several places of the part are cited by locator, below)
                title = quoted(part.title) if part.title else ""
                column = self._cell_header(first.anchor)
                return f"将{self.doc}{part.label}{title}中的{column}{quoted(first.old)}修改为{quoted(change.new)}"
        prefix = f"将{self.doc}" if standalone else "将"
        if change.op is Op.REPLACE:
            if len(placed) == 1:
                return f"{prefix}{self.loc(first.anchor)}{quoted(first.old)}修改为{quoted(change.new)}"
            places, clauses = [], []
            for p in placed:
                block = self.draft.part(p.anchor.part_id).blocks[p.anchor.block_index]
                clauses.append(clause_around(block.text, p.anchor.start, p.anchor.end))
                places.append(self.loc(p.anchor))
            if all(c == change.quote for c in clauses):  # each place is just the quote (a table cell)
                return f"{prefix}{join_places(places)}的{len(placed)}处{quoted(change.quote)}修改为{quoted(change.new)}"
            cited = [f"{loc}{quoted(c)}" for loc, c in zip(places, clauses, strict=True)]
            return (
                f"{prefix}{join_places(cited)}中的{len(placed)}处{quoted(change.quote)}，修改为{quoted(change.new)}"
            )
        if change.op in (Op.INSERT_BEFORE, Op.INSERT_AFTER):
            where = "之前" if change.op is Op.INSERT_BEFORE else "之后"
            doc = self.doc if standalone else ""
            added = change.new.strip(_EDGE_PUNCT)
            return f"在{doc}{self.loc(first.anchor)}{quoted(change.quote)}{where}，增加{quoted(added)}内容"
        if change.op is Op.DELETE:
            places = [f"{self.loc(p.anchor)}{quoted(p.old)}" for p in placed]
            return f"删去{self.doc if standalone else ''}{join_places(places)}"
        return f"{prefix}{part.label}中的{quoted(change.quote)}一栏修改为{quoted(change.new)}"

    def edit_body(self, edit: Edit) -> str:
        if edit.summary:
            return self.fill(edit.summary, where=edit.origin)
        pieces = [self.change(edit, 0, standalone=True)]
        for i in range(1, len(edit.changes)):
            said = any(p.startswith("并对应") for p in pieces)
            piece = self.change(edit, i, standalone=False, follows=said)
            if piece:
                pieces.append(piece)
        return "，".join(p for p in pieces if p)

    def places(self, edit: Edit) -> int:
        """Places an edit changes: each placed change (an edit told in summary counts one)."""
        if edit.summary:
            return 1
        return max(1, len({(p.target, p.new) for p in self.placed if p.edit_id == edit.id}))

    # -- edits already narrated for an earlier opinion -----------------------
    def tell(self, opinion: Opinion, edits: list[Edit]) -> None:
        """Remember that ``opinion``'s decision narrated ``edits`` (in this order)."""
        self.told[opinion.number] = tuple(e.id for e in edits)

    def told_by(self, edits: list[Edit]) -> int | None:
        """The earlier opinion whose decision narrated exactly these edits, if any."""
        ids = tuple(e.id for e in edits)
        for number, told in self.told.items():
            if set(told) == set(ids):
                return number
        return None

    def shared_sentence(self, edit: Edit) -> str:
        """"同意见3的修改" (or "同意见3的第二处修改") for an edit an earlier opinion narrated; "" otherwise."""
        for number, told in self.told.items():
            if edit.id in told:
                if len(told) == 1:
                    return f"同意见{number}的修改。"
                return f"同意见{number}的第{count_word(told.index(edit.id) + 1)}处修改。"
        return ""

    def edit_sentence(self, edit: Edit) -> str:
        text = self.fill(edit.intro, where=edit.origin) + self.edit_body(edit) + self.fill(edit.note, where=edit.origin)
        text = _end(text)
        if edit.reason:
            text += "理由：" + _end(self.fill(edit.reason, where=edit.origin))
        return text


_ORDINALS = "一二三四五六七八九十"


def _ordinal(i: int) -> str:
    return _ORDINALS[i] if i < len(_ORDINALS) else str(i + 1)


def _enumerate(sentences: list[str]) -> str:
    return "".join(f"{_ordinal(i)}是{s}" for i, s in enumerate(sentences))


def decision_text(n: Narrator, opinion: Opinion) -> str:
    d = opinion.decision
    words = {
        Disposition.ADOPTED: "予以全部采纳。",
        Disposition.PARTIALLY_ADOPTED: "予以部分采纳。",
        Disposition.NOT_ADOPTED: "不予采纳。",
        Disposition.ALREADY_REFLECTED: "已有体现。",
        Disposition.REFERRED: "转有关部门研究。",
    }
    if d.duplicate_of:
        return f"意见采纳情况：与意见{d.duplicate_of}重复，" + words[d.disposition]
    text = "意见采纳情况：" + words[d.disposition]
    if d.reason:
        text += "理由：" + _end(n.fill(d.reason, opinion))
    if d.narrative:
        narrative = n.fill(d.narrative, opinion).rstrip()
        # "经研究，" leads into the edits; a sentence ends with 。
        text += narrative if narrative.endswith(("，", "：")) and d.edit_ids else _end(narrative.rstrip("，："))
    edits = [n.edits[eid] for eid in d.edit_ids]
    if not edits:
        return text
    if all(e.as_proposed for e in edits):
        return text + f"已对{n.doc}修改完善。"
    earlier = n.told_by(edits)
    if earlier is not None:  # the very edits an earlier opinion led to (the seed's opinions 1 and 7)
        return text + f"同意见{earlier}的修改。"
    if len(edits) == 1:
        e = edits[0]
        body = n.fill(e.intro, where=e.origin) + "已" + n.edit_body(e) + n.fill(e.note, where=e.origin)
        n.tell(opinion, edits)
        return text + _end(body)
    sentences = [n.shared_sentence(e) or n.edit_sentence(e) for e in edits]
    n.tell(opinion, edits)
    return text + f"已对{n.doc}修改完善{count_word(len(edits))}处：" + _enumerate(sentences)


def _proposer_summary(record: ReviewRecord, counts: Counts) -> str:
    speakers = []
    for op in record.opinions:
        if op.proposer_id not in speakers:
            speakers.append(op.proposer_id)
    units = [record.proposer(pid) for pid in speakers]
    unit_names = [p.name for p in units if p.kind is ProposerKind.UNIT]
    leaders = [p.name for p in units if p.kind is ProposerKind.LEADER]
    people = sum(1 for p in units if p.kind is ProposerKind.PERSON)
    parts = []
    if leaders:
        # "市领导" / "县领导": the level of the reviewing government (review.level, or read from the
        # chair, the leaders, the meeting or the office); unknown: the leaders by name
        level = level_of(record)
        parts.append(f"{level}领导" if level else "、".join(leaders))
    if unit_names:
        parts.append(_units(unit_names))
    if people:
        parts.append(f"{people}位社会公众")
    return "和".join(parts)


def _counts_phrase(counts: Counts) -> str:
    phrases = []
    labels = [
        (Disposition.ADOPTED, "予以采纳意见{}个"),
        (Disposition.PARTIALLY_ADOPTED, "部分采纳意见{}个"),
        (Disposition.NOT_ADOPTED, "不予采纳意见{}个"),
        (Disposition.ALREADY_REFLECTED, "已有体现意见{}个"),
        (Disposition.REFERRED, "转有关部门研究意见{}个"),
    ]
    for disp, template in labels:
        k = counts.by_disposition.get(disp, 0)
        if k:
            phrases.append(template.format(k))
    return "，".join(phrases)


def _units(names: list[str] | tuple[str, ...], noun: str = "单位") -> str:
    """"甲、乙等2个单位"; one unit is named alone ("甲", not "甲等1个单位")."""
    if len(names) == 1:
        return names[0]
    return f"{'、'.join(names)}等{len(names)}个{noun}"


def _convened(r: Review) -> str:
    """"周异决市长在市政府6楼会议室主持召开四届56次政府常务会", without the parts review.yaml leaves out."""
    if r.chair and r.place:
        return f"{r.chair}在{r.place}主持召开{r.meeting}"
    if r.chair:
        return f"{r.chair}主持召开{r.meeting}"
    if r.place:
        return f"在{r.place}召开{r.meeting}"
    return f"召开{r.meeting}"


def intro_text(draft: Draft, record: ReviewRecord, counts: Counts, office_places: int | None = None) -> str:
    """The opening paragraph. ``office_places``: the places the office's own edits changed
    (default: one for each of its edits)."""
    r = record.review
    doc = draft.doc_name
    title = f"《{draft.title}》"
    short = draft.report_short_name
    named = f"{title}（以下简称{short}）" if short else title
    when = _date(r.date) + r.time_of_day
    when = f"{when}，" if when else ""
    if r.kind is ReviewKind.STANDING_MEETING:
        text = f"{when}{_convened(r)}，对{named}进行审议"
        if r.attending:
            text += f"，{_units(r.attending)}列席会议"
        text += "。"
        lead = "会上，"
    else:
        way = "书面征求" if r.kind is ReviewKind.WRITTEN else "公开征求"
        text = f"{when}{r.office}就{named}{way}意见"
        if r.attending:
            text += f"，征求了{_units(r.attending)}的意见"
        text += "。"
        lead = "其间，"
    if counts.opinions:
        text += f"{lead}{_proposer_summary(record, counts)}提出了{counts.opinions}个修改意见。"
        text += f"根据实际情况，{doc}{_counts_phrase(counts)}。"
    else:
        text += f"{lead}未收到修改意见。"
    if r.no_opinion:
        text += f"{_units(r.no_opinion)}无修改意见。"
    if counts.office_edits:
        after = f"在{r.meeting_short}后" if r.kind is ReviewKind.STANDING_MEETING and r.meeting else ""
        places = counts.office_edits if office_places is None else office_places
        # "逐字逐句" only when the office says it read word by word (its office_edits.intro: 逐字逐句, or the seed's
        # slip 逐字逐局), or says nothing of how
        thorough = "逐字逐句" if "逐字" in record.office_intro or not record.office_intro.strip() else ""
        text += f"同时，{r.office}{after}对{doc}{thorough}进行审核、校对，对文本修改{places}处。"
    text += "具体意见采纳及文本修改情况如下。"
    return text


def title_line(review: Review) -> str:
    """The second title line: "四届56次政府常务会意见采纳情况"; for a consultation without a
    meeting "征求意见采纳情况"; a meeting field that already ends in 意见 ("书面征求意见") is not doubled."""
    meeting = review.meeting.strip()
    if not meeting:
        return "意见采纳情况" if review.kind is ReviewKind.STANDING_MEETING else "征求意见采纳情况"
    if meeting.endswith("意见"):
        return f"{meeting}采纳情况"
    return f"{meeting}意见采纳情况"


def check_texts(draft: Draft, layout: Layout, record: ReviewRecord, placed: list[Placed]) -> None:
    """Check every text of the record as the report would use it, without writing the report.

    Anchors every target of every opinion (also those no placeholder cites) and
    fills every placeholder of opinions, reasons, narratives and edits; raises
    what :func:`build_report` would raise. Opinions still 待定 are allowed, so
    a revised draft can be written before every decision is made.
    """
    n = Narrator(draft, layout, record, placed, ReportSettings())
    for op in record.opinions:
        for i in range(len(op.targets)):
            n.target_span(op, i)
        for text in (op.text, op.decision.reason, op.decision.narrative):
            n.fill(text, op)
    for edit in record.edits:
        n.edit_sentence(edit)
    n.fill(record.office_intro)


def build_report(
    draft: Draft,
    layout: Layout,
    record: ReviewRecord,
    placed: list[Placed],
    settings: ReportSettings | None = None,
) -> Report:
    require_decided(record)  # opinions still 待定 (e.g. imported from forms): refuse, see docs/forms.md
    settings = settings or ReportSettings()
    n = Narrator(draft, layout, record, placed, settings)
    counts = count(record)
    office_places = sum(n.places(n.edits[eid]) for eid in record.office_edit_ids)
    intro = intro_text(draft, record, counts, office_places)
    items = []
    for op in record.opinions:
        proposer = record.proposer(op.proposer_id)
        items.append(
            ReportItem(
                number=op.number,
                lead=f"{proposer.name}提出：",
                opinion=_end(n.fill(op.text, op)),
                decision=decision_text(n, op),
            )
        )
    office_item = ""
    if record.office_edit_ids:
        edits = [n.edits[eid] for eid in record.office_edit_ids]
        number = (max((op.number for op in record.opinions), default=0)) + 1
        sentences = [n.edit_sentence(e) for e in edits]
        body = _enumerate(sentences) if len(sentences) > 1 else sentences[0]
        office_item = (
            f"{number}.{record.review.office}修改情况：{n.fill(record.office_intro)}"
            f"对文本审核修改{office_places}处：{body}"
        )
    title = (f"《{draft.title}》", title_line(record.review))
    return Report(
        label=record.report_label,
        title=title,
        intro=intro,
        items=tuple(items),
        office_item=office_item,
        counts=counts,
        locators=tuple(n.cited),
        signature=signature(record, settings.today),
        warnings=record_warnings(record),
        office_places=office_places,
    )


def signature(record: ReviewRecord, today: dt.date | None = None) -> tuple[str, ...]:
    """The signing office and the date under it: report.signed_by (else the drafting office) and
    report.date (else ``today``); empty when review.yaml names no office."""
    who = record.report_signed_by or record.review.office
    when = record.report_date or today
    if not who:
        return ()
    return (who, _date(when)) if when else (who,)


# a page/line locator written by hand ("P3倒数第五行", "第3页第5行", "59页倒3行", "附件1第2页第4行")
_TYPED_LOCATOR = re.compile(LOCATOR_IN_TEXT)


def typed_locators(text: str) -> list[str]:
    """Page/line locators typed into a review.yaml text (placeholders are not: they are computed).
    A page alone ("第3页") is a locator too; "第3" without 页 or 行 is not."""
    bare = _PLACEHOLDER.sub("", text)
    return [m.group(0) for m in _TYPED_LOCATOR.finditer(bare) if m.group(0)[-1] in "行页" or m.group(0)[:1] in "PpＰｐ"]


def record_warnings(record: ReviewRecord) -> tuple[str, ...]:
    """What the clerk should know about the review record: locators typed by hand, which the draft's
    next version would leave wrong (caina computes them from the targets)."""
    out: list[str] = []
    fix = "页码、行号由 caina 计算：请在 targets 中写出所指的原文，用 {target:1} 或 {loc:1} 代替手写的定位"
    for op in record.opinions:
        for key, text in (("意见", op.text), ("理由", op.decision.reason), ("说明", op.decision.narrative)):
            for loc in typed_locators(text):
                where = f"（{op.origin}）" if op.origin else ""
                out.append(f"意见{op.number}{where}的{key}中手写了页行定位“{loc}”，草案一改就会过时。{fix}")
    for edit in record.edits:
        for text in (edit.intro, edit.note, edit.reason, edit.summary):
            for loc in typed_locators(text):
                where = f"（{edit.origin}）" if edit.origin else ""
                out.append(f"修改“{edit.id}”{where}中手写了页行定位“{loc}”，草案一改就会过时。{fix}")
    for loc in typed_locators(record.office_intro):
        out.append(f"office_edits.intro 中手写了页行定位“{loc}”，草案一改就会过时。{fix}")
    return tuple(dict.fromkeys(out))


def render_markdown(report: Report) -> str:
    out = []
    if report.label:
        out += [report.label, ""]
    out += ["# " + "".join(report.title), "", report.intro, ""]
    for item in report.items:
        out += [item.text, "", item.decision, ""]
    if report.office_item:
        out += [report.office_item, ""]
    if report.signature:
        for line in report.signature:  # right-aligned in .docx/.pdf; Markdown has no alignment
            out += [line, ""]
    return "\n".join(out)


def render_text(report: Report) -> str:
    out = []
    if report.label:
        out += [report.label, ""]
    out += [*report.title, "", report.intro]
    for item in report.items:
        out += [item.text, item.decision]
    if report.office_item:
        out.append(report.office_item)
    if report.signature:
        out += ["", *report.signature]
    return "\n".join(out) + "\n"


Renderer = Callable[[Report], str]
RENDERERS: dict[str, Renderer] = {"md": render_markdown, "txt": render_text}
