"""Attribution: cited, quoted, similar, general."""

from __future__ import annotations

from caina.core.consult.attribute import Attributor, residual
from caina.core.consult.normalize import normalize
from caina.core.consult.partition import analyse_partition

from ._draft import example


def _one(text: str, clause: str = "") -> tuple[tuple[str, ...], str]:
    units, _, attributor = example()
    result = analyse_partition([text], attributor, clauses=[clause])
    return units.labels(result.units[0]), result.how[0]


def test_cited_wins_and_quotes_follow() -> None:
    assert _one("第十条“附属绿化工程应当与主体工程同步规划”一句，建议再看看第十二条") == (("第十条", "第十二条"), "cited")


def test_clause_column_is_a_citation() -> None:
    assert _one("这一条的罚款太轻了", clause="28") == (("第二十八条",), "cited")
    assert _one("这一条的罚款太轻了", clause="第二十八条") == (("第二十八条",), "cited")


def test_a_quote_names_its_article() -> None:
    labels, how = _one("我认为“经批准砍伐城市树木的，申请人应当按照砍伐一株补植三株的标准”这个标准太低了")
    assert (labels, how) == (("第十七条",), "quoted")


def test_a_quote_typed_with_other_marks_still_counts() -> None:
    labels, how = _one('我认为"申请人应当按照砍伐一株补植三株的标准在指定地点补植"太低')
    assert (labels, how) == (("第十七条",), "quoted")


def test_a_short_common_phrase_is_no_quote() -> None:
    _, _, attributor = example()
    assert attributor.quotes(normalize("绿化行政主管部门要负责")) == []


def test_similar_and_general() -> None:
    assert _one("公园应该免费开放，不要收门票") == (("第二十一条",), "similar")
    assert _one("建议加快立法进度") == ((), "general")


def test_quotes_are_set_aside_for_grouping() -> None:
    _, _, attributor = example()
    text = normalize("我认为“经批准砍伐城市树木的，申请人应当按照砍伐一株补植三株的标准”这个标准太低了")
    quotes = attributor.quotes(text)
    kept = residual(text, quotes)
    assert "砍伐一株" not in kept and kept.startswith("我认为") and kept.endswith("这个标准太低了")
    assert len(kept) == len("我认为\"") + 1 + len("\"这个标准太低了")


def test_attributor_survives_pickling() -> None:
    import pickle

    _, _, attributor = example()
    copy: Attributor = pickle.loads(pickle.dumps(attributor))
    text = normalize("“申请人应当按照砍伐一株补植三株的标准在指定地点补植”")
    assert copy.quotes(text) == attributor.quotes(text)
