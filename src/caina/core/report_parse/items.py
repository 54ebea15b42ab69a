"""Items of a report: "1.周市长提出：……" + "意见采纳情况：……", table rows, unit-level states."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from caina.core.report_parse.changes import enumerate_segments, find_changes
from caina.core.report_parse.counts import find_counts
from caina.core.report_parse.model import ParsedEdit, ParsedOpinion, StatedCount
from caina.core.report_parse.text import NUM, Chunk, outside_quotes, split_list, strip_punct, to_int
from caina.core.report_parse.vocab import (
    ADOPTED,
    ADOPTING,
    DUPLICATE,
    LEADER_TITLES,
    NO_OPINION,
    PARTIAL,
    REFLECTED,
    UNIT_ENDINGS,
    find_decision,
    find_duplicate,
)

_CN = "一二三四五六七八九十"
NUMBER_RE = re.compile(
    rf"^(?:(?P<a>[0-9０-９]{{1,4}})\s*[\.．、](?![0-9０-９])|[（(](?P<b>[0-9０-９]{{1,4}}|[{_CN}]{{1,3}})[)）]|(?P<c>[{_CN}]{{1,3}})、"
    rf"|第(?P<d>[0-9０-９]{{1,4}}|[{_CN}]{{1,3}})条(?:意见|建议)?[：:、.．]|(?:意见|建议)\s*(?P<e>[0-9０-９]{{1,4}})\s*[：:.．、]"
    rf"|(?P<f>[{_CN}]{{1,3}})是(?=关于|对|有的|有些|一些|部分|个别|[^，。：:；“”\s]{{2,24}}?(?:提出|建议|认为|反映)[，,：:]))\s*"
)
_LEAD_BARE = re.compile(
    r"^(?P<prop>(?!关于|对|将|在|建议|第|针对|有关)[^：:，。“”；\s]{2,20}?)(?:\s*[（(](?P<via>[^）)]{1,20})[)）])?(?=提出|建议|认为|反映)"
    r"(?:提出|认为|反映)?(?:[，,]\s*)?"
)
# a topic before the opinion in a numbered item: "一、关于收费标准。某乡镇提出……" "（二）资金使用问题：县财政局建议……"
_TOPIC = re.compile(r"^(?:关于|对于|就)[^，。；：:“”]{1,20}?[。：:]\s*|^[^，。；：:“”]{1,16}?(?:问题|方面|事项)[。：:]\s*")
_SOME = (
    r"(?:还有的|有的|有些|一些|部分|个别|另有|多位|少数|不少|有(?=企业|市民|群众|网民|网友|代表|委员|专家|律师|学者|居民|村民|读者"
    r"|同志|人士|商户|经营户|个体户|家长|学生|教师|患者|游客|司机|驾驶员|业主|职工|单位|部门|人大代表|政协委员|公众|社会公众|基层))"
)
_ANON_ANYWHERE = re.compile(rf"{_SOME}[^，。：:；“”]{{0,12}}?(?=提出|建议|认为|指出|反映)")
_STUDIED_ANY = re.compile(r"经(?:认真|慎重)?(?:研究|审议|研究讨论|研究论证)")
_OFFICE_LEAD = re.compile(r"^(?P<office>[^：:，。“”]{2,24}?)(?:自行|会后)?(?:修改|审核|校对|修订)情况\s*[：:]\s*")
_LEAD = re.compile(
    r"^(?P<prop>[^：:，。“”；]{1,40}?)(?:\s*[（(](?P<via>[^）)]{1,20})[)）])?\s*"
    r"(?P<verb>提出|建议|认为|反映|指出)(?:的)?(?:意见|建议)?(?:如下)?\s*[：:]\s*"
)
_LEAD_COLON = re.compile(r"^(?P<prop>[^：:，。“”；\s]{1,30}?)(?:\s*[（(](?P<via>[^）)]{1,20})[)）])?\s*[：:]\s*")
# a nickname in quotes: "网友“晚霞”：建议……"
_NICK = re.compile(r"^(?P<prop>(?:网友|网民|市民|读者|用户|微信用户|昵称)“[^“”]{1,16}”)(?:\s*[（(](?P<via>[^）)]{1,20})[)）])?\s*(?:提出|建议)?[：:，,]\s*")
_ANON = re.compile(rf"^(?P<prop>{_SOME}[^，。：:；“”]{{0,24}}?)(?:提出|建议|认为|指出|反映)(?:的)?\s*[，,：:]?\s*")
DECISION_LABEL = re.compile(
    r"^\s*(?:意见)?(?:采纳情况|采纳意见|处理情况|处理意见|办理情况|办理结果|处理结果|采纳与否|答复意见|答复|回复|采纳说明)\s*[：:]\s*"
)
_INLINE_LABEL = re.compile(
    r"(?:意见)?(?:采纳情况|采纳意见|处理情况|处理意见|办理情况|办理结果|处理结果|答复意见|回复|答复)\s*[：:]"
)
# a line that opens with what the opinion is: "意见内容：……" "反馈意见：……" (no proposer named)
_OPINION_LEAD = re.compile(r"^(?:意见内容|反馈意见|意见建议|修改意见|主要意见|具体意见|建议内容|意见|建议)\s*[：:]\s*(?=\S)")
# the decision first, in brackets: "【采纳】建议……" "［不采纳］……"
_DECISION_FIRST = re.compile(r"^[【\[［〔](?P<d>[^】\]］〕]{1,8})[】\]］〕]\s*")
# the proposer last, in brackets: "建议增加夜间巡查频次。（县公安局）"
_PROPOSER_LAST = re.compile(r"[（(](?P<p>[^（）()]{2,24})[)）]\s*(?=$|理由(?:是|为)?\s*[：:])")
_STUDIED = re.compile(r"(?<=[。；])\s*(?=[^。；]{0,30}?经(?:认真|慎重)?(?:研究|审议|研究讨论|研究论证)(?:认为|后)?[，,])")
_PREFACE = re.compile(r"^[^。；]{0,30}?经(?:认真|慎重)?(?:研究|审议|研究讨论|研究论证)(?:认为|后)?[，,]\s*")
_TRAILING_DECISION = re.compile(r"[（(【\[]\s*(?P<d>[^（）()【】\[\]]{1,200})\s*[)）】\]]\s*[。.]?$")
_NOT_PROPOSERS = re.compile(r"^(?:理由|说明|原文|依据|备注|意见|建议|内容|情况|附件|注)$")
_STANDARD_DONE = re.compile(
    r"^(?:已|均已)?(?:对|在)?(?:《[^》]*》)?(?:中|文本)?(?:进行了?|作了?|作出)?(?:相应)?(?:的)?(?:修改完善|修改|完善|修订|调整)(?:。)?$"
)
_HEAD_STANDARD = re.compile(
    rf"(?:已|均已)?(?:对|在)?(?:《[^》]*》)?(?:中|文本)?(?:进行了?|作了?)?(?:相应)?(?:修改完善|修改|完善|修订)(?:如下)?(?:{NUM})?(?:处)?\s*[：:]\s*$"
)
_REASON = re.compile(r"理由(?:是|为|如下)?\s*[：:]")
_CLOSES = re.compile(r"\s*(?:这一|该|此|上述|这些|该条|此条)?(?:意见|建议)?\s*(?:[。；]|$)")
_TRAILING_LINK = re.compile(r"(?:[，,]\s*)?(?:因此|故|所以|因而|据此)?(?:建议|拟|决定|予以|暂)?\s*$")
_PROPOSER_ENDINGS = tuple(UNIT_ENDINGS) + tuple(LEADER_TITLES) + (
    "街道", "镇", "乡", "村", "同志", "代表", "委员", "专家", "联", "协", "社", "队", "馆", "台", "团", "组", "园", "场"
)  # fmt: skip
_OPINION_LABEL = re.compile(r"^(?:意见|建议|意见内容|意见建议|主要意见|具体意见|修改意见|反馈意见)\s*[：:]\s*")
_NO_OPINION_TEXT = re.compile(r"^(?:无|无意见|无修改意见|没有意见|无异议|无建议|同意|无修改建议)[。.]?$")


@dataclass
class Builder:
    """An item being collected from its lines."""

    kind: str  # opinion | office
    line: int
    number: int | None = None
    proposer: str = ""
    via: str = ""
    opinion: list[tuple[int, str]] = field(default_factory=list)
    decision: list[tuple[int, str]] = field(default_factory=list)
    section: str = ""
    default: str | None = None
    paragraph: bool = False  # an office paragraph ("此外，……作了文字修改。"): continued only by its enumeration
    implied: str | None = None  # the decision the item's own wording implies ("根据……意见，将……修改为……": adopted)

    def add(self, n: int, text: str) -> None:
        if self.kind == "office":
            self.opinion.append((n, text))
        elif self.decision or DECISION_LABEL.match(text) or (self.opinion and opens_with_decision(text)):
            self.decision.append((n, text))
        else:
            self._add_opinion(n, text)

    def _add_opinion(self, n: int, text: str) -> None:
        m = _INLINE_LABEL.search(text)
        if m is None:
            m2 = _STUDIED.search(text)
            if m2 is not None and m2.start() > 0:
                self.opinion.append((n, text[: m2.start()].strip()))
                self.decision.append((n, text[m2.start() :].strip()))
                return
            t = _trailing_decision(text)
            if t:
                self.opinion.append((n, text[: t.start()].strip()))
                self.decision.append((n, t.group("d")))
                return
            cut = _decision_sentence(text)
            if cut:
                self.opinion.append((n, text[:cut].strip()))
                self.decision.append((n, text[cut:].strip()))
                return
            cut = _decision_clause(text)
            if cut:
                self.opinion.append((n, text[:cut].strip()))
                self.decision.append((n, text[cut:].strip().lstrip("，,").strip()))
                return
            self.opinion.append((n, text))
            return
        before = text[: m.start()].strip()
        if before:
            self.opinion.append((n, before))
        self.decision.append((n, text[m.start() :]))


def _trailing_decision(text: str) -> re.Match[str] | None:
    """"……。（采纳）" / "……（不采纳，理由：……）": a bracket at the end that starts with a decision."""
    t = _TRAILING_DECISION.search(text)
    dm = find_decision(t.group("d"), whole_cell=True) if t else None
    return t if t is not None and dm is not None and dm.start == 0 else None


_DECIDED_LEAD = re.compile(
    r"(?:经(?:认真)?研究(?:后|认为)?[，,]?)?(?:(?:该|此|这一|这条|这项|上述|以上)(?:条|项)?(?:意见|建议)[，,]?)?"
    r"(?:已经|已|均已|均)?(?:予以|部分|全部|吸收|不予|未予|暂不|暂未|未|不)?(?:采纳|吸收)"
)


def _decision_sentence(text: str) -> int:
    """Where the answer begins in "……建议……。已采纳，在第五条中增加……" or "……。因……不一致，未予采纳。" (0: none).

    A later sentence (after 。) that opens with a decision, or a last sentence that
    ends with one. The first sentence is always the opinion.
    """
    blank = outside_quotes(text)
    ends = [m.end() for m in re.finditer(r"[。；]", blank) if m.end() < len(text.rstrip())]
    for e in ends:
        lead = _DECIDED_LEAD.match(text, e)
        if lead:  # "。已部分采纳，……" "。该意见已采纳，将……" "。经研究，该建议不予采纳。"
            dm = find_decision(text[e:])
            if dm is not None and dm.start < lead.end() - e:
                return e
    if ends:
        last = ends[-1]
        tail = text[last:]
        dm = find_decision(tail)
        if dm is not None and dm.value not in (NO_OPINION,) and re.fullmatch(r"[。；\s]*", tail[dm.end :]):
            return last
    return 0


# "……，建议删去，法制委员会研究后采纳了该建议，将……" / "针对……的建议，已吸收采纳，在……中增加了……":
# the answer begins at a clause that opens with who studied it and the decision
_CLAUSE_DECISION = re.compile(
    r"[，,]\s*(?=(?:[^，。；“”]{0,16}?(?:经认真研究|认真研究后|研究后|经研究|研究认为|审议后|经审议)[，,]?\s*)?"
    r"(?:已经|已|均已|均|予以|决定|同意)?\s*(?:部分)?(?:吸收采纳|采纳|吸收|不予采纳|未予采纳|不采纳|未采纳|暂不采纳)"
    r"(?:了)?(?:该|这一|此|上述|相关|有关|这条|此条)?(?:意见|建议)?\s*(?:[，,。；]|$))"
)


def _decision_clause(text: str) -> int:
    """Where the answer begins inside one sentence ("……，法制委员会研究后采纳了该建议，……"), 0: none."""
    blank = outside_quotes(text)
    for m in _CLAUSE_DECISION.finditer(blank):
        clause = text[m.end() :]
        dm = find_decision(clause)
        if dm is not None and dm.value not in (NO_OPINION,) and dm.start <= 20 and "建议" not in clause[: dm.start]:
            return m.start()
    return 0


# what may come before the decision word in a paragraph that answers the one before it
_ANSWER_LEAD = re.compile(
    r"^(?:经(?:认真|慎重)?(?:研究|审议|研究讨论|研究论证)(?:认为|后)?[，,]?\s*)?(?:对此[，,]?\s*)?"
    r"(?:该|此|这一|这条|这项|上述|本条|该条|此条|以上)?(?:条|项)?(?:意见|建议)?\s*"
    r"(?:已经|已|均已|均|我局|我们|我委|我办)?\s*(?:予以|决定|同意)?$"
)


def opens_with_decision(text: str) -> bool:
    """A paragraph that is an answer: "已采纳相关意见，在……中修改。" "经研究，该意见已采纳，……" "该建议不予采纳。"."""
    dm = find_decision(text)
    if dm is None or dm.value == NO_OPINION or dm.start > 16:
        return False
    return bool(_ANSWER_LEAD.match(text[: dm.start]))


def proposer_like(name: str) -> bool:
    """A name that can only be a proposer: a unit, a leader, a masked or anonymous person ("朱**", "有的委员")."""
    n = name.strip()
    if not (2 <= len(n) <= 24) or re.search(r"[，。；：:“”《》\d]|在|对|已|将|把|经|就|按|根据|关于|意见|建议", n):
        return bool(re.match(_SOME, n)) and len(n) <= 24
    if re.match(_SOME, n) or re.search(r"[*＊×]|.某", n):
        return True
    if re.match(r"^(?:村民|市民|居民|群众|网民|网友|公民|律师|专家|学者|教师|读者|企业主?|个体户)\S{0,6}$", n):
        return True  # "村民张某" "网友“清风”"
    return n.endswith(_PROPOSER_ENDINGS)


def item_number(text: str) -> tuple[int | None, str] | None:
    m = NUMBER_RE.match(text)
    if not m:
        return None
    raw = next(g for g in m.groups() if g)
    return to_int(raw), text[m.end() :]


# a legislature's revision report: "根据常委会组成人员的审议意见，将草案第十二条第二款中的“三十日”修改为“十五日”。"
_ACCORDING = re.compile(
    r"^(?:根据|按照|依据|采纳|吸收)(?P<who>[^，。；“”]{2,40}?)(?:的|所提|提出的)?(?:审议意见|意见和建议|意见建议|修改意见|意见|建议)"
    r"(?:和[^，。；]{2,30}?)?[，,]\s*"
)
# "针对有市民提出的……建议，已吸收采纳，在……中增加了……": the opinion named, then its answer
_HANDLED = re.compile(r"^(?:针对|对于|关于|就)(?P<what>[^。；]{2,80}?(?:意见|建议|问题|诉求))[，,]\s*")
_NOT_A_NAME = re.compile(r"通过|方式|途径|渠道|可以|可|欢迎|请|以下|如下|下列")
_CHANNEL_WORDS = re.compile(r"网站|网址|邮箱|邮件|信函|来信|地址|电话|传真|邮编|热线|平台|公众号|信箱|窗口|留言板")


def _who(text: str) -> str:
    """The proposer named in "有市民提出的……建议" / "区财政局提出的……意见" ("" when none)."""
    m = _ANON_ANYWHERE.search(text)
    if m:
        return m.group(0).strip()
    m2 = re.match(r"^(?P<p>[^，。；“”]{2,20}?)(?:提出|反映|建议)", text)
    if m2 and proposer_like(m2.group("p")):
        return m2.group("p")
    return ""


def _according(body: str, n: int, number: int | None) -> Builder | None:
    m = _ACCORDING.match(body)
    if m is None or not find_changes(body[m.end() :]):
        return None
    who = re.sub(r"^(?:市|省|区|县)?(?:人大)?常委会(?=组成人员|委员)", "常委会", m.group("who")).strip()
    b = Builder("opinion", n, number, proposer=m.group("who").strip() if who else "")
    b.implied = ADOPTED
    b.opinion.append((n, body[: m.end()].strip().rstrip("，,")))
    b.decision.append((n, body[m.end() :].strip()))
    return b


def _handled(body: str, n: int, number: int | None) -> Builder | None:
    m = _HANDLED.match(body)
    if m is None:
        return None
    rest = body[m.end() :]
    dm = find_decision(rest)
    if dm is None or dm.start > 12 or dm.value == NO_OPINION:
        return None
    b = Builder("opinion", n, number, proposer=_who(m.group("what")))
    b.opinion.append((n, m.group("what").strip()))
    b.decision.append((n, rest.strip()))
    return b


def _name_of(prop: str) -> str:
    """"生态环境分局关于……规划" → "生态环境分局" (a proposer followed by what the opinion is about)."""
    m = re.match(r"^(?P<p>.{2,24}?)(?:关于|针对|对《|就《|对“)", prop)
    if m and proposer_like(m.group("p")):
        return m.group("p")
    return prop


def start_item(text: str, n: int, *, in_items: bool, loose: bool = False) -> Builder | None:
    """A Builder when ``text`` begins an item ("1.周市长提出：", "有的委员提出，", "朱**："), else None.

    ``loose``: among items or under a heading that gives a decision, an unnumbered
    "区住房城乡建设局提出，……" begins an item too (when the name can only be a proposer).
    """
    numbered = item_number(text)
    number, body = numbered if numbered else (None, text)
    first = _DECISION_FIRST.match(body)
    if first and (dm := find_decision(first.group("d"), whole_cell=True)) is not None and dm.start == 0:
        b = Builder("opinion", n, number)  # "【不采纳】建议取消年审。理由：……"
        rest = body[first.end() :]
        rm = _REASON.search(rest)
        b.opinion.append((n, rest[: rm.start()].strip() if rm else rest.strip()))
        b.decision.append((n, first.group("d") + ("。" + rest[rm.start() :] if rm else "")))
        return b
    if _OPINION_LEAD.match(body) and not DECISION_LABEL.match(body):
        b = Builder("opinion", n, number)  # "意见内容：……" / "反馈意见：……"
        b.add(n, _OPINION_LEAD.sub("", body, count=1))
        return b
    if not re.match(r"^(?:此外|另外|同时|还)", body):
        special = _according(body, n, number) or _handled(body, n, number)
        if special is not None:
            return special
    om = _OFFICE_LEAD.match(body)
    if om and (numbered or in_items):
        b = Builder("office", n, number, proposer=om.group("office"))
        rest = body[om.end() :].strip()
        if rest:
            b.opinion.append((n, rest))
        return b
    for pattern in (_NICK, _ANON, _LEAD, _LEAD_COLON):
        m = pattern.match(body)
        if not m:
            continue
        prop = _name_of(m.group("prop").strip())
        if _NOT_PROPOSERS.match(prop) or DECISION_LABEL.match(body) or find_decision(prop, whole_cell=True):
            continue
        if _NOT_A_NAME.search(prop):
            continue  # "公众可通过以下方式提出意见：" is the call for comments, not an opinion
        if pattern is _LEAD_COLON and not (numbered or in_items) and len(prop) > 12:
            continue
        if pattern is _LEAD_COLON and (not proposer_like(prop) or _CHANNEL_WORDS.search(prop)):
            continue  # "一、基本情况：" "本次公开征求意见分两部分：" "1.电子邮箱：……" are not proposers
        b = Builder("opinion", n, number, proposer=prop, via=(m.groupdict().get("via") or "").strip())
        rest = body[m.end() :].strip()
        if m.groupdict().get("verb") == "建议" and rest and not rest.startswith(("建议", "将", "在")):
            pass
        if rest:
            b.add(n, rest)
        return b
    if not numbered and loose:
        bare = _LEAD_BARE.match(body)
        if bare and proposer_like(bare.group("prop")):
            b = Builder("opinion", n, None, proposer=bare.group("prop").strip(), via=(bare.group("via") or "").strip())
            rest = re.sub(r"^建议[，,]\s*", "建议", body[bare.end() :].strip())
            if rest:
                b.add(n, rest)
            return b
    if numbered:
        decided = bool(_INLINE_LABEL.search(body) or _STUDIED_ANY.search(body) or _trailing_decision(body))
        bare = _LEAD_BARE.match(body)
        if bare and not proposer_like(bare.group("prop")):
            bare = None  # "一、收集意见和建议情况": "收集意见和" is no proposer
        topic = _TOPIC.match(body) if bare is None else None
        after_topic = _LEAD_BARE.match(body[topic.end() :]) if topic else None
        if after_topic and not proposer_like(after_topic.group("prop")):
            after_topic = None
        anon = _ANON_ANYWHERE.search(body)
        if not (in_items or decided or bare or anon or after_topic):
            return None
        b = Builder("opinion", n, number)
        if after_topic:  # the topic stays in the opinion's text
            b.proposer, b.via = after_topic.group("prop").strip(), (after_topic.group("via") or "").strip()
        elif bare:
            b.proposer, b.via = bare.group("prop").strip(), (bare.group("via") or "").strip()
            body = re.sub(r"^建议[，,]\s*", "建议", body[bare.end() :])  # "县财政局建议，将……"
        elif anon:
            b.proposer = anon.group(0).strip()
        if body.strip():
            b.add(n, body.strip())
        return b
    return None


@dataclass
class Decided:
    value: str | None
    text: str
    reason: str
    narrative: str
    edits: tuple[ParsedEdit, ...]
    line: int
    duplicate_of: int | None
    counts: list[StatedCount]
    warnings: list[str]


def group_edits(seg: str, group: int, offset: int, chunk: Chunk) -> list[ParsedEdit]:
    """The changes of one narrated edit ("一是……"), with its intro, note and reason."""
    founds = find_changes(seg)
    line = chunk.line_at(offset)
    if not founds:
        s = strip_punct(seg)
        if not s:
            return []
        reason = ""
        rm = _REASON.search(s)
        if rm:
            s, reason = strip_punct(s[: rm.start()]), s[rm.end() :].strip()
        return [ParsedEdit("summary", None, None, None, None, None, None, s, line, group=group, reason=reason)]
    intro = seg[: founds[0].start].strip()
    intro = re.sub(r"已\s*$", "", intro).lstrip("，。；、 ")
    note = seg[founds[-1].end :]
    reason = ""
    rm = _REASON.search(note)
    if rm:
        note, reason = note[: rm.start()], note[rm.end() :].strip()
    note = note.rstrip("。；\n ")
    if not strip_punct(note):
        note = ""
    out = []
    for i, f in enumerate(founds):
        e = replace(f.edit, group=group, line=chunk.line_at(offset + f.start))
        if i == 0:
            e = replace(e, intro=intro)
        if i == len(founds) - 1:
            e = replace(e, note=note, reason=reason)
        out.append(e)
    return out


def edits_of(text: str, offset: int, chunk: Chunk, scope: str) -> tuple[list[ParsedEdit], str, list[StatedCount]]:
    """Edits narrated in ``text`` (enumerated or not), the narrative before them, and stated counts."""
    head_end, segs = enumerate_segments(text)
    counts: list[StatedCount] = []
    if segs:
        head = text[:head_end]
        counts += find_counts(head, chunk.line_at(offset), scope, line_at=lambda o: chunk.line_at(offset + o))
        narrative = _HEAD_STANDARD.sub("", head.strip()).strip().lstrip("，。；：:、 ")
        edits: list[ParsedEdit] = []
        for g, s, e in segs:
            edits += group_edits(text[s:e], g, offset + s, chunk)
        return edits, narrative, counts
    if find_changes(text):
        return group_edits(text, 0, offset, chunk), "", counts
    narrative = text.strip().lstrip("，。；：:、 ")
    if _STANDARD_DONE.match(narrative) or not narrative.strip("，。；：:、 "):
        narrative = ""
    return [], narrative, counts


def _implies_adoption(body: str) -> bool:
    """A legislature's answer that narrates the change it makes: "经研究，建议将……修改为……" (no decision word)."""
    rest = _PREFACE.sub("", body.strip())
    if rest == body.strip() and not _STUDIED_ANY.search(body):
        return False
    return bool(re.match(r"(?:建议|决定|拟)?(?:将|在|删去|删除|增加|增写|补充|对)", rest)) and bool(find_changes(rest))


