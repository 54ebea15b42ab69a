"""Edit sentences: "将《实施方案》P3倒数第五行“甲”修改为“乙”", "在第八条第一款后增加“……”", "删去“……”".

:func:`find_changes` finds every change a passage narrates, with the
locator as written, the old and new quotations, the scope ("中的3处"), the
attachment and the passage's own words around it. :func:`citations` finds
"《实施方案》P6顺数第八行“……”" citations in an opinion's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TypedDict, Unpack

from caina.core.locators import parse_locator
from caina.core.report_parse.model import ParsedEdit
from caina.core.report_parse.text import NUM, ORD, Quote, outside_quotes, quotes, sentence_start, to_int
from caina.errors import LocatorSyntaxError

_RW = r"[至到\-－—~～]"
_PAGE = rf"(?:(?<![A-Za-z])[PpＰｐ]\s*(?:{ORD})|第?\s*(?:{ORD})\s*(?:{_RW}\s*(?:{ORD}))?\s*页)"
_SIDE = r"(?:[，,]?\s*[左右]栏?\s*[，,]?\s*)"
_LINE = rf"(?:(?:顺数|倒数|倒)\s*第?\s*(?:{ORD})|第\s*(?:{ORD})|(?:{ORD}))\s*(?:{_RW}\s*(?:{ORD}))?\s*行"
PAGE_LINE_RE = re.compile(
    rf"(?:附件\s*(?:{ORD})?\s*)?(?:正文)?{_PAGE}(?:{_SIDE}?{_LINE})?(?:{_RW}\s*{_PAGE}(?:{_LINE})?)?"
)
_O = rf"(?:{ORD})"
ARTICLE_RE = re.compile(
    rf"(?:第{_O}编)?(?:第{_O}章)?(?:第{_O}节)?第{_O}条(?:之[一二三四五六七八九十]+)?(?:第{_O}款)?(?:第{_O}项)?(?:第{_O}目)?"
    rf"|第{_O}款(?:第{_O}项)?(?:第{_O}目)?|第{_O}项(?:第{_O}目)?"
)
SECTION_RE = re.compile(
    rf"第{_O}(?:部分|章|节)(?:“[^”]{{1,40}}”)?(?:第{_O}(?:段|自然段|点|小点))?|第{_O}(?:段|自然段)"
    rf"|“[^”]{{1,40}}”(?:章节|部分|一节|一章|一段)"
)
# "附件3"; "附件" alone names a single attachment where it is cited: 附件的“…”一栏, 附件中的“…”, 附件第1页
PART_RE = re.compile(rf"附件(?:\s*({ORD})|(?=的|中|“|\u0000|第|[PpＰｐ]))")  # \u0000: a quotation blanked
DOC_RE = re.compile(r"《[^《》]*(?:《[^《》]*》[^《》]*)*》")

_REPLACE_V = re.compile(
    r"(?:(?:相应|统一|一并|均|分别|进一步|应|宜)?(?:修改|改|调整|替换|更改|更正|修订|表述|规范|变更|订正|改写)(?:为|成)"
    r"|应为|宜为|应当为)\s*[：:]?\s*"
)
_INSERT_V = re.compile(
    r"(?:增加|增写|补充|加入|添加|新增|增设|写入|加上|补写|插入|增补)(?:了)?\s*(?:一句|一款|一项|一条|一段|表述|内容)?\s*[：:]?\s*"
)
_DELETE_V = re.compile(r"(?:删去|删除|删掉|去掉|删减)(?:了)?\s*[：:]?\s*")
_MOVE_V = re.compile(r"(?:调整|移|挪|并入|合并)(?:至|到|入)")
_AFTER_QUOTE = re.compile(r"(?:等内容|的内容|内容|字样|二字|等字|一词|一句|的表述|表述)")
_POSITION = re.compile(r"(之前|前面|之后|后面|末尾|最后|结尾|前|后|中|里)\s*[，,]?\s*$")
_COLUMN_AFTER = re.compile(r"\s*(?:一栏|栏目|这一栏|栏)")
_FOLLOW_BEFORE = re.compile(rf"(?:并|同时|相应|对应|一并|也)*(?:修改|调整|改)(?:了)?\s*(附件\s*(?:{ORD})?)?\s*(?:的|中的)?\s*$")
_SCOPE = re.compile(rf"中的\s*({NUM})\s*处\s*$")
_UNQUOTED_OLD = re.compile(r"(?:中的|的)([^，。；“”《》\s、]{1,20}?)(?:一栏|栏目|栏)?(?:相应|统一|一并|均)?$")
_UNQUOTED_NEW = re.compile(r"[^，。；\n]{1,60}")
_GENERIC_NEW = re.compile(
    r"^(?:了)?(?:相关|有关|相应|上述|前述|这一|该项?|此项?|具体|必要的?|一些|部分)?(?:的)?"
    r"(?:内容|规定|表述|条款|要求|措施|条文|文字|意见|说明)(?:的内容)?(?:等)?$"
)
_AS_PLACE = re.compile(rf"\s*[，,]?\s*作为(?:第(?:{ORD})(?:条|款|项|目|段)|新的一(?:条|款|项))(?:之一)?\s*[，,]?\s*(?:内容为|规定|表述为)?\s*[：:]\s*")


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # page_line | article | section | part | doc
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Found:
    """A change found in a passage, with its place in the passage."""

    edit: ParsedEdit
    start: int
    end: int


def tokens(text: str, qs: list[Quote]) -> list[Token]:
    """Locators, attachments and document names outside quotations."""
    blank = outside_quotes(text, qs)
    found: list[Token] = []
    for kind, pattern in (("page_line", PAGE_LINE_RE), ("article", ARTICLE_RE), ("section", SECTION_RE),
                          ("part", PART_RE), ("doc", DOC_RE)):  # fmt: skip
        source = text if kind == "section" else blank
        for m in pattern.finditer(source):
            if kind == "part" and any(t.kind == "page_line" and t.start <= m.start() < t.end for t in found):
                continue
            if kind == "section" and "\u0000" in blank[m.start() : m.start() + 1]:
                continue
            found.append(Token(kind, m.start(), m.end(), m.group(0)))
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    out: list[Token] = []
    for t in found:  # drop tokens inside a longer one
        if out and t.start < out[-1].end:
            continue
        out.append(t)
    return out


def part_label(text: str) -> str | None:
    m = PART_RE.search(text)
    if not m:
        return "附件" if text.strip() == "附件" else None
    if m.group(1) is None:
        return "附件"  # a single attachment
    n = to_int(m.group(1))
    return f"附件{n}" if n is not None else m.group(0)


def parse_page_line(written: str) -> dict[str, object] | None:
    """parse_locator's fields for a written page/line locator (None if it cannot be parsed)."""
    side = None
    text = written
    m = re.search(r"[，,]?\s*([左右])栏?\s*[，,]?\s*", text)
    if m and "页" in text[: m.start()] + "P":
        side = m.group(1)
        text = text[: m.start()] + text[m.end() :]
    try:
        loc = parse_locator(text)
    except LocatorSyntaxError:
        return None
    d: dict[str, object] = {
        "part": loc.part, "page": loc.page, "page_end": loc.page_end, "line": loc.line,
        "line_end": loc.line_end, "from_bottom": loc.from_bottom, "end_from_bottom": loc.end_from_bottom,
    }  # fmt: skip
    if side:
        d["column"] = side
    return {k: v for k, v in d.items() if v is not None}


