"""Numbers a report states: "12个单位列席", "共收到意见12条，其中采纳5条", "对文本修改2处"."""

from __future__ import annotations

import re
from collections.abc import Callable

from caina.core.report_parse.model import StatedCount
from caina.core.report_parse.text import NUM, to_int

_N = rf"(?P<n>{NUM})(?P<approx>多|余|余个|多个)?"
_N2 = rf"(?P<m>{NUM})(?P<approx2>多|余)?"
_MEASURE = r"(?:条|个|项|件|份|处|次|人次|封)"

# (keys, pattern); groups n (and m for a second count)
_PATTERNS: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (keys, re.compile(p))
    for keys, p in (
        (("proposer_units", "opinions"),
         rf"{_N}个(?:单位|部门)(?:共|分别|共计)?提出(?:了)?{_N2}(?:个|条|项|件)(?:修改|书面|具体)?(?:意见|建议)"),
        (("proposer_units", "opinions"),
         rf"{_N}个(?:单位|部门)(?:共|分别|共计)?提出(?:了)?(?:修改|书面|具体)?(?:意见|建议){_N2}(?:个|条|项|件)"),
        (("participants", "received"),
         rf"{_N}(?:位|名|人次|人|个)(?:[^，。；\d]{{0,12}}?)(?:提出|提交|反馈|发表)(?:的|了)?{_N2}(?:条|件|份|个)(?:意见|建议)"),
        (("participants", "received"),  # "7位市民提出的意见建议8条"
         rf"{_N}(?:位|名|人次|人)(?:[^，。；\d]{{0,12}}?)(?:提出|提交|反馈|发表)(?:的|了)(?:修改)?(?:意见|建议){{1,2}}(?:共|共计)?{_N2}(?:条|件|份|个)"),
        (("responding_units", "received"),  # "收到6个单位反馈的意见10条"
         rf"收到(?:了)?{_N}个(?:单位|部门)(?:反馈|提出|回复|报送|提交)(?:的|了)?(?:修改)?(?:意见|建议){{1,2}}(?:共|共计)?{_N2}(?:条|件|份|个)"),
        (("attending_units",), rf"{_N}个(?:单位|部门)(?:的[^，。]{{0,10}})?(?:列席|参加|出席)"),
        (("no_opinion_units",), rf"{_N}个(?:单位|部门)(?:均|都)?(?:回复|反馈|表示)?(?:无|没有)(?:修改)?(?:意见|异议)"),
        (("overdue_units",), rf"{_N}个(?:单位|部门)(?:逾期)?未(?:按时)?(?:反馈|回复)"),
        (("responding_units",), rf"{_N}个(?:单位|部门)(?:均|都)?(?:按时|及时|按期)?(?:书面)?(?:反馈|回复)(?:了)?(?:意见)?"),
        (("consulted_units",), rf"征求(?:了)?[^，。；]{{0,60}}?{_N}个(?:单位|部门)"),
        (("opinions",), rf"提出(?:了)?(?:修改)?(?:意见|建议)?{_N}(?:个|条|项|件)(?:修改|书面|具体)?(?:意见|建议)?"),
        (("received",),
         rf"(?:收到|收集到|征集到|收集|征集|接到|汇总|反馈)(?:了)?(?:[\u4e00-\u9fff]{{0,8}}?)?(?:意见|建议)(?:建议)?(?:共|共计|合计)?{_N}(?:条|件|份|个|项|人次)"),
        (("received",),
         rf"(?:收到|收集到|征集到|收集|征集|接到|汇总)(?:了)?(?:各类|各方面|社会各界)?{_N}(?:条|件|份|个|项)(?:[^，。；\d]{{0,8}}?)?(?:意见|建议)"),
        (("partially_adopted",), rf"部分(?:予以)?(?:采纳|吸收)(?:的)?(?:意见|建议)?{_N}(?:条|个|项|件)"),
        (("not_adopted",), rf"(?:不予|未予|暂不|暂未|不|未)(?:予|直接)?(?:采纳|吸收)(?:的)?(?:意见|建议)?{_N}(?:条|个|项|件)"),
        (("adopted",), rf"(?:予以|已|全部|吸收)?(?:采纳|吸收)(?:的)?(?:意见|建议)?(?:了)?{_N}(?:条|个|项|件|处)"),
        (("already_reflected",), rf"(?:已有体现|已体现|已有规定|已作规定)(?:的)?(?:意见|建议)?{_N}(?:条|个|项|件)"),
        (("referred",), rf"转(?:交|送)?(?:有关|相关)(?:部门|单位)(?:研究|办理)?(?:的)?(?:意见|建议)?{_N}(?:条|个|项|件)"),
        (("duplicate",), rf"重复(?:的)?(?:意见|建议)?{_N}(?:条|个|项|件)"),
        (("explained",), rf"(?:作出|作了|作|予以)?解释说明(?:的)?(?:意见|建议)?{_N}(?:条|个|项|件)"),
        (("occurrences",), rf"中的\s*{_N}处"),
        (("office_edits",), rf"(?:对文本|文本)(?:审核|校对)?(?:修改|修订|改动)(?:了)?{_N}处"),
        (("item_edits",), rf"修改完善{_N}处"),
        (("edits_total",), rf"(?:共|共计|累计)?(?:修改|修订|改动)(?:了)?{_N}处"),
    )
)
# reversed order: "5条予以采纳" "2条未予采纳"
_REVERSED = re.compile(
    rf"{_N}(?:条|个|项|件)(?:意见|建议)?(?:予以|已|被)?(?P<w>部分采纳|部分吸收|不予采纳|未予采纳|未采纳|不采纳|吸收采纳|采纳|已有体现|重复)"
)
_REVERSED_KEYS = {"部分采纳": "partially_adopted", "部分吸收": "partially_adopted", "不予采纳": "not_adopted",
                  "未予采纳": "not_adopted", "未采纳": "not_adopted", "不采纳": "not_adopted", "吸收采纳": "adopted",
                  "采纳": "adopted", "已有体现": "already_reflected", "重复": "duplicate"}  # fmt: skip
