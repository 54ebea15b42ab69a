"""Word's rules as switches of the layout (docs/layout.md, "Word's grid").

Each case is a line measured on Word's PDF of ../shared/wordpairs/01 (the GB/T 9704 test document:
linesAndChars grid, charSpace −849, 16 pt, 8844-twip text width, compressPunctuation) or a rule's
definition; the texts here are new, with the same characters at the same places.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from caina.core.generate import make_draft
from caina.core.layout import effective_settings, layout
from caina.core.layout_settings import DEFAULT_SETTINGS, LayoutSettings
from caina.core.linebreak import rules_for, wrap
from caina.core.model import Block, BlockKind, BlockStyle, Draft, PageSetup, Part, Typesetting
from caina.core.profiles import BUILTIN, default_profile

WORD = BUILTIN["word"].settings
WIDTH = 8844 / 20  # 442.2 pt
SPACING = -849 / 4096  # the grid's spacing: a 汉字 advances 15.7927 pt
PITCH = 16 + SPACING
DOC = Typesetting(compress_punctuation=True, balance_half_width=True)


def lines(text: str, settings: LayoutSettings, *, first: float = 0.0, width: float = WIDTH) -> list[str]:
    eff = effective_settings(settings, DOC, True)
    return [text[s:e] for s, e in wrap(text, width, first, 16.0, SPACING, rules_for(eff), PITCH)]


HAN = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜"


def test_a_full_grid_line_holds_28_characters() -> None:
    assert len(lines(HAN, WORD)[0]) == 28


def test_two_adjacent_marks_give_a_character_more_a_lone_mark_does_not() -> None:
    pair = HAN[:19] + "”：" + HAN[19:27] + "天地"  # 29 characters with a run of two marks
    assert lines(pair, WORD)[0] == pair[:29]
    assert lines(pair, replace(WORD, compress_punctuation="off"))[0] == pair[:28]
    lone = HAN[:4] + "”" + HAN[4:17] + "“" + HAN[17:27] + "天地"  # two lone marks: no room for a 29th
    assert lines(lone, WORD)[0] == lone[:28]
    stop_then_question = HAN[:10] + "。？" + HAN[10:27]  # 。？: half an em and a quarter: not enough
    assert lines(stop_then_question, WORD)[0] == stop_then_question[:28]


def test_first_line_indent_two_characters_in_twips_and_the_tolerance_of_a_tenth_of_a_twip() -> None:
    indent = 632 / 20  # Word's twips for firstLineChars=200 on this grid
    pure = HAN[:27]
    assert len(lines(pure, WORD, first=indent)[0]) == 25  # 26 would overflow by 0.01 pt: refused
    assert len(lines(pure, replace(WORD, fit_tolerance_pt=0.05), first=indent)[0]) == 26  # LibreOffice's twip
    with_mark = HAN[:10] + "，" + HAN[10:25]
    assert len(lines(with_mark, WORD, first=indent)[0]) == 26  # a lone mark compresses the 0.01 pt away


def test_the_office_templates_848_grid_keeps_28_characters_within_the_tolerance() -> None:
    spacing = -848 / 4096  # 28 × 15.79297 = 442.203: 0.06 twip over
    eff = effective_settings(WORD, DOC, True)
    got = wrap(HAN, WIDTH, 0.0, 16.0, spacing, rules_for(eff), 16 + spacing)
    assert got[0] == (0, 28)
    strict = effective_settings(replace(WORD, fit_tolerance_pt=0.0), DOC, True)
    assert wrap(HAN, WIDTH, 0.0, 16.0, spacing, rules_for(strict), 16 + spacing)[0] == (0, 27)


def test_libreoffices_whole_cells_set_the_office_template_at_14_characters() -> None:
    spacing = -848 / 4096
    eff = effective_settings(BUILTIN["libreoffice-grid"].settings, DOC, True)
    got = wrap(HAN, WIDTH, 0.0, 16.0, spacing, rules_for(eff), 16 + spacing)
    assert got[0] == (0, 14)


def _draft(text: str, font: str, size: float = 11.0) -> Draft:
    from caina.core.model import Block, BlockKind

    style = BlockStyle(font_size_pt=size, first_line_indent_chars=0.0, latin_font=font)
    page = PageSetup(page_width_pt=612, page_height_pt=792, margin_left_pt=72, margin_right_pt=72, body_size_pt=size, char_spacing_pt=0.0)
    return Draft("t", (Part("main", "正文", (Block(BlockKind.TITLE, "T"), Block(BlockKind.BODY, text, style))),), page=page)


def test_latin_text_in_its_own_font() -> None:
    text = "The project was initiated in January with the goal of modernizing the existing infrastructure " * 3
    times = layout(_draft(text, "Times New Roman"), DEFAULT_SETTINGS)
    calibri = layout(_draft(text, "Cambria"), replace(DEFAULT_SETTINGS, latin_font_widths=True))
    courier = layout(_draft(text, "Courier New"), replace(DEFAULT_SETTINGS, latin_font_widths=True))
    assert [ln.text for ln in times.lines] != [ln.text for ln in calibri.lines]  # Cambria (×1.09) breaks elsewhere
    assert len(times.lines) < len(courier.lines)  # Courier New is 1.37 × as wide
    # Times widths when the switch is off, whatever the font
    assert [ln.text for ln in layout(_draft(text, "Courier New"), DEFAULT_SETTINGS).lines] == [ln.text for ln in times.lines]


def test_word_indents_come_from_the_docx_when_the_switch_is_on() -> None:
    from caina.core.model import Block, BlockKind

    plain = BlockStyle(first_line_indent_chars=2.0)
    word = replace(plain, word_indent_pt=(5 * PITCH, 0.0, 0.0))
    text = HAN * 2
    draft = Draft("t", (Part("main", "正文", (Block(BlockKind.BODY, text, plain), Block(BlockKind.BODY, text, word))),))
    lay = layout(draft, replace(DEFAULT_SETTINGS, word_indents=True))
    first_plain, first_word = (lay.lines_of_block("main", i)[0].text for i in (0, 1))
    assert len(first_plain) - len(first_word) == 3


@pytest.mark.parametrize("control", [True, False])
def test_widow_control_as_the_docx_says(control: bool) -> None:
    from caina.core.model import Block, BlockKind

    filler = Block(BlockKind.BODY, HAN[:20], BlockStyle(widow_control=control))
    blocks = (*tuple([filler] * 21), Block(BlockKind.BODY, HAN * 2, BlockStyle(widow_control=control)))
    lay = layout(Draft("t", (Part("main", "正文", blocks),)), DEFAULT_SETTINGS)
    last = lay.lines_of_block("main", 21)
    # one line left at the foot of page 1: with widow control the three-line paragraph moves whole
    assert [ln.page for ln in last] == ([2, 2, 2] if control else [1, 2, 2])


def test_the_word_profile_changes_nothing_on_caina_s_own_gbt9704_drafts_but_beside_latin_text() -> None:
    """Word's other switches concern what a .docx says; only its rules beside Latin text (the quarter-em gap,
    breaks after ，、 and before （) move lines of caina's own drafts, and only lines holding Latin text."""
    draft = make_draft(6, 2024)
    lo = [ln.text for ln in layout(draft).lines]
    same_latin = replace(WORD, autospace_em=DEFAULT_SETTINGS.autospace_em, break_beside_latin=False)
    assert [ln.text for ln in layout(draft, same_latin).lines] == lo
    word = [ln.text for ln in layout(draft, WORD).lines]
    first = next(i for i, (a, b) in enumerate(zip(word, lo, strict=False)) if a != b)
    assert any(c.isascii() and c.isalnum() for c in word[first] + lo[first])


