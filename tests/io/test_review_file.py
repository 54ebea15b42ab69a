"""review.yaml: validation errors name the file, the line and the fix."""

from __future__ import annotations

import textwrap

import pytest

from caina.core.decisions import Disposition, ProposerKind
from caina.core.edits import Op
from caina.errors import ReviewFileError, UnknownProposerError
from caina.io.review_file import parse_review

GOOD = textwrap.dedent(
    """\
    review:
      meeting: 四届56次政府常务会
      date: 2019-01-17
      office: 市科知局
      attending: [发改委, 工信委]
    proposers:
      - id: zhou
        name: 周市长
        kind: leader
      - name: 市人力资源社会保障局
        aliases: [人社局]
    opinions:
      - proposer: 人社局
        text: 建议修改。
        decision: 全部采纳
        edits: [e1]
      - proposer: 周市长
        text: 不同意。
        decision: 不予采纳
        reason: 与上级文件保持一致。
    edits:
      - id: e1
        changes:
          - replace: 建立
            context: 建立服务平台
            with: 完善
    """
)


def test_good_file_parses() -> None:
    record, draft = parse_review(GOOD)
    assert draft is None
    assert [p.kind for p in record.proposers] == [ProposerKind.LEADER, ProposerKind.UNIT]
    assert record.opinions[0].proposer_id == "市人力资源社会保障局"
    assert record.opinions[1].decision.disposition is Disposition.NOT_ADOPTED
    change = record.edits[0].changes[0]  # type: ignore[attr-defined]
    assert (change.op, change.quote, change.context, change.new) == (Op.REPLACE, "建立", "建立服务平台", "完善")
    assert "第24行" in change.origin
    assert record.review.meeting_short == "政府常务会"


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("decision: 不予采纳\n    reason: 与上级文件保持一致。", "decision: 不予采纳", 17, "理由"),
        ("decision: 全部采纳", "decision: 大致采纳", 15, "采纳情况应为"),
        ("  office: 市科知局", "  ofice: 市科知局", 4, "ofice"),
        ("date: 2019-01-17", "date: 2019年1月17日", 3, "日期"),
        ("      - replace: 建立\n", "      - replace: 建立\n        delete: 建立\n", 24, "只写"),
        ("        with: 完善", "", 24, "with"),
        # a date YAML would read as a timestamp but the calendar refuses: no crash, the line
        ("date: 2019-01-17", "date: 2019-13-40", 3, "日期"),
        # a key written twice: YAML would keep the last one silently
        ("  office: 市科知局", "  office: 市科知局\n  office: 市发改委", 5, "写了两次"),
        # an empty anchor would insert/delete at nowhere and still be counted
        ("      - replace: 建立\n        context: 建立服务平台\n        with: 完善", "      - delete: \"\"", 24, "不能为空"),
        ("    text: 不同意。", "    text: 不同意。\n    targets: ['']", 19, "引文不能为空"),
        # the same edit listed twice would be narrated and counted twice
        ("    edits: [e1]\n", "    edits: [e1, e1]\n", 16, "写了两次"),
        # an alias that names two proposers would give opinions to whichever comes first
        ("    aliases: [人社局]", "    aliases: [人社局, 周市长]", 10, "既指周市长"),
        # a standing meeting needs its name (the report's title and first sentence use it)
        ("  meeting: 四届56次政府常务会\n", "", 1, "meeting"),
    ],
)
def test_validation_errors_point_at_the_line(old: str, new: str, line: int, words: str) -> None:
    bad = GOOD.replace(old, new)
    assert bad != GOOD
    with pytest.raises(ReviewFileError) as info:
        parse_review(bad, path="case/review.yaml")
    assert info.value.line == line, info.value.message
    assert words in info.value.message
    assert "case/review.yaml" in info.value.message
    if words == "ofice":
        assert "是否应为“office”" in info.value.message


def test_yaml_syntax_error_has_line() -> None:
    with pytest.raises(ReviewFileError) as info:
        parse_review(GOOD.replace("  attending: [发改委, 工信委]", "  attending: [发改委, 工信委"))
    assert info.value.line is not None and info.value.line >= 5
    assert "YAML" in info.value.message


def test_unknown_proposer() -> None:
    with pytest.raises(UnknownProposerError) as info:
        parse_review(GOOD.replace("proposer: 人社局", "proposer: 发改委"), path="r.yaml")
    assert "发改委" in info.value.message and "r.yaml 第13行" in info.value.message
    assert "周市长" in info.value.message  # lists the known ones


def test_undefined_and_unused_edits() -> None:
    with pytest.raises(ReviewFileError, match="未在 edits 中定义"):
        parse_review(GOOD.replace("edits: [e1]", "edits: [e2]"))
    with pytest.raises(ReviewFileError, match="没有关联任何意见"):
        parse_review(GOOD.replace("    edits: [e1]\n", ""))


