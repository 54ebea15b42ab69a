"""How offices word a decision on an opinion: one vocabulary for review.yaml and for imported reports.

:data:`WORDS` maps every wording seen in real reports ("予以采纳", "吸收", "原则采纳",
"暂不采纳", "未采纳", "已有体现", "转有关部门研究" …) to its meaning, a string value:
the :class:`~caina.core.decisions.Disposition` values ("adopted", "partially_adopted",
"not_adopted", "already_reflected", "referred") and two meanings a report may state
but review.yaml records otherwise ("duplicate", "no_opinion").

- ``caina.core.report_parse.vocab`` searches reports for these wordings;
- ``review.yaml``'s ``decision:`` accepts every wording whose meaning is a disposition
  (:func:`disposition_value`), plus "待定"/"未定" (not decided yet) and the English keys;
- a wording it does not know gets a suggestion of the *same* meaning only
  (:func:`suggest`): a negated wording ("没采纳", "不用采纳") is never answered
  with an adopting one, an adopting wording never with a refusing one.

Choices worth knowing: "原则采纳" and "基本采纳" (adopted in principle / in the main)
are partial adoptions: the office kept part of what was asked and says why, as a
部分采纳 must. "作出解释说明" is not adopted (answered by explaining). Pure data and
string functions; no I/O.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "ADOPTED", "PARTIAL", "NOT_ADOPTED", "REFLECTED", "REFERRED", "DUPLICATE", "NO_OPINION", "PENDING",
    "WORDS", "REVIEW_ONLY", "MEANING_LABELS", "disposition_value", "meaning", "suggest",
]  # fmt: skip

ADOPTED = "adopted"
PARTIAL = "partially_adopted"
NOT_ADOPTED = "not_adopted"
REFLECTED = "already_reflected"
REFERRED = "referred"
DUPLICATE = "duplicate"
NO_OPINION = "no_opinion"
PENDING = "pending"

DISPOSITION_VALUES = (ADOPTED, PARTIAL, NOT_ADOPTED, REFLECTED, REFERRED)

#: wording → meaning, for reports and review.yaml alike
WORDS: dict[str, str] = {}
for _value, _words in (
    (ADOPTED, "予以全部采纳 全部予以采纳 全部采纳 予以采纳 已予采纳 吸收采纳 予以吸收 已吸收采纳 已经采纳 已采纳 采纳 "
              "已吸收 吸收 同意采纳 已按意见修改 已按建议修改 照此修改 已修改 予以采用"),
    (PARTIAL, "予以部分采纳 部分予以采纳 部分采纳 部份采纳 部分吸收 基本采纳 原则采纳 原则上采纳 参考采纳 酌情采纳 部分同意 "
              "部分已采纳 部分采用 部分吸收采纳"),
    (NOT_ADOPTED, "不予采纳 不采纳 未予采纳 未采纳 暂不采纳 暂未采纳 暂未直接采纳 暂不予采纳 不予吸收 未予吸收 未吸收 暂不吸收 "
                  "不同意 暂不作修改 不作修改 未作修改 作出解释说明 作解释说明 已作解释 已作说明 予以解释说明 没有采纳 "
                  "未被采纳 不予采用 未采用"),
    (REFLECTED, "已有体现 已体现 已予体现 已作体现 已有规定 已作规定 已作出规定 已有相关规定 已涵盖 已包含 已明确 已有表述"),
    (REFERRED, "转有关部门研究 转有关部门 转相关部门研究 转相关部门 转交有关部门 转交 转送 转请 移交有关部门 移交 "
               "转有关单位研究 转有关单位"),
    (NO_OPINION, "无修改意见 无意见 无异议 没有意见 没有修改意见 视作无意见 视为无意见 视同无意见 无新的意见"),
    (DUPLICATE, "重复意见 意见重复 重复"),
):
    for _w in _words.split():
        WORDS[_w] = _value

#: wordings review.yaml accepts besides :data:`WORDS` (never searched for in reports)
REVIEW_ONLY: dict[str, str] = {
    ADOPTED: ADOPTED, PARTIAL: PARTIAL, NOT_ADOPTED: NOT_ADOPTED, REFLECTED: REFLECTED, REFERRED: REFERRED,
    PENDING: PENDING, "待定": PENDING, "未定": PENDING, "待研究": PENDING,
}  # fmt: skip

#: the house label of each meaning (what review_writer writes and the report's counts say)
MEANING_LABELS: dict[str, str] = {
    ADOPTED: "全部采纳", PARTIAL: "部分采纳", NOT_ADOPTED: "不予采纳", REFLECTED: "已有体现",
    REFERRED: "转有关部门研究", PENDING: "待定", DUPLICATE: "重复意见", NO_OPINION: "无意见",
}  # fmt: skip

_TRAILING = "。．.；;，,！! \u3000"


def _bare(word: str) -> str:
    return word.strip().strip(_TRAILING).strip()


@lru_cache(maxsize=512)
def disposition_value(word: str) -> str | None:
    """The disposition a review.yaml ``decision:`` wording means ("暂不采纳" → "not_adopted"), or None.

    Wordings that mean a duplicate or "no opinion" are not dispositions: None.
    """
    bare = _bare(word)
    value = REVIEW_ONLY.get(bare) or REVIEW_ONLY.get(bare.lower()) or WORDS.get(bare)
    return value if value in (*DISPOSITION_VALUES, PENDING) else None


_KNOWN_RE = re.compile("|".join(re.escape(w) for w in sorted(WORDS, key=len, reverse=True)))
#: a negation written before a wording the table spells positively: "没采纳" "暂未能采纳" "不用吸收"
NEGATION_RE = re.compile(
    r"(?:暂未能|暂不能|未能|不能|无法|难以|没有|暂不|暂未|不予|未予|未被|不宜|不用|不必|无需|不再|没|不|未|否|勿)"
    r"(?:予以|予|被|再)?$"
)
_NEGATIVE_HINT = re.compile(r"[不未没无否勿]|拒绝|驳回")


def meaning(text: str) -> str | None:
    """What a short decision text means, negation included: "没采纳" → not adopted,
    "予以吸收" → adopted, "基本上同意采纳" → adopted; None when it holds no known wording."""
    bare = _bare(text)
    if bare in WORDS:
        return WORDS[bare]
    m = _KNOWN_RE.search(bare)
    if m is None:
        return None
    value = WORDS[m.group(0)]
    before = bare[: m.start()]
    # "不于采纳" (a slip for 不予采纳): any negation before an adopting wording negates it
    if value in (ADOPTED, PARTIAL) and (NEGATION_RE.search(before) or _NEGATIVE_HINT.search(before)):
        return NOT_ADOPTED
    return value


def suggest(word: str) -> str | None:
    """The house label to suggest for an unknown wording, never one of the opposite meaning.

    A wording holding a known one ("没采纳", "同意部分采纳吧") is answered by its meaning;
    otherwise the closest known wording *of the same polarity* (negated or not), or None.
    """
    found = meaning(word)
    if found is not None:
        return MEANING_LABELS.get(found)
    from rapidfuzz import fuzz, process

    negative = bool(_NEGATIVE_HINT.search(word))
    pool = [w for w, v in WORDS.items() if v in DISPOSITION_VALUES and (v == NOT_ADOPTED) == negative]
    pool += [w for w, v in REVIEW_ONLY.items() if v == PENDING and not w.isascii() and not negative]
    best = process.extractOne(_bare(word), pool, scorer=fuzz.ratio, score_cutoff=60)
    if best is None:
        return None
    value = WORDS.get(best[0]) or REVIEW_ONLY.get(best[0])
    return MEANING_LABELS.get(value or "")
