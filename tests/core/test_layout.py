"""The layout engine: line breaks, widths, pagination and the layout invariants."""

from __future__ import annotations

import ast
import dataclasses
import itertools
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caina.core import layout as layout_module
from caina.core import linebreak, metrics, paginate
from caina.core.layout import (
    LayoutSettings,
    break_paragraph,
    layout,
    line_rows,
    measure,
)
from caina.core.metrics import (
    LIBERATION_SERIF_ADVANCES,
    char_class,
    classify,
    em_width,
)
from caina.core.model import CELL_SEP, Block, BlockKind, Draft, PageSetup, Part, default_style
from caina.core.pages import LINE_CELL_SEP, Line, Segment

PAGE = PageSetup()
WIDTH = PAGE.text_width_pt
INDENT = 2 * PAGE.char_pitch_pt
ROOT = Path(__file__).resolve().parents[2]

YI = "一"


def wrap(text: str, *, first: float = 0.0, size: float = 16.0, width: float = WIDTH, **switches: object) -> list[str]:
    """The lines of ``text`` as strings."""
    ranges = break_paragraph(
        text,
        width_pt=width,
        first_indent_pt=first,
        font_size_pt=size,
        char_spacing_pt=PAGE.char_spacing_pt,
        settings=LayoutSettings(**switches),  # type: ignore[arg-type]
    )
    return [text[s:e] for s, e in ranges]


def block(kind: BlockKind, text: str = "", **style: object) -> Block:
    return Block(kind, text, replace(default_style(kind), **style))  # type: ignore[arg-type]


def body(chars: int, **style: object) -> Block:
    """A body paragraph of ``chars`` 汉字 (26 on its first line, 28 after)."""
    return block(BlockKind.BODY, "国" * chars, **style)


def one_line(**style: object) -> Block:
    return body(10, **style)


def draft(*blocks: Block, attachments: tuple[tuple[Block, ...], ...] = ()) -> Draft:
    parts = [Part("main", "正文", tuple(blocks))]
    parts += [Part(f"att{i}", f"附件{i}", att) for i, att in enumerate(attachments, 1)]
    return Draft(title="测试", parts=tuple(parts))


# --------------------------------------------------------------------------
# widths


def test_liberation_table_is_the_95_printable_ascii_characters() -> None:
    assert sorted(LIBERATION_SERIF_ADVANCES) == [chr(c) for c in range(0x20, 0x7F)]
    assert {LIBERATION_SERIF_ADVANCES[d] for d in "0123456789"} == {1024}  # digits are 0.5 em


@pytest.mark.parametrize(
    ("char", "cls", "em"),
    [
        ("国", "H", 1.0),
        ("，", "P", 1.0),
        ("《", "P", 1.0),
        ("—", "P", 1.0),
        ("…", "P", 1.0),
        ("１", "H", 1.0),  # full-width digit
        ("7", "L", 0.5),
        ("G", "L", 1479 / 2048),
        ("/", "A", 569 / 2048),
        ("%", "A", 1706 / 2048),
        (" ", "S", 0.25),
        ("“", "Q", 1.0),  # weak: full width unless its context is Latin
        ("·", "A", 682 / 2048),  # LibreOffice draws it with the Latin font
        ("é", "L", 909 / 2048),
        ("\u200b", "Z", 0.0),
        ("\n", "N", 0.0),
    ],
)
def test_character_classes_and_widths(char: str, cls: str, em: float) -> None:
    assert char_class(char) == cls
    assert em_width(char) == pytest.approx(em)


def test_classify_keeps_one_letter_per_character() -> None:
    text = "在2025年发布“GB/T 9704”——"
    assert classify(text) == "HLLLLHHHQLLALSLLLLQPP"


