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
