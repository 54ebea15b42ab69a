"""Comparing caina's layout with an oracle's lines (pure), the test-draft generator,
and the layout rules measured against LibreOffice for ``caina verify-layout``."""

from __future__ import annotations

from dataclasses import replace

import pytest

from caina.core.generate import make_draft, make_drafts
from caina.core.layout import LayoutSettings, break_paragraph, layout
from caina.core.model import CELL_SEP, Block, BlockKind, Draft, PageSetup, Part, default_style
from caina.core.verify import FAULTS, OracleLine, Status, Verification, compare, normalise_text, oracle_splits, verify

YI = "一"
WIDTH = PageSetup().text_width_pt


def draft(*texts: str, indent: float = 0.0) -> Draft:
    style = replace(default_style(BlockKind.BODY), first_line_indent_chars=indent)
    return Draft(title="测试", parts=(Part("main", "正文", tuple(Block(BlockKind.BODY, t, style) for t in texts)),))


def oracle_of(d: Draft, settings: LayoutSettings | None = None, *, drop_hung: bool = False) -> list[OracleLine]:
    """The lines an oracle laying ``d`` out with ``settings`` would draw."""
    out = []
    for line in layout(d, settings).lines:
        text = line.text
        if drop_hung and text[-1:] in "，。、；：？！":
            text = text[:-1]
        out.append(OracleLine(line.page, line.row, text))
    return out


def wrap(text: str, *, width: float = WIDTH, **switches: object) -> list[str]:
    ranges = break_paragraph(text, width_pt=width, settings=LayoutSettings(**switches))  # type: ignore[arg-type]
    return [text[s:e] for s, e in ranges]


# ------------------------------------------------------------------ compare, line by line

PARA = YI * 28 + "，" + "二" * 10  # the comma hangs after 28 字


@pytest.mark.parametrize(
    ("oracle_texts", "statuses", "same"),
    [
        ([YI * 28 + "，", "二" * 10], [], 2),  # identical
        ([YI * 28, "二" * 10], [Status.HUNG], 1),  # the hung comma not drawn
        ([YI * 14 + " " + YI * 14 + "，", "二" * 5 + "\n" + "二" * 5], [], 2),  # spaces do not count
        ([YI * 27, YI + "，" + "二" * 10], [Status.TEXT, Status.TEXT], 0),  # a different break
        ([YI * 28 + "，"], [Status.MISSING], 1),  # caina has a line the oracle lacks
        ([YI * 28 + "，", "二" * 10, "三"], [Status.EXTRA], 2),  # the oracle has one more
    ],
)
def test_each_line_is_classified(oracle_texts: list[str], statuses: list[Status], same: int) -> None:
    d = draft(PARA)
    oracle = [OracleLine(1, i + 1, t) for i, t in enumerate(oracle_texts)]
    v = compare(layout(d), oracle)
    assert v.same == same
    assert [r.status for r in v.results] == statuses
    assert v.total == max(2, len(oracle_texts)) == v.same + len(v.results)


def test_a_hung_mark_is_tolerated_and_counted_by_mark() -> None:
    v = compare(layout(draft(PARA)), [OracleLine(1, 1, YI * 28), OracleLine(1, 2, "二" * 10)])
    assert v.tolerated == {"hung": 1, "dash": 0, "ellipsis": 0} and v.hung_marks == {"，": 1}
    assert v.agreement == 1.0 and v.identical == 0.5 and v.disagreements == ()
    assert v.tolerated_lines[0].hung == "，" and v.tolerated_lines[0].locator == "P1第1行（倒数第2行）"


def test_disagreements_say_where_and_what() -> None:
    v = compare(layout(draft(PARA)), [OracleLine(1, 1, YI * 27), OracleLine(1, 2, YI + "，" + "二" * 10)])
    first = v.disagreements[0]
    assert (first.page, first.number, first.from_bottom, first.status) == (1, 1, 2, Status.TEXT)
    assert (first.caina, first.oracle) == (YI * 28 + "，", YI * 27)
    assert v.agreement == 0.0 and v.agreeing == 0


def test_a_table_line_compares_its_cells_in_order() -> None:
    row = Block(BlockKind.TABLE_ROW, CELL_SEP.join(["序号", "名称", "2025年"]), default_style(BlockKind.TABLE_ROW))
    d = Draft(title="t", parts=(Part("main", "正文", (row,)),))
    assert layout(d).lines[0].text == "序号 | 名称 | 2025年"
    v = compare(layout(d), [OracleLine(1, 1, "序号名称2025年")])
    assert v.same == 1 and v.total == 1


def test_nothing_to_compare_agrees_fully() -> None:
    v = Verification(total=0, same=0, tolerated={}, results=(), caina_pages=0, oracle_pages=0)
    assert v.agreement == 1.0 and v.identical == 1.0


# ------------------------------------------------------------------ LibreOffice's ——/…… faults


