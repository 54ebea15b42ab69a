"""Effective paragraph and run formatting through Word's style hierarchy.

Order (ECMA-376 17.7.2), later wins: ``docDefaults`` → table style (whole
table only) → numbering level (before the paragraph style when the
numbering comes from the style, after it when the paragraph sets ``numPr``
itself, as Word does) → paragraph style chain (``basedOn``, base first) →
character style chain (``rStyle``) → direct ``pPr``/``rPr``.

Properties are flat dicts keyed ``"group:attr"``. A level that sets any
attribute of a group replaces the whole group, so a paragraph that says
``<w:ind w:firstLine="0"/>`` really cancels a style's ``firstLineChars``;
groups: first-line/hanging indent, left indent, right indent, space before,
space after, line spacing, East-Asian font, Latin font. Toggle properties
(bold, hidden) follow the ECMA rule: the paragraph-style value XOR the
character-style value, unless the run sets them directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from caina.io.docx.xml import A_NS, Element, attr, child, local, number, on_off, val, w

Props = dict[str, object]

_IND_GROUPS = {
    "firstLine": "first",
    "firstLineChars": "first",
    "hanging": "first",
    "hangingChars": "first",
    "left": "left",
    "leftChars": "left",
    "start": "left",
    "startChars": "left",
    "right": "right",
    "rightChars": "right",
    "end": "right",
    "endChars": "right",
}
_SPACING_GROUPS = {
    "before": "before",
    "beforeLines": "before",
    "beforeAutospacing": "before",
    "after": "after",
    "afterLines": "after",
    "afterAutospacing": "after",
    "line": "line",
    "lineRule": "line",
}
_FONT_GROUPS = {"eastAsia": "ea", "eastAsiaTheme": "ea", "ascii": "latin", "asciiTheme": "latin", "hint": "hint"}
_P_TOGGLES = ("keepNext", "keepLines", "pageBreakBefore", "contextualSpacing", "snapToGrid", "widowControl")
TOGGLES = ("b", "vanish")


def ppr_props(ppr: Element | None) -> Props:
    """The properties one ``w:pPr`` sets (``*Change`` elements are ignored: the current state counts)."""
    out: Props = {}
    if ppr is None:
        return out
    for el in ppr:
        name = local(el)
        if name == "ind":
            for k, v in el.attrib.items():
                a = k.rsplit("}", 1)[-1]
                if a in _IND_GROUPS and (n := number(v)) is not None:
                    out[f"{_IND_GROUPS[a]}:{a}"] = n
        elif name == "spacing":
            for k, v in el.attrib.items():
                a = k.rsplit("}", 1)[-1]
                if a == "lineRule":
                    out["line:lineRule"] = v
                elif a.endswith("Autospacing"):
                    out[f"{_SPACING_GROUPS[a]}:{a}"] = v.lower() not in ("0", "false", "off")
                elif a in _SPACING_GROUPS and (n := number(v)) is not None:
                    out[f"{_SPACING_GROUPS[a]}:{a}"] = n
        elif name == "jc":
            out["jc:"] = val(el)
        elif name in _P_TOGGLES:
            out[f"{name}:"] = on_off(el)
        elif name == "outlineLvl":
            out["outlineLvl:"] = number(val(el))
        elif name == "numPr":
            num_id, ilvl = child(el, "numId"), child(el, "ilvl")
            if num_id is not None:
                out["numId:"] = number(val(num_id))
            if ilvl is not None:
                out["ilvl:"] = number(val(ilvl))
        elif name == "tabs":
            out["tabs:"] = tuple((number(attr(t, "pos")) or 0.0, val(t) or "left") for t in el if local(t) == "tab")
        elif name == "framePr":
            out["frame:"] = True
    return out


def rpr_props(rpr: Element | None) -> Props:
    out: Props = {}
    if rpr is None:
        return out
    for el in rpr:
        name = local(el)
        if name == "rFonts":
            for k, v in el.attrib.items():
                a = k.rsplit("}", 1)[-1]
                if a in _FONT_GROUPS:
                    out[f"{_FONT_GROUPS[a]}:{a}"] = v
        elif name == "sz":
            out["sz:"] = number(val(el))
        elif name in TOGGLES:
            out[f"{name}:"] = on_off(el)
        elif name == "spacing":
            out["spacing:"] = number(val(el))
        elif name == "w":
            out["w:"] = number((val(el) or "100").rstrip("%"))
        elif name == "rStyle":
            out["rStyle:"] = val(el)
    return out


def merge(base: Props, over: Props) -> Props:
    """``over`` on top of ``base``; a group set in ``over`` replaces the group."""
    if not over:
        return base
    groups = {k.split(":", 1)[0] for k in over}
    out = {k: v for k, v in base.items() if k.split(":", 1)[0] not in groups}
    if "tabs:" in over and "tabs:" in base:
        stops = dict(base["tabs:"])  # type: ignore[call-overload]
        for pos, kind in over["tabs:"]:  # type: ignore[attr-defined]
            if kind == "clear":
                stops.pop(pos, None)
            else:
                stops[pos] = kind
        out["tabs:"] = tuple(sorted(stops.items()))
        over = {k: v for k, v in over.items() if k != "tabs:"}
    out.update(over)
    return out


@dataclass(frozen=True, slots=True)
class Style:
    id: str
    type: str
    name: str
    based_on: str | None
    ppr: Props
    rpr: Props
    element: Element


@dataclass(frozen=True, slots=True)
class RunProps:
    size_pt: float
    east_asia_font: str
    latin_font: str
    bold: bool
    hidden: bool
    spacing_pt: float  # run character spacing (w:spacing), 0 when unset
    scale: float  # horizontal scale (w:w), 1.0 when unset


class Styles:
    """The styles part (plus the theme's fonts) with cached resolution."""

    def __init__(self, root: Element | None, theme: Element | None = None) -> None:
        self.styles: dict[str, Style] = {}
        self.defaults: dict[str, str] = {}
        self.doc_ppr: Props = {}
        self.doc_rpr: Props = {}
        self.theme_fonts = _theme_fonts(theme)
        self.paragraph_props = lru_cache(maxsize=None)(self._paragraph_props)  # type: ignore[method-assign]
        self._run_base = lru_cache(maxsize=None)(self._run_base_uncached)  # type: ignore[method-assign]
        if root is None:
            return
        defaults = child(root, "docDefaults")
        self.doc_ppr = ppr_props(child(child(defaults, "pPrDefault"), "pPr"))
        self.doc_rpr = rpr_props(child(child(defaults, "rPrDefault"), "rPr"))
        for el in root.iterfind(w("style")):
            sid = attr(el, "styleId") or ""
            typ = attr(el, "type") or "paragraph"
            based = child(el, "basedOn")
            style = Style(
                id=sid,
                type=typ,
                name=val(child(el, "name")) or sid,
                based_on=val(based) if based is not None else None,
                ppr=ppr_props(child(el, "pPr")),
                rpr=rpr_props(child(el, "rPr")),
                element=el,
            )
            self.styles.setdefault(sid, style)
            if attr(el, "default") in ("1", "true", "on"):
                self.defaults.setdefault(typ, sid)
        if "paragraph" not in self.defaults:  # LibreOffice's export marks no default: Word falls back to Normal
            normal = [s.id for s in self.styles.values() if s.type == "paragraph" and "normal" in (s.id.lower(), s.name.lower())]
            if normal:
                self.defaults["paragraph"] = normal[0]

    # -- chains --------------------------------------------------------------

    def chain(self, style_id: str | None, typ: str) -> list[Style]:
        """The style and its ``basedOn`` ancestors, base first (cycles cut)."""
        sid = style_id if style_id in self.styles else self.defaults.get(typ)
        out: list[Style] = []
        seen: set[str] = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            st = self.styles[sid]
            out.append(st)
            sid = st.based_on
        return out[::-1]

    def name(self, style_id: str | None, typ: str = "paragraph") -> str:
        chain = self.chain(style_id, typ)
        return chain[-1].name if chain else ""

    def _merged(self, style_id: str | None, typ: str, which: str) -> Props:
        out: Props = {}
        for st in self.chain(style_id, typ):
            out = merge(out, st.ppr if which == "p" else st.rpr)
        return out

    # -- paragraphs ----------------------------------------------------------

    def _paragraph_props(self, pstyle: str | None, tstyle: str | None) -> Props:
        """Paragraph properties from defaults, table style and paragraph style (no numbering, no direct)."""
        out = merge(dict(self.doc_ppr), self._merged(tstyle, "table", "p") if tstyle else {})
        return merge(out, self._merged(pstyle, "paragraph", "p"))

    def paragraph(
        self, pstyle: str | None, tstyle: str | None, direct: Props, numbering: Props | None = None
    ) -> Props:
        """Effective paragraph properties; ``numbering`` is the level's pPr when numbered."""
        if not numbering:
            return merge(self.paragraph_props(pstyle, tstyle), direct)
        base = merge(dict(self.doc_ppr), self._merged(tstyle, "table", "p") if tstyle else {})
        style = self._merged(pstyle, "paragraph", "p")
        if "numId:" in direct:  # numbering set on the paragraph: its indents beat the style's
            out = merge(merge(base, style), numbering)
        else:
            out = merge(merge(base, numbering), style)
        return merge(out, direct)

    # -- runs ----------------------------------------------------------------

    def _run_base_uncached(self, pstyle: str | None, tstyle: str | None, rstyle: str | None) -> Props:
        base = merge(dict(self.doc_rpr), self._merged(tstyle, "table", "r") if tstyle else {})
        para = self._merged(pstyle, "paragraph", "r")
        chars = self._merged(rstyle, "character", "r") if rstyle else {}
        out = merge(merge(base, para), {k: v for k, v in chars.items() if k[:-1] not in TOGGLES})
        for t in TOGGLES:
            key = f"{t}:"
            p = bool(para.get(key, base.get(key, False)))
            c = bool(chars.get(key, False))
            out[key] = p != c
        return out

    def run(self, pstyle: str | None, tstyle: str | None, direct: Props) -> RunProps:
        rstyle = direct.get("rStyle:")
        props = merge(self._run_base(pstyle, tstyle, rstyle if isinstance(rstyle, str) else None), direct)
        return RunProps(
            size_pt=float(props.get("sz:") or 20) / 2,  # type: ignore[arg-type]
            east_asia_font=self._font(props, "ea", "eastAsia"),
            latin_font=self._font(props, "latin", "ascii"),
            bold=bool(props.get("b:")),
            hidden=bool(props.get("vanish:")),
            spacing_pt=float(props.get("spacing:") or 0) / 20,  # type: ignore[arg-type]
            scale=float(props.get("w:") or 100) / 100,  # type: ignore[arg-type]
        )

    def _font(self, props: Props, group: str, name: str) -> str:
        theme = props.get(f"{group}:{name}Theme")
        if isinstance(theme, str):  # a theme font wins over the explicit name at the same level
            found = self.theme_fonts.get(theme, "")
            if found:
                return found
        explicit = props.get(f"{group}:{name}")
        return explicit if isinstance(explicit, str) else ""


def _theme_fonts(theme: Element | None) -> dict[str, str]:
    """``minorEastAsia`` → typeface, etc., from the theme's font scheme."""
    out: dict[str, str] = {}
    if theme is None:
        return out
    for which in ("major", "minor"):
        font = theme.find(f".//{{{A_NS}}}{which}Font")
        if font is None:
            continue
        for script, key in (("latin", "HAnsi"), ("ea", "EastAsia")):
            el = font.find(f"{{{A_NS}}}{script}")
            face = el.get("typeface", "") if el is not None else ""
            if not face and script == "ea":
                hans = font.find(f"{{{A_NS}}}font[@script='Hans']")
                face = hans.get("typeface", "") if hans is not None else ""
            out[f"{which}{key}"] = face
        out[f"{which}Ascii"] = out.get(f"{which}HAnsi", "")
    return out


__all__ = ["Styles", "Style", "RunProps", "Props", "ppr_props", "rpr_props", "merge"]
