"""The check service: read a file (and the reviewed draft, and a glossary), run the checks, return findings.

What ``caina check`` and the web app call. No printing here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from caina.core.checks import CheckOptions, Finding, check_draft, check_report, has_errors, summary
from caina.core.checks.glossary import Glossary
from caina.core.layout import LayoutSettings
from caina.io.check_input import read_check_input, read_glossary
from caina.io.drafts import read_draft
from caina.services import lay_out

__all__ = ["CheckResult", "check_file"]


@dataclass(frozen=True)
class CheckResult:
    path: Path
    kind: str  # "draft" | "report"
    findings: tuple[Finding, ...]
    chars: int
    draft_path: Path | None = None
    glossary: Glossary | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def has_errors(self) -> bool:
        return has_errors(self.findings)

    @property
    def counts(self) -> dict[str, int]:
        return summary(self.findings)

    def to_list(self) -> list[dict[str, str | int | None]]:
        return [f.to_dict() for f in self.findings]


def check_file(
    path: Path,
    *,
    draft: Path | None = None,
    glossary: Path | None = None,
    kind: str = "auto",
    ignore: frozenset[str] = frozenset(),
    settings: LayoutSettings | None = None,
) -> CheckResult:
    """Check a draft or a report; with ``draft``, the file is a report checked against that draft."""
    gloss = read_glossary(glossary) if glossary is not None else None
    options = CheckOptions(glossary=gloss, ignore=frozenset(ignore))
    source = read_check_input(Path(path), "report" if draft is not None and kind == "auto" else kind)
    if source.kind == "draft":
        assert source.draft is not None
        findings = check_draft(
            source.draft, lay_out(source.draft, settings), lines=source.block_lines, options=options, meta=source.meta
        )
        return CheckResult(source.path, "draft", tuple(findings), source.chars, None, gloss, source.notes)
    reviewed = read_draft(Path(draft)) if draft is not None else None
    findings = check_report(
        source.paragraphs,
        draft=reviewed,
        layout=lay_out(reviewed, settings) if reviewed is not None else None,
        options=options,
        meta=source.meta,
    )
    return CheckResult(
        source.path, "report", tuple(findings), source.chars, Path(draft) if draft else None, gloss, source.notes
    )