_UNQUOTED_CHANGE = re.compile(
    r"[，,；]\s*(?:已经|已|并|同时|相应)?(?:将|把)[^，。；“”]{1,40}?(?:由[^，。；]{1,20}?)?(?:修改|调整|改|变更|提高|降低|缩短|延长)(?:为|成|至|到)"
    r"|[，,；]\s*(?:并|同时|相应)?(?:在|于)[^，。；]{1,30}?(?:中|后|前)?(?:增加|补充|增写|删去|删除)"
)


def without_changes(text: str) -> str:
    """A partial adoption's reason: what it says that narrates no change.

    Sentences that narrate a change are left out from the clause where the
    change begins: "考虑到……的实际需要，将“30日”修改为“45日”。" → "考虑到……的实际需要".
    """
    kept = []
    for sentence in re.split(r"(?<=[。；])", text.lstrip("，。；：:、 \n")):
        if not sentence.strip():
            continue
        found = find_changes(sentence)
        if not found:
            kept.append(sentence)
            continue
        # the longest run of leading clauses whose removal leaves the same changes
        key = [(f.edit.kind, f.edit.old, f.edit.new, f.edit.locator) for f in found]
        cut = 0
        for m in re.finditer(r"[，,]", outside_quotes(sentence)):
            if [(f.edit.kind, f.edit.old, f.edit.new, f.edit.locator) for f in find_changes(sentence[m.end() :])] != key:
                break
            cut = m.start()
        head = _PREFACE.sub("", sentence[:cut]).strip() if cut > 0 else ""
        if strip_punct(head):
            kept.append(strip_punct(head) + "；")
    out = "".join(kept).strip().rstrip("；，, \n") if kept else ""
    # a change narrated without quotation marks: "考虑到……，将县级承担比例由50%调整为40%。"
    unquoted = _UNQUOTED_CHANGE.search(out)
    if unquoted and unquoted.start() > 0:
        out = out[: unquoted.start()].rstrip("；，, ")
    return out


