"""Drafts in the store: reading uploads through the guarded readers, laying out versions,
and the page view's data.

:func:`pages` is the one function the page view and ``GET /api/v1/reviews/{id}/pages/{n}``
take their lines from; when locators come from a printed PDF (issue 11) this is the
function that changes.
"""

from __future__ import annotations

import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from caina import settings
from caina.core.anchoring import not_found, occurrences
from caina.core.locators import locate_text, resolve
from caina.core.model import BlockKind, Draft
from caina.core.pages import Layout, Line, Page, Span
from caina.core.profiles import Profile
from caina.errors import (
    AmbiguousQuoteError,
    AnchorError,
    LocatorRangeError,
    NotFoundError,
    SourceFileError,
    UploadTooLargeError,
)
from caina.store import queries as q

# what an upload may be, decided by its extension and then by its bytes (caina.io.drafts sniffs them)
DRAFT_SUFFIXES = (".docx", ".doc", ".wps", ".txt", ".md")


def read_upload(data: bytes, filename: str) -> tuple[Draft, str]:
    """Read an uploaded draft through the same guarded readers as the CLI.

    The one door for uploads: the user's file name never touches the file system
    (only its extension, checked against :data:`DRAFT_SUFFIXES`, picks the reader);
    the bytes are written to a private temporary directory as ``draft.<ext>`` and read
    by :func:`caina.io.drafts.read_draft`, which applies the .docx safety checks
    (size, zip bomb, DOCTYPE, encrypted and renamed files). Returns the draft and the
    stored file name.
    """
    limit = settings.get_int("upload_max_mb") * 1024 * 1024
    if len(data) > limit:
        raise UploadTooLargeError(
            f"上传的文件过大（{len(data) / 1048576:.1f} MB），上限为 {limit // 1048576} MB",
            fix="请确认这是草案本身；如有大图片，请压缩或删除后另存",
        )
    suffix = Path(filename or "").suffix.lower()
    if suffix not in DRAFT_SUFFIXES:
        raise SourceFileError(
            f"不支持的草案文件类型“{suffix or '（无扩展名）'}”",
            where="上传的文件",
            fix="草案应为 .docx、.doc、.wps、.txt 或 .md 文件",
        )
    if not data:
        raise SourceFileError("上传的文件是空的（0 字节）", where="上传的文件", fix="请重新选择草案文件")
    stored = f"draft{suffix}"
    from caina.io.drafts import read_draft

    with tempfile.TemporaryDirectory(prefix="caina-upload-") as tmp:
        path = Path(tmp) / stored
        path.write_bytes(data)
        draft = read_draft(path)
    return draft, stored


# -- laid-out versions, cached by checksum (derived data: every process may keep its own) ----------

@dataclass(frozen=True)
class _Laid:
    """A version read and laid out, with what is derived from it once: the lines of its pages as the page view
    shows them (filled page by page), its notes (worded as the command line words them) and its profile."""

    draft: Draft
    layout: Layout
    page_lines: dict[int, list[dict[str, Any]]]
    notes: tuple[str, ...]
    profile: Profile | None  # the profile caina laid it out with; None when the lines are the printed copy's


# (blob, file name, printed blob) → the version laid out
_CACHE: OrderedDict[tuple[str, str, str], _Laid] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 16


@dataclass(frozen=True)
class Version:
    review_id: int
    number: int
    kind: str
    base_number: int
    filename: str
    blob: str
    draft: Draft
    layout: Layout
    # page number → its lines (:func:`pages`), computed once per laid-out draft and shared: read, never change
    page_lines: dict[int, list[dict[str, Any]]] = field(default_factory=dict, compare=False, repr=False)
    # what the reader and the layout noticed (:func:`notes_of`), computed once per laid-out draft
    notes: tuple[str, ...] = field(default=(), compare=False)
    profile: Profile | None = field(default=None, compare=False)  # None: the printed copy's pages and lines


_BUILD_LOCK = threading.Lock()  # one layout at a time: concurrent first requests wait for it instead of repeating it


def _laid_out(conn: Connection, blob: str, filename: str, printed: str = "") -> _Laid:
    key = (blob, filename, printed)
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit
    with _BUILD_LOCK:
        with _CACHE_LOCK:
            hit = _CACHE.get(key)
        return hit if hit is not None else _build(conn, blob, filename, printed)