def test_advance_keys_stand_for_class_width_and_script_of_every_character() -> None:
    """The engine reads classes, widths and scripts from one ASCII key a character
    (metrics.advance_keys): the key must tell of each character what char_class and
    em_width tell, for the whole BMP, beyond it, and whatever was met before."""
    scripts = {"H": "C", "P": "C", "Q": "C", "L": "L", "A": "L", "S": "W", "Z": "W", "N": "W"}
    code_points = [c for c in range(0x110000) if not 0xD800 <= c < 0xE000 and (c < 0x30000 or c % 97 == 0)]
    text = "".join(map(chr, code_points))
    for chunk in (text, text[::-1], "国\U00020000国", "é—…“2"):  # unmet, met, and mixed with astral ones
        keys = metrics.advance_keys(chunk)
        assert len(keys) == len(chunk) and keys.isascii()
        assert keys.translate(metrics.KEY_CLASSES) == "".join(map(char_class, chunk))
        expected = ["W" if ch in "—…" else scripts[char_class(ch)] for ch in chunk]
        assert keys.translate(metrics.KEY_SCRIPTS) == "".join(expected)
        table = metrics.key_advance_table(16.0, -0.25)
        for ch, key in zip(chunk[:3000], keys[:3000], strict=True):
            assert table[key] == metrics.advance_table(16.0, -0.25)[ch], ch


def test_fast_line_and_segment_constructors_make_the_same_objects() -> None:
    """layout() makes Lines and Segments by filling their slots (pages.py's dataclasses are
    frozen, and their __init__ is slow): the objects must equal the dataclasses' own."""
    seg = paginate.make_segment(3, 9)
    assert seg == Segment(3, 9) and type(seg) is Segment
    for args in ((4, "att1", 2, 5, 18, 7, (seg,), "正文", 9, 2), (4, "att1", 2, 5, 18, 7, (seg,), "正文", 9, 2, 3)):
        line = paginate.make_line(*args)
        assert line == Line(*args) and hash(line) == hash(Line(*args)) and repr(line) == repr(Line(*args))
    assert paginate.make_line is not Line, "pages.Line changed shape: update paginate._LINE_FIELDS"


@pytest.mark.parametrize(
    ("text", "switches", "width"),
    [
        (YI * 28, {}, 28 * 15.75 + 0.25),  # 15.75 a 汉字; the last keeps its spacing
        ("2025", {}, 4 * 7.75 + 0.25),
        # 0.2 em autospace on both sides of the digits, runs ending at each script change
        ("汉2025汉", {}, 2 * 15.75 + 4 * 7.75 + 2 * 3.2 + 3 * 0.25),
        ("汉2025汉", {"autospace": False}, 2 * 15.75 + 4 * 7.75 + 3 * 0.25),
        ("汉2025汉", {"autospace_em": 0.25}, 2 * 15.75 + 4 * 7.75 + 2 * 4.0 + 3 * 0.25),
        ("汉2025汉", {"spacing_at_run_end": True}, 2 * 15.75 + 4 * 7.75 + 2 * 3.2),
        ("一，2", {}, 2 * 15.75 + 7.75 + 2 * 0.25),  # no autospace beside punctuation
        ("“一”", {}, 3 * 15.75 + 0.25),  # quotes in a CJK context are full width
        ("“一”", {"weak_quotes_fullwidth": False}, 15.75 + 2 * (909 / 128 - 0.25) + 3 * 0.25),
        ("a “b”", {}, (909 + 512 + 909 + 1024 + 909) / 128 - 5 * 0.25 + 0.25),  # Latin context
    ],
)
def test_measure(text: str, switches: dict[str, object], width: float) -> None:
    assert measure(text, settings=LayoutSettings(**switches)) == pytest.approx(width)  # type: ignore[arg-type]


# --------------------------------------------------------------------------
# line breaking