_DECISION_TAIL = re.compile(
    r"[，,；;]?\s*(?:因此|因而|故|所以|据此)?[，,]?\s*(?:决定|建议)?(?:暂不|暂未|未予|不予|未|不)(?:予)?(?:采纳|吸收)"
    r"(?:了)?(?:该|此|这一|这条|上述)?(?:意见|建议)?[。.]?$"
)


def decide(pieces: list[tuple[int, str]], default: str | None, where: str) -> Decided:
    chunk = Chunk.of(pieces)
    text = chunk.text
    warnings: list[str] = []
    lm = DECISION_LABEL.match(text)
    off = lm.end() if lm else 0
    body = text[off:]
    dm = find_decision(body, whole_cell=len(body) <= 6)
    # "……，能够满足认领需要，建议不作修改。": a decision may close a long sentence of reasons
    late = dm is not None and dm.start > 40 and bool(_CLOSES.match(body, dm.end))
    if dm is None or (dm.start > 40 and not late):
        value, dtext, lead, rest_off = default, "", "", off
        if default is None and _implies_adoption(body):  # "法制委员会经研究，建议在草案第十二条中增加一款……"
            value = ADOPTED
        elif default is None and body.strip():
            warnings.append(f"{where}：未能识别采纳情况（“{body[:30]}”），已原样保留")
    else:
        value, dtext, lead, rest_off = dm.value, dm.text, body[: dm.start].strip(), off + dm.end
        if _ANSWER_LEAD.match(lead) and re.search(r"意见|建议|该|此|这|以上|上述", lead):  # "该建议不予采纳。"
            lead = ""
    rest = text[rest_off:]
    dup = find_duplicate(body)
    rm = _REASON.search(rest)
    edit_text, edit_off = rest, rest_off
    if rm:
        reason = rest[rm.end() :].strip()
        edit_text = rest[: rm.start()]
    elif value in ADOPTING or value is None:
        reason = ""
    else:
        reason, edit_text = rest.lstrip("，。；：:、 \n"), ""
        before = _TRAILING_LINK.sub("", strip_punct(_PREFACE.sub("", lead)))
        if lead and not strip_punct(rest) and before:  # "因……不一致，未予采纳。" "经研究认为，……，建议不作修改。"
            reason = before
        elif lead and strip_punct(_PREFACE.sub("", lead)):
            # "草案第二十一条已对……作出规定，不再重复": the decision words sit inside the reason
            reason = _PREFACE.sub("", body).strip()
        elif lead and value == REFLECTED and not strip_punct(rest):  # "经研究，已在第二十三条中予以明确。"
            reason = _PREFACE.sub("", body).strip()
    if value == PARTIAL and not rm:
        reason = without_changes(rest)
    reason = reason.strip()
    if value not in ADOPTING and value is not None:  # "……不宜作出规定，因此未予采纳。": the decision is not the reason
        reason = _DECISION_TAIL.sub("", reason).strip() or reason
    edits: list[ParsedEdit] = []
    narrative = ""
    counts: list[StatedCount] = []
    if value in ADOPTING or value is None:
        edits_l, narrative, counts = edits_of(edit_text, edit_off, chunk, "item")
        edits = edits_l
        if value == PARTIAL and rm and find_changes(reason):  # "理由：……不宜一律禁止；已在第十八条中增加“……”。"
            r_off = rest_off + rm.end() + (len(rest[rm.end() :]) - len(rest[rm.end() :].lstrip()))
            more, _narr, _c = edits_of(reason, r_off, chunk, "item")
            edits += more
            reason = without_changes(reason)
        for e in edits:
            if e.scope:
                counts.append(StatedCount("occurrences", to_int(e.scope[:-1]) or 0, f"中的{e.scope}", e.line, False, "item"))
    if len(lead) > 4 and value in ADOPTING:  # "法制委员会经研究，建议采纳这一意见，删去该项。"
        narrative = body.strip()
    return Decided(value, dtext, reason, narrative, tuple(edits), chunk.first_line,
                   dup[0] if dup else None, counts, warnings)  # fmt: skip


