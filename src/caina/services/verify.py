"""Verify caina's layout against LibreOffice: the service behind ``caina verify-layout``.

:func:`verify_file` checks one draft file; :func:`verify_documents` checks
many drafts with a single LibreOffice start (the 50-draft test and the
benchmark use it). Each draft is compared with the PDF LibreOffice makes of a
normalised copy of its .docx (:mod:`caina.io.libreoffice`); the comparison
itself is :func:`caina.core.verify.verify`.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from caina.core.layout import LayoutSettings, layout
from caina.core.model import Draft, PageSetup
from caina.core.pages import Layout
from caina.core.profiles import Profile
from caina.core.verify import Cause, OracleLine, Verification, explain, paragraph_agreement, verify, verify_printed
from caina.errors import SourceFileError
from caina.io.drafts import read_draft
from caina.io.files import atomic_write_bytes, check_output
from caina.io.libreoffice import Geometry, check_tools, normalise_docx, read_pdf_lines, render_pdfs
from caina.services.layouts import ProfileSpec

__all__ = [
    "VerifiedDraft",
    "geometry_of",
    "oracle_lines",
    "verify_documents",
    "verify_file",
    "PrintedVerification",
    "verify_against",
]


@dataclass(frozen=True)
class VerifiedDraft:
    """One draft checked: the comparison, the kept PDF (if asked for) and notes for the user."""

    draft: Draft
    verification: Verification
    pdf: Path | None = None
    source: str = ""
    notes: tuple[str, ...] = ()
    settings: LayoutSettings | None = None  # what caina laid the draft out with (None: the default, GB/T 9704)


def geometry_of(page: PageSetup) -> Geometry:
    """Where LibreOffice puts the text block of ``page``, and its grid pitch (whole twips, as in w:docGrid)."""
    pitch = int(page.line_pitch_pt * 20 + 1e-6) / 20
    return Geometry(page.margin_top_pt, page.page_height_pt - page.margin_bottom_pt, pitch)


def _docx_bytes(draft: Draft) -> bytes:
    try:
        from caina.io.docx_writer import to_docx_bytes
    except ImportError:  # pragma: no cover - the helpers may move to caina.io.gbt9704
        from caina.io.gbt9704 import to_docx_bytes  # type: ignore[attr-defined,no-redef]
    return to_docx_bytes(draft)


def oracle_lines(
    items: Sequence[tuple[Draft, bytes]], *, keep_pdf_dir: Path | None = None, names: Sequence[str] = ()
) -> list[tuple[list[OracleLine], Path | None]]:
    """LibreOffice's lines of each (draft, .docx bytes), rendered in one ``soffice`` call.

    The .docx is normalised first. With ``keep_pdf_dir`` the PDFs are kept
    there (named after ``names``, else ``draft-N.pdf``).
    """
    check_tools()
    with tempfile.TemporaryDirectory(prefix="caina-verify-") as tmp:
        root = Path(tmp)
        files = []
        for i, (draft, data) in enumerate(items):
            stem = Path(names[i]).stem if i < len(names) and names[i] else f"draft-{i + 1}"
            path = root / "in" / f"{i:04d}" / f"{stem}.docx"
            path.parent.mkdir(parents=True)
            path.write_bytes(_normalised(draft, data, draft.source or stem))
            files.append(path)
        pdfs = render_pdfs(files, root / "pdf")
        out: list[tuple[list[OracleLine], Path | None]] = []
        for (draft, _data), pdf in zip(items, pdfs, strict=True):
            lines = read_pdf_lines(pdf, geometry_of(draft.page))
            kept = None
            if keep_pdf_dir is not None:
                keep_pdf_dir.mkdir(parents=True, exist_ok=True)
                kept = keep_pdf_dir / pdf.name
                shutil.copyfile(pdf, kept)
            out.append((lines, kept))
    return out


def verify_documents(
    items: Sequence[tuple[Draft, bytes]],
    *,
    settings: LayoutSettings | None = None,
    keep_pdf_dir: Path | None = None,
    names: Sequence[str] = (),
) -> list[VerifiedDraft]:
    """Compare each draft's layout with LibreOffice's rendering of its .docx (one LibreOffice start for all)."""
    rendered = oracle_lines(items, keep_pdf_dir=keep_pdf_dir, names=names)
    return [
        VerifiedDraft(draft, verify(draft, lines, settings), pdf, names[i] if i < len(names) else "", settings=settings)
        for i, ((draft, _), (lines, pdf)) in enumerate(zip(items, rendered, strict=True))
    ]


def verify_file(
    path: Path, *, settings: LayoutSettings | None = None, keep_pdf: Path | None = None
) -> VerifiedDraft:
    """Verify one draft file against LibreOffice.

    A .docx is normalised (:func:`caina.io.libreoffice.normalise_docx`) and
    caina lays out that same normalised copy, so both sides read one document;
    when caina lays the original out differently (Word's character grid,
    other character spacing) a note says on how many lines. A .txt/.md draft
    is first written as a GB/T 9704 .docx (:mod:`caina.io.docx_writer`).
    ``keep_pdf``: write LibreOffice's PDF there.
    """
    path = Path(path)
    check_tools()  # before any work: say at once what to install
    original = read_draft(path)
    notes: list[str] = []
    if path.suffix.lower() == ".docx":
        from caina import settings as limits
        from caina.io.textfile import read_limited

        data = read_limited(path, what="草案文件", limit=limits.limit_bytes("max_office_mb"))
        data = _normalised(original, data, str(path))
        with tempfile.TemporaryDirectory(prefix="caina-norm-") as tmp:
            copy = Path(tmp) / path.name
            copy.write_bytes(data)
            draft = replace(read_draft(copy), source=str(path))
        moved = _lines_moved(original, draft, settings)
        if moved:
            notes.append(
                f"按原稿的字符网格与按规范化副本排版，有{moved}行不同；此处核对的是规范化副本"
                f"（每字 {draft.page.char_pitch_pt:.2f} 磅、字距 {draft.page.char_spacing_pt:g} 磅）"
            )
    else:
        draft = original
        data = _docx_bytes(draft)
    if keep_pdf is not None:
        keep_pdf = Path(keep_pdf)
        if not keep_pdf.parent.exists():
            raise SourceFileError(
                "保存 PDF 的目录不存在", path=str(keep_pdf.parent), fix=f"请先创建目录（mkdir -p {keep_pdf.parent}）"
            )
        check_output(keep_pdf, force=True)  # the PDF replaces an earlier one, never a link or a device
    with tempfile.TemporaryDirectory(prefix="caina-keep-") as tmp:
        [result] = verify_documents(
            [(draft, data)], settings=settings, keep_pdf_dir=Path(tmp) if keep_pdf else None, names=[path.name]
        )
        pdf = None
        if keep_pdf is not None and result.pdf is not None:
            pdf = atomic_write_bytes(keep_pdf, result.pdf.read_bytes())
    return VerifiedDraft(draft, result.verification, pdf, str(path), tuple(notes), settings)


def _normalised(draft: Draft, data: bytes, where: str) -> bytes:
    page = draft.page
    return normalise_docx(data, where=where, lines_per_page=page.lines_per_page, char_pitch_pt=page.char_pitch_pt)


def _lines_moved(a: Draft, b: Draft, settings: LayoutSettings | None) -> int:
    """Lines at which the layouts of two readings of one document differ."""
    la = {(x.page, x.number): x.text for x in layout(a, settings).lines}
    lb = {(x.page, x.number): x.text for x in layout(b, settings).lines}
    return sum(1 for k in set(la) | set(lb) if la.get(k) != lb.get(k))


# --------------------------------------------------------------------------
# against any printed PDF


@dataclass(frozen=True)
class PrintedVerification:
    """caina's layout of a draft compared with a printed PDF of it (``caina verify-layout --against``)."""

    draft: Draft
    verification: Verification
    printed: Layout  # the PDF's layout of the draft
    engine: Layout  # caina's, under the profile
    profile: Profile
    made_by: str  # Word, WPS, LibreOffice … from the PDF's metadata
    producer: str  # the metadata as written
    source: str
    pdf: str
    paragraphs: tuple[int, int]  # (paragraphs broken as the PDF does, paragraphs of two lines or more)
    causes: dict[tuple[int, int], Cause]  # (page, line) → why it differs
    note: str | None = None  # the .docx and the PDF differ a little: what was left out of the comparison


