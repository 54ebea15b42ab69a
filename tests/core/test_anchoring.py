"""Anchoring a quote: when it is not found, the message says what differs and how to fix it."""

from __future__ import annotations

import pytest

from caina.core.anchoring import anchor, fold_width
from caina.core.model import Block, BlockKind, Draft, Part
from caina.errors import AnchorError, QuoteNotFoundError


def make_draft() -> Draft:
    main = Part(
        "main",
        "正文",
        (
            Block(BlockKind.TITLE, "某市行动方案"),
            Block(BlockKind.HEADING1, "总体要求", label="一、"),  # numbered by Word: the number is not text
            Block(BlockKind.BODY, "依法有序向社会开放交通、气象、地理信息等领域数据，培育一批“网红”农产品品牌。"),
        ),
    )
    return Draft(title="某市行动方案", parts=(main,))


def cite(span) -> str:  # type: ignore[no-untyped-def]
    return f"第{span.block_index}段"


@pytest.mark.parametrize(
    "quote",
    ["依法有序向社会开放交通,气象,地理信息等领域数据", '培育一批"网红"农产品品牌', "培育一批“网红”农产品品牌."],
)
def test_a_quote_typed_with_half_width_marks_says_so(quote: str) -> None:
    with pytest.raises(QuoteNotFoundError) as info:
        anchor(make_draft(), quote, locate=cite)
    assert info.value.width_only
    assert "全角、半角" in info.value.message and "第2段" in info.value.message


def test_a_quote_off_by_a_character_is_not_called_a_width_difference() -> None:
    with pytest.raises(QuoteNotFoundError) as info:
        anchor(make_draft(), "依法有序向社会开放交通、气象、地理信息等领域资料", locate=cite)
    assert not info.value.width_only and "全角" not in info.value.message


def test_a_quote_that_starts_with_automatic_numbering() -> None:
    with pytest.raises(QuoteNotFoundError) as info:
        anchor(make_draft(), "一、总体要求", locate=cite)
    assert info.value.numbering == "一、" and info.value.nearest == "总体要求"
    assert "自动编号" in info.value.message and "“总体要求”" in info.value.message


def test_a_context_typed_with_half_width_marks_says_so() -> None:
    with pytest.raises(AnchorError) as info:
        anchor(make_draft(), "“网红”", context='培育一批"网红"农产品品牌')
    assert "全角、半角" in info.value.message


def test_fold_width() -> None:
    assert fold_width("（一），“甲”。") == fold_width('(一),"甲".')
    assert len(fold_width("……")) == 2  # one character for one: offsets stay valid
    assert fold_width("甲、乙") == fold_width("甲,乙")


@pytest.mark.parametrize(
    ("quote", "nearest"),
    [
        ("依法有序向社会开放交通、气象、地理信息等领域资料", "依法有序向社会开放交通、气象、地理信息等领域数据"),  # last character wrong
        ("培育一批“网红”农产品品种", "培育一批“网红”农产品品牌"),
        ("培育一批“网红”农产品品牌牌", "培育一批“网红”农产品品牌"),  # one too many: not "……品牌。"
        ("衣法有序向社会开放交通", "依法有序向社会开放交通"),  # first character wrong
    ],
)
def test_the_nearest_passage_keeps_the_quotes_whole_length(quote: str, nearest: str) -> None:
    """The hint shows the passage the quote meant, not one a character short (issue 10, point 10)."""
    with pytest.raises(QuoteNotFoundError) as info:
        anchor(make_draft(), quote, locate=cite)
    assert info.value.nearest == nearest, info.value.message
