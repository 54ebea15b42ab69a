"""GB/T 9704 page, font and grid helpers shared by the .docx writers.

One place for what every official document caina writes has in common:

- A4, margins 37/35/28/26 mm (top/bottom/left/right), a ``lines`` document
  grid whose pitch fits 22 lines in the text block, and −0.25 pt run spacing
  in ``docDefaults`` so that LibreOffice (and, closely, Word) sets 28 × 22;
- East-Asian fonts named explicitly (``w:rFonts w:eastAsia``) for every role:
  title 方正小标宋简体, body 仿宋_GB2312, level-1 headings 黑体, level-2
  楷体_GB2312, page numbers 宋体; digits and Latin in Times New Roman;
- ``w:lang w:eastAsia="zh-CN"`` so quotes between 汉字 take the CJK font;
- page numbers "— 1 —" in 4号 宋体, right on odd pages and left on even pages
  (``w:evenAndOddHeaders`` and a ``PAGE`` field in each footer).

Used by :mod:`caina.io.docx_writer` (drafts) and :mod:`caina.io.report_docx`
(the 意见采纳情况 report). Sizes are in points: 2号 = 22, 3号 = 16, 4号 = 14.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from caina.core.model import Align, PageSetup

FONTS = {
    "fangsong": "仿宋_GB2312",
    "heiti": "黑体",
    "kaiti": "楷体_GB2312",
    "xiaobiaosong": "方正小标宋简体",
    "songti": "宋体",
}
LATIN_FONT = "Times New Roman"

# 字号 in points
SIZE_2HAO = 22.0
SIZE_3HAO = 16.0
SIZE_4HAO = 14.0

# Distance from the page's bottom edge to the footer (python-docx's footer_distance).
# The draft writer has always used this value; the report uses FOOTER_DISTANCE_GBT.
FOOTER_DISTANCE_DRAFT = Mm(28) - Mm(7) - Mm(4)
# GB/T 9704 7.5: the 一字线 of the page number sits 7 mm below the text block
# (35 mm bottom margin → dash at 28 mm from the edge; a 4号 line is ≈ 5 mm high,
# so its bottom is ≈ 25.5 mm from the edge).
FOOTER_DISTANCE_GBT = Mm(25.5)

ALIGNMENT = {
    Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT,
    Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
    Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
    Align.JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY,
}


# Schema order of the children of w:rPr and w:pPr (ECMA-376 CT_RPr / CT_PPrBase): Word
# rejects a file whose properties are out of order, so children are inserted in place.
_ORDER = {
    "w:rPr": (
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
        "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
        "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
    ).split(),
    "w:pPr": (
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
        "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
        "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
        "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
    ).split(),
}


def set_child(el: Any, tag: str, **attrs: str) -> Any:
    """The child ``tag`` of ``el`` (created when missing, in schema order for w:rPr and w:pPr), with ``attrs`` set.

    Attribute names are prefixed (``w:val``); use ``**{"w:val": "32"}``.
    """
    child = el.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        order = next((o for parent, o in _ORDER.items() if el.tag == qn(parent)), None)
        name = tag.split(":", 1)[1]
        if order is not None and name in order:
            later = {qn("w:" + n) for n in order[order.index(name) + 1 :]}
            for i, existing in enumerate(el):
                if existing.tag in later:
                    el.insert(i, child)
                    break
            else:
                el.append(child)
        else:
            el.append(child)
    for k, v in attrs.items():
        child.set(qn(k), v)
    return child


_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(rpr: Any, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Name every font slot of a run: Latin/complex in ``latin``, East Asian in ``east_asia``.

    Theme font attributes are removed: in Word they win over the named fonts.
    """
    fonts = set_child(rpr, "w:rFonts", **{"w:ascii": latin, "w:hAnsi": latin, "w:eastAsia": east_asia, "w:cs": latin})
    for attr in _THEME_FONTS:
        fonts.attrib.pop(qn(attr), None)


def font_for(role: str) -> str:
    """The official font name of a role (fangsong/heiti/kaiti/xiaobiaosong/songti); 仿宋 when unknown."""
    return FONTS.get(role, FONTS["fangsong"])


def style_run(run: Any, *, size_pt: float, role: str, bold: bool = False) -> None:
    """Size, East-Asian font of ``role`` and bold of a python-docx run."""
    run.font.size = Pt(size_pt)
    run.bold = bold or None
    set_fonts(run._r.get_or_add_rPr(), font_for(role))


def apply_doc_defaults(doc: DocumentObject) -> None:
    """docDefaults and Normal: 3号 仿宋, −0.25 pt run spacing, zh-CN, single spacing, no paragraph spacing."""
    styles = doc.styles.element
    doc_defaults = styles.find(qn("w:docDefaults"))
    rpr_default = doc_defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    set_fonts(rpr, FONTS["fangsong"])
    set_child(rpr, "w:sz", **{"w:val": "32"})
    set_child(rpr, "w:szCs", **{"w:val": "32"})
    set_child(rpr, "w:spacing", **{"w:val": "-5"})
    set_child(rpr, "w:lang", **{"w:val": "en-US", "w:eastAsia": "zh-CN"})
    # single line spacing, no space after: the template's 1.15 lines would stretch every grid row
    ppr = styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    if ppr is not None:
        set_child(ppr, "w:spacing", **{"w:after": "0", "w:line": "240", "w:lineRule": "auto"})
    normal = doc.styles["Normal"]
    normal.font.size = Pt(SIZE_3HAO)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    set_fonts(normal.element.get_or_add_rPr(), FONTS["fangsong"])


