"""Run surgery for :mod:`caina.io.revisions`: a block's visible text, run splitting, ins/del/comments.

Works on lxml elements of ``word/document.xml``; knows nothing of zip packages.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from copy import deepcopy
from dataclasses import dataclass
from typing import Any

import fast_diff_match_patch
from lxml import etree

from caina.core.pages import Span
from caina.errors import CainaError
from caina.io.docx import refs

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


_CONTAINERS = {
    w("hyperlink"), w("ins"), w("moveTo"), w("smartTag"), w("sdt"), w("sdtContent"),
    w("fldSimple"), w("customXml"), w("dir"), w("bdo"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Revision:
    """One change to write: ``target`` of the reviewed draft becomes ``new``."""

    target: Span
    old: str
    new: str
    author: str
    comment: str = ""
    # an insertion takes the formatting of the text before it (True) or after it (False)
    attach_after: bool = True
    order: int = 0  # position in the plan: insertions at one place keep this order


@dataclass(slots=True)
class _Atom:
    char: str
    run: Any  # the w:r element, None for a separator between cells or cell paragraphs
    item: int  # index of the run item (see _items) that drew the character


def _items(run: Any) -> list[tuple[Any, int]]:
    """A run's content as items: (w:t, char index) for each character, (element, -1) for anything else."""
    out: list[tuple[Any, int]] = []
    for child in run:
        if child.tag == w("rPr"):
            continue
        if child.tag == w("t"):
            out.extend((child, i) for i in range(len(child.text or "")))
        else:
            out.append((child, -1))
    return out


def _item_char(item: tuple[Any, int]) -> str | None:
    el, i = item
    if i >= 0:
        return str(el.text[i])
    tag = el.tag
    if tag in (w("tab"), w("ptab")):
        return " "  # as the reader: a tab prints as a space
    if tag == w("br"):
        return "\n" if el.get(w("type")) in (None, "textWrapping") else None
    if tag == w("cr"):
        return "\n"
    if tag == w("noBreakHyphen"):
        return "-"
    return None


def _runs(el: Any) -> Iterable[Any]:
    for child in el:
        if child.tag == w("r"):
            yield child
        elif child.tag in _CONTAINERS:
            yield from _runs(child)
        # w:del, w:moveFrom, properties, bookmarks, comment marks, math: no visible text


def _hidden(run: Any) -> bool:
    vanish = run.find(f"{w('rPr')}/{w('vanish')}")
    return vanish is not None and vanish.get(w("val")) not in ("0", "false", "off")


def _paragraph_atoms(p: Any) -> list[_Atom]:
    """The characters a reader sees, each with the run and item that drew it.

    Field instructions (between ``fldChar`` begin and separate) and runs hidden
    by their own ``w:vanish`` draw nothing; the field result does.
    """
    atoms = []
    fields: list[str] = []
    for run in _runs(p):
        hidden = _hidden(run)
        for k, item in enumerate(_items(run)):
            el = item[0]
            if el.tag == w("fldChar"):
                kind = el.get(w("fldCharType"))
                if kind == "begin":
                    fields.append("instr")
                elif kind == "separate" and fields:
                    fields[-1] = "result"
                elif kind == "end" and fields:
                    fields.pop()
                continue
            if hidden or any(state != "result" for state in fields):
                continue
            ch = _item_char(item)
            if ch is not None:
                atoms.append(_Atom(ch, run, k))
    return atoms


def _children(el: Any, tag: str) -> list[Any]:
    """Direct children ``tag`` of ``el``, looking through content controls (w:sdt/w:sdtContent)."""
    out = []
    for child in el:
        if child.tag == w(tag):
            out.append(child)
        elif child.tag in (w("sdt"), w("customXml")):
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                out.extend(c for c in content if c.tag == w(tag))
    return out


def block_atoms(el: Any) -> list[_Atom]:
    if el.tag == w("p"):
        return _paragraph_atoms(el)
    atoms: list[_Atom] = []
    for c, tc in enumerate(_children(el, "tc")):
        if c:
            atoms.append(_Atom("\t", None, -1))
        for i, p in enumerate(_children(tc, "p")):
            if i:
                atoms.append(_Atom(" ", None, -1))
            atoms.extend(_paragraph_atoms(p))
    return atoms


def find_block(body: Any, ref: str) -> Any:
    """The w:p or w:tr element a ``Block.ref`` names ("p:12", "tbl:2/r:3", "sdt:0/p:1", "p:12@40").

    A ``@K`` suffix (a block that starts after a page break inside the paragraph) needs no
    offset here: :func:`align_text` aligns the block's text with the paragraph's.
    """
    el, _offset = refs.find(body, ref)
    if el.tag not in (w("p"), w("tr")):
        raise KeyError(ref)
    return el


