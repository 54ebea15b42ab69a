"""The document model: a draft (草案) made of parts (正文, 附件1…N) made of blocks.

Plain frozen dataclasses, no I/O. Readers in :mod:`caina.io` build them;
the layout engine, locators, edits and reports read them.

Text addressing: a position in a draft is ``(part_id, block_index, offset)``
where ``offset`` indexes ``Block.text``. A table row is one block whose
``text`` is its cells joined by :data:`CELL_SEP` (a tab, which never occurs in
cell text); so one offset space serves paragraphs and table rows alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

CELL_SEP = "\t"

MAIN_PART_ID = "main"
MAIN_PART_LABEL = "正文"

# 1 mm in points
MM = 72 / 25.4


class BlockKind(StrEnum):
    TITLE = "title"  # 标题 (the draft's or an attachment's)
    ATTACHMENT_LABEL = "attachment_label"  # "附件1" at the top of an attachment
    CHAPTER = "chapter"  # 第一章　总　　则 (also 第X编, 第X节): a centred heading of a regulation
    HEADING1 = "heading1"  # 一、
    HEADING2 = "heading2"  # （一）
    HEADING3 = "heading3"  # 1.
    HEADING4 = "heading4"  # （1）
    BODY = "body"  # 正文段落
    TABLE_ROW = "table_row"  # one row of a table; text = cells joined by CELL_SEP
    BLANK = "blank"  # an empty paragraph: takes a grid row, is not a counted line

    @property
    def heading_level(self) -> int:
        return {"heading1": 1, "heading2": 2, "heading3": 3, "heading4": 4}.get(self.value, 0)

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    BlockKind.TITLE: "标题",
    BlockKind.ATTACHMENT_LABEL: "附件标识",
    BlockKind.CHAPTER: "章节标题",
    BlockKind.HEADING1: "一级标题",
    BlockKind.HEADING2: "二级标题",
    BlockKind.HEADING3: "三级标题",
    BlockKind.HEADING4: "四级标题",
    BlockKind.BODY: "正文",
    BlockKind.TABLE_ROW: "表格行",
    BlockKind.BLANK: "空行",
}


@dataclass(frozen=True, slots=True)
class Columns:
    """A section's text columns (``w:sectPr/w:cols`` with more than one column), in points.

    ``starts[i]`` is column i's left edge from the page's left edge, ``widths[i]`` its text width; text
    flows down column 1, then column 2 … then on to the next page. ``section`` tells the sections of a
    document apart (two consecutive sections with the same columns still end one column set and begin
    another); ``separator`` is ``w:sep`` (a line drawn between the columns).
    """

    starts: tuple[float, ...]
    widths: tuple[float, ...]
    separator: bool = False
    section: int = 0

    def __post_init__(self) -> None:
        if len(self.starts) != len(self.widths) or not self.widths:
            raise ValueError("columns need as many starts as widths, and at least one")

    @property
    def count(self) -> int:
        return len(self.widths)

    @property
    def spans(self) -> tuple[tuple[float, float], ...]:
        """(left, right) of each column from the page's left edge."""
        return tuple((x, x + w) for x, w in zip(self.starts, self.widths, strict=True))

    @staticmethod
    def equal(count: int, space_pt: float, left_pt: float, text_width_pt: float, **kw: object) -> Columns:
        """``count`` columns of equal width, ``space_pt`` apart, across a text block of ``text_width_pt``
        starting ``left_pt`` from the page's left edge (Word: (width − (count − 1) · space) / count)."""
        width = (text_width_pt - (count - 1) * space_pt) / count
        starts = tuple(left_pt + i * (width + space_pt) for i in range(count))
        return Columns(starts, (width,) * count, **kw)  # type: ignore[arg-type]


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"
    JUSTIFY = "justify"


