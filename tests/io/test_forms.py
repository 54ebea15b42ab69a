"""Opinion forms end to end: generate for the Baise case, fill programmatically, import, report."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from caina.cli import app
from caina.core.forms import FormMarker
from caina.errors import FormError, PendingDecisionError, SourceFileError
from caina.io.forms_docx import read_form_docx
from caina.io.forms_xlsx import read_form_xlsx
from caina.io.review_file import read_review
from caina.services import load_case, render_report
from caina.services.forms import import_forms, write_forms

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "baise"
runner = CliRunner()

ALU = "开展铝焊丝、防爆铝膜等中高端铝精深加工技术攻关"


@pytest.fixture
def case(tmp_path: Path) -> Path:
    target = tmp_path / "case"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture(scope="module")
def blank_forms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("blank") / "forms"
    write_forms(EXAMPLE, out)  # reads the example, writes only to out
    return out


@pytest.fixture
def forms(blank_forms: Path, tmp_path: Path) -> Path:
    """A fresh copy of the blank forms of the Baise case, to fill."""
    return Path(shutil.copytree(blank_forms, tmp_path / "forms"))


def where(case: Path, quote: str, n: int = 0) -> str:
    """The computed locator of the n-th occurrence (layouts may change; tests do not hard-code them)."""
    from caina.services import locate_quote

    return locate_quote(case / "draft.txt", quote)[n][0]


def fill_xlsx(path: Path, rows: dict[int, tuple[object, ...]], **cells: object) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb["意见反馈表"]
    for r, values in rows.items():
        for col, value in zip("ABCDE", values, strict=False):
            ws[f"{col}{r}"] = value
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(path)
    return path


def fill_docx(path: Path, rows: list[tuple[str, ...]], state: str = "") -> Path:
    d = docx.Document(str(path))
    table = d.tables[1]
    for r, values in enumerate(rows, 1):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    if state:
        d.tables[0].cell(0, 3).text = state
    d.save(str(path))
    return path


# ------------------------------------------------------------------ generating


def test_one_form_per_invited_unit_in_both_formats(case: Path, tmp_path: Path) -> None:
    result = write_forms(case, tmp_path / "out")
    record, _ = read_review(case / "review.yaml")
    units = [u for u in record.review.attending if u != "市科知局"]
    assert list(result.units) == units
    assert {p.name for p in result.paths} == {f"意见反馈表_{u}.{ext}" for u in units for ext in ("xlsx", "docx")}


def test_xlsx_form_layout(forms: Path, case: Path) -> None:
    wb = openpyxl.load_workbook(forms / "意见反馈表_财政局.xlsx")
    ws = wb["意见反馈表"]
    title = load_case(case).draft.title
    assert ws["A1"].value == f"《{title}》征求意见反馈表"
    assert ws["A2"].value == "填报单位" and ws["B2"].value == "财政局"
    assert [ws.cell(6, c).value for c in range(1, 6)] == ["序号", "页码行数", "原文", "修改意见", "理由"]
    assert ws.freeze_panes == "A7"
    assert ws.protection.sheet and ws.protection.insertRows is False
    assert ws["A6"].protection.locked and ws["B2"].protection.locked
    assert not ws["C7"].protection.locked and not ws["B3"].protection.locked and not ws["B4"].protection.locked
    assert ws["C7"].number_format == "@"
    assert ws.column_dimensions["C"].width > ws.column_dimensions["A"].width
    kinds = {dv.type: str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert kinds["whole"] == "A7:A26" and kinds["list"] == "B4"
    instructions = ws["A5"].value
    for needed in ("P3倒数第五行", "第3页第5行", "逐字复制", "无意见"):
        assert needed in instructions
    marker = FormMarker.from_json(next(p.value for p in wb.custom_doc_props if p.name == "caina_form"))
    assert marker is not None and marker.unit == "财政局" and marker.draft_title == title
    assert wb["_caina"].sheet_state == "veryHidden"


def test_docx_form_fonts_and_marker(forms: Path) -> None:
    d = docx.Document(str(forms / "意见反馈表_财政局.docx"))
    title = d.paragraphs[0]
    assert title.text.endswith("征求意见反馈表")
    assert title.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    defaults = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    body = [r for p in d.paragraphs[1:] for r in p.runs if r.text.startswith("1.")]
    assert body and body[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    header = [c.text for c in d.tables[1].rows[0].cells]
    assert header == ["序号", "页码行数", "原文", "修改意见", "理由"]
    assert d.tables[1].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert d.sections[0].page_width > d.sections[0].page_height  # landscape
    assert json.loads(d.core_properties.comments)["unit"] == "财政局"


def test_forms_are_not_overwritten_without_force(case: Path, forms: Path) -> None:
    fill_xlsx(forms / "意见反馈表_财政局.xlsx", {7: (1, "全文", "", "同意", "")})
    with pytest.raises(SourceFileError, match="--force"):
        write_forms(case, forms)
    assert openpyxl.load_workbook(forms / "意见反馈表_财政局.xlsx")["意见反馈表"]["D7"].value == "同意"
    write_forms(case, forms, force=True, formats=("xlsx",))
    assert openpyxl.load_workbook(forms / "意见反馈表_财政局.xlsx")["意见反馈表"]["D7"].value is None


def test_a_unit_not_invited_gets_a_form_and_a_warning(case: Path, tmp_path: Path) -> None:
    result = write_forms(case, tmp_path / "x", units=["审计局"], formats=("xlsx",))
    assert [p.name for p in result.paths] == ["意见反馈表_审计局.xlsx"]
    assert "review.attending" in result.warnings[0]


# ------------------------------------------------------------------ reading


def test_blank_forms_read_back(forms: Path) -> None:
    x = read_form_xlsx(forms / "意见反馈表_财政局.xlsx")
    assert x.marker is not None and x.marker.unit == "财政局" and x.unit is not None and x.unit.text == "财政局"
    assert x.rows == () and x.problems == ()  # the streaming reader keeps rows with content only
    d = read_form_docx(forms / "意见反馈表_财政局.docx")
    assert d.marker is not None and d.unit is not None and d.unit.text == "财政局"
    assert len(d.rows) == 10 and all(r.empty for r in d.rows)


def test_contact_and_state_are_read(forms: Path) -> None:
    path = fill_xlsx(forms / "意见反馈表_财政局.xlsx", {}, B3="李明", D3="0776-1234567", B4="无意见")
    form = read_form_xlsx(path)
    assert (form.contact, form.phone) == ("李明", "0776-1234567")
    assert form.state is not None and form.state.text == "无意见" and form.state.place.address == "B4"


def test_merged_cells_count_on_every_row_they_cover(forms: Path) -> None:
    path = fill_xlsx(forms / "意见反馈表_铝办.xlsx", {7: (1, "全文", ALU, "删去", ""), 8: (2, "全文", None, "改写", "")})
    wb = openpyxl.load_workbook(path)
    wb["意见反馈表"].merge_cells("C7:C8")
    wb.save(path)
    form = read_form_xlsx(path)
    assert form.rows[0].text("quote") == form.rows[1].text("quote") == ALU
    assert any("C7:C8" in str(p) and "合并单元格" in str(p) for p in form.problems)


def test_an_extra_sheet_is_named_and_ignored(forms: Path) -> None:
    path = forms / "意见反馈表_铝办.xlsx"
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("补充说明")["A1"] = "另有几点想法"
    wb.save(path)
    form = read_form_xlsx(path)
    assert form.place.sheet == "意见反馈表"
    assert any("补充说明" in str(p) and "已忽略" in str(p) for p in form.problems)


def test_a_hand_made_table_reads_too(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["填报单位：市财政局"])
    ws.append(["编号", "页码", "原文内容", "修改建议", "理由及依据"])
    ws.append([1, "全文", "", "同意", ""])
    wb.save(tmp_path / "自制.xlsx")
    form = read_form_xlsx(tmp_path / "自制.xlsx")
    assert form.marker is None and form.unit is not None and form.unit.text == "市财政局"
    assert form.rows[0].text("opinion") == "同意" and form.rows[0].cell("opinion").place.address == "D3"


@pytest.mark.parametrize(
    ("name", "content", "error", "what"),
    [
        ("not.xlsx", "这是一段文字".encode(), SourceFileError, "不是有效的 .xlsx"),
        ("junk.docx", b"\x00\x01\x02" * 50, SourceFileError, "不是有效的 .docx"),
        ("corrupt.xlsx", None, SourceFileError, "已损坏"),
        ("empty.xlsx", "empty", FormError, "空的"),
        ("notables.docx", "notables", FormError, "没有表格"),
    ],
)
def test_bad_files_give_a_clear_message(  # type: ignore[no-untyped-def]
    tmp_path: Path, forms: Path, name, content, error, what
) -> None:
    path = tmp_path / name
    if content is None:  # a real form cut in half
        path.write_bytes((forms / "意见反馈表_财政局.xlsx").read_bytes()[:3000])
    elif content == "empty":
        openpyxl.Workbook().save(path)
    elif content == "notables":
        d = docx.Document()
        d.add_paragraph("意见：同意")
        d.save(str(path))
    else:
        path.write_bytes(content)
    reader = read_form_xlsx if name.endswith(".xlsx") else read_form_docx
    with pytest.raises(error) as info:
        reader(path)
    message = str(info.value)
    assert what in message and name in message and "请" in message


def test_docx_merged_cells_are_reported(forms: Path) -> None:
    path = fill_docx(forms / "意见反馈表_工信委.docx", [("1", "全文", ALU, "删去", ""), ("2", "全文", "", "改写", "")])
    d = docx.Document(str(path))
    t = d.tables[1]
    t.cell(1, 2).merge(t.cell(2, 2))
    d.save(str(path))
    form = read_form_docx(path)
    assert form.rows[1].text("quote") == form.rows[0].text("quote")
    assert any("第3行“原文”栏" in str(p) and "合并" in str(p) for p in form.problems)


# ------------------------------------------------------------------ importing


@pytest.fixture
def filled(case: Path, forms: Path, tmp_path: Path) -> dict[str, Path]:
    """A set of returned forms: good, bad, 无意见, merged, extra sheet, Word, a unit not invited."""
    stray = tmp_path / "stray"
    write_forms(case, stray, units=["审计局"], formats=("xlsx",))
    major = where(case, "重大科技成果", 1)
    return {
        "finance": fill_xlsx(
            forms / "意见反馈表_财政局.xlsx",
            {
                7: (1, where(case, ALU), ALU, "建议删去", "不切合实际"),
                8: ("二", "P3倒数第五行", ALU, "建议改写", ""),  # 序号 not a number
                9: (3, "P99第1行", "加速健全完善科技成果转化机制", "建议删去", ""),  # past the last page
                10: (4, "P3倒数第五行", None, "建议改写", ""),  # empty 原文
                11: (5, "第三段", ALU, "建议改写", ""),  # not a locator
            },
            B3="李明",
        ),
        "law": fill_xlsx(forms / "意见反馈表_法制办.xlsx", {}, B4="无意见"),
        "perf": fill_xlsx(forms / "意见反馈表_绩效办.xlsx", {7: ("", "", "", "无意见", "")}),
        "miit": fill_docx(
            forms / "意见反馈表_工信委.docx",
            [("1", major, "重大科技成果", "建议改为“科技成果”", "切合实际"), ("2", "P1第1行", "重大科技成果", "删去“重大”", "")],
        ),
        "alu": fill_xlsx(forms / "意见反馈表_铝办.xlsx", {7: (1, "附件3", "高端铝领域", "建议改为“中高端铝领域”", "量力而行")}),
        "stray": fill_xlsx(stray / "意见反馈表_审计局.xlsx", {7: (1, "全文", "", "同意", "")}),
    }


def test_nothing_is_half_imported(case: Path, filled: dict[str, Path]) -> None:
    before = (case / "review.yaml").read_bytes()
    with pytest.raises(FormError) as info:
        import_forms(case, list(filled.values()))
    message = str(info.value)
    for needed in ("A8单元格", "B9单元格", "C10单元格", "B11单元格", "意见反馈表_审计局.xlsx", "“审计局”不在本次征求意见的单位中"):
        assert needed in message, needed
    assert "--skip-bad" in message
    assert len(info.value.details) == 5
    assert (case / "review.yaml").read_bytes() == before


def test_skip_bad_imports_the_good_rows_and_lists_the_bad(case: Path, filled: dict[str, Path]) -> None:
    result = import_forms(case, list(filled.values()), skip_bad=True)
    plan = result.plan
    assert result.written and len(plan.errors) == 5
    record, _ = read_review(case / "review.yaml")
    imported = [op for op in record.opinions if op.key]
    assert [(record.proposer(op.proposer_id).name, op.source) for op in imported] == [
        ("市财政局", "意见反馈表_财政局.xlsx 第7行"),
        ("市工信委", "意见反馈表_工信委.docx 第2行"),
        ("市工信委", "意见反馈表_工信委.docx 第3行"),
        ("市铝产业发展办公室", "意见反馈表_铝办.xlsx 第7行"),
    ]
    assert all(op.decision.disposition.value == "pending" and op.decision.reason == "" for op in imported)
    assert imported[0].targets[0].quote == ALU and imported[3].targets[0].part == "附件3"
    assert imported[1].targets[0].occurrence == 2
    assert record.review.no_opinion == ("法制办", "绩效办")
    assert any("与原文不符" in str(w) and "第3行“页码行数”栏" in str(w) for w in plan.warnings)
    text = (case / "review.yaml").read_text(encoding="utf-8")
    assert text.startswith("# 《百色市科技创新") and "# 由 caina import-forms 从意见反馈表导入" in text


def test_reimport_is_idempotent(case: Path, filled: dict[str, Path]) -> None:
    import_forms(case, list(filled.values()), skip_bad=True)
    after_first = (case / "review.yaml").read_bytes()
    again = import_forms(case, list(filled.values()), skip_bad=True)
    assert not again.written and again.plan.opinions == () and len(again.plan.duplicates) == 4
    assert (case / "review.yaml").read_bytes() == after_first


def test_reimport_survives_edited_opinion_text(case: Path, filled: dict[str, Path]) -> None:
    import_forms(case, [filled["alu"]])
    path = case / "review.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("量力而行", "要量力而行"), encoding="utf-8")
    assert import_forms(case, [filled["alu"]]).plan.opinions == ()


def test_a_changed_row_comes_in_as_a_new_opinion_with_a_warning(case: Path, filled: dict[str, Path]) -> None:
    import_forms(case, [filled["alu"]])
    fill_xlsx(filled["alu"], {7: (1, "附件3", "高端铝领域", "建议删去", "")})
    plan = import_forms(case, [filled["alu"]]).plan
    assert len(plan.opinions) == 1
    assert any("此前已导入为意见9，内容已改变" in str(w) for w in plan.warnings)


def test_report_refuses_pending_then_works_once_decided(case: Path, filled: dict[str, Path]) -> None:
    import_forms(case, [filled["alu"], filled["law"]])
    with pytest.raises(PendingDecisionError) as info:
        render_report(case, "txt")
    assert "意见9（市铝产业发展办公室" in str(info.value) and "review.yaml 第" in str(info.value)
    path = case / "review.yaml"
    text = path.read_text(encoding="utf-8").replace("decision: 待定", "decision: 不予采纳\n    reason: 已有安排。")
    path.write_text(text, encoding="utf-8")
    report = render_report(case, "txt")
    assert "9.市铝产业发展办公室提出：对《实施方案》附件3" in report and "高端铝领域" in report
    assert "不予采纳意见3个" in report


def test_dry_run_writes_nothing(case: Path, filled: dict[str, Path]) -> None:
    before = (case / "review.yaml").read_bytes()
    result = import_forms(case, [filled["alu"]], dry_run=True)
    assert not result.written and len(result.plan.opinions) == 1
    assert (case / "review.yaml").read_bytes() == before


def test_a_directory_of_forms_can_be_given(case: Path, filled: dict[str, Path], forms: Path) -> None:
    (forms / "~$意见反馈表_财政局.xlsx").write_bytes(b"lock")
    with pytest.raises(FormError) as info:
        import_forms(case, [forms])
    assert "没有填写任何意见" in str(info.value)  # the forms nobody returned filled
    assert "~$" not in str(info.value)


def test_unsupported_and_missing_files(case: Path, tmp_path: Path) -> None:
    (tmp_path / "a.xls").write_bytes(b"old")
    with pytest.raises(FormError) as info:
        import_forms(case, [tmp_path / "a.xls", tmp_path / "none.xlsx", tmp_path / "b.pdf"])
    message = str(info.value)
    assert "另存为 .xlsx" in message and "找不到反馈表文件" in message and "b.pdf" in message


def test_corrupt_zip_among_good_forms_blocks_the_import(case: Path, filled: dict[str, Path], tmp_path: Path) -> None:
    bad = tmp_path / "坏.xlsx"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    before = (case / "review.yaml").read_bytes()
    with pytest.raises(FormError, match=r"坏\.xlsx"):
        import_forms(case, [filled["alu"], bad])
    assert (case / "review.yaml").read_bytes() == before


# ------------------------------------------------------------------ CLI


def test_cli_round_trip(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli_forms"
    result = runner.invoke(app, ["forms", str(case), "-o", str(out), "--unit", "财政局", "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    path = fill_xlsx(out / "意见反馈表_财政局.xlsx", {7: (1, "P99第1行", ALU, "删去", "")})
    result = runner.invoke(app, ["import-forms", str(case), str(path)])
    assert result.exit_code == 2
    assert "B7单元格" in result.output and "第99页超出范围" in result.output
    fill_xlsx(path, {7: (1, where(case, ALU), ALU, "删去", "")})
    result = runner.invoke(app, ["import-forms", str(case), str(path)])
    assert result.exit_code == 0, result.output
    assert "新增意见1条" in result.output
    result = runner.invoke(app, ["report", str(case)])
    assert result.exit_code == 2 and "待定" in result.output


def test_cli_prints_warnings(case: Path, tmp_path: Path) -> None:
    """A row without a locator imports with a warning, which the CLI prints (it used to crash on it)."""
    out = tmp_path / "cli_forms"
    result = runner.invoke(app, ["forms", str(case), "-o", str(out), "--unit", "财政局", "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    path = fill_xlsx(out / "意见反馈表_财政局.xlsx", {7: (1, "", ALU, "删去", "")})
    result = runner.invoke(app, ["import-forms", str(case), str(path)])
    assert result.exit_code == 0, result.output
    assert "提示：" in result.output and "没有填写页码行数" in result.output
    assert "新增意见1条" in result.output


# ------------------------------------------------------------------ the review.yaml extension and in-place edits

PENDING_YAML = """\
# 注释保留
review:
  meeting: 书面征求意见
  office: 市科知局
  attending: [财政局]
  no_opinion: [法制办]