def align_text(text: str, atoms: Sequence[_Atom]) -> list[int | None]:
    """For each character of ``text`` (a Block.text), the index of the atom that drew it (None if none)."""
    drawn = "".join(a.char for a in atoms)
    if drawn == text:
        return list(range(len(text)))
    out: list[int | None] = []
    i = j = 0
    for op, n in fast_diff_match_patch.diff(text, drawn, counts_only=True, cleanup="No"):
        if op == "=":
            out.extend(range(j, j + n))
            i, j = i + n, j + n
        elif op == "-":
            out.extend([None] * n)
            i += n
        else:
            j += n
    return out


# -- run surgery ---------------------------------------------------------------


def _new_run(template: Any, rpr: Any) -> Any:
    run = etree.Element(template.tag, attrib=dict(template.attrib), nsmap=None)
    if rpr is not None:
        run.append(deepcopy(rpr))
    return run


def _split_run(run: Any, cuts: Sequence[int]) -> list[Any]:
    """Replace ``run`` by runs holding its items cut at ``cuts`` (item indices); each keeps a copy of w:rPr."""
    items = _items(run)
    rpr = run.find(w("rPr"))
    bounds = [0, *sorted(set(cuts)), len(items)]
    pieces = []
    for a, b in itertools.pairwise(bounds):
        if a >= b:
            continue
        new = _new_run(run, rpr)
        source = None
        t = None
        for el, i in items[a:b]:
            if i >= 0:
                if source is not el:
                    t = etree.SubElement(new, el.tag, attrib=dict(el.attrib))
                    t.set(XML_SPACE, "preserve")
                    t.text = ""
                    source = el
                assert t is not None
                t.text += el.text[i]
            else:
                new.append(deepcopy(el))
                source = None
        pieces.append(new)
    parent = run.getparent()
    index = parent.index(run)
    tail = run.tail
    parent.remove(run)
    for k, piece in enumerate(pieces):
        parent.insert(index + k, piece)
    if pieces:
        pieces[-1].tail = tail
    return pieces


def _text_run(template: Any, rpr: Any, text: str) -> Any:
    """A run with ``text`` (tabs and newlines as w:tab / w:br) and a copy of ``rpr`` without its change record."""
    run = _new_run(template, rpr)
    run.attrib.clear()
    copied = run.find(w("rPr"))
    if copied is not None:
        for change in copied.findall(w("rPrChange")):
            copied.remove(change)
    for piece in re.split(r"([\t\n])", text):
        if piece == "\t":
            etree.SubElement(run, w("tab"))
        elif piece == "\n":
            etree.SubElement(run, w("br"))
        elif piece:
            t = etree.SubElement(run, w("t"))
            t.set(XML_SPACE, "preserve")
            t.text = piece
    return run


_MARKUP = {
    w(t)
    for t in (
        "bookmarkStart", "bookmarkEnd", "proofErr", "commentRangeStart", "commentRangeEnd", "permStart", "permEnd",
    )
}  # fmt: skip


def _markup_between(a: Any, b: Any) -> list[Any] | None:
    """The range marks (bookmarks, proofing marks) between sibling elements ``a`` and ``b``; None if anything else is."""
    out = []
    el = a.getnext()
    while el is not None and el is not b:
        if el.tag not in _MARKUP:
            return None
        out.append(el)
        el = el.getnext()
    return out if el is b else None


def _to_deleted(run: Any) -> None:
    for t in run.iter(w("t")):
        t.tag = w("delText")
        t.set(XML_SPACE, "preserve")
    for t in run.iter(w("instrText")):
        t.tag = w("delInstrText")