@dataclass(frozen=True, slots=True)
class BlockStyle:
    """Layout properties of one block, in the units a typesetter uses.

    Indents are in 字 (multiples of the grid's character pitch) so that a
    draft keeps its look when the grid changes.
    """

    font_size_pt: float = 16.0  # 3号
    font_role: str = "fangsong"  # fangsong / heiti / kaiti / xiaobiaosong / songti
    bold: bool = False
    align: Align = Align.JUSTIFY
    first_line_indent_chars: float = 2.0
    left_indent_chars: float = 0.0
    right_indent_chars: float = 0.0
    space_before_rows: int = 0  # empty grid rows before the block
    space_after_rows: int = 0
    keep_with_next: bool = False
    keep_lines: bool = False  # w:keepLines: the paragraph's lines stay on one page
    page_break_before: bool = False
    # grid rows one line of this block occupies; 0 = derive from font size
    rows_per_line: int = 0
    # the (first-line, left, right) indents in points as Word computes them from the .docx
    # (``*Chars`` × the grid's pitch, or × the paragraph's own size without a character grid,
    # rounded to whole twips; else the twips); () when unknown (a text draft). Used by layouts
    # with ``LayoutSettings.word_indents``
    word_indent_pt: tuple[float, float, float] | tuple[()] = ()
    # the Latin (w:ascii) font of the block's dominant run ("" = unknown: Times metrics)
    latin_font: str = ""
    # widow/orphan control (w:widowControl) as the .docx says; None: it does not say (LayoutSettings
    # .widow_control_unset decides)
    widow_control: bool | None = None
    # the dominant run's own character spacing (w:spacing) in points when it differs from the
    # body text's; None = the page's (PageSetup.char_spacing_pt). On a character grid it adds to
    # the grid's spacing
    char_spacing_pt: float | None = None
    # (line height, space before, space after) in points as Word sets a paragraph that does not snap
    # to a line grid (no grid, exact spacing, w:snapToGrid off): the font's own line height times the
    # spacing; () when it snaps, or is not known. Used with LayoutSettings.word_vertical
    word_vertical: tuple[float, float, float] | tuple[()] = ()
    # the part of that line height a multiple line spacing (w:line > 240, auto) adds below the text, in points
    # (LayoutSettings.leading_past_bottom)
    word_leading_pt: float = 0.0
    # the dominant run's horizontal scale (w:w / 100): characters 1.5 × as wide at 150 %
    char_scale: float = 1.0
    # the dominant run is bold in an East-Asian font that has no bold face (宋体, 仿宋, 楷体, 黑体, 小标宋 …):
    # the program draws it emboldened (LayoutSettings.faux_bold_em)
    faux_bold: bool = False
    # most of the block's “ ” ‘ ’ are in runs that Word draws in their Latin font (no w:hint="eastAsia" on the
    # run, a Latin font or one with narrow quotes): half width (LayoutSettings.quotes_by_hint)
    latin_quotes: bool = False
    # the text columns of the block's section (w:cols, more than one); None: one column across the text block
    columns: Columns | None = None
    # a column break (w:br w:type="column") before the block: it starts at the top of the next column (the next
    # page in a one-column section)
    column_break_before: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, heading, title or table row."""

    kind: BlockKind
    text: str
    style: BlockStyle = field(default_factory=BlockStyle)
    # table rows only: relative column widths (sum need not be 1) and header flag
    col_widths: tuple[float, ...] = ()
    header: bool = False
    table_id: int = -1  # which table of the part the row belongs to
    # where the block came from in its source file, for writers that change the
    # original in place: "p:12" = the 13th w:p child of w:body; "tbl:2/r:3" = row 4 of
    # the 3rd w:tbl. Empty for drafts read from text. Grammar in docs/docx.md
    # ("sdt:0/p:1" inside a content control; "p:12@40" = a block that starts at
    # character 40 of that paragraph, after a page break inside it).
    ref: str = ""
    # automatic numbering printed before the text ("一、", "（一）") in a .docx:
    # not part of ``text`` (quotes and edits never address it); its width is
    # already in ``style.first_line_indent_chars``
    label: str = ""
    # table rows only: the table is Word's autofit layout (no w:tblLayout fixed): a column widens to hold
    # its longest unbreakable word (LayoutSettings.table_autofit)
    autofit: bool = False

    @property
    def cells(self) -> tuple[str, ...]:
        if self.kind is BlockKind.TABLE_ROW:
            return tuple(self.text.split(CELL_SEP))
        return (self.text,)

    def cell_at(self, offset: int) -> tuple[int, int, int]:
        """(cell index, cell start offset, cell end offset) containing ``offset``."""
        start = 0
        for i, cell in enumerate(self.cells):
            end = start + len(cell)
            if offset <= end:
                return i, start, end
            start = end + len(CELL_SEP)
        raise IndexError(offset)


@dataclass(frozen=True, slots=True)
class Part:
    """正文 or one 附件."""

    id: str  # "main", "att1", "att3"
    label: str  # "正文", "附件1"
    blocks: tuple[Block, ...]
    # the part's own page geometry when its section differs from Draft.page
    # (e.g. a landscape attachment); None = Draft.page
    page: PageSetup | None = None

    @property
    def is_main(self) -> bool:
        return self.id == MAIN_PART_ID

    @property
    def title(self) -> str:
        return "".join(b.text for b in self.blocks if b.kind is BlockKind.TITLE)

    def table_header(self, block_index: int) -> tuple[str, ...]:
        """Header cells of the table holding block ``block_index`` (empty if none)."""
        block = self.blocks[block_index]
        if block.kind is not BlockKind.TABLE_ROW:
            return ()
        for b in self.blocks:  # the first row of the table is its header
            if b.kind is BlockKind.TABLE_ROW and b.table_id == block.table_id:
                return b.cells
        return ()


@dataclass(frozen=True, slots=True)
class PageSetup:
    """Page geometry and type grid (GB/T 9704 defaults)."""

    page_width_pt: float = 210 * MM
    page_height_pt: float = 297 * MM
    margin_top_pt: float = 37 * MM
    margin_bottom_pt: float = 35 * MM
    margin_left_pt: float = 28 * MM
    margin_right_pt: float = 26 * MM
    lines_per_page: int = 22
    chars_per_line: int = 28
    body_size_pt: float = 16.0
    # run spacing applied to every character (LibreOffice normalisation: -0.25 pt)
    char_spacing_pt: float = -0.25
    # the spacing is Word's character grid (docGrid linesAndChars/snapToChars):
    # every character sits on the grid pitch, the last of a script run and of a
    # line included, so nothing is given back at run ends (a 28-字 line of the
    # standard template fills 442.2 pt exactly); False = run spacing as
    # LibreOffice applies it (given back at each run end)
    char_grid: bool = False
    # the section has a line grid (w:docGrid lines/linesAndChars/snapToChars, or a text draft's GB/T 9704
    # grid): lines snap to its rows; False for a .docx section without one (lines at their fonts' heights)
    line_grid: bool = True
    # the line grid's own pitch (w:docGrid/@w:linePitch) in points: Word sets a line on the grid at a
    # whole number of these (a page of 637.8 pt on a 15.6 pt grid holds 40 rows and 12.2 pt over);
    # 0 = unknown (the text height over lines_per_page, as a text draft's GB/T 9704 grid)
    grid_pitch_pt: float = 0.0

    @property
    def text_width_pt(self) -> float:
        return self.page_width_pt - self.margin_left_pt - self.margin_right_pt

    @property
    def text_height_pt(self) -> float:
        return self.page_height_pt - self.margin_top_pt - self.margin_bottom_pt

    @property
    def char_pitch_pt(self) -> float:
        """Width of one 字 on the grid (442.2 / 28 = 15.79 pt by default)."""
        return self.text_width_pt / self.chars_per_line

    @property
    def line_pitch_pt(self) -> float:
        return self.text_height_pt / self.lines_per_page



@dataclass(frozen=True, slots=True)
class Typesetting:
    """What a .docx's settings say about setting its text (``w:settings``); defaults for a text draft."""

    # w:characterSpacingControl is compressPunctuation or compressPunctuationAndJapaneseKana
    compress_punctuation: bool = False
    # w:compat/w:balanceSingleByteDoubleByteWidth: half-width characters get half the grid's spacing
    balance_half_width: bool = False
    made_by: str = ""  # the application that saved it (docProps/app.xml), e.g. "Microsoft Office Word", "WPS Office"


