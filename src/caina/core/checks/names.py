"""Names used consistently: the document's title, its short name, standard names and units.

- ``names.title`` — a mention 《…》 that is almost the document's title but
  not quite ("支撑餐饮业" for "支撑产业", "2018-2020" for "2018—2020"). The
  title is the reviewed draft's (``--draft``), else the one in the report's
  heading, else the one before "（以下简称《…》）". A mention that differs in
  its opening words (another region's plan) or in its kind of document (方案
  vs 办法) names another document and is left alone; a stage mark such as
  "（征求意见稿）" is ignored;
- ``names.short-name`` — a mention one character off the declared short
  name ("《实施方按》" after "以下简称《实施方案》");
- ``names.glossary`` — a wrong form of a standard name from the glossary
  (built-in, merged with the user's YAML): "工程研究中心" → "工程技术研究中心";
- ``names.alias`` — a short form of a glossary name ("人社局" for
  "市人力资源社会保障局"): info, one per short form, with the count.

In a report, a quote on the old side of an edit (将“工程研究中心”修改为…)
is the error being corrected and is not flagged.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

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
from caina.core.checks.data.glossary import DEFAULT_GLOSSARY
from caina.core.checks.glossary import Glossary, NameEntry
from caina.core.webtext import fullwidth

TITLE = register_rule("names.title", Severity.ERROR, "文件标题引用与标题不一致")
SHORT = register_rule("names.short-name", Severity.WARNING, "简称与“以下简称”不一致")
GLOSSARY = register_rule("names.glossary", Severity.WARNING, "名称不规范（名称表）")
ALIAS = register_rule("names.alias", Severity.INFO, "使用了简称（名称表）")
VARIANT = register_rule("names.variant", Severity.WARNING, "同一文件前后叫法不一（管理办法/试行办法，本办法/本规定）")

_BOOK = re.compile(r"《([^《》\n]{1,150})》")
_DECLARED = re.compile(r"《([^《》\n]{4,150})》[）)]?[（(]以下简称《([^《》\n]{1,30})》")
_SHORT_DECL = re.compile(r"以下简称《([^《》\n]{1,30})》")
_STAGE = re.compile(r"（(?:征求意见稿|送审稿|草案|草案修改稿|修订稿|修改稿|讨论稿|代拟稿|审议稿|草稿|试行稿)）$")
_DOC_KINDS = (
    "实施方案", "方案", "办法", "意见", "通知", "规定", "细则", "条例", "规划", "计划", "决定", "纲要",
    "指引", "指南", "标准", "制度", "措施", "规则", "章程", "公告", "通告", "报告", "批复", "函",
)  # fmt: skip


@dataclass(frozen=True)
class Mention:
    text: str  # inside the 书名号
    para: Paragraph
    start: int  # of "《" in the paragraph
    end: int  # after "》"


def check(doc: CheckedDocument, options: CheckOptions) -> Iterator[Finding]:
    mentions, header = _mentions(doc)
    title, source = _title(doc, mentions, header)
    if title and options.enabled(TITLE):
        yield from _title_findings(doc, mentions, header, title, source)
    if options.enabled(SHORT):
        yield from _short_name_findings(doc, mentions, title)
    if options.enabled(VARIANT):
        yield from _variant_findings(doc, mentions, title)
    if options.enabled(GLOSSARY) or options.enabled(ALIAS):
        glossary = DEFAULT_GLOSSARY.merged(options.glossary) if options.glossary else DEFAULT_GLOSSARY
        yield from _glossary_findings(doc, glossary, options)


# ---------------------------------------------------------------- the title


def _mentions(doc: CheckedDocument) -> tuple[list[Mention], Mention | None]:
    """Every 《…》 in the text, and the title in a report's heading (which may be wrapped over lines)."""
    mentions = [Mention(m.group(1), p, m.start(), m.end()) for p in doc.paragraphs for m in _BOOK.finditer(p.text)]
    header = None
    if doc.kind == "report":
        head: list[Paragraph] = []
        for p in doc.paragraphs[:6]:
            if len(p.text) > 60 or "。" in p.text:
                break
            head.append(p)
        joined = "".join(p.text for p in head)
        m = _BOOK.search(joined)
        if m:
            # the paragraph where it starts
            offset = 0
            for p in head:
                if m.start() < offset + len(p.text):
                    header = Mention(m.group(1), p, m.start() - offset, min(len(p.text), m.end() - offset))
                    break
                offset += len(p.text)
    if header is not None:
        mentions = [x for x in mentions if not (x.para.index == header.para.index and x.start == header.start)]
    return mentions, header


_STAGE_COPY = re.compile(r"[（(][^（）()]{0,10}?(?:征求意见稿|送审稿|草案|修订稿|修改稿|讨论稿|审议稿|草稿|试行稿)[)）]?$")


def _norm(title: str) -> str:
    """A title as compared: no stage mark, no spaces, brackets full-width (a web copy's "方案 (草案)" is "方案（草案）")."""
    t = fullwidth(re.sub(r"[\s\u3000]+", "", title.strip()), keep_quoted=False)
    return _STAGE_COPY.sub("", _STAGE.sub("", t))


