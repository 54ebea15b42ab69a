"""The 公开征求意见情况 section of the 意见采纳情况 report, as text computed from a consultation's facts.

:class:`ConsultationFacts` holds what the store says about one consultation — the published statistics
(``caina consult stats``), the groups the office decided on and the counts of those decisions — and
:func:`consultation_section` words it. Nothing here is typed by hand: every number is one of the facts.

How a group decision counts (docs/consult.md): the office decides on a group (归并后的一条意见); the group
counts once under its decision ("予以采纳3条"), and the comments it holds are said beside it ("涉及意见2,389条").
Each group has exactly one state — one of the decisions, 与其他意见重复, or not decided — so the groups of the
states add up to the merged total ("经归并为Z条") and their comments to the comments received ("意见Y条").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from caina.core.consult.units import GENERAL

__all__ = [
    "DECISION_ORDER", "DECISION_WORDS", "GroupFact", "ConsultationFacts", "ConsultSection", "consultation_section",
    "decision_counts", "facts_from",
]  # fmt: skip

HEADING = "公开征求意见情况"
# the vocabulary of the rest of caina (Disposition values), and duplicate
DECISION_ORDER = ("adopted", "partially_adopted", "not_adopted", "already_reflected", "referred", "duplicate")
DECISION_WORDS = {
    "adopted": "予以采纳",
    "partially_adopted": "部分采纳",
    "not_adopted": "不予采纳",
    "already_reflected": "已有体现",
    "referred": "转有关部门研究",
    "duplicate": "与其他意见重复",
}
KIND_WORDS = {"campaign": "内容基本相同的意见", "duplicate": "内容相同的意见", "single": "意见"}
REPRESENTATIVE_CHARS = 150  # a representative comment is quoted up to this many characters
TOP_ARTICLES = 10  # the articles named one by one in the per-article sentence
TOP_UNDECIDED = 5  # with no decision yet, the largest groups are named


@dataclass(frozen=True)
class GroupFact:
    number: int  # the group's number in the analysis (1 = the largest)
    size: int  # comments in the group
    kind: str  # single | duplicate | campaign
    units: tuple[str, ...]  # the articles it is about (总体 when none)
    representative: str
    disposition: str = ""  # "" not decided; else one of DECISION_ORDER
    reason: str = ""
    duplicate_of: int | None = None  # duplicate: the number of the group it repeats


@dataclass(frozen=True)
class ConsultationFacts:
    name: str
    comments: int
    participants: int
    distinct: int
    group_count: int
    campaigns: tuple[int, int]  # (groups, comments)
    duplicates: tuple[int, int]  # (groups, comments) of exact duplicates
    by_article: tuple[tuple[str, int], ...]  # the draft's order, 总体 last
    by_channel: tuple[tuple[str, int], ...]  # largest first
    by_day: tuple[tuple[str, int], ...]
    rejected: int
    decided: tuple[tuple[str, int, int], ...]  # (decision, groups, comments) in DECISION_ORDER, only those > 0
    undecided: tuple[int, int]  # (groups, comments) without a decision
    groups: tuple[GroupFact, ...] = field(default=())  # the groups the section names

    @property
    def first_day(self) -> str:
        days = [d for d, _ in self.by_day if d[:4].isdigit()]
        return min(days) if days else ""

    @property
    def last_day(self) -> str:
        days = [d for d, _ in self.by_day if d[:4].isdigit()]
        return max(days) if days else ""


@dataclass(frozen=True)
class ConsultSection:
    heading: str
    paragraphs: tuple[str, ...]


def decision_counts(decisions: Sequence[tuple[str, int]], group_count: int, comments: int) -> tuple[tuple[tuple[str, int, int], ...], tuple[int, int]]:
    """Per decision (groups, comments) from one (decision, size) per decided group, and what is left undecided."""
    per: dict[str, list[int]] = {}
    for decision, size in decisions:
        entry = per.setdefault(decision, [0, 0])
        entry[0] += 1
        entry[1] += size
    decided = tuple((d, per[d][0], per[d][1]) for d in DECISION_ORDER if d in per)
    groups = sum(g for _, g, _ in decided)
    held = sum(c for _, _, c in decided)
    return decided, (group_count - groups, comments - held)


def facts_from(name: str, stats: Mapping[str, Any], decided: Sequence[GroupFact], largest: Sequence[GroupFact]) -> ConsultationFacts:
    """The facts of a consultation: its statistics (the JSON of ``caina consult stats``), every decided group
    (one :class:`GroupFact` per group, with its current size) and the largest groups (named when none is decided)."""
    decisions, undecided = decision_counts([(g.disposition, g.size) for g in decided], int(stats["group_count"]), int(stats["comments"]))
    named = sorted((g for g in decided if g.disposition != "duplicate"), key=lambda g: (-g.size, g.number))
    if not decided:
        named = list(largest[:TOP_UNDECIDED])
    return ConsultationFacts(
        name=name,
        comments=int(stats["comments"]),
        participants=int(stats["participants"]),
        distinct=int(stats["distinct"]),
        group_count=int(stats["group_count"]),
        campaigns=(int(stats["campaigns"]["groups"]), int(stats["campaigns"]["comments"])),
        duplicates=(int(stats["duplicates"]["groups"]), int(stats["duplicates"]["comments"])),
        by_article=tuple((str(k), int(v)) for k, v in stats["by_article"].items()),
        by_channel=tuple(sorted(((str(k), int(v)) for k, v in stats["by_channel"].items()), key=lambda kv: (-kv[1], kv[0]))),
        by_day=tuple((str(k), int(v)) for k, v in stats["by_day"].items()),
        rejected=int(stats.get("rejected", 0)),
        decided=decisions,
        undecided=undecided,
        groups=tuple(named),
    )


def _day(iso: str) -> str:
    y, m, d = iso[:10].split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


def _period(facts: ConsultationFacts) -> str:
    first, last = facts.first_day, facts.last_day
    if not first:
        return ""
    if first == last:
        return f"{_day(first)}，"
    a, b = _day(first), _day(last)
    if first[:4] == last[:4]:  # 2026年3月1日至4月1日
        b = b.split("年", 1)[1]
    return f"{a}至{b}，"


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > REPRESENTATIVE_CHARS:
        text = text[:REPRESENTATIVE_CHARS] + "……"
    inner = text.replace("“", "‘").replace("”", "’")
    return f"“{inner}”"


def _end(text: str) -> str:
    text = text.rstrip()
    return text if not text or text[-1] in "。！？；" else text + "。"


def _received(facts: ConsultationFacts, doc: str, office: str) -> str:
    who = office or "起草单位"
    text = f"{_period(facts)}{who}就{doc}公开征求意见，共有{facts.participants}人提出意见{facts.comments}条"
    dup_g, dup_c = facts.duplicates
    camp_g, camp_c = facts.campaigns
    singles = facts.group_count - dup_g - camp_g
    parts = []
    if dup_g:
        parts.append(f"内容相同的意见{dup_c}条归为{dup_g}条")
    if camp_g:
        parts.append(f"内容基本相同的意见{camp_c}条归为{camp_g}条")
    if parts:
        text += f"，经归并为{facts.group_count}条（{'，'.join(parts)}，其余{singles}条各计1条）。"
    else:
        text += f"，经归并为{facts.group_count}条。"
    channels = [(k, v) for k, v in facts.by_channel if v]
    if len(channels) > 1:
        named = [f"{'未注明渠道的' if k == '未注明' else '通过' + k + '提出'}{v}条" for k, v in channels]
        text += "其中，" + "、".join(named) + "。"
    elif channels and channels[0][0] != "未注明":
        text += f"意见均通过{channels[0][0]}提出。"
    if facts.rejected:
        text += f"另有{facts.rejected}条记录因内容为空、格式有误等原因未能导入，未计入上述数字。"
    return text


def _articles(facts: ConsultationFacts) -> str:
    counted = [(k, v) for k, v in facts.by_article if k != GENERAL and v]
    general = sum(v for k, v in facts.by_article if k == GENERAL)
    if not counted:
        return f"意见均针对{'草案总体' if general else '草案'}，未指明具体条款。" if facts.comments else ""
    order = {k: i for i, (k, _) in enumerate(counted)}
    top = sorted(counted, key=lambda kv: (-kv[1], order[kv[0]]))[:TOP_ARTICLES]
    named = {k for k, _ in top}
    rest = [(k, v) for k, v in counted if k not in named]
    text = f"按所涉条款统计（一条意见涉及几个条款的，每个条款各计1次），意见涉及{len(counted)}个条款"
    text += "，较多的是" + "、".join(f"{k}{v}条" for k, v in top)
    if rest:
        text += f"，其余{len(rest)}个条款共{sum(v for _, v in rest)}条"
    text += f"；针对草案总体、未指明条款的{general}条。" if general else "。"
    return text


def _decisions(facts: ConsultationFacts, office: str) -> str:
    if not facts.decided:
        return f"{office or '起草单位'}尚未对归并后的意见作出采纳决定。"
    said = []
    for decision, groups, comments in facts.decided:
        said.append(f"{DECISION_WORDS[decision]}{groups}条（涉及意见{comments}条）")
    text = f"对归并后的{facts.group_count}条意见，" + "，".join(said)
    groups, comments = facts.undecided
    if groups:
        text += f"；其余{groups}条（涉及意见{comments}条）未逐条作出采纳决定"
    return text + "。"


def _group(i: int, g: GroupFact) -> str:
    units = "、".join(g.units) if g.units else GENERAL
    about = "针对草案总体" if units == GENERAL else f"关于{units}"
    kind = KIND_WORDS.get(g.kind, "意见")
    quote = _quote(g.representative)
    text = f"（{i}）{about}，{kind}{g.size}条：{quote}"
    if quote[-2] not in "。！？…":  # “……建议明确适用范围。” already ends its sentence
        text += "。"
    if not g.disposition:
        return text + "尚未作出采纳决定。"
    text += f"采纳情况：{DECISION_WORDS[g.disposition]}。"
    if g.reason:
        text += "理由：" + _end(g.reason)
    return text


def consultation_section(facts: ConsultationFacts, doc: str, office: str = "") -> ConsultSection:
    """The section: how many came in and how they were merged, by article, the decisions counted per group,
    and the groups decided on (largest first) with their representative comment and decision."""
    paragraphs = [_received(facts, doc, office), _articles(facts), _decisions(facts, office)]
    if facts.groups:
        lead = "主要意见及采纳情况如下：" if facts.decided else "意见较为集中的几个方面如下："
        paragraphs.append(lead)
        paragraphs.extend(_group(i, g) for i, g in enumerate(facts.groups, 1))
    return ConsultSection(HEADING, tuple(p for p in paragraphs if p))
