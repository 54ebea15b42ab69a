"""Opinion forms, pure part: each row checked against the draft, problems with their place, merging."""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import replace

import pytest

from caina.core.anchoring import occurrences
from caina.core.forms import (
    FIELDS,
    HEADERS,
    SHEET,
    Cell,
    CheckedForm,
    FilledForm,
    FormMarker,
    FormRow,
    Place,
    check_form,
    compose_text,
    draft_fingerprint,
    form_specs,
    header_field,
    info_field,
    plan_import,
    row_key,
    same_unit,
)
from caina.core.layout import layout
from caina.core.locators import locate_text
from caina.core.pages import Layout
from caina.errors import FormError
from caina.io.review_file import parse_review
from caina.io.text_reader import parse_text

DRAFT = textwrap.dedent(
    """\
    关于推进科技成果转化的实施方案
    一、总体要求
    坚持问题导向，加快建立科技成果转化服务平台，推动重大科技成果在本地落地，鼓励企业与高校联合攻关，形成一批具有自主知识产权的新产品。
    二、重点任务
    （一）完善转化机制。健全科技成果转化收益分配制度，转化收益全部留归单位支配，纳入预算管理，不上缴国库。
    （二）强化人才支撑。引进高层次创新人才和团队，培育一批重大科技成果转化示范企业，营造尊重知识，尊重人才的良好氛围。
    附件1
    重点项目表
    | 项目 | 依托单位 |
    | 铝精深加工 | 百矿集团 |
    """
)

REVIEW = textwrap.dedent(
    """\
    review:
      kind: 书面征求意见
      meeting: 书面征求意见
      office: 市科知局
      attending: [市科知局, 财政局, 发改委]
    proposers:
      - name: 市财政局
        aliases: [财政局]
      - name: 周市长
        kind: leader
    opinions:
      - proposer: 周市长
        text: 要立足实际。
        decision: 全部采纳
    """
)


@pytest.fixture(scope="module")
def lay() -> Layout:
    return layout(parse_text(DRAFT))


@pytest.fixture(scope="module")
def record():  # type: ignore[no-untyped-def]
    return parse_review(REVIEW)[0]


def loc(lay: Layout, quote: str, n: int = 0) -> str:
    spans = [s for p in lay.draft.parts for s in occurrences(p, quote)]
    return locate_text(lay, spans[n])


def make_form(
    *rows: tuple[object, ...],
    unit: str | None = "财政局",
    marker: FormMarker | None = None,
    state: str | None = None,
    file: str = "意见反馈表_财政局.xlsx",
) -> FilledForm:
    """A form as a reader returns it: rows start at Excel row 7, columns A–E."""
    form_rows = []
    for r, values in enumerate(rows, 7):
        at = Place(file, SHEET, r)
        cells = {name: Cell(v, at.at("ABCDE"[i], HEADERS[name])) for i, (name, v) in enumerate(zip(FIELDS, values, strict=False))}
        form_rows.append(FormRow(at, cells))
    return FilledForm(
        place=Place(file, SHEET),
        marker=marker,
        unit=Cell(unit, Place(file, SHEET, 2, "B", "填报单位")) if unit is not None else None,
        state=Cell(state, Place(file, SHEET, 4, "B", "反馈情况")) if state is not None else None,
        rows=tuple(form_rows),
    )


def errors(checked: CheckedForm) -> list[str]:
    return [str(p) for p in checked.problems if p.error]


def warnings(checked: CheckedForm) -> list[str]:
    return [str(p) for p in checked.problems if not p.error]


# ------------------------------------------------------------------ good rows


def test_good_row_becomes_an_opinion_with_a_computed_target(lay, record) -> None:  # type: ignore[no-untyped-def]
    quote = "加快建立科技成果转化服务平台"
    checked = check_form(make_form((1, loc(lay, quote), quote, "建议将“建立”改为“完善”", "平台已经建立")), lay, record)
    assert checked.problems == ()
    (op,) = checked.opinions
    assert op.text == "对{target:1}，建议将“建立”改为“完善”。理由：平台已经建立。"
    assert op.targets[0].quote == quote and op.targets[0].part == "正文" and op.targets[0].occurrence == 0
    assert op.key == row_key(loc(lay, quote), quote, "建议将“建立”改为“完善”", "平台已经建立")