def _title(doc: CheckedDocument, mentions: list[Mention], header: Mention | None) -> tuple[str, str]:
    if doc.title:
        return _norm(doc.title), "草案标题"
    if header is not None and len(header.text) >= 8:
        return _norm(header.text), "报告标题"
    for p in doc.paragraphs:
        m = _DECLARED.search(p.text)
        if m:
            return _norm(m.group(1)), "“以下简称”前的全称"
    return "", ""


def misquote(mention: str, title: str) -> list[tuple[str, str]] | None:
    """The differences (right, written) if ``mention`` is a slip of ``title``; None if it is right or another document."""
    a, b = _norm(title), _norm(mention)
    if a == b or len(a) < 8:
        return None
    if Levenshtein.distance(a, b) > max(2, len(a) // 8):
        return None
    ops = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    if not ops or ops[0][1] == 0 or ops[0][3] == 0:
        return None  # the opening words differ: another region's or body's document
    diffs = []
    for _tag, i1, i2, j1, j2 in ops:
        ctx_a1, ctx_a2 = _context(a, i1, i2)
        right = a[ctx_a1:ctx_a2]
        written = b[j1 - (i1 - ctx_a1) : j2 + (ctx_a2 - i2)]
        if any(k in a[max(0, i1 - 2) : i2 + 2] and k not in b[max(0, j1 - 2) : j2 + 2] for k in _DOC_KINDS):
            return None  # 方案 → 办法: another kind of document
        diffs.append((right, written))
    return diffs


def _context(text: str, i1: int, i2: int) -> tuple[int, int]:
    """Widen [i1, i2) to a readable piece: whole numbers, or two characters either side."""
    a, b = i1, i2
    if (a > 0 and text[a - 1].isdigit()) or (b < len(text) and text[b].isdigit()):
        while a > 0 and text[a - 1].isdigit():
            a -= 1
        while b < len(text) and text[b].isdigit():
            b += 1
        return a, b
    return max(0, a - 2), min(len(text), b + 1)


def _title_findings(
    doc: CheckedDocument, mentions: list[Mention], header: Mention | None, title: str, source: str
) -> Iterator[Finding]:
    checked = list(mentions)
    if header is not None and source != "报告标题":
        checked.insert(0, header)
    for m in checked:
        diffs = misquote(m.text, title)
        if not diffs:
            continue
        what = "；".join(f"“{right}”写成了“{written}”" for right, written in diffs)
        yield doc.finding(
            TITLE,
            m.para,
            m.start,
            m.end,
            f"文件标题与{source}不一致：{what}",
            suggestion=f"《{title}》",
            excerpt=f"《{m.text}》",
        )


def _short_name_findings(doc: CheckedDocument, mentions: list[Mention], title: str) -> Iterator[Finding]:
    declared = {m.group(1) for p in doc.paragraphs for m in _SHORT_DECL.finditer(p.text)}
    if doc.short_name:
        declared.add(doc.short_name.strip("《》“”"))
    declared = {s for s in declared if len(s) >= 3}
    if not declared:
        return
    uses: dict[str, int] = {}
    for m in mentions:
        uses[m.text] = uses.get(m.text, 0) + 1
    for m in mentions:
        if m.text in declared or m.text == title:
            continue
        for short in declared:
            if len(m.text) != len(short) or Levenshtein.distance(m.text, short) != 1:
                continue
            if uses[m.text] > uses.get(short, 0):
                continue  # used more than the short name itself: another document's name
            yield doc.finding(
                SHORT,
                m.para,
                m.start,
                m.end,
                f"简称“《{m.text}》”与“以下简称《{short}》”不一致",
                suggestion=f"《{short}》",
                excerpt=f"《{m.text}》",
            )
            break


# ---------------------------------------------------------------- glossary


def _glossary_findings(doc: CheckedDocument, glossary: Glossary, options: CheckOptions) -> Iterator[Finding]:
    aliases: dict[tuple[str, str], list[tuple[Paragraph, int, int]]] = {}
    for para in doc.paragraphs:
        text = para.text
        old = old_text_spans(text) if doc.kind == "report" else []
        for hit in glossary.scan(text):
            entry = hit.entry
            if hit.kind == "variant" and options.enabled(GLOSSARY):
                if any(w in text for w in entry.unless) or in_spans(old, hit.start, hit.end):
                    continue
                yield doc.finding(
                    GLOSSARY,
                    para,
                    hit.start,
                    hit.end,
                    _variant_message(hit.text, entry),
                    suggestion=entry.name,
                    severity=Severity.ERROR if entry.severity == "error" else Severity.WARNING,
                )
            elif hit.kind == "alias":
                aliases.setdefault((entry.name, hit.text), []).append((para, hit.start, hit.end))
    if not options.enabled(ALIAS):
        return
    for (name, alias), places in aliases.items():
        para, start, end = places[0]
        more = f"（共{len(places)}处）" if len(places) > 1 else ""
        yield doc.finding(
            ALIAS,
            para,
            start,
            end,
            f"“{alias}”是“{name}”的简称{more}，名称表允许使用",
            suggestion=f"如需全称：{name}",
        )


def _variant_message(text: str, entry: NameEntry) -> str:
    what = "单位名称" if entry.kind == "unit" else "名称"
    msg = f"{what}不规范：“{text}”应为“{entry.name}”"
    return msg + (f"（{entry.note}）" if entry.note else "")


# ---------------------------------------------------------------- one document named two ways

# what a document calls itself: "本办法" "本规定" … (not "本规划区" "本计划单列市" "本条" "本市")
_SELF = re.compile(
    r"本(实施细则|实施办法|实施方案|工作方案|行动方案|行动计划|办法|规定|细则|条例|方案|意见|规则|制度|指引|指南|措施|决定|计划|规划|纲要|标准|通知|公告|通告)"
    r"(?=[，。；：、）”]|所称|所指|自|由|适用|的|中|第|施行|有效|印发|执行|实施|解释|规定|未|涉及|不|与|和|及|并|相关|有关|要求|明确|下|以外|之|发布|出台|$)"
)
_KIND_ENDS = (
    "实施细则", "实施办法", "实施方案", "工作方案", "行动方案", "行动计划", "管理办法", "暂行办法", "试行办法", "管理规定",
    "暂行规定", "若干规定", "若干措施", "办法", "规定", "细则", "条例", "方案", "意见", "规则", "制度", "指引", "指南", "措施",
    "决定", "计划", "规划", "纲要", "标准", "通知", "公告", "通告",
)  # fmt: skip
_TAIL_MARKS = re.compile(r"(?:[（(][^（）()]{0,12}[)）])+$")


def doc_kind(title: str) -> str:
    """The kind a title ends with ("……管理办法（试行）" → "办法"; "……实施方案" → "方案"), "" if none."""
    t = _TAIL_MARKS.sub("", _norm(title)).rstrip("》")
    for kind in _KIND_ENDS:
        if t.endswith(kind):
            return kind
    return ""


def _same_kind(self_kind: str, title_kind: str) -> bool:
    return self_kind == title_kind or self_kind.endswith(title_kind) or title_kind.endswith(self_kind)


def _variant_findings(doc: CheckedDocument, mentions: list[Mention], title: str) -> Iterator[Finding]:
    """The document's own name written two ways.

    - a 《…》 mention that is the title with another kind of document at its end
      ("《南通市城市绿化档案试行办法》" where the title is "……管理办法");
    - in a draft, what the text calls itself ("本规定") against the kind its title ends with (办法).
    """
    if not title:
        return
    kind = doc_kind(title)
    base = _TAIL_MARKS.sub("", _norm(title))
    for m in mentions:
        other = _TAIL_MARKS.sub("", _norm(m.text))
        if other == base or not kind:
            continue
        other_kind = doc_kind(other)
        if not other_kind or (_same_kind(other_kind, kind) and other_kind == kind):
            continue
        stem_a, stem_b = base[: len(base) - len(kind)], other[: len(other) - len(other_kind)]
        # the same subject, named with another kind ("城市绿化档案管理办法" / "城市绿化档案试行办法")
        shared = len(_common_prefix(stem_a, stem_b))
        if shared < 6 or shared < min(len(stem_a), len(stem_b)) - 2 or other.startswith(base) or base.startswith(other):
            continue
        yield doc.finding(
            VARIANT,
            m.para,
            m.start,
            m.end,
            f"同一文件前后叫法不一：标题是《{title}》，这里写作《{m.text}》",
            suggestion=f"《{title}》",
            excerpt=f"《{m.text}》",
        )
    if doc.kind != "draft" or not kind:
        return
    kinds = _own_kinds(doc, title)
    for para in doc.paragraphs:
        if para.part_id not in (None, "main") or para.kind == "title":
            continue
        for m2 in _SELF.finditer(para.text):
            said = m2.group(1)
            if any(_same_kind(said, k) for k in kinds):
                continue
            yield doc.finding(
                VARIANT,
                para,
                m2.start(),
                m2.end(),
                f"文件自称“{m2.group(0)}”，而标题是“……{kind}”（《{title}》）：同一文件前后叫法不一",
                suggestion=f"本{kind[-2:]}",
            )


_ISSUING = re.compile(r"(?:关于)?(?:印发|转发|发布|公布)《?(?P<doc>[^《》]{4,80}?)》?的(?:通知|决定|通告|公告|令)$")


def _own_kinds(doc: CheckedDocument, title: str) -> set[str]:
    """The kinds the document may call itself by: its title's, the document an issuing notice
    carries ("关于印发《……实施细则》的通知" → 细则), and those of title lines inside it."""
    kinds = {doc_kind(title)}
    m = _ISSUING.search(_norm(title))
    if m:
        kinds.add(doc_kind(m.group("doc")))
    for para in doc.paragraphs[:60]:
        t = para.text.strip()
        if len(t) <= 50 and not re.search(r"[，。；：,;:]", t):
            inner = _ISSUING.search(t)
            kinds.add(doc_kind(inner.group("doc") if inner else t))
    kinds.discard("")
    return kinds


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]
