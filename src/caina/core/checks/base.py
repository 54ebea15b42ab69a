"""What every check works with: severities, findings, rules, and the document checked.

Pure: no I/O. A :class:`CheckedDocument` is a sequence of paragraphs (each with
its 1-based index, the line of the file it came from, and, for a draft, the
block it is) plus what is known about it: its kind (draft or report), its
title, the laid-out draft when there is one. Rule modules read it and yield
:class:`Finding` objects built with :meth:`CheckedDocument.finding`, which
fills in the excerpt and, when a layout is known, the page/line locator.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from caina.core.checks.glossary import Glossary
from caina.core.model import Draft
from caina.core.pages import Layout, Span

if TYPE_CHECKING:
    from caina.core.report_parse.model import ParsedReport

__all__ = [
    "Severity",
    "Finding",
    "Paragraph",
    "Rule",
    "RULES",
    "register_rule",
    "CheckedDocument",
    "CheckOptions",
    "Kind",
    "FINDING_KEYS",
    "HAN",
    "is_han",
]

Kind = Literal["draft", "report"]

#: One CJK unified ideograph (basic block and extension A).
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_HAN_RE = re.compile(f"[{HAN}]")


def is_han(ch: str) -> bool:
    return bool(ch) and bool(_HAN_RE.fullmatch(ch))


class Severity(StrEnum):
    ERROR = "error"  # certainly wrong: fix before the document goes out
    WARNING = "warning"  # very likely wrong: look at it
    INFO = "info"  # worth knowing, or a confirmation ("已核对")

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


#: The keys of a finding in JSON, in order. Stable: scripts and the web app read them.
FINDING_KEYS = ("rule", "severity", "line", "paragraph", "locator", "excerpt", "message", "suggestion")


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check found, with where it is and how to fix it.

    ``paragraph`` is the 1-based index of the paragraph among the document's
    non-empty paragraphs; ``line`` the 1-based line of the file it came from
    (None for .docx); ``locator`` the page/line citation ("P3倒数第五行") when
    the document is a draft that was laid out, or the locator a report cites
    for findings about a quote. ``start``/``end`` are offsets in the paragraph
    (for highlighting; not part of the JSON shape).
    """

    rule: str
    severity: Severity
    message: str
    excerpt: str = ""
    suggestion: str = ""
    paragraph: int | None = None
    line: int | None = None
    locator: str | None = None
    start: int | None = None
    end: int | None = None

    @property
    def family(self) -> str:
        return self.rule.split(".", 1)[0]

    def to_dict(self) -> dict[str, str | int | None]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "line": self.line,
            "paragraph": self.paragraph,
            "locator": self.locator,
            "excerpt": self.excerpt,
            "message": self.message,
            "suggestion": self.suggestion,
        }

    def sort_key(self) -> tuple[int, int, str]:
        return (self.paragraph or 0, self.start or 0, self.rule)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph as checked: its text and where it came from."""

    index: int  # 1-based among the document's paragraphs
    text: str
    line: int | None = None  # 1-based line in the source file (None: .docx)
    part_id: str | None = None  # drafts: the part and block it is, for locators
    block_index: int | None = None
    kind: str = "body"  # title / heading1..4 / body / table_row / attachment_label


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's identity and documentation (docs/checks.md has one section per rule)."""

    id: str  # "punct.halfwidth"
    severity: Severity  # the usual severity (a rule may lower it case by case)
    title: str  # short Chinese title
    applies_to: frozenset[str] = frozenset({"draft", "report"})

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]


RULES: dict[str, Rule] = {}

FAMILIES = {
    "punct": "标点符号（GB/T 15834）",
    "names": "名称一致",
    "typo": "错别字",
    "report": "报告前后一致",
    "draft": "与草案核对",
    "artifact": "残留痕迹",
    "number": "数字用法（GB/T 15835）",
    "count": "数目与所列各项",
}


def register_rule(
    rule_id: str, severity: Severity, title: str, applies_to: Iterable[str] = ("draft", "report")
) -> Rule:
    """Declare a rule (idempotent per id). Rule modules call this at import time."""
    rule = Rule(rule_id, severity, title, frozenset(applies_to))
    RULES[rule_id] = rule
    return rule


