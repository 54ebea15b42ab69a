"""Explicit references and the draft's units."""

from __future__ import annotations

import pytest

from caina.core.consult.normalize import normalize
from caina.core.consult.references import references

from ._draft import BAISE, example


def test_units_of_a_law_style_draft() -> None:
    units, _, _ = example()
    assert units.law_style
    labels = [u.label for u in units.units]
    assert labels[:3] == ["第一章", "第一条", "第二条"]
    assert labels[-2:] == ["附件1", "附件2"]
    assert sum(1 for u in units.units if u.kind == "article") == 32
    tenth = units.units[units.articles[10]]
    assert tenth.chapter == "第二章" and "附属绿化工程应当与主体工程同步规划" in tenth.text  # its second 款


def test_units_of_a_policy_style_draft() -> None:
    units, _, _ = example(BAISE)
    assert not units.law_style
    assert [u.label for u in units.units] == ["第一部分", "第二部分", "第三部分", "附件1", "附件3"]


@pytest.mark.parametrize(
    ("comment", "cited"),
    [
        ("建议第十条删除", ["第十条"]),
        ("第三条第二款的表述不清", ["第三条"]),
        ("第二十一条至第二十三条应当合并", ["第二十一条", "第二十二条", "第二十三条"]),
        ("第21-23条应当合并", ["第二十一条", "第二十二条", "第二十三条"]),
        ("第21条到第23条", ["第二十一条", "第二十二条", "第二十三条"]),
        ("第十、十一条", ["第十条", "第十一条"]),
        ("第十条、第十一条和第十二条", ["第十条", "第十一条", "第十二条"]),
        ("第１７条", ["第十七条"]),
        ("附件2的计算标准太复杂", ["附件2"]),
        ("第二章整章都要改", ["第二章"]),
        ("第十七条之规定", ["第十七条"]),
        ("P3倒数第五行", ["第十四条"]),
        ("第3页第5行", ["第十条"]),
        ("附件2第1页第3行有错", ["附件2"]),
        # not references to this draft
        ("根据《民法典》第十条", []),
        ("第99条", []),
        ("本条例应当尽快实施", []),
        ("第30页第5行", []),  # a page the draft does not have
    ],
)
def test_references(comment: str, cited: list[str]) -> None:
    units, lay, _ = example()
    assert list(units.labels(references(normalize(comment), units, lay))) == cited