proposers:
  - name: 市财政局
opinions:
  - proposer: 市财政局
    text: 建议删去。
    decision: 待定
    source: {form: 意见反馈表_财政局.xlsx, row: 7, key: 0123456789ab}
"""


def test_review_yaml_accepts_pending_source_and_no_opinion() -> None:
    from caina.core.decisions import Disposition
    from caina.io.review_file import parse_review

    record, _ = parse_review(PENDING_YAML)
    (op,) = record.opinions
    assert op.decision.disposition is Disposition.PENDING and op.decision.reason == ""
    assert op.source == "意见反馈表_财政局.xlsx 第7行" and op.key == "0123456789ab"
    assert record.review.no_opinion == ("法制办",)


def test_pending_opinion_cannot_carry_edits() -> None:
    from caina.errors import ReviewFileError
    from caina.io.review_file import parse_review

    text = PENDING_YAML + "    edits: [e1]\nedits:\n  - id: e1\n    changes:\n      - delete: 甲\n"
    with pytest.raises(ReviewFileError, match="待定"):
        parse_review(text)


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        ("a: 1\nlist:\n  - x\n\n# next\nb: 2\n", ("list",), "a: 1\nlist:\n  - x\n  - y\n\n# next\nb: 2\n"),
        ("a: 1\nlist: [x]  # note\nb: 2\n", ("list",), "a: 1\nlist:\n  - x\n  - y\n  # note\nb: 2\n"),
        ("a: 1\nlist:\nb: 2\n", ("list",), "a: 1\nlist:\n  - y\nb: 2\n"),
        ("a: 1\n", ("list",), "a: 1\n\nlist:\n  - y\n"),
        ("m:\n  k: 1\n\nz: 2\n", ("m", "list"), "m:\n  k: 1\n  list:\n    - y\n\nz: 2\n"),
        ("list:\n- x\nb: 2", ("list",), "list:\n- x\n- y\nb: 2"),
    ],
)
def test_append_items_keeps_the_rest_of_the_file(text: str, path: tuple[str, ...], expected: str) -> None:
    from caina.services.forms import append_items

    assert append_items(text, path, ["y"]) == expected


def test_a_fresh_review_yaml_with_flow_lists(tmp_path: Path, forms: Path) -> None:
    case = tmp_path / "fresh"
    case.mkdir()
    shutil.copy(EXAMPLE / "draft.txt", case / "draft.txt")
    (case / "review.yaml").write_text(
        "# 书面征求意见\nreview:\n  kind: 书面征求意见\n  meeting: 书面征求意见\n  office: 市科知局\n"
        "  attending: [铝办, 法制办]  # 两个单位\nproposers: [{name: 市科知局}]\nopinions: []\n",
        encoding="utf-8",
    )
    alu = fill_xlsx(forms / "意见反馈表_铝办.xlsx", {7: (1, "附件3", "高端铝领域", "建议改为“中高端铝领域”", "")})
    law = fill_xlsx(forms / "意见反馈表_法制办.xlsx", {}, B4="无意见")
    result = import_forms(case, [alu, law])
    assert result.plan.new_proposers == ("铝办",)
    text = (case / "review.yaml").read_text(encoding="utf-8")
    assert text.startswith("# 书面征求意见\n") and "# 两个单位" in text
    record, _ = read_review(case / "review.yaml")
    assert [p.name for p in record.proposers] == ["市科知局", "铝办"]
    assert len(record.opinions) == 1 and record.review.no_opinion == ("法制办",)


def test_openpyxl_warnings_on_excel_extensions_are_not_errors(forms: Path, tmp_path: Path) -> None:
    """Excel and WPS save x14 data validations that openpyxl drops with a UserWarning."""
    ext = (
        '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
        'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        '<x14:dataValidations count="0" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/></ext></extLst>'
    )
    src, dst = forms / "意见反馈表_财政局.xlsx", tmp_path / "excel.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</worksheet>", ext.encode() + b"</worksheet>")
            zout.writestr(item, data)
    with pytest.warns(UserWarning, match="extension is not supported"):
        openpyxl.load_workbook(dst).close()
    form = read_form_xlsx(dst)  # no warning escapes (warnings are errors in the tests)
    assert form.unit is not None and form.unit.text == "财政局"


def test_an_error_on_a_row_with_merged_cells_names_the_merge(case: Path, forms: Path) -> None:
    """A clerk merges “页码行数” and “原文” across and writes both in one cell (issue 10, point 10)."""
    path = forms / "意见反馈表_财政局.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["意见反馈表"]
    ws.protection.sheet = False
    ws["D4"] = "有意见（填写下表）"
    ws.merge_cells("B7:C7")
    ws["A7"], ws["B7"], ws["D7"] = 1, f"{where(case, ALU)} {ALU}", "建议补充铝连铸连轧技术"
    wb.save(path)
    with pytest.raises(FormError) as info:
        import_forms(case, [path])
    message = info.value.message
    assert "B7:C7 是合并单元格" in message and "请取消合并单元格" in message
    assert message.count("B7:C7 是合并单元格") == 2  # on both errors of the row: 页码行数 unreadable, 原文 empty