@dataclass(frozen=True, slots=True)
class LayoutFacts:
    """What a reader found in the draft that each layout profile sets its own way: the facts only, no wording.

    Under GB/T 9704 (rows of a line grid) a section without a grid takes 22 rows a page and a line height or
    a space before/after that is not whole rows is rounded to rows; under Word's heights
    (``LayoutSettings.word_vertical``) the paragraphs that do not snap to a line grid keep their own heights
    in points. :func:`caina.core.layout_notes.layout_notes` words them for the layout actually used."""

    # sections with neither a line grid (w:docGrid) nor a fixed body line spacing (exact/atLeast), of all;
    # parts (正文, 附件) whose page comes from such a section (a part is laid out on its first section's page)
    sections: int = 1
    sections_without_grid: int = 0
    parts_without_grid: int = 0
    # paragraphs (and table rows) whose line height is not a whole number of grid rows: those that snap to
    # the section's line grid, and those that do not (no grid, exact spacing, w:snapToGrid off)
    fractional_lines_on_grid: int = 0
    fractional_lines_off_grid: int = 0
    # spaces before/after that are not whole rows: on paragraphs snapping to the grid, and on the others
    fractional_spacing_on_grid: int = 0
    fractional_spacing_off_grid: int = 0


_SHORT_NAME = re.compile(r"以下简称(《[^《》]{1,40}》|“[^“”]{1,40}”)")


