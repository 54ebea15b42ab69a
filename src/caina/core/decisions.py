"""The review model: a review (审议/征求意见), its proposers, opinions and decisions.

Pure data; validated input arrives from :mod:`caina.io.review_file`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from caina.core.decision_words import DUPLICATE, WORDS, disposition_value
from caina.core.edits import Edit
from caina.errors import PendingDecisionError, UnknownProposerError


class ReviewKind(StrEnum):
    STANDING_MEETING = "常务会审议"
    WRITTEN = "书面征求意见"
    PUBLIC = "公开征求意见"


class Disposition(StrEnum):
    ADOPTED = "adopted"
    PARTIALLY_ADOPTED = "partially_adopted"
    NOT_ADOPTED = "not_adopted"
    ALREADY_REFLECTED = "already_reflected"
    REFERRED = "referred"
    # not decided yet (e.g. imported from a 意见反馈表); `caina report` refuses
    # while any opinion is pending: see require_decided
    PENDING = "pending"

    @property
    def label(self) -> str:
        return DISPOSITION_LABELS[self]

    @property
    def requires_reason(self) -> bool:
        return self not in (Disposition.ADOPTED, Disposition.PENDING)

    @property
    def allows_edits(self) -> bool:
        return self in (Disposition.ADOPTED, Disposition.PARTIALLY_ADOPTED)


DISPOSITION_LABELS = {
    Disposition.ADOPTED: "全部采纳",
    Disposition.PARTIALLY_ADOPTED: "部分采纳",
    Disposition.NOT_ADOPTED: "不予采纳",
    Disposition.ALREADY_REFLECTED: "已有体现",
    Disposition.REFERRED: "转有关部门研究",
    Disposition.PENDING: "待定",
}

# a duplicate ("与建议(2)重复") takes the decision of the opinion it repeats: see Decision.duplicate_of
def is_duplicate_word(word: str) -> bool:
    """Whether a review.yaml ``decision:`` says the opinion repeats another ("重复", "重复意见", "duplicate")."""
    bare = word.strip().strip("。．.；;，,！! \u3000").strip()
    return bare.lower() == DUPLICATE or WORDS.get(bare) == DUPLICATE


def parse_disposition(word: str) -> Disposition | None:
    """The disposition a wording means ("予以采纳", "暂不采纳", "不予采纳。" with its full stop), or None.

    One vocabulary with the report importer: :mod:`caina.core.decision_words`.
    """
    value = disposition_value(word)
    return Disposition(value) if value is not None else None


class ProposerKind(StrEnum):
    LEADER = "leader"  # 领导
    UNIT = "unit"  # 单位
    PERSON = "person"  # 个人（公开征求意见）


@dataclass(frozen=True, slots=True)
class Proposer:
    id: str
    name: str  # as the report names them: "周市长", "市人力资源社会保障局"
    kind: ProposerKind = ProposerKind.UNIT
    aliases: tuple[str, ...] = ()

    def answers_to(self, name: str) -> bool:
        return name in (self.id, self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Review:
    kind: ReviewKind = ReviewKind.STANDING_MEETING
    meeting: str = ""  # "四届56次政府常务会"
    date: dt.date | None = None
    time_of_day: str = ""  # "上午"
    place: str = ""
    chair: str = ""  # "周异决市长"
    office: str = ""  # the drafting office: "市科知局"
    attending: tuple[str, ...] = ()
    no_opinion: tuple[str, ...] = ()  # units that answered 无意见 (e.g. by a 意见反馈表)
    # the administrative level of the government that reviews (市, 县, 区, 省, 镇 …): the report says
    # "会上，县领导和……"; "" = derived from the chair, the leaders, the meeting or the office (see level_of)
    level: str = ""

    @property
    def meeting_short(self) -> str:
        """"四届56次政府常务会" → "政府常务会"."""
        short = re.sub(r"^.*?[届次]\s*(?=[^届次0-9一二三四五六七八九十]*$)", "", self.meeting)
        return short or self.meeting


@dataclass(frozen=True, slots=True)
class Target:
    """A passage an opinion is about, anchored by quote (like an edit's anchor)."""

    quote: str
    part: str = "正文"
    context: str = ""
    occurrence: int = 0  # 1-based; 0 = the only one
    origin: str = ""  # where it was written (for messages)


@dataclass(frozen=True, slots=True)
class Decision:
    disposition: Disposition
    reason: str = ""  # template text, may hold placeholders
    narrative: str = ""  # text said before the edits
    edit_ids: tuple[str, ...] = ()
    # the number of the opinion this one repeats (0 = none): its disposition is that opinion's,
    # and the report says "与意见N重复" instead of giving a reason of its own
    duplicate_of: int = 0


@dataclass(frozen=True, slots=True)
class Opinion:
    number: int
    proposer_id: str
    text: str  # template text, may hold placeholders
    decision: Decision
    targets: tuple[Target, ...] = ()
    origin: str = ""
    source: str = ""  # where it came from: "意见反馈表_财政局.xlsx 第7行"
    key: str = ""  # stable key of an imported form row (see docs/forms.md); re-import skips it


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """Everything about one review of one draft: who spoke, what was decided, what changed."""

    review: Review
    proposers: tuple[Proposer, ...]
    opinions: tuple[Opinion, ...]
    edits: tuple[Edit, ...] = ()
    office_edit_ids: tuple[str, ...] = ()
    office_intro: str = ""  # text before the office's own edits
    report_label: str = ""  # "附件2" when the report is an attachment
    report_date: dt.date | None = None  # the date under the report's signature (None: the day it is generated)
    report_signed_by: str = ""  # the signature ("" = the drafting office)
    title: str = ""  # the draft's title as the report cites it ("" = as read from the draft)
    short_name: str = ""  # the report's short name for the draft, with its brackets ("" = the draft's own, or derived)

    def proposer(self, key: str, *, where: str = "") -> Proposer:
        for p in self.proposers:
            if p.answers_to(key):
                return p
        raise UnknownProposerError(key, where=where, known=tuple(p.name for p in self.proposers))

    def edit(self, edit_id: str) -> Edit:
        for e in self.edits:
            if e.id == edit_id:
                return e
        raise KeyError(edit_id)


@dataclass(frozen=True, slots=True)
class Counts:
    """Every number the report states, computed from the record."""

    attending: int
    proposers_units: int
    has_leaders: bool
    opinions: int
    by_disposition: dict[Disposition, int]
    office_edits: int

    @property
    def adopted(self) -> int:
        return self.by_disposition.get(Disposition.ADOPTED, 0)

    @property
    def partially_adopted(self) -> int:
        return self.by_disposition.get(Disposition.PARTIALLY_ADOPTED, 0)

    @property
    def not_adopted(self) -> int:
        return self.by_disposition.get(Disposition.NOT_ADOPTED, 0)


def count(record: ReviewRecord) -> Counts:
    by: dict[Disposition, int] = {}
    for op in record.opinions:
        by[op.decision.disposition] = by.get(op.decision.disposition, 0) + 1
    speakers = {op.proposer_id for op in record.opinions}
    units = [p for p in record.proposers if p.id in speakers and p.kind is ProposerKind.UNIT]
    leaders = [p for p in record.proposers if p.id in speakers and p.kind is ProposerKind.LEADER]
    return Counts(
        attending=len(record.review.attending),
        proposers_units=len(units),
        has_leaders=bool(leaders),
        opinions=len(record.opinions),
        by_disposition=by,
        office_edits=len(record.office_edit_ids),
    )


#: the level of a government, by the title of its leaders or the prefix of its bodies
LEVELS = ("自治区", "自治州", "自治县", "省", "市", "州", "盟", "县", "区", "旗", "镇", "乡", "街道")
_TITLE_LEVEL = re.compile(r"(自治区|自治州|自治县|省|市|州|盟|县|区|旗|镇|乡)(?:长|主席)$")
_PREFIX_LEVEL = re.compile(r"^(自治区|自治州|自治县|省|市|州|盟|县|区|旗|镇|乡|街道)(?![长场域级])")


def level_of(record: ReviewRecord) -> str:
    """The level of the government that held the review ("市", "县" …): review.level when written;
    else read from the chair's title ("周异决市长"), the leaders who spoke ("刘副县长"), the meeting
    ("县政府常务会议") or the drafting office ("县农业农村局"); "" when none tells."""
    r = record.review
    if r.level:
        return r.level.strip().removesuffix("级")
    leaders = [p.name for p in record.proposers if p.kind is ProposerKind.LEADER]
    for name in (r.chair, *leaders):
        m = _TITLE_LEVEL.search(name.strip())
        if m:
            return m.group(1)
    for name in (r.meeting, r.office):
        m = _PREFIX_LEVEL.match(name.strip())
        if m:
            return m.group(1)
    return ""


def pending_opinions(record: ReviewRecord) -> tuple[Opinion, ...]:
    """Opinions not decided yet (decision 待定)."""
    return tuple(op for op in record.opinions if op.decision.disposition is Disposition.PENDING)


def require_decided(record: ReviewRecord) -> None:
    """Refuse a report while any opinion is still 待定 (raises :class:`PendingDecisionError`)."""
    pending = pending_opinions(record)
    if pending:
        raise PendingDecisionError(
            tuple(
                f"意见{op.number}（{_proposer_name(record, op.proposer_id)}"
                + (f"，{op.origin}" if op.origin else "")
                + "）"
                for op in pending
            )
        )


def _proposer_name(record: ReviewRecord, proposer_id: str) -> str:
    for p in record.proposers:
        if p.id == proposer_id:
            return p.name
    return proposer_id
