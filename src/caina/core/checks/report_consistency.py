"""Report consistency: what the report says in prose agrees with what its items contain.

Rules (reports only; the report is parsed by :mod:`caina.core.report_parse`):

- ``report.count`` — every count stated in prose ("12个单位列席", "4个单位
  提出了8个修改意见", "予以采纳意见6个", "对文本修改2处", an item's
  "修改完善两处", "中的3处") is recounted from the items. A count that agrees
  is confirmed (info: "已核对"); one that does not is an error naming the
  count written and the count found;
- ``report.decision`` — an opinion without a decision (采纳情况): error;
- ``report.reason`` — a decision short of full adoption (不予采纳, 部分采纳)
  without a reason: error;
- ``report.quote`` — the same page/line locator quoted with different text in
  different places (the seed's item 5 vs items 1 and 7): error on the odd
  one out;
- ``report.numbering`` — items not numbered 1, 2, 3 … in order: warning;
- ``report.duplicate`` — items that describe the same edits: info.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence

from rapidfuzz.distance import Levenshtein

from caina.core.checks.base import CheckedDocument, CheckOptions, Finding, Paragraph, Severity, register_rule
from caina.core.checks.citations import Citation, find_citations
from caina.core.report_parse.model import ParsedEdit, ParsedOpinion, ParsedReport, StatedCount
from caina.core.report_parse.vocab import is_explained
from caina.core.webtext import fullwidth

COUNT = register_rule("report.count", Severity.ERROR, "报告所述数字与各条内容不符（相符时提示“已核对”）", ("report",))
DECISION = register_rule("report.decision", Severity.ERROR, "意见没有写明采纳情况", ("report",))
REASON = register_rule("report.reason", Severity.ERROR, "未（全部）采纳的意见没有写明理由", ("report",))
QUOTE = register_rule("report.quote", Severity.ERROR, "同一页行定位的引文前后不一致", ("report",))
NUMBERING = register_rule("report.numbering", Severity.WARNING, "意见序号不连续", ("report",))
DUPLICATE = register_rule("report.duplicate", Severity.INFO, "多条意见所述修改相同", ("report",))

_DECISION_WORDS = {
    "adopted": "采纳",
    "partially_adopted": "部分采纳",
    "not_adopted": "不予采纳",
    "already_reflected": "已有体现",
    "referred": "转有关部门研究",
    "duplicate": "重复",
}
_NEEDS_REASON = ("not_adopted", "partially_adopted")
_UNIT = re.compile(
    r"(?:局|委|办|厅|院|所|会|中心|政府|办公室|公司|集团|协会|学校|大学|学院|站|队|部|社|处|馆|行|团|街道|镇|乡|村|室)$"
)
_LEADER = re.compile(r"(?:市长|书记|主任|主席|省长|州长|县长|区长|镇长|乡长|秘书长|领导|同志|委员|代表|部长|厅长)$")


def parse(doc: CheckedDocument) -> ParsedReport | None:
    """The parsed report (cached on the document), or None when it cannot be parsed."""
    if doc.parsed_report is not None:
        return doc.parsed_report or None
    parsed: ParsedReport | None
    try:
        from caina.core.report_parse import parse_report

        parsed = parse_report(doc.text)
    except Exception:  # noqa: BLE001 - a report we cannot parse is checked without its structure
        parsed = None
    doc.parsed_report = parsed or False
    return parsed


def items_of(doc: CheckedDocument) -> list[tuple[int, str]]:
    """(first paragraph index, label) of every item, from the parsed report."""
    parsed = parse(doc)
    if parsed is None or not parsed.opinions:
        return []
    out = [(op.line, f"意见{op.number}" if op.number is not None else "意见") for op in parsed.opinions]
    if parsed.own_edits_line:
        out.append((parsed.own_edits_line, "起草单位自行修改"))
    return sorted(out)


def check(doc: CheckedDocument, options: CheckOptions) -> Iterator[Finding]:
    if doc.kind != "report":
        return
    parsed = parse(doc)
    if parsed is not None:
        if options.enabled(COUNT):
            yield from _counts(doc, parsed)
        if options.enabled(DECISION) or options.enabled(REASON):
            yield from _decisions(doc, parsed, options)
        if options.enabled(NUMBERING):
            yield from _numbering(doc, parsed)
        if options.enabled(DUPLICATE):
            yield from _duplicates(doc, parsed)
    if options.enabled(QUOTE):
        yield from _quotes(doc, find_citations(doc.paragraphs, items_of(doc)))


def _unit_key(name: str) -> str:
    """"市财政局" and "财政局" are one unit."""
    return re.sub(r"^(?:市|县|区|自治区|省)", "", name)


def _para(doc: CheckedDocument, line: int) -> Paragraph | None:
    """The paragraph at a line of ``doc.text`` (one paragraph per line)."""
    if 1 <= line <= len(doc.paragraphs):
        return doc.paragraphs[line - 1]
    return None


def find_loose(text: str, phrase: str) -> tuple[int, int] | None:
    """Where ``phrase`` (as the report parser gives it: full-width marks, no spaces between characters) is in ``text``."""
    i = text.find(phrase)
    if i >= 0:
        return i, i + len(phrase)
    keep = [k for k, ch in enumerate(text) if ch not in " \t\u3000\u00a0"]
    squeezed = fullwidth("".join(text[k] for k in keep))
    target = fullwidth(re.sub(r"[ \t\u3000\u00a0]+", "", phrase))
    j = squeezed.find(target) if target else -1
    if j < 0:
        return None
    return keep[j], keep[j + len(target) - 1] + 1


def _at(doc: CheckedDocument, line: int, phrase: str) -> tuple[Paragraph | None, int, int]:
    para = _para(doc, line)
    if para is None:
        return None, 0, 0
    span = find_loose(para.text, phrase)
    return (para, span[0], span[1]) if span else (para, 0, 0)


# ---------------------------------------------------------------- counts


def _groups(edits: Sequence[ParsedEdit]) -> int:
    groups = {getattr(e, "group", 0) for e in edits}
    if groups and 0 not in groups:
        return len(groups)
    return len([e for e in edits if not getattr(e, "follows", False)])


def _places(edits: Sequence[ParsedEdit]) -> int:
    """Places the edits changed: "中的2处“做出”" counts 2, every other change (and a summary) 1."""
    total = 0
    for e in edits:
        if getattr(e, "follows", False):
            continue
        digits = re.sub(r"\D", "", e.scope or "")
        total += int(digits) if digits else 1
    return total


def _count_checks(parsed: ParsedReport) -> dict[str, tuple[int, str]]:
    """Report-level counts recomputed: key → (value, how it was counted)."""
    real = [o for o in parsed.opinions if o.decision != "no_opinion"]
    review = parsed.review or {}
    out: dict[str, tuple[int, str]] = {}
    attendees = review.get("attendees") or []
    if attendees:
        out["attending_units"] = (len(attendees), "列出的单位")
    listed = review.get("proposers_listed") or []
    units = {_unit_key(o.proposer) for o in real if o.proposer and _UNIT.search(o.proposer)}
    if listed:
        out["proposer_units"] = (len(listed), "列出的单位")
    elif units and all(_UNIT.search(o.proposer or "") or _LEADER.search(o.proposer or "") for o in real):
        out["proposer_units"] = (len(units), "各条意见的提出单位")
    if real:
        out["opinions"] = (len(real), "逐条列出的意见")
        for key in _DECISION_WORDS:
            out[key] = (sum(1 for o in real if o.decision == key), "各条的采纳情况")
        explained = sum(1 for o in real if is_explained(o.decision, o.decision_text))
        out["explained"] = (explained, "各条的采纳情况")
        if any(c.key == "explained" and c.scope == "report" for c in parsed.stated_counts):
            # "未予吸收1条，作出解释说明1条": the explained ones are counted apart
            out["not_adopted"] = (out["not_adopted"][0] - explained, "各条的采纳情况（不含作出解释说明的）")
    if parsed.own_edits:
        out["office_edits"] = (_groups(parsed.own_edits), "起草单位自行修改的各处")
    return out


def _counts(doc: CheckedDocument, parsed: ParsedReport) -> Iterator[Finding]:
    actual = _count_checks(parsed)
    real = [o for o in parsed.opinions if o.decision != "no_opinion"]
    stated_keys = {c.key for c in parsed.stated_counts if c.scope == "report"}
    summarised = set(getattr(parsed, "summarised", ()))
    for c in parsed.stated_counts:
        if c.approx:
            continue
        if summarised and (c.key in summarised or c.key in ("opinions", "received")):
            continue  # "一、采纳的意见（12条）　主要涉及……": those opinions are summed up, not listed
        para, start, end = _at(doc, c.line, c.text)
        found: tuple[int, str] | None = None
        if (c.scope in ("report", "office") or (c.scope == "within" and c.key == "explained")) and c.key in actual:
            found = actual[c.key]
            if c.key == "adopted" and found[0] != c.value and _includes_partial(doc, parsed, c, stated_keys):
                full_or_partial = found[0] + actual.get("partially_adopted", (0, ""))[0]
                if full_or_partial == c.value:
                    found = (full_or_partial, "各条的采纳情况（含部分采纳）")
            if c.key == "office_edits" and found[0] != c.value and _places(parsed.own_edits) == c.value:
                # caina counts places: "将……中的2处“做出”修改为……" is 2 of them
                found = (c.value, "起草单位自行修改的处数（同一原文的多处分别计）")
        elif c.scope == "item":
            found = _item_count(parsed, c)
        if c.key in ("no_opinion_units", "overdue_units") and c.scope == "report":
            found = _units_listed(parsed, c)
        if found is None:
            continue
        value, how = found
        if value == c.value:
            yield doc.finding(
                COUNT, para, start, end, f"已核对：“{c.text}”与{how}相符（{value}）", severity=Severity.INFO
            )
            continue
        detail = ""
        if c.key in _DECISION_WORDS or c.key == "explained":
            numbers = [
                str(o.number)
                for o in real
                if o.number is not None
                and (is_explained(o.decision, o.decision_text) if c.key == "explained" else o.decision == c.key)
            ]
            if numbers:
                detail = f"：意见{'、'.join(numbers)}"
        unsure = how.startswith("各条意见的提出单位") or bool(getattr(parsed, "unparsed", ()))
        note = "（报告中有未能识别的段落，请人工核对）" if getattr(parsed, "unparsed", ()) else ""
        yield doc.finding(
            COUNT,
            para,
            start,
            end,
            f"数字不符：“{c.text}”写的是{c.value}，按{how}数得{value}{detail}{note}",
            severity=Severity.WARNING if unsure else None,
            suggestion=c.text.replace(str(c.value), str(value), 1) if str(c.value) in c.text else f"改为{value}",
        )


def _includes_partial(doc: CheckedDocument, parsed: ParsedReport, adopted: StatedCount, stated_keys: set[str]) -> bool:
    """Whether "采纳N条" counts the partly adopted too: no separate count, or "采纳12条（含部分采纳3条）"."""
    if "partially_adopted" not in stated_keys:
        return True
    para = _para(doc, adopted.line)
    partial = next((c for c in parsed.stated_counts if c.key == "partially_adopted" and c.line == adopted.line), None)
    if para is None or partial is None:
        return False
    a, b = para.text.find(adopted.text), para.text.find(partial.text)
    if a < 0 or b < 0 or b < a:
        return False
    return bool(re.search(r"[（(]|含|其中|包括", para.text[a + len(adopted.text) : b]))


def _units_listed(parsed: ParsedReport, c: StatedCount) -> tuple[int, str] | None:
    """"市教育局、……等11个单位无修改意见": the units named in the same paragraph (None when none is named)."""
    late = re.compile(r"未(?:按时|按期)?(?:反馈|回复)")
    named = [o for o in parsed.opinions if o.decision == "no_opinion" and o.line == c.line and o.number is None]
    if c.key == "overdue_units":
        named = [o for o in named if late.search(o.decision_text or "")]
    else:
        named = [o for o in named if not late.search(o.decision_text or "")]
    return (len(named), "列出的单位") if named else None


def _item_count(parsed: ParsedReport, c: StatedCount) -> tuple[int, str] | None:
    owner = None
    for op in parsed.opinions:
        if op.line <= c.line:
            owner = op
    if owner is None:
        return None
    edits = [e for e in owner.edits if e.line == c.line] or list(owner.edits)
    if c.key == "item_edits" and edits:
        return _groups(edits), f"意见{owner.number}所列的各处修改"
    if c.key == "occurrences":
        for e in edits:
            places = getattr(e, "places", ())
            if places:
                return len(places), "列出的各处位置"
    return None


# ---------------------------------------------------------------- decisions, numbering, duplicates


def _decisions(doc: CheckedDocument, parsed: ParsedReport, options: CheckOptions) -> Iterator[Finding]:
    # one decision given to several opinions at once ("建议（1）（2）（4）未采纳"): one finding for them
    shared: dict[tuple[int, str], list[ParsedOpinion]] = {}
    for op in parsed.opinions:
        if op.decision in _NEEDS_REASON and not (op.reason or "").strip() and op.decision_line and op.decision_line != op.line:
            shared.setdefault((op.decision_line, op.decision_text or ""), []).append(op)
    grouped = {id(o) for ops in shared.values() if len(ops) > 1 for o in ops}
    if options.enabled(REASON):
        for (line, text), ops in shared.items():
            if len(ops) < 2:
                continue
            para = _para(doc, line)
            start = para.text.find(text) if para and text else 0
            labels = join_items({f"意见{o.number}" if o.number is not None else f"第{o.line}行的意见" for o in ops})
            yield doc.finding(
                REASON, para, max(0, start), max(0, start) + len(text),
                f"{labels}“{text or _DECISION_WORDS[ops[0].decision or 'not_adopted']}”但没有写明理由",
                suggestion="补写“理由：……”",
            )  # fmt: skip
    real = [o for o in parsed.opinions if o.decision != "no_opinion"]
    undecided = [o for o in real if o.decision is None]
    if len(undecided) >= 2 and len(undecided) == len(real):
        # no item says what became of it: one finding (a list of opinions received, or a layout not understood)
        if options.enabled(DECISION):
            para = _para(doc, undecided[0].line)
            yield doc.finding(
                DECISION, para, 0, min(12, len(para.text)) if para else 0,
                f"列出的{len(undecided)}条意见都没有写明采纳情况（采纳、部分采纳或不予采纳）",
                suggestion="逐条补写“采纳情况：……”，或写明“以上意见均予采纳”等",
                severity=Severity.WARNING,
            )  # fmt: skip
        grouped |= {id(o) for o in undecided}
    for op in parsed.opinions:
        if id(op) in grouped:
            continue
        label = f"意见{op.number}" if op.number is not None else f"第{op.line}行的意见"
        if op.decision is None:
            if options.enabled(DECISION):
                para = _para(doc, op.line)
                yield doc.finding(
                    DECISION,
                    para,
                    0,
                    min(12, len(para.text)) if para else 0,
                    f"{label}没有写明采纳情况（采纳、部分采纳或不予采纳）",
                    suggestion="补写“意见采纳情况：……”",
                )
            continue
        if op.decision in _NEEDS_REASON and not (op.reason or "").strip() and options.enabled(REASON):
            para = _para(doc, op.decision_line or op.line)
            text = op.decision_text or ""
            start = para.text.find(text) if para and text else 0
            yield doc.finding(
                REASON,
                para,
                max(0, start),
                max(0, start) + len(text),
                f"{label}“{text or _DECISION_WORDS[op.decision]}”但没有写明理由",
                suggestion="补写“理由：……”",
            )


def _numbering(doc: CheckedDocument, parsed: ParsedReport) -> Iterator[Finding]:
    numbers = [op.number for op in parsed.opinions if op.number is not None]
    expected = 1
    for op in parsed.opinions:
        if op.number is None:
            continue
        if op.number == 1:
            expected = 1  # numbering restarts under each heading ("一、采纳的意见（一）…")
        if op.number != expected:
            para = _para(doc, op.line)
            yield doc.finding(
                NUMBERING,
                para,
                0,
                len(str(op.number)),
                f"意见序号不连续：应为{expected}，写的是{op.number}",
                suggestion=f"核对序号（共{len(numbers)}条）",
            )
            expected = op.number
        expected += 1


def _edit_key(e: ParsedEdit) -> tuple[str, str, str, str]:
    return (
        str(getattr(e, "kind", "")),
        str(getattr(e, "locator", "") or getattr(e, "part", "") or ""),
        str(getattr(e, "old", "") or ""),
        str(getattr(e, "new", "") or ""),
    )


def _duplicates(doc: CheckedDocument, parsed: ParsedReport) -> Iterator[Finding]:
    seen: dict[frozenset[tuple[str, str, str, str]], ParsedOpinion] = {}
    for op in parsed.opinions:
        keys = frozenset(_edit_key(e) for e in op.edits if getattr(e, "kind", "") not in ("summary", "other"))
        if not keys:
            continue
        first = seen.get(keys)
        if first is None:
            seen[keys] = op
            continue
        para = _para(doc, op.decision_line or op.line)
        yield doc.finding(
            DUPLICATE,
            para,
            0,
            min(12, len(para.text)) if para else 0,
            f"意见{op.number}所述修改与意见{getattr(first, 'number', '?')}相同（{len(keys)}处），同一组修改只做一次",
            suggestion=f"可写“同意见{getattr(first, 'number', '?')}的修改”",
        )


# ---------------------------------------------------------------- quotes at one locator


def similar(a: str, b: str) -> bool:
    """Two quotes of the same passage, one of them mistyped (not two different excerpts)."""
    if a == b or a in b or b in a:
        return False
    return Levenshtein.normalized_similarity(a, b) >= 0.75


def _quotes(doc: CheckedDocument, citations: list[Citation]) -> Iterator[Finding]:
    by_locator: dict[str, list[Citation]] = {}
    for c in citations:
        by_locator.setdefault(c.key, []).append(c)
    for cites in by_locator.values():
        votes = Counter(c.quote for c in cites)
        if len(votes) < 2:
            continue
        first_seen = {q: min(i for i, c in enumerate(cites) if c.quote == q) for q in votes}
        for quote in votes:
            # the rival a quote loses to: more votes, or as many and cited earlier
            rivals = [
                q
                for q in votes
                if similar(quote, q) and (votes[q], -first_seen[q]) > (votes[quote], -first_seen[quote])
            ]
            if not rivals:
                continue
            other = max(rivals, key=lambda q: (votes[q], -first_seen[q]))
            holders = {x.item for x in cites if x.quote == other}
            diff = diff_words(other, quote)
            for c in cites:
                if c.quote != quote:
                    continue
                # "而意见1、7引用为…" — and say so when the same item quotes it right elsewhere
                where = join_items(holders - {c.item})
                if c.item in holders:
                    where = f"{where}及{c.item}的其他地方" if where else f"{c.item}的其他地方"
                yield doc.finding(
                    QUOTE,
                    c.para,
                    c.start,
                    c.end,
                    f"{c.item or '此处'}引用{c.locator}为“{c.quote}”，而{where}引用为“{other}”{diff}",
                    suggestion=other,
                    excerpt=f"{c.locator}“{c.quote}”",
                )


def join_items(labels: set[str]) -> str:
    """{"意见1", "意见7", "意见5"} → "意见1、5、7"; other labels follow."""
    numbers = sorted(int(x[2:]) for x in labels if re.fullmatch(r"意见\d+", x))
    rest = sorted(x or "报告开头" for x in labels if not re.fullmatch(r"意见\d+", x))
    out = ["意见" + "、".join(map(str, numbers))] if numbers else []
    return "、".join(out + rest)


def diff_words(right: str, written: str) -> str:
    """"（少了“铝”）" / "（多了“的”）" / "（“A”写成了“B”）" for a small difference."""
    from difflib import SequenceMatcher

    ops = [op for op in SequenceMatcher(None, right, written, autojunk=False).get_opcodes() if op[0] != "equal"]
    if len(ops) != 1:
        return ""
    tag, i1, i2, j1, j2 = ops[0]
    if tag == "delete":
        return f"（少了“{right[i1:i2]}”）"
    if tag == "insert":
        return f"（多了“{written[j1:j2]}”）"
    return f"（“{right[i1:i2]}”写成了“{written[j1:j2]}”）"