def _blob(conn: Connection, sha: str, what: str) -> bytes:
    data = q.get_blob(conn, sha)
    if data is None:
        raise NotFoundError(f"{what}（校验和 {sha[:12]}）不在数据库中", fix="请从备份恢复（caina db restore）")
    return data


def _build(conn: Connection, blob: str, filename: str, printed: str = "") -> _Laid:
    """A version read and laid out: by the printed copy's pages and lines when it has one, else by caina's
    layout under the draft's default profile — the same rule as the command line (caina.services.lay_out)."""
    key = (blob, filename, printed)
    data = _blob(conn, blob, "草案文件")
    from caina.io.drafts import read_draft
    from caina.services import lay_out
    from caina.services.layouts import profile_for

    profile = None
    with tempfile.TemporaryDirectory(prefix="caina-draft-") as tmp:
        path = Path(tmp) / filename
        path.write_bytes(data)
        draft = read_draft(path)
        if printed:
            from caina.services.layouts import layout_with_printed

            pdf = Path(tmp) / "printed.pdf"
            pdf.write_bytes(_blob(conn, printed, "印发稿 PDF"))
            lay = layout_with_printed(draft, pdf)
        else:
            profile = profile_for(draft)  # the draft's default, as lay_out takes it
            lay = lay_out(draft, profile=profile)
    return _keep(key, lay, profile)


def _keep(key: tuple[str, str, str], lay: Layout, profile: Profile | None) -> _Laid:
    value = _Laid(lay.draft, lay, {}, notes_of(lay), profile)
    with _CACHE_LOCK:
        _CACHE[key] = value
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value


def notes_of(lay: Layout) -> tuple[str, ...]:
    """What the reader and the layout noticed about a laid-out draft (tracked changes accepted, no line grid
    and how lines are counted then …), worded by the function the command line tells them with
    (:func:`caina.services.tell_notes`): one wording, whichever door the draft came in by."""
    from caina.services import tell_notes

    out: list[str] = []
    tell_notes(lay, out.append)
    return tuple(out)


def check_printed(draft_data: bytes, filename: str, pdf: bytes) -> Layout:
    """The layout of a draft by an uploaded printed copy; refused (PrintedFileError, PrintedVersionError)
    when the PDF cannot be read or is another version of the draft. Nothing is stored here."""
    if not pdf.startswith(b"%PDF") and b"%PDF-" not in pdf[:1024]:
        raise SourceFileError("上传的印发稿不是 PDF 文件", where="上传的文件", fix="请上传 Word/WPS 导出的送审稿 PDF")
    limit = settings.get_int("upload_max_mb") * 1024 * 1024
    if len(pdf) > limit:
        raise UploadTooLargeError(
            f"上传的 PDF 过大（{len(pdf) / 1048576:.1f} MB），上限为 {limit // 1048576} MB", fix="请确认这是送审稿本身"
        )
    from caina.io.drafts import read_draft
    from caina.services.layouts import layout_with_printed

    with tempfile.TemporaryDirectory(prefix="caina-printed-") as tmp:
        path = Path(tmp) / filename
        path.write_bytes(draft_data)
        out = Path(tmp) / "printed.pdf"
        out.write_bytes(pdf)
        return layout_with_printed(read_draft(path), out)


def version(conn: Connection, review_id: int, number: int | None = None, *, base: dict[str, Any] | None = None) -> Version:
    """A version of the review's draft, laid out; the base (newest upload, the 送审稿) by default — ``base``: its
    row as the membership query read it in this transaction (:attr:`access.Member.base`), saving a query."""
    if number is None:
        row = base if base is not None else q.base_version(conn, review_id)
    else:
        row = q.version(conn, review_id, number)
    if row is None:
        if number is None:
            raise NotFoundError("本审议还没有草案", fix="请起草单位上传草案")
        raise NotFoundError(f"没有第{number}版草案", fix="请在“版本”页查看已有的版本")
    laid = _laid_out(conn, str(row["blob"]), str(row["filename"]), str(row["printed_blob"] or ""))
    return Version(review_id, int(row["number"]), str(row["kind"]), int(row["base_number"]), str(row["filename"]),
                   str(row["blob"]), laid.draft, laid.layout, laid.page_lines, laid.notes, laid.profile)  # fmt: skip