@pytest.mark.parametrize(
    ("text", "switches", "lines"),
    [
        # 28 汉字 fill a 3号 line exactly
        (YI * 28, {}, [YI * 28]),
        (YI * 29, {}, [YI * 28, YI]),
        # a line-start forbidden closer pulls the character before it down
        (YI * 27 + "二”三", {}, [YI * 27, "二”三"]),
        (YI * 25 + "《通知》二", {}, [YI * 25 + "《通", "知》二"]),
        (YI * 24 + "《通知》二", {}, [YI * 24 + "《通知》", "二"]),
        # a trailing opener moves to the next line
        (YI * 27 + "《二三", {}, [YI * 27, "《二三"]),
        (YI * 27 + "《通知》", {}, [YI * 27, "《通知》"]),
        # one of ，。、；：？！ hangs past the margin
        (YI * 28 + "，二", {}, [YI * 28 + "，", "二"]),
        (YI * 28 + "。", {}, [YI * 28 + "。"]),
        (YI * 28 + "，二", {"hanging_punctuation": False}, [YI * 27, "一，二"]),
        # only one: a second would start the next line
        (YI * 28 + "！？二", {}, [YI * 27, "一！？二"]),
        # —— and …… stay whole; …… cannot start a line
        (YI * 27 + "——二", {}, [YI * 27, "——二"]),
        (YI * 27 + "——二", {"keep_dash_ellipsis": False}, [YI * 27 + "—", "—二"]),
        (YI * 27 + "……", {}, [YI * 26, "一……"]),
        # a single — may start a line (LibreOffice broke "（2019—2021年）" before it)
        (YI * 26 + "19—21年", {}, [YI * 26 + "19", "—21年"]),
        # numbers and ASCII words are not broken
        (YI * 26 + "2025年", {}, [YI * 26, "2025年"]),
        (YI * 26 + "2025年", {"keep_ascii_words": False}, [YI * 26 + "202", "5年"]),
        (YI * 26 + "GB/T等", {}, [YI * 26, "GB/T等"]),
        # autospace decides whether the last 汉字 fits
        (YI * 26 + "25一", {}, [YI * 26 + "25", YI]),
        (YI * 26 + "25一", {"autospace": False}, [YI * 26 + "25一"]),
        # a closing bracket holds on to the number after it
        (
            "根据《国务院关于进一步优化应急管理的意见》（国发〔2019〕60号）",
            {},
            ["根据《国务院关于进一步优化应急管理的意见》（国发", "〔2019〕60号）"],
        ),
        (
            "根据《国务院关于进一步优化应急管理的意见》（国发〔2019〕60号）",
            {"glue_brackets": False},
            ["根据《国务院关于进一步优化应急管理的意见》（国发〔2019〕", "60号）"],
        ),
        # kinsoku off: a closer may start a line
        (YI * 28 + "”三", {}, [YI * 27, "一”三"]),
        (YI * 28 + "”三", {"kinsoku": False}, [YI * 28, "”三"]),
        # Word's alternative set lets ％ start a line
        (YI * 28 + "％", {}, [YI * 27, "一％"]),
        (YI * 28 + "％", {"alt_kinsoku": True}, [YI * 28, "％"]),
        # a line feed ends a line
        ("一二\n三", {}, ["一二\n", "三"]),
    ],
)
def test_line_breaks(text: str, switches: dict[str, object], lines: list[str]) -> None:
    assert wrap(text, **switches) == lines


def test_first_line_indent_gives_26_then_28() -> None:
    assert [len(x) for x in wrap(YI * 60, first=INDENT)] == [26, 28, 6]


def test_title_sets_20_a_line_and_takes_two_rows() -> None:
    assert [len(x) for x in wrap(YI * 45, size=22.0)] == [20, 20, 5]
    assert line_rows(default_style(BlockKind.TITLE), PAGE) == 2
    assert line_rows(default_style(BlockKind.BODY), PAGE) == 1
    assert line_rows(replace(default_style(BlockKind.BODY), rows_per_line=3), PAGE) == 3


def test_spaces_hang_and_ascii_words_break_at_spaces() -> None:
    text = "alpha beta gamma delta"
    width = measure("gamma delta") + 1
    assert wrap(text, width=width) == ["alpha beta ", "gamma delta"]


def test_an_ascii_run_longer_than_a_line_is_broken_by_characters() -> None:
    run = "x" + "a" * 120  # no place to break inside it
    lines = wrap(YI + run)
    assert lines[0] == YI  # the run moves to its own line first
    assert "".join(lines) == YI + run
    assert all(measure(line) <= WIDTH + 0.05 for line in lines)
    url = "https://example.org/" + "a" * 120
    lines = wrap(YI + url)
    assert lines[0] == YI + "https://example.org/"  # a URL breaks after a slash before a letter (latin_breaks)


