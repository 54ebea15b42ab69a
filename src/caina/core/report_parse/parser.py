"""The whole report: title, intro, items (paragraphs or tables), the office's own edits, closing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from caina.core.report_parse.collective import COLLECTIVE_REF as _COLLECTIVE_REF
from caina.core.report_parse.collective import apply_collective, collective, inline_items
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
from caina.core.report_parse.webtables import join_web_tables
from caina.core.webtext import page_notes, split_run_on, strip_page

MAX_LINE = 20000  # characters; a real paragraph is far shorter, and this bounds the work on junk
_LABEL = re.compile(r"^附\s*件\s*[0-9０-９一二三四五六七八九十]{0,3}\s*[：:]?$")
_CLOSING = re.compile(
    r"^(?:特此(?:说明|报告|函告|通知|函复)|以上(?:情况)?(?:特此)?说明)[。.！]?"
    r"|^(?:综合以上|综上|最后)?[^。]{0,30}?感谢[^。]{0,40}?(?:支持|参与|关心|关注)[^。]{0,6}[！!。]?$"  # a public notice's thanks
    r"|^[^。]{0,30}?是否妥当[，,]?\s*请(?:予)?审议"  # a legislature's report: "草案修改稿和以上报告是否妥当，请审议。"
    r"|^[^。]{0,20}?(?:已)?(?:按照|根据)上述(?:审议)?意见[^。]{0,30}?修改稿"  # "法制委员会已按照上述意见提出了草案修改稿"
    r"|^[^。]{0,20}?修改稿[^。]{0,6}?(?:已)?按(?:照)?上述(?:审议)?意见[^。]{0,20}?修改"  # "草案修改稿已按上述意见作了修改"
    r"|^以上(?:报告|说明)[，,]?\s*请(?:予)?审议"  # "以上报告，请审议。"
)
# the report lists only the main points: "现将主要修改情况报告如下" — its totals are not recounted from them
_MAIN_ONLY = re.compile(r"(?:现将|将|下面将)?主要(?:修改|审议|采纳)?(?:情况|意见|问题|内容)[^。]{0,10}?(?:报告|说明|汇报)如下")
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
    norm: bool = False  # the text is a regulation's articles: nothing in it is an opinion
    reportish: bool = False  # the title or the introduction speaks of opinions received (see _reportish)
    reportish_seen: int = 0  # intro lines already read for it
    notes: list[tuple[int, str]] = field(default_factory=list)
    summarised: list[str] = field(default_factory=list)  # decisions summed up without items  # paragraphs after the items that state numbers
    list_intro: bool = False  # the paragraph before announced a list of opinions ("……提出相关建议如下：")
    collective: list[tuple[int, str]] = field(default_factory=list)  # (line, text): decisions on several items

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


# the addressee right under the title (GB/T 9704 主送机关), or a speech's salutation:
# "区人民政府：" "省人大常委会：" "主任、各位副主任、秘书长、各位委员："
_ACCORDING_SPLIT = re.compile(r"(?<=[；;。])\s*(?=(?:根据|按照)[^，。；“”]{2,40}?意见[，,])")
# an article of a regulation opening a paragraph: "第十四条　重大行政决策……" (an NPC report cites "草案第八条第一款")
_ARTICLE_START = re.compile(r"(?:^|(?<=[。；;\s]))第[一二三四五六七八九十百零〇]{1,6}条[ \u3000\u00a0]+(?=[\u4e00-\u9fff])")
_SALUTATION = re.compile(r"^(?![一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,3}[.．、])[^，。；：:“”]{2,40}[：:]$")
# "……提出相关建议如下：" "主要意见如下：": numbered lines after it are the opinions
_LIST_INTRO = re.compile(r"(?:意见|建议|留言|诉求|问题|反映)[^。；]{0,20}?(?:如下|有|为|是)?[：:]$")
# "……可通过以下方式提出意见：" "应当报送下列材料：": what follows is not a list of opinions
_CHANNEL_INTRO = re.compile(r"方式|途径|渠道|联系|材料|下列|以下几种|事项|程序|要求|地址")
# "现就……提出以下实施意见：" "……有关问题通知如下：": a document's own list, not opinions received
_OWN_LIST = re.compile(r"现就|特提出|特制定|实施意见|指导意见|若干意见|通知如下")
_REPORTISH = re.compile(r"采纳|征求|征集|征询|反馈|审议|收到|意见建议|办理情况|修改情况|处理情况")


def _reportish(st: _State) -> bool:
    """Whether the title or the introduction so far speaks of opinions received and answered (once true, stays)."""
    if not st.reportish:
        st.reportish = bool(_REPORTISH.search("".join(st.title))) or any(
            _REPORTISH.search(t) for _, t in st.intro[st.reportish_seen :]
        )
        st.reportish_seen = len(st.intro)
    return st.reportish


_REPORT_TITLE = re.compile(
    r"(?:意见|建议)(?:的)?(?:收集|采纳|吸收|处理|办理|反馈)|征求意见(?:的)?(?:情况|结果|采纳)|结果反馈|审议结果|情况(?:的)?(?:说明|公告|报告)$"
)


def _is_title_line(text: str) -> bool:
    if text.endswith(("。", "；", "：", ":")) or len(text) > 60 or DATE_RE.match(text):
        return False
    if "。" in text or _SECTION_NUM.match(text) or item_number(text) is not None:
        return False  # a title is not numbered and is no sentence
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


def prepare(raw_lines: tuple[str, ...]) -> tuple[list[tuple[int, str]], list[str], list[str]]:
    """The report's lines as the parser reads them: (line number, text) pieces, the lines kept, warnings.

    A copy from a web page is undone first: the page's own lines (navigation, page fields,
    copyright) are left out, pinyin glossed after characters is dropped, opinion tables
    flattened into one cell a line are joined back into rows, a stray cell mark "|" at the
    end of a paragraph goes, and paragraphs run together with spaces are split where a
    section heading begins (several pieces then share a line number). Every line keeps its
    number.
    """
    lines, chrome, glosses = strip_page(list(raw_lines))
    warnings = [note.replace("不是正文", "不是报告内容") for note in page_notes(chrome, glosses)]
    lines, table_warnings = join_web_tables(lines)
    warnings += table_warnings
    pieces: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if "\t" in line:  # a row of a tab-separated table: its trailing empty cells count
            pieces.append((i + 1, line))
            continue
        s = line.rstrip()
        if s.strip() == "|" or (s.count("|") == 1 and s.endswith("|") and not s.lstrip().startswith("|")):
            s = s[:-1]  # "……未收到反馈意见。 |": a cell mark left by the copy
        for piece in split_run_on(s):
            # "根据会议审议意见，将……；根据县审计局的意见，在……": one revision item per "根据……意见"
            for part in _ACCORDING_SPLIT.split(piece) if _ACCORDING_SPLIT.search(piece) else [piece]:
                pieces.append((i + 1, part))
    return pieces, lines, warnings


def parse_report(text: str) -> ParsedReport:
    raw_lines = tuple(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n"))
    pieces, kept, prep_warnings = prepare(raw_lines)
    st = _State()
    st.warnings += prep_warnings
    articles = sum(len(_ARTICLE_START.findall(p)) for _, p in pieces if not p.lstrip().startswith("|") and "\t" not in p)
    if articles >= 2:  # "第十四条　重大行政决策方案草案公布后……": the text of a rule, not a report on one
        st.norm = True
        st.warnings.append(
            f"这份文字由条文组成（{articles}处“第X条”），是法规、规章或规范性文件的正文，不是意见采纳情况报告；未导入意见"
        )
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

    st.signature_from = _signature_start(tuple(kept))
    tabbed = False  # inside a table copied from a web page: cells separated by tabs

    def end_tabbed() -> None:
        width = len(table_rows[0][1])
        for _n, r in table_rows:  # a web copy drops the empty cells at the end of a row
            r.extend([""] * (width - len(r)))
        flush_table()

    for n, raw in pieces:
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
        if not st.title and (DATE_RE.fullmatch(bare) or re.fullmatch(r"(?:本报)?(?:记者|通讯员|作者)\s*\S{2,12}", bare)):
            st.intro.append((n, line))  # a page's date or byline above the title
            return
        if st.title and _REPORT_TITLE.search(bare) and "《" in bare and all(
            len(t) <= 8 and "《" not in t for t in st.title
        ):  # fmt: skip
            st.title = []  # "征集调查" above "《……》公开征求意见情况说明": a column name, not the title
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
    if st.norm:
        st.intro.append((n, line))
        return
    if _CLOSING.match(line):
        st.finish()
        st.closing = True
        st.tail.append((n, line))
        return
    in_items = bool(st.items or st.tables)
    if not in_items and not st.intro and _SALUTATION.match(line):
        st.intro.append((n, line))  # "主任、各位副主任、秘书长、各位委员：" "省人大常委会："
        return
    if st.items and _COLLECTIVE_REF.search(line) and item_number(line) is None and collective(line):
        st.finish()  # "建议采纳情况：建议（1）（2）（4）未采纳，建议（3）采纳" / "以上意见均予采纳。"
        st.collective.append((n, line))
        return
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
    listed = st.list_intro and item_number(line) is not None
    # under a heading, a numbered line is an item only in a text that reports on opinions: in a
    # policy document ("二、主要任务 （一）提高市场开放程度……") it is the document's own list
    sectioned = bool(st.section) and (st.default is not None or _reportish(st))
    b = start_item(line, n, in_items=in_items or sectioned or listed, loose=in_items or st.default is not None)
    if b is not None and b.number is None and b.proposer:
        # "县住建局提出：①……；②……。研究后，第①条未采纳，……；第②条予以采纳。": one item an opinion
        split = inline_items(line, n)
        if len(split) >= 2 and all(x.decision for x in split):
            st.finish()
            for ib in split:
                st.begin(ib)
                st.finish()
            return
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
    if not in_items and (not st.section or (st.default is None and not st.office_section)):
        st.intro.append((n, line))
        if _MAIN_ONLY.search(line):
            st.summarised.append("received")
        st.list_intro = (
            bool(_LIST_INTRO.search(line)) and not _CHANNEL_INTRO.search(line) and not _OWN_LIST.search(line)
        )
        for ib in inline_items(line, n):  # "共收到区委宣传部2条修改建议（①增加……②增加……，2条建议均已采纳）"
            st.begin(ib)
            st.finish()
        return
    if find_counts(line, n):  # "……向社会公开征求公众意见。未收到反馈意见。": a section's own numbers
        st.notes.append((n, line))
        return
    if st.default is not None and not any(b.section == st.section for b in st.items):
        # under "一、采纳的意见（12条）": "主要涉及……，已在规划相关章节中作了修改完善。"
        st.summarised.append(st.default)
        st.notes.append((n, line))
        st.warnings.append(f"第{n}行：这一部分（{st.section}）只概述了意见，未逐条列出，未导入为逐条意见（“{line[:24]}”）")
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
    if st.collective:
        opinions, more = apply_collective(opinions, st.collective, [b.line for b in st.items if b.kind == "opinion"])
        decided = {o.line for o in opinions if o.decision is not None}
        warnings = [w for w in warnings if not (w.endswith("没有找到采纳情况") and _warned_line(w) in decided)]
        warnings += more
    for n, t in st.notes + st.tail:
        counts += find_counts(t, n)
    counts += st.section_counts
    if own_by and not review.get("office"):
        review["office"] = own_by
    proposers: list[str] = []
    for op in opinions:
        if op.proposer and op.proposer not in proposers:
            proposers.append(op.proposer)
    warnings += _consistency(counts, opinions, own, frozenset(st.summarised))
    maybe: list[str] = []
    if not opinions:
        for n, t in st.intro[1:] + st.tail:
            dm = find_decision(t)
            if dm is not None and dm.value not in ("no_opinion",) and re.search(r"提出|建议|认为", t) and not t.startswith("附件"):
                maybe.append(f"第{n}行：这段可能含有意见及其采纳情况，但未能逐条识别，已原样保留（“{t[:30]}”）")
    warnings += maybe or _silence(counts, opinions, own)
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
        summarised=tuple(dict.fromkeys(st.summarised)),
    )


def _warned_line(warning: str) -> int:
    m = re.match(r"第(\d+)行", warning)
    return int(m.group(1)) if m else 0


def _silence(counts: list[StatedCount], opinions: list[ParsedOpinion], own: list[ParsedEdit]) -> list[str]:
    """Say so when the report states numbers but no item could be read, or items but no decision."""
    out: list[str] = []
    real = [o for o in opinions if o.decision != "no_opinion"]
    stated = [c for c in counts if c.scope == "report" and c.key in ("received", "opinions") and c.value > 0]
    if stated and not real:
        c = stated[0]
        out.append(
            f"第{c.line}行说“{c.text}”，但未能逐条识别出意见（可能列在附件或网页表格中，复制时未带上），"
            "只导入了数字；请另行导入意见汇总表"
        )
    undecided = [o for o in real if o.decision is None]
    if real and len(undecided) == len(real):
        out.append(f"识别出{len(real)}条意见，但都没有找到采纳情况（第{real[0].line}行起）；请核对报告是否写明了采纳与否")
    return out


def _consistency(
    counts: list[StatedCount], opinions: list[ParsedOpinion], own: list[ParsedEdit], summarised: frozenset[str] = frozenset()
) -> list[str]:  # fmt: skip
    """Stated totals that disagree with the items (reported, not corrected: that is the checker's job).

    Totals of a kind the report only sums up ("主要涉及……") are not recounted, nor the overall total then.
    """
    out: list[str] = []
    stated: dict[str, StatedCount] = {}
    for c in counts:  # the first of each key, as to_json gives them
        if c.scope == "report" and not c.approx:
            stated.setdefault(c.key, c)
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
        written = stated.get(key)
        if summarised and (key in summarised or key in ("opinions", "received")):
            continue
        if written is not None and real and written.value != actual:
            out.append(f"第{written.line}行：文中说“{written.text}”，逐条数得{actual}条")
    return out
