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
    Review,
    ReviewKind,
    ReviewRecord,
    Target,
)
from caina.core.edits import Change, Edit, Op, check_conflicts, place
from caina.core.layout import layout
from caina.core.locators import locate_text
from caina.core.model import CELL_SEP, Block, BlockKind, Draft, Part, default_style
from caina.core.report import build_report, check_texts, render_text, title_line
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
