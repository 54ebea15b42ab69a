"""The switches of the layout engine (:mod:`caina.core.layout`), one per rule.

Each is documented in docs/layout.md with an example and whether it was
measured (LibreOffice 7.4) or assumed; a test checks that every one is.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LayoutSettings", "DEFAULT_SETTINGS"]


@dataclass(frozen=True)
class LayoutSettings:
    """The switches of the layout rules.

    Defaults follow GB/T 9704 and GB/T 15834 and what LibreOffice 7.4 was
    measured to do (see docs/layout.md, "Measured and assumed").

    Each field is documented in docs/layout.md with an example; a test checks
    that every field is.
    """

    #: one of ，。、；：？！ may hang past the right margin (w:overflowPunct)
    hanging_punctuation: bool = True
    #: a mark may hang after a Latin letter, digit or symbol too ("2%，");
    #: LibreOffice hangs it only after CJK text (False)
    hang_after_latin: bool = False
    #: a mark may hang past the edge of a table cell; LibreOffice does not (False)
    hang_in_table_cells: bool = False
    #: "——" and "……" are never split across lines (GB/T 15834)
    keep_dash_ellipsis: bool = True
    #: extra space between 汉字 and Latin letters/digits, not beside punctuation
    #: (w:autoSpaceDE / w:autoSpaceDN)
    autospace: bool = True
    #: width of that space in em (LibreOffice: font height / 5)
    autospace_em: float = 0.2
    #: runs of half-width letters, digits and symbols ("2025", "GB/T", "5G")
    #: break only at spaces (or by characters when longer than a line)
    keep_ascii_words: bool = True
    #: where a run of Latin text may break besides its spaces: "never"; "hyphen" (after a hyphen
    #: between letters or digits: "e-" / "mail", "0771-" / "12345678"); "icu" (also after a slash
    #: before a letter: "http://" / "www…", "A/" / "B/C"), as LibreOffice breaks with ICU's UAX #14
    #: rules (measured); a run longer than the line breaks by characters either way
    latin_breaks: str = "icu"
    #: no break between a closing bracket or quote (” ’) and a letter or digit
    #: after it, nor between a letter or digit and an opening bracket or quote
    #: (“ ‘) after it (UAX #14 rules 19 and 30, as LibreOffice applies them):
    #: "（国发〔2019〕60号）" never breaks after "〕"; where no mark may hang
    #: (table cells), ，、。 stick to a letter or digit after them too
    glue_brackets: bool = True
    #: with ``glue_brackets``, Word's exceptions (UAX #14 as written: rule 30 leaves out East Asian
    #: brackets): a line may end after ，、。 before a letter or digit ("C++、" / "Python") and
    #: between a letter or digit and a full-width opening bracket ("ABC" / "（说明）")
    break_beside_latin: bool = False
    #: zh-CN line-start / line-end forbidden characters (避头尾)
    kinsoku: bool = True
    #: use Word's alternative (smaller) kinsoku set instead of the default
    alt_kinsoku: bool = False
    #: "…" may start a line (LibreOffice's zh-CN line-start set lacks it;
    #: Word's default set has it); with ``keep_dash_ellipsis`` off, "……"
    #: may then be split too
    ellipsis_may_start_line: bool = False
    #: least lines of a split paragraph left at a page bottom / carried to the
    #: next page top; 0 turns widow/orphan control off
    widow_orphan: int = 2
    #: widow/orphan control for a paragraph whose .docx does not say (no w:widowControl in
    #: its style chain): LibreOffice applies it (True); Word, as ECMA-376 says, does not
    widow_control_unset: bool = True
    #: “ ” ‘ ’ are full width when a neighbouring strong character is CJK
    #: (False: always half width, drawn with the Latin font)
    weak_quotes_fullwidth: bool = True
    #: character spacing also applies to the last character of each script
    #: run (汉字 / Latin) and of each line; LibreOffice does not (False)
    spacing_at_run_end: bool = False
    #: a page on which a table is set holds one grid row less: the table's
    #: borders push what follows down (≈ 2 pt at its first row, ≈ 0.5 pt a
    #: row after), past the 0.9 pt a 22 × 28.95 pt grid leaves in 225 mm
    table_costs_a_row: bool = True
    #: grid rows of a line = max(1, ceil(size × factor / line pitch))
    line_height_factor: float = 1.45
    #: each attachment (附件) begins on a new page
    attachments_start_new_page: bool = True
    #: left and right padding inside each table cell, in points
    table_cell_padding_pt: float = 5.4
    #: Word's autofit tables (Block.autofit): a column too narrow for its longest unbreakable word
    #: ("/api/auth/refresh", "1,800,000") widens to hold it and the others give up what they can spare
    table_autofit: bool = False
    #: Word draws “ ” ‘ ’ in the run's Latin font unless the run says ``w:hint="eastAsia"`` (ECMA-376
    #: 17.3.2.26): a block whose quotes are so (``BlockStyle.latin_quotes``) sets them half width (Times
    #: 0.44 em) whatever their context
    quotes_by_hint: bool = False

    # -- Word's rules (docs/layout.md, "Word's grid"); off in the LibreOffice-measured default --

    #: a line fits when it is at most this much wider than the space, in points
    #: (LibreOffice: 0.05 = one twip; Word: 0.005 = 0.1 twip, from ../shared/wordpairs/01)
    fit_tolerance_pt: float = 0.05
    #: punctuation compression (w:characterSpacingControl): "document" = as the .docx says,
    #: "on", "off"
    compress_punctuation: str = "off"
    #: each full-width mark in a run of two or more adjacent marks (”：, 》（) may shrink by
    #: this share of its advance to fit a line
    compress_run_em: float = 0.5
    #: a line holding a lone compressible mark may shrink by up to this many em (off a
    #: character grid)
    compress_lone_em: float = 0.6
    #: lone marks shrink on a character grid too (Word: no, measured on wordpairs/01)
    compress_lone_on_grid: bool = False
    #: indents as Word computes them (``*Chars`` × the grid pitch, or × the paragraph's own
    #: size without a character grid, rounded to twips); False = 字 × the grid's pitch
    word_indents: bool = False
    #: half-width characters on a character grid get half its spacing:
    #: "document" = as w:balanceSingleByteDoubleByteWidth says, "on", "off"
    half_width_grid_spacing: str = "off"
    #: on a character grid the usable width of a body paragraph is a whole number of
    #: pitches (Word's w:adjustRightInd), within 0.001 of a pitch
    grid_whole_width: bool = False
    #: on a character grid each character takes whole cells: a 16 pt 汉字 on a 15.79 pt
    #: pitch takes two (how LibreOffice sets Word's office template: 14 字 a line)
    grid_whole_cells: bool = False
    #: lines of paragraphs that do not snap to a line grid (no w:docGrid of type lines, exact spacing,
    #: w:snapToGrid off) stand at Word's heights: the font's line height (ascent + descent) times the
    #: spacing, space before and after in points; a page holds what fits (BlockStyle.word_vertical)
    word_vertical: bool = False
    #: between two paragraphs the larger of the space after the first and the space before the second,
    #: not their sum
    collapse_spacing: bool = False
    #: with word_vertical: the space a multiple line spacing (w:line > 240, auto) adds below a line's text
    #: may run past the bottom of the page or column at its last line (BlockStyle.word_leading_pt): Word
    #: sets the text at the top of its line and asks only the text to fit
    leading_past_bottom: bool = False
    #: the space before the first paragraph of the document is kept (Word); at the top of later pages it
    #: is dropped either way; LibreOffice drops it on the first page too (False)
    space_before_at_page_top: bool = False
    #: a paragraph set bold in a Chinese font with no bold face (BlockStyle.faux_bold) advances this
    #: many em more a character: Word for Mac 0.019 (measured on ../shared/wordpairs/04, 05: 14.27 pt
    #: for a 14 pt bold 宋体); Word for Windows, WPS and LibreOffice keep the advance (0)
    faux_bold_em: float = 0.0
    #: half-width text in the block's own Latin font widths (Calibri, Cambria, Arial …);
    #: False = Times New Roman widths for every Latin font
    latin_font_widths: bool = False


DEFAULT_SETTINGS = LayoutSettings()
