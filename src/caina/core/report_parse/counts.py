"""Numbers a report states: "12个单位列席", "共收到意见12条，其中采纳5条", "对文本修改2处"."""

from __future__ import annotations

import re
from collections.abc import Callable

from caina.core.report_parse.model import StatedCount
from caina.core.report_parse.text import NUM, split_list, to_int

_N = rf"(?P<n>{NUM})(?P<approx>多|余|余个|多个)?"
_N2 = rf"(?P<m>{NUM})(?P<approx2>多|余)?"
_MEASURE = r"(?:条|个|项|件|份|处|次|人次|封)"

# (keys, pattern); groups n (and m for a second count)
_CLASS = r"[A-DＡ-Ｄ甲乙丙丁]类"
_NOUN = r"(?:意见建议|建议意见|意见和建议|建议和意见|反馈意见|修改意见|意见|建议|留言|来信|信件|电子邮件|邮件|线索|诉求)"

_PATTERNS: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (keys, re.compile(p))
    for keys, p in (
        # handling classes of proposals and deputies' suggestions: "A类(已解决或采纳的)418件" "43件(甲类)"
        (("class",), rf"(?P<cls>{_CLASS})[)）]?(?:[（(][^（）()]{{1,30}}[)）])?[^，。；\d]{{0,6}}?{_N}件"),
        (("class",), rf"{_N}件\s*[（(](?P<cls>{_CLASS})[)）]"),
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
        (("no_opinion_units",), rf"{_N}[个家](?:单位|部门)(?:均|都)?(?:回复|反馈|表示)?(?:无|没有)(?:修改)?(?:意见|异议)"),
        (("no_opinion_units",), rf"{_N}[个家](?:单位|部门)[^，。；]{{0,14}}?[“\"]?(?:无|没有)(?:修改)?(?:意见|异议)"),
        (("overdue_units",), rf"{_N}个(?:单位|部门)(?:逾期)?未(?:按时)?(?:反馈|回复)"),
        (("responding_units",), rf"{_N}个(?:单位|部门)(?:均|都)?(?:按时|及时|按期)?(?:书面)?(?:反馈|回复)(?:了)?(?:意见)?"),
        (("consulted_units",), rf"征[求询](?:了)?[^，。；]{{0,60}}?{_N}[个家](?:单位|部门)"),
        (("opinions",), rf"提出(?:了)?(?:修改)?(?:意见建议|意见和建议|意见|建议)?{_N}(?:个|条|项|件)(?:修改|书面|具体)?(?:意见|建议)?"),
        (("received",),
         rf"(?:收到|收集到|征集到|收集|征集|接到|汇总|反馈)(?:了)?(?:[\u4e00-\u9fff]{{0,8}}?)?(?:意见|建议)(?:建议)?(?:共|共计|合计)?{_N}(?:条|件|份|个|项|人次)"),
        (("received",),
         rf"(?:收到|收集到|征集到|收集|征集|接到|汇总)(?:了)?(?:各类|各方面|社会各界)?{_N}(?:条|件|份|个|项)(?:[^，。；\d]{{0,8}}?)?(?:意见|建议)"),
        # other nouns and qualifiers: "收到电子邮件4件" "收到网上公众留言3条" "共收到区委宣传部2条修改建议"
        # "共收到各界反馈……等七个方面24条意见建议"
        (("received",),
         rf"(?:收到|收集到|征集到|接到|受理)(?:了)?[^，。；\d]{{0,16}}?{_NOUN}(?:共|共计|合计)?{_N}(?:条|件|份|封|个)"),
        (("received",),
         rf"(?:收到|收集到|征集到|征集|收集|接到|受理|梳理出)(?:了)?[^，。；]{{0,40}}?{_N}(?:条|件|份|封|个|项)(?:[^，。；\d]{{0,10}}?){_NOUN}"),
        # the total after a comma or after sorting: "共收到……的意见建议，共计12条" "经梳理，共12条有效意见"
        (("received",), rf"(?:收到|征集到|收集到)[^。；]{{0,30}}?(?:意见|建议)[，,]\s*(?:共|共计|合计)\s*{_N}(?:条|件)"),
        (("opinions",), rf"(?:梳理|汇总|整理)(?:后)?[，,]\s*(?:共|共有|共计)\s*{_N}(?:条|件)(?:有效)?(?:的)?(?:意见|建议)"),
        # the noun first, no verb: "期间，群众留言23条" "网民提出意见建议15条"
        (("received",),
         rf"(?:^|(?<=[，。；：,\s]))(?:群众|网民|网友|公众|市民|社会各界|社会公众)(?:留言|来信|反馈|提出)(?:的)?(?:意见|建议|意见建议)?(?:共|共计)?{_N}(?:条|件|封)"),
        # proposals and deputies' suggestions: "共提出提案820件" "共办理……代表意见建议57件" "代表建议93件"
        (("received",),
         rf"(?:提出|收到|办理|承办|交办)(?:了)?[^，。；]{{0,30}}?(?:提案|议案|代表建议|建议批评和意见|意见建议){_N}件"),
        (("received",), rf"(?:提案|议案|代表建议|意见建议){_N}件"),
        # the valid ones among those received: "共收到意见建议7条，其中有效意见6条"
        (("opinions",), rf"(?:其中)?有效(?:的)?(?:意见建议|意见和建议|意见|建议|反馈意见|留言)(?:为|共|共计)?{_N}(?:条|件|个|项)"),
        # merged: "经梳理归并为45条"
        (("opinions",), rf"(?:梳理|归并|合并|整理)(?:归并|合并|汇总|整理)?(?:后共|后为|为|成)(?:了)?(?:共)?{_N}(?:条|项|个|件)"),
        (("partially_adopted",), rf"部分(?:予以)?(?:采纳|吸收)(?:的)?(?:意见|建议)?{_N}(?:条|个|项|件)"),
        (("not_adopted",), rf"(?:不予|未予|暂不|暂未|暂缓|不|未)(?:予|直接)?(?:采纳|吸收)(?:的)?(?:意见|建议)?{_N}(?:条|个|项|件)"),
        (("adopted",), rf"(?:予以|已|全部|吸收)?(?:采纳|吸收)(?:的)?(?:修改|合理|有效|相关)?(?:意见|建议)?(?:了)?{_N}(?:条|个|项|件|处)"),
        # a count decided together: "2条建议均已采纳" "以上3条意见均不予采纳"
        (("not_adopted",), rf"{_N}(?:条|项|个|件)(?:意见|建议|意见建议)?(?:均|全部|都)(?:不予|未予|未|不)(?:采纳|吸收)"),
        (("adopted",), rf"{_N}(?:条|项|个|件)(?:意见|建议|意见建议)?(?:均|全部|都)(?:已|予以|已予|已经)?(?:采纳|吸收)"),
        (("already_reflected",), rf"(?:已有体现|已体现|已有规定|已作规定)(?:的)?(?:意见|建议)?{_N}(?:条|个|项|件)"),
        (("referred",), rf"转(?:交|送)?(?:有关|相关)(?:部门|单位)(?:研究办理|研究处理|研究|办理|处理|参阅|参考|研处)?(?:的)?(?:意见|建议)?{_N}(?:条|个|项|件)"),
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
_ZERO = re.compile(
    r"(?:未收到|没有收到|未征集到|未收集到|未接到|无人提出)(?:任何|相关)?(?:[^，。；]{0,10}?)(?:意见|建议|反馈|留言)"
    r"|(?:无|没有)(?:单位|个人|公众|群众|市民|社会公众|单位和个人|单位或个人)[^，。；]{0,10}?(?:提出|反馈|提交)(?:修改)?(?:意见|建议)"
)
_NEGATED = ("部分", "不予", "未予", "暂不", "暂未", "不", "未")
_OFFICE_HINT = re.compile(r"审核|校对|自行|会后|文字|标点|逐字逐句|逐字逐局")
_CHANNEL_PIECE = re.compile(
    rf"^(?:通过|经由|经|来自|收到)?(?P<name>[\u4e00-\u9fffA-Za-z（）()]{{1,16}}?)(?:反馈|收到|提出|提交|寄送)?(?:意见|建议)?{_N}{_MEASURE}$"
)


_FULL_LETTERS = str.maketrans("ＡＢＣＤ", "ABCD")
_PROPOSER_END = re.compile(
    r"(?:局|委|办|院|厅|部|处|室|站|中心|公司|集团|政府|办公室|委员会|管委会|街道|社区|协会|商会|联合会|支队|大队|分局"
    r"|工会|团委|妇联|科协|工商联|市长|县长|区长|书记|主任|委员|代表|[*＊]|某)$"
)


def _one_proposer(text: str, start: int) -> bool:
    """Whether the clause before ``start`` names one proposer ("区水务公司" in "区水务公司提出3条修改意见")."""
    clause = re.split(r"[，。；：,;:]", text[max(0, start - 40) : start])[-1]
    clause = re.sub(r"^(?:其中|另外|此外|同时|会上)", "", clause).strip()
    if not clause or re.search(r"共|总|合计|累计|个单位|家单位|个部门|等|各|分别|们", clause):
        return False
    return len(split_list(clause)) == 1 and bool(_PROPOSER_END.search(clause))  # "市财政局、市审计局" are two


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
            if k0 == "opinions" and scope == "report" and _one_proposer(text, m.start()):
                key_scope = "proposer"  # "区水务公司提出3条修改意见": that unit's opinions, not the report's total
            if k0 == "class":
                k0 = f"class:{m.group('cls').translate(_FULL_LETTERS)}"
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
    out.extend(_channels_after(text, at, scope, [(pos, c) for pos, c in out if c.key == "received"], free))
    # "共提出修改意见5条，经认真研究，全部予以采纳": all of the opinions just counted
    for m in _ALL_ADOPTED.finditer(text):
        total = [c for pos, c in out if pos < m.start() and c.key in ("opinions", "received") and not c.approx]
        if total and free(m.start(), m.end()) and not any(c.key == "adopted" and c.scope == total[-1].scope for _, c in out):
            out.append((m.start(), StatedCount("adopted", total[-1].value, m.group(0), at(m.start()), False, total[-1].scope)))
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
            if not p or re.search(r"采纳|吸收|体现|重复|转|修改|规定|解释|有效|无效|个(?:单位|部门)|方面|领域|类", p):
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


_CHANNEL_WORD = re.compile(r"电话|来电|来信|信函|邮件|邮箱|留言|网站|热线|座谈|短信|微信|传真|来访|信箱|平台|12345")
_CHANNEL_NEXT = re.compile(rf"[，、,]\s*(?P<name>[\u4e00-\u9fff0-9]{{2,12}}?){_N}(?:条|次|件|封|个|人次)")


def _channels_after(
    text: str, at: Callable[[int], int], scope: str, received: list[tuple[int, StatedCount]],
    free: Callable[[int, int], bool],
) -> list[tuple[int, StatedCount]]:  # fmt: skip
    """"收到网上公众留言3条，电话反馈13次" → channel:电话反馈 13 (the pieces listed right after a received count)."""
    found: list[tuple[int, StatedCount]] = []
    for pos, c in received:
        end = text.find(c.text, pos) + len(c.text)
        while True:
            m = _CHANNEL_NEXT.match(text, end)
            if m is None or not _CHANNEL_WORD.search(m.group("name")) or m.group("name").startswith("其中") \
                    or not free(m.start(), m.end()):  # fmt: skip
                break
            value = to_int(m.group("n"))
            if value is None:
                break
            piece = m.group(0).lstrip("，、, ")
            found.append((m.start(), StatedCount(f"channel:{m.group('name')}", value, piece, at(m.start()),
                                                 bool(m.group("approx")), scope)))  # fmt: skip
            end = m.end()
    return found