_ALL_ADOPTED = re.compile(r"(?<![不未])(?:全部|均|都|全部予以|均予以|均已|全部已)(?:予以)?(?:采纳|吸收)(?=[。；，,]|$)")
_ZERO = re.compile(r"(?:未收到|没有收到|未征集到|未收集到|无人提出)(?:任何|相关)?(?:[^，。；]{0,10}?)(?:意见|建议|反馈)")
_NEGATED = ("部分", "不予", "未予", "暂不", "暂未", "不", "未")
_OFFICE_HINT = re.compile(r"审核|校对|自行|会后|文字|标点|逐字逐句|逐字逐局")
_CHANNEL_PIECE = re.compile(
    rf"^(?:通过|经由|经|来自|收到)?(?P<name>[\u4e00-\u9fffA-Za-z（）()]{{1,16}}?)(?:反馈|收到|提出|提交|寄送)?(?:意见|建议)?{_N}{_MEASURE}$"
)


def _value(m: re.Match[str], group: str) -> int | None:
    return to_int(m.group(group))


def find_counts(
    text: str, line: int, scope: str = "report", *, line_at: Callable[[int], int] | None = None
) -> list[StatedCount]:
    """Every count stated in ``text`` (one paragraph, or a chunk with ``line_at``: offset in ``text`` → line)."""
    at: Callable[[int], int] = line_at or (lambda _offset: line)
    out: list[tuple[int, StatedCount]] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(key: str, value: int | None, m: re.Match[str], approx: bool, sc: str = scope) -> None:
        if value is None:
            return
        out.append((m.start(), StatedCount(key, value, m.group(0), at(m.start()), approx, sc)))

    for keys, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            if keys == ("adopted",) and re.search(r"不|未|部分", text[max(0, m.start() - 4) : m.start()]):
                continue
            key_scope = scope
            k0 = keys[0]
            if k0 == "edits_total" and scope == "report":
                clause = text[max(0, text.rfind("。", 0, m.start()) + 1) : m.end()]
                if _OFFICE_HINT.search(clause):
                    k0, key_scope = "office_edits", "report"
            if k0 in ("occurrences", "item_edits") and scope == "report":
                key_scope = "item"
            if k0 == "explained" and re.search(r"[（(]|其中|含|包括", text[max(0, m.start() - 4) : m.start()]):
                key_scope = "within"  # "不予采纳2条（其中作出解释说明1条）": part of another count, not apart from it
            add(k0, _value(m, "n"), m, bool(m.group("approx")), key_scope)
            if len(keys) > 1:
                add(keys[1], _value(m, "m"), m, bool(m.group("approx2")), key_scope)
            taken.append((m.start(), m.end()))
    for m in _REVERSED.finditer(text):
        if free(m.start(), m.end()):
            add(_REVERSED_KEYS[m.group("w")], _value(m, "n"), m, bool(m.group("approx")))
            taken.append((m.start(), m.end()))
    for m in _ZERO.finditer(text):
        if free(m.start(), m.end()):
            out.append((m.start(), StatedCount("received", 0, m.group(0), at(m.start()), False, scope)))
            taken.append((m.start(), m.end()))
    out.extend(_channels(text, at, scope))
    # "共提出修改意见5条，经认真研究，全部予以采纳": all of the opinions just counted
    for m in _ALL_ADOPTED.finditer(text):
        total = [c for pos, c in out if pos < m.start() and c.key in ("opinions", "received") and not c.approx]
        if total and free(m.start(), m.end()) and not any(c.key == "adopted" for _, c in out):
            out.append((m.start(), StatedCount("adopted", total[-1].value, m.group(0), at(m.start()), False, scope)))
    out.sort(key=lambda x: x[0])
    return [c for _, c in out]


def _channels(text: str, at: Callable[[int], int], scope: str) -> list[tuple[int, StatedCount]]:
    """"其中网站留言8条、电子邮件3条、信函1条" → channel:网站留言 8, …"""
    found: list[tuple[int, StatedCount]] = []
    for m in re.finditer(r"其中[，,：:]?", text):
        end = re.compile(r"[。；]").search(text, m.end())
        stop = end.start() if end else len(text)
        pos = m.end()
        for piece in re.split(r"[，、,]", text[m.end() : stop]):
            start = text.find(piece, pos)
            pos = start + len(piece)
            p = re.sub(r"[（(][^（）()]*[：:@][^（）()]*[)）]$", "", piece.strip())  # "电子邮件4条（电子邮箱：…）"
            if not p or re.search(r"采纳|吸收|体现|重复|转|修改|规定|解释|个(?:单位|部门)", p):
                continue
            cm = _CHANNEL_PIECE.match(p)
            if not cm:
                continue
            value = to_int(cm.group("n"))
            if value is None:
                continue
            name = cm.group("name")
            if name.count("（") + name.count("(") != name.count("）") + name.count(")"):
                continue
            found.append((start, StatedCount(f"channel:{name}", value, p, at(start), bool(cm.group("approx")), scope)))
    return found
