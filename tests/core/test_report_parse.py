"""caina.core.report_parse: written adoption reports → structured data.

Fixture reports (tests/fixtures/reports/) are written in the genre's styles;
each has an expected JSON written by hand from what the report says. Only the
fields an expected JSON lists are compared, but those field by field.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from caina.core.report_parse import ParsedEdit, ParsedOpinion, ParsedReport, StatedCount, parse_report, to_json
from caina.core.report_parse.changes import enumerate_segments, find_changes
from caina.core.report_parse.text import quotes, to_int
from caina.core.report_parse.vocab import find_decision, proposer_kind

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "reports"
from tests.seed import SEED  # noqa: E402
TEXT_FIXTURES = sorted(p.name for p in FIXTURES.glob("*") if p.suffix in (".txt", ".md") and p.stem != "traditional")


def expected_for(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / (name.rsplit(".", 1)[0] + ".expected.json")).read_text(encoding="utf-8"))


def _edits(actual: list[dict[str, Any]], expected: list[dict[str, Any]], where: str) -> None:
    assert len(actual) == len(expected), f"{where}: {len(actual)} edits, expected {len(expected)}: {actual}"
    for i, (a, e) in enumerate(zip(actual, expected)):
        for key, value in e.items():
            assert a.get(key) == value, f"{where} edit {i + 1} {key}: {a.get(key)!r} != {value!r}"


def compare(actual: dict[str, Any], expected: dict[str, Any]) -> None:
    """Every field the expected JSON lists, compared one by one."""
    for key in ("title", "label", "own_edits_by"):
        if key in expected:
            assert actual[key] == expected[key], key
    for key, value in expected.get("review", {}).items():
        assert actual["review"].get(key) == value, f"review.{key}: {actual['review'].get(key)!r} != {value!r}"
    if "stated_counts" in expected:
        assert actual["stated_counts"] == expected["stated_counts"]
    for key in expected.get("stated_counts_approx", []):
        assert any(c["key"] == key and c["approx"] for c in actual["stated_counts_all"]), key
    if "opinions" in expected:
        got, want = actual["opinions"], expected["opinions"]
        assert len(got) == len(want), [(o["number"], o["proposer"], o["decision"]) for o in got]
        for i, (a, e) in enumerate(zip(got, want)):
            where = f"opinion {i + 1} ({e.get('proposer')})"
            for key, value in e.items():
                if key in ("edits", "proposals"):
                    _edits(a.get(key, []), value, f"{where} {key}")
                else:
                    assert a.get(key) == value, f"{where} {key}: {a.get(key)!r} != {value!r}"
    if "own_edits" in expected:
        _edits(actual["own_edits"], expected["own_edits"], "own_edits")
    for text in expected.get("warnings_contain", []):
        assert any(text in w for w in actual["warnings"]), (text, actual["warnings"])
    if "warnings_count" in expected:
        assert len(actual["warnings"]) == expected["warnings_count"], actual["warnings"]


@pytest.mark.parametrize("name", TEXT_FIXTURES)
def test_fixture_report(name: str) -> None:
    report = parse_report((FIXTURES / name).read_text(encoding="utf-8"))
    compare(to_json(report), expected_for(name))


def test_there_are_at_least_twelve_fixture_reports() -> None:
    assert len(list(FIXTURES.glob("*.expected.json"))) >= 12


def test_every_fixture_has_an_expected_json() -> None:
    for p in FIXTURES.iterdir():
        if p.suffix in (".txt", ".md"):
            assert (FIXTURES / (p.stem + ".expected.json")).exists(), p.name


# --- the seed ---------------------------------------------------------------

@pytest.fixture(scope="module")
def seed() -> ParsedReport:
    return parse_report(SEED.read_text(encoding="utf-8"))


def test_seed_review(seed: ParsedReport) -> None:
    r = seed.review
    assert (r["kind"], r["meeting"], r["date"], r["time_of_day"], r["chair"], r["place"], r["office"]) == (
        "常务会审议", "四届56次政府常务会", "2019-01-17", "上午", "周异决市长", "市政府6楼会议室", "市科知局",
    )  # fmt: skip
    assert len(r["attendees"]) == 12 and r["attendees"][-1] == "百色国家农业科技园区管委会"
    assert r["short_name"] == "《实施方案》"
    assert seed.label == "附件2"


def test_seed_counts(seed: ParsedReport) -> None:
    assert to_json(seed)["stated_counts"] == {
        "attending_units": 12, "proposer_units": 4, "opinions": 8, "adopted": 6, "not_adopted": 2, "office_edits": 2,
    }  # fmt: skip
    texts = {(c.key, c.text, c.line) for c in seed.stated_counts}
    assert ("attending_units", "12个单位列席", 7) in texts
    assert ("item_edits", "修改完善两处", 9) in texts
    assert ("occurrences", "中的3处", 11) in texts
    assert ("office_edits", "对文本审核修改2处", 24) in texts


def test_seed_opinions(seed: ParsedReport) -> None:
    assert [(o.number, o.proposer, o.decision) for o in seed.opinions] == [
        (1, "周市长", "adopted"), (2, "周市长", "adopted"), (3, "周市长", "adopted"),
        (4, "市人力资源社会保障局", "adopted"), (5, "市铝产业发展办公室", "not_adopted"), (6, "市工信委", "adopted"),
        (7, "市工信委", "adopted"), (8, "市财政局", "not_adopted"),
    ]  # fmt: skip
    assert [o.line for o in seed.opinions] == [8, 10, 12, 14, 16, 18, 20, 22]
    assert seed.opinions[7].text.startswith("对P8倒数第六行“加速健全完善科技成果转化机制”")  # half-width colon tolerated
    assert seed.opinions[4].reason.startswith("市工信委在政府常务会上已对此意见提出异议")


def test_seed_edits(seed: ParsedReport) -> None:
    first = seed.opinions[0].edits
    assert [(e.kind, e.locator, e.group) for e in first] == [
        ("replace", "P3倒数第五行", 1), ("column", "附件1", 1), ("insert_before", "P4顺数第一行", 2)
    ]
    assert first[1].old == "突破技术名称" and first[1].follows and first[1].new is None
    scoped = seed.opinions[1].edits[0]
    assert (scoped.old, scoped.new, scoped.scope) == ("重大科技成果", "科技成果", "3处")
    assert [loc for loc, _ in scoped.places] == ["P3顺数第十一行", "P3顺数第十三行", "P13倒数第一行"]
    column = seed.opinions[2].edits[0]
    assert (column.kind, column.part, column.old, column.new, column.quoted) == ("column", "附件3", "依托单位", "相关重点企业", False)
    proposal = seed.opinions[5].proposals[0]
    assert (proposal.old, proposal.new, proposal.context) == (
        "百矿集团", "电解铝企业", "重点支持百矿集团开展电解铝碳渣、铝灰、废槽衬的无害化处理和循环利用"
    )
    assert [(e.kind, e.old) for e in seed.own_edits] == [("replace", "工程研究中心"), ("summary", None)]
    assert seed.own_edits[0].reason.startswith("“工程技术研究中心”为自治区科技厅")
    assert seed.own_edits_intro == "政府常务会后，市科知局组织人员对《实施方案》逐字逐局进行审核、校对，"


def test_seed_artefacts_are_dropped_with_a_warning(seed: ParsedReport) -> None:
    assert any("书签" in w and "第9行" in w for w in seed.warnings)
    assert all("bookmark" not in o.decision_text + o.narrative for o in seed.opinions)
    assert seed.review["doc_title_in_text"].count("餐饮业") == 1
    assert any("不一致" in w for w in seed.warnings)


# --- building blocks (tables of tiny inputs) ------------------------------------

@pytest.mark.parametrize(
    ("text", "value", "words"),
    [
        ("予以全部采纳。", "adopted", "予以全部采纳"),
        ("不予采纳。理由：……", "not_adopted", "不予采纳"),
        ("部分采纳，……", "partially_adopted", "部分采纳"),
        ("暂未直接采纳。", "not_adopted", "暂未直接采纳"),
        ("转市住建局研究办理。", "referred", "转市住建局研究办理"),
        ("与建议(2)重复。", "duplicate", "与建议(2)重复"),
        ("已在第五条中予以体现。", "already_reflected", "已在第五条中予以体现"),
        ("否", "not_adopted", "否"),
        ("是", "adopted", "是"),
        ("无修改意见", "no_opinion", "无修改意见"),
    ],
)
def test_find_decision(text: str, value: str, words: str) -> None:
    m = find_decision(text, whole_cell=True)
    assert m is not None and (m.value, m.text) == (value, words)


@pytest.mark.parametrize(
    ("name", "kind"),
    [("周市长", "leader"), ("李副市长", "leader"), ("市人力资源社会保障局", "unit"), ("朱**", "person"),
     ("有的常委会组成人员", "person"), ("某县人民政府", "unit")],
)  # fmt: skip
def test_proposer_kind(name: str, kind: str) -> None:
    assert proposer_kind(name) == kind


@pytest.mark.parametrize(
    ("text", "kind", "locator", "old", "new"),
    [
        ("将第八条第一款中的“三十日”修改为“十五日”", "replace", "第八条第一款", "三十日", "十五日"),
        ("删去第三十四条第四项", "delete", "第三十四条第四项", None, None),
        ("在第十二条后增加一条：“本办法自发布之日起施行。”", "insert_after", "第十二条", None, "本办法自发布之日起施行。"),
        ("将59页倒3行“加强”改为“强化”", "replace", "59页倒3行", "加强", "强化"),
        ("删去第六页倒数第六至七行“……”", "delete", "第六页倒数第六至七行", "……", None),
        ("在P4顺数第一行“提高”之前，增加“甲”内容", "insert_before", "P4顺数第一行", "提高", "甲"),
        ("将附件3第2页第4行“甲”修改为“乙”", "replace", "附件3第2页第4行", "甲", "乙"),
        ("将第二部分“主要任务”第三段中的“甲”修改为“乙”", "replace", "第二部分“主要任务”第三段", "甲", "乙"),
        ("“甲”应为“乙”", "replace", None, "甲", "乙"),
    ],
)
def test_find_changes(text: str, kind: str, locator: str | None, old: str | None, new: str | None) -> None:
    (f,) = find_changes(text)
    assert (f.edit.kind, f.edit.locator, f.edit.old, f.edit.new) == (kind, locator, old, new)


def test_narration_without_quotes_is_not_a_change() -> None:
    assert find_changes("已补充完善了相关内容，去除“重大”二字更切合实际") == []


def test_nested_quotes() -> None:
    (q,) = quotes("将“建立‘一站式’平台”修改")
    assert q.inner == "建立‘一站式’平台" and q.text == "建立“一站式”平台"


def test_enumeration_needs_consecutive_markers() -> None:
    head, segs = enumerate_segments("已修改两处：一是将甲改为乙；二是删去丙。")
    assert head == 6 and [g for g, _, _ in segs] == [1, 2]
    assert enumerate_segments("这是“一是”的引用")[1] == []


@pytest.mark.parametrize(("text", "value"), [("12", 12), ("十二", 12), ("两", 2), ("１２", 12), ("11万4574", 114574)])
def test_to_int(text: str, value: int) -> None:
    assert to_int(text) == value


def test_unparsable_paragraph_is_kept_with_a_warning() -> None:
    text = "关于《某办法》征求意见采纳情况\n\n共收到意见1条，采纳1条。\n1.张**提出：建议修改。\n采纳情况：采纳。\n二、其他\n这一段什么也不是。\n"
    r = parse_report(text)
    assert r.opinions[0].decision == "adopted"
    assert (7, "这一段什么也不是。") in r.unparsed
    assert any("第7行" in w for w in r.warnings)


def test_counts_that_disagree_with_the_items_are_warned() -> None:
    r = parse_report("《某办法》意见采纳情况\n\n共收到意见3条，采纳3条。\n1.张**提出：建议甲。\n采纳情况：采纳。\n")
    assert any("逐条数得1条" in w for w in r.warnings)


def test_contract_names() -> None:
    for cls, names in (
        (StatedCount, ("key", "value", "text", "line")),
        (ParsedEdit, ("kind", "locator", "locator_kind", "part", "old", "new", "scope", "text", "line")),
        (ParsedOpinion, ("number", "proposer", "text", "decision", "decision_text", "reason", "edits", "line", "decision_line")),
        (ParsedReport, ("title", "review", "stated_counts", "proposers", "opinions", "own_edits", "own_edits_line", "warnings", "lines")),
    ):  # fmt: skip
        fields = cls.__dataclass_fields__  # type: ignore[attr-defined]
        assert all(n in fields for n in names), cls


def test_json_shape(seed: ParsedReport) -> None:
    data = to_json(seed)
    assert {"review", "stated_counts", "opinions", "own_edits", "warnings"} <= set(data)
    assert {"number", "proposer", "text", "decision", "decision_text", "reason", "edits"} <= set(data["opinions"][0])
    assert {"locator", "old", "new", "scope"} <= set(data["opinions"][0]["edits"][0])
    json.dumps(data, ensure_ascii=False)


def test_table_section_rows_give_the_decision() -> None:
    text = (
        "《某办法》意见采纳情况\n\n共收到意见2条。\n\n"
        "| 序号 | 意见来源 | 意见内容 | 处理说明 |\n|---|---|---|---|\n"
        "| 一、采纳的意见 | 一、采纳的意见 | 一、采纳的意见 | 一、采纳的意见 |\n"
        "| 1 | 张** | 建议将“甲”修改为“乙”。 | 已修改。 |\n"
        "| 二、未采纳的意见 | | | |\n"
        "| 2 | 李** | 建议删去第五条。 | 与上位法不符。 |\n"
    )
    r = parse_report(text)
    assert [(o.proposer, o.decision, o.section, o.reason) for o in r.opinions] == [
        ("张**", "adopted", "一、采纳的意见", ""),  # "已修改。" is read as the decision itself
        ("李**", "not_adopted", "二、未采纳的意见", "与上位法不符。"),
    ]


def test_non_opinion_table_is_kept_with_a_warning() -> None:
    r = parse_report("《某办法》意见采纳情况\n\n说明如下。\n\n| 年份 | 金额 |\n|---|---|\n| 2023 | 100 |\n")
    assert (7, "2023 | 100") in r.unparsed and any("不像意见汇总表" in w for w in r.warnings)


def test_huge_line_is_kept_not_parsed() -> None:
    r = parse_report("标题\n" + "甲" * 30000)
    assert r.unparsed and "超过" in r.warnings[0]