def test_break_paragraph_of_nothing() -> None:
    assert break_paragraph("", width_pt=WIDTH) == []


# --------------------------------------------------------------------------
# properties of line breaking

_ALPHABET = st.sampled_from(
    list("国家政策发展改革推进数字政府") * 4
    + list("，。、；：？！“”《》（）〔〕——……％")
    + list("0123456789")
    + list("GBTabcxyz/.-%")
    + [" ", " "]
)


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(_ALPHABET, min_size=1, max_size=200).map("".join),
    width=st.floats(min_value=40, max_value=460),
    first=st.sampled_from([0.0, INDENT, -INDENT]),
    switches=st.fixed_dictionaries(
        {},
        optional={
            "hanging_punctuation": st.booleans(),
            "keep_dash_ellipsis": st.booleans(),
            "autospace": st.booleans(),
            "keep_ascii_words": st.booleans(),
            "kinsoku": st.booleans(),
            "alt_kinsoku": st.booleans(),
            "weak_quotes_fullwidth": st.booleans(),
            "spacing_at_run_end": st.booleans(),
            "glue_brackets": st.booleans(),
        },
    ),
)
def test_lines_cover_the_text_and_fit(text: str, width: float, first: float, switches: dict[str, bool]) -> None:
    s = LayoutSettings(**switches)
    ranges = break_paragraph(text, width_pt=width, first_indent_pt=first, settings=s)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(text)
    assert all(a < b for a, b in ranges)
    assert all(prev[1] == nxt[0] for prev, nxt in itertools.pairwise(ranges))
    for i, (a, b) in enumerate(ranges):
        avail = width - (first if i == 0 else 0.0)
        drawn = text[a:b].rstrip(" ")
        if s.hanging_punctuation and len(drawn) > 1 and drawn[-1] in metrics.HANGING_PUNCTUATION:
            drawn = drawn[:-1]
        assert len(drawn) <= 1 or measure(drawn, settings=s) <= avail + 0.05, (i, text[a:b])
        # no line but the first starts with a space
        assert i == 0 or text[a] != " "


@settings(max_examples=200, deadline=None)
@given(text=st.lists(_ALPHABET, min_size=2, max_size=120).map("".join), width=st.floats(min_value=120, max_value=460))
def test_kinsoku_is_respected_where_a_legal_break_exists(text: str, width: float) -> None:
    ranges = break_paragraph(text, width_pt=width)
    for a, b in ranges[1:]:
        start = text[a]
        prev = text[a - 1]
        if start in metrics.KINSOKU_START or prev in metrics.KINSOKU_END:
            # only a forced break (nothing breakable on the line) may do this:
            line_start = next(x for x, y in ranges if y == a)
            legal = [
                i
                for i in range(line_start + 1, a)
                if text[i] not in metrics.KINSOKU_START
                and text[i - 1] not in metrics.KINSOKU_END
                and text[i] != " "
                and not (classify(text[i - 1]) in "LA" and classify(text[i]) in "LA")
                and not (text[i - 1] == text[i] and text[i] in metrics.PAIRED)
                and not (text[i - 1] in metrics.CLOSING_BRACKETS and classify(text[i]) == "L")
                and not (classify(text[i - 1]) == "L" and text[i] in metrics.OPENING_BRACKETS)
            ]
            assert not legal, (text[line_start:a], text[a:b])


# --------------------------------------------------------------------------
# pagination


def test_22_rows_a_page_and_line_numbers() -> None:
    lay = layout(draft(*(one_line() for _ in range(23))))
    assert [len(p.lines) for p in lay.pages] == [22, 1]
    first = lay.pages[0]
    assert [line.number for line in first.lines] == list(range(1, 23))
    assert [line.from_bottom for line in first.lines] == list(range(22, 0, -1))
    assert [line.row for line in first.lines] == list(range(1, 23))
    assert lay.pages[1].lines[0].page == 2
    assert lay.pages[1].lines[0].number == lay.pages[1].lines[0].from_bottom == 1


