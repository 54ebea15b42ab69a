"""The genre's vocabulary: how reports word a decision, a duplicate, a unit with no opinion."""

from __future__ import annotations

import re
from dataclasses import dataclass

from caina.core import decision_words as _words
from caina.core.decision_words import NEGATION_RE, WORDS
from caina.core.report_parse.text import NUM, to_int

# the meanings: one vocabulary with review.yaml (caina.core.decision_words)
ADOPTED, PARTIAL, NOT_ADOPTED = _words.ADOPTED, _words.PARTIAL, _words.NOT_ADOPTED
REFLECTED, REFERRED, DUPLICATE, NO_OPINION = _words.REFLECTED, _words.REFERRED, _words.DUPLICATE, _words.NO_OPINION

DECISIONS = (ADOPTED, PARTIAL, NOT_ADOPTED, REFLECTED, REFERRED, DUPLICATE, NO_OPINION)
ADOPTING = (ADOPTED, PARTIAL)

# wording → decision, one vocabulary with review.yaml (caina.core.decision_words);
# searched leftmost-first, longest wording first at one place
_WORDS: dict[str, str] = dict(WORDS)

# issue 10 (reports written elsewhere): other offices' words for the same decisions, read in reports only;
# kept apart from the shared vocabulary (caina.core.decision_words), whose owner decides what review.yaml takes
_REPORT_ONLY_WORDS = (
    (ADOPTED, "已采用 予以接受 已接受"),
    (PARTIAL, "部分接受"),
    (NOT_ADOPTED, "未予采用 不采用 不予接受 未接受 不作调整 维持原表述 保留原表述 维持原规定 维持原条款 暂缓采纳"),
    (NOT_ADOPTED, "不作规定 不宜规定 不再规定 不宜作出规定 不宜作规定"),
    (REFERRED, "转有关部门参阅 转相关部门参阅 转有关部门参考"),
)
for _meaning, _wordings in _REPORT_ONLY_WORDS:
    for _w in _wordings.split():
        _WORDS.setdefault(_w, _meaning)

_DECISION_RE = re.compile("|".join(re.escape(w) for w in sorted(_WORDS, key=len, reverse=True)))
# "转市住建局研究" "转交市交通运输局办理"
_REFER_RE = re.compile(r"转(?:交|送|请)?[^，。；、]{2,16}?(?:研究办理|研究处理|研究|办理|处理|参考|研处)")
_REFLECT_RE = re.compile(r"已(?:在|对)[^。；，]{1,30}?(?:中|里)?(?:予以|作出|作了|有所|有)?(?:体现|规定|明确|表述)")
# whole-cell answers of a 是否采纳 column
_CELL = {"是": ADOPTED, "√": ADOPTED, "✓": ADOPTED, "否": NOT_ADOPTED, "×": NOT_ADOPTED, "部分": PARTIAL,
         "无": NO_OPINION, "/": None, "—": None, "-": None}  # fmt: skip
# issue 10: whole-cell answers other offices write in a 是否采纳 column
_CELL.update({"采用": ADOPTED, "不采用": NOT_ADOPTED, "同意": ADOPTED, "已修改": ADOPTED})


@dataclass(frozen=True, slots=True)
class DecisionMatch:
    value: str | None
    text: str  # the wording as written
    start: int
    end: int


