"""``Block.ref``: where a block came from in ``word/document.xml``.

Grammar: steps separated by ``/``, each ``name:index`` where ``index``
counts the parent's children of that element type from 0:

- ``p:12`` — the 13th ``w:p`` child of ``w:body``;
- ``tbl:2/r:3`` — the 4th ``w:tr`` of the 3rd ``w:tbl`` (deleted rows count);
- ``sdt:0/p:1`` — the 2nd ``w:p`` inside the first block-level content control
  (the ``w:sdtContent`` step is implied); ``customXml:0/p:0`` likewise;
- a final ``@K`` (``p:12@40``) marks a block that starts at character ``K``
  of that paragraph's text — the part after a page break inside it.

:func:`find` resolves a ref back to its element, for writers that edit the
original in place.
"""

from __future__ import annotations

from collections.abc import Iterator

from caina.io.docx.xml import Element, child, is_w, local, w

_STEP = {"p": "p", "tbl": "tbl", "r": "tr", "sdt": "sdt", "customXml": "customXml"}
_NAME = {v: k for k, v in _STEP.items()}
_WRAPPERS = ("sdt", "customXml")


def _inner(el: Element) -> Element:
    """The element whose children hold the content (``w:sdtContent`` for a content control)."""
    if local(el) == "sdt":
        content = child(el, "sdtContent")
        return content if content is not None else el
    return el


def iter_blocks(parent: Element, prefix: str = "") -> Iterator[tuple[str, Element, str]]:
    """(kind "p" | "tbl", element, ref) for the block-level content of ``parent``, in order."""
    counts: dict[str, int] = {}
    for el in _inner(parent):
        if not is_w(el):
            continue
        name = local(el)
        if name not in ("p", "tbl", *_WRAPPERS):
            continue
        i = counts.get(name, 0)
        counts[name] = i + 1
        ref = f"{prefix}{name}:{i}"
        if name in _WRAPPERS:
            yield from iter_blocks(el, ref + "/")
        else:
            yield name, el, ref


def iter_rows(tbl: Element, prefix: str) -> Iterator[tuple[Element, str]]:
    """(w:tr, ref) for the rows of a table, looking through row-level content controls."""
    counts: dict[str, int] = {}
    for el in _inner(tbl):
        if not is_w(el):
            continue
        name = local(el)
        if name not in ("tr", *_WRAPPERS):
            continue
        i = counts.get(name, 0)
        counts[name] = i + 1
        step = f"{prefix}/{_NAME.get(name, name)}:{i}"
        if name in _WRAPPERS:
            yield from iter_rows(el, step)
        else:
            yield el, step


def find(body: Element, ref: str) -> tuple[Element, int]:
    """The element a ref names and the character offset of its ``@K`` suffix (0 without)."""
    path, _, offset = ref.partition("@")
    el = body
    for step in path.split("/"):
        name, _, index = step.partition(":")
        if name not in _STEP or not index.isdigit():
            raise KeyError(ref)
        matches = [c for c in _inner(el) if c.tag == w(_STEP[name])]
        el = matches[int(index)]
    return el, int(offset) if offset else 0


__all__ = ["iter_blocks", "iter_rows", "find"]