def _locator(tok: Token | None) -> tuple[str | None, str | None, dict[str, object] | None]:
    if tok is None:
        return None, None, None
    parsed = parse_page_line(tok.text) if tok.kind == "page_line" else None
    return tok.text, tok.kind, parsed


def _quote_at(qs: list[Quote], pos: int, text: str) -> Quote | None:
    """The quotation starting at ``pos`` (spaces allowed)."""
    while pos < len(text) and text[pos] in " \u3000":
        pos += 1
    for q in qs:
        if q.start == pos:
            return q
    return None


def _last(items: list[Token], before: int, after: int = 0) -> Token | None:
    chosen = None
    for it in items:
        if after <= it.start and it.end <= before:
            chosen = it
    return chosen


def _start_of(text: str, blank: str, lo: int, hi: int, toks: list[Token], qs: list[Quote]) -> int:
    """Where a change's own words begin in text[lo:hi]: 将/把, else 对《…》, else its first token."""
    region = blank[lo:hi]
    m = None
    for m in re.finditer(r"[将把]", region):  # noqa: B007 - keeps the last match
        pass
    if m is not None:
        start = lo + m.start()
        # "在P3倒数第一行“……”中，将“甲”改为……": the 在-clause belongs to the change
        head = blank[lo:start]
        c = re.search(r"在[^。；]*?(?:中|里|内)\s*[，,]?\s*$", head)
        if c:
            return lo + c.start()
        return start
    for m in re.finditer(r"对(?=\s*(?:《|附件|第|P|p|“))", region):
        return lo + m.start()
    firsts = [t.start for t in toks if lo <= t.start < hi] + [q.start for q in qs if lo <= q.start < hi]
    return min(firsts) if firsts else lo


