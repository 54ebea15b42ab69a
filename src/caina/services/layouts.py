"""Which page a draft's locators come from: caina's layout under a profile, or the printed PDF itself.

One rule, one place — the CLI, the report and the web page view all ask here:

- a PDF draft (``caina show 送审稿.pdf``) is its own layout: its pages and lines;
- a draft with a printed copy (review.yaml ``printed:``, or ``draft.pdf`` beside
  ``draft.docx``) takes its pages and lines from the PDF, aligned with the
  .docx character by character; a PDF of another version is refused;
- otherwise caina lays the draft out under a profile: the one asked for
  (``--profile``, review.yaml ``layout:``), else the default for the draft
  (:func:`caina.core.profiles.default_profile`).
"""

from __future__ import annotations

from pathlib import Path

from caina.core.layout import layout
from caina.core.model import Draft
from caina.core.pages import Layout
from caina.core.printed import Printed, TextBox, printed_draft, printed_layout, read_printed
from caina.core.profiles import Profile, default_profile
from caina.errors import SourceFileError

__all__ = [
    "printed_for_measuring",
    "ProfileSpec",
    "profile_for",
    "engine_layout",
    "read_printed_copy",
    "open_pdf_draft",
    "layout_with_printed",
    "is_pdf_path",
]

ProfileSpec = str | Path | Profile | None


def profile_for(
    draft: Draft, spec: ProfileSpec = None, *, relative_to: Path | None = None, printed_by: str = ""
) -> Profile:
    """The profile asked for (a built-in name, a profile file, a Profile), else the draft's default (given what
    made the printed copy at hand, ``printed_by``: its Creator and Producer)."""
    if isinstance(spec, Profile):
        return spec
    if spec is None or str(spec).strip() == "":
        return default_profile(draft, printed_by)
    from caina.io.profile_file import load_profile

    return load_profile(spec, relative_to=relative_to)


def engine_layout(
    draft: Draft, spec: ProfileSpec = None, *, relative_to: Path | None = None, printed_by: str = ""
) -> Layout:
    """caina's own layout of ``draft`` under a profile."""
    return layout(draft, profile_for(draft, spec, relative_to=relative_to, printed_by=printed_by).settings)


def is_pdf_path(path: Path) -> bool:
    return Path(path).suffix.lower() == ".pdf"


def read_printed_copy(path: Path, draft: Draft | None = None) -> Printed:
    """The counted lines of a printed PDF; with the .docx's ``draft``, its text block (page geometry) decides
    what is header and footer."""
    from caina.io.printed import read_pdf

    pdf = read_pdf(Path(path))
    box = None
    if draft is not None and draft.page.text_height_pt > 0:
        box = TextBox.of(draft.page, draft.text_columns)
    return read_printed(pdf, box)


def open_pdf_draft(path: Path) -> Layout:
    """A draft read from its printed PDF alone, laid out as the PDF shows it."""
    _draft, lay = printed_draft(read_printed_copy(path))
    return lay


def layout_with_printed(draft: Draft, printed_path: Path, spec: ProfileSpec = None) -> Layout:
    """The draft's layout as its printed copy shows it (refused when the PDF is another version)."""
    printed_path = Path(printed_path)
    if not printed_path.exists():
        raise SourceFileError(
            "找不到印发稿 PDF", path=str(printed_path), fix="请核对 review.yaml 中 printed: 写的文件名，或把 PDF 放进审议目录"
        )
    printed = read_printed_copy(printed_path, draft)
    return printed_layout(draft, printed, strict=True, engine=engine_layout(draft, spec))


MIN_SHARED = 0.8  # below this share of the draft's text found in the PDF, they are not one document


def printed_for_measuring(draft: Draft, pdf: Path, engine: Layout) -> tuple[Layout, str | None]:
    """The PDF's layout of the draft for ``verify-layout --against`` and ``calibrate``: compared even when the
    texts differ a little (a footnote, a text box the .docx reader leaves out), with a note saying so; refused
    (the first differing passage) when less than 80 % of the draft's text is in the PDF."""
    from caina.core.printed import printed_layout_lenient

    lay, error, share = printed_layout_lenient(draft, read_printed_copy(pdf, draft), engine=engine)
    if error is None:
        return lay, None
    if share < MIN_SHARED:
        raise error
    return lay, f"{error.what}；只比对两边相同的文字（草案文字的 {share:.1%} 在 PDF 中）。{error.where}"
