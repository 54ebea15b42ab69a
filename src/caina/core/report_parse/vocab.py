"""The genre's vocabulary: how reports word a decision, a duplicate, a unit with no opinion."""

from __future__ import annotations

import re
from dataclasses import dataclass

from caina.core.report_parse.text import NUM, to_int

ADOPTED = "adopted"
PARTIAL = "partially_adopted"
NOT_ADOPTED = "not_adopted"
REFLECTED = "already_reflected"
REFERRED = "referred"
DUPLICATE = "duplicate"
NO_OPINION = "no_opinion"

DECISIONS = (ADOPTED, PARTIAL, NOT_ADOPTED, REFLECTED, REFERRED, DUPLICATE, NO_OPINION)
ADOPTING = (ADOPTED, PARTIAL)

# wording → decision; searched leftmost-first, longest wording first at one place
_WORDS: dict[str, str] = {}
for _value, _words in (
    (ADOPTED, "予以全部采纳 全部予以采纳 全部采纳 予以采纳 已予采纳 吸收采纳 予以吸收 已吸收采纳 已经采纳 已采纳 采纳 "
              "已吸收 吸收 同意采纳 已按意见修改 已按建议修改 照此修改 已修改"),
    (PARTIAL, "予以部分采纳 部分予以采纳 部分采纳 部分吸收 基本采纳 参考采纳 酌情采纳 部分同意 部分已采纳"),
    (NOT_ADOPTED, "不予采纳 不采纳 未予采纳 未采纳 暂不采纳 暂未采纳 暂未直接采纳 暂不予采纳 不予吸收 未予吸收 未吸收 暂不吸收 "
                  "不同意 暂不作修改 不作修改 未作修改 作出解释说明 作解释说明 已作解释 已作说明 予以解释说明"),
    (REFLECTED, "已有体现 已体现 已予体现 已作体现 已有规定 已作规定 已作出规定 已有相关规定 已涵盖 已包含 已明确 已有表述"),
    (REFERRED, "转有关部门研究 转有关部门 转相关部门研究 转相关部门 转交有关部门 转交 转送 转请 移交有关部门 移交 "
               "转有关单位研究 转有关单位"),
    (NO_OPINION, "无修改意见 无意见 无异议 没有意见 没有修改意见 视作无意见 视为无意见 视同无意见 无新的意见"),
    (DUPLICATE, "重复意见 意见重复 重复"),
):
    for _w in _words.split():
        _WORDS[_w] = _value

# issue 10 (reports written elsewhere): other offices' words for the same decisions; kept apart from the
# list above (the decision vocabulary shared with review.yaml is another helper's)
for _value, _words in (
    (ADOPTED, "予以采用 已采用 予以接受 已接受"),
    (PARTIAL, "部分采用 部分接受"),
    (NOT_ADOPTED, "不予采用 未予采用 未采用 不采用 不予接受 未接受 不作调整 维持原表述 保留原表述 维持原规定 维持原条款 暂缓采纳 不作规定 不宜规定 不再规定 不宜作出规定 不宜作规定"),
    (REFERRED, "转有关部门参阅 转相关部门参阅 转有关部门参考"),
):
    for _w in _words.split():
        _WORDS.setdefault(_w, _value)

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


_NEGATION = re.compile(r"(?:暂未能|暂不能|未能|不能|无法|难以|没有|暂不|暂未|不予|未予|未被|不宜|不|未)(?:予以|予|被)?$")


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