def inherit_places(
    edits: tuple[ParsedEdit, ...], proposals: tuple[ParsedEdit, ...], locator: str | None = None,
    locator_kind: str | None = None, parsed: dict[str, object] | None = None,
) -> tuple[ParsedEdit, ...]:  # fmt: skip
    """Edits that name no place take it from what the opinion proposed (or from the table's 条款 column).

    "建议将第八条第一款“……30日……”中的“30日”修改为“60日”" + "将“30日”修改为“45日”" → the edit
    is at 第八条第一款; "建议将第十六条中“每年开展一次”修改为……" + "修改为“每半年开展一次”" → its
    old text too; "已在该部分补充“……”" → the one place the opinion names.
    """
    placed = [p for p in proposals if p.locator or p.part]
    out = []
    for e in edits:
        if e.locator or e.part or e.kind == "summary":
            out.append(e)
            continue
        src: ParsedEdit | None = None
        if e.old:
            src = next((p for p in placed if p.old == e.old or e.old in (p.old or "") or e.old in (p.context or "")), None)
        elif e.kind == "replace":
            olds = [p for p in placed if p.old and p.kind in ("replace", "delete")]
            if len(olds) == 1:
                src = olds[0]
                e = replace(e, old=src.old, context=src.context)
        if src is None and locator is None and len({p.locator for p in placed}) == 1 and not e.old:
            src = placed[0]
        if src is not None:
            e = replace(e, locator=src.locator, locator_kind=src.locator_kind, parsed=src.parsed, part=src.part)
        elif locator is not None:
            e = replace(e, locator=locator, locator_kind=locator_kind, parsed=parsed)
        out.append(e)
    return tuple(out)


