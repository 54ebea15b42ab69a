"""The printed draft: the pages and lines of a PDF as the reviewers held it.

Reviewers cite the copy that came out of the drafting office's Word or WPS
(“P3倒数第五行”), not caina's layout. When that copy is at hand as a PDF, its
own pages and lines are the truth. This module (pure: the glyphs come in from
:mod:`caina.io.printed`) turns a PDF's glyphs into counted lines and ties them
to a draft:

1. :func:`group_lines` — glyphs into lines by baseline (a line is what shares a
   vertical band; a superscript joins its line), left to right;
2. :func:`read_printed` — every page's lines, with running headers, footers
   and page numbers (``— 3 —``, ``- 3 -``, ``第3页``, ``3/10``) marked and left
   out of the count; given the page geometry of the .docx, everything outside
   the text block is left out too;
3. :func:`printed_layout` — the printed lines aligned character by character
   with a draft read from its .docx (diff over the texts with spaces removed):
   a :class:`~caina.core.pages.Layout` whose lines address the draft's blocks
   (so quotes, edits, locators and reports work unchanged) while pages and
   line numbers are the PDF's. A PDF of another version is refused with the
   first passage that differs;
4. :func:`printed_draft` — a draft made from the PDF alone (paragraphs joined
   from lines, titles, headings, attachments found by their 附件N label at the
   top of a page), with its layout: ``caina show|locate|resolve draft.pdf``.

How lines are counted is what a clerk counts with a ruler: every visible line
of text in the text block, a two-row 2号 title line once, a table row line by
line; headers, footers and page numbers not at all.
"""


from caina.core.printed.align import (
    Alignment,
    align,
    check_same_version,
    fold,
    printed_layout,
    printed_layout_lenient,
)
from caina.core.printed.lines import (
    Glyph,
    LineRole,
    PdfPage,
    PdfText,
    Printed,
    PrintedLine,
    PrintedPage,
    TextBox,
    group_lines,
    is_page_number,
    producer_kind,
    read_printed,
)
from caina.core.printed.pdfonly import printed_draft

__all__ = [
    "Glyph",
    "PdfPage",
    "PdfText",
    "producer_kind",
    "LineRole",
    "PrintedLine",
    "PrintedPage",
    "Printed",
    "TextBox",
    "group_lines",
    "is_page_number",
    "read_printed",
    "fold",
    "Alignment",
    "align",
    "check_same_version",
    "printed_layout",
    "printed_layout_lenient",
    "printed_draft",
]
