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
from caina.core.report_parse.counts import find_counts
from caina.core.report_parse.items import without_changes
from caina.core.report_parse.text import quotes, split_list, to_int
from caina.core.report_parse.vocab import find_decision, proposer_kind

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "reports"
from tests.seed import SEED  # noqa: E402

# reports in traditional characters are read through caina.io.report_import (OpenCC), in tests/io
TEXT_FIXTURES = sorted(
    p.name for p in FIXTURES.glob("*") if p.suffix in (".txt", ".md") and not p.stem.startswith("traditional")
)


def expected_for(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / (name.rsplit(".", 1)[0] + ".expected.json")).read_text(encoding="utf-8"))


def _edits(actual: list[dict[str, Any]], expected: list[dict[str, Any]], where: str) -> None:
    assert len(actual) == len(expected), f"{where}: {len(actual)} edits, expected {len(expected)}: {actual}"
    for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
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
        for i, (a, e) in enumerate(zip(got, want, strict=True)):
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
        ("未予吸收", "not_adopted", "未予吸收"),  # not "吸收" (adopted) inside it
        ("暂未能采纳。", "not_adopted", "暂未能采纳"),
        ("已吸收", "adopted", "已吸收"),
        ("作出解释说明", "not_adopted", "作出解释说明"),
        ("与第1条意见重复", "duplicate", "与第1条意见重复"),
    ],
)
def test_find_decision(text: str, value: str, words: str) -> None:
    m = find_decision(text, whole_cell=True)
    assert m is not None and (m.value, m.text) == (value, words)


@pytest.mark.parametrize(
    ("name", "kind"),
    [("周市长", "leader"), ("李副市长", "leader"), ("市人力资源社会保障局", "unit"), ("朱**", "person"),
     ("有的常委会组成人员", "person"), ("某县人民政府", "unit"), ("有企业", "person"), ("有市民", "person")],
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
        ("建议删去第二十八条中“所需经费纳入同级财政预算”", "delete", "第二十八条", "所需经费纳入同级财政预算", None),
        ("删去附件2中“乡镇考核奖励资金”一栏", "delete", "附件2", "乡镇考核奖励资金", None),
        ("删去修订草案第三十一条第三项", "delete", "第三十一条第三项", None, None),
        ("建议在草案第十二条中增加一款，作为第二款：“甲。”", "other", "第十二条", None, "甲。"),
    ],
)
def test_find_changes(text: str, kind: str, locator: str | None, old: str | None, new: str | None) -> None:
    (f,) = find_changes(text)
    assert (f.edit.kind, f.edit.locator, f.edit.old, f.edit.new) == (kind, locator, old, new)


def test_narration_without_quotes_is_not_a_change() -> None:
    assert find_changes("已补充完善了相关内容，去除“重大”二字更切合实际") == []
    assert find_changes("已在第六条中增加相关内容。") == []
    assert find_changes("已在第五条中增加一款，作为第二款。") == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("市人民政府门户网站、市住房和城乡建设局网站", ["市人民政府门户网站", "市住房和城乡建设局网站"]),
        ("市财政局和市审计局", ["市财政局", "市审计局"]),
        ("市人力资源和社会保障局、市文化和旅游局以及东区人民政府", ["市人力资源和社会保障局", "市文化和旅游局", "东区人民政府"]),
        ("书面征求意见和在县政府门户网站公开征求意见", ["书面征求意见", "在县政府门户网站公开征求意见"]),
    ],
)
def test_lists_split_at_and_only_between_names(text: str, names: list[str]) -> None:
    assert split_list(text) == names


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("共征求23个单位意见，其中15个单位无修改意见，8个单位提出意见21条。",
         [("consulted_units", 23), ("no_opinion_units", 15), ("proposer_units", 8), ("opinions", 21)]),
        ("共收到7位市民提出的意见建议8条", [("participants", 7), ("received", 8)]),
        ("共收到6个单位反馈的意见10条，其余8个单位无修改意见",
         [("responding_units", 6), ("received", 10), ("no_opinion_units", 8)]),
        ("共提出修改意见5条，经认真研究，全部予以采纳。", [("opinions", 5), ("adopted", 5)]),
        ("共提出意见5条，均予以采纳或作出说明", [("opinions", 5)]),
        ("其中区直部门6条，镇（街道）2条", [("channel:区直部门", 6), ("channel:镇（街道）", 2)]),
    ],
)  # fmt: skip
def test_find_counts(text: str, counts: list[tuple[str, int]]) -> None:
    assert [(c.key, c.value) for c in find_counts(text, 1)] == counts


def test_explained_apart_or_within_another_count() -> None:
    apart = {c.key: c.scope for c in find_counts("未予吸收1条，作出解释说明1条", 1)}
    within = {c.key: c.scope for c in find_counts("不予采纳2条（其中作出解释说明1条）", 1)}
    assert apart["explained"] == "report" and within["explained"] == "within"


def test_partial_reason_leaves_out_the_change_it_narrates() -> None:
    assert without_changes("考虑到筹备工作的实际需要，将“30日”修改为“45日”。") == "考虑到筹备工作的实际需要"
    assert without_changes("放风筝不宜一律禁止；已在第十八条中增加“甲”作为禁止行为。") == "放风筝不宜一律禁止"
    assert without_changes("经研究，容积率奖励须符合规划要求，将“10%”修改为“15%”。") == "容积率奖励须符合规划要求"


def test_legislature_report_without_decision_words() -> None:
    text = (
        "关于《某市养犬管理条例（草案）》审议结果的报告\n"
        "——2023年8月29日在某市第十六届人民代表大会常务委员会第十三次会议上\n"
        "某市人大法制委员会主任委员　王某\n"
        "一、有的委员提出，应当从严规定。法制委员会经研究，建议在草案第十二条中增加一款，作为第二款：“甲。”\n"
        "二、有的部门提出，期限过短。法制委员会经研究认为，草案规定与周边城市基本一致，建议不作修改。\n"
        "此外，还对草案作了一些文字修改。\n"
        "法制委员会已按照上述意见提出了草案修改稿，建议本次常委会会议审议通过。\n"
        "草案修改稿和以上报告是否妥当，请审议。\n"
    )
    r = parse_report(text)
    assert r.title == "关于《某市养犬管理条例（草案）》审议结果的报告"
    assert (r.review["date"], r.review["meeting"]) == ("2023-08-29", "某市第十六届人民代表大会常务委员会第十三次会议")
    assert [(o.decision, o.reason) for o in r.opinions] == [("adopted", ""), ("not_adopted", "草案规定与周边城市基本一致")]
    assert [e.kind for e in r.own_edits] == ["summary"] and r.own_edits[0].text == "此外，还对草案作了一些文字修改"
    assert r.warnings == ()


def test_tab_separated_table_with_a_broken_cell() -> None:
    text = (
        "《某办法》意见采纳情况\n共收到意见2条，采纳2条。\n"
        "序号\t意见来源\t意见建议\t采纳情况\t说明\n"
        "1\t张**\t建议增加征询程序，\n并规定同意比例。\t采纳\t已在第十条中增加“甲”。\n"
        "2\t李**\t建议删去第三条。\t采纳\n"
        "特此说明。\n"
    )
    r = parse_report(text)
    assert [(o.proposer, o.text, o.decision) for o in r.opinions] == [
        ("张**", "建议增加征询程序，并规定同意比例。", "adopted"), ("李**", "建议删去第三条。", "adopted")]
    assert r.opinions[0].edits[0].locator == "第十条" and r.warnings == ()


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