# -- Word for Mac's faux bold and grid lines after an off-grid paragraph (wordpairs/04, 05) --

FIVE_PAGE = PageSetup(  # wordpairs/05: A4, 442.25 pt a line, a lines grid of 312 twips (15.6 pt), 14 pt text
    page_width_pt=595.3, page_height_pt=841.9, margin_top_pt=104.9, margin_bottom_pt=99.2,
    margin_left_pt=79.35, margin_right_pt=73.7, lines_per_page=40, chars_per_line=42, body_size_pt=10.5,
    char_spacing_pt=0.0, char_grid=False, line_grid=True, grid_pitch_pt=15.6,
)  # fmt: skip


def _body(text: str, **style: object) -> Block:
    base = BlockStyle(font_size_pt=14.0, font_role="songti", first_line_indent_chars=0.0, word_indent_pt=(0.0, 0.0, 0.0))
    return Block(BlockKind.BODY, text, replace(base, **style))  # type: ignore[arg-type]


def _lines_of(blocks: list[Block], settings: LayoutSettings, page: PageSetup = FIVE_PAGE) -> list[tuple[int, str]]:
    draft = Draft("试", (Part("main", "正文", tuple(blocks)),), page=page, source="试.docx")
    return [(ln.page, ln.text) for ln in layout(draft, settings).lines]