class _EditFields(TypedDict, total=False):
    """The :class:`ParsedEdit` fields a change sentence may fill in."""

    locator: str | None
    locator_kind: str | None
    part: str | None
    old: str | None
    new: str | None
    scope: str | None
    parsed: dict[str, object] | None
    places: tuple[tuple[str | None, str], ...]
    context: str | None
    quoted: bool
    follows: bool


def _edit(text: str, kind: str, start: int, end: int, line: int, **kw: Unpack[_EditFields]) -> Found:
    e = ParsedEdit(kind=kind, locator=None, locator_kind=None, part=None, old=None, new=None, scope=None,
                   text=text[start:end].strip(), line=line)  # fmt: skip
    return Found(replace(e, **kw), start, end)


def find_changes(text: str, line: int = 0) -> list[Found]:
    """Every change narrated in ``text``, in order."""
    return list(_find_changes(text, line))


@lru_cache(maxsize=1024)
def _find_changes(text: str, line: int) -> tuple[Found, ...]:
    """:func:`find_changes`, remembered: an item's text is asked about several times (its clauses, its decision)."""
    qs = quotes(text)
    blank = outside_quotes(text, qs)
    toks = tokens(text, qs)
    events: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in (("replace", _REPLACE_V), ("insert", _INSERT_V), ("delete", _DELETE_V), ("move", _MOVE_V)):
        for m in pattern.finditer(blank):
            events.append((m.start(), m.end(), kind, m))
    for q in qs:  # "并对应修改了附件1的“突破技术名称”一栏"
        column = _COLUMN_AFTER.match(text, q.end)
        if column:
            before = _FOLLOW_BEFORE.search(text[: q.start])
            if before and not _REPLACE_V.match(blank, column.end()):
                events.append((before.start(), q.start, "follow", before))
    events.sort(key=lambda e: e[0])
    found: list[Found] = []
    floor = 0
    for v0, v1, kind, m in events:
        if v0 < floor:
            continue
        f = _one(text, blank, qs, toks, floor, v0, v1, kind, m, line)
        if f is not None:
            found.append(f)
            floor = f.end
    return tuple(found)