def test_rejected_opinion_cannot_carry_edits() -> None:
    bad = GOOD.replace("decision: 全部采纳", "decision: 不予采纳\n    reason: 不必要。")
    with pytest.raises(ReviewFileError, match="不能关联修改"):
        parse_review(bad)


def test_unknown_placeholder() -> None:
    with pytest.raises(ReviewFileError, match="占位符"):
        parse_review(GOOD.replace("text: 建议修改。", "text: 建议修改{page:1}。"))


def test_summary_only_edit_is_allowed_and_counted() -> None:
    text = GOOD.replace(
        "edits:\n  - id: e1",
        "edits:\n  - id: e2\n    summary: 规范修改完善{doc}的部分标点符号\n  - id: e1",
    ).replace("    edits: [e1]\n", "    edits: [e1, e2]\n")
    assert "id: e2" in text
    record, _ = parse_review(text)
    edit = record.edits[0]
    assert edit.changes == () and "标点符号" in edit.summary  # type: ignore[attr-defined]


def test_edit_with_neither_changes_nor_summary() -> None:
    bad = GOOD.replace("    changes:\n      - replace: 建立\n        context: 建立服务平台\n        with: 完善\n", "")
    assert bad != GOOD
    with pytest.raises(ReviewFileError, match="既没有 changes"):
        parse_review(bad)


def test_a_consultation_needs_no_meeting() -> None:
    text = GOOD.replace("  meeting: 四届56次政府常务会\n", "  kind: 书面征求意见\n")
    record, _ = parse_review(text)
    assert record.review.meeting == ""


def test_text_that_looks_like_a_date_stays_text() -> None:
    record, _ = parse_review(GOOD.replace("text: 不同意。", "text: 2019-01-17"))
    assert record.opinions[1].text == "2019-01-17"


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        # the Chinese IME's full-width colon and full-width spaces: say exactly that, at their line
        ("    decision: 全部采纳", "    decision：全部采纳", 15, "全角冒号"),
        ("  office: 市科知局", "\u3000office: 市科知局", 4, "全角空格"),
        # what the YAML library says comes in Chinese
        ("  date: 2019-01-17", "  date: 2019-01-17\n  place: 会议室: 6楼", 4, "值中含“: ”时请给整个值加引号"),
    ],
)
def test_yaml_slips_are_explained(old: str, new: str, line: int, words: str) -> None:
    bad = GOOD.replace(old, new, 1)
    assert bad != GOOD
    with pytest.raises(ReviewFileError) as info:
        parse_review(bad, path="r.yaml")
    assert info.value.line == line and words in info.value.message, info.value.message


def test_decision_wording() -> None:
    record, _ = parse_review(
        GOOD.replace("decision: 不予采纳", "decision: 不予采纳。").replace("decision: 全部采纳", "decision: 部份采纳\n    reason: 部分可行。")
    )
    assert [o.decision.disposition for o in record.opinions] == [Disposition.PARTIALLY_ADOPTED, Disposition.NOT_ADOPTED]
    with pytest.raises(ReviewFileError, match="是否应为“不予采纳”"):
        parse_review(GOOD.replace("decision: 不予采纳", "decision: 不于采纳"))


# --- issue 10: one decision vocabulary, names of the draft, friction --------------------------------

_UNIT_OPINION = (
    "review:\n  meeting: 县政府第3次常务会议\n  office: 县林业局\nproposers:\n  - name: 县财政局\n"
    "opinions:\n  - proposer: 县财政局\n    text: 建议修改。\n    decision: {word}{reason}{edits}\n"
    "edits:\n  - id: e1\n    changes:\n      - replace: 建立\n        with: 完善\n"
)


@pytest.mark.parametrize(
    ("word", "disposition"),
    [
        ("吸收", Disposition.ADOPTED), ("已采纳", Disposition.ADOPTED), ("予以吸收", Disposition.ADOPTED),
        ("基本采纳", Disposition.PARTIALLY_ADOPTED), ("原则采纳", Disposition.PARTIALLY_ADOPTED),
        ("部分吸收", Disposition.PARTIALLY_ADOPTED), ("未予采纳", Disposition.NOT_ADOPTED),
        ("暂不采纳", Disposition.NOT_ADOPTED), ("未采纳", Disposition.NOT_ADOPTED), ("不予吸收", Disposition.NOT_ADOPTED),
        ("已有规定", Disposition.ALREADY_REFLECTED), ("转相关部门研究", Disposition.REFERRED), ("待研究", Disposition.PENDING),
    ],
)  # fmt: skip
def test_every_wording_import_report_understands_is_a_decision(word: str, disposition: Disposition) -> None:
    reason = "" if disposition in (Disposition.ADOPTED, Disposition.PENDING) else "\n    reason: 理由如下。"
    text = _UNIT_OPINION.format(word=word, reason=reason, edits="\n    edits: [e1]")
    if not disposition.allows_edits:
        text = text.replace("\n    edits: [e1]", "").split("edits:\n")[0]
    record, _ = parse_review(text)
    assert record.opinions[0].decision.disposition is disposition