def test_faux_bold_takes_a_character_off_a_line_only_where_the_font_has_no_bold_face() -> None:
    text = HAN + HAN  # 31 字 of 14 pt fill 434 pt of 440; at 14.27 pt (442.2) only 30 fit
    narrow = replace(FIVE_PAGE, margin_right_pt=FIVE_PAGE.margin_right_pt + 2.25)
    mac = BUILTIN["word-mac"].settings
    assert mac.faux_bold_em == pytest.approx(0.019)
    assert len(_lines_of([_body(text, bold=True, faux_bold=True)], WORD, narrow)[0][1]) == 31
    assert len(_lines_of([_body(text, bold=True, faux_bold=True)], mac, narrow)[0][1]) == 30
    assert len(_lines_of([_body(text, bold=True, faux_bold=False)], mac, narrow)[0][1]) == 31  # 微软雅黑 has a bold face
    assert len(_lines_of([_body(text)], mac, narrow)[0][1]) == 31


def test_lines_on_the_grid_after_an_exact_paragraph_advance_by_the_grids_own_pitch() -> None:
    # two title lines of exactly 28 pt, then one-row lines of 10.5 pt: 637.8 pt hold 56 + 37 × 15.6 = 633.2;
    # with the page's mean pitch (637.8 / 40 = 15.945) 36 would fit, and on the grid's rows alone 36 (the
    # titles taking two rows each)
    title = _body("标题一行", word_vertical=(28.0, 0.0, 0.0))
    body = [_body(f"第{i}行文字", font_size_pt=10.5) for i in range(1, 60)]
    rows = _lines_of([title, title, *body], WORD)
    assert sum(1 for page, _ in rows if page == 1) == 2 + 37
    # without any off-grid paragraph the part keeps the grid's 40 rows a page
    plain = _lines_of(body, WORD)
    assert sum(1 for page, _ in plain if page == 1) == 40


def test_a_pdf_from_word_for_mac_picks_the_word_mac_profile() -> None:
    draft = Draft("试", (Part("main", "正文", (_body("文字"),)),), source="试.docx")
    assert default_profile(draft).name == "word"
    assert default_profile(draft, "Word macOS 版本26.6.1（版号25G76） Quartz PDFContext").name == "word-mac"
    assert default_profile(draft, "Microsoft® Word for Microsoft 365").name == "word"
    text_draft = replace(draft, source="试.txt")
    assert default_profile(text_draft, "Word macOS Quartz PDFContext").name == "gbt9704"


def test_which_chinese_fonts_have_a_bold_face() -> None:
    from caina.io.docx.blockstyle import has_bold_face

    assert not any(has_bold_face(n) for n in ("宋体", "SimSun", "仿宋_GB2312", "楷体", "黑体", "方正小标宋简体"))
    assert all(has_bold_face(n) for n in ("微软雅黑", "Microsoft YaHei", "等线", "思源黑体 CN", "PingFang SC"))


def _table_draft(rows: list[tuple[str, ...]], *, autofit: bool) -> Draft:
    """A Letter page (468 pt a line) holding one five-column table of Aptos 12 pt, as wordpairs/21."""
    from caina.core.model import CELL_SEP

    style = BlockStyle(font_size_pt=12.0, first_line_indent_chars=0.0, latin_font="Aptos")
    page = PageSetup(page_width_pt=612, page_height_pt=792, margin_left_pt=90, margin_right_pt=90, body_size_pt=12.0, char_spacing_pt=0.0)
    blocks = tuple(
        Block(BlockKind.TABLE_ROW, CELL_SEP.join(r), style, col_widths=(1728,) * 5, header=i == 0, table_id=0, autofit=autofit)
        for i, r in enumerate(rows)
    )
    return Draft("t", (Part("main", "正文", (Block(BlockKind.TITLE, "T"), *blocks)),), page=page)