class Writer:
    """Writes the revisions of one document part, numbering ids from ``next_id``."""

    def __init__(self, *, track: bool, date: str, next_id: int, comments: bool) -> None:
        self.track, self.date, self.next_id, self.comments = track, date, next_id, comments
        self.created: set[Any] = set()  # w:del / w:ins elements written here
        self.doomed: list[Any] = []  # runs to remove (revised draft)
        self.notes: list[tuple[int, str, str]] = []  # (comment id, author, text)

    def _id(self) -> str:
        self.next_id += 1
        return str(self.next_id - 1)

    def _mark(self, tag: str, author: str) -> Any:
        el = etree.Element(w(tag))
        el.set(w("id"), self._id())
        el.set(w("author"), author)
        el.set(w("date"), self.date)
        self.created.add(el)
        return el

    def _outer(self, el: Any) -> Any:
        while el.getparent() is not None and el.getparent() in self.created:
            el = el.getparent()
        return el

    def _insert(self, new_run: Any, author: str, *, after: Any = None, before: Any = None) -> Any:
        return self._insert_runs([new_run], author, after=after, before=before)[-1]

    def _insert_runs(self, new_runs: list[Any], author: str, *, after: Any = None, before: Any = None) -> list[Any]:
        """Put ``new_runs`` (one piece of text, perhaps in several formats) after/before an anchor:
        inside one ``w:ins`` when tracking. Returns the elements placed, in order."""
        els = list(new_runs)
        if self.track:
            ins = self._mark("ins", author)
            ins.extend(new_runs)
            els = [ins]
        if after is not None:
            anchor = self._outer(after)
            tail = anchor.tail
            anchor.tail = None
            for el in els:
                anchor.addnext(el)
                anchor = el
            if tail is not None:  # keep the anchor's tail where it was
                els[-1].tail = tail
        else:
            target = self._outer(before)
            for el in els:
                target.addprevious(el)
        return els

    def _delete(self, runs: list[Any], author: str) -> list[Any]:
        if not self.track:
            self.doomed.extend(runs)
            return list(runs)
        # one w:del for each stretch of sibling runs; bookmarks and proofing marks between them go inside
        groups: list[list[Any]] = []
        for run in runs:
            between = _markup_between(groups[-1][-1], run) if groups else None
            if between is not None:
                groups[-1].extend([*between, run])
            else:
                groups.append([run])
        wrappers = []
        for group in groups:
            wrapper = self._mark("del", author)
            group[0].addprevious(wrapper)
            tail = group[-1].tail
            for el in group:
                wrapper.append(el)  # moves the element
                el.tail = None
                if el.tag == w("r"):
                    _to_deleted(el)
            wrapper.tail = tail
            wrappers.append(wrapper)
        return wrappers

    def _comment(self, first: Any, last: Any, author: str, text: str) -> None:
        cid = self._id()
        start = etree.Element(w("commentRangeStart"))
        start.set(w("id"), cid)
        end = etree.Element(w("commentRangeEnd"))
        end.set(w("id"), cid)
        ref_run = etree.Element(w("r"))
        etree.SubElement(ref_run, w("commentReference")).set(w("id"), cid)
        first.addprevious(start)
        last.addnext(end)
        end.addnext(ref_run)
        self.notes.append((int(cid), author, text))

    def block(self, el: Any, text: str, revisions: Sequence[Revision], where: str) -> None:
        atoms = block_atoms(el)
        index = align_text(text, atoms)

        def drawn(k: int | None) -> bool:
            return k is not None and atoms[k].run is not None

        # 1. map each revision to atoms: a replacement to [a, b); insertions grouped by place
        replacements: list[tuple[Revision, int, int]] = []
        inserts: dict[int, list[Revision]] = {}
        for rev in revisions:
            s, e = rev.target.start, rev.target.end
            if e > s:
                a, b = index[s], index[e - 1]
                if a is None or b is None or not all(drawn(k) for k in range(a, b + 1)):
                    raise unmapped(rev, where)
                replacements.append((rev, a, b + 1))
            else:
                prev = index[s - 1] if s > 0 else None
                nxt = index[s] if s < len(index) else None
                if prev is not None and drawn(prev) and (rev.attach_after or nxt is None or not drawn(nxt)):
                    k = prev + 1
                elif nxt is not None and drawn(nxt):
                    k = nxt
                else:
                    raise unmapped(rev, where)
                inserts.setdefault(k, []).append(rev)
        groups = []  # (position, revisions in plan order, attach to the run before?)
        for k, revs in inserts.items():
            revs.sort(key=lambda r: r.order)
            after = k > 0 and atoms[k - 1].run is not None
            before_ok = k < len(atoms) and atoms[k].run is not None
            if not revs[0].attach_after and before_ok:
                after = False
            groups.append((k, revs, after))
        # 2. split runs so that every boundary falls between two runs
        cuts: dict[Any, set[int]] = {}
        for _rev, a, b in replacements:
            cuts.setdefault(atoms[a].run, set()).add(atoms[a].item)
            cuts.setdefault(atoms[b - 1].run, set()).add(atoms[b - 1].item + 1)
        for k, _revs, after in groups:
            if after:
                cuts.setdefault(atoms[k - 1].run, set()).add(atoms[k - 1].item + 1)
            else:
                cuts.setdefault(atoms[k].run, set()).add(atoms[k].item)
        for run, at in cuts.items():
            inner = [c for c in at if 0 < c < len(_items(run))]
            if inner:
                _split_run(run, inner)
        atoms = block_atoms(el)
        # 3. right to left as core.edits.apply does: at one place, the replacement before the insertions
        work: list[tuple[int, int, Any]] = [(a, 1, (rev, b)) for rev, a, b in replacements]
        work += [(k, 0, (revs, after)) for k, revs, after in groups]
        for _pos, kind, job in sorted(work, key=lambda j: (j[0], j[1]), reverse=True):
            if kind == 1:
                rev, b = job
                self._replace(rev, [atoms[i].run for i in range(_pos, b)])
            else:
                revs, after = job
                anchor = atoms[_pos - 1].run if after else atoms[_pos].run
                prev = None
                for rev in revs:
                    new = _text_run(anchor, anchor.find(w("rPr")), rev.new)
                    if prev is not None:
                        prev = self._insert(new, rev.author, after=prev)
                    elif after:
                        prev = self._insert(new, rev.author, after=anchor)
                    else:
                        prev = self._insert(new, rev.author, before=anchor)
                    if self.comments and rev.comment:
                        self._comment(prev, prev, rev.author, rev.comment)

    def _replace(self, rev: Revision, drawn_runs: list[Any]) -> None:
        runs: list[Any] = []
        for run in drawn_runs:
            if not runs or runs[-1] is not run:
                runs.append(run)
        inserted: list[Any] = []
        if rev.new:
            pieces = [_text_run(template, template.find(w("rPr")), text) for text, template in
                      replacement_formats(rev.old, rev.new, drawn_runs)]  # fmt: skip
            inserted = self._insert_runs(pieces, rev.author, after=runs[-1])
        deleted = self._delete(runs, rev.author)
        if self.comments and rev.comment:
            last = inserted[-1] if inserted else deleted[-1]
            self._comment(self._outer(deleted[0]), self._outer(last), rev.author, rev.comment)

    def finish(self) -> None:
        for run in self.doomed:
            parent = run.getparent()
            if parent is not None:
                prev = run.getprevious()
                if run.tail and prev is not None:
                    prev.tail = (prev.tail or "") + run.tail
                parent.remove(run)


