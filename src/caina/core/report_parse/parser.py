"""The whole report: title, intro, items (paragraphs or tables), the office's own edits, closing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from caina.core.report_parse.counts import find_counts
from caina.core.report_parse.items import (
    Builder,
    build_office,
    build_opinion,
    item_number,
    proposer_like,
    start_item,
    unit_states,
)
from caina.core.report_parse.meta import DATE_RE, review_info
from caina.core.report_parse.model import ParsedEdit, ParsedOpinion, ParsedReport, StatedCount
from caina.core.report_parse.tables import cells, is_opinion_table, is_separator, roles, table_opinions
from caina.core.report_parse.text import clean_line, to_int
from caina.core.report_parse.vocab import find_decision, is_explained, proposer_kind

MAX_LINE = 20000  # characters; a real paragraph is far shorter, and this bounds the work on junk
_LABEL = re.compile(r"^附\s*件\s*[0-9０-９一二三四五六七八九十]{0,3}\s*[：:]?$")
_CLOSING = re.compile(
    r"^(?:特此(?:说明|报告|函告|通知|函复)|以上(?:情况)?(?:特此)?说明)[。.！]?"
    r"|^感谢[^。]{0,40}?(?:支持|参与|关心|关注)[！!。]?$"  # a public notice's thanks
    r"|^[^。]{0,30}?是否妥当[，,]?\s*请(?:予)?审议"  # a legislature's report: "草案修改稿和以上报告是否妥当，请审议。"
    r"|^[^。]{0,20}?(?:已)?(?:按照|根据)上述(?:审议)?意见[^。]{0,30}?修改稿"  # "法制委员会已按照上述意见提出了草案修改稿"
)
_OFFICE_PARA = re.compile(
    r"^(?:此外|另外|同时|会后|另)[，,]?[^。]{0,40}?(?:对[^。]{0,40}?(?:审核|校对|文字|标点|表述)|自行修改|自行审核)"
)
_SECTION_NUM = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]|第[一二三四五六七八九十]{1,3}部分|#+)")
_INTRO_HEADING = re.compile(r"基本情况|总体情况|征求意见情况|起草|概述|背景|说明$")
_OFFICE_HEADING = re.compile(r"自行修改|修改情况|文字修改|其他修改|文本修改")
_GENERIC_DECISION = re.compile(r"采纳情况|处理情况|办理情况|采纳及|吸收采纳情况")
_CONTINUES = re.compile(r"^(?:[一二三四五六七八九十]是|第[一二三四五六七八九十][，,、是]|[（(][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[.．、])")


@dataclass
class _State:
    label: str = ""
    title: list[str] = field(default_factory=list)
    subtitle: str = ""  # "——2023年8月29日在……第十三次会议上" under a legislature's report
    section_proposer: str = ""  # a heading that names who proposed the items under it: "（一）市发展改革委（3条）"
    signature_from: int = 0  # first line of the issuer/date block at the end (0: none)
    title_done: bool = False
    intro: list[tuple[int, str]] = field(default_factory=list)
    items: list[Builder] = field(default_factory=list)
    current: Builder | None = None
    tables: list[tuple[int, list[tuple[int, list[str]]], str, str | None]] = field(default_factory=list)
    order: list[tuple[str, int]] = field(default_factory=list)  # ("item", i) / ("table", i) / ("units", line)
    section: str = ""
    default: str | None = None
    office_section: bool = False
    closing: bool = False
    tail: list[tuple[int, str]] = field(default_factory=list)
    unparsed: list[tuple[int, str]] = field(default_factory=list)
    units: list[ParsedOpinion] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    section_counts: list[StatedCount] = field(default_factory=list)

    def finish(self) -> None:
        self.current = None

    def begin(self, b: Builder) -> None:
        b.section = b.section or self.section
        b.default = self.default
        if b.kind == "opinion" and not b.proposer and self.section_proposer:
            b.proposer = self.section_proposer
        if self.office_section and b.kind == "opinion" and not b.proposer:
            b.kind = "office"
        self.items.append(b)
        self.order.append(("item", len(self.items) - 1))
        self.current = b


def _is_title_line(text: str) -> bool:
    if text.endswith(("。", "；", "：", ":")) or len(text) > 60 or DATE_RE.match(text):
        return False
    return not (text.count("，") > 1 or (item_number(text) and "提出" in text))


def _heading(text: str) -> tuple[str, str | None, bool] | None:
    """(heading, default decision, is the office's section) for a short heading line."""
    bare = text.lstrip("#").strip().strip("*").strip()
    is_md = text.startswith("#") or (text.startswith("**") and text.endswith("**"))
    if not (is_md or (_SECTION_NUM.match(bare) and len(bare) <= 40)):
        return None
    if re.search(r"提出[：:，,]|[：:]\S{6,}", bare) or (bare.endswith("。") and not is_md):
        return None
    office = bool(_OFFICE_HEADING.search(bare)) and not re.search(r"意见", bare)
    dm = find_decision(bare)
    default = dm.value if dm and (not _GENERIC_DECISION.search(bare) or re.search(r"部分|未|不予|不", bare)) else None
    if dm and re.search(r"的意见|意见及理由|意见（|意见\(|建议", bare) is None and _GENERIC_DECISION.search(bare):
        default = None
    return bare, default, office


def parse_report(text: str) -> ParsedReport:
    raw_lines = tuple(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n"))
    st = _State()
    table_rows: list[tuple[int, list[str]]] = []

    def flush_table() -> None:
        if not table_rows:
            return
        rows = list(table_rows)
        table_rows.clear()
        st.finish()
        st.title_done = True
        if is_opinion_table(rows[0][1]):
            st.tables.append((rows[0][0], rows, st.section, st.default))
            st.order.append(("table", len(st.tables) - 1))
        else:
            st.warnings.append(f"第{rows[0][0]}行：表格的表头（{'、'.join(rows[0][1])}）不像意见汇总表，已原样保留")
            st.unparsed.extend((n, " | ".join(c)) for n, c in rows)

    st.signature_from = _signature_start(raw_lines)
    tabbed = False  # inside a table copied from a web page: cells separated by tabs

    def end_tabbed() -> None:
        width = len(table_rows[0][1])
        for _n, r in table_rows:  # a web copy drops the empty cells at the end of a row
            r.extend([""] * (width - len(r)))
        flush_table()

    for i, raw in enumerate(raw_lines):
        n = i + 1
        if "\t" in raw and (tabbed or raw.count("\t") >= 2):
            row = [clean_line(c)[0] for c in raw.strip("\r\n").split("\t")]
            if not tabbed and is_opinion_table(row):
                flush_table()
                tabbed = True
                table_rows.append((n, row))
                continue
            if tabbed:
                if _continues_row(table_rows, row):  # a cell holding a line break: "建议……，\n并规定……。\t采纳\t……"
                    prev = table_rows[-1][1]
                    prev[-1] += row[0]
                    prev.extend(row[1:])
                else:
                    table_rows.append((n, row))
                continue
        line, removed = clean_line(raw)
        if tabbed and line and len(table_rows) > 1 and len(table_rows[-1][1]) < len(table_rows[0][1]) \
                and not _CLOSING.match(line):  # fmt: skip
            table_rows[-1][1][-1] += line  # a line of a cell, with no tab on it
            continue
        if tabbed and line:
            tabbed = False
            end_tabbed()
        for what in removed:
            st.warnings.append(f"第{n}行：删去了排版残留的{what}（{raw.strip()[:40]}）")
        if not line:
            continue
        if len(line) > MAX_LINE:
            flush_table()
            st.unparsed.append((n, line))
            st.warnings.append(f"第{n}行：这一行有{len(line)}字，超过{MAX_LINE}字，不像报告中的段落，已原样保留、未解析")
            continue
        if line.startswith("|"):
            if not is_separator(line):
                table_rows.append((n, cells(line)))
            continue
        flush_table()
        _line(st, n, line)
    if tabbed:
        end_tabbed()
    flush_table()
    return _assemble(st, raw_lines)


def _continues_row(rows: list[tuple[int, list[str]]], row: list[str]) -> bool:
    """Whether a tab-separated line goes on with the row before it (that row is short of cells)."""
    if len(rows) < 2 or len(rows[-1][1]) >= len(rows[0][1]):
        return False
    numbered = roles(rows[0][1]).get("number") == 0
    return not (numbered and re.fullmatch(r"[0-9０-９]{1,4}[.．、]?", row[0].strip()))


def _signature_start(lines: tuple[str, ...]) -> int:
    """The first line (1-based) of the issuer and date block closing the report, or 0.

    Read from the end: a date ("2024年4月15日") and/or short unit names, with no
    sentence punctuation. Lines from there on are the report's tail even when no
    "特此说明" comes before them.
    """
    start, seen_date = 0, False
    for i in range(len(lines) - 1, -1, -1):
        s = re.sub(r"[ \t\u3000]+", "", lines[i])
        if not s:
            continue
        if DATE_RE.fullmatch(s) and not seen_date:
            seen_date, start = True, i + 1
            continue
        if seen_date and 2 <= len(s) <= 30 and not re.search(r"[，。；：:！？、,.]", s) and proposer_kind(s) == "unit":
            start = i + 1
            continue
        break
    return start if seen_date else 0


def _proposer_heading(text: str) -> str:
    """"（一）市发展改革委（3条）" → "市发展改革委"; "" when the heading names no proposer."""
    bare = _SECTION_NUM.sub("", text, count=1).strip()
    bare = re.sub(r"[（(]\s*(?:\d+|[一二三四五六七八九十]+)\s*(?:条|项|件)(?:意见|建议)?\s*[)）]$", "", bare).strip()
    bare = re.sub(r"(?:的)?(?:意见|建议)$", "", bare).strip("：: ")
    return bare if proposer_like(bare) else ""


def _line(st: _State, n: int, line: str) -> None:
    if st.signature_from and n >= st.signature_from and st.title_done:
        st.finish()
        st.closing = True
    if not st.title_done:
        if not st.label and not st.title and _LABEL.match(line):
            st.label = re.sub(r"\s+", "", line).rstrip("：:")
            return
        bare = line.lstrip("#").strip().strip("*").strip()
        if st.title and re.match(r"^(?:——|－－|--|—)\s*\S", bare):  # the dateline under the title
            st.subtitle = bare.lstrip("—－- ").strip()
            st.title_done = True
            return
        if _is_title_line(bare) and len(st.title) < 4 and not start_item(bare, n, in_items=False):
            st.title.append(bare)
            return
        st.title_done = True
    if st.closing:
        st.tail.append((n, line))
        return
    if _CLOSING.match(line):
        st.finish()
        st.closing = True
        st.tail.append((n, line))
        return
    in_items = bool(st.items or st.tables)
    head = _heading(line)
    if head is not None and not start_item(head[0], n, in_items=False):
        st.finish()
        st.section, st.default, st.office_section = head
        st.section_proposer = _proposer_heading(head[0])
        cm = re.search(r"[（(]\s*(\d+|[一二三四五六七八九十]+)\s*(?:条|项|件)\s*[)）]", head[0])
        if cm and st.default:
            st.section_counts.append(StatedCount(st.default, to_int(cm.group(1)) or 0, head[0], n, False, "section"))
        if not in_items and _INTRO_HEADING.search(head[0]) and head[1] is None and not head[2]:
            st.section = ""
        return
    b = start_item(line, n, in_items=in_items or bool(st.section), loose=in_items or st.default is not None)
    if b is not None:
        st.finish()
        st.begin(b)
        return
    if _OFFICE_PARA.match(line) and "提出" not in line:
        st.finish()
        ob = Builder("office", n, None, paragraph=True)
        ob.opinion.append((n, line))
        st.begin(ob)
        return
    units = unit_states(line, n)
    cur = st.current
    if cur is not None and cur.paragraph and not _CONTINUES.match(line) and not cur.opinion[-1][1].endswith(("：", ":")):
        st.finish()  # "此外，还对草案作了一些文字修改。" is one paragraph; what follows is not part of it
        cur = None
    if cur is not None and not (units and (cur.decision or cur.kind == "office")):
        cur.add(n, line)  # a continuation: the opinion, or its decision once one began (Builder.add)
        return
    if units:
        st.finish()
        st.units += units
        st.order.append(("units", n))
        if not in_items:
            st.intro.append((n, line))
        return
    if not in_items and not st.section:
        st.intro.append((n, line))
        return
    if not in_items and st.section and st.default is None and not st.office_section:
        st.intro.append((n, line))
        return
    st.unparsed.append((n, line))
    st.warnings.append(f"第{n}行：未能归入任何一条意见，已原样保留（“{line[:30]}”）")


def _assemble(st: _State, raw_lines: tuple[str, ...]) -> ParsedReport:
    title = "".join(st.title)
    intro_text = "\n".join(t for _, t in st.intro)
    tail = [t for _, t in st.tail]
    review, warnings = review_info(title, intro_text, tail, subtitle=st.subtitle)
    warnings = st.warnings + warnings
    counts: list[StatedCount] = []
    for n, t in st.intro:
        counts += find_counts(t, n)
    opinions: list[ParsedOpinion] = []
    own: list[ParsedEdit] = []
    own_line: int | None = None
    own_by, own_intro = "", ""
    units_by_line: dict[int, list[ParsedOpinion]] = {}
    for u in st.units:
        units_by_line.setdefault(u.line, []).append(u)
    for kind, idx in st.order:
        if kind == "units":
            opinions += units_by_line.pop(idx, [])
            continue
        if kind == "table":
            _line, rows, section, default = st.tables[idx]
            ops, cs, ws = table_opinions(rows, "", default=default)
            opinions += [replace(o, section=o.section or section) for o in ops]
            counts += cs
            warnings += ws
            continue
        b = st.items[idx]
        where = f"第{b.line}行" + (f"（第{b.number}条）" if b.number is not None else "")
        if b.kind == "office":
            edits, intro, cs = build_office(b)
            own += edits
            own_line = own_line or b.line
            own_by = own_by or b.proposer or review.get("office", "")
            own_intro = own_intro or intro
            counts += cs
            continue
        op, cs, ws = build_opinion(b, where)
        opinions.append(op)
        counts += cs
        warnings += ws
    for n, t in st.tail:
        counts += find_counts(t, n)
    counts += st.section_counts
    if own_by and not review.get("office"):
        review["office"] = own_by
    proposers: list[str] = []
    for op in opinions:
        if op.proposer and op.proposer not in proposers:
            proposers.append(op.proposer)
    warnings += _consistency(counts, opinions, own)
    if not opinions:
        for n, t in st.intro[1:] + st.tail:
            dm = find_decision(t)
            if dm is not None and dm.value not in ("no_opinion",) and re.search(r"提出|建议|认为", t):
                warnings.append(f"第{n}行：这段可能含有意见及其采纳情况，但未能逐条识别，已原样保留（“{t[:30]}”）")
    return ParsedReport(
        title=title,
        review=review,
        stated_counts=tuple(counts),
        proposers=tuple(proposers),
        opinions=tuple(opinions),
        own_edits=tuple(own),
        own_edits_line=own_line,
        warnings=tuple(warnings),
        lines=raw_lines,
        label=st.label,
        intro=intro_text,
        own_edits_by=own_by,
        own_edits_intro=own_intro,
        unparsed=tuple(st.unparsed),
    )


def _consistency(counts: list[StatedCount], opinions: list[ParsedOpinion], own: list[ParsedEdit]) -> list[str]:
    """Stated totals that disagree with the items (reported, not corrected: that is the checker's job)."""
    out: list[str] = []
    stated = {c.key: c for c in counts if c.scope == "report" and not c.approx}
    real = [o for o in opinions if o.decision != "no_opinion"]
    checks = {"opinions": len(real)}
    if "received" in stated and "opinions" not in stated:
        checks["received"] = len(real)
    for key in ("adopted", "partially_adopted", "not_adopted", "already_reflected", "referred", "duplicate"):
        checks[key] = sum(1 for o in real if o.decision == key)
    explained = sum(1 for o in real if is_explained(o.decision, o.decision_text))
    checks["explained"] = explained
    if "explained" in stated:  # "未予吸收1条，作出解释说明1条": counted apart from the other non-adoptions
        checks["not_adopted"] -= explained
    for key, actual in checks.items():
        c = stated.get(key)
        if c is not None and real and c.value != actual:
            out.append(f"第{c.line}行：文中说“{c.text}”，逐条数得{actual}条")
    return out
