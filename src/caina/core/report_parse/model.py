"""What a parsed adoption report is made of (the contract other modules consume)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NotRequired, TypedDict


@dataclass(frozen=True)
class StatedCount:
    """A number the report states, as written.

    ``key`` names what is counted: attending_units, proposer_units, opinions,
    adopted, partially_adopted, not_adopted, already_reflected, referred,
    duplicate, office_edits, edits_total, received, participants,
    consulted_units, responding_units, no_opinion_units, item_edits (an item's
    "修改完善两处"), occurrences ("中的3处"), channel:网站 (per channel)…
    """

    key: str
    value: int
    text: str  # the phrase as written: "12个单位列席"
    line: int  # 1-based line in the report text
    approx: bool = False  # "80多条", "100余条"
    scope: str = "report"  # report | item | office


class Period(TypedDict):
    """A consultation period, ISO dates ("2023-05-01"); either end may be unknown."""

    start: str | None
    end: str | None


class ReviewInfo(TypedDict):
    """The review (meeting or consultation) a report describes, as read from its title and intro."""

    kind: str  # "常务会审议" | "会议审议" | "公开征求意见" | "书面征求意见" | ""
    meeting: str
    date: str | None  # ISO
    time_of_day: str  # "上午"
    place: str
    chair: str
    attendees: list[str]
    channels: list[str]
    period: Period | None
    office: str
    doc_title: str
    short_name: str
    doc_title_in_text: NotRequired[str]  # the intro's spelling, when it differs from the title's
    consulted: NotRequired[list[str]]
    proposers_listed: NotRequired[list[str]]
    proposers_listed_leaders: NotRequired[str]
    issuer: NotRequired[str]
    issued: NotRequired[str]  # ISO


@dataclass(frozen=True)
class ParsedEdit:
    kind: str  # replace|insert_before|insert_after|delete|column|summary|other
    locator: str | None  # as written: "P3倒数第五行", "第八条第一款"
    locator_kind: str | None  # page_line|article|section|part
    part: str | None  # "附件1"
    old: str | None
    new: str | None
    scope: str | None  # "3处"
    text: str  # the sentence as written
    line: int
    # additions beyond the contract
    parsed: dict[str, object] | None = None  # the page/line locator parsed (parse_locator fields)
    places: tuple[tuple[str | None, str], ...] = ()  # ("P3顺数第十一行", "转化50项重大科技成果"), …
    context: str | None = None  # a longer quote holding ``old`` ("在…“X”中，将“Y”改为…")
    group: int = 0  # which narrated edit (一是 = 1, 二是 = 2; 0 when not enumerated)
    intro: str = ""  # narration before the change, within its group
    note: str = ""  # narration after the change, within its group
    reason: str = ""  # 理由 given for this edit (office edits)
    quoted: bool = True  # False when ``old`` was not in quotation marks ("附件3中的依托单位")
    follows: bool = False  # a follow-up change ("并对应修改了附件1的…一栏") whose new text is implied


@dataclass(frozen=True)
class ParsedOpinion:
    number: int | None
    proposer: str
    text: str
    decision: str | None  # adopted|partially_adopted|not_adopted|already_reflected|referred|duplicate|no_opinion
    decision_text: str  # as written: "予以全部采纳"
    reason: str
    edits: tuple[ParsedEdit, ...]
    line: int
    decision_line: int
    # additions beyond the contract
    narrative: str = ""  # said in the decision before the edits ("市工信委在……进行修改完善。")
    proposals: tuple[ParsedEdit, ...] = ()  # changes the opinion itself proposes ("建议将……修改为……")
    duplicate_of: int | None = None  # "与建议(2)重复"
    via: str = ""  # channel given with the proposer: "网站留言"
    locator: str | None = None  # from a table's 页码/条款 column
    section: str = ""  # the heading the item stands under ("一、采纳的意见")


@dataclass(frozen=True)
class ParsedReport:
    title: str
    review: ReviewInfo
    stated_counts: tuple[StatedCount, ...]
    proposers: tuple[str, ...]
    opinions: tuple[ParsedOpinion, ...]
    own_edits: tuple[ParsedEdit, ...]
    own_edits_line: int | None
    warnings: tuple[str, ...]
    lines: tuple[str, ...] = field(default=())
    # additions beyond the contract
    label: str = ""  # "附件2" above the title
    intro: str = ""  # the paragraphs before the items
    own_edits_by: str = ""  # the office that made its own edits
    own_edits_intro: str = ""  # "政府常务会后，市科知局组织人员对《实施方案》逐字逐局进行审核、校对，"
    unparsed: tuple[tuple[int, str], ...] = ()  # (line, text) kept but not understood
    summarised: tuple[str, ...] = ()  # counts (decisions, or "received") the report sums up without listing each


def _edit_json(e: ParsedEdit) -> dict[str, Any]:
    d: dict[str, Any] = {
        "kind": e.kind,
        "locator": e.locator,
        "locator_kind": e.locator_kind,
        "part": e.part,
        "old": e.old,
        "new": e.new,
        "scope": e.scope,
        "text": e.text,
        "line": e.line,
    }
    if e.parsed is not None:
        d["parsed"] = e.parsed
    if e.places:
        d["places"] = [{"locator": loc, "quote": q} for loc, q in e.places]
    if e.context:
        d["context"] = e.context
    if e.group:
        d["group"] = e.group
    for key in ("intro", "note", "reason"):
        if getattr(e, key):
            d[key] = getattr(e, key)
    if not e.quoted:
        d["quoted"] = False
    if e.follows:
        d["follows"] = True
    return d


def to_json(report: ParsedReport) -> dict[str, Any]:
    """The issue's JSON shape (extra keys allowed)."""
    counts: dict[str, int] = {}
    for c in report.stated_counts:
        if c.scope == "report" and c.key not in counts:
            counts[c.key] = c.value
    opinions = []
    for op in report.opinions:
        d: dict[str, Any] = {
            "number": op.number,
            "proposer": op.proposer,
            "text": op.text,
            "decision": op.decision,
            "decision_text": op.decision_text,
            "reason": op.reason,
            "edits": [_edit_json(e) for e in op.edits],
            "line": op.line,
            "decision_line": op.decision_line,
        }
        if op.narrative:
            d["narrative"] = op.narrative
        if op.proposals:
            d["proposals"] = [_edit_json(e) for e in op.proposals]
        if op.duplicate_of is not None:
            d["duplicate_of"] = op.duplicate_of
        if op.via:
            d["via"] = op.via
        if op.locator:
            d["locator"] = op.locator
        if op.section:
            d["section"] = op.section
        opinions.append(d)
    return {
        "title": report.title,
        "label": report.label,
        "review": dict(report.review),
        "stated_counts": counts,
        "stated_counts_all": [
            {"key": c.key, "value": c.value, "text": c.text, "line": c.line, "approx": c.approx, "scope": c.scope}
            for c in report.stated_counts
        ],
        "proposers": list(report.proposers),
        "opinions": opinions,
        "own_edits": [_edit_json(e) for e in report.own_edits],
        "own_edits_line": report.own_edits_line,
        "own_edits_by": report.own_edits_by,
        "own_edits_intro": report.own_edits_intro,
        "unparsed": [{"line": n, "text": t} for n, t in report.unparsed],
        "summarised": list(report.summarised),
        "warnings": list(report.warnings),
    }