def _rpr_key(run: Any) -> bytes:
    rpr = run.find(w("rPr"))
    return etree.tostring(rpr) if rpr is not None else b""


def replacement_formats(old: str, new: str, old_runs: Sequence[Any]) -> list[tuple[str, Any]]:
    """The new text of a replacement in pieces, each with the run whose formatting it takes.

    What the replacement keeps of the old text keeps its formatting: characters of
    the common beginning and end of ``old`` and ``new`` take the run of the old
    character they stand for, the changed middle the run of the first changed old
    character (of the last old one when the old text is only extended). So
    “（一）指导思想。以” → “（一）指导思想。坚持以” puts 坚持 in the body font, not
    in the 楷体 of the heading lead. ``old_runs``: the run of each old character;
    when they do not match the old text one for one, all new text takes the first run.
    """
    if len(old_runs) != len(old) or not old:
        return [(new, old_runs[0])]
    p = 0
    while p < min(len(old), len(new)) and old[p] == new[p]:
        p += 1
    q = 0
    while q < min(len(old), len(new)) - p and old[-1 - q] == new[-1 - q]:
        q += 1
    middle_run = old_runs[p] if p < len(old) else old_runs[-1]
    runs = [*old_runs[:p], *([middle_run] * (len(new) - p - q)), *old_runs[len(old) - q :]]
    pieces: list[tuple[str, Any]] = []
    for ch, run in zip(new, runs, strict=True):
        if pieces and _rpr_key(pieces[-1][1]) == _rpr_key(run):
            pieces[-1] = (pieces[-1][0] + ch, pieces[-1][1])
        else:
            pieces.append((ch, run))
    return pieces


def unmapped(rev: Revision, where: str) -> CainaError:
    shown = rev.old or rev.new
    return CainaError(
        f"无法在原稿中定位要修改的文字“{shown}”（这段文字不在普通文字中，如域结果、文本框或跨越了表格单元格）",
        where=where,
        fix="请在 Word/WPS 中把该处改为普通文字后另存为 .docx 再试，或改为输出 .txt/.md 修改稿",
    )


# -- the package ---------------------------------------------------------------