def _one(text: str, blank: str, qs: list[Quote], toks: list[Token], floor: int, v0: int, v1: int,
         kind: str, m: re.Match[str], line: int) -> Found | None:  # fmt: skip
    lo = sentence_start(text, v0, floor, blank)
    if kind == "follow":
        q = _quote_at(qs, v1, text)
        assert q is not None
        column = _COLUMN_AFTER.match(text, q.end)
        assert column is not None  # find_changes makes a "follow" only where the column phrase follows
        end = column.end()
        part = part_label(m.group(1) or "")
        start = v0
        lead = re.search(r"(?:并|同时)\s*$", text[lo:v0])
        if lead:
            start = lo + lead.start()
        return _edit(text, "column", start, end, line, part=part, old=q.text, locator=part,
                     locator_kind="part" if part else None, follows=True)  # fmt: skip
    if kind == "replace":
        new = _quote_at(qs, v1, text)
        if new is None:
            return None
        end = new.end
        start = _start_of(text, blank, lo, v0, toks, qs)
        return _target(text, blank, qs, toks, start, v0, end, line, new=new.text, kind="replace")
    if kind == "insert":
        new_q = _quote_at(qs, v1, text)
        if new_q is None:  # "增加一款，作为第二款：“……”"
            am = _AS_PLACE.match(blank, v1)
            new_q = _quote_at(qs, am.end(), text) if am else None
        if new_q is not None:
            new_text, end, quoted_new = new_q.text, new_q.end, True
            after = _AFTER_QUOTE.match(text, end)
            if after:
                end = after.end()
        else:
            um = _UNQUOTED_NEW.match(text, v1)
            if not um or _GENERIC_NEW.match(um.group(0).strip()):
                return None  # "已在第六条中增加相关内容": narration, the words added are not given
            new_text, end, quoted_new = um.group(0).strip(), um.end(), False
        pm = _POSITION.search(blank[lo:v0])
        if pm is None:
            if not quoted_new:
                return None  # "补充完善了相关内容" is narration, not a change
            start = _start_of(text, blank, lo, v0, toks, qs)
            f = _target(text, blank, qs, toks, start, v0, end, line, new=new_text, kind="other")
            return f
        word = pm.group(1)
        where = lo + pm.start()
        kind_out = "insert_before" if word in ("之前", "前面", "前") else "insert_after" if word not in ("中", "里") else "other"
        anchor_q = next((q for q in qs if q.end == where
                         and not any(t.start <= q.start and q.end <= t.end for t in toks)), None)  # fmt: skip
        anchor_t = next((t for t in toks if t.end == where and t.kind != "doc"), None)
        zai = None
        for zm in re.finditer("在", blank[lo:where]):
            zai = lo + zm.start()
        start = zai if zai is not None else (anchor_q.start if anchor_q else anchor_t.start if anchor_t else lo)
        loc_tok = _last([t for t in toks if t.kind in ("page_line", "article", "section")], where, start)
        part_tok = _last([t for t in toks if t.kind == "part"], where, start)
        loc, lkind, parsed = _locator(loc_tok)
        if loc is None and part_tok is not None:
            loc, lkind = part_tok.text, "part"
        if part_tok is None and loc_tok is not None and loc_tok.text.startswith("附件"):
            part_tok = loc_tok
        return _edit(
            text, kind_out, start, end, line, old=anchor_q.text if anchor_q else None, new=new_text,
            locator=loc, locator_kind=lkind, parsed=parsed, part=part_label(part_tok.text) if part_tok else None,
            quoted=quoted_new,
        )  # fmt: skip
    if kind == "delete":
        # forward: 删去《实施方案》P5倒数第三行“甲”
        pos = v1
        loc_tok = part_tok = None
        for t in toks:
            if t.start < pos:
                continue
            gap = blank[pos : t.start]
            if t.start == pos or re.fullmatch(r"\s*(?:(?:修订)?草案|送审稿|征求意见稿|修改稿|本办法|本条例|本规定|方案|原稿)?\s*(?:中的|中|里的|的)?\s*", gap):
                if t.kind in ("page_line", "article", "section"):
                    loc_tok = t
                elif t.kind == "part":
                    part_tok = t
                pos = t.end
            else:
                break
        sm = re.match(r"\s*(?:中的|中|里的|的)?\s*", text[pos:])
        q = _quote_at(qs, pos + (sm.end() if sm else 0), text)
        target: Quote | Token | None = q if q else loc_tok
        if target is not None:
            end = target.end
            after = _AFTER_QUOTE.match(text, end)
            if after:
                end = after.end()
            loc, lkind, parsed = _locator(loc_tok)
            if loc is None and part_tok is not None:
                loc, lkind = part_tok.text, "part"
            return _edit(text, "delete", v0, end, line, old=q.text if q else None, locator=loc, locator_kind=lkind,
                         parsed=parsed, part=part_label(part_tok.text) if part_tok else None)  # fmt: skip
        # backward: 将“甲”删去
        start = _start_of(text, blank, lo, v0, toks, qs)
        if not any(start <= q.start and q.end <= v0 for q in qs) and not any(
            start <= t.start and t.end <= v0 and t.kind in ("article", "section", "page_line") for t in toks
        ):
            return None
        return _target(text, blank, qs, toks, start, v0, v1, line, new=None, kind="delete")
    if kind == "move":
        dest = next((t for t in toks if t.start >= v1 and not blank[v1 : t.start].strip()), None)
        if dest is None:
            return None
        start = _start_of(text, blank, lo, v0, toks, qs)
        f = _target(text, blank, qs, toks, start, v0, dest.end, line, new=None, kind="other")
        return Found(replace(f.edit, new=dest.text), f.start, f.end)
    return None


