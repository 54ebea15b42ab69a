"""The report's content on a small draft: the opening paragraph, the title, and how edits are narrated."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from caina.core.anchoring import Scope
from caina.core.decisions import (
    Decision,
    Disposition,
    Opinion,
    Proposer,
    ProposerKind,
    Review,
    ReviewKind,
    ReviewRecord,
    Target,
)
from caina.core.edits import Change, Edit, Op, check_conflicts, place
from caina.core.layout import layout
from caina.core.locators import locate_text
from caina.core.model import CELL_SEP, Block, BlockKind, Draft, Part, default_style
from caina.core.report import ReportSettings, build_report, check_texts, render_text, title_line
from caina.errors import QuoteNotFoundError, ReviewFileError


def make_draft() -> Draft:
    body = default_style(BlockKind.BODY)
    main = Part(
        "main",
        "正文",
        (
            Block(BlockKind.TITLE, "某市数字经济行动方案", default_style(BlockKind.TITLE)),
            Block(BlockKind.BODY, "结合我市实际，制定本行动方案（以下简称《行动方案》）。", body),
            Block(BlockKind.BODY, "建设人工智能公共算力平台，培育一批“网红”农产品品牌。", body),
        ),
    )
    cell = default_style(BlockKind.TABLE_ROW, in_main=False)
    att = Part(
        "att1",
        "附件1",
        (
            Block(BlockKind.ATTACHMENT_LABEL, "附件1", default_style(BlockKind.ATTACHMENT_LABEL, in_main=False)),
            Block(BlockKind.TABLE_ROW, CELL_SEP.join(["序号", "建设内容", "完成时限"]), cell, table_id=0, header=True),
            Block(BlockKind.TABLE_ROW, CELL_SEP.join(["1", "建设标准机架3000个", "2026年12月"]), cell, table_id=0),
            Block(BlockKind.TABLE_ROW, CELL_SEP.join(["2", "新建5G基站3000个", "2026年12月"]), cell, table_id=0),
        ),
    )
    return Draft(title="某市数字经济行动方案", parts=(main, att), short_name="《行动方案》")


def record(*edits: Edit, review: Review | None = None, opinion: Opinion | None = None) -> ReviewRecord:
    review = review or Review(kind=ReviewKind.WRITTEN, office="市工信局", attending=("市财政局", "市科技局"))
    opinion = opinion or Opinion(
        number=1,
        proposer_id="fin",
        text="建议修改。",
        decision=Decision(Disposition.ADOPTED, edit_ids=tuple(e.id for e in edits)),
    )
    return ReviewRecord(
        review=review,
        proposers=(Proposer("fin", "市财政局"), Proposer("sci", "市科技局")),
        opinions=(opinion,),
        edits=edits,
    )


def report_text(rec: ReviewRecord) -> str:
    d = make_draft()
    lay = layout(d)
    placed = check_conflicts(place(d, rec.edits, lambda s: locate_text(lay, s)))  # type: ignore[arg-type]
    return render_text(build_report(d, lay, rec, placed))


# ------------------------------------------------------------------ the opening and the title


def test_a_written_consultation_without_date_or_meeting() -> None:
    text = report_text(record(Edit("e", (Change(Op.DELETE, "“网红”"),))))
    title = text.splitlines()[1]
    assert title == "征求意见采纳情况"
    intro = text.splitlines()[3]
    assert intro.startswith("市工信局就《某市数字经济行动方案》（以下简称《行动方案》）书面征求意见")  # no leading "，"
    assert "征求了市财政局、市科技局等2个单位的意见" in intro
    assert "其间，市财政局提出了1个修改意见" in intro  # one unit is named alone, not "等1个单位"


@pytest.mark.parametrize(
    ("meeting", "kind", "title"),
    [
        ("四届56次政府常务会", ReviewKind.STANDING_MEETING, "四届56次政府常务会意见采纳情况"),
        ("书面征求意见", ReviewKind.WRITTEN, "书面征求意见采纳情况"),  # not "书面征求意见意见采纳情况"
        ("", ReviewKind.WRITTEN, "征求意见采纳情况"),
        ("", ReviewKind.PUBLIC, "征求意见采纳情况"),
    ],
)
def test_title_line(meeting: str, kind: ReviewKind, title: str) -> None:
    assert title_line(Review(kind=kind, meeting=meeting)) == title


@pytest.mark.parametrize(
    ("chair", "place", "opening"),
    [
        ("周市长", "市政府会议室", "2019年1月17日上午，周市长在市政府会议室主持召开四届56次政府常务会，"),
        ("周市长", "", "2019年1月17日上午，周市长主持召开四届56次政府常务会，"),
        ("", "市政府会议室", "2019年1月17日上午，在市政府会议室召开四届56次政府常务会，"),
        ("", "", "2019年1月17日上午，召开四届56次政府常务会，"),
    ],
)
def test_a_meeting_without_chair_or_place(chair: str, place: str, opening: str) -> None:
    review = Review(
        meeting="四届56次政府常务会", date=dt.date(2019, 1, 17), time_of_day="上午", chair=chair, place=place,
        office="市工信局", attending=("市工信局",),
    )  # fmt: skip
    intro = report_text(record(Edit("e", (Change(Op.DELETE, "“网红”"),)), review=review)).splitlines()[3]
    assert intro.startswith(opening + "对《某市数字经济行动方案》"), intro
    assert "，市工信局列席会议。" in intro


# ------------------------------------------------------------------ narration


def test_a_table_cell_is_named_by_its_column_and_a_deleted_cell_text_is_not_replaced_by_nothing() -> None:
    edit = Edit("racks", (Change(Op.REPLACE, "建设标准机架3000个", "建设标准机架2000个", part="附件1"),))
    assert "已将《行动方案》附件1中的建设内容“建设标准机架3000个”修改为“建设标准机架2000个”。" in report_text(record(edit))
    gone = Edit("gone", (Change(Op.DELETE, "3000个", part="附件1", context="建设标准机架3000个"),))
    assert "已删去《行动方案》附件1第1页顺数第三行“3000个”。" in report_text(record(gone))


def test_repeated_cells_are_not_quoted_twice() -> None:
    edit = Edit("years", (Change(Op.REPLACE, "2026年12月", "2026年底", part="附件1", scope=Scope.PART),))
    text = report_text(record(edit))
    assert "附件1第1页顺数第三行和附件1第1页倒数第一行的2处“2026年12月”修改为“2026年底”" in text


def test_a_narrative_ending_in_a_comma_leads_into_the_edits() -> None:
    edit = Edit("e", (Change(Op.DELETE, "“网红”"),))
    op = Opinion(1, "fin", "建议删去。", Decision(Disposition.ADOPTED, narrative="经研究，", edit_ids=("e",)))
    text = report_text(record(edit, opinion=op))
    assert "意见采纳情况：予以全部采纳。经研究，已删去《行动方案》P1倒数第一行“‘网红’”。" in text


# ------------------------------------------------------------------ every text checked, with its place


def test_check_texts_anchors_every_target_even_one_no_placeholder_cites() -> None:
    d = make_draft()
    lay = layout(d)
    op = Opinion(
        1, "fin", "建议修改。", Decision(Disposition.NOT_ADOPTED, reason="不必要。"),
        targets=(Target("人工智能公共算力服务平台", origin="review.yaml 第9行"),), origin="review.yaml 第7行",
    )  # fmt: skip
    with pytest.raises(QuoteNotFoundError) as info:
        check_texts(d, lay, record(opinion=op), [])
    assert "review.yaml 第9行" in info.value.message and "人工智能公共算力平台" in info.value.message


@pytest.mark.parametrize(
    ("text", "words"),
    [("见{target:2}。", "第2个 targets 不存在"), ("见{edit:nope}。", "“nope”不存在"), ("见{edit:e.3}。", "没有第3处改动")],
)
def test_placeholder_errors_name_the_opinion_line(text: str, words: str) -> None:
    d = make_draft()
    edit = Edit("e", (Change(Op.DELETE, "“网红”"),))
    op = Opinion(
        1, "fin", text, Decision(Disposition.ADOPTED, edit_ids=("e",)),
        targets=(Target("人工智能公共算力平台"),), origin="review.yaml 第7行",
    )  # fmt: skip
    with pytest.raises(ReviewFileError) as info:
        check_texts(d, layout(d), record(edit, opinion=op), place(d, [edit]))
    assert words in info.value.message and "review.yaml 第7行" in info.value.message


def test_check_texts_allows_pending_opinions() -> None:
    d = make_draft()
    op = Opinion(1, "fin", "建议修改。", Decision(Disposition.PENDING))
    check_texts(d, layout(d), replace(record(opinion=op)), [])


# ------------------------------------------------------------------ issue 10: a county office's own case


def _leaders_record(review: Review, *leaders: str) -> ReviewRecord:
    edit = Edit("e", (Change(Op.DELETE, "“网红”"),))
    proposers = tuple(Proposer(f"l{i}", name, ProposerKind.LEADER) for i, name in enumerate(leaders))
    opinions = tuple(
        Opinion(i + 1, f"l{i}", "建议修改。", Decision(Disposition.ADOPTED, edit_ids=("e",) if i == 0 else ()))
        for i in range(len(leaders))
    )
    unit = Opinion(len(leaders) + 1, "fin", "建议修改。", Decision(Disposition.NOT_ADOPTED, reason="不必要。"))
    return ReviewRecord(review, (*proposers, Proposer("fin", "区财政局")), (*opinions, unit), (edit,))


@pytest.mark.parametrize(
    ("review", "leaders", "said"),
    [
        (Review(meeting="区政府第7次常务会议", chair="赵区长", office="区文旅局"), ("赵区长",), "会上，区领导和区财政局提出了"),
        (Review(meeting="第3次常务会议", office="区文旅局"), ("钱副区长", "孙区长"), "会上，区领导和区财政局"),
        (Review(meeting="第3次常务会议", office="县文旅局"), ("李主任",), "会上，县领导和区财政局"),  # the office's level
        (Review(meeting="党政联席会议", office="文旅办", level="镇"), ("周书记",), "会上，镇领导和区财政局"),
        (Review(meeting="专题会议", office="文旅办"), ("周书记", "吴主任"), "会上，周书记、吴主任和区财政局"),  # no level
    ],
)
def test_the_leaders_level_comes_from_the_review(review: Review, leaders: tuple[str, ...], said: str) -> None:
    text = report_text(_leaders_record(review, *leaders))
    assert said in text, text
    if "市" not in "".join((review.chair, review.office, review.meeting, *leaders)):
        assert "市领导" not in text


def test_no_level_is_typed_in_the_report_generator() -> None:
    """Every fixed phrase of the generator names no level: 市/县/区/省/镇 come from the review."""
    import ast
    from pathlib import Path

    import caina.core.report as module

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    docstrings = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(getattr(n, "body", None), list) and n.body and isinstance(n.body[0], ast.Expr)  # type: ignore[attr-defined]
    }
    typed = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        and any(w in node.value for w in ("市领导", "县领导", "区领导", "省领导", "市政府", "县政府", "我市", "我县"))
    ]
    assert typed == []


def test_a_draft_without_a_declared_short_name_is_introduced_by_its_genre_word() -> None:
    d = make_draft()
    d = replace(d, title="某县农村公路养护管理办法", short_name="")
    lay = layout(d)
    edit = Edit("e", (Change(Op.DELETE, "“网红”"),))
    text = render_text(build_report(d, lay, record(edit), place(d, [edit])))
    assert "就《某县农村公路养护管理办法》（以下简称《办法》）书面征求意见" in text
    assert "已删去《办法》P1" in text and text.count("《某县农村公路养护管理办法》") == 2  # the title line and the intro


def _table_draft(second: str = "80") -> Draft:
    body = default_style(BlockKind.BODY)
    cell = default_style(BlockKind.TABLE_ROW, in_main=False)
    rows = [["序号", "项目", "补助上限（万元）", "完成时限"], ["1", "新建村级光伏电站", "60", "2025年6月"],
            ["2", "改造村级光伏电站", second, "2025年12月"], ["3", "新建光伏车棚", "45", "2025年12月"]]  # fmt: skip
    att = Part(
        "att",
        "附件",
        (
            Block(BlockKind.ATTACHMENT_LABEL, "附件", default_style(BlockKind.ATTACHMENT_LABEL)),
            *(Block(BlockKind.TABLE_ROW, CELL_SEP.join(r), cell, table_id=0, header=i == 0) for i, r in enumerate(rows)),
        ),
    )
    main = Part(
        "main",
        "正文",
        (
            Block(BlockKind.TITLE, "某县村级光伏电站建设补助办法", default_style(BlockKind.TITLE)),
            Block(BlockKind.BODY, "新建村级光伏电站每座补助不超过60万元，具体见附件。", body),
        ),
    )
    return Draft(title="某县村级光伏电站建设补助办法", parts=(main, att))


def _table_text(*changes: Change, second: str = "80") -> str:
    d = _table_draft(second)
    edit = Edit("solar", changes)
    lay = layout(d)
    placed = check_conflicts(place(d, [edit], lambda s: locate_text(lay, s)))
    return render_text(build_report(d, lay, record(edit), placed))


def test_every_table_change_keeps_its_old_and_new_values() -> None:
    text = _table_text(
        Change(Op.REPLACE, "每座补助不超过60万元", "每座补助不超过50万元"),
        Change(Op.REPLACE, "60", "50", part="附件"),  # the cell the sentence above changed: said already
        Change(Op.REPLACE, "45", "40", part="附件"),  # a second cell of the same table: its values are kept
        Change(Op.REPLACE, "2025年6月", "2025年9月", part="附件"),  # a third, in another column
    )
    assert "并对应修改了附件的“补助上限（万元）”一栏" in text
    assert "将附件“补助上限（万元）”一栏中的“45”修改为“40”" in text
    assert "将附件“完成时限”一栏中的“2025年6月”修改为“2025年9月”" in text
    assert text.count("并对应") == 1


def test_a_cell_whose_words_recur_in_the_part_is_cited_by_its_line() -> None:
    text = _table_text(
        Change(Op.REPLACE, "每座补助不超过60万元", "每座补助不超过55万元"),
        Change(Op.REPLACE, "60", "50", part="附件", occurrence=1),  # "60" is also in "600"; and 50 ≠ the sentence's 55
        second="600",
    )
    assert "并对应修改了附件的" not in text  # not the sentence's change: its own values, and where
    assert "并对应将附件第1页顺数第四行“补助上限（万元）”一栏中的“60”修改为“50”" in text


def test_the_offices_count_is_of_places_changed() -> None:
    d = make_draft()
    lay = layout(d)
    every = Edit("all_dates", (Change(Op.REPLACE, "2026年12月", "2026年底", part="附件1", scope=Scope.PART),))
    one = Edit("one", (Change(Op.DELETE, "“网红”"),))
    summary = Edit("marks", (), summary="规范了{doc}的部分标点符号")
    rec = replace(record(), edits=(every, one, summary), office_edit_ids=("all_dates", "one", "marks"))
    text = render_text(build_report(d, lay, rec, check_conflicts(place(d, [every, one]))))
    assert "对文本修改4处" in text and "对文本审核修改4处：一是" in text  # 2 + 1 + 1 (a summary counts one)
    assert "对《行动方案》逐字逐句进行审核、校对，对文本修改4处" in text  # the office says nothing of how: the usual words
    checked = replace(rec, office_intro="会后，市工信局对{doc}中的数字进行了复核，")
    text = render_text(build_report(d, lay, checked, check_conflicts(place(d, [every, one]))))
    assert "逐字逐句" not in text and "对《行动方案》进行审核、校对，对文本修改4处" in text  # no claim it did not make


def test_an_opinion_that_led_to_earlier_edits_says_so_instead_of_narrating_them_again() -> None:
    d = make_draft()
    lay = layout(d)
    a = Edit("a", (Change(Op.DELETE, "“网红”"),))
    b = Edit("b", (Change(Op.REPLACE, "公共算力平台", "公共算力中心"),))
    ops = (
        Opinion(1, "fin", "建议修改。", Decision(Disposition.ADOPTED, edit_ids=("a", "b"))),
        Opinion(2, "sci", "建议删去。", Decision(Disposition.ADOPTED, edit_ids=("a", "b"))),  # the very same edits
        Opinion(3, "sci", "建议删去网红。", Decision(Disposition.PARTIALLY_ADOPTED, reason="部分可行。", edit_ids=("a",))),
    )
    rec = replace(record(a, b), opinions=ops)
    text = render_text(build_report(d, lay, rec, check_conflicts(place(d, [a, b]))))
    items = text.split("\n")
    assert "意见采纳情况：予以全部采纳。同意见1的修改。" in items
    assert "意见采纳情况：予以部分采纳。理由：部分可行。已删去《行动方案》" in text  # a subset is narrated again
    assert text.count("公共算力中心") == 1


def test_the_report_is_signed_by_the_office_and_dated() -> None:
    d = make_draft()
    lay = layout(d)
    edit = Edit("e", (Change(Op.DELETE, "“网红”"),))
    rec = record(edit)
    today = dt.date(2025, 3, 14)
    rep = build_report(d, lay, rec, place(d, [edit]), ReportSettings(today=today))
    assert rep.signature == ("市工信局", "2025年3月14日") and render_text(rep).endswith("\n\n市工信局\n2025年3月14日\n")
    signed = replace(rec, report_signed_by="某市工业和信息化局", report_date=dt.date(2025, 3, 1))
    assert build_report(d, lay, signed, place(d, [edit]), ReportSettings(today=today)).signature == (
        "某市工业和信息化局", "2025年3月1日")
    assert build_report(d, lay, rec, place(d, [edit])).signature == ("市工信局",)  # no date known: no date line


@pytest.mark.parametrize("typed", ["P2倒数第3行", "第2页第5行", "附件第1页第2行", "3页倒2行"])
def test_a_locator_typed_by_hand_is_warned_about(typed: str) -> None:
    d = make_draft()
    op = Opinion(1, "fin", f"建议将{typed}的“网红”删去。", Decision(Disposition.ADOPTED), origin="review.yaml 第9行")
    rep = build_report(d, layout(d), record(opinion=op), [])
    (warning,) = rep.warnings
    assert f"“{typed}”" in warning and "review.yaml 第9行" in warning and "{target:1}" in warning
    placeholder = Opinion(1, "fin", "建议将{loc:1}的内容删去。", Decision(Disposition.ADOPTED), targets=(Target("“网红”"),))
    assert build_report(d, layout(d), record(opinion=placeholder), []).warnings == ()
