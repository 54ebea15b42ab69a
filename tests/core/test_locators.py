"""Locators: parse/render identity, house style, resolve against a layout, locate spans."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caina.core.locators import (
    DIRECTION_WORDS,
    RANGE_WORDS,
    Locator,
    choose_direction,
    house_locator,
    locate,
    locate_text,
    parse_locator,
    render_locator,
    resolve,
    to_house_style,
)
from caina.core.model import Block, BlockKind, Draft, Part
from caina.core.pages import Layout, Line, Page, Segment, Span
from caina.errors import InputError, LocatorRangeError, LocatorSyntaxError

# --- a synthetic layout, without the layout engine ---------------------------

PartSpec = tuple[str, str, Sequence[str]]  # (id, label, block texts)


def make_layout(parts: Sequence[PartSpec], *, chars_per_line: int = 10, lines_per_page: int = 22) -> Layout:
    """Cut every block into lines of ``chars_per_line`` characters, pages of ``lines_per_page`` lines.

    Each part starts on a new page; an empty block (a blank paragraph) gets no line.
    """
    draft = Draft(
        title="测试草案",
        parts=tuple(
            Part(pid, label, tuple(Block(BlockKind.BODY if t else BlockKind.BLANK, t) for t in texts))
            for pid, label, texts in parts
        ),
    )
    pages: list[Page] = []
    for part in draft.parts:
        rows = [
            (bi, start, min(start + chars_per_line, len(block.text)), block.text)
            for bi, block in enumerate(part.blocks)
            for start in range(0, len(block.text), chars_per_line)
        ]
        for part_page, first in enumerate(range(0, len(rows), lines_per_page), start=1):
            chunk = rows[first : first + lines_per_page]
            number = len(pages) + 1
            lines = tuple(
                Line(
                    page=number,
                    part_id=part.id,
                    part_page=part_page,
                    number=i + 1,
                    from_bottom=len(chunk) - i,
                    block_index=bi,
                    segments=(Segment(start, end),),
                    text=text[start:end],
                    row=i + 1,
                )
                for i, (bi, start, end, text) in enumerate(chunk)
            )
            pages.append(Page(number, part.id, part_page, lines))
    return Layout(draft, tuple(pages))


def filler(n: int) -> str:
    return "".join(chr(0x4E00 + i % 400) for i in range(n))


# 正文: one block of 100 lines (pages 1–5: 22, 22, 22, 22, 12 lines)
# 附件1: a blank block then one block of 30 lines (pages 6–7: 22, 8); 附件3: 5 lines (page 8)
LAYOUT = make_layout(
    [
        ("main", "正文", [filler(1000)]),
        ("att1", "附件1", ["", filler(300)]),
        ("att3", "附件3", [filler(50)]),
    ]
)


def line_at(page: int, number: int) -> Line:
    line = LAYOUT.pages[page - 1].lines[number - 1]
    assert (line.page, line.number) == (page, number)
    return line


def main_span(line_index: int, start: int = 0, length: int = 3) -> Span:
    """A span in the 正文 block starting ``start`` characters into its ``line_index``-th line (0-based)."""
    offset = line_index * 10 + start
    return Span("main", 0, offset, offset + length)


def test_synthetic_layout_shape() -> None:
    assert [len(p.lines) for p in LAYOUT.pages] == [22, 22, 22, 22, 12, 22, 8, 5]
    assert [(p.part_id, p.part_page) for p in LAYOUT.pages][4:] == [
        ("main", 5),
        ("att1", 1),
        ("att1", 2),
        ("att3", 1),
    ]


# --- parse --------------------------------------------------------------------

T = dict[str, Any]

PARSED: list[tuple[str, T]] = [
    ("P3倒数第五行", {"page": 3, "line": 5, "from_bottom": True, "form": "P", "line_style": "chinese"}),
    ("P4顺数第一行", {"page": 4, "line": 1, "from_bottom": False, "direction_word": "顺数"}),
    ("P3顺数第十一行", {"page": 3, "line": 11, "from_bottom": False}),
    ("P13倒数第一行", {"page": 13, "line": 1, "from_bottom": True}),
    ("P3第5行", {"page": 3, "line": 5, "direction_word": "", "line_style": "arabic"}),
    ("P3倒5行", {"page": 3, "line": 5, "direction_word": "倒", "ordinal": False}),
    ("第3页第5行", {"page": 3, "line": 5, "from_bottom": False, "form": "page", "direction_word": ""}),
    ("第3页倒数第5行", {"page": 3, "line": 5, "from_bottom": True, "form": "page", "line_style": "arabic"}),
    ("59页倒3行", {"page": 59, "line": 3, "from_bottom": True, "form": "bare", "ordinal": False}),
    ("3页5行", {"page": 3, "line": 5, "from_bottom": False, "form": "bare", "direction_word": ""}),
    ("第六页倒数第六至七行", {"page": 6, "line": 6, "line_end": 7, "from_bottom": True, "page_style": "chinese"}),
    ("附件1", {"part": "附件1", "page": None, "line": None}),
    ("附件三", {"part": "附件3", "part_style": "chinese"}),
    ("正文", {"part": "正文", "page": None}),
    ("附件3第2页第4行", {"part": "附件3", "page": 2, "line": 4, "form": "page"}),
    ("附件3P2倒数第1行", {"part": "附件3", "page": 2, "line": 1, "from_bottom": True, "form": "P"}),
    ("正文第3页第5行", {"part": "正文", "page": 3, "line": 5}),
    ("p3", {"page": 3, "p_letter": "p", "line": None}),
    ("P3", {"page": 3, "p_letter": "P", "form": "P"}),
    ("第3页", {"page": 3, "form": "page", "line": None}),
    ("第3至4页", {"page": 3, "page_end": 4, "line": None, "form": "page"}),
    ("3至4页", {"page": 3, "page_end": 4, "form": "bare"}),
    ("P3至P4", {"page": 3, "page_end": 4, "form": "P"}),
    ("第3页第5-7行", {"page": 3, "line": 5, "line_end": 7, "range_word": "-"}),
    ("P3倒数第五至四行", {"page": 3, "line": 5, "line_end": 4, "from_bottom": True}),
    ("P3倒数第四至五行", {"page": 3, "line": 4, "line_end": 5, "from_bottom": True}),
    (
        "P3倒数第一行至P4顺数第一行",
        {"page": 3, "line": 1, "from_bottom": True, "page_end": 4, "line_end": 1, "end_from_bottom": False},
    ),
    (
        "第3页倒数第1行至第4页第2行",
        {"page": 3, "page_end": 4, "line_end": 2, "end_from_bottom": False, "end_direction_word": ""},
    ),
    ("附件3第2页倒数第一行至第3页顺数第二行", {"part": "附件3", "page": 2, "page_end": 3, "line_end": 2}),
]


@pytest.mark.parametrize(("text", "expected"), PARSED)
def test_parse_locator_fields(text: str, expected: T) -> None:
    loc = parse_locator(text)
    for name, value in expected.items():
        assert getattr(loc, name) == value, name


CANONICAL = [text for text, _ in PARSED] + [
    "P3顺数第五至七行",
    "第三页第五行",
    "59页倒3至4行",
    "59页倒3行至60页1行",
    "附件三第二页",
    "附件3第2至3页",
    "附件3P2至P3",
    "正文P3",
    "p3倒数第五行至p4顺数第一行",
    "P3倒数第一行到P5第二行",
    "P3倒数第五～四行",
    "P120顺数第二十二行",
    "P61左栏倒数第五行",
    "61页左，倒5行",
    "第3页第二栏第5至7行",
    "P3第2栏顺数第一行",
    "附件1第2页右栏第3行",
]


@pytest.mark.parametrize("text", CANONICAL)
def test_render_parse_identity(text: str) -> None:
    loc = parse_locator(text)
    assert render_locator(loc) == text
    assert str(loc) == text
    assert parse_locator(render_locator(loc)) == loc


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("  P3倒数第五行\n", "P3倒数第五行"),
        ("P 3 倒数 第五行", "P3倒数第五行"),
        ("P３倒数第五行", "P3倒数第五行"),
        ("Ｐ３倒数第五行", "P3倒数第五行"),
        ("第３页第５行", "第3页第5行"),
        ("附件３　第２页　第４行", "附件3第2页第4行"),
        ("P03倒数第五行", "P3倒数第五行"),
        ("第六页倒数第六至7行", "第六页倒数第六至七行"),
    ],
)
def test_tolerated_input(text: str, canonical: str) -> None:
    assert render_locator(parse_locator(text)) == canonical


REJECTED = [
    "", "   ", "P", "P0", "第0页", "第3页第0行", "3", "倒数第五行", "第五行", "P3倒数第五", "P3倒数第五行x",
    "PP3", "P3五行", "P3倒数第十十行", "P3倒数第一百五行", "附件32页", "附件3 2页", "附件x", "附录1",
    "第3页第5行至第6行", "P4倒数第一行至P3第1行", "P3倒数第一行至第4页第1行", "P3倒数第一行至P4",
    "P3第五至五行", "第4至3页", "第3至4页第5行", "P3至4", "P3至P4第1行", "P3倒数第四至五行至P4第1行",
    "第3页顺数倒数第5行", "3页第", "page 3",
    "P3左栏", "P3左栏第1行至P4第1行", "P3第0栏第1行", "P3中栏第1行", "第3至4页左栏第1行",
]  # fmt: skip


@pytest.mark.parametrize("text", REJECTED)
def test_parse_locator_rejects(text: str) -> None:
    with pytest.raises(LocatorSyntaxError) as info:
        parse_locator(text)
    err = info.value
    assert isinstance(err, InputError)
    assert err.text == text.strip()
    assert "无法识别的页行定位" in err.message
    assert "请" in err.fix  # every message says how to fix it


def test_syntax_error_explains_specific_problems() -> None:
    with pytest.raises(LocatorSyntaxError, match="终止页"):
        parse_locator("P4倒数第一行至P3第1行")
    with pytest.raises(LocatorSyntaxError, match="请用同一种写法"):
        parse_locator("P3倒数第一行至第4页第1行")
    with pytest.raises(LocatorSyntaxError, match="第3页第5至6行"):
        parse_locator("第3页第5行至第6行")
    with pytest.raises(LocatorSyntaxError, match="不是规范的数字"):
        parse_locator("P3倒数第一百五行")


# --- the Locator type -----------------------------------------------------------


def test_locator_defaults_are_house_style() -> None:
    assert render_locator(Locator(page=3, line=5, from_bottom=True)) == "P3倒数第五行"
    assert render_locator(Locator(page=4, line=1)) == "P4顺数第一行"
    assert render_locator(Locator(part="附件3", page=2, line=4)) == "附件3第2页顺数第四行"
    assert render_locator(Locator(part="附件1")) == "附件1"
    assert render_locator(Locator(page=3)) == "P3"
    loc = Locator(page=3, line=1, from_bottom=True, page_end=4, line_end=1, end_from_bottom=False)
    assert render_locator(loc) == "P3倒数第一行至P4顺数第一行"
    assert Locator(page=3, line=1, page_end=4, line_end=2).end_from_bottom is False


def test_locator_is_frozen_and_hashable() -> None:
    loc = parse_locator("P3倒数第五行")
    assert loc == Locator(page=3, line=5, from_bottom=True)
    assert len({loc, parse_locator("P3倒数第五行")}) == 1
    with pytest.raises(AttributeError):
        loc.page = 4  # type: ignore[misc]


def test_unseen_notation_is_reset() -> None:
    assert Locator(part="附件1", form="P", line_style="arabic", range_word="-") == parse_locator("附件1")
    assert Locator(page=3, ordinal=False, line_style="arabic") == parse_locator("P3")
    assert Locator(page=3, form="page", p_letter="p") == parse_locator("第3页")


@pytest.mark.parametrize(
    "fields",
    [
        {}, {"part": ""}, {"page": 0}, {"page": -1}, {"page": True}, {"line": 3},
        {"page": 3, "line_end": 4}, {"page": 3, "page_end": 3}, {"page": 3, "page_end": 2},
        {"page": 3, "page_end": 4, "line": 1}, {"page": 3, "line": 5, "line_end": 5}, {"page": 3, "from_bottom": True},
        {"page": 3, "line": 5, "from_bottom": True, "direction_word": "顺数"},
        {"page": 3, "line": 5, "from_bottom": False, "direction_word": "倒"},
        {"page": 3, "line": 5, "direction_word": "倒着数"}, {"page": 3, "direction_word": "顺数"},
        {"page": 3, "line": 5, "direction_word": "", "ordinal": False},
        {"page": 3, "line": 5, "end_from_bottom": True}, {"page": 3, "line": 5, "end_direction_word": "顺数"},
        {"page": 3, "form": "xx"}, {"page": 3, "p_letter": "Q"}, {"page": 3, "page_style": "roman"},
        {"page": 3, "line": 5, "range_word": "and", "line_end": 6}, {"part": "附件1", "page": 3, "form": "bare"},
        {"part": "附录一", "part_style": "chinese"}, {"page": 10000, "page_style": "chinese"},
    ],
)
def test_locator_validation(fields: T) -> None:
    with pytest.raises(ValueError):
        Locator(**fields)


# --- house style ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "text"),
    [
        ((None, 3, 5, True), {}, "P3倒数第五行"),
        ((None, 4, 1, False), {}, "P4顺数第一行"),
        ((None, 3, 11, False), {}, "P3顺数第十一行"),
        (("正文", 13, 1, True), {}, "P13倒数第一行"),
        (("附件3", 2, 4, False), {}, "附件3第2页顺数第四行"),
        ((None, 3, 5, True, 4), {}, "P3倒数第四至五行"),
        ((None, 3, 4, True, 5), {}, "P3倒数第四至五行"),
        ((None, 3, 7, False, 5), {}, "P3顺数第五至七行"),
        ((None, 3, 5, False, 5), {}, "P3顺数第五行"),
        ((None, 3, 1, True, 1), {"page_end": 4, "end_from_bottom": False}, "P3倒数第一行至P4顺数第一行"),
        ((None, 3, 5, True, 4), {"page_end": 3}, "P3倒数第四至五行"),
        (
            ("附件3", 2, 1, True, 2),
            {"page_end": 3, "end_from_bottom": False},
            "附件3第2页倒数第一行至第3页顺数第二行",
        ),
    ],
)
def test_house_locator(args: tuple[Any, ...], kwargs: T, text: str) -> None:
    loc = house_locator(*args, **kwargs)
    assert render_locator(loc) == text
    assert parse_locator(text) == loc


@pytest.mark.parametrize(
    ("written", "house"),
    [
        ("59页倒3行", "P59倒数第三行"),
        ("第3页第5行", "P3顺数第五行"),
        ("第六页倒数第七至六行", "P6倒数第六至七行"),
        ("附件3P2倒数第1行", "附件3第2页倒数第一行"),
        ("正文第3页第5行", "P3顺数第五行"),
        ("第3页倒数第1行至第4页第1行", "P3倒数第一行至P4顺数第一行"),
        ("第3至4页", "P3至P4"),
        ("正文第3页", "P3"),
        ("正文", "正文"),
        ("附件1", "附件1"),
        ("附件一第2至3页", "附件1第2至3页"),
    ],
)
def test_to_house_style(written: str, house: str) -> None:
    assert render_locator(to_house_style(parse_locator(written))) == house


@pytest.mark.parametrize(
    ("number", "rule", "from_bottom"),
    # the real report, 22-line pages: 顺数 1, 8, 11, 13 and 倒数 1, 5, 6
    [
        (1, "auto", False), (8, "auto", False), (11, "auto", False), (13, "auto", False),
        (22, "auto", True), (18, "auto", True), (17, "auto", True),
        (15, "auto", False), (16, "auto", True),  # 倒数第八 / 倒数第七: the boundary
        (22, "top", False), (1, "bottom", True),
    ],
)
def test_choose_direction(number: int, rule: Any, from_bottom: bool) -> None:
    assert choose_direction(number, 22 - number + 1, 22, rule) is from_bottom


def test_choose_direction_short_pages() -> None:
    assert choose_direction(1, 1, 1) is False  # 1 // 3 == 0: never from the bottom
    assert choose_direction(3, 1, 3) is True
    with pytest.raises(ValueError):
        choose_direction(1, 22, 22, "middle")  # type: ignore[arg-type]


# --- resolve ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P3倒数第五行", [(3, 18)]),
        ("P3顺数第十一行", [(3, 11)]),
        ("P4顺数第一行", [(4, 1)]),
        ("第3页第5行", [(3, 5)]),
        ("p3倒5行", [(3, 18)]),
        ("正文第2页第1行", [(2, 1)]),
        ("第六页倒数第六至七行", [(6, 16), (6, 17)]),
        ("P3倒数第四至五行", [(3, 18), (3, 19)]),
        ("P3倒数第五至四行", [(3, 18), (3, 19)]),
        ("P3第五至七行", [(3, 5), (3, 6), (3, 7)]),
        ("P3倒数第一行至P4顺数第一行", [(3, 22), (4, 1)]),
        ("P3倒数第二行至P4第二行", [(3, 21), (3, 22), (4, 1), (4, 2)]),
        ("P3倒数第一行至P5第2行", [(3, 22)] + [(4, n) for n in range(1, 23)] + [(5, 1), (5, 2)]),
        ("附件1第2页第4行", [(7, 4)]),
        ("附件1第2页倒数第1行", [(7, 8)]),
        ("附件1第1页倒数第1行至第2页第1行", [(6, 22), (7, 1)]),
        ("附件3第1页第5行", [(8, 5)]),
        ("P8倒数第一行", [(8, 5)]),
    ],
)
def test_resolve_lines(text: str, expected: list[tuple[int, int]]) -> None:
    lines = resolve(LAYOUT, text)
    assert [(line.page, line.number) for line in lines] == expected
    assert resolve(LAYOUT, parse_locator(text)) == lines


def test_resolve_whole_pages_and_parts() -> None:
    assert resolve(LAYOUT, "P3") == LAYOUT.pages[2].lines
    assert resolve(LAYOUT, "第3至4页") == LAYOUT.pages[2].lines + LAYOUT.pages[3].lines
    assert resolve(LAYOUT, "附件1") == LAYOUT.pages[5].lines + LAYOUT.pages[6].lines
    assert resolve(LAYOUT, "附件1第2页") == LAYOUT.pages[6].lines
    assert resolve(LAYOUT, "附件一P1至P2") == LAYOUT.pages[5].lines + LAYOUT.pages[6].lines
    assert len(resolve(LAYOUT, "正文")) == 100


FIX_LINES = "请核对行号，或运行 caina show 草案 --pages 查看分页"
FIX_PAGES = "请核对页码，或运行 caina show 草案 --pages 查看分页"


@pytest.mark.parametrize(
    ("text", "what", "fix"),
    [
        ("第3页倒数第25行", "第3页倒数第25行超出范围：该页共22行", FIX_LINES),
        ("P3顺数第二十三行", "第3页第23行超出范围：该页共22行", FIX_LINES),
        ("P5第13行", "第5页第13行超出范围：该页共12行", FIX_LINES),
        ("P3倒数第五至三十行", "第3页倒数第30行超出范围：该页共22行", FIX_LINES),
        ("P9", "第9页超出范围：草案共8页", FIX_PAGES),
        ("第7至9页", "第9页超出范围：草案共8页", FIX_PAGES),
        ("P3倒数第一行至P9第1行", "第9页超出范围：草案共8页", FIX_PAGES),
        ("P3倒数第一行至P4第23行", "第4页第23行超出范围：该页共22行", FIX_LINES),
        ("附件1第2页第9行", "附件1第2页第9行超出范围：该页共8行", FIX_LINES),
        ("附件3第2页", "附件3第2页超出范围：附件3共1页", FIX_PAGES),
        ("附件2", "草案中没有“附件2”", "草案的附件为：附件1、附件3，请核对附件编号"),
        ("附件2第1页第1行", "草案中没有“附件2”", "草案的附件为：附件1、附件3，请核对附件编号"),
    ],
)
def test_resolve_out_of_range(text: str, what: str, fix: str) -> None:
    with pytest.raises(LocatorRangeError) as info:
        resolve(LAYOUT, f" {text} ")
    err = info.value
    assert (err.what, err.locator, err.fix) == (what, text, fix)
    assert err.message == f"{what}（位置：{text}）。{fix}。"
    with pytest.raises(LocatorRangeError) as info:
        resolve(LAYOUT, parse_locator(text))
    assert info.value.what == what


def test_resolve_unknown_attachment_without_attachments() -> None:
    layout = make_layout([("main", "正文", [filler(30)])])
    with pytest.raises(LocatorRangeError) as info:
        resolve(layout, "附件1")
    assert "草案没有附件" in info.value.fix


def test_resolve_rejects_bad_syntax() -> None:
    with pytest.raises(LocatorSyntaxError):
        resolve(LAYOUT, "第三页的第五行")


# --- locate -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "kwargs", "text"),
    [
        (main_span(44), {}, "P3顺数第一行"),
        (main_span(51), {}, "P3顺数第八行"),
        (main_span(54), {}, "P3顺数第十一行"),
        (main_span(56), {}, "P3顺数第十三行"),
        (main_span(58), {}, "P3顺数第十五行"),  # 倒数第八: not in the bottom third
        (main_span(59), {}, "P3倒数第七行"),
        (main_span(61), {}, "P3倒数第五行"),
        (main_span(65), {}, "P3倒数第一行"),
        (main_span(61), {"count_from": "top"}, "P3顺数第十八行"),
        (main_span(44), {"count_from": "bottom"}, "P3倒数第二十二行"),
        # a quote that continues onto page 4 is cited where it begins …
        (main_span(65, 5, 10), {}, "P3倒数第一行"),
        # … or, on request, by every line it is drawn on
        (main_span(65, 5, 10), {"span_style": "range"}, "P3倒数第一行至P4顺数第一行"),
        (main_span(61, 5, 10), {"span_style": "range"}, "P3倒数第四至五行"),
        (main_span(50, 5, 20), {"span_style": "range"}, "P3顺数第七至九行"),
        (main_span(56, 0, 60), {"span_style": "range"}, "P3顺数第十三至十八行"),
        (main_span(61, 0, 3), {"span_style": "range"}, "P3倒数第五行"),
        (main_span(64, 0, 240), {"span_style": "range"}, "P3倒数第二行至P4倒数第一行"),
        (main_span(64, 0, 250), {"span_style": "range"}, "P3倒数第二行至P5顺数第一行"),
        (Span("att1", 1, 30 * 10 - 5, 30 * 10), {}, "附件1第2页倒数第一行"),
        (Span("att1", 1, 25 * 10, 25 * 10 + 1), {}, "附件1第2页顺数第四行"),
        (Span("att1", 1, 215, 225), {"span_style": "range"}, "附件1第1页倒数第一行至第2页顺数第一行"),
        (Span("att3", 0, 0, 0), {}, "附件3第1页顺数第一行"),
    ],
)
def test_locate(span: Span, kwargs: T, text: str) -> None:
    assert locate_text(LAYOUT, span, **kwargs) == text
    loc = locate(LAYOUT, span, **kwargs)
    assert parse_locator(text) == loc
    assert set(LAYOUT.lines_of_span(span)[:1]) <= set(resolve(LAYOUT, loc))


def test_locate_errors() -> None:
    with pytest.raises(LocatorRangeError, match="没有编号"):
        locate(LAYOUT, Span("att9", 0, 0, 1))
    with pytest.raises(LocatorRangeError, match="没有排入任何一行"):
        locate(LAYOUT, Span("att1", 0, 0, 0))  # the blank paragraph
    with pytest.raises(ValueError):
        locate(LAYOUT, main_span(1), span_style="all")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        locate(LAYOUT, main_span(1), count_from="middle")  # type: ignore[arg-type]


# --- properties ---------------------------------------------------------------------------


@st.composite
def written_locators(draw: st.DrawFn, form: str) -> Locator:
    """A valid Locator of ``form`` with random target and notation."""
    fields: T = {}
    if form != "bare" and draw(st.booleans()):
        number = draw(st.integers(1, 30))
        fields["part"] = draw(st.sampled_from([f"附件{number}", "正文", "附件"]))  # "附件": a single attachment
        if fields["part"] not in ("正文", "附件"):
            fields["part_style"] = draw(st.sampled_from(["arabic", "chinese"]))
        if draw(st.integers(0, 4)) == 0:
            return Locator(**fields)
    shape = draw(st.sampled_from(["page", "pages", "line", "lines", "cross"]))
    style = st.sampled_from(["arabic", "chinese"])
    page = draw(st.integers(1, 500))
    fields.update(form=form, page=page, page_style=draw(style), range_word=draw(st.sampled_from(RANGE_WORDS)))
    if form == "P":
        fields["p_letter"] = draw(st.sampled_from("Pp"))
    if shape == "pages":
        fields["page_end"] = draw(st.integers(page + 1, page + 50))
    if shape in ("line", "lines", "cross"):
        ordinal = draw(st.booleans())
        word = draw(st.sampled_from(DIRECTION_WORDS))
        if form == "P" and not ordinal and not word:
            ordinal = True
        line = draw(st.integers(1, 40))
        fields.update(line=line, ordinal=ordinal, line_style=draw(style), direction_word=word)
        fields["from_bottom"] = word in ("倒数", "倒")
        if shape == "lines":
            fields["line_end"] = draw(st.integers(1, 40).filter(lambda n: n != line))
        if shape in ("line", "lines") and draw(st.integers(0, 3)) == 0:  # a line counted within a column
            word = draw(st.sampled_from(["左栏", "右栏", "左", "右", "栏"]))
            column = draw(st.integers(1, 4)) if word == "栏" else (1 if word.startswith("左") else 2)
            fields.update(column=column, column_word=word, column_comma=draw(st.sampled_from(["", "，", ","])))
            if word == "栏":
                fields["column_style"] = draw(style)
        if shape == "cross":
            fields["page_end"] = draw(st.integers(page + 1, page + 3))
            fields["line_end"] = draw(st.integers(1, 40))
            end_word = draw(st.sampled_from(DIRECTION_WORDS))
            if form == "P" and not ordinal and not end_word:
                end_word = "顺数"
            fields.update(end_direction_word=end_word, end_from_bottom=end_word in ("倒数", "倒"))
    return Locator(**fields)


def _loosen(text: str, data: st.DataObject) -> str:
    """Insert whitespace and use full-width digits, as a user might."""
    out = []
    for ch in text:
        if ch.isdigit() and ch.isascii() and data.draw(st.booleans()):
            ch = chr(ord(ch) - ord("0") + ord("０"))
        out.append(ch + data.draw(st.sampled_from(["", "", " ", "\u3000"])))
    return data.draw(st.sampled_from(["", " ", "\n"])) + "".join(out)


@pytest.mark.parametrize("form", ["P", "page", "bare"])
@given(data=st.data())
def test_render_parse_round_trip(form: str, data: st.DataObject) -> None:
    loc = data.draw(written_locators(form))
    text = render_locator(loc)
    assert parse_locator(text) == loc
    assert render_locator(parse_locator(text)) == text
    assert parse_locator(_loosen(text, data)) == loc


@st.composite
def layouts_and_spans(draw: st.DrawFn) -> tuple[Layout, Span]:
    texts = st.lists(st.text(alphabet="字词句", min_size=0, max_size=90), min_size=1, max_size=5)
    parts: list[PartSpec] = [("main", "正文", draw(texts))]
    for n in draw(st.lists(st.integers(1, 9), unique=True, max_size=2)):
        parts.append((f"att{n}", f"附件{n}", draw(texts)))
    layout = make_layout(parts, chars_per_line=draw(st.integers(2, 12)), lines_per_page=draw(st.integers(1, 25)))
    candidates = [
        (part.id, i, len(block.text))
        for part in layout.draft.parts
        for i, block in enumerate(part.blocks)
        if block.text
    ]
    if not candidates:  # every block blank: give 正文 one character
        layout = make_layout([("main", "正文", ["字"])])
        candidates = [("main", 0, 1)]
    part_id, block_index, length = draw(st.sampled_from(candidates))
    start = draw(st.integers(0, length))
    end = draw(st.integers(start, length))
    return layout, Span(part_id, block_index, start, end)


@settings(max_examples=300)
@given(case=layouts_and_spans(), count_from=st.sampled_from(["auto", "top", "bottom"]))
def test_resolve_locate(case: tuple[Layout, Span], count_from: Any) -> None:
    layout, span = case
    drawn = layout.lines_of_span(span)
    assert drawn  # every non-blank span is on some line

    ranged = locate(layout, span, count_from=count_from, span_style="range")
    assert resolve(layout, ranged) == drawn
    assert resolve(layout, render_locator(ranged)) == drawn
    assert parse_locator(locate_text(layout, span, count_from=count_from, span_style="range")) == ranged

    start = locate(layout, span, count_from=count_from)
    assert resolve(layout, start) == drawn[:1]
    first = drawn[0]
    lines_on_page = first.number + first.from_bottom - 1
    expected = {"top": False, "bottom": True}.get(count_from, first.from_bottom <= lines_on_page // 3)
    assert start.from_bottom is expected
    assert start.line == (first.from_bottom if expected else first.number)
    assert (start.part is None) == (span.part_id == "main")


# --- a single attachment, labelled "附件" (issue 10, point 2) -------------------------------

SINGLE = make_layout([("main", "正文", [filler(300)]), ("att", "附件", ["", filler(120)])])


@pytest.mark.parametrize(
    ("text", "part", "page", "line", "from_bottom"),
    [("附件第1页第9行", "附件", 1, 9, False), ("附件第2页倒数第1行", "附件", 2, 1, True), ("附件P1顺数第三行", "附件", 1, 3, False),
     ("附件", "附件", None, None, False)],
)  # fmt: skip
def test_parse_and_render_the_single_attachment(
    text: str, part: str, page: int | None, line: int | None, from_bottom: bool
) -> None:
    loc = parse_locator(text)
    assert (loc.part, loc.page, loc.line, loc.from_bottom, loc.part_number) == (part, page, line, from_bottom, None)
    assert render_locator(loc) == text


def test_resolve_and_locate_in_a_single_attachment() -> None:
    (line,) = resolve(SINGLE, "附件第1页第9行")
    assert (line.part_id, line.part_page, line.number) == ("att", 1, 9)
    assert resolve(SINGLE, "附件1第1页第9行") == (line,)  # one attachment: "附件1" names it too
    span = Span("att", 1, 30, 33)
    assert locate_text(SINGLE, span) == "附件第1页顺数第四行"
    assert resolve(SINGLE, locate_text(SINGLE, span))[0] == SINGLE.lines_of_span(span)[0]
    with pytest.raises(LocatorRangeError) as info:
        resolve(LAYOUT, "附件第1页第1行")  # several attachments: "附件" alone names none
    assert "附件1、附件3" in info.value.message


# --- pages set in columns ---------------------------------------------------------------------------


def _column_layout() -> Layout:
    """One page: a line across it, then two columns of three lines each."""
    from caina.core.model import Block, BlockKind, BlockStyle, Columns, Draft, Part
    from caina.core.pages import Line, Page, Segment

    two = Columns((0.0, 100.0), (90.0, 90.0))
    blocks = (Block(BlockKind.TITLE, "通栏标题"), *(Block(BlockKind.BODY, f"第{i}段", BlockStyle(columns=two)) for i in range(6)))
    draft = Draft("通栏标题", (Part("main", "正文", blocks),))
    spec = [(0, 0, 1), *((i + 1, 1, 2 + i) for i in range(3)), *((i + 4, 2, 2 + i) for i in range(3))]
    lines = tuple(
        Line(1, "main", 1, k + 1, 7 - k, block, (Segment(0, len(blocks[block].text)),), blocks[block].text, row, 1, column)
        for k, (block, column, row) in enumerate(spec)
    )
    return Layout(draft, (Page(1, "main", 1, lines),))


def test_a_column_page_without_a_column_counts_in_reading_order_with_one_within_the_column() -> None:
    lay = _column_layout()
    assert [line.text for line in resolve(lay, "P1第2行")] == ["第0段"]  # column 1's first line
    assert [line.text for line in resolve(lay, "P1倒数第一行")] == ["第5段"]  # the last line of the last column
    assert [line.text for line in resolve(lay, "P1右栏第1行")] == ["第3段"]
    assert [line.text for line in resolve(lay, "1页左，倒1行")] == ["第2段"]
    assert [line.text for line in resolve(lay, "P1第二栏第2至3行")] == ["第4段", "第5段"]
    with pytest.raises(LocatorRangeError, match="该栏共3行"):
        resolve(lay, "P1左栏第4行")
    with pytest.raises(LocatorRangeError, match="第3栏没有文字"):
        resolve(lay, "P1第3栏第1行")


def test_caina_cites_a_line_in_a_column_by_its_column() -> None:
    lay = _column_layout()
    assert locate_text(lay, Span("main", 4, 0, 1)) == "P1右栏顺数第一行"
    assert locate_text(lay, Span("main", 3, 0, 1)) == "P1左栏倒数第一行"
    assert locate_text(lay, Span("main", 0, 0, 1)) == "P1顺数第一行"  # across the page: the page's count
    for block in range(1, 7):
        span = Span("main", block, 0, 1)
        assert resolve(lay, locate(lay, span)) == lay.lines_of_span(span)
