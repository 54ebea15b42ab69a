"""Hypothesis strategies for what users and attackers write: review.yaml, locators, report text.

Each strategy mixes the right vocabulary (field names, decision words, locator
words, report phrases) with the wrong (huge numbers, control characters,
YAML anchors, aliases, tags, flow brackets, odd indentation), so that both the
paths that accept and the paths that refuse are reached.
"""

from __future__ import annotations

import json

from hypothesis import strategies as st

# -- text pieces -------------------------------------------------------------------------

HAN = "的一是在不了有和人这中大为上个国我以要时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
PUNCT = "，。、；：“”‘’（）《》——……！？"
NASTY = ["\x00", "\x01", "\x1b[31m", "\x7f", "\x85", "\u2028", "\ufeff", "\ufffe", "\u202e", "\t", "\r", "\u3000"]


def chinese(max_size: int = 30) -> st.SearchStrategy[str]:
    return st.text(alphabet=HAN + PUNCT, min_size=0, max_size=max_size)


def messy_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Chinese with, now and then, characters no document can hold and bits of YAML syntax."""
    piece = st.one_of(
        chinese(12),
        st.sampled_from(NASTY),
        st.sampled_from([": ", "- ", "#", "&a", "*a", "!!str", "{", "}", "[", "]", "'", '"', "|", ">", "%", "@", "`"]),
        st.text(max_size=4),
    )
    return st.lists(piece, max_size=max_size // 4 + 1).map("".join)


# -- review.yaml ---------------------------------------------------------------------------

DECISIONS = ["全部采纳", "部分采纳", "不予采纳", "已有体现", "转有关部门研究", "待定", "采纳", "不采纳", "同意", ""]
QUOTES = ["重大科技成果", "开展铝焊丝、防爆铝膜等中高端铝精深加工技术攻关", "建立百色市高层次人才“一站式”服务平台", "不存在的原文"]


def _scalar() -> st.SearchStrategy[object]:
    return st.one_of(
        messy_text(20),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.none(),
        st.sampled_from(DECISIONS + QUOTES),
    )


@st.composite
def review_dicts(draw: st.DrawFn) -> dict[str, object]:
    """A review.yaml document as data: mostly the right shape, with wrong values and types drawn in."""
    proposers = draw(st.lists(st.sampled_from(["市财政局", "人社局", "周市长", "铝办", ""]), min_size=0, max_size=3))
    opinions = []
    for _ in range(draw(st.integers(0, 4))):
        op: dict[str, object] = {
            "proposer": draw(st.sampled_from([*proposers, "未登记单位"]) if proposers else st.just("未登记单位")),
            "text": draw(st.one_of(messy_text(30), st.sampled_from(["{target:1}", "{loc:1}{quote:1}", "{edit:x.9}", "{doc}"]))),
            "decision": draw(st.sampled_from(DECISIONS)),
        }
        if draw(st.booleans()):
            op["reason"] = draw(messy_text(20))
        if draw(st.booleans()):
            op["targets"] = draw(
                st.lists(
                    st.one_of(
                        st.sampled_from(QUOTES),
                        st.fixed_dictionaries(
                            {"quote": st.sampled_from(QUOTES)},
                            optional={"occurrence": st.integers(-5, 2**40), "part": st.sampled_from(["正文", "附件1", "附件99"])},
                        ),
                    ),
                    max_size=2,
                )
            )
        if draw(st.booleans()):
            op["number"] = draw(st.integers(-3, 2**40))
        if draw(st.booleans()):
            op["edits"] = draw(st.lists(st.sampled_from(["e1", "e2", "missing"]), max_size=2))
        opinions.append(op)
    edits = [
        {"id": eid, "changes": [{"replace": draw(st.sampled_from(QUOTES)), "with": draw(messy_text(10)),
                                 "scope": draw(st.sampled_from(["one", "all", "part", "bad"]))}]}
        for eid in draw(st.lists(st.sampled_from(["e1", "e2"]), unique=True, max_size=2))
    ]
    doc: dict[str, object] = {
        "review": {
            "kind": draw(st.sampled_from(["常务会审议", "书面征求意见", "公开征求意见", "会议"])),
            "meeting": draw(messy_text(10)),
            "office": draw(st.sampled_from(["市科知局", ""])),
            "date": draw(st.sampled_from(["2019-01-17", "2019-13-40", "昨天", ""])),
            "attending": draw(st.lists(st.sampled_from(["财政局", "人社局", "铝办"]), max_size=3)),
        },
        "proposers": [{"name": n} for n in proposers],
        "opinions": opinions,
        "edits": edits,
    }
    if draw(st.booleans()):
        doc[draw(st.sampled_from(["extra", "opinon", "draft"]))] = draw(_scalar())
    return doc


def _to_yaml(value: object, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        lines = []
        for k, v in value.items():
            body = _to_yaml(v, indent + 2)
            if isinstance(v, dict | list) and v:
                lines.append(f"{pad}{k}:\n{body}")
            else:
                lines.append(f"{pad}{k}: {body}")
        return "\n".join(lines)
    if isinstance(value, list):
        if not value:
            return "[]"
        lines = []
        for v in value:
            body = _to_yaml(v, indent + 2)
            if isinstance(v, dict) and v:
                lines.append(f"{pad}- {body.lstrip()}")
            else:
                lines.append(f"{pad}- {body}")
        return "\n".join(lines)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a YAML double-quoted scalar, escapes included
    return json.dumps(value)


_YAML_NOISE = [
    "&a [*a]\n", "x: &b {k: *b}\n", "- !!python/object:os.system [ls]\n", "!!binary aGk=\n", "<<: *c\n",
    "[" * 80 + "\n", "{" * 80 + "\n", "? [a, b]\n: 1\n", "key: value\nkey: again\n", "---\n", "...\n",
    "  \t- tab\n", "\u3000x: 1\n", "x： 1\n", "%YAML 1.1\n", "a: *undefined\n",
]


@st.composite
def review_yaml(draw: st.DrawFn) -> str:
    """review.yaml text: a drawn document written out, then perhaps cut, spliced with YAML noise or nested."""
    text = _to_yaml(draw(review_dicts())) + "\n"
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.one_of(st.sampled_from(_YAML_NOISE), messy_text(8))) + text[at:]
    if draw(st.integers(0, 9)) == 0:
        depth = draw(st.integers(1, 200))
        text += "deep: " + "[" * depth + "]" * depth + "\n"
    if draw(st.integers(0, 9)) == 0:
        n = draw(st.integers(2, 12))
        text = "a0: &a0 [x, x]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]\n" for i in range(1, n)) + text
    return text


# -- locators ------------------------------------------------------------------------------

_LOC_TOKENS = [
    "P", "p", "Ｐ", "第", "页", "行", "倒数", "顺数", "倒", "顺", "至", "到", "—", "-", "、", "附件", "附", "件",
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百", "千", "万", "亿", "零", "〇", "两",
    "0", "1", "2", "3", "9", "１", "２", " ", "\u3000", "（", "）", "第1页", "倒数第五行", "第3页第5行",
]


@st.composite
def locator_text(draw: st.DrawFn) -> str:
    """Locator-like strings: locator words in any order, numbers of any size, the odd stray character."""
    pieces = draw(st.lists(st.one_of(
        st.sampled_from(_LOC_TOKENS),
        st.integers(0, 10**30).map(str),
        st.text(max_size=2),
    ), min_size=1, max_size=14))
    return "".join(pieces)


# -- report text ---------------------------------------------------------------------------

_REPORT_LINES = [
    "{n}.{who}提出：{text}", "意见采纳情况：{decision}。{text}", "理由：{text}", "{who}等{n}个单位提出了{n}个修改意见。",
    "将《实施方案》P{n}倒数第{cn}行“{text}”修改为“{text}”。", "删除第{n}页第{n}行“{text}”。", "（{cn}）{text}",
    "附件{n}", "| {n} | {who} | {text} | {decision} | {text} |", "|---|---|---|---|---|", "{text}", "",
    "同时，{who}在会后对文本修改{n}处。", "二、{text}", "{cn}、{who}的意见",
]


@st.composite
def report_text(draw: st.DrawFn) -> str:
    """Text that looks like an adoption report: numbered items, decisions, locators, quotes, tables, noise."""
    lines = []
    for _ in range(draw(st.integers(0, 25))):
        template = draw(st.sampled_from(_REPORT_LINES))
        lines.append(
            template.format(
                n=draw(st.integers(-2, 10**12)),
                cn=draw(st.sampled_from(["一", "五", "十五", "九十九", "零", "两", "亿"])),
                who=draw(st.sampled_from(["市财政局", "周市长", "人社局", "", "提出"])),
                decision=draw(st.sampled_from(DECISIONS)),
                text=draw(messy_text(24)),
            )
        )
    return "\n".join(lines)