def _answer_after(text: str, proposed: bool) -> int:
    """Where the office's answer begins in an item under a heading that gives the decision (0: none).

    The first sentence is the opinion when it says what was proposed ("有网民建议……。"); what
    follows it is the answer (the reason, or the change made).
    """
    blank = outside_quotes(text)
    m = re.search(r"[。；]", blank)
    if m is None or m.end() >= len(text.rstrip()):
        return 0
    first = text[: m.start()]
    return m.end() if proposed or re.search(r"建议|提出|认为|希望|要求|反映|意见", first) else 0


def build_opinion(b: Builder, where: str) -> tuple[ParsedOpinion, list[StatedCount], list[str]]:
    ochunk = Chunk.of(b.opinion, sep="")
    text = ochunk.text.strip()
    lm = _OPINION_LABEL.match(text)
    skip = lm.end() if lm else 0
    text = text[skip:]  # "1. 意见：建议……" under a heading that names the unit
    proposer = b.proposer
    last = _PROPOSER_LAST.search(text) if not proposer else None
    if last and proposer_like(last.group("p")):  # "建议增加夜间巡查频次。（县公安局）"
        proposer, text = last.group("p").strip(), (text[: last.start()].rstrip() + text[last.end() :]).strip()
    proposals = tuple(replace(f.edit, line=ochunk.line_at(f.start + skip)) for f in find_changes(text))
    warnings: list[str] = []
    if not proposer:
        warnings.append(f"{where}：未能识别提出人/单位")
    if b.decision:
        d = decide(b.decision, b.implied or b.default, where)
        warnings += d.warnings
    elif _NO_OPINION_TEXT.match(text):
        d = Decided(NO_OPINION, text.rstrip("。."), "", "", (), b.line, None, [], [])
    else:
        reason = ""
        rm = _REASON.search(text)
        answer = _answer_after(text, bool(b.proposer)) if b.default is not None and not rm else 0
        if rm and b.default is not None:  # "……。理由：……" under a heading such as 三、未采纳的意见及理由
            text, reason = text[: rm.start()].strip(), text[rm.end() :].strip()
            d = Decided(b.default, "", reason, "", (), 0, None, [], [])
        elif answer:  # under "二、部分采纳的意见": "有网民建议……。考虑到……，已将……调整为……。"
            d = decide([(b.line, text[answer:])], b.default, where)
            text = text[:answer].strip()
        else:
            d = Decided(b.default, "", reason, "", (), 0, None, [], [])
        if b.default is None:
            warnings.append(f"{where}：没有找到采纳情况")
    duplicate_of = d.duplicate_of
    if duplicate_of is None and (dup := find_duplicate(text)) is not None and dup[0] is not None:
        duplicate_of = dup[0]  # "（4）内容与建议（2）重复。"
        if d.value is None:
            d = replace(d, value=DUPLICATE, text=dup[1])
    op = ParsedOpinion(
        number=b.number, proposer=proposer, text=text, decision=d.value, decision_text=d.text, reason=d.reason,
        edits=inherit_places(d.edits, proposals), line=b.line, decision_line=d.line, narrative=d.narrative, proposals=proposals,
        duplicate_of=duplicate_of, via=b.via, section=b.section,
    )  # fmt: skip
    return op, d.counts, warnings