def layout_view(v: Version) -> dict[str, Any]:
    """How a version's pages and lines are counted, as the desk shows it beside its notes (``v.notes``): by the
    printed copy (PDF), or by caina's layout under a profile (its name and description) on a grid."""
    if v.layout.printed:
        return {"version": v.number, "printed": True, "profile": "", "description": "页码、行号按上传的印发稿 PDF",
                "grid": ""}  # fmt: skip
    name, description = (v.profile.name, v.profile.describe()) if v.profile is not None else ("", "")
    return {"version": v.number, "printed": False, "profile": name, "description": description, "grid": v.layout.grid_label}


def counting_notes(v: Version) -> int:
    """How many of the version's notes bear on its page and line numbers: all of them when caina laid it out
    (each says what caina took over differently from the printout, or how it counts lines without a grid);
    none when the lines are the printed copy's own (then the PDF's lines are counted, whatever the reader
    noticed). A cached lookup: the page view asks it on every request."""
    return 0 if v.layout.printed else len(v.notes)


def keep_printed(blob: str, filename: str, printed: str, lay: Layout) -> None:
    """Keep the layout :func:`check_printed` made of a version by its printed copy, once that copy is stored
    (``printed``: its checksum): the version's next view takes it instead of reading the PDF again."""
    with _BUILD_LOCK:
        _keep((blob, filename, printed), lay, None)


# -- the page view ---------------------------------------------------------------------------------


def line_locator(lay: Layout, line: Line) -> str:
    """How the report would cite this line (顺数 in the upper part of a page, 倒数 in the lower third)."""
    seg = line.segments[0]
    return locate_text(lay, Span(line.part_id, line.block_index, seg.start, max(seg.start, seg.end)))


def _line(lay: Layout, line: Line) -> dict[str, Any]:
    part = lay.draft.part(line.part_id)
    block = part.blocks[line.block_index]
    first = line.segments[0].start
    out: dict[str, Any] = {
        "from_top": line.number,
        "from_bottom": line.from_bottom,
        "locator": line_locator(lay, line),
        "text": lay.printed_text(line),
        "part": part.label,
        "part_id": part.id,
        "block": line.block_index,
        "start": first,
        "end": line.segments[-1].end,
        "kind": block.kind.value,
        "label": block.label if first == 0 and len(line.segments) == 1 else "",
        "align": block.style.align.value,
        "indent": block.style.first_line_indent_chars if first == 0 else block.style.left_indent_chars,
    }
    if block.kind is BlockKind.TABLE_ROW:
        cells = []
        for seg in line.segments:
            index, _, _ = block.cell_at(seg.start)
            cells.append({"cell": index, "start": seg.start, "end": seg.end, "text": block.text[seg.start : seg.end]})
        out["cells"] = cells
        out["columns"] = len(block.cells)
        out["header"] = block.header
    return out


def _with_columns(out: list[dict[str, Any]], page: Page) -> list[dict[str, Any]]:
    """On a page set in columns, each line's column and its numbers counted within it (顺数 ``column_from_top``,
    倒数 ``column_from_bottom``, :meth:`Page.in_column` — how a reader cites it: P3左栏倒数第五行); ``from_top``
    and ``from_bottom`` stay the page's reading order. Lines across the text block get nothing more."""
    for entry, line in zip(out, page.lines, strict=True):
        if line.column:
            entry["column"] = line.column
            entry["column_from_top"], entry["column_from_bottom"] = page.in_column(line)
    return out


