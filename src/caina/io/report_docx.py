"""The 意见采纳情况 report as a GB/T 9704 .docx.

Lays out a :class:`~caina.core.report.Report` (content computed by the core)
on the official page of :mod:`caina.io.gbt9704`:

- "附件2" (``report.label``, when the report is an attachment): 3号 黑体,
  flush left on the first line, the title on the third line (GB/T 9704 8);
- the title: 2号 方正小标宋简体, centred; a line too long for the text block
  is broken between words into balanced lines (词意完整, 排列对称 — 7.3.1),
  never inside （…） and never before a closing or after an opening mark;
- one empty line, then the body: 3号 仿宋_GB2312, justified, first line
  indented 2 字; a paragraph numbered "一、" is set in 黑体 and "（一）" in
  楷体_GB2312 (7.3.3) when the report has such headings;
- the signature (GB/T 9704 7.3.5.2, a document without a seal): one empty line
  under the body, the signing office right-aligned 2 字 from the right edge, the
  date on the next line with its first character 2 字 right of the office's (when
  the date is the longer, the date keeps 2 字 and the office moves left);
- page numbers "— 1 —" in 4号 宋体, right on odd pages, left on even pages.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any

from docx import Document

from caina.core.model import Align, BlockKind, PageSetup, heading_kind
from caina.core.report import Report
from caina.io.files import atomic_write_bytes
from caina.io.gbt9704 import (
    ALIGNMENT,
    FOOTER_DISTANCE_GBT,
    SIZE_2HAO,
    SIZE_3HAO,
    add_page_numbers,
    apply_doc_defaults,
    apply_geometry,
    clear_body,
    set_first_line_indent,
    set_right_indent,
    style_run,
)

_MAX_HEADING = 40
_MAX_TITLE_LINES = 4  # longer titles are left to the word processor's wrapping
_ROLE_OF_HEADING = {BlockKind.HEADING1: "heiti", BlockKind.HEADING2: "kaiti"}
_OPEN = "（(《〔【“‘"
_CLOSE = "）)》〕】”’"
# 避头尾 (GB/T 15834; the zh-CN kinsoku sets of the layout reference, the part titles meet)
CANNOT_START = set("!%),.:;?]}·’”…、。〉》」』】〕〗！），．：；？］｝～—")
CANNOT_END = set("([{·‘“〈《「『【〔〖（［｛")


def em_width(text: str) -> float:
    """Width in em: full-width characters 1, ASCII (digits, Latin, space) ½."""
    return sum(0.5 if ord(ch) < 0x2000 and ch != "—" else 1.0 for ch in text)


def _break_candidates(text: str) -> list[int]:
    """Offsets where a title line may break: between words, outside （…）, obeying 避头尾."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    words = list(jieba.cut(text, HMM=False))
    cuts, pos = [], 0
    for w in words[:-1]:
        pos += len(w)
        cuts.append(pos)
    depth_at: list[int] = []
    depth = 0
    for ch in text:
        depth_at.append(depth)
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
    out = []
    for c in cuts:
        if depth_at[c] > 0 and text[c - 1] not in _CLOSE:
            continue
        if text[c] in CANNOT_START or text[c] in _CLOSE or text[c - 1] in CANNOT_END or text[c - 1] in _OPEN:
            continue
        out.append(c)
    return out


def title_lines(line: str, capacity_em: float) -> list[str]:
    """Break one title line into as few lines as fit ``capacity_em`` (unchanged if it fits).

    Among the breaks with that many lines, the one whose widest line is narrowest,
    then whose lines are most even, then whose first lines are longer, wins
    (GB/T 9704 7.3.1: 排列对称，长短适宜).
    """
    if em_width(line) <= capacity_em:
        return [line]
    cands = _break_candidates(line)
    for k in range(1, min(len(cands), _MAX_TITLE_LINES - 1) + 1):
        best: tuple[float, float, tuple[float, ...], tuple[int, ...]] | None = None
        for cut in combinations(cands, k):
            bounds = (0, *cut, len(line))
            widths = [em_width(line[a:b]) for a, b in pairwise(bounds)]
            if max(widths) > capacity_em:
                continue
            # narrowest widest line, then the most even, then longer lines first (a 梯形 title)
            score = (max(widths), sum(x * x for x in widths), tuple(-x for x in widths), cut)
            if best is None or score[:3] < best[:3]:
                best = score
        if best is not None:
            bounds = (0, *best[3], len(line))
            return [line[a:b] for a, b in pairwise(bounds)]
    return [line]  # no break point fits: let the word processor wrap it


