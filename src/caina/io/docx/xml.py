"""WordprocessingML names and small attribute helpers (lxml elements only)."""

from __future__ import annotations

from typing import TypeAlias

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"

Element: TypeAlias = etree._Element  # Any to mypy: lxml ships no type information

_OFF = frozenset({"0", "false", "off", "none"})


def w(tag: str) -> str:
    """Clark name of a ``w:`` tag or attribute."""
    return f"{{{W_NS}}}{tag}"


def local(el: Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):  # comments, processing instructions
        return ""
    return tag.rsplit("}", 1)[-1]


def is_w(el: Element) -> bool:
    tag = el.tag
    return isinstance(tag, str) and tag.startswith("{" + W_NS + "}")


def attr(el: Element | None, name: str) -> str | None:
    if el is None:
        return None
    return el.get(w(name))


def val(el: Element | None) -> str | None:
    return attr(el, "val")


def child(el: Element | None, tag: str) -> Element | None:
    if el is None:
        return None
    return el.find(w(tag))


def on_off(el: Element | None) -> bool | None:
    """A toggle such as ``<w:b/>`` or ``<w:b w:val="0"/>``; None when absent."""
    if el is None:
        return None
    v = val(el)
    return v is None or v.lower() not in _OFF


def number(value: str | None) -> float | None:
    """A numeric attribute, tolerant of "12.5", "12pt" and junk (None)."""
    if value is None:
        return None
    v = value.strip().lower()
    scale = 1.0
    if v.endswith("pt"):  # transitional files may say "12pt" in twips-typed places
        v, scale = v[:-2], 20.0
    try:
        return float(v) * scale
    except ValueError:
        return None
