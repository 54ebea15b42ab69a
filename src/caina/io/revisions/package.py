"""The .docx package for :mod:`caina.io.revisions`: parts in and out, comments part, resolving revisions."""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections import Counter
from typing import Any

from lxml import etree

from caina.errors import SourceFileError
from caina.io.revisions.runs import XML_SPACE, block_atoms, w

PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
OFFICE_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
MAX_PART_BYTES = 256 * 1024 * 1024


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)


def read_package(data: bytes, where: str) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The package to revise, after the guarded door's checks (:func:`caina.io.ooxml.open_package`):
    no member with an absolute name, ``..``, backslashes or a symbolic link is ever copied out."""
    from caina.io.ooxml import open_package

    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = z.infolist()
    except zipfile.BadZipFile:
        raise SourceFileError(
            "文件不是有效的 .docx（zip 包已损坏）", path=where, fix="请在 Word/WPS 中打开并另存为 .docx 后再试"
        ) from None
    open_package(data, "docx", name=where or "草案")
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            raise SourceFileError(
                f"文件中的“{info.filename}”过大（解压后 {info.file_size // 2**20} MB）",
                path=where,
                fix="请确认这是正常的 Word 文件；可在 Word/WPS 中另存为 .docx 后再试",
            )
    return z, infos


def read_xml(z: zipfile.ZipFile, name: str, where: str) -> Any:
    try:
        return etree.fromstring(z.read(name), _parser())
    except (KeyError, etree.XMLSyntaxError) as exc:
        raise SourceFileError(
            f"无法读取 .docx 中的 {name}：{exc.__class__.__name__}",
            path=where,
            fix="请在 Word/WPS 中打开并另存为 .docx 后再试",
        ) from None


def serialize(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def main_part_name(z: zipfile.ZipFile, where: str = "") -> str:
    rels = read_xml(z, "_rels/.rels", where)
    for rel in rels:
        if rel.get("Type") == OFFICE_DOC_REL:
            return str(rel.get("Target")).lstrip("/")
    return "word/document.xml"


def rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def max_id(*roots: Any) -> int:
    best = -1
    for root in roots:
        for el in root.iter():
            v = el.get(w("id")) if isinstance(el.tag, str) else None
            if v is not None and v.lstrip("-").isdigit():
                best = max(best, int(v))
    return best


def comments_part(z: zipfile.ZipFile, part: str, where: str) -> tuple[str, Any | None, Any, Any]:
    """(comments part name, its XML if it exists, the document rels, the content types).

    When the document has no comments part yet, the relationship and the content
    type of a new one are added to the returned rels and content types.
    """
    rels_path = rels_name(part)
    if rels_path in z.namelist():
        rels = read_xml(z, rels_path, where)
    else:
        rels = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
    types = read_xml(z, "[Content_Types].xml", where)
    folder = posixpath.dirname(part)
    for rel in rels:
        if rel.get("Type") == COMMENTS_REL:
            name = posixpath.normpath(posixpath.join(folder, str(rel.get("Target"))))
            return name, read_xml(z, name, where) if name in z.namelist() else None, rels, types
    name = posixpath.join(folder, "comments.xml")
    n = 1
    while name in z.namelist():
        n += 1
        name = posixpath.join(folder, f"comments{n}.xml")
    ids = {rel.get("Id") for rel in rels}
    rid = next(f"rId{k}" for k in range(1, len(ids) + 2) if f"rId{k}" not in ids)
    rel = etree.SubElement(rels, f"{{{PKG_REL_NS}}}Relationship")
    rel.set("Id", rid)
    rel.set("Type", COMMENTS_REL)
    rel.set("Target", posixpath.relpath(name, folder))
    override = etree.SubElement(types, f"{{{CT_NS}}}Override")
    override.set("PartName", "/" + name)
    override.set("ContentType", COMMENTS_CT)
    return name, None, rels, types


def comment_xml(root: Any, notes: list[tuple[int, str, str]], date: str) -> None:
    for cid, author, text in notes:
        c = etree.SubElement(root, w("comment"))
        c.set(w("id"), str(cid))
        c.set(w("author"), author)
        c.set(w("date"), date)
        c.set(w("initials"), author[:2])
        for k, line in enumerate(text.split("\n")):
            p = etree.SubElement(c, w("p"))
            if k == 0:
                etree.SubElement(etree.SubElement(p, w("r")), w("annotationRef"))
            t = etree.SubElement(etree.SubElement(p, w("r")), w("t"))
            t.set(XML_SPACE, "preserve")
            t.text = line


def write_package(z: zipfile.ZipFile, infos: list[zipfile.ZipInfo], replaced: dict[str, bytes]) -> bytes:
    """The revised package: members copied under their own (checked) names, as plain files."""
    from caina.io.ooxml.package import safe_member

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in infos:
            if not safe_member(info):  # refused at the door already; never copied whatever the caller passed
                continue
            data = replaced.pop(info.filename, None)
            clean = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            clean.compress_type = info.compress_type
            clean.external_attr = 0o644 << 16
            out.writestr(clean, data if data is not None else z.read(info.filename))
        for name, data in replaced.items():
            out.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _resolve(data: bytes, *, accept: bool) -> bytes:
    z, infos = read_package(data, "")
    part = main_part_name(z)
    root = read_xml(z, part, "")
    drop, keep = (("del", "moveFrom"), ("ins", "moveTo")) if accept else (("ins", "moveTo"), ("del", "moveFrom"))
    for tag in drop:
        for el in list(root.iter(w(tag))):
            if el.getparent() is not None and el.getparent().tag != w("rPr"):
                _remove_keep_tail(el)
    for tag in keep:
        for el in list(root.iter(w(tag))):
            parent = el.getparent()
            if parent is None or parent.tag == w("rPr"):
                continue
            if not accept:
                for t in el.iter(w("delText")):
                    t.tag = w("t")
                for t in el.iter(w("delInstrText")):
                    t.tag = w("instrText")
            i = parent.index(el)
            for k, child in enumerate(list(el)):
                parent.insert(i + k, child)
            _remove_keep_tail(el)
    return write_package(z, infos, {part: serialize(root)})


def _remove_keep_tail(el: Any) -> None:
    parent = el.getparent()
    prev = el.getprevious()
    if el.tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def accept_all(data: bytes) -> bytes:
    """The .docx with every insertion kept and every deletion dropped."""
    return _resolve(data, accept=True)


def reject_all(data: bytes) -> bytes:
    """The .docx with every insertion dropped and every deletion restored."""
    return _resolve(data, accept=False)


def tracked_changes(data: bytes) -> Counter[tuple[str, str]]:
    """How many ``w:ins`` / ``w:del`` the main document holds, by (kind, author)."""
    z, _ = read_package(data, "")
    root = read_xml(z, main_part_name(z), "")
    counts: Counter[tuple[str, str]] = Counter()
    for kind in ("ins", "del"):
        for el in root.iter(w(kind)):
            if el.getparent() is not None and el.getparent().tag != w("rPr"):
                counts[(kind, el.get(w("author")) or "")] += 1
    return counts


def block_texts(data: bytes) -> list[str]:
    """The visible text of every body paragraph and table row, as this module reads it."""
    z, _ = read_package(data, "")
    body = read_xml(z, main_part_name(z), "").find(w("body"))
    out = []
    for child in body:
        if child.tag == w("p"):
            out.append("".join(a.char for a in block_atoms(child)))
        elif child.tag == w("tbl"):
            out.extend("".join(a.char for a in block_atoms(tr)) for tr in child if tr.tag == w("tr"))
    return out


__all__ = ["accept_all", "reject_all", "tracked_changes", "block_texts", "main_part_name"]

