"""The draft model: attachments labelled with or without a number, chapter headings, the report's short name."""

from __future__ import annotations

import pytest

from caina.core.model import (
    Block,
    BlockKind,
    Draft,
    Part,
    attachment_part,
    default_style,
    derive_short_name,
    heading_kind,
    normalise_part_label,
)
from caina.io.text_reader import parse_text


@pytest.mark.parametrize(
    ("title", "short"),
    [
        ("青禾县集体林权流转管理暂行办法", "《办法》"),
        ("龙泉镇农村宅基地审批管理实施细则（试行）", "《实施细则》"),
        ("关于支持民营经济高质量发展的若干措施（征求意见稿）", "《措施》"),
        ("东湖区养老服务体系建设三年行动计划（2024—2026年）", "《行动计划》"),
        ("关于做好冬春农田水利建设的通知", "《通知》"),
        ("县级储备粮管理规定", "《规定》"),
        ("关于加快发展社区居家养老服务的实施意见", "《实施意见》"),
        ("河东县志", ""),  # no genre word: the report keeps the full title
        ("办法", ""),  # the genre word alone is no title to shorten
    ],
)
def test_a_short_name_is_derived_from_the_titles_genre_word(title: str, short: str) -> None:
    assert derive_short_name(title) == short


def test_the_drafts_own_short_name_comes_first() -> None:
    d = Draft(title="青禾县集体林权流转管理暂行办法", parts=(), short_name="《暂行办法》")
    assert (d.report_short_name, d.doc_name) == ("《暂行办法》", "《暂行办法》")
    none = Draft(title="河东县志", parts=())
    assert (none.report_short_name, none.doc_name) == ("", "《河东县志》")
    assert none.named(short_name="《县志》").doc_name == "《县志》"
    assert none.named(title="河东县志（2024年版）").title == "河东县志（2024年版）"


@pytest.mark.parametrize(
    ("line", "part"),
    [("附件", ("att", "附件")), ("附　件", ("att", "附件")), ("附件：", ("att", "附件")), ("附件2", ("att2", "附件2")),
     ("附件 １", ("att1", "附件1")), ("附件：奖补标准表", None), ("附件说明", None), ("附件0", None)],
)  # fmt: skip
def test_attachment_labels(line: str, part: tuple[str, str] | None) -> None:
    assert attachment_part(line) == part


def test_a_single_attachment_answers_to_both_labels_and_several_do_not() -> None:
    blank = default_style(BlockKind.BODY)
    main = Part("main", "正文", (Block(BlockKind.TITLE, "某办法", blank),))
    single = Draft("某办法", (main, Part("att", "附件", ())))
    assert single.part("附件1") is single.part("附件") is single.part("att")
    assert single.has_part("附件1") and not single.has_part("附件2")
    numbered = Draft("某办法", (main, Part("att1", "附件1", ())))
    assert numbered.part("附件") is numbered.part("附件1")  # one attachment, numbered anyway
    several = Draft("某办法", (main, Part("att1", "附件1", ()), Part("att2", "附件2", ())))
    assert not several.has_part("附件") and several.part("附件2").id == "att2"
    assert normalise_part_label("附件 １：") == "附件1"


@pytest.mark.parametrize(
    ("text", "kind"),
    [("第一章　总　　则", BlockKind.CHAPTER), ("第十二章 附则", BlockKind.CHAPTER), ("第二节　申报", BlockKind.CHAPTER),
     ("第一章", BlockKind.CHAPTER), ("第一条　为了规范管理，制定本办法。", None), ("第一章规定的事项，按照下列程序办理。", None)],
)  # fmt: skip
def test_chapter_headings(text: str, kind: BlockKind | None) -> None:
    assert heading_kind(text) is kind


def test_a_text_draft_with_chapters_and_a_single_attachment() -> None:
    draft = parse_text(
        "附件2\n"  # the draft itself is an attachment of a letter: a label above the title
        "青禾县集体林权流转管理暂行办法\n第一章　总　　则\n第一条　为规范集体林权流转，制定本办法。\n"
        "附件：林权流转合同示范文本\n附件\n林权流转合同示范文本\n| 条款 | 内容 |\n| 期限 | 不超过承包期剩余期限 |\n"
    )
    assert [p.label for p in draft.parts] == ["正文", "附件"]
    kinds = [b.kind for b in draft.main.blocks]
    assert kinds == [BlockKind.ATTACHMENT_LABEL, BlockKind.TITLE, BlockKind.CHAPTER, BlockKind.BODY, BlockKind.BODY]
    assert draft.main.blocks[2].style.align.value == "center" and draft.title == "青禾县集体林权流转管理暂行办法"
    att = draft.part("附件")
    assert [b.kind for b in att.blocks][:2] == [BlockKind.ATTACHMENT_LABEL, BlockKind.TITLE]
    assert att.title == "林权流转合同示范文本" and draft.doc_name == "《办法》"
