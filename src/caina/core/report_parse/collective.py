"""Decisions given for several opinions at once, and opinions listed inside one sentence.

- :func:`collective` — a line that decides on opinions by number or as a group:
  "建议采纳情况：建议（1）（2）（4）未采纳，建议（3）采纳", "第1至3条予以采纳，第4条不予采纳",
  "以上意见均予采纳。", "上述建议均不予采纳，理由：……";
- :func:`apply_collective` — those decisions given to the opinions they name (by number,
  the latest opinion so numbered before the line) or to the group before the line (every
  opinion since the previous such line that has no decision of its own);
- :func:`inline_items` — several numbered opinions inside one sentence of the introduction:
  "共收到区委宣传部2条修改建议（①增加……②增加……，2条建议均已采纳）",
  "群众主要提出了以下意见：一是……；二是……。以上意见均已吸收采纳。".
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace

from caina.core.report_parse.items import DECISION_LABEL, Builder, proposer_like
from caina.core.report_parse.model import ParsedOpinion
from caina.core.report_parse.text import to_int
from caina.core.report_parse.vocab import ADOPTING, NO_OPINION, DecisionMatch, find_decision

__all__ = ["COLLECTIVE_REF", "collective", "apply_collective", "inline_items"]

_D = r"[0-9０-９]{1,3}"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_NUMERAL = rf"(?:{_D}|[一二三四五六七八九十]{{1,3}}|[{_CIRCLED}])"
_RANGE = rf"(?:\s*(?:至|到|-|—|～|~)\s*{_NUMERAL})?"
_REF_ATOMS = (
    rf"[（(]\s*({_D})\s*[)）]",  # （1）
    rf"(?:建议|意见|序号|编号)\s*({_NUMERAL})(?:\s*(?:至|到|-|—|～|~)\s*({_NUMERAL}))?",  # 建议1  意见3至5
    rf"第\s*({_NUMERAL})(?:\s*(?:至|到|-|—|～|~)\s*({_NUMERAL}))?\s*(?:条|项|号|点)",  # 第1条  第①条  第1至3条
    rf"(?<![0-9０-９])({_D})\s*号(?:意见|建议)",  # 3号意见
    rf"第\s*[（(]\s*({_D})\s*[)）]\s*(?:条|项|号|点)",  # 第（1）条
)
_REF = re.compile("|".join(_REF_ATOMS))
_ANY_REF = "|".join(re.sub(r"\((?!\?)", "(?:", a) for a in _REF_ATOMS)
# the items a clause opens with: "建议（1）（2）（4）" "第1、3条" "其中第①条" "对第2条意见"
_LEADING = re.compile(
    rf"^\s*(?:其中|对于|对|关于|另|而)?\s*(?:建议|意见)?\s*(?:(?:{_ANY_REF})\s*(?:意见|建议)?\s*[、和及与]?\s*)+"
    rf"|^\s*(?:其中|对于|对|关于|另|而)?\s*第\s*{_NUMERAL}(?:\s*[、和及与]\s*{_NUMERAL})+\s*(?:条|项|号|点)"
)
_GROUP = re.compile(
    r"(?:以上|上述|前述|这些|本组|该组|此类|该类|其余|对上述|对以上)[^，。；]{0,15}?(?:均|都|全部|一并|统一|皆)"
)
#: quick filter for a line that may be a collective decision
COLLECTIVE_REF = re.compile(
    rf"[（(]\s*{_D}\s*[)）]|(?:建议|意见|第|序号)\s*{_D}|(?:以上|上述|前述|这些|本组|该组|此类|该类|其余|对上述|对以上)"
)
_REASON = re.compile(r"理由(?:是|为|如下)?\s*[：:]")


def _value(numeral: str) -> int | None:
    return _CIRCLED.index(numeral) + 1 if numeral in _CIRCLED else to_int(numeral)


def _numbers(text: str) -> list[int]:
    """The item numbers a clause opens with ("建议（1）（2）（4）未采纳" → [1, 2, 4]); [] when it opens with none."""
    lead = _LEADING.match(text)
    if lead is None:
        return []
    prefix = lead.group(0)
    listed = re.match(rf"^\s*(?:其中|对于|对|关于|另|而)?\s*第\s*({_NUMERAL}(?:\s*[、和及与]\s*{_NUMERAL})+)", prefix)
    if listed:  # "第1、3条"
        return [v for v in (_value(x) for x in re.split(r"\s*[、和及与]\s*", listed.group(1))) if v is not None]
    out: list[int] = []
    for m in _REF.finditer(prefix):
        a = m.group(1) or m.group(2) or m.group(4) or m.group(6) or m.group(7)
        b = m.group(3) or m.group(5)
        first = _value(a) if a else None
        if first is None:
            continue
        last = _value(b) if b else None
        if last is not None and first < last <= first + 50:
            out += list(range(first, last + 1))
        else:
            out.append(first)
    return out


_WHY = re.compile(r"^(?:理由(?:为|是|在于)?[：:]?|原因(?:为|是)[：:]?|因为|主要考虑|考虑到)\s*")


def collective(text: str) -> list[tuple[list[int] | None, DecisionMatch, str]]:
    """(numbers or None for "the group", decision, reason) per clause; [] when the line decides on no group.

    "建议（1）（2）（4）未采纳，建议（3）采纳" → [([1, 2, 4], 未采纳, ""), ([3], 采纳, "")];
    "以上意见均不予采纳，理由：……" → [(None, 不予采纳, "……")].
    """
    body = text
    lm = DECISION_LABEL.match(body) or re.match(r"^\s*(?:建议|意见)(?:采纳|处理|办理)情况\s*[：:]\s*", body)
    if lm:
        body = body[lm.end() :]
    rm = _REASON.search(body)
    reason = body[rm.end() :].strip() if rm else ""
    head = body[: rm.start()] if rm else body
    out: list[tuple[list[int] | None, DecisionMatch, str]] = []
    pending: list[int] = []  # "第②条因罚则须依据上位法设定，未予采纳": the numbers come a clause before the decision
    said: list[str] = []
    for clause in re.split(r"[，,；;。]", head):
        dm = find_decision(clause)
        if dm is None or dm.value == NO_OPINION:
            refs = _numbers(clause)
            why = _WHY.match(clause.strip())
            if why and not refs and not pending and out and out[-1][0] and not out[-1][2]:
                # "第①条未采纳，理由为……；第②条予以采纳": the reason after the decision it belongs to
                out[-1] = (out[-1][0], out[-1][1], clause.strip()[why.end() :].strip())
                continue
            if refs:
                pending = refs
                said = [clause[len(_LEADING.match(clause).group(0)) :].strip().lstrip("因由于")]  # type: ignore[union-attr]
            elif pending:
                said.append(clause.strip())
            continue
        before = clause[: dm.start]
        refs = _numbers(before)
        if refs:
            out.append((refs, dm, reason))
        elif pending and not before.strip():
            out.append((pending, dm, reason or "，".join(s for s in said if s)))
        elif _GROUP.search(before) or (before.strip() == "" and out and out[-1][0] is None):
            out.append((None, dm, reason))
        pending, said = [], []
    if not out:
        return []
    if all(n is None for n, _, _ in out) and not _GROUP.search(head):
        return []
    return out


def apply_collective(
    opinions: list[ParsedOpinion], decisions: list[tuple[int, str]], _item_lines: list[int]
) -> tuple[list[ParsedOpinion], list[str]]:
    """Opinions with the decisions of the collective lines ((line, text) in order) given to them."""
    ops = list(opinions)
    warnings: list[str] = []
    previous = 0
    # linear in the opinions and the lines: opinions by line, and by number in line order
    order = sorted((o.line, i) for i, o in enumerate(ops) if o.decision != NO_OPINION)
    lines_sorted = [ln for ln, _ in order]
    by_number: dict[int, list[tuple[int, int]]] = {}
    for ln, i in order:
        if ops[i].number is not None:
            by_number.setdefault(ops[i].number or 0, []).append((ln, i))
    for line, text in decisions:
        lo, hi = bisect_right(lines_sorted, previous), bisect_left(lines_sorted, line)
        group = [i for _ln, i in order[lo:hi]]
        for numbers, dm, reason in collective(text):
            if numbers is None:
                targets = [i for i in group if ops[i].decision is None]
            else:
                targets = []
                for k in numbers:
                    listed = by_number.get(k, [])
                    at = bisect_left(listed, (line, -1))
                    if at > 0:
                        targets.append(listed[at - 1][1])
                    else:
                        warnings.append(f"第{line}行说到第{k}条意见，但报告中没有找到这一条")
            for i in targets:
                o = ops[i]
                if o.decision is not None and o.decision != "duplicate" and numbers is None:
                    continue
                ops[i] = replace(
                    o, decision=dm.value, decision_text=dm.text, decision_line=line,
                    reason=o.reason or ("" if dm.value in ADOPTING else reason),
                )  # fmt: skip
        previous = line
    return ops, warnings


# ---------------------------------------------------------------- opinions inside one sentence

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN_NUM = re.compile(r"[（(]\s*([0-9０-９]{1,2})\s*[)）]")
_YISHI = re.compile(r"([一二三四五六七八九十])是")
_LEAD_OK = re.compile(
    r"(?:收到|提出|反馈|反映|主要有|如下|归纳|集中|梳理)[^。；]{0,30}?(?:意见|建议|问题|诉求|留言)[^。；]{0,6}$"
)
# a proposer and its verb right before the first number: "县住建局提出：" "市财政局认为，"
_NAMED_LEAD = re.compile(r"(?:^|[。；])\s*(?P<who>[^，。；、\d（(“”：:]{2,20}?)(?:提出|认为|反映|建议)(?:如下)?\s*[：:，,]?\s*$")
_LEAD_BAD = re.compile(r"方式|途径|渠道|联系|材料|下列|程序|分两部分|分为|包括")
_WHO = re.compile(
    r"(?:收到|提出|反馈|反映)(?P<who>[^，。；、\d（(“”]{2,20}?)(?:的|提出的|反馈的)?"
    r"(?:[0-9０-９]+|[一二三四五六七八九十两]+)?(?:条|项|个|点|方面)?(?:修改|书面|具体|相关)?(?:意见|建议)"
)


def _runs(text: str) -> list[list[tuple[int, int, int]]]:
    """Runs of consecutive markers ①② / （1）（2） / 一是 二是, each from 1 and at least two long, in text order."""
    runs: list[list[tuple[int, int, int]]] = []
    for kind in ("circled", "paren", "yishi"):
        found: list[tuple[int, int, int]] = []
        if kind == "circled":
            for i, ch in enumerate(text):
                k = _CIRCLED.find(ch)
                if k >= 0 and not (i > 0 and text[i - 1] == "第"):  # "第①条" refers to an item, it does not begin one
                    found.append((i, i + 1, k + 1))
        else:
            pattern = _PAREN_NUM if kind == "paren" else _YISHI
            for m in pattern.finditer(text):
                value = to_int(m.group(1))
                if value is not None:
                    found.append((m.start(), m.end(), value))
        run: list[tuple[int, int, int]] = []
        for f in found:
            if f[2] == 1 and len(run) >= 2:
                runs.append(run)
                run = []
            if f[2] == len(run) + 1:
                run.append(f)
        if len(run) >= 2:
            runs.append(run)
    runs.sort(key=lambda r: r[0][0])
    out: list[list[tuple[int, int, int]]] = []
    for r in runs:  # overlapping runs of different kinds: the first one wins
        if out and r[0][0] < out[-1][-1][1]:
            continue
        out.append(r)
    return out


def _closing_bracket(text: str, start: int) -> int:
    """The index of the "）" closing a "（" opened before ``start`` (len(text) when none)."""
    depth = 0
    opened = False
    for i in range(start - 1, -1, -1):
        if text[i] in ")）":
            depth += 1
        elif text[i] in "(（":
            if depth == 0:
                opened = True
                break
            depth -= 1
    if not opened:
        return -1
    depth = 0
    for i in range(start, len(text)):
        if text[i] in "(（":
            depth += 1
        elif text[i] in ")）":
            if depth == 0:
                return i
            depth -= 1
    return len(text)


def _split_decision(piece: str) -> tuple[str, str]:
    """"增加……工作，2条建议均已采纳" → ("增加……工作", "2条建议均已采纳")."""
    clauses = re.split(r"(?<=[，,；;])", piece)
    for c in range(1, len(clauses)):
        tail = "".join(clauses[c:])
        dm = find_decision(tail)
        if dm is not None and dm.start <= 14 and dm.value != NO_OPINION and (
            dm.start == 0 or re.search(r"均|都|全部|一律|以上|上述|条|项", tail[: dm.start])
        ):  # fmt: skip
            return "".join(clauses[:c]).rstrip("，,；; "), tail.strip()
    return piece.strip(), ""


_WHO_BEFORE = re.compile(
    r"(?P<who>[^，。；、\d（(“”：:]{2,20}?)(?:共|还|另)?(?:提出|反馈|反映)(?:了)?(?:[0-9０-９]+|[一二三四五六七八九十两]+)?"
    r"(?:条|项|个|点|方面)?(?:修改|书面|具体|相关)?(?:意见|建议)"
)


def _proposer(lead: str) -> str:
    """Who the opinions listed after ``lead`` come from: "共收到区委宣传部2条修改建议（" / "区水务公司提出3条修改意见："."""
    clause = re.split(r"[。；]", lead)[-1]
    for pattern in (_WHO, _WHO_BEFORE):
        last = None
        for m in pattern.finditer(clause):
            last = m
        if last is not None:
            who = re.sub(r"^(?:其中|另外|此外|同时|共)[，,]?", "", last.group("who").strip())
            if proposer_like(who):
                return who
    return ""


def inline_items(text: str, n: int) -> list[Builder]:
    """Opinions numbered inside one paragraph of the introduction (see the module docstring)."""
    if not any(c in text for c in _CIRCLED) and "(" not in text and "（" not in text and "是" not in text:
        return []
    out: list[Builder] = []
    previous = 0
    for marks in _runs(text):
        lead = text[previous : marks[0][0]]
        previous = marks[-1][1]
        named = _NAMED_LEAD.search(lead)  # "县住建局提出：①……②……。" a proposer, then the opinions
        if named and not proposer_like(named.group("who")):
            named = None
        if not (named or _LEAD_OK.search(lead.rstrip("（(：: "))) or _LEAD_BAD.search(lead[-40:]):
            continue
        close = _closing_bracket(text, marks[0][0])
        if close < 0:
            stop = text.find("。", marks[-1][1])
            close = stop if stop >= 0 else len(text)
        who = named.group("who").strip() if named else _proposer(lead)
        pieces = []
        for k, (_s, e, number) in enumerate(marks):
            end = marks[k + 1][0] if k + 1 < len(marks) else close
            pieces.append((number, text[e:end].strip().rstrip("；;，,")))
        last_text, decided = _split_decision(pieces[-1][1])
        pieces[-1] = (pieces[-1][0], last_text)
        if not decided:
            after = text[close + 1 :] if close < len(text) else ""
            sentence = re.split(r"[。；]", after.lstrip("）)，,。 "), maxsplit=1)[0]
            dm = find_decision(sentence)
            if dm is not None and dm.value != NO_OPINION and re.search(r"均|都|全部|以上|上述|一律", sentence[: dm.start]):
                decided = sentence
            elif any(numbers for numbers, _dm, _r in collective(after)):  # "……。研究后，第①条未采纳，……；第②条予以采纳。"
                decided = after
        by_number = {k: (dm, reason) for numbers, dm, reason in collective(decided) if numbers for k in numbers}
        for number, piece in pieces:
            if not piece:
                continue
            b = Builder("opinion", n, number, proposer=who)
            b.opinion.append((n, piece))
            if number in by_number:  # "其中第①条已采纳，第②条因……，未予采纳"
                dm, reason = by_number[number]
                b.decision.append((n, dm.text + (f"。理由：{reason}" if reason and dm.value not in ADOPTING else "")))
            elif decided and not by_number:
                b.decision.append((n, decided))
            out.append(b)
        previous = max(previous, close)
    return out