def test_the_locator_picks_one_of_several_occurrences(lay, record) -> None:  # type: ignore[no-untyped-def]
    quote = "重大科技成果"
    checked = check_form(make_form((1, loc(lay, quote, 1), quote, "删去“重大”", "")), lay, record)
    assert checked.problems == ()
    assert checked.opinions[0].targets[0].occurrence == 2


def test_other_locator_forms_are_accepted(lay, record) -> None:  # type: ignore[no-untyped-def]
    quote = "不上缴国库"
    house = loc(lay, quote)  # "P1顺数第十一行" or the like
    page = int(house[1 : house.index("顺数" if "顺数" in house else "倒数")])
    line = lay.lines_of_span(next(s for s in occurrences(lay.draft.main, quote)))[0]
    for written in (f"第{page}页第{line.number}行", f"第{page}页倒数第{line.from_bottom}行", f"{page}页倒{line.from_bottom}行"):
        checked = check_form(make_form((1, written, quote, "删去", "")), lay, record)
        assert checked.problems == (), written


def test_an_attachment_quote_gets_its_part(lay, record) -> None:  # type: ignore[no-untyped-def]
    checked = check_form(make_form((1, "附件1", "百矿集团", "改为“电解铝企业”", "")), lay, record)
    assert checked.problems == ()
    assert checked.opinions[0].targets[0].part == "附件1"


def test_whole_document_opinion_needs_no_quote(lay, record) -> None:  # type: ignore[no-untyped-def]
    checked = check_form(make_form(("", "全文", "", "建议压缩篇幅", "")), lay, record)
    assert checked.problems == ()
    assert checked.opinions[0].text == "建议压缩篇幅。" and checked.opinions[0].targets == ()


def test_braces_cannot_become_placeholders(lay, record) -> None:  # type: ignore[no-untyped-def]
    assert compose_text("改为{doc}", "") == "改为｛doc｝。"


# ------------------------------------------------------------------ bad cells: each with its place and fix

BAD = [
    ("序号不是数字", ("一", "P1第3行", "坚持问题导向", "删去", ""), "A7单元格", "不是正整数"),
    ("序号是负数", (-2, "P1第3行", "坚持问题导向", "删去", ""), "A7单元格", "不是正整数"),
    ("定位写错", (1, "第三段", "坚持问题导向", "删去", ""), "B7单元格", "无法识别的页码行数"),
    ("两处写在一格", (1, "P1第3行、P1第4行", "坚持问题导向", "删去", ""), "B7单元格", "多处请分行填写"),
    ("超出末页", (1, "P99第1行", "坚持问题导向", "删去", ""), "B7单元格", "超出范围"),
    ("行号超出", (1, "P1第99行", "坚持问题导向", "删去", ""), "B7单元格", "超出范围"),
    ("没有这个附件", (1, "附件9第1页第1行", "坚持问题导向", "删去", ""), "B7单元格", "没有“附件9”"),
    ("原文空而有意见", (1, "P1第3行", "", "删去", ""), "C7单元格", "“原文”栏是空的"),
    ("只有原文没有意见", (1, "P1第3行", "坚持问题导向", "", "理由"), "D7单元格", "没有填写修改意见"),
    ("被识别成日期", (1, dt.datetime(2019, 3, 5), "坚持问题导向", "删去", ""), "B7单元格", "日期"),
]


@pytest.mark.parametrize(("case", "row", "cell", "what"), BAD, ids=[b[0] for b in BAD])
def test_bad_cell_is_reported_where_it_is(lay, record, case, row, cell, what) -> None:  # type: ignore[no-untyped-def]
    checked = check_form(make_form(row), lay, record)
    found = errors(checked)
    assert found, case
    assert any(cell in e and what in e for e in found), found
    assert all(e.startswith("意见反馈表_财政局.xlsx，工作表“意见反馈表”，") for e in found)
    assert checked.opinions == ()