API_ROWS = [
    ("Endpoint", "Requests", "p50 (ms)", "p95 (ms)", "p99 (ms)"),
    ("/api/auth/login", "340,000", "15", "38", "95"),
    ("/api/auth/refresh", "1,800,000", "5", "12", "28"),  # 88.4 pt in Aptos 12 pt: wider than 86.4 − 10.8
]


def test_an_autofit_column_widens_to_hold_its_longest_word_as_word_does() -> None:
    """wordpairs/21: Word keeps “/api/auth/refresh” on one line in a column of 1728 twips: the autofit
    table widens that column and narrows the others; a fixed table (or the switch off) breaks the word."""
    word = [ln.text for ln in layout(_table_draft(API_ROWS, autofit=True), WORD).lines]
    assert word[1:] == [" | ".join(r) for r in API_ROWS]  # one line a row
    fixed = [ln.text for ln in layout(_table_draft(API_ROWS, autofit=False), WORD).lines]
    assert len(fixed) > len(word)  # “/api/auth/refresh” broken inside
    off = [ln.text for ln in layout(_table_draft(API_ROWS, autofit=True), replace(WORD, table_autofit=False)).lines]
    assert off == fixed


def test_no_column_widens_when_every_word_fits_or_no_column_can_spare() -> None:
    short = [("a", "b", "c", "d", "e"), ("/api/x", "1", "2", "3", "4")]
    assert [ln.text for ln in layout(_table_draft(short, autofit=True), WORD).lines] == [
        ln.text for ln in layout(_table_draft(short, autofit=False), WORD).lines
    ]
    wide = [("/api/auth/refresh",) * 5]  # every column needs more: the table keeps its widths
    assert [ln.text for ln in layout(_table_draft(wide, autofit=True), WORD).lines] == [
        ln.text for ln in layout(_table_draft(wide, autofit=False), WORD).lines
    ]


def test_the_longest_unbreakable_piece_of_a_cell() -> None:
    from caina.core.linebreak import min_content_width

    rules = rules_for(WORD)
    whole = min_content_width("/api/auth/refresh", 12.0, 0.0, rules, "aptos")
    assert whole == pytest.approx(88.44, abs=0.01)
    # a space, a 汉字 or (with latin_breaks) a hyphen between letters ends a piece
    assert min_content_width("auth refresh", 12.0, 0.0, rules, "aptos") < whole
    assert min_content_width("审议/api/auth/refresh", 12.0, 0.0, rules, "aptos") == pytest.approx(whole)
    assert min_content_width("e-mail", 12.0, 0.0, rules, "aptos") < min_content_width("email", 12.0, 0.0, rules, "aptos")
    assert min_content_width("e-mail", 12.0, 0.0, rules_for(replace(WORD, latin_breaks="never")), "aptos") > min_content_width(
        "email", 12.0, 0.0, rules, "aptos"
    )
    assert min_content_width("全是汉字", 12.0, 0.0, rules, "aptos") == 0.0
    # LibreOffice's rule (icu) also breaks after a slash before a letter: the longest piece is shorter
    icu = rules_for(replace(WORD, latin_breaks="icu"))
    assert min_content_width("/api/auth/refresh", 12.0, 0.0, icu, "aptos") < whole


def test_word_breaks_latin_text_after_a_hyphen_not_after_a_slash() -> None:
    """wordpairs/21: “Compute (EC2/ECS)” in a 97.2 pt cell goes “Compute” / “(EC2/ECS)”, not after “EC2/”."""
    eff = effective_settings(WORD, Typesetting(), False)
    text = "Compute (EC2/ECS)"
    cell = 2160 / 20 - 10.8  # a column of 2160 twips less the padding
    got = [text[s:e] for s, e in wrap(text, cell, 0.0, 12.0, 0.0, rules_for(eff), 0.0, "aptos")]
    assert got == ["Compute ", "(EC2/ECS)"]
    icu = effective_settings(replace(WORD, latin_breaks="icu"), Typesetting(), False)  # LibreOffice's rule
    got = [text[s:e] for s, e in wrap(text, cell, 0.0, 12.0, 0.0, rules_for(icu), 0.0, "aptos")]
    assert got == ["Compute (EC2/", "ECS)"]


