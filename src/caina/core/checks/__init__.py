"""校核: proofreading and consistency checks for drafts and adoption reports.

The library calls (used by the CLI, the report generator and the web app)::

    check_text(text, kind="auto")           → list[Finding]
    check_draft(draft, layout=None)         → list[Finding]   (with page/line locators)
    check_report(text, draft=None, layout=None) → list[Finding]

A :class:`Finding` has a rule id, a :class:`Severity` (error / warning /
info), where it is (paragraph, line of the file, page/line locator when a
layout is known), the excerpt, a message in Chinese and a suggested fix.
``Finding.to_dict()`` gives the stable JSON shape (:data:`FINDING_KEYS`).

Rule families, one module each (every rule is documented in docs/checks.md):
:mod:`.punctuation` (GB/T 15834), :mod:`.names`, :mod:`.typos`,
:mod:`.artifacts`, :mod:`.report_consistency`, :mod:`.against_draft`.
:data:`RULES` lists every rule; ``CheckOptions(ignore=…)`` turns rules or
families off; ``CheckOptions(glossary=…)`` adds the user's standard names.

Precision comes first: each rule leaves alone what is right in a real
official text, and a count that agrees is confirmed (info), not flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeGuard

from caina.core.checks import against_draft, artifacts, names, numbers, punctuation, quoted, report_consistency, typos
from caina.core.checks.base import (
    FAMILIES,
    FINDING_KEYS,
    RULES,
    CheckedDocument,
    CheckOptions,
    Finding,
    Kind,
    Paragraph,
    Rule,
    Severity,
    paragraphs_from_text,
)
from caina.core.checks.glossary import Glossary, NameEntry
from caina.core.layout import layout as lay_out
from caina.core.locators import locate_text
from caina.core.model import BlockKind, Draft
from caina.core.pages import Layout

__all__ = [
    "Finding",
    "Severity",
    "Rule",
    "RULES",
    "FAMILIES",
    "FINDING_KEYS",
    "Paragraph",
    "CheckOptions",
    "Glossary",
    "NameEntry",
    "check_text",
    "check_paragraphs",
    "check_draft",
    "check_report",
    "detect_kind",
    "has_errors",
    "summary",
]

#: the rule families, in the order they run and are shown
FAMILY_MODULES = (punctuation, names, typos, numbers, artifacts, report_consistency, against_draft)

_REPORT_MARKS = re.compile(
    r"意见采纳情况|采纳情况[：:]|予以采纳|不予采纳|部分采纳|未予采纳|吸收采纳|采纳意见|暂不采纳|是否采纳|采纳理由"
    r"|已吸收|部分吸收|未予吸收|不予吸收|作出解释说明|转有关部门研究|无修改意见|征求意见期间|经研究[^。]{0,8}建议(?:采纳|不作修改)"
    r"|(?:采纳|不采纳|未采纳)了?[0-9０-９一二三四五六七八九十]+条"
    r"|(?:共|累计)?(?:收到|征集到?|收集到?)[^。；]{0,30}?(?:意见|建议|留言|来信|信件|邮件|线索)[^。；]{0,8}?[0-9０-９一二三四五六七八九十零]+(?:条|件|封)"
    r"|(?:未|没有)收到[^。；]{0,10}?(?:意见|建议|反馈)|(?:研究后|经研究)[，,]?(?:采纳|吸收)了?(?:该|这一)?(?:意见|建议)"
    r"|根据[^。；]{0,20}?审议意见|现将[^。；]{0,30}?(?:采纳|反馈|处理|审议修改|征求意见)[^。；]{0,6}?情况"
    r"|[（(][0-9]{1,2}[)）]\s*(?:予以|已)?(?:未|不予|不)?采纳|第[0-9]{1,3}条(?:意见|建议)?(?:予以|已)?(?:未|不予|不)?采纳"
)
# a report's own title: "……征求意见采纳情况的说明" "……公开征求意见结果反馈" "……审议结果的报告" "……征集意见反馈情况"
_REPORT_TITLE = re.compile(
    r"(?:意见|建议)[^。，,]{0,6}?(?:采纳|吸收|处理|办理|反馈)(?:情况|结果)|征[求集](?:意见|建议)[^。，,]{0,4}?(?:情况|结果|采纳)"
    r"|结果(?:反馈|公示|公告)|审议(?:结果|修改情况)的报告|采纳情况"
)
# a regulation's articles ("第十四条　……"): a draft, whatever it says about adopting opinions
_ARTICLE = re.compile(r"(?:^|(?<=[。；;\s]))第[一二三四五六七八九十百零〇]{1,6}条[ \u3000\u00a0]+(?=[\u4e00-\u9fff])")


def _is_kind(value: str) -> TypeGuard[Kind]:
    return value in ("draft", "report")


def detect_kind(paragraphs: Sequence[Paragraph]) -> Kind:
    """"report" when the text reads like an adoption report (its title, 采纳情况 …), else "draft".

    A text made of articles ("第十四条　……", at least two) is a draft: a regulation may speak
    of adopting opinions. Otherwise a report title among the first paragraphs, or two of the
    genre's phrases ("共收到意见建议12条" "予以采纳" "未收到意见" "现将……采纳情况……如下"), make a report.
    """
    if sum(len(_ARTICLE.findall(p.text)) for p in paragraphs[:400]) >= 2:
        return "draft"
    if any(_REPORT_TITLE.search(p.text) and len(p.text) <= 80 and "。" not in p.text for p in paragraphs[:6]):
        return "report"
    hits = sum(len(_REPORT_MARKS.findall(p.text)) for p in paragraphs[:400])
    return "report" if hits >= 2 else "draft"


def _run(doc: CheckedDocument, options: CheckOptions) -> list[Finding]:
    found: dict[tuple[str, int | None, int | None, int | None, str], Finding] = {}
    quoted_draft = _quoted_draft(doc)
    for module in FAMILY_MODULES:
        for f in module.check(doc, options):
            rule = RULES.get(f.rule)
            if rule is not None and (doc.kind not in rule.applies_to or not options.enabled(rule)):
                continue
            if rule is not None and rule.family in quoted.EXEMPT_FAMILIES and f.paragraph in quoted_draft:
                if quoted.inside(quoted_draft[f.paragraph], f.start, f.end):
                    continue  # the draft's own words quoted by the report (将“布署”修改为……)
            found.setdefault((f.rule, f.paragraph, f.start, f.end, f.message), f)
    return sorted(found.values(), key=lambda f: (f.paragraph or 0, f.start or 0, f.severity.rank, f.rule))


def _quoted_draft(doc: CheckedDocument) -> dict[int, list[tuple[int, int]]]:
    """In a report: paragraph index → the quotations of the draft's words in it (see :mod:`.quoted`)."""
    if doc.kind != "report":
        return {}
    out = {}
    for p in doc.paragraphs:
        spans = quoted.draft_quotations(p.text, doc.draft)
        if spans:
            out[p.index] = spans
    return out