@dataclass(frozen=True, slots=True)
class Draft:
    """A draft (草案): title, short name, parts, page setup.

    ``id`` is stable across versions; ``version`` increases with every applied
    set of edits.
    """

    title: str
    parts: tuple[Part, ...]
    page: PageSetup = field(default_factory=PageSetup)
    short_name: str = ""
    id: str = "draft"
    version: int = 1
    source: str = ""
    # what a reader could not take over exactly (tracked changes accepted,
    # comments and footnotes left out …), one Chinese sentence each
    notes: tuple[str, ...] = ()
    typesetting: Typesetting = field(default_factory=Typesetting)
    # what the reader found that the layout profile decides how to set (no grid, fractional rows);
    # worded with the layout (caina.core.pages.Layout.notes), not here: the profile is chosen later
    layout_facts: LayoutFacts = field(default_factory=LayoutFacts)

    @property
    def main(self) -> Part:
        return self.parts[0]

    def part(self, key: str) -> Part:
        """Part by id ("att1") or label ("附件1", "正文").

        A draft with a single attachment labels it "附件" (GB/T 9704 7.3.4 numbers
        attachments only when there are several): there "附件" and "附件1" name the
        same part, whichever label the draft prints.
        """
        for p in self.parts:
            if key in (p.id, p.label):
                return p
        single = self.single_attachment
        if single is not None and normalise_part_label(key) in (ATTACHMENT_LABEL, f"{ATTACHMENT_LABEL}1"):
            return single
        raise KeyError(key)

    def has_part(self, key: str) -> bool:
        try:
            self.part(key)
        except KeyError:
            return False
        return True

    @property
    def text_columns(self) -> Columns | None:
        """The text columns most of the draft's column-set blocks stand in (None: the draft has none)."""
        count: dict[Columns, int] = {}
        for part in self.parts:
            for block in part.blocks:
                cols = block.style.columns
                if cols is not None:
                    count[cols] = count.get(cols, 0) + 1
        return max(count, key=count.__getitem__) if count else None

    @property
    def attachments(self) -> tuple[Part, ...]:
        return tuple(p for p in self.parts if not p.is_main)

    @property
    def single_attachment(self) -> Part | None:
        """The attachment, when the draft has exactly one."""
        atts = self.attachments
        return atts[0] if len(atts) == 1 else None

    @property
    def doc_name(self) -> str:
        """How the report names the draft: the short name (declared, else derived from
        the title's genre word: 《办法》, 《实施方案》), else 《title》."""
        return self.report_short_name or f"《{self.title}》"

    @property
    def report_short_name(self) -> str:
        """The short name the report introduces: the draft's own (以下简称《…》), else the
        genre word of its title (:func:`derive_short_name`); empty when neither exists."""
        return self.short_name or derive_short_name(self.title)

    def named(self, title: str = "", short_name: str = "") -> Draft:
        """The draft with the title and short name a review.yaml gives (``title:``/``short_name:``),
        where the draft's own title block or 以下简称 is not what the report should say."""
        if not title and not short_name:
            return self
        return replace(self, title=title or self.title, short_name=short_name or self.short_name)

    def with_parts(self, parts: tuple[Part, ...], *, bump: bool = True) -> Draft:
        return replace(self, parts=parts, version=self.version + (1 if bump else 0))


ATTACHMENT_LABEL = "附件"
_PART_LABEL = re.compile(r"^附\s*件\s*([0-9０-９]*)\s*[：:]?$")
_WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def normalise_part_label(text: str) -> str:
    """"附件 1" / "附件１：" → "附件1"; "附　件" → "附件"; other text unchanged (stripped)."""
    t = text.strip()
    m = _PART_LABEL.match(t)
    if not m:
        return t
    digits = m.group(1).translate(_WIDE_DIGITS)
    return ATTACHMENT_LABEL + (str(int(digits)) if digits else "")


def attachment_part(line: str) -> tuple[str, str] | None:
    """("att3", "附件3") for a line that is just an attachment label ("附件3", "附件 3：", "附件");
    ("att", "附件") for the bare label a single attachment carries. None for any other line."""
    label = normalise_part_label(line)
    if not _PART_LABEL.match(line.strip()) or label == ATTACHMENT_LABEL + "0":
        return None
    number = label[len(ATTACHMENT_LABEL) :]
    return (f"att{number}", label) if number else ("att", ATTACHMENT_LABEL)