def test_word_breaks_after_a_comma_before_latin_text_and_before_a_full_width_bracket() -> None:
    """The wordpairs README (26 Word/WPS printouts): “C++、” / “Python”, “ABC” / “（说明）”; LibreOffice keeps them."""
    doc = Typesetting(compress_punctuation=True)

    def br(text: str, settings: LayoutSettings, width: float) -> list[str]:
        eff = effective_settings(settings, doc, False)
        return [text[s:e] for s, e in wrap(text, width, 0.0, 12.0, 0.0, rules_for(eff), 0.0)]

    listing = "熟悉的工具有Git、Docker和Kubernetes等"
    assert br(listing, WORD, 120)[0] == "熟悉的工具有Git、"
    assert br(listing, BUILTIN["gbt9704"].settings, 120)[0] == "熟悉的工具有"
    bracket = "本办法所称XYZ（试点）是指"
    assert br(bracket, WORD, 105)[0] == "本办法所称XYZ"
    assert br(bracket, BUILTIN["gbt9704"].settings, 105)[0] != "本办法所称XYZ"
    # a half-width bracket and quotes still stick to Latin text
    assert br("本办法所称XYZ“试点”是指", WORD, 105)[0] != "本办法所称XYZ"


# -- the bottom of a page at Word's heights (wordpairs/19, 22, 23, 25) --

LETTER = PageSetup(  # wordpairs/25: Letter, 1-inch margins, no line grid: 648 pt of text height
    page_width_pt=612.0, page_height_pt=792.0, margin_top_pt=72.0, margin_bottom_pt=72.0, margin_left_pt=72.0,
    margin_right_pt=72.0, lines_per_page=22, chars_per_line=42, body_size_pt=11.0, char_spacing_pt=0.0,
    line_grid=False,
)  # fmt: skip


def _line(after: float = 0.0) -> Block:
    """A one-line paragraph of Cambria 11 pt at 1.15 (14.83 pt, 1.934 pt of it below the text)."""
    style = BlockStyle(
        first_line_indent_chars=0.0, font_size_pt=11.0, latin_font="Cambria",
        word_vertical=(14.83, 0.0, after), word_leading_pt=1.934,
    )  # fmt: skip
    return Block(BlockKind.BODY, "Lorem ipsum dolor sit amet.", style)


def test_the_last_line_of_a_page_needs_only_its_text_to_fit() -> None:
    # 41 lines and four gaps of 10 pt: 41 × 14.83 + 40 = 648.03 pt with the last line's leading, 646.1 without it
    blocks = [_line(10.0 if i in (9, 19, 29, 39) else 0.0) for i in range(45)]
    on = _lines_of(blocks, WORD, LETTER)
    assert WORD.leading_past_bottom and sum(1 for page, _ in on if page == 1) == 41
    off = _lines_of(blocks, replace(WORD, leading_past_bottom=False), LETTER)
    assert sum(1 for page, _ in off if page == 1) == 40


def test_keep_with_next_counts_the_space_before_as_collapsed_spacing_sets_it() -> None:
    # 39 lines (the last with 10 pt after) leave 648 − 589.2 = 58.8 pt: a heading 24 pt before (14 pt more than
    # the 10 pt after above it, with collapse_spacing) and the first two lines of the next paragraph take 58.5;
    # counted with its whole 24 pt they would not fit and the heading would go to the next page
    cambria = {"first_line_indent_chars": 0.0, "font_size_pt": 11.0, "latin_font": "Cambria"}
    heading = Block(BlockKind.HEADING1, "Heading", BlockStyle(keep_with_next=True, word_vertical=(14.83, 24.0, 0.0), **cambria))  # type: ignore[arg-type]
    text = " ".join(["Lorem ipsum dolor sit amet, consectetur adipiscing elit."] * 6)
    four = Block(BlockKind.BODY, text, BlockStyle(word_vertical=(14.83, 0.0, 10.0), **cambria))  # type: ignore[arg-type]
    assert len(_lines_of([four], WORD, LETTER)) == 4
    rows = _lines_of([*(_line() for _ in range(38)), _line(10.0), heading, four], WORD, LETTER)
    first = [text for page, text in rows if page == 1]
    assert len(first) == 39 + 1 + 2 and first[39] == "Heading"
