"""The revised draft and its track-changes copy, written into the original .docx.

:func:`revise_docx` copies the original package part for part and rewrites
only ``word/document.xml`` (plus ``comments.xml`` and the two small files that
register it when comments are asked for). In the document it touches only the
runs an edit touches:

1. the block is found by ``Block.ref`` ("p:12", "tbl:2/r:3");
2. its visible text is collected run by run, in document order, as the reader
   sees it (:mod:`caina.io.revisions.runs`): ``w:t`` characters, ``w:tab`` as
   a space, text-wrapping ``w:br``/``w:cr`` as a newline, ``w:noBreakHyphen``
   as "-"; ``w:del``/``w:moveFrom``, field instructions and runs hidden by
   their own ``w:vanish`` draw nothing; table rows join cells with a tab and
   the paragraphs of a cell with a space;
3. ``Block.text`` is aligned with that text (identical in the common case; a
   character diff otherwise, so a reader that strips spaces or reads a symbol
   differently does not shift offsets), and every edit boundary is mapped to
   a position between two characters;
4. runs are split at those positions, each piece keeping a deep copy of the
   run's ``w:rPr``;
5. the edit is written: in a revised draft the replaced runs are removed and a
   new run carrying the replaced text's ``w:rPr`` is inserted (an insertion
   takes the formatting of the text before it, or after it for
   ``insert_before``); in a track-changes copy the replaced runs are wrapped in
   ``w:del`` (``w:t`` → ``w:delText``, bookmarks and proofing marks between
   them inside) and the new run in ``w:ins``, each with ``w:author``,
   ``w:date`` and a unique ``w:id``. Optionally a Word comment spans the change.

Every untouched paragraph, table, section, style and part stays as it was.
:func:`accept_all` and :func:`reject_all` resolve the revisions of a file
(used by the tests: accept-all equals the revised draft, reject-all the original).
Design note: docs/word-output.md.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from caina.core.model import Draft
from caina.errors import CainaError, SourceFileError
from caina.io.revisions.package import (
    accept_all,
    block_texts,
    comment_xml,
    comments_part,
    main_part_name,
    max_id,
    read_package,
    read_xml,
    reject_all,
    rels_name,
    serialize,
    tracked_changes,
    write_package,
)
from caina.io.revisions.runs import W_NS, Revision, Writer, find_block, w


def revise_docx(
    original: bytes,
    draft: Draft,
    revisions: Sequence[Revision],
    *,
    track: bool = False,
    date: str = "",
    comments: bool = False,
    where: str = "",
) -> bytes:
    """The original .docx with ``revisions`` applied (``track``: as Word revisions), as bytes.

    ``draft`` is the reviewed version read from ``original`` (its blocks' ``ref``
    name the paragraphs and rows); ``date`` is ISO 8601 ("2019-01-17T00:00:00Z").
    """
    z, infos = read_package(original, where)
    part = main_part_name(z, where)
    root = read_xml(z, part, where)
    body = root.find(w("body"))
    if body is None:
        raise SourceFileError("文件中没有正文（w:body）", path=where, fix="请确认这是 Word 文档")
    by_block: dict[tuple[str, int], list[Revision]] = {}
    for rev in revisions:
        by_block.setdefault((rev.target.part_id, rev.target.block_index), []).append(rev)
    name, comments_root, rels, types = (None, None, None, None)
    extra_roots = []
    if comments and any(r.comment for r in revisions):
        name, comments_root, rels, types = comments_part(z, part, where)
        if comments_root is not None:
            extra_roots.append(comments_root)
    writer = Writer(track=track, date=date, next_id=max_id(root, *extra_roots) + 1, comments=comments)
    for (part_id, block_index), revs in by_block.items():
        block = draft.part(part_id).blocks[block_index]
        label = draft.part(part_id).label
        place = f"{where} {label}第{block_index + 1}段".strip()
        try:
            el = find_block(body, block.ref)
        except (KeyError, IndexError):
            raise CainaError(
                f"在原稿中找不到{label}第{block_index + 1}段（{block.ref or '无位置记录'}）",
                where=where,
                fix="请确认草案在读取后没有被改动；重新运行命令即可",
            ) from None
        writer.block(el, block.text, revs, place)
    writer.finish()
    replaced = {part: serialize(root)}
    if writer.notes and name is not None:
        if comments_root is None:
            comments_root = etree.Element(w("comments"), nsmap={"w": W_NS})
        comment_xml(comments_root, writer.notes, date)
        replaced[name] = serialize(comments_root)
        replaced[rels_name(part)] = serialize(rels)
        replaced["[Content_Types].xml"] = serialize(types)
    return write_package(z, infos, replaced)


__all__ = [
    "Revision",
    "revise_docx",
    "accept_all",
    "reject_all",
    "tracked_changes",
    "block_texts",
    "find_block",
    "main_part_name",
]