def verify_against(path: Path, pdf: Path, *, profile: ProfileSpec = None) -> PrintedVerification:
    """Compare caina's layout of the draft at ``path`` (under ``profile``; default: the draft's) with the
    printed PDF ``pdf``, line by line; every disagreeing line gets a cause (:func:`caina.core.verify.explain`).

    A PDF of another version of the draft is refused (PrintedVersionError, naming the first passage
    that differs)."""
    from caina.io.printed import read_pdf
    from caina.services.layouts import printed_for_measuring, profile_for

    path, pdf = Path(path), Path(pdf)
    draft = read_draft(path)
    raw = read_pdf(pdf)
    chosen = profile_for(draft, profile, printed_by=f"{raw.creator} {raw.producer}")
    engine = layout(draft, chosen.settings)
    printed, note = printed_for_measuring(draft, pdf, engine)
    made_by = raw.made_by
    verification = verify_printed(draft, printed, chosen.settings, libreoffice=made_by == "LibreOffice")
    causes = {
        (r.page, r.number): explain(engine, printed, r.page, r.number)
        for r in verification.results
        if not r.status.tolerated
    }
    return PrintedVerification(
        draft=draft,
        verification=verification,
        printed=printed,
        engine=engine,
        profile=chosen,
        made_by=made_by,
        producer=" ".join(x for x in (raw.creator, raw.producer) if x),
        source=str(path),
        pdf=str(pdf),
        paragraphs=paragraph_agreement(engine, printed),
        causes=causes,
        note=note,
    )
