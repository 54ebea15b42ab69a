"""The printed text of a paragraph, piece by piece, with each piece's run formatting.

What counts as text (each piece names its source element, so a writer that
edits the original can map a ``Block.text`` offset back to the XML):

========================================  =====================================
source                                    text
========================================  =====================================
``w:t`` (and ``m:t`` in equations)        its characters, one for one
``w:tab``, ``w:ptab``                     one space " "
``w:br`` (line break), ``w:cr``           "\\n" (the layout ends the line there)
``w:br w:type="page"|"column"``           nothing; a page break at that offset
``w:noBreakHyphen``                       "-"
``w:sym``                                 its character ("□" for a symbol-font glyph)
``w:softHyphen``                          nothing (printed only at a line end)
field instruction (``w:instrText``)       nothing; the field *result* is text
``w:ins``, ``w:moveTo``                   their text (changes accepted)
``w:del``, ``w:moveFrom``                 nothing (changes accepted)
hidden runs (``w:vanish``)                nothing
bookmarks, comment ranges and marks,      nothing
proofing marks, permissions
footnote/endnote references               nothing (counted, see notes)
pictures, shapes, text boxes              nothing (an inline picture's height
                                          is kept for the line height)
``w:hyperlink``, ``w:smartTag``,          the text inside them
``w:customXml``, ``w:sdt`` (content
controls), ``w:fldSimple``, ``w:ruby``
(base text only)
========================================  =====================================

Field state (begin → instruction → separate → result → end) carries across
paragraphs, so a table of contents spanning many paragraphs shows its
result text only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from caina.io.docx.styles import RunProps, Styles, rpr_props
from caina.io.docx.xml import M_NS, MC_NS, WP_NS, Element, attr, child, local, number, w

_EMU_PER_PT = 12700
_CONTAINERS = frozenset({"hyperlink", "smartTag", "customXml", "dir", "bdo", "fldSimple"})
_SKIPPED = frozenset({
    "pPr", "bookmarkStart", "bookmarkEnd", "commentRangeEnd", "proofErr", "permStart", "permEnd",
    "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
    "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
})


@dataclass(frozen=True, slots=True)
class Piece:
    """Characters drawn from one source element, in one run's formatting."""

    text: str
    run: RunProps
    element: Element


@dataclass
class Content:
    pieces: list[Piece] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)  # offsets of page/column breaks
    column_breaks: list[int] = field(default_factory=list)  # offsets of the column breaks among them
    image_height_pt: float = 0.0  # tallest inline picture

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    @property
    def length(self) -> int:
        return sum(len(p.text) for p in self.pieces)


class TextReader:
    """Reads paragraphs in document order, keeping field state and counting what it skipped."""

    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self.fields: list[str] = []  # "instr" / "result" for each open field
        self.counts: Counter[str] = Counter()
        self._field_codes: list[str] = []

    def paragraph(self, p: Element, pstyle: str | None, tstyle: str | None) -> Content:
        out = Content()
        rpr = child(child(p, "pPr"), "rPr")
        if rpr is not None and (child(rpr, "del") is not None or child(rpr, "moveFrom") is not None):
            self.counts["mark_deleted"] += 1
        self._walk(p, out, pstyle, tstyle)
        return out

    @property
    def _visible(self) -> bool:
        return all(state == "result" for state in self.fields)

    def _walk(self, parent: Element, out: Content, pstyle: str | None, tstyle: str | None) -> None:
        for el in parent:
            tag = el.tag
            if not isinstance(tag, str):
                continue
            name = local(el)
            if tag.startswith("{" + M_NS):
                if name in ("oMath", "oMathPara"):
                    self.counts["math"] += 1
                    run = self.styles.run(pstyle, tstyle, {})
                    for t in el.iter(f"{{{M_NS}}}t"):
                        if t.text and self._visible:
                            out.pieces.append(Piece(t.text, run, t))
                continue
            if name == "r":
                self._run(el, out, pstyle, tstyle)
            elif name in ("ins", "moveTo"):
                self.counts["ins"] += 1
                self._walk(el, out, pstyle, tstyle)
            elif name in ("del", "moveFrom"):
                self.counts["del"] += 1
                for fc in el.iter(w("fldChar")):  # keep field nesting balanced; the text stays out
                    self._field_char(fc)
            elif name in _CONTAINERS:
                if name == "fldSimple":
                    self.counts["fields"] += 1
                elif name in ("smartTag", "customXml"):
                    self.counts["smart_tags"] += 1
                self._walk(el, out, pstyle, tstyle)
            elif name == "sdt":
                self.counts["content_controls"] += 1
                content = child(el, "sdtContent")
                if content is not None:
                    self._walk(content, out, pstyle, tstyle)
            elif name == "commentRangeStart":
                self.counts["comments"] += 1

    def _run(self, r: Element, out: Content, pstyle: str | None, tstyle: str | None) -> None:
        run = self.styles.run(pstyle, tstyle, rpr_props(child(r, "rPr")))
        for el in r:
            if not isinstance(el.tag, str):
                continue
            name = local(el)
            if el.tag == f"{{{MC_NS}}}AlternateContent":
                self._drawing(el, out)
                continue
            if name == "fldChar":
                self._field_char(el)
                continue
            if name in ("drawing", "pict", "object"):
                self._drawing(el, out)
                continue
            if name in ("footnoteReference", "endnoteReference"):
                self.counts["notes"] += 1
                continue
            if name == "ruby":
                base = child(el, "rubyBase")
                if base is not None:
                    self._walk(base, out, pstyle, tstyle)
                continue
            if not self._visible or name in ("rPr", "instrText", "delInstrText", "delText"):
                continue
            if run.hidden:
                if name in ("t", "tab", "br", "cr", "sym"):
                    self.counts["hidden"] += 1
                continue
            text = self._text(el, name, out)
            if text:
                out.pieces.append(Piece(text, run, el))

    def _field_char(self, el: Element) -> None:
        kind = attr(el, "fldCharType")
        if kind == "begin":
            self.fields.append("instr")
            self.counts["fields"] += 1
        elif kind == "separate" and self.fields:
            self.fields[-1] = "result"
        elif kind == "end" and self.fields:
            self.fields.pop()

    def _text(self, el: Element, name: str, out: Content) -> str:
        if name == "t":
            return el.text or ""
        if name in ("tab", "ptab"):
            return " "
        if name == "br":
            kind = attr(el, "type")
            if kind in ("page", "column"):
                if kind == "column":
                    self.counts["column_breaks"] += 1
                    out.column_breaks.append(out.length)
                out.breaks.append(out.length)
                return ""
            return "\n"
        if name == "cr":
            return "\n"
        if name == "noBreakHyphen":
            return "-"
        if name == "sym":
            self.counts["symbols"] += 1
            try:
                code = int(attr(el, "char") or "", 16)
            except ValueError:
                code = 0
            if not code or 0xF000 <= code <= 0xF0FF:  # a glyph of a symbol font, not Unicode
                return "□"
            ch = chr(code)
            return ch if ch.isprintable() else "□"
        return ""

    def _drawing(self, el: Element, out: Content) -> None:
        if el.find(f".//{w('txbxContent')}") is not None:
            self.counts["text_boxes"] += 1
        else:
            self.counts["pictures"] += 1
        inline = el.find(f".//{{{WP_NS}}}inline")
        if inline is not None:
            extent = inline.find(f"{{{WP_NS}}}extent")
            cy = number(extent.get("cy")) if extent is not None else None
            if cy:
                out.image_height_pt = max(out.image_height_pt, cy / _EMU_PER_PT)


__all__ = ["TextReader", "Content", "Piece"]