@pytest.mark.parametrize(
    ("word", "hint"),
    [("未采", "不予采纳"), ("没采纳", "不予采纳"), ("不于采纳", "不予采纳"), ("否决", None), ("全采纳", "全部采纳"),
     ("部分采纳了吧", "部分采纳")],
)  # fmt: skip
def test_a_suggestion_never_flips_the_meaning(word: str, hint: str | None) -> None:
    with pytest.raises(ReviewFileError) as info:
        parse_review(_UNIT_OPINION.format(word=word, reason="", edits=""))
    if hint is None:  # nothing close enough of the same meaning: no suggestion rather than a wrong one
        assert "是否应为" not in info.value.message
    else:
        assert f"是否应为“{hint}”" in info.value.message


def test_a_partial_adoption_under_another_name_says_which_reason_is_missing() -> None:
    with pytest.raises(ReviewFileError, match="“原则采纳”（按“部分采纳”计）的意见必须写明理由"):
        parse_review(_UNIT_OPINION.format(word="原则采纳", reason="", edits=""))
    with pytest.raises(ReviewFileError, match="重复的意见"):
        parse_review(_UNIT_OPINION.format(word="重复意见", reason="", edits=""))


def test_title_short_name_level_and_signature() -> None:
    text = (
        "title: 《青禾县集体林权流转管理暂行办法（修订）》\nshort_name: 暂行办法\n"
        + GOOD.replace("  office: 市科知局\n", "  office: 市科知局\n  level: 县级\n")
        + "report:\n  date: 2024-06-03\n  signed_by: 青禾县林业局\n"
    )
    record, _ = parse_review(text)
    assert (record.title, record.short_name, record.review.level) == ("青禾县集体林权流转管理暂行办法（修订）", "《暂行办法》", "县")
    assert (str(record.report_date), record.report_signed_by) == ("2024-06-03", "青禾县林业局")
    with pytest.raises(ReviewFileError, match="level 应为"):
        parse_review(GOOD.replace("  office: 市科知局\n", "  office: 市科知局\n  level: 村\n"))


@pytest.mark.parametrize("key", ["locator", "page", "位置", "行号"])
def test_a_locator_key_is_explained_not_matched_to_another_field(key: str) -> None:
    text = GOOD.replace("        context: 建立服务平台\n", f"        context: 建立服务平台\n        {key}: P3倒数第五行\n")
    with pytest.raises(ReviewFileError) as info:
        parse_review(text)
    msg = info.value.message
    assert "不写页码、行号" in msg and "occurrence" in msg and "context" in msg and "form" not in msg


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("    text: {doc}要量力而行。", "请给整段文字加上双引号，如 text: \"{doc}要量力而行。\""),
        ("    text: {target:1}应删去", "以占位符“{”开头的文字没有加引号"),
        ("    text: {doc}", "以占位符“{”开头的文字没有加引号"),  # parses, as a mapping: the same message
    ],
)
def test_an_unquoted_placeholder_gets_a_clear_message(line: str, words: str) -> None:
    with pytest.raises(ReviewFileError) as info:
        parse_review(GOOD.replace("    text: 建议修改。", line))
    assert words in info.value.message and "第14行" in info.value.message


def test_a_value_starting_with_a_half_width_comma_is_explained_in_chinese() -> None:
    with pytest.raises(ReviewFileError) as info:
        parse_review(GOOD.replace("      - replace: 建立", "      - replace: ,建立"))
    msg = info.value.message
    assert "以半角逗号“,”开头的文字没有加引号" in msg and 'replace: ",……"' in msg and "全角逗号“，”" in msg
    assert "expected" not in msg


def test_a_duplicate_takes_the_decision_of_the_opinion_it_repeats() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "examples" / "baise" / "review.yaml").read_text(encoding="utf-8").replace(
        "  - proposer: 工信委\n    text: 铝工业的突破技术，会后组织单位相关科室技术人员研究，与铝办协商后报市科知局修改。\n"
        "    decision: 全部采纳\n    edits: [aluminium_tech, red_mud]",
        "  - proposer: 工信委\n    text: 铝工业的突破技术，会后组织单位相关科室技术人员研究，与铝办协商后报市科知局修改。\n"
        "    decision: 重复\n    duplicate_of: 1",
    )
    record, _ = parse_review(text)
    seventh = record.opinions[6]
    assert seventh.decision.duplicate_of == 1 and seventh.decision.disposition is Disposition.ADOPTED
    with pytest.raises(ReviewFileError, match="所指的意见不存在"):
        parse_review(text.replace("duplicate_of: 1", "duplicate_of: 99"))
