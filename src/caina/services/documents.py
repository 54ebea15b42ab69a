"""Services that write Word and PDF documents: the report as an official document,
the revised draft and its track-changes copy.

Everything is built in memory and written with one atomic rename at the end,
so a failure (a quote that no longer anchors, LibreOffice missing, a timeout)
leaves no file behind, and never a half-written one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from caina.core.decisions import ReviewRecord
from caina.core.edits import Edit, Op, Placed, apply
from caina.core.model import Draft
from caina.core.report import RENDERERS, Narrator, ReportSettings
from caina.errors import SourceFileError
from caina.io.files import atomic_write_bytes, atomic_write_text, check_output
from caina.io.revisions import Revision
from caina.services import Case, ConsultationSource, Notes, load_case, plan, report, tell_notes
from caina.services.layouts import ProfileSpec

REPORT_FORMATS = ("md", "txt", "docx", "pdf")
_SUFFIX_FORMAT = {".md": "md", ".markdown": "md", ".txt": "txt", ".docx": "docx", ".pdf": "pdf"}


def report_format(fmt: str | None, output: Path | None) -> str:
    """The report format: ``fmt`` if given, else the output's extension, else Markdown."""
    implied = _SUFFIX_FORMAT.get(Path(output).suffix.lower()) if output is not None else None
    if fmt is not None:
        fmt = fmt.strip().lower()
        if fmt not in REPORT_FORMATS:
            raise SourceFileError(f"不支持的报告格式“{fmt}”", fix=f"请用 --format {'、'.join(REPORT_FORMATS)} 之一")
    if output is not None and Path(output).suffix and implied is None:
        raise SourceFileError(
            f"不支持的报告文件类型“{Path(output).suffix}”",
            path=str(output),
            fix="报告可写为 .md、.txt、.docx 或 .pdf，请改用其中一种扩展名，如 -o 意见采纳情况.docx",
        )
    if fmt is None:
        return implied or "md"
    binary = {"docx", "pdf"}
    if implied is not None and implied != fmt and (implied in binary or fmt in binary):  # text in .txt/.md is fine
        raise SourceFileError(
            f"输出文件的扩展名与报告格式不一致（--format {fmt}）",
            path=str(output),
            fix=f"请把输出文件改为 .{fmt}，或去掉 --format 让 caina 按扩展名决定",
        )
    if fmt in ("docx", "pdf") and output is None:
        raise SourceFileError(
            f"{fmt} 格式的报告不能打印到屏幕", fix=f"请用 -o 指定输出文件，如 caina report 目录 -f {fmt} -o 报告.{fmt}"
        )
    return fmt


def _check_output(output: Path, force: bool) -> None:
    """The output rule (:func:`caina.io.files.check_output`), said before any work is done."""
    check_output(output, force=force, example="意见采纳情况.docx")


def write_report(
    directory: Path,
    output: Path,
    fmt: str | None = None,
    settings: ReportSettings | None = None,
    on_note: Notes | None = None,
    profile: ProfileSpec = None,
    *,
    force: bool = False,
    consultation: ConsultationSource = None,
) -> tuple[Path, str]:
    """Write the 意见采纳情况 report as md / txt / docx / pdf; returns the path and the format used.
    ``on_note`` receives the draft's notes (see :func:`caina.services.tell_notes`); an existing
    file is replaced only with ``force`` (the output rule of :mod:`caina.io.files`)."""
    output = Path(output)
    fmt = report_format(fmt, output)
    _check_output(output, force)
    if fmt == "pdf":
        from caina.io.pdf import find_soffice

        find_soffice()  # say so before the work when LibreOffice is absent
    case = load_case(directory, profile=profile)
    content = report(case, settings, consultation)
    tell_notes(case.layout, on_note, content)
    if fmt in RENDERERS:
        atomic_write_text(output, RENDERERS[fmt](content), force=force)
        return output, fmt
    from caina.io.report_docx import report_to_docx_bytes

    data = report_to_docx_bytes(content)
    if fmt == "docx":
        atomic_write_bytes(output, data, force=force)
    else:
        from caina.io.pdf import write_pdf

        write_pdf(data, output)
    return output, fmt


# -- revised draft and track changes ---------------------------------------------


def edit_authors(record: ReviewRecord) -> dict[str, str]:
    """Who each edit is attributed to: the first adopting opinion's proposer; the drafting office for its own."""
    authors: dict[str, str] = {}
    for op in record.opinions:
        if op.decision.disposition.allows_edits:
            name = record.proposer(op.proposer_id).name
            for edit_id in op.decision.edit_ids:
                authors.setdefault(edit_id, name)
    for edit_id in record.office_edit_ids:
        authors.setdefault(edit_id, record.review.office or "起草单位")
    return authors


def edit_comments(case: Case, placed: list[Placed]) -> dict[str, str]:
    """The Word comment of each edit: the opinions it answers ("意见1（周市长）：…"), or the office's reason."""
    n = Narrator(case.draft, case.layout, case.record, placed, ReportSettings())
    record = case.record
    notes: dict[str, list[str]] = {}
    for op in record.opinions:
        if not op.decision.disposition.allows_edits:
            continue
        text = f"意见{op.number}（{record.proposer(op.proposer_id).name}）：{n.fill(op.text, op)}"
        for edit_id in op.decision.edit_ids:
            notes.setdefault(edit_id, []).append(text)
    edits: dict[str, Edit] = {e.id: e for e in record.edits}  # type: ignore[attr-defined]
    office = record.review.office or "起草单位"
    for edit_id in record.office_edit_ids:
        if edit_id in notes:
            continue
        edit = edits[edit_id]
        why = edit.reason or edit.summary
        notes[edit_id] = [f"{office}自行修改" + (f"：{n.fill(why)}" if why else "")]
    return {k: "\n".join(v) for k, v in notes.items()}