def test_a_bad_row_does_not_stop_the_good_ones(lay, record) -> None:  # type: ignore[no-untyped-def]
    checked = check_form(make_form((1, "P99第1行", "x", "y", ""), (2, "全文", "", "总体同意", "")), lay, record)
    assert len(errors(checked)) == 1 and len(checked.opinions) == 1
    assert checked.opinions[0].place.row == 8


# ------------------------------------------------------------------ quote and locator disagree: warnings


def test_locator_that_disagrees_gives_a_warning_and_the_quote_wins(lay, record) -> None:  # type: ignore[no-untyped-def]
    quote = "不上缴国库"
    wrong = loc(lay, "坚持问题导向")
    checked = check_form(make_form((1, wrong, quote, "删去", "")), lay, record)
    assert errors(checked) == []
    (w,) = warnings(checked)
    assert "B7单元格" in w and "与原文不符" in w and loc(lay, quote) in w
    assert checked.opinions[0].targets[0].quote == quote


def test_quote_not_in_the_draft_gives_the_nearest(lay, record) -> None:  # type: ignore[no-untyped-def]
    checked = check_form(make_form((1, "P1第5行", "健全科技成果转化收益分配机制", "删去", "")), lay, record)
    assert errors(checked) == []
    (w,) = warnings(checked)
    assert "C7单元格" in w and "找不到" in w and "最接近的是" in w and "“健全科技成果转化收益分配制" in w
    (op,) = checked.opinions
    assert op.targets == () and op.text.startswith("对P1第5行“健全科技成果转化收益分配机制”，")


def test_missing_locator_is_a_warning(lay, record) -> None:  # type: ignore[no-untyped-def]
    checked = check_form(make_form((1, "", "坚持问题导向", "删去", "")), lay, record)
    assert errors(checked) == [] and "B7单元格" in warnings(checked)[0]
    assert checked.opinions[0].targets[0].quote == "坚持问题导向"


def test_spaces_in_a_copied_quote_are_forgiven(lay, record) -> None:  # type: ignore[no-untyped-def]
    quote = "坚持问题导向"
    checked = check_form(make_form((1, loc(lay, quote), "坚持 问题\n导向", "删去", "")), lay, record)
    assert checked.problems == () and checked.opinions[0].targets[0].quote == quote


def test_the_same_row_twice_is_imported_once(lay, record) -> None:  # type: ignore[no-untyped-def]
    row = (1, "全文", "", "总体同意", "")
    checked = check_form(make_form(row, row), lay, record)
    assert len(checked.opinions) == 1 and "与" in warnings(checked)[0]


# ------------------------------------------------------------------ 无意见 and empty forms


@pytest.mark.parametrize(
    ("state", "rows"),
    [("无意见", ()), (None, (("", "", "", "无意见", ""),)), (None, (("1", "", "", "无意见。", ""),)), ("无", ())],
)
def test_no_opinion_form(lay, record, state, rows) -> None:  # type: ignore[no-untyped-def]
    checked = check_form(make_form(*rows, state=state), lay, record)
    assert checked.problems == () and checked.no_opinion and checked.opinions == ()


def test_no_opinion_with_opinions_is_an_error(lay, record) -> None:  # type: ignore[no-untyped-def]
    checked = check_form(make_form(("", "全文", "", "总体同意", ""), state="无意见"), lay, record)
    assert any("B4单元格" in e and "无意见" in e for e in errors(checked))


def test_a_blank_form_is_an_error(lay, record) -> None:  # type: ignore[no-untyped-def]
    checked = check_form(make_form(("", "", "", "", ""), (3, "", "", "", "")), lay, record)
    assert any("没有填写任何意见" in e for e in errors(checked))


# ------------------------------------------------------------------ the unit and the marker