def pages(conn: Connection, review_id: int, number: int, version_number: int | None = None, *,
          base: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
    """Printed page ``number`` of a version: each line with its 顺数/倒数 numbers, locator and text."""
    return page_of(version(conn, review_id, version_number, base=base), number)


def page_of(v: Version, number: int) -> dict[str, Any]:
    """Printed page ``number`` of a laid-out version. The lines are computed once per laid-out draft (they
    depend on nothing else) and shared between calls: callers read them and never change them."""
    lay = v.layout
    if not 1 <= number <= lay.page_count:
        raise LocatorRangeError(
            f"第{number}页超出范围：草案共{lay.page_count}页", locator=f"第{number}页", fix=f"请看第 1 到 {lay.page_count} 页"
        )
    page = lay.pages[number - 1]
    part = lay.draft.part(page.part_id)
    lines = v.page_lines.get(number)
    if lines is None:
        lines = v.page_lines.setdefault(number, _with_columns([_line(lay, line) for line in page.lines], page))
    return {
        "page": number,
        "page_count": lay.page_count,
        "part": part.label,
        "part_page": page.part_page,
        "version": v.number,
        "lines": lines,
    }


def locate(conn: Connection, review_id: int, quote: str, version_number: int | None = None) -> list[dict[str, Any]]:
    """Every occurrence of ``quote``: its locator and part; a quote not in the draft → 422 with the nearest passage."""
    v = version(conn, review_id, version_number)
    return [
        {"locator": loc, "part": v.draft.part(span.part_id).label, "page": line.page, "from_top": line.number}
        for span, loc, line in find(v, quote)
    ]


def find(v: Version, quote: str) -> list[tuple[Span, str, Line]]:
    if not quote.strip():
        raise AnchorError("引文为空", fix="请在草案中选中一段文字，或写出草案中的原文")
    found = []
    for part in v.draft.parts:
        for span in occurrences(part, quote):
            found.append((span, locate_text(v.layout, span), v.layout.lines_of_span(span)[0]))
    if not found:
        raise not_found(v.draft, list(v.draft.parts), quote, "", lambda s: locate_text(v.layout, s))
    return found


def resolve_locator(conn: Connection, review_id: int, locator: str, version_number: int | None = None) -> list[dict[str, Any]]:
    v = version(conn, review_id, version_number)
    return [{"page": line.page, "from_top": line.number, "from_bottom": line.from_bottom,
             "locator": line_locator(v.layout, line), "text": v.layout.printed_text(line)}
            for line in resolve(v.layout, locator)]  # fmt: skip


def anchor_quote(
    v: Version, quote: str, locator: str = "", position: tuple[str, int, int] | None = None
) -> tuple[Span, str]:
    """The one place of ``quote`` an opinion is about: chosen by the selection's position or by the locator
    when the quote occurs more than once. A locator that does not match the quote is refused (never guessed)."""
    found = find(v, quote)
    if position is not None:
        part_id, block, start = position
        for span, loc, _ in found:
            if (span.part_id, span.block_index, span.start) == (part_id, block, start):
                return span, loc
    if locator:
        lines = set(resolve(v.layout, locator))
        hits = [(span, loc) for span, loc, _ in found if lines & set(v.layout.lines_of_span(span))]
        if len(hits) >= 1:
            return hits[0]
        shown = "、".join(loc for _, loc, _ in found[:8])
        raise AnchorError(
            f"引文不在{locator}：它在草案中的位置是{shown}",
            quote=quote,
            fix="定位由 caina 计算：请在页面上选中原文，或去掉定位只写引文",
        )
    if len(found) > 1:
        raise AmbiguousQuoteError(quote, locators=tuple(loc for _, loc, _ in found))
    span, loc, _ = found[0]
    return span, loc


# -- the same, for an actor (rights checked): what the web views and the API call ---------------------


def page_for(store: Any, actor: Any, review_id: int, number: int, version_number: int | None = None) -> dict[str, Any]:
    from caina.services.desk.access import member

    with store.read() as conn:
        m = member(conn, actor, review_id, "view")
        return pages(conn, review_id, number, version_number, base=m.base)


def locate_for(store: Any, actor: Any, review_id: int, quote: str, version_number: int | None = None) -> list[dict[str, Any]]:
    from caina.services.desk.access import member

    with store.read() as conn:
        member(conn, actor, review_id, "view")
        return locate(conn, review_id, quote, version_number)


def resolve_for(store: Any, actor: Any, review_id: int, locator: str, version_number: int | None = None) -> list[dict[str, Any]]:
    from caina.services.desk.access import member

    with store.read() as conn:
        member(conn, actor, review_id, "view")
        return resolve_locator(conn, review_id, locator, version_number)