def test_blank_rows_take_a_row_but_are_not_lines() -> None:
    lay = layout(draft(block(BlockKind.BLANK), *(one_line() for _ in range(22))))
    page1 = lay.pages[0]
    assert len(page1.lines) == 21
    assert page1.lines[0].number == 1 and page1.lines[0].row == 2
    assert page1.lines[-1].from_bottom == 1 and page1.lines[-1].row == 22
    assert len(lay.pages[1].lines) == 1


def test_a_title_line_is_one_line_of_two_rows() -> None:
    title = block(BlockKind.TITLE, "关于加快推进数字政府建设进一步优化营商环境的实施方案")  # 26 字: 2 lines
    lay = layout(draft(title, one_line(), one_line()))
    lines = lay.pages[0].lines
    assert [(x.number, x.row, x.rows) for x in lines] == [(1, 1, 2), (2, 3, 2), (3, 6, 1), (4, 7, 1)]
    assert lines[0].text == "关于加快推进数字政府建设进一步优化营商环"  # 20 字 a line
    assert lay.pages[0].rows_used == 7


def test_widow_orphan_moves_a_three_line_paragraph() -> None:
    lines_3 = body(60)  # 26 + 28 + 6
    lay = layout(draft(*(one_line() for _ in range(20)), lines_3))
    assert [len(p.lines) for p in lay.pages] == [20, 3]
    off = layout(draft(*(one_line() for _ in range(20)), lines_3), LayoutSettings(widow_orphan=0))
    assert [len(p.lines) for p in off.pages] == [22, 1]


def test_widow_control_carries_two_lines_over() -> None:
    lines_4 = body(26 + 28 * 3)
    lay = layout(draft(*(one_line() for _ in range(19)), lines_4))
    assert [len(p.lines) for p in lay.pages] == [21, 2]  # 3 rows left, only 2 used
    assert lay.pages[0].lines[-1].row == 21
    off = layout(draft(*(one_line() for _ in range(19)), lines_4), LayoutSettings(widow_orphan=0))
    assert [len(p.lines) for p in off.pages] == [22, 1]


def test_widow_control_inside_a_paragraph_longer_than_a_page() -> None:
    long = body(26 + 28 * 22)  # 23 lines from the top of a page
    lay = layout(draft(long))
    assert [len(p.lines) for p in lay.pages] == [21, 2]


def test_keep_with_next_moves_a_heading_to_the_next_page() -> None:
    heading = block(BlockKind.HEADING1, "一、总体要求", keep_with_next=True)
    lay = layout(draft(*(one_line() for _ in range(21)), heading, body(60)))
    assert [len(p.lines) for p in lay.pages] == [21, 4]
    assert lay.pages[1].lines[0].text == "一、总体要求"
    plain = replace(heading, style=replace(heading.style, keep_with_next=False))
    lay = layout(draft(*(one_line() for _ in range(21)), plain, body(60)))
    assert [len(p.lines) for p in lay.pages] == [22, 3]


def test_page_break_before_and_space_before_dropped_at_a_page_top() -> None:
    broken = one_line(page_break_before=True, space_before_rows=2)
    lay = layout(draft(one_line(), broken, one_line(space_before_rows=1)))
    assert [len(p.lines) for p in lay.pages] == [1, 2]
    assert [x.row for x in lay.pages[1].lines] == [1, 3]


def test_space_after_rows() -> None:
    lay = layout(draft(one_line(space_after_rows=2), one_line()))
    assert [x.row for x in lay.pages[0].lines] == [1, 4]


def test_attachment_starts_a_new_page_and_restarts_part_pages() -> None:
    label = block(BlockKind.ATTACHMENT_LABEL, "附件1")
    d = draft(*(one_line() for _ in range(30)), attachments=((label, one_line()),))
    lay = layout(d)
    assert [(p.number, p.part_id, p.part_page, len(p.lines)) for p in lay.pages] == [
        (1, "main", 1, 22),
        (2, "main", 2, 8),
        (3, "att1", 1, 2),
    ]
    att_line = lay.lines_of_block("att1", 1)[0]
    assert (att_line.page, att_line.part_page, att_line.number) == (3, 1, 2)
    assert lay.page(1, "att1") is lay.pages[2]

    shared = layout(d, LayoutSettings(attachments_start_new_page=False))
    assert [(p.number, p.part_id, len(p.lines)) for p in shared.pages] == [(1, "main", 22), (2, "main", 10)]
    assert shared.lines_of_block("att1", 0)[0].part_page == 1


