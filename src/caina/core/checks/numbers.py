"""Numbers as GB/T 15835—2011 (出版物上数字用法) writes them, and counts that disagree with what they count.

- ``number.usage`` — the number rules of :data:`caina.core.checks.data.pairs.NUMBER_RULES`:
  "三、四个" (两数连用表示概数不用顿号), "二0二四年" (汉字年份中的“〇”), "约100人左右"
  (约 with 左右/余/多), "2023915日" (a date without 年 and 月), "20～30%" (the first
  number of a range keeps its % or 万/亿);
- ``count.heading`` — a count in a heading or a lead-in that disagrees with the items listed
  under it: "（一）主要任务（五项）" followed by four items, "采取以下三项措施：一是……二是……
  三是……四是……". Items are counted only where they are clearly delimited: consecutive
  markers from 1 (一是/二是, （一）（二）, 1. 2., ①②) in the same paragraph, or paragraphs
  that open with the next level's markers until a heading of the same or a higher level.
  A report's own section counts ("三、不予采纳的意见（2条）") are compared with the items the
  report parser reads under that section.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from caina.core.checks.base import (
    CheckedDocument,
    CheckOptions,
    Finding,
    Paragraph,
    Severity,
    in_spans,
    old_text_spans,
    register_rule,
)
from caina.core.checks.data.pairs import NUMBER_RULES
from caina.core.numerals import parse_number, to_chinese

NUMBER = register_rule("number.usage", Severity.WARNING, "数字用法（GB/T 15835）")
HEADING_COUNT = register_rule("count.heading", Severity.WARNING, "标题或引语中的数目与所列各项不符")

_RULES = tuple((re.compile(p.pattern), p) for p in NUMBER_RULES)
_HAN_DIGIT = re.compile(r"[一二三四五六七八九]")
_BAD_ZERO = re.compile(r"[0OＯ○零]")


def check(doc: CheckedDocument, options: CheckOptions) -> Iterator[Finding]:
    if options.enabled(NUMBER):
        for para in doc.paragraphs:
            yield from _numbers(doc, para)
    if options.enabled(HEADING_COUNT):
        yield from _heading_counts(doc)


# ---------------------------------------------------------------- GB/T 15835


def _numbers(doc: CheckedDocument, para: Paragraph) -> Iterator[Finding]:
    text = para.text
    if not re.search(r"[0-9０-９一二三四五六七八九〇零○]", text):
        return
    old = old_text_spans(text) if doc.kind == "report" else []
    for pattern, rule in _RULES:
        for m in pattern.finditer(text):
            if in_spans(old, m.start(), m.end()):
                continue
            fix = _fix(rule.source, m)
            if fix is None:
                continue
            yield doc.finding(NUMBER, para, m.start(), m.end(), f"“{m.group(0)}”：{rule.note}", suggestion=fix)


def _fix(source: str, m: re.Match[str]) -> str | None:
    """The corrected text for a match of a number rule, or None when the match is not a slip after all."""
    whole = m.group(0)
    if source.endswith("4.2") and m.lastindex and m.lastindex >= 2:  # 三、四个
        a, b = parse_number(m.group(1)), parse_number(m.group(2))
        if b != a + 1:
            return None  # "一、三个": not two neighbouring numbers
        return f"{m.group(1)}{m.group(2)}"
    if source.endswith("4.1.3"):  # 二0二四年
        year = m.group(1)
        if not (_HAN_DIGIT.search(year) and _BAD_ZERO.search(year)):
            return None
        return _BAD_ZERO.sub("〇", year) + "年"
    if source.endswith("4.1.2"):  # 2023915日
        digits = m.group(1)
        y, rest = digits[:4], digits[4:]
        if len(rest) == 3:
            return f"{y}年{rest[0]}月{rest[1:]}日（或{y}年{rest[:2]}月{rest[2]}日）"
        return f"{y}年{int(rest[:2])}月{int(rest[2:])}日"
    if source.endswith("4.1.7"):  # 20～30%
        low, high, unit = m.group(1), m.group(2), m.group(3)
        return f"{low}{unit}～{high}{unit}"
    return "删去“约”“近”或“左右”“余”“多”之一" if whole else None


# ---------------------------------------------------------------- counts in headings and lead-ins

_CN = "一二三四五六七八九十"
# the count a heading or a lead-in states: "（五项）" "以下三项措施：" "主要有4个方面：" "（共3条）"
_HEAD_COUNT = re.compile(
    rf"[（(]\s*(?:共)?(?P<a>[0-9]{{1,2}}|[{_CN}]{{1,3}})\s*(?:项|条|个|点|类|方面)\s*[)）]\s*$"
    rf"|(?:以下|如下|下列|主要有|主要是|包括|分为|共有|有)\s*(?P<b>[0-9]{{1,2}}|[{_CN}]{{1,3}})\s*(?:个|项|条|点|类|种|大|方面)"
    r"(?:方面|任务|措施|工作|重点|原则|目标|环节|问题|意见|建议|内容|要求|举措|机制|职责|事项|情形|工程|行动)?"
    r"[^，。；：:]{0,6}[：:]"
)
# item markers, by kind; the group is the number
_MARKERS = {
    "yishi": re.compile(rf"(?:^|(?<=[。；：，\s]))([{_CN}]{{1,3}})是"),
    "paren": re.compile(rf"(?:^|(?<=[。；：，\s]))[（(]([{_CN}]{{1,3}})[)）]"),
    "arabic": re.compile(r"(?:^|(?<=[。；：，\s]))([0-9]{1,2})[.．、](?![0-9])"),
    "circled": re.compile(r"([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])"),
    "han": re.compile(rf"^([{_CN}]{{1,3}})、"),
}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_LEVEL = {"han": 1, "paren": 2, "arabic": 3, "yishi": 4, "circled": 5}
_MAX_LISTED = 300  # paragraphs read under one count: a list is never longer, and this bounds the work


def _value(kind: str, raw: str) -> int | None:
    if kind == "circled":
        return _CIRCLED.index(raw) + 1
    try:
        return parse_number(raw)
    except ValueError:
        return None


def _run_in(text: str, start: int) -> tuple[str, int] | None:
    """The longest run of consecutive markers (from 1) in text[start:], as (kind, how many)."""
    best: tuple[str, int] | None = None
    for kind in ("yishi", "paren", "arabic", "circled"):
        expected = 1
        for m in _MARKERS[kind].finditer(text, start):
            v = _value(kind, m.group(1))
            if v == expected:
                expected += 1
            elif v is not None and v > expected:
                return None  # "一是……三是……": a gap; the list is not clearly delimited
        n = expected - 1
        if n >= 2 and (best is None or n > best[1]):
            best = (kind, n)
    return best


def _opening(para: Paragraph) -> tuple[str, int] | None:
    """The marker a paragraph opens with: ("paren", 3) for "（三）……"."""
    for kind in ("han", "paren", "arabic", "yishi", "circled"):
        m = _MARKERS[kind].match(para.text.strip())
        if m:
            v = _value(kind, m.group(1))
            if v is not None:
                return kind, v
    return None


def _heading_counts(doc: CheckedDocument) -> Iterator[Finding]:
    paras = doc.paragraphs
    for k, para in enumerate(paras):
        text = para.text
        m = _HEAD_COUNT.search(text)
        if m is None:
            continue
        raw = m.group("a") or m.group("b")
        try:
            stated = parse_number(raw)
        except ValueError:
            continue
        if not 2 <= stated <= 30:
            continue
        found = _items_after(paras, k, m.end())
        if found is None:
            continue
        count, how = found
        if count == stated:
            continue
        said = m.group(0).strip("：: ")
        right = str(count) if raw.isdigit() else to_chinese(count)
        yield doc.finding(
            HEADING_COUNT,
            para,
            m.start(),
            m.end(),
            f"“{said}”说是{stated}，而其下列出{count}{how}",
            suggestion=said.replace(raw, right, 1),
            severity=Severity.WARNING,
        )


def _items_after(paras: tuple[Paragraph, ...], k: int, end: int) -> tuple[int, str] | None:
    """How many items are listed after a count (same paragraph, or the paragraphs under it), or None."""
    text = paras[k].text
    inline = _run_in(text, end)
    if inline is not None:
        return inline[1], "项（同一段中的编号）"
    if end < len(text.rstrip()) - 1:
        return None  # the count is not at the end of its paragraph: what follows is not its list
    head = _opening(paras[k])
    head_level = _LEVEL[head[0]] if head else 0
    kind: str | None = None
    count = 0
    for para in paras[k + 1 : k + 1 + _MAX_LISTED]:
        op = _opening(para)
        if op is None:
            if kind is None:
                return None  # the list does not begin right below
            continue  # a paragraph inside an item
        level = _LEVEL[op[0]]
        if head and level <= head_level:
            break  # the next heading of the same or a higher level
        if kind is None:
            if op[1] != 1:
                return None
            kind = op[0]
        if op[0] != kind:
            if _LEVEL[op[0]] < _LEVEL[kind]:
                break
            continue  # a deeper level inside an item
        if op[1] != count + 1:
            break
        count += 1
    return (count, "项") if kind is not None and count >= 1 else None