# a title's genre word → the short name a report calls the document by when the draft
# declares none (以下简称…): the longest ending wins ("实施方案" before "方案")
_GENRES = (
    "实施细则", "管理办法", "暂行办法", "试行办法", "实施办法", "办法", "实施方案", "工作方案", "行动方案", "方案",
    "实施意见", "指导意见", "若干意见", "意见", "暂行规定", "若干规定", "规定", "细则", "规则", "行动计划", "计划",
    "规划", "条例", "决定", "通知", "措施", "若干措施", "制度", "指引", "标准", "章程", "准则", "纲要", "守则",
)  # fmt: skip
_SHORT_OF = {
    "管理办法": "办法", "暂行办法": "办法", "试行办法": "办法", "实施办法": "办法", "若干意见": "意见",
    "暂行规定": "规定", "若干规定": "规定", "若干措施": "措施",
}  # fmt: skip
_TITLE_TAIL = re.compile(r"[（(〔【][^（）()〔〕【】]*[）)〕】]\s*$")


def derive_short_name(title: str) -> str:
    """The short name a report uses for a draft that declares none: the genre word its title
    ends with, "云溪县……管理办法" → 《办法》, "……三年行动实施方案（2018—2020年）" → 《实施方案》,
    "……办法（试行）（征求意见稿）" → 《办法》; "" when the title ends otherwise."""
    t = title.strip()
    while True:  # drop trailing brackets: （试行） （2018—2020年） （征求意见稿）
        stripped = _TITLE_TAIL.sub("", t).strip()
        if stripped == t:
            break
        t = stripped
    t = t.rstrip("》").strip()
    for genre in sorted(_GENRES, key=len, reverse=True):
        if t.endswith(genre) and len(t) > len(genre):
            return f"《{_SHORT_OF.get(genre, genre)}》"
    return ""


def find_short_name(parts: tuple[Part, ...]) -> str:
    """The short name declared by "（以下简称《实施方案》）", with its brackets."""
    for part in parts:
        for block in part.blocks:
            m = _SHORT_NAME.search(block.text)
            if m:
                return m.group(1)
    return ""


# Heading numbering patterns of GB/T 9704 7.3.3 (一、 （一） 1. （1）)
_CN_NUM = "一二三四五六七八九十百〇零两"
HEADING_PATTERNS: tuple[tuple[BlockKind, re.Pattern[str]], ...] = (
    (BlockKind.HEADING1, re.compile(rf"^[{_CN_NUM}]+、")),
    (BlockKind.HEADING2, re.compile(rf"^[（(][{_CN_NUM}]+[）)]")),
    (BlockKind.HEADING3, re.compile(r"^[0-9０-９]+[.．](?![0-9])")),
    (BlockKind.HEADING4, re.compile(r"^[（(][0-9０-９]+[）)]")),
)


# 第一章　总　　则 / 第二节 申报 / 第一编: the structure headings of a regulation (办法, 条例, 规定)
CHAPTER_RE = re.compile(rf"^第[{_CN_NUM}0-9０-９]+[编章节](?:[\s\u3000]|$)")
_MAX_CHAPTER = 30


def is_chapter_heading(text: str) -> bool:
    """"第一章　总　　则": a short line that opens a chapter (编/章/节) of a regulation."""
    t = text.strip()
    return bool(CHAPTER_RE.match(t)) and len(t) <= _MAX_CHAPTER and not re.search(r"[。；，：]", t)


def heading_kind(text: str) -> BlockKind | None:
    """The heading level a paragraph's numbering implies, if any."""
    if is_chapter_heading(text):
        return BlockKind.CHAPTER
    for kind, pattern in HEADING_PATTERNS:
        if pattern.match(text):
            return kind
    return None


def default_style(kind: BlockKind, *, in_main: bool = True) -> BlockStyle:
    """GB/T 9704 default style for a block kind (used when the source has none)."""
    if kind is BlockKind.TITLE:
        return BlockStyle(
            font_size_pt=22.0,
            font_role="xiaobiaosong",
            align=Align.CENTER,
            first_line_indent_chars=0.0,
            space_after_rows=1,
            keep_with_next=True,
        )
    if kind is BlockKind.ATTACHMENT_LABEL:
        return BlockStyle(font_role="heiti", align=Align.LEFT, first_line_indent_chars=0.0, keep_with_next=True)
    if kind is BlockKind.CHAPTER:
        return BlockStyle(font_role="heiti", align=Align.CENTER, first_line_indent_chars=0.0, keep_with_next=True)
    # Headings are typed as plain paragraphs in most office drafts (no keepNext).
    if kind is BlockKind.HEADING1:
        return BlockStyle(font_role="heiti")
    if kind is BlockKind.HEADING2:
        return BlockStyle(font_role="kaiti")
    if kind is BlockKind.TABLE_ROW:
        return BlockStyle(font_size_pt=14.0, align=Align.LEFT, first_line_indent_chars=0.0)
    if kind is BlockKind.BLANK:
        return BlockStyle(first_line_indent_chars=0.0)
    return BlockStyle()