@pytest.mark.parametrize(
    ("text", "fault", "oracle_settings"),
    [
        # LibreOffice splits —— at a line end; the rest of the paragraph moves with it
        (YI * 27 + "——" + "二" * 60, Status.DASH, {"keep_dash_ellipsis": False}),
        (YI * 27 + "……" + "二" * 60, Status.ELLIPSIS, {"keep_dash_ellipsis": False, "ellipsis_may_start_line": True}),
        # …… starting a line, not split
        (YI * 28 + "……" + "二" * 60, Status.ELLIPSIS, {"ellipsis_may_start_line": True}),
    ],
)
def test_libreoffice_pair_faults_are_tolerated_with_their_knock_on(
    text: str, fault: Status, oracle_settings: dict[str, bool]
) -> None:
    d = draft(text)
    oracle = oracle_of(d, LayoutSettings(**oracle_settings))  # type: ignore[arg-type]
    strict = compare(layout(d), oracle)
    assert strict.disagreements  # without the emulating layouts these lines differ
    v = verify(d, oracle)
    assert v.agreement == 1.0 and v.disagreements == ()
    assert v.tolerated[fault.value] == len(strict.disagreements) >= 2  # the split line and the shifted ones


def test_a_difference_no_known_fault_explains_stays_a_disagreement() -> None:
    d = draft(YI * 27 + "——" + "二" * 60)
    oracle = oracle_of(d, LayoutSettings(keep_dash_ellipsis=False))
    oracle[1] = replace(oracle[1], text=oracle[1].text[:-1])  # something else is wrong on line 2
    v = verify(d, oracle)
    assert [r.status for r in v.disagreements] == [Status.TEXT] and v.tolerated["dash"] >= 1


def test_splits_are_counted_from_the_oracle_lines() -> None:
    lines = [OracleLine(1, 1, "一—"), OracleLine(1, 2, "—二……"), OracleLine(1, 3, "…三"), OracleLine(1, 4, "……")]
    assert oracle_splits(lines) == {"——": 1}
    assert oracle_splits([OracleLine(1, 1, "一…"), OracleLine(2, 1, "…二")]) == {"……": 1}  # across pages


def test_every_fault_has_a_label_and_is_tolerated() -> None:
    assert all(f.tolerated and f.label for f in FAULTS)
    assert not any(s.tolerated for s in (Status.SAME, Status.TEXT, Status.MISSING, Status.EXTRA))
    assert normalise_text(" a\u200bb\u3000c\n") == "abc"


# ------------------------------------------------------------------ rules measured in LibreOffice 7.4


@pytest.mark.parametrize(
    ("text", "switches", "lines"),
    [
        # —— between 汉字 is one CJK run (no spacing given back around it)
        (
            "率达到82%以上，创新平台——稳步推进责任落实，依法规范营商环境。",
            {},
            ["率达到82%以上，创新平台——稳步推进责任落实，依法规范营", "商环境。"],
        ),
        # a mark hangs only after CJK text: after "2%" the line breaks before "2%，"
        (YI * 26 + "2%，二", {}, [YI * 26, "2%，二"]),
        (YI * 26 + "2%，二", {"hang_after_latin": True}, [YI * 26 + "2%，", "二"]),
        (YI * 27 + "）。二", {}, [YI * 27 + "）。", "二"]),  # after a CJK bracket it hangs
        # after Latin text (even inside brackets or quotes) ，、。 stick to a digit after them
        (YI * 24 + "16.7%，2019—2023年", {}, [YI * 24, "16.7%，2019—2023年"]),
        (YI * 24 + "（AB），2019年", {}, [YI * 24, "（AB），2019年"]),
        (YI * 23 + "（二），2019—2023年", {}, [YI * 23 + "（二），", "2019—2023年"]),
        (YI * 24 + "16.7%；2019年", {}, [YI * 24 + "16.7%；", "2019年"]),
        # ” and ’ stick to a digit after them, a letter to “ ‘ after it
        (YI * 26 + "”2025年", {}, [YI * 25, YI + "”2025年"]),
        (YI * 26 + "”2025年", {"glue_brackets": False}, [YI * 26 + "”", "2025年"]),
        (YI * 26 + "AB“二”三", {}, [YI * 26, "AB“二”三"]),
        # “…” may start a line in LibreOffice, not in Word's zh-CN set
        (YI * 28 + "……二", {}, [YI * 27, YI + "……二"]),
        (YI * 28 + "……二", {"ellipsis_may_start_line": True}, [YI * 28, "……二"]),
        (YI * 27 + "……二", {"keep_dash_ellipsis": False, "ellipsis_may_start_line": True}, [YI * 27 + "…", "…二"]),
    ],
)
def test_measured_line_breaks(text: str, switches: dict[str, object], lines: list[str]) -> None:
    assert wrap(text, **switches) == lines


