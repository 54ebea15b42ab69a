"""Anchoring and applying edits on a small draft."""

from __future__ import annotations

import pytest

from caina.core.anchoring import Scope, anchor
from caina.core.edits import Change, Edit, Op, apply, check_conflicts, place
from caina.core.model import CELL_SEP, Block, BlockKind, Draft, Part
from caina.errors import AmbiguousQuoteError, AnchorError, EditConflictError, QuoteNotFoundError


def make_draft() -> Draft:
    main = Part(
        "main",
        "正文",
        (
            Block(BlockKind.TITLE, "某市实施方案"),
            Block(BlockKind.BODY, "转化50项重大科技成果，培育企业。"),
            Block(BlockKind.BODY, "力争转化重大科技成果50项以上，提高铝工业资源利用率。"),
        ),
    )
    att = Part(
        "att1",
        "附件1",
        (
            Block(BlockKind.ATTACHMENT_LABEL, "附件1"),
            Block(BlockKind.TABLE_ROW, CELL_SEP.join(["序号", "依托单位"]), table_id=0, header=True),
            Block(BlockKind.TABLE_ROW, CELL_SEP.join(["1", "百色学院"]), table_id=0),
            Block(BlockKind.TABLE_ROW, CELL_SEP.join(["2", "右江民族医学院"]), table_id=0),
        ),
    )
    return Draft(title="某市实施方案", parts=(main, att))


def text_of(draft: Draft, part: str = "main") -> list[str]:
    return [b.text for b in draft.part(part).blocks]


def test_replace_all_in_part() -> None:
    d = make_draft()
    e = Edit("e", (Change(Op.REPLACE, "重大科技成果", "科技成果", scope=Scope.PART),))
    new = apply(d, check_conflicts(place(d, [e])))
    assert text_of(new)[1:] == ["转化50项科技成果，培育企业。", "力争转化科技成果50项以上，提高铝工业资源利用率。"]
    assert new.version == d.version + 1


@pytest.mark.parametrize(
    ("op", "expected"),
    [
        (Op.INSERT_BEFORE, "力争转化重大科技成果50项以上，推进赤泥综合利用，提高铝工业资源利用率。"),
        (Op.INSERT_AFTER, "力争转化重大科技成果50项以上，提高铝工业资源利用率推进赤泥综合利用，。"),
        (Op.DELETE, "力争转化重大科技成果50项以上，。"),
    ],
)
def test_insert_and_delete(op: Op, expected: str) -> None:
    d = make_draft()
    e = Edit("e", (Change(op, "提高铝工业资源利用率", "推进赤泥综合利用，"),))
    assert text_of(apply(d, place(d, [e])))[2] == expected


def test_set_column_changes_every_body_cell() -> None:
    d = make_draft()
    e = Edit("e", (Change(Op.SET_COLUMN, "依托单位", "相关重点企业", part="附件1"),))
    new = apply(d, place(d, [e]))
    assert [b.cells for b in new.part("att1").blocks[1:]] == [
        ("序号", "依托单位"),
        ("1", "相关重点企业"),
        ("2", "相关重点企业"),
    ]


def test_unknown_column_lists_headers() -> None:
    d = make_draft()
    with pytest.raises(AnchorError, match="依托单位"):
        place(d, [Edit("e", (Change(Op.SET_COLUMN, "牵头单位", "x", part="附件1"),))])


def test_ambiguous_quote_needs_context() -> None:
    d = make_draft()
    with pytest.raises(AmbiguousQuoteError) as info:
        anchor(d, "重大科技成果")
    assert "2处" in info.value.message and "context" in info.value.message
    spans = anchor(d, "重大科技成果", context="力争转化重大科技成果")
    assert len(spans) == 1 and spans[0].block_index == 2


def test_quote_not_found_gives_nearest() -> None:
    d = make_draft()
    with pytest.raises(QuoteNotFoundError) as info:
        anchor(d, "转化重大科技成果60项以上", locate=lambda s: f"第{s.block_index}段")
    assert info.value.nearest == "转化重大科技成果50项以上"
    assert "最接近" in info.value.message


def test_conflicting_edits_name_both() -> None:
    d = make_draft()
    a = Edit("a", (Change(Op.REPLACE, "培育企业", "培育高新技术企业"),))
    b = Edit("b", (Change(Op.REPLACE, "培育企业", "扶持企业"),))
    with pytest.raises(EditConflictError) as info:
        check_conflicts(place(d, [a, b]), owner=lambda e: f"意见{e}")
    assert "意见a" in info.value.message and "意见b" in info.value.message


def test_a_conflict_with_a_deletion_says_what_each_does() -> None:
    d = make_draft()
    a = Edit("a", (Change(Op.DELETE, "培育企业"),))
    b = Edit("b", (Change(Op.REPLACE, "培育企业", "扶持企业"),))
    with pytest.raises(EditConflictError) as info:
        check_conflicts(place(d, [a, b]), owner=lambda e: f"修改{e}")
    assert "一为删去“培育企业”，一为改为“扶持企业”" in info.value.message


def test_identical_edits_are_deduplicated() -> None:
    d = make_draft()
    a = Edit("a", (Change(Op.REPLACE, "培育企业", "培育高新技术企业"),))
    b = Edit("b", (Change(Op.REPLACE, "培育企业", "培育高新技术企业"),))
    kept = check_conflicts(place(d, [a, b]))
    assert len(kept) == 1
    assert text_of(apply(d, kept))[1] == "转化50项重大科技成果，培育高新技术企业。"


def test_insert_and_replace_at_same_place_both_apply() -> None:
    d = make_draft()
    a = Edit("a", (Change(Op.INSERT_BEFORE, "培育企业", "加快"),))
    b = Edit("b", (Change(Op.REPLACE, "培育企业", "扶持企业"),))
    kept = check_conflicts(place(d, [a, b]))
    assert text_of(apply(d, kept))[1] == "转化50项重大科技成果，加快扶持企业。"