def build_office(b: Builder) -> tuple[list[ParsedEdit], str, list[StatedCount]]:
    chunk = Chunk.of(b.opinion)
    text = chunk.text
    head_end, segs = enumerate_segments(text)
    head = text[:head_end] if segs else ""
    counts = find_counts(head or text, b.line, "office", line_at=chunk.line_at)
    intro = re.sub(rf"对文本(?:审核|校对)?(?:修改|修订)(?:了)?(?:{NUM})处\s*[：:]?\s*$", "", head.strip()) if segs else ""
    edits, _narrative, _ = edits_of(text, 0, chunk, "office")
    if not edits and strip_punct(text):  # "此外，……对个别文字和标点符号作了规范。"
        edits = [ParsedEdit("summary", None, None, None, None, None, None, strip_punct(text), b.line)]
    return edits, intro, counts


# --- unit-level states -----------------------------------------------------

# the state first, then the clause before it (a linear scan: no pattern starts with an open-ended list)
_UNIT_NONE = re.compile(r"(?P<w>无修改意见|无意见|无异议|没有意见|没有修改意见|无修改建议)")
_UNIT_LATE = re.compile(
    r"(?P<w>(?:逾期|到期|超期)?未(?:按时|按期)?(?:反馈|回复)(?:意见)?[，,]?\s*(?:视[作为同]|按|作)(?:无意见|同意|无异议)(?:处理)?)"
)
_UNIT_TAIL = re.compile(rf"(?:(?:等|共|这)?\s*(?:{NUM})个(?:单位|部门))?(?:均|都|皆)?(?:回复|反馈|表示|书面反馈|书面回复)?$")
_GENERIC = re.compile(r"^(?:其余|其他|另|剩余|其它|其余的|以上|上述)")


