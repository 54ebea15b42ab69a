"""The county scenario end to end (issue 10): a county 管理办法 typed in Word, reviewed at a county
standing meeting by 2 county leaders and 6 units, with one attachment labelled just "附件".

Title (GB/T 9704 title block, chapters not part of it, 《办法》 introduced on first citation),
the single 附件 everywhere (parts, locators, table quotes, forms, apply), county wording, the
report checked clean by caina itself, and the round trip (also in tests/test_cases.py for every case).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from caina import services
from caina.cli import app
from caina.core.locators import parse_locator, resolve
from caina.core.model import BlockKind
from caina.io.drafts import read_draft
from caina.services import documents
from caina.services.checks import check_file
from caina.services.forms import import_forms, write_forms
from caina.services.report_import import write_case

ROOT = Path(__file__).resolve().parents[1]
COUNTY = ROOT / "examples" / "county"
TITLE = "云溪县农村人居环境整治奖补资金管理办法"
runner = CliRunner()


@pytest.fixture(scope="module")
def report() -> str:
    return services.render_report(COUNTY, "txt")


@pytest.mark.parametrize("name", ["draft.docx", "draft.txt"])
def test_the_title_block_and_the_single_attachment_are_read_from_both_drafts(name: str) -> None:
    draft = read_draft(COUNTY / name)
    assert draft.title == TITLE and draft.short_name == "" and draft.doc_name == "《办法》"
    assert [(p.id, p.label) for p in draft.parts] == [("main", "正文"), ("att", "附件")]
    chapters = [b.text for b in draft.main.blocks if b.kind is BlockKind.CHAPTER]
    assert len(chapters) == 7 and chapters[0] == "第一章　总　　则"
    articles = [b for b in draft.main.blocks if re.match(r"第[一二三四五六七八九十]+条", b.text)]
    assert len(articles) == 28
    table = [b for b in draft.part("附件").blocks if b.kind is BlockKind.TABLE_ROW]
    assert len(table) == 7 and all(len(b.cells) == 5 for b in table)


def test_the_word_draft_is_what_the_script_builds_from_the_text_draft(tmp_path: Path) -> None:
    built = tmp_path / "draft.docx"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_county_docx.py"), str(COUNTY / "draft.txt"), str(built)],
        check=True, capture_output=True,
    )  # fmt: skip
    with zipfile.ZipFile(built) as a, zipfile.ZipFile(COUNTY / "draft.docx") as b:
        assert a.read("word/document.xml") == b.read("word/document.xml")
        assert b"linesAndChars" in b.read("word/document.xml") and b"PAGE" in b.read("word/footer1.xml")


def test_the_report_names_the_draft_by_its_title_and_then_by_its_genre_word(report: str) -> None:
    assert report.splitlines()[0] == f"《{TITLE}》"
    assert report.count(f"《{TITLE}》") == 2  # the title line and the first citation in the opening
    assert f"对《{TITLE}》（以下简称《办法》）进行审议" in report
    assert "第一章" not in report.split("\n")[0] and "总　　则" not in report


def test_county_wording_comes_from_the_review(report: str) -> None:
    assert "陈明远县长在县政府三楼会议室主持召开县十八届人民政府第12次常务会议" in report
    assert "会上，县领导和县财政局、县审计局、县司法局、县生态环境局、县自然资源局、县住房城乡建设局等6个单位提出了10个修改意见" in report
    assert "市" not in report.replace("城市", "")  # no 市 from the code: the county has none
    assert "县农业农村局在常务会议后对《办法》逐字逐句进行审核、校对，对文本修改3处" in report  # 3 places, 2 edits
    assert report.rstrip().splitlines()[-2] == "县农业农村局"  # the signature


def test_decisions_in_the_offices_own_words(report: str) -> None:
    items = dict(re.findall(r"(\d+)\.[^\n]*提出：[^\n]*\n意见采纳情况：([^。]+)。", report))
    assert items["5"] == "不予采纳" and items["7"] == "不予采纳"  # review.yaml says 暂不采纳, 未采纳
    assert items["9"] == "予以部分采纳"  # 基本采纳
    assert "8.县生态环境局提出：" in report and "予以全部采纳。同意见3的修改。" in report


def test_the_attachment_table_is_cited_in_the_attachment_with_its_values(report: str) -> None:
    assert "并对应修改了附件的“奖补标准（元）”一栏，将附件“奖补标准（元）”一栏中的“24000”修改为“20000”" in report
    case = services.load_case(COUNTY)
    located = services.locate_in(case.layout, "24000")
    assert [loc for loc, _ in located] == ["附件第1页顺数第七行"]
    for loc in re.findall(r"((?:附件)?(?:P\d+|第\d+页)[顺倒]数第[一二三四五六七八九十]+行)“([^”]+)”", report):
        (line, *_rest) = resolve(case.layout, parse_locator(loc[0]))
        assert line.part_id in ("main", "att")


def test_cli_resolve_and_locate_in_the_attachment() -> None:
    draft = str(COUNTY / "draft.docx")
    result = runner.invoke(app, ["resolve", draft, "附件第1页第1行"])
    assert result.exit_code == 0 and result.stdout.strip() == "附件"
    result = runner.invoke(app, ["resolve", draft, "附件1第1页第2行"])  # the number a clerk may add anyway
    assert result.exit_code == 0 and result.stdout.strip() == "云溪县农村人居环境整治奖补标准表"
    result = runner.invoke(app, ["locate", draft, "--quote", "公共厕所建设"])
    cited = result.stdout.split()  # two in the text, one in the attachment's table (not a page of the 正文)
    assert result.exit_code == 0 and [c[:1] for c in cited[:2]] == ["P", "P"] and cited[2].startswith("附件第1页")


def test_apply_changes_the_attachment_table_and_tracks_it_by_proposer(tmp_path: Path) -> None:
    written = documents.write_revised_document(COUNTY, tmp_path / "修订稿.docx", track_changes=True)
    assert written.tracked and written.authors["刘副县长"] == 3 and written.authors["县农业农村局"] == 3
    revised = documents.write_revised_document(COUNTY, tmp_path / "修改稿.docx")
    cells = [b.cells[3] for b in revised.draft.part("附件").blocks if b.kind is BlockKind.TABLE_ROW]
    assert cells == ["奖补标准（元）", "2000", "3600", "20000", "15000", "80000", "50000"]
    again = read_draft(tmp_path / "修改稿.docx")
    assert again.title == TITLE and [p.label for p in again.parts] == ["正文", "附件"]


def test_the_report_checks_clean_and_imports_back_to_itself(tmp_path: Path) -> None:
    path, _ = documents.write_report(COUNTY, tmp_path / "意见采纳情况.docx")
    result = check_file(path, draft=COUNTY / "draft.docx")
    assert (result.counts["error"], result.counts["warning"]) == (0, 0)
    _imported, _case = write_case(path, tmp_path / "again", draft=COUNTY / "draft.docx")
    assert services.render_report(tmp_path / "again", "txt") == services.render_report(COUNTY, "txt")


def test_forms_cite_the_single_attachment(tmp_path: Path) -> None:
    case = Path(shutil.copytree(COUNTY, tmp_path / "case"))
    forms = tmp_path / "forms"
    write_forms(case, forms)
    path = forms / "意见反馈表_县财政局.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["意见反馈表"]
    assert "附件第2页第4行" in str(ws["A5"].value) and "附件1第2页第4行" not in str(ws["A5"].value)
    ws["D4"] = "有意见（填写下表）"
    for col, value in zip("ABCDE", (1, "附件第1页第7行", "公共厕所建设", "建议上限下调至每座18000元", "财力有限"), strict=True):
        ws[f"{col}7"] = value
    wb.save(path)
    result = import_forms(case, [path])
    (op,) = result.plan.opinions
    assert op.targets[0].part == "附件" and op.proposer == "县财政局"
