"""Tables of opinions: 序号 | 反馈人 | 意见内容 | 是否采纳 | 理由 (Markdown pipe rows; .docx tables arrive as such)."""

from __future__ import annotations

import re
from dataclasses import replace

from caina.core.report_parse.changes import ARTICLE_RE, PAGE_LINE_RE, SECTION_RE, find_changes, parse_page_line
from caina.core.report_parse.items import decide, edits_of, inherit_places, without_changes
from caina.core.report_parse.model import ParsedEdit, ParsedOpinion, StatedCount
from caina.core.report_parse.text import Chunk, quotes, to_int
from caina.core.report_parse.vocab import NO_OPINION, find_decision, find_duplicate

# column role → header words, tried in this order (first match wins for a header)
_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("number", ("序号", "编号", "序")),
    ("decision", ("是否采纳", "采纳情况", "处理情况", "办理情况", "采纳与否", "处理结果", "办理结果", "采纳意见", "采纳结果", "处理意见")),
    ("reason", ("理由", "说明", "备注", "依据", "答复")),
    ("locator", ("页码", "行数", "条款", "条目", "章节", "位置", "所在条", "涉及条", "条文序号", "页行")),
    ("original", ("原文", "原条文", "草案原文", "原表述", "原稿")),
    ("proposer", ("反馈人", "提出人", "提出单位", "提出者", "意见提出", "意见来源", "反馈单位", "建议人", "来源", "单位",
                  "姓名", "提出主体", "部门", "提出方")),
    ("text", ("意见内容", "意见建议", "修改意见", "具体意见", "建议内容", "修改建议", "主要内容", "意见摘要", "意见", "建议", "内容")),
)
_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_INHERIT = {"〃", "同上", "\"", "”", "″"}