def _paragraph(doc: Any, lines: Iterable[str], *, role: str, size_pt: float, align: Align, indent_chars: float) -> Any:
    p = doc.add_paragraph()
    p.alignment = ALIGNMENT[align]
    if indent_chars:
        set_first_line_indent(p, indent_chars, size_pt)
    run = None
    for text in lines:
        if run is not None:
            run.add_break()  # a line break inside the paragraph: the title stays one paragraph
        run = p.add_run(text)
        style_run(run, size_pt=size_pt, role=role)
    return p


def _body(doc: Any, text: str) -> None:
    kind = heading_kind(text)
    role = "fangsong"
    if kind in _ROLE_OF_HEADING and len(text) <= _MAX_HEADING and "。" not in text[:-1]:
        role = _ROLE_OF_HEADING[kind]
    _paragraph(doc, [text], role=role, size_pt=SIZE_3HAO, align=Align.JUSTIFY, indent_chars=2)


def signature_indents(lines: tuple[str, ...]) -> tuple[float, ...]:
    """Right indents (in 字) of the signature and the date under it (GB/T 9704 7.3.5.2)."""
    if len(lines) < 2:
        return (2.0,) * len(lines)
    office, date = em_width(lines[0]), em_width(lines[1])
    right_office = 2.0
    right_date = right_office + office - 2 - date  # the date's first character 2 字 right of the office's
    if right_date < 2:
        right_date = 2.0
        right_office = right_date + date + 2 - office
    return (right_office, right_date) + (2.0,) * (len(lines) - 2)


def report_paragraphs(report: Report) -> list[str]:
    """The body paragraphs in order (intro, each item's opinion and decision, the office's item)."""
    return list(report.paragraphs)


def report_to_docx_bytes(report: Report, page: PageSetup | None = None) -> bytes:
    """The report as a GB/T 9704 .docx."""
    page = page or PageSetup()
    doc = Document()
    apply_doc_defaults(doc)
    apply_geometry(doc, page, footer_distance=FOOTER_DISTANCE_GBT)
    add_page_numbers(doc)
    clear_body(doc)
    if report.label:
        _paragraph(doc, [report.label], role="heiti", size_pt=SIZE_3HAO, align=Align.LEFT, indent_chars=0)
        doc.add_paragraph()
    capacity = page.text_width_pt / (SIZE_2HAO + page.char_spacing_pt)
    lines = [piece for line in report.title for piece in title_lines(line, capacity)]
    _paragraph(doc, lines, role="xiaobiaosong", size_pt=SIZE_2HAO, align=Align.CENTER, indent_chars=0)
    doc.add_paragraph()
    section = report.consultation
    body = report_paragraphs(report)
    if section is not None:  # its heading in 黑体 like a 一级标题, its paragraphs as the body
        body = body[: len(body) - len(section.paragraphs) - 1]
    for text in body:
        _body(doc, text)
    if section is not None:
        _paragraph(doc, [section.heading], role="heiti", size_pt=SIZE_3HAO, align=Align.JUSTIFY, indent_chars=2)
        for text in section.paragraphs:
            _body(doc, text)
    if report.signature:
        doc.add_paragraph()
        for line, right in zip(report.signature, signature_indents(report.signature), strict=True):
            p = _paragraph(doc, [line], role="fangsong", size_pt=SIZE_3HAO, align=Align.RIGHT, indent_chars=0)
            set_right_indent(p, right, SIZE_3HAO, page.char_pitch_pt)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_report_docx(report: Report, path: Path, page: PageSetup | None = None) -> Path:
    return atomic_write_bytes(Path(path), report_to_docx_bytes(report, page))


__all__ = ["report_to_docx_bytes", "write_report_docx", "report_paragraphs", "title_lines", "em_width"]