def _target(text: str, blank: str, qs: list[Quote], toks: list[Token], start: int, v0: int, end: int,
            line: int, *, new: str | None, kind: str) -> Found:  # fmt: skip
    """Read the target of a replace/delete/other between ``start`` and the verb at ``v0``."""
    inside = [q for q in qs if start <= q.start and q.end <= v0
              and not any(t.start <= q.start and q.end <= t.end for t in toks)]  # fmt: skip
    loc_toks = [t for t in toks if start <= t.start and t.end <= v0 and t.kind in ("page_line", "article", "section")]
    part_toks = [t for t in toks if start <= t.start and t.end <= v0 and t.kind == "part"]
    scope = None
    places: tuple[tuple[str | None, str], ...] = ()
    old_q: Quote | None = inside[-1] if inside else None
    quoted = True
    old: str | None = old_q.text if old_q else None
    out_kind = kind
    if old_q is not None:
        sm = _SCOPE.search(text[: old_q.start])
        if sm and sm.start() >= start:
            n = to_int(sm.group(1))
            scope = f"{n}处" if n is not None else sm.group(1) + "处"
            pairs = []
            for q in inside[:-1]:
                tok = _last(loc_toks, q.start, start)
                pairs.append((tok.text if tok else None, q.text))
            places = tuple(pairs)
        if _COLUMN_AFTER.match(text, old_q.end) and kind == "replace":
            out_kind = "column"
    else:
        um = _UNQUOTED_OLD.search(text[start:v0])
        if um:
            old, quoted = um.group(1), False
            if part_toks or re.search(r"一栏|栏目|栏$", um.group(0)):
                out_kind = "column" if kind == "replace" else kind
    context = None
    if old_q is not None and not places:
        for q in reversed(inside[:-1]):
            if old_q.text in q.text and q.text != old_q.text:
                context = q.text
                break
    anchor_pos = old_q.start if old_q else v0
    loc_tok = (_last(loc_toks, (places and inside[0].start) or anchor_pos, start) if places else
               _last(loc_toks, anchor_pos, start))  # fmt: skip
    if places:
        first = next((t for t in loc_toks if t.end <= inside[0].start), None)
        loc_tok = first or loc_tok
    part_tok = _last(part_toks, anchor_pos, start)
    loc, lkind, parsed = _locator(loc_tok)
    part = part_label(part_tok.text) if part_tok else None
    if part is None and loc_tok is not None and loc_tok.text.startswith("附件"):
        part = part_label(loc_tok.text)
    if loc is None and part_tok is not None:
        loc, lkind = part_tok.text, "part"
    return _edit(text, out_kind, start, end, line, old=old, new=new, scope=scope, places=places, context=context,
                 locator=loc, locator_kind=lkind, parsed=parsed, part=part, quoted=quoted)  # fmt: skip


# --- citations in an opinion's text -------------------------------------


@dataclass(frozen=True, slots=True)
class Citation:
    start: int  # of the document name, or of the locator
    end: int  # after the quotation
    doc: str  # "《实施方案》" or ""
    locator: str
    quote: Quote


def citations(text: str) -> list[Citation]:
    """"《实施方案》P6顺数第八行“……”" and "P8倒数第六行“……”": a locator followed by its quotation."""
    qs = quotes(text)
    toks = tokens(text, qs)
    out: list[Citation] = []
    for i, t in enumerate(toks):
        if t.kind != "page_line":
            continue
        q = _quote_at(qs, t.end, text)
        if q is None:
            continue
        start, doc = t.start, ""
        if i and toks[i - 1].kind == "doc" and toks[i - 1].end == t.start:
            start, doc = toks[i - 1].start, toks[i - 1].text
        out.append(Citation(start, q.end, doc, t.text, q))
    return out


# --- enumerations --------------------------------------------------------

_CN_DIGITS = "一二三四五六七八九十"
_ENUM_RES = (
    re.compile(r"(?:(?<=^)|(?<=[：:。；，,\n]))\s*([一二三四五六七八九十]{1,2})是"),
    re.compile(r"(?:(?<=^)|(?<=[：:。；，,\n]))\s*(?:第|其)([一二三四五六七八九十]{1,2})[，,、是]"),
    re.compile(r"(?:(?<=^)|(?<=[：:。；，,\n]))\s*[（(]([一二三四五六七八九十]{1,2})[)）]"),
)


def enumerate_segments(text: str) -> tuple[int, list[tuple[int, int, int]]]:
    """"……：一是……二是……" → (where the first segment starts, [(group, start, end), …]).

    Markers inside quotations do not count. Returns (len(text), []) when the
    passage is not enumerated.
    """
    blank = outside_quotes(text)
    for pattern in _ENUM_RES:
        marks = []
        expected = 1
        for m in pattern.finditer(blank):
            n = to_int(m.group(1))
            if n == expected:
                marks.append((n, m.start(), m.end()))
                expected += 1
        if len(marks) >= 2:
            segs = []
            for i, (n, _s, e) in enumerate(marks):
                stop = marks[i + 1][1] if i + 1 < len(marks) else len(text)
                segs.append((n, e, stop))
            return marks[0][1], segs
    return len(text), []