def excerpt_of(text: str, start: int, end: int, reach: int = 8) -> str:
    """The span with a few characters of context either side, marked with … when cut."""
    a = max(0, start - reach)
    b = min(len(text), end + reach)
    out = text[a:b].replace("\t", " | ")
    return ("…" if a > 0 else "") + out + ("…" if b < len(text) else "")


LocateFn = Callable[[Span], str]


@dataclass(frozen=True)
class CheckOptions:
    """What the caller chooses: the glossary (merged over the built-in one) and rules to skip.

    ``ignore`` holds rule ids ("typo.usage") or families ("punct").
    """

    glossary: Glossary | None = None
    ignore: frozenset[str] = frozenset()

    def enabled(self, rule: Rule) -> bool:
        return rule.id not in self.ignore and rule.family not in self.ignore


@dataclass
class CheckedDocument:
    """The document under check and what is known about it."""

    paragraphs: tuple[Paragraph, ...]
    kind: Kind = "report"
    title: str = ""  # the document's (or the reviewed draft's) title, without 书名号
    short_name: str = ""  # "《实施方案》" as declared by 以下简称
    draft: Draft | None = None  # the reviewed draft (checking a report against it) or the draft itself
    layout: Layout | None = None
    meta: Mapping[str, int] = field(default_factory=dict)  # e.g. {"revisions": 2, "comments": 1}
    locate: LocateFn | None = None
    #: the report parsed once for every rule (False: it could not be parsed); see report_consistency.parse
    parsed_report: ParsedReport | Literal[False] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    @property
    def chars(self) -> int:
        return sum(len(p.text) for p in self.paragraphs)

    def locator_of(self, para: Paragraph, start: int, end: int) -> str | None:
        if self.locate is None or para.part_id is None or para.block_index is None:
            return None
        try:
            return self.locate(Span(para.part_id, para.block_index, start, max(start, end)))
        except Exception:  # noqa: BLE001 - a locator is a courtesy; never fail a check for it
            return None

    def finding(
        self,
        rule: Rule,
        para: Paragraph | None,
        start: int,
        end: int,
        message: str,
        *,
        suggestion: str = "",
        severity: Severity | None = None,
        excerpt: str | None = None,
        locator: str | None = None,
    ) -> Finding:
        if para is None:
            return Finding(
                rule.id, severity or rule.severity, message, excerpt or "", suggestion, locator=locator
            )
        return Finding(
            rule=rule.id,
            severity=severity or rule.severity,
            message=message,
            excerpt=excerpt if excerpt is not None else excerpt_of(para.text, start, end),
            suggestion=suggestion,
            paragraph=para.index,
            line=para.line,
            locator=locator if locator is not None else self.locator_of(para, start, end),
            start=start,
            end=end,
        )


def paragraphs_from_text(text: str) -> tuple[Paragraph, ...]:
    """One paragraph per non-empty line; ``line`` is the 1-based line number in ``text``."""
    out: list[Paragraph] = []
    for i, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        s = raw.strip().lstrip("\ufeff").strip()
        if s:
            out.append(Paragraph(len(out) + 1, s, i))
    return tuple(out)


_OLD_QUOTE = re.compile(
    r"“([^“”]{1,200})”(?=，?(?:一律|统一|均|全部|相应)?(?:修改|改|调整|替换|更正|订正)(?:为|成))"
    r"|(?<=删去|删除)“([^“”]{1,200})”"
    r"|(?<=误作|误为|错为)“([^“”]{1,200})”"
)


def old_text_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quotes that are the old side of an edit: 将“工程研究中心”修改为“…”, 删去“…”.

    A report quotes the text it corrects; a check must not flag the quote of
    the error it reports as fixed.
    """
    out = []
    for m in _OLD_QUOTE.finditer(text):
        g = next(i for i in (1, 2, 3) if m.group(i) is not None)
        out.append(m.span(g))
    return out


def in_spans(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)