def test_table_row_wraps_each_cell_in_its_column() -> None:
    row = Block(
        BlockKind.TABLE_ROW,
        CELL_SEP.join(["序号", "国" * 30, "说明"]),
        default_style(BlockKind.TABLE_ROW),
        col_widths=(1.0, 4.0, 1.0),
    )
    lay = layout(draft(row))
    lines = lay.pages[0].lines
    # column 2: 442.2 × 4/6 − 10.8 = 284 pt → 20 字 of 14 pt (13.75 each)
    assert [x.text for x in lines] == [
        LINE_CELL_SEP.join(["序号", "国" * 20, "说明"]),
        "国" * 10,
    ]
    assert lines[0].segments[1].start == 3 and lines[1].segments[0].start == 23
    assert [x.number for x in lines] == [1, 2]


def test_empty_table_row_is_one_line_without_text() -> None:
    row = Block(BlockKind.TABLE_ROW, CELL_SEP.join(["", ""]), default_style(BlockKind.TABLE_ROW))
    lay = layout(draft(row))
    assert [(x.text, x.segments) for x in lay.lines] == [("", ())]


def test_an_empty_paragraph_takes_rows_but_is_no_line() -> None:
    lay = layout(draft(block(BlockKind.BODY, "　　"), one_line()))
    assert [(x.number, x.row) for x in lay.lines] == [(1, 2)]


# --------------------------------------------------------------------------
# layout invariants

_KINDS = st.sampled_from([BlockKind.BODY, BlockKind.BODY, BlockKind.HEADING1, BlockKind.TITLE, BlockKind.BLANK])


@st.composite
def _blocks(draw: st.DrawFn) -> Block:
    kind = draw(_KINDS)
    if kind is BlockKind.BLANK:
        return block(kind)
    if draw(st.integers(0, 9)) == 0:
        cells = draw(st.lists(st.lists(_ALPHABET, max_size=40).map("".join), min_size=1, max_size=4))
        return Block(BlockKind.TABLE_ROW, CELL_SEP.join(cells), default_style(BlockKind.TABLE_ROW))
    text = draw(st.lists(_ALPHABET, min_size=1, max_size=300).map("".join))
    style = replace(
        default_style(kind),
        keep_with_next=draw(st.booleans()),
        page_break_before=draw(st.integers(0, 15)) == 0,
        space_before_rows=draw(st.integers(0, 2)),
    )
    return Block(kind, text, style)


@settings(max_examples=60, deadline=None)
@given(
    main=st.lists(_blocks(), min_size=1, max_size=40),
    attachments=st.lists(st.lists(_blocks(), min_size=1, max_size=8).map(tuple), max_size=2).map(tuple),
    widow=st.integers(0, 3),
    new_page=st.booleans(),
)
def test_layout_invariants(
    main: list[Block], attachments: tuple[tuple[Block, ...], ...], widow: int, new_page: bool
) -> None:
    d = draft(*main, attachments=attachments)
    lay = layout(d, LayoutSettings(widow_orphan=widow, attachments_start_new_page=new_page))
    # every character of every visible block is drawn exactly once, in order
    for part in d.parts:
        for bi, b in enumerate(part.blocks):
            lines = lay.lines_of_block(part.id, bi)
            drawn = [i for line in lines for s in line.segments for i in range(s.start, s.end)]
            if b.kind is BlockKind.BLANK or (b.kind is not BlockKind.TABLE_ROW and not b.text.strip()):
                assert lines == ()
            else:
                expected = [i for i, ch in enumerate(b.text) if ch != CELL_SEP]
                if b.kind is BlockKind.TABLE_ROW:
                    assert sorted(drawn) == expected and len(set(drawn)) == len(drawn)
                else:
                    assert drawn == expected
    # pages, numbers and rows are consistent
    assert [p.number for p in lay.pages] == list(range(1, lay.page_count + 1))
    offsets: dict[str, int] = {}  # part id → page − part_page, the same for all its lines
    for p in lay.pages:
        n = len(p.lines)
        assert [x.number for x in p.lines] == list(range(1, n + 1))
        assert all(x.from_bottom == n - x.number + 1 for x in p.lines)
        assert all(x.page == p.number for x in p.lines)
        rows = [x.row for x in p.lines]
        assert rows == sorted(rows) and all(r >= 1 for r in rows)
        assert all(x.row + x.rows - 1 <= PAGE.lines_per_page for x in p.lines)
        for x in p.lines:
            assert offsets.setdefault(x.part_id, x.page - x.part_page) == x.page - x.part_page
        assert p.part_page == p.number - offsets.setdefault(p.part_id, p.number - p.part_page)
    assert lay.pages[0].part_page == 1 if lay.pages else True
    if new_page:  # each part has pages of its own, numbered from 1
        for part in d.parts:
            own = lay.part_pages(part.id)
            assert [p.part_page for p in own] == list(range(1, len(own) + 1))
            assert all(x.part_id == part.id for p in own for x in p.lines)