def find_decision(text: str, *, whole_cell: bool = False) -> DecisionMatch | None:
    """The first decision wording in ``text`` (its first clause), or None."""
    s = text.strip()
    if whole_cell:
        bare = s.strip("。.；; ")
        if bare in _CELL:
            off = text.index(bare) if bare else 0
            return DecisionMatch(_CELL[bare], bare, off, off + len(bare))
    clause_end = len(text)
    m = re.search(r"理由[：:]|[。；]", text)
    if m:
        clause_end = m.start()
    head = text[:clause_end]
    candidates: list[DecisionMatch] = []
    m1 = _DECISION_RE.search(head)
    if m1:
        candidates.append(DecisionMatch(_WORDS[m1.group(0)], m1.group(0), m1.start(), m1.end()))
    m2 = _REFER_RE.search(head)
    if m2:
        candidates.append(DecisionMatch(REFERRED, m2.group(0), m2.start(), m2.end()))
    m3 = _REFLECT_RE.search(head)
    if m3:
        candidates.append(DecisionMatch(REFLECTED, m3.group(0), m3.start(), m3.end()))
    dup = find_duplicate(head)
    if dup is not None:
        candidates.append(DecisionMatch(DUPLICATE, dup[1], dup[2], dup[3]))
    if not candidates:
        return None
    # leftmost; at one place the longest wording
    best = min(candidates, key=lambda c: (c.start, -(c.end - c.start)))
    if best.value in (ADOPTED, PARTIAL):  # "未予吸收" "暂未能采纳" "没有采纳": a negation the list does not spell out
        neg = _NEGATION.search(head, 0, best.start)
        if neg is not None and neg.end() == best.start:
            return DecisionMatch(NOT_ADOPTED, head[neg.start() : best.end], neg.start(), best.end)
    return best


_NEGATION = NEGATION_RE  # one negation vocabulary with review.yaml


_DUP_RES = (
    re.compile(rf"与(?:序号|第)?\s*(?:建议|意见)?\s*[（(]?\s*({NUM})\s*[)）]?\s*(?:条|项|号)?(?:意见|建议)?(?:内容)?(?:重复|相同|一致)"),
    re.compile(rf"同(?:序号|第)\s*({NUM})\s*(?:条|项|号)?(?:意见|建议)?"),
    re.compile(rf"同(?:建议|意见)\s*[（(]?\s*({NUM})\s*[)）]?"),
    re.compile(r"同上"),
)


def find_duplicate(text: str) -> tuple[int | None, str, int, int] | None:
    """("与建议(2)重复" → (2, the words, start, end)), or None."""
    best = None
    for pattern in _DUP_RES:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[2]):
            number = to_int(m.group(1)) if m.groups() else None
            best = (number, m.group(0), m.start(), m.end())
    return best


def is_explained(decision: str | None, decision_text: str) -> bool:
    """"作出解释说明": not adopted, but answered by explaining (reports may count these apart)."""
    return decision == NOT_ADOPTED and "解释" in (decision_text or "")


def is_decision_word(text: str) -> bool:
    return bool(_DECISION_RE.fullmatch(text.strip("。 ")))


# --- proposers ---------------------------------------------------------

_LEADER_TITLES = (
    "副市长 市长 副书记 书记 副省长 省长 副区长 区长 副县长 县长 副州长 州长 副主席 主席 副主任 主任 秘书长 "
    "副部长 部长 副厅长 厅长 副局长 局长 副盟长 盟长 副旗长 旗长 副镇长 镇长 副乡长 乡长 市领导 省领导 区领导 县领导 领导"
).split()
_UNIT_ENDINGS = tuple(
    "局 委 办 院 会 所 厅 部 处 室 站 中心 公司 集团 政府 办公室 委员会 管委会 学校 大学 学院 医院 银行 法院 检察院 "
    "街道 社区 协会 商会 联合会 支队 大队 分局 银保监分局 海关 园区 工委".split()
)
_ANONYMOUS_RE = re.compile(
    r"^(?:有的|有些|一些|部分|个别|还有的|另有|多位|少数|不少"
    r"|有(?=企业|市民|群众|网民|代表|委员|专家|律师|学者|居民|村民|读者|同志|人士))"
)
LEADER_TITLES = tuple(_LEADER_TITLES)
UNIT_ENDINGS = _UNIT_ENDINGS
_MASKED_RE = re.compile(r"[*＊×Ｘx某]")


def proposer_kind(name: str) -> str:
    """leader / unit / person for a proposer as the report names it."""
    n = name.strip()
    if not n:
        return "person"
    if _ANONYMOUS_RE.match(n):
        return "person"
    if n.endswith(tuple(_LEADER_TITLES)):  # "周市长" "李副市长" "王主任" "市领导"
        return "leader"
    if n.endswith(_UNIT_ENDINGS):
        return "unit"
    if _MASKED_RE.search(n) or len(n) <= 4:
        return "person"
    return "unit"
