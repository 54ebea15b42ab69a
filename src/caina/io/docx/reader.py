"""Read a .docx draft into a :class:`Draft`: parts, blocks, formatting, geometry.

The walk goes through ``w:body`` in order (looking through block-level
content controls), numbering every paragraph as Word would, and:

- splits the draft into parts at a paragraph that is just ``附件1`` /
  ``附件 1`` / ``附件1：`` (any font), or just ``附件`` after the body (the
  label of a single attachment, GB/T 9704 7.3.4);
- turns each paragraph into a block (an empty one into a ``BLANK`` block:
  it takes a grid row); a page break inside a paragraph splits it into two
  blocks, the second with ``page_break_before`` and a ``@K`` ref;
- classifies blocks: the title block of GB/T 9704 7.3.1 — the paragraphs at
  the top of a part set in the title's size (2号, ≥ 18 pt), centred, before
  the body — is the title, with a "（征求意见稿）" line under it; a part whose
  first paragraph is not title-sized takes that paragraph (and centred ones of
  the same size and font right after it) as its title. A centred chapter
  heading (``第一章　总　　则``) or any numbered heading is never part of the
  title. A ``Heading N``/``标题 N`` style or ``outlineLvl`` gives the heading
  level, else the numbering pattern of the printed text (``第一章``
  ``一、`` ``（一）`` ``1.`` ``（1）``, label included) as for text drafts;
- records each section's geometry; a section that starts on a new page
  (``nextPage``/``oddPage``/``evenPage``) breaks the page before its first
  block;
- collects what it could not carry over as notes (``Draft.notes``).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path

from caina import settings
from caina.core.model import (
    MAIN_PART_ID,
    MAIN_PART_LABEL,
    Block,
    BlockKind,
    BlockStyle,
    Draft,
    LayoutFacts,
    Part,
    Typesetting,
    attachment_part,
    find_short_name,
    heading_kind,
    is_chapter_heading,
)
from caina.errors import SourceFileError, UnsafeFileError
from caina.io.docx.blockstyle import (
    Spacing,
    block_style,
    dominant,
    indents,
    label_indent,
    latin_quotes,
    word_indents,
    word_vertical,
)
from caina.io.docx.numbering import Label, Numbering
from caina.io.docx.refs import iter_blocks
from caina.io.docx.safety import FileKind, Package, check_size, open_package, refuse_kind, refuse_ole, sniff
from caina.io.docx.sections import BodyText, Section, section
from caina.io.docx.styles import Props, Styles, ppr_props, rpr_props
from caina.io.docx.tables import read_table
from caina.io.docx.text import Content, TextReader
from caina.io.docx.xml import W_NS, Element, child, number, on_off, val
from caina.io.textfile import read_limited

#: the least size of a title line (GB/T 9704: 2号 = 22 pt; 小二 18 pt is still a title, 3号 16 pt is body)
TITLE_MIN_PT = 18.0
_SUBTITLE = re.compile(r"^（[^（）]{1,20}稿）$")
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_HEADINGS = {1: BlockKind.HEADING1, 2: BlockKind.HEADING2, 3: BlockKind.HEADING3, 4: BlockKind.HEADING4}
_MAX_HEADING = 40


def read_docx(path: Path) -> Draft:
    """Read a .docx draft, refusing anything unsafe or not a Word document."""
    path = Path(path)
    if path.is_dir():
        raise SourceFileError("这是一个目录，不是草案文件", path=str(path), fix="请给出 .docx 文件")
    check_size(path)
    data = read_limited(path, what="草案文件", limit=settings.limit_bytes("max_office_mb"))
    kind = sniff(data[:8])
    if kind is FileKind.OLE:
        refuse_ole(data, str(path))
        raise SourceFileError(
            f"文件是旧版 Word/WPS 格式（.doc/.wps），扩展名却是 {path.suffix}",
            path=str(path),
            fix=f"请把扩展名改为 .doc 后交给 caina（装有 LibreOffice 时自动转换），或在 Word/WPS 中另存为 .docx；"
            f"也可运行 soffice --headless --convert-to docx {path.name}",
        )
    if kind is not FileKind.ZIP:
        refuse_kind(kind, str(path), path.suffix or "（无）")
    return read_docx_bytes(data, source=str(path))


def read_docx_bytes(data: bytes, *, source: str = "") -> Draft:
    """Read a .docx held in memory (``source`` names it in messages), through the guarded door."""
    package = open_package(data, "docx", name=source)
    return Builder(package).build(package.document())


class Builder:
    """One pass over the document body; also the context tables read through."""

    def __init__(self, package: Package) -> None:
        main = package.main
        self.package = package
        self.source = package.source
        self.styles = Styles(_xml(package, main, "/styles"), _xml(package, main, "/theme"))
        self.numbering = Numbering(_xml(package, main, "/numbering"), self.styles)
        settings = _xml(package, main, "/settings")
        tab = number(val(child(settings, "defaultTabStop")) if settings is not None else None)
        self.default_tab_pt = (tab or 720) / 20
        self.gutter_at_top = bool(on_off(child(settings, "gutterAtTop"))) if settings is not None else False
        self.typesetting = typesetting(settings, _application(package))
        comments = _xml(package, main, "/comments")
        self.counts: Counter[str] = Counter()
        if comments is not None:
            self.counts["comment_notes"] = len(comments.findall(f"{{{W_NS}}}comment"))
        self.text = TextReader(self.styles)
        self.spacing = Spacing()
        props = self.styles.paragraph(None, None, {})
        run = self.styles.run(None, None, {})
        line = props.get("line:line")
        self.body = BodyText(
            size_pt=run.size_pt,
            spacing_pt=run.spacing_pt,
            line_rule=str(props.get("line:lineRule") or "auto"),
            line_value=float(line) if isinstance(line, float) else None,
        )

    # -- the walk ------------------------------------------------------------

    def build(self, document: Element) -> Draft:
        body = child(document, "body")
        if body is None:
            raise SourceFileError("文件已损坏：Word 正文中没有 w:body", path=self.source, fix="请在 Word/WPS 中另存为 .docx")
        items = list(iter_blocks(body))
        _check_size(body, len(items), self.source)
        sect_prs: list[Element | None] = []
        owner: list[int] = []
        for kind, el, _ in items:
            owner.append(len(sect_prs))
            if kind == "p":
                sp = child(child(el, "pPr"), "sectPr")
                if sp is not None:
                    sect_prs.append(sp)
        sect_prs.append(child(body, "sectPr"))
        self.sections = [
            section(sp, self.body, gutter_at_top=self.gutter_at_top, index=k) for k, sp in enumerate(sect_prs)
        ]
        self.page = self.sections[0].page
        self.parts: list[Part] = []
        self.parts_without_grid = 0
        self._start_part(MAIN_PART_ID, MAIN_PART_LABEL, self.sections[owner[0] if owner else 0])
        self.pending_break = False
        self.pending_column = False  # a column break (w:br w:type="column", a nextColumn section) before the next block
        self.table_id = -1
        for i, (kind, el, ref) in enumerate(items):
            sec = self.sections[owner[i]]
            if i > 0 and owner[i] != owner[i - 1]:
                if sec.start == "nextColumn":
                    self.pending_column = True
                elif sec.start != "continuous":
                    self.pending_break = True
                if sec.start in ("oddPage", "evenPage"):
                    self.counts["odd_even_sections"] += 1
            if kind == "p":
                self._paragraph(el, ref, sec)
            else:
                self.table_id += 1
                rows = read_table(self, el, ref, sec, self.table_id, self.pending_break)
                if rows:
                    self.pending_break = self.pending_column = False
                    self.blocks.extend(rows)
                    self.title_open = False
                    self.seen_content = True
            if sec.page != self.part_page:
                self.counts["mixed_geometry"] += 1
        self._close_part()
        if self.text.fields:
            self.counts["unclosed_fields"] += 1
        return self._draft()

    def _start_part(self, pid: str, label: str, sec: Section) -> None:
        self.pid, self.plabel = pid, label
        self.blocks: list[Block] = []
        self.part_page = sec.page
        self.parts_without_grid += sec.assumed_grid  # this part is laid out on a page without a grid
        self.title_open = True
        self.seen_content = False
        self.title_style: BlockStyle | None = None  # the style of the part's first title line

    def _close_part(self) -> None:
        page = self.part_page if self.part_page != self.page else None
        self.parts.append(Part(self.pid, self.plabel, tuple(self.blocks), page))

    # -- paragraphs ----------------------------------------------------------

    def _paragraph(self, p: Element, ref: str, sec: Section) -> None:
        ppr = child(p, "pPr")
        pstyle = val(child(ppr, "pStyle"))
        direct = ppr_props(ppr)
        props = self.styles.paragraph(pstyle, None, direct)
        mark = self.styles.run(pstyle, None, rpr_props(child(ppr, "rPr")))
        content = self.text.paragraph(p, pstyle, None)
        if mark.hidden and not content.text.strip():
            self.counts["hidden"] += 1
            return
        label: Label | None = None
        num_id = props.get("numId:")
        if isinstance(num_id, float) and num_id:
            label = self.numbering.next_label(str(int(num_id)), int(props.get("ilvl:") or 0))  # type: ignore[call-overload]
            if label is not None and label.level.ppr:
                props = self.styles.paragraph(pstyle, None, direct, label.level.ppr)
        if props.get("pageBreakBefore:"):
            self.pending_break = True
        if props.get("frame:"):
            self.counts["frames"] += 1
        text = content.text
        bounds = [0, *sorted(set(content.breaks)), len(text)]
        segments = list(itertools.pairwise(bounds))
        for k, (s, e) in enumerate(segments):
            if k > 0:
                if s in content.column_breaks and content.breaks.count(s) == content.column_breaks.count(s):
                    self.pending_column = True  # only column breaks here: the next column
                else:
                    self.pending_break = True
            if s == e and len(segments) > 1:
                continue  # nothing on this side of the page break
            self._segment(
                text[s:e], f"{ref}@{s}" if s else ref, props, pstyle, content, s, e, sec,
                label=label if k == 0 else None, first=k == 0, last=k == len(segments) - 1, mark=mark,
            )

    def _segment(
        self, text: str, ref: str, props: Props, pstyle: str | None, content: Content,
        start: int, end: int, sec: Section, *, label: Label | None, first: bool, last: bool, mark: object,
    ) -> None:
        page = sec.page
        pieces, offset = [], 0
        for pc in content.pieces:
            if offset < end and offset + len(pc.text) > start:
                pieces.append(pc)
            offset += len(pc.text)
        run, size = dominant(pieces, mark)  # type: ignore[arg-type]
        stripped = text.strip()
        label_text = label.text if label is not None else ""
        f, left, right = indents(props, page)
        wf, wl, wr = word_indents(props, page, run.size_pt)
        if label is not None and (label_text or label.level.suffix != "tab"):
            f = label_indent(label, run.size_pt, f, left, props, page, self.default_tab_pt)
            wf = f * page.char_pitch_pt  # the label's tab stop: as the LibreOffice-measured layout
        vertical = word_vertical(
            props, run, max(size, run.size_pt), sec, cjk=_CJK.search(text) is not None, image_pt=content.image_height_pt
        )
        off_grid = bool(vertical)  # set at Word's heights under the Word profiles, not on grid rows
        before = self.spacing.rows(props, "before", page, off_grid=off_grid) if first else 0
        after = self.spacing.rows(props, "after", page, off_grid=off_grid) if last else 0
        style, fractional = block_style(
            props, run, max(size, run.size_pt), sec, page=page, space_before=before, space_after=after,
            page_break=self.pending_break, column_break=self.pending_column and not self.pending_break, keep_next=bool(props.get("keepNext:")) and last,
            first=f, left=left, right=right, image_pt=content.image_height_pt, blank=not stripped and not label_text,
            word_indent_pt=(round(wf, 4), round(wl, 4), round(wr, 4)), body_spacing_pt=self.body.spacing_pt,
            vertical=vertical,
            quotes_latin=latin_quotes(pieces),
        )
        if fractional:
            self.counts["fractional_lines_off_grid" if off_grid else "fractional_lines"] += 1
        self.pending_break = self.pending_column = False
        att = attachment_part(stripped) if not label_text and len(stripped) <= 6 else None
        if att is not None and not self.seen_content and self.pid == MAIN_PART_ID:
            # "附件" / "附件2" above the title: the draft is itself an attachment of a letter
            self.blocks.append(Block(BlockKind.ATTACHMENT_LABEL, text, style, ref=ref))
            return
        if att is not None:
            self._close_part()
            self._start_part(*att, sec)
            self.blocks.append(Block(BlockKind.ATTACHMENT_LABEL, text, style, ref=ref))
            return
        if not stripped and not label_text:
            self.blocks.append(Block(BlockKind.BLANK, text, style, ref=ref))
            return
        kind = self._kind(stripped, label_text, props, pstyle, style)
        if kind is BlockKind.TITLE and self.title_style is None:
            self.title_style = style
        if kind is not BlockKind.TITLE:
            self.title_open = False
        self.seen_content = True
        self.blocks.append(Block(kind, text, style, ref=ref, label=label_text))

    def _is_title(self, printed: str, name: str, style: BlockStyle) -> bool:
        """Whether a paragraph at the top of a part belongs to its title block (see the module docstring)."""
        if name.lower() in ("title", "标题"):
            return True
        centered = style.align.value == "center"
        if self.title_style is None:  # the part's first text
            return not is_chapter_heading(printed)
        if not centered or heading_kind(printed) is not None:
            return False
        if _SUBTITLE.match(printed):
            return True
        first = self.title_style
        if first.font_size_pt >= TITLE_MIN_PT:  # a proper title block: every line 2号
            return style.font_size_pt >= TITLE_MIN_PT
        # a title typed in body size: more lines only in the same size and font
        return style.font_size_pt == first.font_size_pt and style.font_role == first.font_role

    def _kind(self, stripped: str, label: str, props: Props, pstyle: str | None, style: BlockStyle) -> BlockKind:
        name = self.styles.name(pstyle).strip()
        if self.title_open and self._is_title(label + stripped, name, style):
            return BlockKind.TITLE
        m = _HEADING_STYLE.match(name)
        level = int(m.group(1)) if m else None
        outline = props.get("outlineLvl:")
        if level is None and isinstance(outline, float) and 0 <= outline < 9:
            level = int(outline) + 1
        if level is not None:
            return _HEADINGS.get(level, BlockKind.BODY)
        printed = label + stripped
        kind = heading_kind(printed)
        if kind is not None and len(printed) <= _MAX_HEADING and "。" not in printed[:-1]:
            return kind
        return BlockKind.BODY

    # -- the draft -----------------------------------------------------------

    def _draft(self) -> Draft:
        main = self.parts[0]
        title = "".join(
            b.text.strip().replace("\n", "")
            for b in main.blocks
            if b.kind is BlockKind.TITLE and not _SUBTITLE.match(b.text.strip())
        )
        if not title:
            if not any(b.kind is not BlockKind.BLANK for p in self.parts for b in p.blocks):
                raise SourceFileError("草案是空的：没有任何文字", path=self.source, fix="请核对文件是否为草案正文")
            raise SourceFileError("草案没有标题", path=self.source, fix="请确认正文第一段是文件标题")
        parts = tuple(self.parts)
        return Draft(
            title=title,
            parts=parts,
            page=self.page,
            short_name=find_short_name(parts),
            source=self.source,
            notes=(
                *notes(self.counts, self.text.counts),
                *dict.fromkeys(n for s in self.sections for n in s.notes),
                *self.package.notes,
            ),
            typesetting=self.typesetting,
            layout_facts=LayoutFacts(
                sections=len(self.sections),
                sections_without_grid=sum(s.assumed_grid for s in self.sections),
                parts_without_grid=self.parts_without_grid,
                fractional_lines_on_grid=self.counts["fractional_lines"],
                fractional_lines_off_grid=self.counts["fractional_lines_off_grid"],
                fractional_spacing_on_grid=self.spacing.fractional,
                fractional_spacing_off_grid=self.spacing.fractional_off_grid,
            ),
        )


def _check_size(body: Element, items: int, source: str) -> None:
    """Refuse a body with more paragraphs and table rows than the ``max_blocks`` setting allows."""
    limit = settings.limit("max_blocks")
    count = items + sum(1 for _ in body.iter(f"{{{W_NS}}}tr"))
    if count > limit:
        raise UnsafeFileError(
            f"草案有 {count} 个段落和表格行，超过上限 {limit}，未读取",
            path=source,
            fix="请确认选对了文件；确需读取，请调高设置 CAINA_MAX_BLOCKS（见 docs/settings.md）",
        )


def _application(package: Package) -> str:
    """The program that saved the package (docProps/app.xml ``Application``), "" when not said."""
    if not package.has("docProps/app.xml"):
        return ""
    try:
        root = package.xml("docProps/app.xml")
    except SourceFileError:
        return ""
    if root is None:
        return ""
    for el in root:
        if str(el.tag).endswith("}Application"):
            return (el.text or "").strip()[:200]
    return ""


_CJK = re.compile(r"[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]")


def typesetting(settings: Element | None, made_by: str = "") -> Typesetting:
    """What w:settings says about setting the text: punctuation compression, half-width grid spacing."""
    if settings is None:
        return Typesetting(made_by=made_by)
    control = val(child(settings, "characterSpacingControl")) or ""
    compat = child(settings, "compat")
    return Typesetting(
        compress_punctuation=control.startswith("compressPunctuation"),
        balance_half_width=bool(on_off(child(compat, "balanceSingleByteDoubleByteWidth"))) if compat is not None else False,
        made_by=made_by,
    )


def _xml(package: Package, main: str, rel: str) -> Element | None:
    name = package.related(main, rel)
    return package.xml(name) if name else None


def notes(counts: Counter[str], text: Counter[str]) -> tuple[str, ...]:
    """What the reader could not carry over exactly, in Chinese. What the layout profile decides (no grid,
    rows that are not whole) is recorded as :class:`LayoutFacts` and worded with the layout
    (:mod:`caina.core.layout_notes`)."""
    c = counts + text
    out: list[str] = []
    if c["ins"] or c["del"]:
        out.append(
            f"草案含有修订（插入{c['ins']}处、删除{c['del']}处）：已按“接受全部修订”后的文字排版和定位；"
            "建议先在 Word/WPS 中接受或拒绝全部修订后再定稿送审"
        )
    if c["mark_deleted"]:
        out.append(f"有{c['mark_deleted']}处修订删除了段落标记：接受后两段应合为一段，这里仍按两段排版")
    if c["comment_notes"]:
        out.append(f"草案含有{c['comment_notes']}条批注：批注不属于正文，未读入、未排版")
    if c["notes"]:
        out.append(f"草案含有{c['notes']}处脚注/尾注：脚注内容未排版，所在页的行数可能与打印稿不符")
    if c["pictures"]:
        out.append(f"草案含有{c['pictures']}个图片/图形：嵌入型图片按其高度占行，浮动图片未排版")
    if c["text_boxes"]:
        out.append(f"草案含有{c['text_boxes']}个文本框：文本框中的文字未读入")
    if c["hidden"]:
        out.append("草案含有隐藏文字：隐藏文字不打印，未计入")
    if c["frames"]:
        out.append(f"有{c['frames']}个段落放在图文框中：按普通段落排版")
    if c["math"]:
        out.append(f"草案含有{c['math']}个公式：按公式中的文字排版，宽度可能不准")
    if c["odd_even_sections"]:
        out.append("有分节从奇数页或偶数页开始：按下一页开始排版，未插入空白页")
    if c["mixed_geometry"]:
        out.append("同一部分（正文或某个附件）中各节的页面设置不同：按该部分第一节的页面排版")
    if c["unclosed_fields"]:
        out.append("有域代码没有结束标记（文件可能已损坏）：其后的文字可能未读入，请在 Word/WPS 中更新域或另存后再试")
    if c["table_labels"]:
        out.append(f"表格中有{c['table_labels']}个自动编号：编号未计入单元格宽度")
    if c["nested_tables"]:
        out.append(f"有{c['nested_tables']}个表格嵌套在单元格中：按单元格文字排版")
    if c["table_breaks"]:
        out.append("表格单元格中有分页符：未按分页处理")
    return tuple(out)


__all__ = ["read_docx", "read_docx_bytes", "Builder", "notes"]