# --------------------------------------------------------------------------
# house rules


def test_every_setting_is_documented() -> None:
    doc = (ROOT / "docs" / "layout.md").read_text(encoding="utf-8")
    for f in dataclasses.fields(LayoutSettings):
        assert f"`{f.name}`" in doc, f.name


_STDLIB = {"__future__", "bisect", "dataclasses", "functools", "itertools", "math", "re", "unicodedata"}


@pytest.mark.parametrize("module", [layout_module, paginate, linebreak, metrics])
def test_core_modules_import_only_the_standard_library_and_the_core(module: object) -> None:
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        for name in names:
            assert name.split(".")[0] in _STDLIB or name.startswith("caina.core."), name


def test_attachment_with_its_own_geometry_uses_it() -> None:
    """A part read from a section with other margins (Part.page) is laid out on its own grid."""
    from dataclasses import replace as _replace

    from caina.core.model import Block, BlockKind, Draft, PageSetup, Part

    body = "百色市科技创新支撑产业高质量发展三年行动实施方案正文内容示例文字" * 3
    main = Part("main", "正文", tuple(Block(BlockKind.BODY, body) for _ in range(40)))
    wide = PageSetup(lines_per_page=15, chars_per_line=40, margin_left_pt=40.0, margin_right_pt=40.0)
    att = Part("att1", "附件1", tuple(Block(BlockKind.BODY, body) for _ in range(20)), page=wide)
    draft = Draft(title="示例", parts=(main, att))
    lay = layout(draft)
    att_pages = [p for p in lay.pages if p.part_id == "att1"]
    main_pages = [p for p in lay.pages if p.part_id == "main"]
    assert 20 <= max(len(p.lines) for p in main_pages) <= 22
    assert 13 <= max(len(p.lines) for p in att_pages) <= 15  # widow/orphan control may keep a row free
    same = layout(_replace(draft, parts=(main, _replace(att, page=None))))
    assert len(same.part_pages("att1")) < len(att_pages)


# --------------------------------------------------------------------------
# Word's character grid (docGrid linesAndChars, charSpace −848): 28 字 a line


def test_the_standard_templates_character_grid_sets_28_a_line() -> None:
    """A Word character grid puts every character on the pitch, the last of the line too: the
    standard template (charSpace −848 → 15.79 pt) sets 26 字 after the 2-字 indent, then 28.
    With the spacing given back at the line end (as LibreOffice does for run spacing) 28 × 15.79 pt
    + 0.21 pt would overflow 442.25 pt and every line would lose a character."""
    grid = PageSetup(char_spacing_pt=-848 / 4096, char_grid=True)
    d = dataclasses.replace(draft(body(60)), page=grid)
    assert [len(line.text) for line in layout(d).lines] == [26, 28, 6]
    run_spacing = dataclasses.replace(d, page=dataclasses.replace(grid, char_grid=False))
    assert [len(line.text) for line in layout(run_spacing).lines] == [25, 27, 8]  # what the grid must not give