def marker(lay: Layout, **kw: object) -> FormMarker:
    base = FormMarker(unit="财政局", draft_title=lay.draft.title, fingerprint=draft_fingerprint(lay.draft))
    return replace(base, **kw)  # type: ignore[arg-type]


def test_a_unit_not_invited_is_an_error(lay, record) -> None:  # type: ignore[no-untyped-def]
    form = make_form(("", "全文", "", "同意", ""), unit="审计局", marker=marker(lay, unit="审计局"))
    checked = check_form(form, lay, record)
    (e,) = errors(checked)
    assert "“审计局”不在本次征求意见的单位中" in e and "B2单元格" in e and "review.attending" in e
    assert checked.opinions == ()


def test_the_unit_comes_from_the_marker_when_the_cell_is_gone(lay, record) -> None:  # type: ignore[no-untyped-def]
    checked = check_form(make_form(("", "全文", "", "同意", ""), unit=None, marker=marker(lay)), lay, record)
    assert checked.problems == () and checked.unit == "财政局"


def test_a_retyped_unit_is_kept_with_a_warning(lay, record) -> None:  # type: ignore[no-untyped-def]
    form = make_form(("", "全文", "", "同意", ""), unit="发改委", marker=marker(lay))
    checked = check_form(form, lay, record)
    assert checked.unit == "发改委" and "与生成该表时的“财政局”不同" in warnings(checked)[0]


def test_full_and_short_unit_names_agree(lay, record) -> None:  # type: ignore[no-untyped-def]
    checked = check_form(make_form(("", "全文", "", "同意", ""), unit="市发改委"), lay, record)
    assert checked.problems == ()
    assert same_unit("市财政局", "财政局") and not same_unit("财政局", "财政厅")


def test_no_unit_at_all_is_an_error(lay, record) -> None:  # type: ignore[no-untyped-def]
    checked = check_form(make_form(("", "全文", "", "同意", ""), unit=""), lay, record)
    assert any("没有填写填报单位" in e for e in errors(checked))


def test_a_form_of_another_draft_is_an_error(lay, record) -> None:  # type: ignore[no-untyped-def]
    form = make_form(("", "全文", "", "同意", ""), marker=marker(lay, draft_title="另一份方案", fingerprint="sha256:0"))
    assert any("另一份方案" in e for e in errors(check_form(form, lay, record)))


def test_a_form_of_an_older_version_is_a_warning(lay, record) -> None:  # type: ignore[no-untyped-def]
    form = make_form(("", "全文", "", "同意", ""), marker=marker(lay, fingerprint="sha256:0"))
    checked = check_form(form, lay, record)
    assert errors(checked) == [] and "文字不同" in warnings(checked)[0]


# ------------------------------------------------------------------ merging into the record


def test_plan_adds_opinions_proposers_and_no_opinion_units(lay, record) -> None:  # type: ignore[no-untyped-def]
    quote = "坚持问题导向"
    good = check_form(make_form((1, loc(lay, quote), quote, "删去", "")), lay, record)
    new_unit = check_form(make_form(("", "全文", "", "同意", ""), unit="发改委", file="b.docx"), lay, record)
    silent = check_form(make_form(state="无意见", unit="市科知局"), lay, record)
    plan = plan_import(record, [good, new_unit, silent])
    assert [op.proposer for op in plan.opinions] == ["市财政局", "发改委"]
    assert plan.new_proposers == ("发改委",)
    assert plan.no_opinion == ("市科知局",)
    assert plan.first_number == 2 and not plan.explicit_numbers
    assert plan.opinions[0].form == "意见反馈表_财政局.xlsx" and plan.opinions[0].row == 7