def check_paragraphs(
    paragraphs: Sequence[Paragraph],
    *,
    kind: Kind | str = "auto",
    title: str = "",
    draft: Draft | None = None,
    layout: Layout | None = None,
    options: CheckOptions | None = None,
    meta: Mapping[str, int] | None = None,
) -> list[Finding]:
    """Check paragraphs already read (the CLI reads files through :mod:`caina.io.check_input`)."""
    paragraphs = tuple(paragraphs)
    k = detect_kind(paragraphs) if kind == "auto" else kind
    if not _is_kind(k):
        raise ValueError(f"kind must be draft, report or auto, not {kind!r}")
    if not title and draft is None and k == "draft" and paragraphs:
        first = paragraphs[0].text
        title = first if len(first) <= 80 and "。" not in first else ""
    locate = None
    if layout is not None and k == "draft":
        locate = lambda span: locate_text(layout, span)  # noqa: E731
    doc = CheckedDocument(
        paragraphs,
        kind=k,
        title=title or (draft.title if draft is not None else ""),
        short_name=draft.short_name if draft is not None else "",
        draft=draft,
        layout=layout,
        meta=dict(meta or {}),
        locate=locate,
    )
    return _run(doc, options or CheckOptions())


def check_text(
    text: str,
    *,
    kind: Kind | str = "auto",
    title: str = "",
    options: CheckOptions | None = None,
) -> list[Finding]:
    """Check plain text (one paragraph a line); ``line`` in each finding is the line in ``text``."""
    return check_paragraphs(paragraphs_from_text(text), kind=kind, title=title, options=options)


def draft_paragraphs(draft: Draft, lines: Sequence[int | None] | None = None) -> tuple[Paragraph, ...]:
    """The draft's non-blank blocks as paragraphs (``lines``: the file line of each block, if known)."""
    out: list[Paragraph] = []
    n = 0
    for part in draft.parts:
        for bi, block in enumerate(part.blocks):
            line = lines[n] if lines is not None and n < len(lines) else None
            n += 1
            if block.kind is BlockKind.BLANK or not block.text.strip():
                continue
            out.append(Paragraph(len(out) + 1, block.text, line, part.id, bi, block.kind.value))
    return tuple(out)


def check_draft(
    draft: Draft,
    layout: Layout | None = None,
    *,
    lines: Sequence[int | None] | None = None,
    options: CheckOptions | None = None,
    meta: Mapping[str, int] | None = None,
) -> list[Finding]:
    """Check a draft; every finding carries its page/line locator ("P3倒数第五行").

    The draft is laid out when ``layout`` is not given. ``lines`` maps each
    block (in document order, blank ones included) to its line in the file.
    """
    if layout is None:
        layout = lay_out(draft)
    return check_paragraphs(
        draft_paragraphs(draft, lines), kind="draft", draft=draft, layout=layout, options=options, meta=meta
    )


def check_report(
    report: str | Sequence[Paragraph],
    *,
    draft: Draft | None = None,
    layout: Layout | None = None,
    options: CheckOptions | None = None,
    meta: Mapping[str, int] | None = None,
) -> list[Finding]:
    """Check an adoption report; with the reviewed ``draft``, check every quote against it too."""
    paragraphs = paragraphs_from_text(report) if isinstance(report, str) else tuple(report)
    if draft is not None and layout is None:
        layout = lay_out(draft)
    return check_paragraphs(paragraphs, kind="report", draft=draft, layout=layout, options=options, meta=meta)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def summary(findings: Iterable[Finding]) -> dict[str, int]:
    """Counts by severity: {"error": 2, "warning": 5, "info": 9}."""
    out = {s.value: 0 for s in Severity}
    for f in findings:
        out[f.severity.value] += 1
    return out