def grid_line_pitch_twips(page: PageSetup) -> int:
    """The docGrid linePitch: floor of the line pitch in twips (28.99 pt → 579), so all lines fit."""
    return int(page.line_pitch_pt * 20)


def apply_geometry(doc: DocumentObject, page: PageSetup, *, footer_distance: Any = FOOTER_DISTANCE_DRAFT) -> None:
    """Page size, margins, footer distance and the ``lines`` grid of the first section."""
    sect = doc.sections[0]
    sect.page_width, sect.page_height = Pt(page.page_width_pt), Pt(page.page_height_pt)
    sect.top_margin, sect.bottom_margin = Pt(page.margin_top_pt), Pt(page.margin_bottom_pt)
    sect.left_margin, sect.right_margin = Pt(page.margin_left_pt), Pt(page.margin_right_pt)
    sect.footer_distance = footer_distance
    set_child(sect._sectPr, "w:docGrid", **{"w:type": "lines", "w:linePitch": str(grid_line_pitch_twips(page))})


def _field_run(p: Any, *, text: str = "", instr: str = "") -> None:
    r = p.add_run(text)
    r.font.size = Pt(SIZE_4HAO)
    set_fonts(r._r.get_or_add_rPr(), FONTS["songti"])
    if instr:
        for kind in ("begin", None, "end"):
            if kind:
                fc = OxmlElement("w:fldChar")
                fc.set(qn("w:fldCharType"), kind)
                r._r.append(fc)
            else:
                it = OxmlElement("w:instrText")
                it.set(qn("xml:space"), "preserve")
                it.text = instr
                r._r.append(it)


def page_number_footer(footer: Any, *, right: bool) -> None:
    """"— PAGE —" in 4号 宋体, 1 字 in from the right (odd pages) or left (even pages) edge."""
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    ind = set_child(p._p.get_or_add_pPr(), "w:ind")
    ind.set(qn("w:right" if right else "w:left"), "280")  # 1 字 (4号) in from the edge
    _field_run(p, text="— ")
    _field_run(p, instr=" PAGE ")
    _field_run(p, text=" —")


def add_page_numbers(doc: DocumentObject) -> None:
    """Odd/even page-number footers on the first section, with ``w:evenAndOddHeaders`` on."""
    doc.settings.odd_and_even_pages_header_footer = True
    sect = doc.sections[0]
    page_number_footer(sect.footer, right=True)
    page_number_footer(sect.even_page_footer, right=False)


def clear_body(doc: DocumentObject) -> None:
    """Remove the empty paragraphs python-docx's default template starts with."""
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)


def set_first_line_indent(paragraph: Any, chars: float, size_pt: float, pitch_pt: float | None = None) -> None:
    """First-line indent of ``chars`` 字 (Word's firstLineChars plus a twips fallback).

    One 字 is the grid's character pitch (``pitch_pt``, 442.2 / 28 = 15.79 pt on the
    GB/T 9704 page) — the width caina's layout gives it — scaled to the run's size;
    LibreOffice reads only the twips, so they must say the same.
    """
    pitch = (pitch_pt if pitch_pt is not None else SIZE_3HAO) * size_pt / SIZE_3HAO
    ind = set_child(paragraph._p.get_or_add_pPr(), "w:ind")
    ind.set(qn("w:firstLineChars"), str(round(chars * 100)))
    ind.set(qn("w:firstLine"), str(round(chars * pitch * 20)))


def set_right_indent(paragraph: Any, chars: float, size_pt: float, pitch_pt: float | None = None) -> None:
    """Right indent of ``chars`` 字 (Word's rightChars plus a twips fallback), as :func:`set_first_line_indent`."""
    pitch = (pitch_pt if pitch_pt is not None else SIZE_3HAO) * size_pt / SIZE_3HAO
    ind = set_child(paragraph._p.get_or_add_pPr(), "w:ind")
    ind.set(qn("w:rightChars"), str(round(chars * 100)))
    ind.set(qn("w:right"), str(round(chars * pitch * 20)))


__all__ = [
    "FONTS",
    "LATIN_FONT",
    "SIZE_2HAO",
    "SIZE_3HAO",
    "SIZE_4HAO",
    "FOOTER_DISTANCE_DRAFT",
    "FOOTER_DISTANCE_GBT",
    "ALIGNMENT",
    "set_child",
    "set_fonts",
    "font_for",
    "style_run",
    "apply_doc_defaults",
    "grid_line_pitch_twips",
    "apply_geometry",
    "page_number_footer",
    "add_page_numbers",
    "clear_body",
    "set_first_line_indent",
    "set_right_indent",
]