def test_plan_skips_what_was_imported_before(lay, record) -> None:  # type: ignore[no-untyped-def]
    from caina.core.decisions import Decision, Disposition, Opinion

    quote = "坚持问题导向"
    checked = check_form(make_form((1, loc(lay, quote), quote, "删去", "")), lay, record)
    key = checked.opinions[0].key
    by_key = Opinion(9, record.proposers[0].id, "改过的文字", Decision(Disposition.PENDING), key=key)
    op = checked.opinions[0]
    by_text = Opinion(9, record.proposers[0].id, op.text, Decision(Disposition.NOT_ADOPTED, "x"), targets=op.targets)
    for existing in (by_key, by_text):
        plan = plan_import(replace(record, opinions=(*record.opinions, existing)), [checked])
        assert plan.opinions == () and len(plan.duplicates) == 1
        assert plan.first_number == 10 and plan.explicit_numbers


def test_key_ignores_whitespace_but_not_content() -> None:
    assert row_key("P3第5行", "原文", "意见", "") == row_key(" P3 第5行", "原 文", "意见\n", "")
    assert row_key("P3第5行", "原文", "意见", "") != row_key("P3第6行", "原文", "意见", "")


# ------------------------------------------------------------------ the blank form


def test_form_specs_skip_the_office_and_warn_on_uninvited(lay, record) -> None:  # type: ignore[no-untyped-def]
    specs, warned = form_specs(lay.draft, record)
    assert [s.unit for s in specs] == ["财政局", "发改委"] and warned == []
    assert specs[0].file_stem == "意见反馈表_财政局"
    assert specs[0].title == f"《{lay.draft.title}》征求意见反馈表"
    specs, warned = form_specs(lay.draft, record, ["审计局"])
    assert [s.unit for s in specs] == ["审计局"] and "review.attending" in warned[0]


def test_form_specs_need_units(lay, record) -> None:  # type: ignore[no-untyped-def]
    bare = replace(record, review=replace(record.review, attending=()))
    with pytest.raises(FormError, match=r"review\.attending"):
        form_specs(lay.draft, bare)


def test_marker_round_trip_and_foreign_json() -> None:
    m = FormMarker(unit="财政局", draft_version=3, draft_title="方案")
    assert FormMarker.from_json(m.to_json()) == m
    for foreign in ('{"unit": "x"}', "not json", None, '["caina-form/1"]', '{"format": "caina-form/1"}'):
        assert FormMarker.from_json(foreign) is None


@pytest.mark.parametrize(
    ("text", "field"),
    [("序号", "number"), ("页码 行数", "locator"), ("原文*", "quote"), ("修改意见（必填）", "opinion"),
     ("理由：", "reason"), ("备注", None), (None, None)],
)  # fmt: skip
def test_header_field(text, field) -> None:  # type: ignore[no-untyped-def]
    assert header_field(text) == field


@pytest.mark.parametrize(
    ("text", "found"),
    [("填报单位", ("unit", "")), ("填报单位：市财政局", ("unit", "市财政局")), ("联系电话:123", ("phone", "123")),
     ("反馈情况", ("state", "")), ("市财政局", None)],
)  # fmt: skip
def test_info_field(text, found) -> None:  # type: ignore[no-untyped-def]
    assert info_field(text) == found


def test_place_reads_like_an_address() -> None:
    xlsx = Place("a.xlsx", "意见反馈表", 7, "C", "原文")
    assert str(xlsx) == "a.xlsx，工作表“意见反馈表”，C7单元格（第7行“原文”栏）"
    docx = Place("a.docx", "第2个表格", 3, header="原文", kind="docx")
    assert str(docx) == "a.docx，第2个表格，第3行“原文”栏"
    assert str(Place("a.xlsx")) == "a.xlsx"


def test_same_words_about_different_passages_are_two_opinions(lay, record) -> None:  # type: ignore[no-untyped-def]
    rows = [(1, loc(lay, q), q, "删去", "") for q in ("坚持问题导向", "不上缴国库")]
    checked = check_form(make_form(*rows), lay, record)
    assert checked.opinions[0].text == checked.opinions[1].text == "对{target:1}，删去。"
    plan = plan_import(record, [checked])
    assert len(plan.opinions) == 2 and plan.duplicates == ()
