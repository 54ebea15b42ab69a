"""The service layer: what the CLI (and later the web app) call.

Each function takes paths or plain values, calls the pure core, and returns
plain results. No printing here; errors are CainaError subclasses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from caina.core.anchoring import occurrences
from caina.core.decisions import ReviewRecord
from caina.core.edits import Edit, Placed, apply, check_conflicts, place
from caina.core.layout import LayoutSettings, layout
from caina.core.locators import locate_text, resolve
from caina.core.model import Draft
from caina.core.pages import Layout, Line, Span
from caina.core.report import RENDERERS, Report, ReportSettings, build_report
from caina.errors import SourceFileError
from caina.io.drafts import find_draft, read_draft
from caina.io.review_file import read_review


@dataclass(frozen=True)
class Case:
    """A review case: a directory holding the draft and review.yaml."""

    directory: Path
    draft_path: Path
    draft: Draft
    record: ReviewRecord
    layout: Layout


def lay_out(draft: Draft, settings: LayoutSettings | None = None) -> Layout:
    return layout(draft, settings)


def open_draft(path: Path, settings: LayoutSettings | None = None) -> Layout:
    return layout(read_draft(Path(path)), settings)


def load_case(directory: Path, settings: LayoutSettings | None = None) -> Case:
    directory = Path(directory)
    if not directory.exists():
        raise SourceFileError("找不到目录", path=str(directory), fix="请核对路径，如 caina report examples/baise")
    if not directory.is_dir():
        raise SourceFileError(
            "这里需要一个目录（内有草案和 review.yaml），而不是文件",
            path=str(directory),
            fix="请给出目录，如 caina report examples/baise",
        )
    record, draft_name = read_review(directory / "review.yaml")
    draft_path = find_draft(directory, draft_name)
    draft = read_draft(draft_path)
    return Case(directory, draft_path, draft, record, layout(draft, settings))


def _owner(record: ReviewRecord):  # type: ignore[no-untyped-def]
    def owner(edit_id: str) -> str:
        names = []
        for op in record.opinions:
            if edit_id in op.decision.edit_ids:
                names.append(f"意见{op.number}（{record.proposer(op.proposer_id).name}）")
        if edit_id in record.office_edit_ids:
            names.append(f"{record.review.office}自行修改（{edit_id}）")
        return "、".join(names) or f"修改 {edit_id}"

    return owner


def applied_edits(record: ReviewRecord) -> list[Edit]:
    """The edits to apply: those of adopted/partially adopted opinions and the office's own."""
    wanted: list[str] = []
    for op in record.opinions:
        if op.decision.disposition.allows_edits:
            wanted.extend(e for e in op.decision.edit_ids if e not in wanted)
    wanted.extend(e for e in record.office_edit_ids if e not in wanted)
    by_id = {e.id: e for e in record.edits}
    return [by_id[e] for e in wanted]


def plan(case: Case) -> list[Placed]:
    """Anchor every edit on the reviewed version and refuse conflicts."""
    locate = lambda s: locate_text(case.layout, s)  # noqa: E731
    placed = place(case.draft, applied_edits(case.record), locate)
    return check_conflicts(placed, owner=_owner(case.record), locate=locate)


def report(case: Case, settings: ReportSettings | None = None) -> Report:
    return build_report(case.draft, case.layout, case.record, plan(case), settings)


def render_report(directory: Path, fmt: str = "md", settings: ReportSettings | None = None) -> str:
    if fmt not in RENDERERS:
        raise SourceFileError(
            f"不支持的报告格式“{fmt}”", fix=f"请用 --format {' 或 '.join(RENDERERS)}"
        )
    return RENDERERS[fmt](report(load_case(directory), settings))


def revised(case: Case) -> Draft:
    return apply(case.draft, plan(case))


def locate_quote(path: Path, quote: str, settings: LayoutSettings | None = None) -> list[tuple[str, Line]]:
    """Locator and line of every occurrence of ``quote`` in the draft."""
    lay = open_draft(path, settings)
    out = []
    for part in lay.draft.parts:
        for span in occurrences(part, quote):
            loc = locate_text(lay, span)
            line = lay.lines_of_span(span)[0]
            out.append((loc, line))
    return out


def resolve_locator(path: Path, locator: str, settings: LayoutSettings | None = None) -> tuple[Line, ...]:
    return resolve(open_draft(path, settings), locator)


def span_of(layout: Layout, part_id: str, block_index: int, start: int, end: int) -> Span:
    return Span(part_id, block_index, start, end)