def cells(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [c.strip() for c in inner.split("|")]


def is_separator(line: str) -> bool:
    return bool(_SEP.match(line))


def roles(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, h in enumerate(header):
        h = re.sub(r"\s+", "", h)
        for role, words in _ROLES:
            if role in found:
                continue
            if any(w in h for w in words):
                found[role] = i
                break
    return found


def is_opinion_table(header: list[str]) -> bool:
    r = roles(header)
    return "text" in r and ("decision" in r or "reason" in r or "proposer" in r)


def _section_row(row: list[str]) -> str | None:
    filled = [c for c in row if c]
    if len(row) > 1 and (len(set(filled)) == 1 and (len(filled) == len(row) or len(filled) == 1)):
        return filled[0]
    return None


def table_opinions(
    rows: list[tuple[int, list[str]]], where: str, *, default: str | None = None
) -> tuple[list[ParsedOpinion], list[StatedCount], list[str]]:
    """Opinions from one table; ``rows[0]`` is the header."""
    (hline, header), body = rows[0], rows[1:]
    role = roles(header)
    warnings: list[str] = []
    out: list[ParsedOpinion] = []
    counts: list[StatedCount] = []
    section, section_default = "", default
    last_proposer = ""

    def cell(row: list[str], name: str) -> str:
        i = role.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    for n, row in body:
        sec = _section_row(row)
        if sec is not None and not (role.get("text") is not None and len(row) == 1):
            section = sec
            dm = find_decision(sec)
            section_default = dm.value if dm and not re.search(r"采纳情况|处理情况", sec) else default
            continue
        if not any(row):
            continue
        if len(row) != len(header):
            warnings.append(f"第{n}行：表格该行有{len(row)}格，表头有{len(header)}格，已按顺序对应")
        number = to_int(cell(row, "number").rstrip(".．、")) if cell(row, "number") else None
        proposer = cell(row, "proposer")
        if proposer in _INHERIT or (not proposer and last_proposer and "proposer" in role):
            proposer = last_proposer
            warnings.append(f"第{n}行：反馈人为空或“同上”，沿用上一行的“{last_proposer}”")
        last_proposer = proposer or last_proposer
        text = cell(row, "text")
        dcell, rcell = cell(row, "decision"), cell(row, "reason")
        locator = cell(row, "locator") or None
        original = cell(row, "original")
        here = f"{where}第{n}行"
        if not dcell and rcell and (rd := find_decision(rcell)) and rd.start == 0:
            dcell, rcell = rcell, ""
        pieces = [(n, dcell)] if dcell else []
        if dcell:
            d = decide(pieces, section_default, here)
            value, dtext, reason, edits, narrative = d.value, d.text, d.reason, list(d.edits), d.narrative
            warnings += d.warnings
            counts += d.counts
        else:
            value, dtext, reason, edits, narrative = section_default, "", "", [], ""
        if re.fullmatch(r"(?:无|无意见|无修改意见|没有意见|无异议)[。.]?", text) and value in (None, NO_OPINION):
            value, dtext = NO_OPINION, dtext or text.rstrip("。.")
        if rcell:
            reason = (reason + ("；" if reason else "") + rcell) if reason != rcell else reason
            if value in ("adopted", "partially_adopted") and not edits:
                chunk = Chunk.of([(n, rcell)])
                more, _narr2, _ = edits_of(rcell, 0, chunk, "item")
                edits += more
                if value == "adopted" and more:
                    reason = ""
                elif more:  # 部分采纳: the reason is what the cell says besides the change
                    reason = without_changes(reason)
        dup = find_duplicate(dcell) or find_duplicate(rcell)
        if dup is not None and value is None:
            value, dtext = "duplicate", dup[1]
        if value is None:
            warnings.append(f"{here}：没有找到采纳情况")
        proposals = [replace(f.edit, line=n) for f in find_changes(text)]
        if original:  # the 原文 column holds the old text a "建议修改为“……”" leaves out
            proposals = [replace(p, old=original, quoted=False) if p.old is None and p.kind != "other" else p
                         for p in proposals]  # fmt: skip
        if original and not proposals:
            qs = quotes(text)
            new = qs[-1].text if qs else None
            kind = "replace" if new else "delete" if re.search(r"删去|删除|删掉|去掉", text) else "other"
            proposals = [ParsedEdit(kind, None, None, None, original, new, None, text, n, quoted=False)]
        if locator:
            lkind = _locator_kind(locator)
            parsed = parse_page_line(locator) if lkind == "page_line" else None
            part = re.match(r"附件\s*(\d*)", locator)  # "附件" alone: the single attachment
            proposals = [
                replace(p, locator=p.locator or locator, locator_kind=p.locator_kind or lkind, parsed=p.parsed or parsed,
                        part=p.part or (f"附件{part.group(1)}" if part else None))
                for p in proposals
            ]  # fmt: skip
        out.append(
            ParsedOpinion(
                number=number, proposer=proposer, text=text, decision=value, decision_text=dtext, reason=reason,
                edits=inherit_places(tuple(edits), tuple(proposals), locator, *_row_place(locator)),
                line=n, decision_line=n, narrative=narrative, proposals=tuple(proposals),
                duplicate_of=dup[0] if dup else None, locator=locator, section=section,
            )
        )  # fmt: skip
    if "text" not in role:
        warnings.append(f"{where}第{hline}行：表头中没有“意见内容”一栏，已把各行原样保留")
    return out, counts, warnings


def _row_place(locator: str | None) -> tuple[str | None, dict[str, object] | None]:
    if not locator:
        return None, None
    kind = _locator_kind(locator)
    return kind, parse_page_line(locator) if kind == "page_line" else None


def _locator_kind(text: str) -> str | None:
    if PAGE_LINE_RE.fullmatch(text.replace(" ", "")):
        return "page_line"
    if ARTICLE_RE.fullmatch(text.replace(" ", "")):
        return "article"
    if SECTION_RE.search(text):
        return "section"
    if text.startswith("附件"):
        return "part"
    return None