@pytest.mark.parametrize(
    ("cell", "switches", "lines"),
    [
        # no mark hangs in a table cell (4 equal columns: 7 字 of 4号 a cell line)
        ("国" * 7 + "、国", {}, ["国" * 6, "国、国"]),
        ("国" * 7 + "、国", {"hang_in_table_cells": True}, ["国" * 7 + "、", "国"]),
        # without hanging, ，、。 stick to a digit after them
        ("障风险防控，2025年累计投入", {}, ["障风险防", "控，2025年累计", "投入"]),
        ("障风险防控；2025年累计投入", {}, ["障风险防控；", "2025年累计投入"]),
    ],
)
def test_measured_table_cell_breaks(cell: str, switches: dict[str, object], lines: list[str]) -> None:
    row = Block(BlockKind.TABLE_ROW, CELL_SEP.join([cell, "短", "短", "短"]), default_style(BlockKind.TABLE_ROW))
    d = Draft(title="t", parts=(Part("main", "正文", (row,)),))
    got = [line.text.split(" | ")[0] for line in layout(d, LayoutSettings(**switches)).lines]  # type: ignore[arg-type]
    assert got == lines


@pytest.mark.parametrize(("costs", "rows_on_page_1"), [(True, 21), (False, 22)])
def test_a_page_with_a_table_holds_a_row_less(costs: bool, rows_on_page_1: int) -> None:
    body = replace(default_style(BlockKind.BODY), first_line_indent_chars=0.0)
    blocks = [Block(BlockKind.TABLE_ROW, "甲\t乙", default_style(BlockKind.TABLE_ROW))]
    blocks += [Block(BlockKind.BODY, f"第{i}行", body) for i in range(30)]
    d = Draft(title="t", parts=(Part("main", "正文", tuple(blocks)),))
    lay = layout(d, LayoutSettings(table_costs_a_row=costs))
    assert len(lay.pages[0].lines) == rows_on_page_1
    plain = Draft(title="t", parts=(Part("main", "正文", tuple(blocks[1:])),))
    assert len(layout(plain, LayoutSettings(table_costs_a_row=costs)).pages[0].lines) == 22  # no table: 22


# ------------------------------------------------------------------ the test-draft generator


def test_the_generator_is_deterministic_and_seeded() -> None:
    assert make_draft(3, 7) == make_draft(3, 7)
    assert make_draft(3, 7) != make_draft(3, 8)


@pytest.fixture(scope="module")
def drafts() -> list[Draft]:
    return make_drafts(50, 2024, pages=(2, 6))


def _texts(drafts: list[Draft]) -> str:
    return "\n".join(b.text for d in drafts for p in d.parts for b in p.blocks)


@pytest.mark.parametrize(
    ("what", "needle"),
    [
        ("digits", "2025"), ("Latin", "GB/T 9704—2012"), ("percent", "%"), ("quotes", "“"),
        ("inner quotes", "‘"), ("书名号", "《"), ("dashes", "——"), ("ellipses", "……"), ("issue numbers", "〔"),
        ("numbered items", "（1）"), ("enumerations", "一是"), ("主送", "各县（市、区）人民政府，市直各有关单位："),
    ],
)  # fmt: skip
def test_generated_drafts_have_realistic_text(drafts: list[Draft], what: str, needle: str) -> None:
    assert needle in _texts(drafts), what


def test_generated_drafts_have_every_kind_of_block(drafts: list[Draft]) -> None:
    kinds = {b.kind for d in drafts for p in d.parts for b in p.blocks}
    assert kinds == set(BlockKind)
    assert any(len(d.parts) == 2 for d in drafts) and any(len(d.parts) == 1 for d in drafts)
    lengths = [len(b.text) for d in drafts for b in d.main.blocks if b.kind is BlockKind.BODY]
    assert min(lengths) < 28 < 200 < max(lengths)  # short one-line paragraphs and long ones


def test_generated_drafts_run_to_several_pages(drafts: list[Draft]) -> None:
    pages = [layout(d).page_count for d in drafts]
    assert min(pages) >= 2 and max(pages) >= 6 and sum(pages) >= 200


def test_exact_drafts_fill_the_pages_asked_for() -> None:
    d = make_draft(12, 5, exact=True, tables=False, attachment=False)
    assert layout(d).page_count >= 12 and len(d.parts) == 1
    assert not any(b.kind is BlockKind.TABLE_ROW for b in d.main.blocks)


def test_automatic_numbering_is_compared_as_printed() -> None:
    """A heading numbered by Word (Block.label "一、") prints its number: LibreOffice's line
    “一、总体要求” agrees with caina's, and only the block's first line carries the number."""
    heading = Block(BlockKind.HEADING1, "总体要求", default_style(BlockKind.HEADING1), label="一、")
    long = Block(BlockKind.BODY, YI * 40, replace(default_style(BlockKind.BODY), first_line_indent_chars=4), label="1.")
    d = Draft(title="测试", parts=(Part("main", "正文", (heading, long)),))
    lay = layout(d)
    oracle = [OracleLine(1, line.row, t) for line, t in zip(lay.lines, ["一、总体要求", "1." + YI * 24, YI * 16], strict=True)]
    v = compare(lay, oracle)
    assert v.same == 3 and not v.results
    assert [lay.printed_text(line) for line in lay.lines] == ["一、总体要求", "1." + YI * 24, YI * 16]
    assert lay.lines[0].text == "总体要求"  # quotes and offsets address the text alone
