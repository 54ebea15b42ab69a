"""Parse a written adoption report (意见采纳情况) into structured data.

Pure: text in, frozen dataclasses out. No I/O, no python-docx.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StatedCount:
    key: str  # attending_units, proposer_units, opinions, adopted, partially_adopted, ...
    value: int
    text: str  # the phrase as written: "12个单位列席"
    line: int  # 1-based line in the report text


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


@dataclass(frozen=True)
class ParsedReport:
    title: str
    review: dict  # kind, meeting, date (ISO), time_of_day, place, chair, attendees, channels, period, office, doc_title, short_name
    stated_counts: tuple[StatedCount, ...]
    proposers: tuple[str, ...]
    opinions: tuple[ParsedOpinion, ...]
    own_edits: tuple[ParsedEdit, ...]
    own_edits_line: int | None
    warnings: tuple[str, ...]
    lines: tuple[str, ...] = field(default=())


def parse_report(text: str) -> ParsedReport:  # pragma: no cover - replaced below
    raise NotImplementedError


def to_json(report: ParsedReport) -> dict:  # pragma: no cover - replaced below
    raise NotImplementedError