def unit_states(text: str, n: int) -> list[ParsedOpinion]:
    """"市发改委、市财政局等2个单位无修改意见" → one no_opinion item per named unit."""
    found: list[tuple[int, ParsedOpinion]] = []
    taken: list[tuple[int, int]] = []
    if not re.search(r"无修改意见|无意见|无异议|没有意见|没有修改意见|无修改建议|未(?:按时|按期)?(?:反馈|回复)", text):
        return []
    for pattern in (_UNIT_LATE, _UNIT_NONE):
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            clause = re.split(r"[，。；：:]", text[max(0, m.start() - 300) : m.start()])[-1]
            listed = _UNIT_TAIL.sub("", clause)
            if len(listed) < 2 or re.search(r"征求|经|会后|研究", listed[-6:]):
                continue
            listed = re.sub(r"^.*?(?:其中|此外|另外|同时|会上)[，,]?", "", listed).strip()
            if _GENERIC.match(listed) or re.search(r"提出|意见|建议|采纳", listed):
                continue
            for name in split_list(listed):
                name = name.strip()
                if not (2 <= len(name) <= 24) or re.search(r"\d|^[一二三四五六七八九十两]+个", name):
                    continue
                if any(o.proposer == name for _, o in found):
                    continue
                found.append((m.start(), ParsedOpinion(None, name, "", NO_OPINION, m.group("w"), "", (), n, n)))
    return [o for _, o in sorted(found, key=lambda x: x[0])]