def review_timestamp(record: ReviewRecord) -> str:
    """The revisions' w:date: the review's date (ISO 8601), today when review.yaml has none."""
    day = record.review.date or dt.date.today()
    return f"{day.isoformat()}T00:00:00Z"


def revisions_for(case: Case, placed: list[Placed], *, comments: bool = False) -> list[Revision]:
    authors = edit_authors(case.record)
    notes = edit_comments(case, placed) if comments else {}
    fallback = case.record.review.office or "起草单位"
    return [
        Revision(
            target=p.target,
            old=p.old,
            new=p.new,
            author=authors.get(p.edit_id, fallback),
            comment=notes.get(p.edit_id, ""),
            attach_after=p.op is not Op.INSERT_BEFORE,
            order=i,
        )
        for i, p in enumerate(placed)
    ]


@dataclass(frozen=True)
class Written:
    """What :func:`write_revised_document` wrote."""

    path: Path
    draft: Draft  # the revised version
    changes: int  # places changed
    tracked: bool
    in_place: bool  # the original .docx kept, only the changed runs rewritten
    authors: Counter[str] = field(default_factory=Counter)  # changes per author


def _word_original(path: Path) -> bytes:
    """The .docx package the draft was read from: the file itself, or LibreOffice's conversion of a .doc/.wps.

    Read through the guarded door: the revised copy is built only from a package that passed its checks.
    """
    from caina import settings
    from caina.io.ooxml.package import FileKind, sniff
    from caina.io.textfile import read_limited

    data = read_limited(path, what="草案文件", limit=settings.limit_bytes("max_office_mb"))
    if sniff(data[:8]) is FileKind.ZIP:
        return data
    from caina.io.convert import convert_to_docx

    return convert_to_docx(path)


def write_revised_document(
    directory: Path, output: Path, *, track_changes: bool = False, comments: bool = False, force: bool = False
) -> Written:
    """The revised draft (or its track-changes copy) as .docx; .txt/.md as plain text.

    From a Word draft, the original package is kept (for a .doc/.wps, LibreOffice's
    .docx conversion, as the reader used) and only the runs the edits touch are
    rewritten; from a .txt/.md draft the document is written by
    :mod:`caina.io.docx_writer` (the tracked copy: the original text, with the
    edits as revisions).
    """
    output = Path(output)
    suffix = output.suffix.lower()
    if suffix not in (".docx", ".txt", ".md"):
        raise SourceFileError(
            f"不支持的输出类型“{suffix or '（无扩展名）'}”", path=str(output), fix="请用 .docx、.txt 或 .md 作为输出文件扩展名"
        )
    if suffix != ".docx" and (track_changes or comments):
        flag = "--track-changes" if track_changes else "--comments"
        raise SourceFileError(
            f"{flag} 只能写入 Word 文件", path=str(output), fix=f"请把输出文件改为 .docx，如 -o 修订稿.docx {flag}"
        )
    _check_output(output, True)  # a directory, link or device at the path, an unwritable directory: said at once
    case = load_case(directory)
    if output.exists() and output.resolve() == case.draft_path.resolve():
        raise SourceFileError(
            "输出文件就是草案原稿，不能覆盖", path=str(output), fix="请换一个输出文件名，如 -o 修改稿.docx"
        )
    _check_output(output, force)
    placed = plan(case)
    new = apply(case.draft, placed)
    revs = revisions_for(case, placed, comments=comments) if suffix == ".docx" else []
    authors = Counter(r.author for r in revs)
    if suffix in (".txt", ".md"):
        from caina.io.text_writer import to_text

        atomic_write_text(output, to_text(new), force=force)
        return Written(output, new, len(placed), False, False, authors)
    from caina.io.revisions import revise_docx

    stamp = review_timestamp(case.record)
    if case.draft_path.suffix.lower() not in (".txt", ".md"):
        data = revise_docx(
            _word_original(case.draft_path),
            case.draft,
            revs,
            track=track_changes,
            date=stamp,
            comments=comments,
            where=str(case.draft_path),
        )
        atomic_write_bytes(output, data, force=force)
        return Written(output, new, len(placed), track_changes, True, authors)
    from caina.io.docx_writer import to_docx_bytes, to_docx_bytes_with_refs

    if track_changes or comments:
        original, with_refs = to_docx_bytes_with_refs(case.draft)
        data = revise_docx(original, with_refs, revs, track=track_changes, date=stamp, comments=comments)
    else:
        data = to_docx_bytes(new)
    atomic_write_bytes(output, data, force=force)
    return Written(output, new, len(placed), track_changes, False, authors)


__all__ = [
    "REPORT_FORMATS",
    "report_format",
    "write_report",
    "edit_authors",
    "edit_comments",
    "review_timestamp",
    "revisions_for",
    "Written",
    "write_revised_document",
]
