"""The service layer: what the CLI (and later the web app) call.

Each function takes paths or plain values, calls the pure core, and returns
plain results. No printing here; errors are CainaError subclasses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from caina.core.anchoring import not_found, occurrences
from caina.core.consult.report import ConsultationFacts
from caina.core.decisions import ReviewRecord
from caina.core.edits import Edit, Placed, apply, check_conflicts, place
from caina.core.layout import LayoutSettings, layout
from caina.core.locators import locate_text, resolve
from caina.core.model import Draft
from caina.core.pages import Layout, Line, Page, Span
from caina.core.report import RENDERERS, Report, ReportSettings, build_report, check_texts
from caina.errors import AnchorError, LocatorRangeError, SourceFileError
from caina.io.drafts import find_draft, read_draft
from caina.io.review_file import ConsultationRef, load_review_files
from caina.services.layouts import (
    ProfileSpec,
    engine_layout,
    is_pdf_path,
    layout_with_printed,
    open_pdf_draft,
    profile_for,
)


@dataclass(frozen=True)
class Case:
    """A review case: a directory holding the draft and review.yaml (and perhaps the printed copy)."""

    directory: Path
    draft_path: Path
    draft: Draft
    record: ReviewRecord
    layout: Layout  # where locators come from: the printed PDF's lines, or caina's layout under a profile
    printed_path: Path | None = None
    consultation: ConsultationRef | None = None  # review.yaml's consultation: (its 公开征求意见情况 is reported)


# the report's consultation: its facts, or how to read the facts of the one review.yaml names
ConsultationSource = ConsultationFacts | Callable[[ConsultationRef], ConsultationFacts] | None


def lay_out(draft: Draft, settings: LayoutSettings | None = None, profile: ProfileSpec = None) -> Layout:
    """caina's layout of ``draft``: with ``settings`` as given, else under ``profile`` (default: the draft's)."""
    if settings is not None:
        return layout(draft, settings)
    return engine_layout(draft, profile)


def open_draft(
    path: Path, settings: LayoutSettings | None = None, *, profile: ProfileSpec = None, printed: Path | None = None
) -> Layout:
    """The layout locators of the draft at ``path`` come from: a PDF draft's own pages and lines; with
    ``printed``, the printed PDF's; else caina's layout (``settings``, or ``profile``, or the default)."""
    path = Path(path)
    if is_pdf_path(path):
        return open_pdf_draft(path)
    draft = read_draft(path)
    if printed is not None:
        return layout_with_printed(draft, printed, profile)
    return lay_out(draft, settings, profile)


def load_case(directory: Path, settings: LayoutSettings | None = None, *, profile: ProfileSpec = None) -> Case:
    """Read a review directory: review.yaml, the draft, and where its locators come from (``settings``
    when given; else the printed copy review.yaml names, or ``draft.pdf`` beside the draft; else caina's
    layout under ``profile``, review.yaml's ``layout:``, or the draft's default profile)."""
    directory = Path(directory)
    if not directory.exists():
        raise SourceFileError("找不到目录", path=str(directory), fix="请核对路径，如 caina report examples/baise")
    if not directory.is_dir():
        parent = directory.parent if str(directory.parent) else Path(".")
        fix = "请给出目录，如 caina report examples/baise"
        if (parent / "review.yaml").exists():
            fix = f"请给出它所在的目录：{parent}（草案和 review.yaml 都在那里）"
        raise SourceFileError("这里需要一个目录（内有草案和 review.yaml），而不是文件", path=str(directory), fix=fix)
    record, files, review_notes = load_review_files(directory / "review.yaml")
    draft_path = find_draft(directory, files.draft)
    draft = read_draft(draft_path).named(record.title, record.short_name)
    if review_notes:  # said with the draft's notes (the encoding review.yaml was read in …)
        draft = replace(draft, notes=(*review_notes, *draft.notes))
    spec: ProfileSpec = profile if profile is not None else files.layout
    printed: Path | None = None
    if files.printed:
        printed = directory / files.printed
    elif draft_path.suffix.lower() != ".pdf" and (directory / "draft.pdf").exists():
        printed = directory / "draft.pdf"
    if settings is not None:
        lay = layout(draft, settings)
    elif printed is not None:
        lay = layout_with_printed(draft, printed, profile_for(draft, spec, relative_to=directory))
    else:
        lay = engine_layout(draft, spec, relative_to=directory)
    return Case(directory, draft_path, draft, record, lay, printed, files.consultation)


def _owner(record: ReviewRecord):  # type: ignore[no-untyped-def]
    """Names an edit for a conflict message: who asked for it, its id and where review.yaml defines it."""
    origins = {e.id: e.origin for e in record.edits}

    def owner(edit_id: str) -> str:
        names = []
        for op in record.opinions:
            if edit_id in op.decision.edit_ids:
                names.append(f"意见{op.number}（{record.proposer(op.proposer_id).name}）")
        if edit_id in record.office_edit_ids:
            names.append(f"{record.review.office}自行修改")
        origin = origins.get(edit_id, "")
        who = f"{'、'.join(names)}的" if names else ""
        return f"{who}修改“{edit_id}”" + (f"（{origin}）" if origin else "")

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
    """Anchor every edit on the reviewed version and refuse conflicts; check every text of review.yaml
    (targets, placeholders) so that nothing is written from a review the report would refuse."""
    locate = lambda s: locate_text(case.layout, s)  # noqa: E731
    placed = place(case.draft, applied_edits(case.record), locate)
    kept = check_conflicts(placed, owner=_owner(case.record), locate=locate)
    check_texts(case.draft, case.layout, case.record, kept)
    return kept


def consultation_facts(case: Case, consultation: ConsultationSource = None) -> ConsultationFacts | None:
    """The facts of the report's 公开征求意见情况: ``consultation`` when it is facts; else those of the
    consultation review.yaml names (``consultation:``), read by ``consultation`` when it is a reader, else
    from the database review.yaml or the settings name (``CAINA_DATABASE_URL``, caina.db); else none."""
    if isinstance(consultation, ConsultationFacts):
        return consultation
    if case.consultation is None:
        return None
    if consultation is not None:
        return consultation(case.consultation)
    from caina.services.consult import facts_for_ref

    return facts_for_ref(case.consultation)  # type: ignore[no-any-return]


def report(case: Case, settings: ReportSettings | None = None, consultation: ConsultationSource = None) -> Report:
    """The report's content. The signature's date is review.yaml's report.date, else today. With a
    consultation (see :func:`consultation_facts`), its 公开征求意见情况 section."""
    settings = settings or ReportSettings()
    if settings.today is None:
        settings = replace(settings, today=dt.date.today())
    placed = plan(case)
    facts = consultation_facts(case, consultation)
    return build_report(case.draft, case.layout, case.record, placed, settings, facts)


Notes = Callable[[str], None]  # receives each of the draft's notes (what the reader could not take over exactly)


def tell_notes(laid: Layout | Draft, on_note: Notes | None, report: Report | None = None) -> None:
    """Pass the draft's notes (tracked changes accepted, comments left out, converted from .doc …) on —
    given the layout the pages and locators come from, with what it does with the draft's grid, worded for
    its profile (:attr:`caina.core.pages.Layout.notes`) — and the report's warnings (a locator typed by hand
    in review.yaml …)."""
    if on_note is not None:
        for note in laid.notes:
            on_note(note)
        for warning in report.warnings if report is not None else ():
            on_note(warning)


def render_report(
    directory: Path,
    fmt: str = "md",
    settings: ReportSettings | None = None,
    on_note: Notes | None = None,
    profile: ProfileSpec = None,
    consultation: ConsultationSource = None,
) -> str:
    if fmt not in RENDERERS:
        raise SourceFileError(
            f"不支持的报告格式“{fmt}”", fix=f"请用 --format {' 或 '.join(RENDERERS)}"
        )
    case = load_case(directory, profile=profile)
    content = report(case, settings, consultation)
    text = RENDERERS[fmt](content)
    tell_notes(case.layout, on_note, content)
    return text


def revised(case: Case) -> Draft:
    return apply(case.draft, plan(case))


def locate_quote(path: Path, quote: str, settings: LayoutSettings | None = None) -> list[tuple[str, Line]]:
    """Locator and line of every occurrence of ``quote`` in the draft.

    Raises :class:`QuoteNotFoundError` (with the nearest passage and its locator) when there is none.
    """
    return locate_in(open_draft(path, settings), quote, where=str(path))


def locate_in(lay: Layout, quote: str, *, where: str = "") -> list[tuple[str, Line]]:
    """:func:`locate_quote` on a laid-out draft (``where`` names the draft file in errors)."""
    if not quote.strip():
        raise AnchorError("要查找的原文为空", where=where, fix="请在 --quote 后写出草案中的一段原文，如 --quote 重大科技成果")
    out = []
    for part in lay.draft.parts:
        for span in occurrences(part, quote):
            loc = locate_text(lay, span)
            line = lay.lines_of_span(span)[0]
            out.append((loc, line))
    if not out and quote:
        raise not_found(lay.draft, list(lay.draft.parts), quote, where, lambda s: locate_text(lay, s))
    return out


def resolve_locator(path: Path, locator: str, settings: LayoutSettings | None = None) -> tuple[Line, ...]:
    return resolve(open_draft(path, settings), locator)


def printed_lines(lay: Layout, locator: str) -> list[str]:
    """The text of each line ``locator`` designates, as printed (automatic numbering included)."""
    return [lay.printed_text(line) for line in resolve(lay, locator)]


def pages_to_show(lay: Layout, page: int | None = None) -> tuple[Page, ...]:
    """Every page, or printed page ``page`` (a clear error past the end)."""
    if page is None:
        return lay.pages
    if not 1 <= page <= lay.page_count:
        raise LocatorRangeError(
            f"第{page}页超出范围：草案共{lay.page_count}页",
            locator=f"--page {page}",
            fix=f"请写 1 到 {lay.page_count} 之间的页码，或去掉 -p 查看全部页",
        )
    return (lay.pages[page - 1],)


def span_of(layout: Layout, part_id: str, block_index: int, start: int, end: int) -> Span:
    return Span(part_id, block_index, start, end)
