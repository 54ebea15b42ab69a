"""The CLI as a new user meets it: commands, help, and bad inputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caina.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "baise"
runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args])


def combined(result) -> str:  # type: ignore[no-untyped-def]
    return result.output + (result.stderr if result.stderr_bytes is not None else "")


@pytest.fixture
def case(tmp_path: Path) -> Path:
    target = tmp_path / "case"
    shutil.copytree(EXAMPLE, target)
    return target


def test_every_command_has_help_with_an_example() -> None:
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]
    assert {"report", "locate", "resolve", "apply", "show", "example"} <= set(commands)
    for name in commands:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "示例" in result.output and f"caina {name}" in result.output, name


def test_report_prints_markdown() -> None:
    result = run("report", EXAMPLE)
    assert result.exit_code == 0, combined(result)
    assert "P3倒数第五行“开展铝焊丝" in result.output


def test_report_to_file_txt(tmp_path: Path) -> None:
    out = tmp_path / "r.txt"
    result = run("report", EXAMPLE, "--format", "txt", "-o", out)
    assert result.exit_code == 0, combined(result)
    assert "予以采纳意见6个，不予采纳意见2个" in out.read_text(encoding="utf-8")


def test_locate_prints_every_occurrence() -> None:
    result = run("locate", EXAMPLE / "draft.txt", "--quote", "重大科技成果")
    assert result.exit_code == 0, combined(result)
    assert result.output.split() == ["P3顺数第十一行", "P3顺数第十三行", "P13倒数第一行"]


def test_locate_names_the_attachment() -> None:
    result = run("locate", EXAMPLE / "draft.txt", "--quote", "高端铝领域")
    assert result.exit_code == 0, combined(result)
    assert result.output.strip().startswith("附件3")


def test_resolve_round_trip() -> None:
    result = run("resolve", EXAMPLE / "draft.txt", "P3倒数第五行")
    assert result.exit_code == 0, combined(result)
    assert "开展铝焊丝、防爆铝膜等中高端铝精深" in result.output
    for form in ("第3页倒数第5行", "第3页第18行", "3页倒5行"):
        assert run("resolve", EXAMPLE / "draft.txt", form).output == result.output, form


def test_show_pages_lists_both_numbers() -> None:
    result = run("show", EXAMPLE / "draft.txt", "--pages", "-p", "3")
    assert result.exit_code == 0, combined(result)
    assert "第3页" in result.output and "开展铝焊丝" in result.output


def test_apply_writes_revised(tmp_path: Path) -> None:
    out = tmp_path / "revised.txt"
    result = run("apply", EXAMPLE, "-o", out)
    assert result.exit_code == 0, combined(result)
    assert "转化50项科技成果" in out.read_text(encoding="utf-8")


def test_apply_writes_docx(tmp_path: Path) -> None:
    out = tmp_path / "revised.docx"
    result = run("apply", EXAMPLE, "-o", out)
    assert result.exit_code == 0, combined(result)
    from caina.io.docx_reader import read_docx

    d = read_docx(out)
    assert d.short_name == "《实施方案》" and d.has_part("附件3")


# --- bad inputs: a clear Chinese message with the place and the fix, exit code ≠ 0, no output file


def _bad(args: list[object], out: Path, *needles: str) -> str:
    result = run(*args, "-o", out) if out is not None else run(*args)
    text = combined(result)
    assert result.exit_code != 0, text
    assert "错误：" in text
    for needle in needles:
        assert needle in text, (needle, text)
    assert not out.exists()
    assert not list(out.parent.glob(f".{out.name}*")), "temp file left behind"
    return text


def test_missing_directory(tmp_path: Path) -> None:
    _bad(["report", tmp_path / "nope"], tmp_path / "r.md", "找不到目录", "nope", "请核对路径")


def test_missing_review_file(tmp_path: Path, case: Path) -> None:
    (case / "review.yaml").unlink()
    _bad(["report", case], tmp_path / "r.md", "找不到审议记录文件", "review.yaml", "请在该目录中放入")


def test_missing_draft(tmp_path: Path, case: Path) -> None:
    (case / "draft.txt").unlink()
    _bad(["apply", case], tmp_path / "x.txt", "找不到草案文件", "draft.txt")


def test_malformed_yaml(tmp_path: Path, case: Path) -> None:
    path = case / "review.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  meeting: 四届", "meeting 四届"), encoding="utf-8")
    _bad(["report", case], tmp_path / "r.md", "YAML", "review.yaml 第", "缩进")


def test_unknown_proposer(tmp_path: Path, case: Path) -> None:
    path = case / "review.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("proposer: 财政局", "proposer: 审计局"), encoding="utf-8")
    _bad(["report", case], tmp_path / "r.md", "未登记的提出人/单位：“审计局”", "review.yaml 第", "proposers")


def test_quote_not_in_draft(tmp_path: Path, case: Path) -> None:
    path = case / "review.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "      - replace: 开展铝焊丝、防爆铝膜等中高端铝精深加工技术攻关",
        "      - replace: 开展铝焊丝、防爆铝膜等中高端精深加工技术攻关",
    )
    path.write_text(text, encoding="utf-8")
    _bad(
        ["apply", case],
        tmp_path / "x.txt",
        "引文未在草案中找到",
        "review.yaml 第",
        "最接近的原文是（P3倒数第五行）“开展铝焊丝、防爆铝膜等中高端铝精深加工技术攻关”",
    )


def test_conflicting_edits(tmp_path: Path, case: Path) -> None:
    path = case / "review.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    decision: 不予采纳\n    reason: >-",
        "    decision: 全部采纳\n    edits: [alu_rolling]\n    reason: >-",
    )
    text = text.replace(
        "edits:\n  - id: aluminium_tech",
        "edits:\n  - id: alu_rolling\n    changes:\n      - replace: 开展铝焊丝、防爆铝膜等中高端铝精深加工技术攻关\n"
        "        with: 开展铝焊丝、防爆铝膜等中高端铝精深加工和铝连铸连轧技术攻关\n  - id: aluminium_tech",
    )
    path.write_text(text, encoding="utf-8")
    _bad(["apply", case], tmp_path / "x.txt", "修改相互冲突", "意见1（周市长）", "意见5（市铝产业发展办公室）", "P3倒数第五行")


def test_locator_past_the_last_page(tmp_path: Path) -> None:
    result = run("resolve", EXAMPLE / "draft.txt", "P99倒数第一行")
    text = combined(result)
    assert result.exit_code != 0 and "错误：" in text
    from caina import services

    pages = services.open_draft(EXAMPLE / "draft.txt").page_count
    assert "超出范围" in text and f"共{pages}页" in text and "caina show" in text


def test_unreadable_locator() -> None:
    result = run("resolve", EXAMPLE / "draft.txt", "第三段")
    assert result.exit_code != 0 and "无法识别的页行定位" in combined(result)


def test_unsupported_draft_type(tmp_path: Path) -> None:
    bad = tmp_path / "draft.odt"
    bad.write_bytes(b"PK\x03\x04junk")
    result = run("show", bad)
    assert result.exit_code != 0 and "不支持的草案文件类型" in combined(result)


def test_broken_pdf_draft_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "draft.pdf"
    bad.write_bytes(b"%PDF-1.4")
    result = run("show", bad)
    assert result.exit_code != 0 and "PDF" in combined(result) and "Traceback" not in combined(result)


def test_binary_junk_as_text_draft(tmp_path: Path) -> None:
    bad = tmp_path / "draft.txt"
    bad.write_bytes(b"\x00\x01\x02junk")
    result = run("show", bad)
    assert result.exit_code != 0 and "不是文本文件" in combined(result)


def test_output_directory_missing(tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "revised.txt"
    result = run("apply", EXAMPLE, "-o", out)
    assert result.exit_code != 0 and "输出目录不存在" in combined(result)
    assert not out.exists()


# --- found by a new user: the command line speaks Chinese, draft text is never read as markup


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["apply", EXAMPLE], ["缺少选项 -o/--output", "命令：caina apply", "示例：caina apply examples/baise -o"]),
        (["report"], ["缺少参数 DIRECTORY", "审议目录"]),
        (["show", EXAMPLE / "draft.txt", "-p", "三"], ["选项 -p/--page 的值有误：应为整数"]),
        (["reprot", EXAMPLE], ["没有命令“reprot”", "是否应为“report”"]),
        (["report", EXAMPLE, "--formt", "txt"], ["没有选项“--formt”", "是否应为 --format"]),
        (["resolve", EXAMPLE / "draft.txt", "P3", "多余"], ["多余的参数：多余"]),
        (["locate", EXAMPLE / "draft.txt", "-q"], ["选项 -q 后面要写出它的值", "locate）", "示例：caina locate"]),
    ],
)
def test_usage_errors_are_in_chinese(args: list[object], needles: list[str]) -> None:
    result = run(*args)
    text = combined(result)
    assert result.exit_code == 2, text
    assert text.startswith("错误："), text
    for needle in needles:
        assert needle in text, (needle, text)
    assert "Missing" not in text and "No such" not in text and "Usage:" not in text


def test_help_panels_and_the_help_option_are_in_chinese() -> None:
    text = run("apply", "--help").output
    assert "显示本帮助并退出" in text and "[必填]" in text and "选项" in text
    assert "Show this message" not in text and "[required]" not in text
    assert "显示本帮助并退出" in run("--help").output


def test_square_brackets_in_the_draft_are_text(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("某市方案\n参见[2]和[bold]加粗[/x]的说明。\n", encoding="utf-8")
    shown = run("show", draft)
    assert shown.exit_code == 0, combined(shown)
    assert "参见[2]和[bold]加粗[/x]的说明。" in shown.output
    missing = run("locate", draft, "--quote", "[/y]")
    assert missing.exit_code != 0 and "[/y]" in combined(missing)


def test_locate_a_quote_not_in_the_draft_gives_the_nearest() -> None:
    result = run("locate", EXAMPLE / "draft.txt", "--quote", "开展铝焊丝、防爆铝膜等中高端精深加工技术攻关")
    text = combined(result)
    assert result.exit_code != 0
    assert "最接近的原文是（P3倒数第五行）“开展铝焊丝、防爆铝膜等中高端铝精深加工技术攻关”" in text


def test_report_refuses_an_output_type_it_cannot_write(tmp_path: Path) -> None:
    _bad(["report", EXAMPLE], tmp_path / "报告.xlsx", "不支持的报告文件类型“.xlsx”", ".docx")


def test_output_that_is_a_directory(tmp_path: Path) -> None:
    for command in ("report", "apply"):
        result = run(command, EXAMPLE, "-o", tmp_path)
        text = combined(result)
        assert result.exit_code == 2 and "错误：" in text and "Traceback" not in text, text


def test_apply_refuses_a_review_the_report_would_refuse(tmp_path: Path, case: Path) -> None:
    """A target not in the draft (an opinion's quote, not an edit's): no revised draft either."""
    path = case / "review.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "      - 建立百色市高层次人才“一站式”服务平台", "      - 建立百色市高层次人才\"一站式\"服务平台"
    )
    path.write_text(text, encoding="utf-8")
    _bad(["apply", case], tmp_path / "x.docx", "引文未在草案中找到", "review.yaml 第", "全角、半角")


def test_resolve_prints_automatic_numbering(tmp_path: Path) -> None:
    from tests.fixtures.docx.build import abstract_num, docx, num, numbered, title

    body = title() + numbered("总体要求", 1, 0) + numbered("重点任务", 1, 0)
    data = docx(body, numbering=abstract_num(0, (0, "chineseCounting", "%1、")) + num(1, 0))
    draft = tmp_path / "draft.docx"
    draft.write_bytes(data)
    result = run("resolve", draft, "P1第3行")
    assert result.exit_code == 0, combined(result)
    assert result.output.strip() == "二、重点任务"


def test_the_drafts_notes_are_listed(tmp_path: Path) -> None:
    """docs/docx.md: what the reader could not take over exactly is listed (on stderr, not in the output)."""
    from tests.fixtures.docx.build import docx, p, title

    comment = '<w:comment w:id="0" w:author="王科长"><w:p><w:r><w:t>再核实</w:t></w:r></w:p></w:comment>'
    draft = tmp_path / "draft.docx"
    draft.write_bytes(docx(title() + p("市财政每年安排专项资金。"), comments=comment))
    for args in (["show", draft], ["resolve", draft, "P1第1行"], ["locate", draft, "-q", "专项资金"]):
        result = run(*args)
        assert result.exit_code == 0, combined(result)
        assert "提示：草案含有1条批注" in result.stderr, args
        assert "批注" not in result.stdout, args


def test_show_a_page_past_the_end() -> None:
    result = run("show", EXAMPLE / "draft.txt", "-p", "99")
    text = combined(result)
    assert result.exit_code == 2 and "第99页超出范围" in text and "请写 1 到" in text, text


def test_report_warns_about_a_locator_typed_by_hand(tmp_path: Path) -> None:
    case = Path(shutil.copytree(ROOT / "tests" / "fixtures" / "cases" / "public_rules", tmp_path / "rules"))
    review = case / "review.yaml"
    review.write_text(
        review.read_text(encoding="utf-8").replace(
            "text: 临街商铺门前三包应写明包括门前的秩序。", "text: P1倒数第五行的门前三包应写明包括门前的秩序。"
        ),
        encoding="utf-8",
    )
    result = run("report", case, "-f", "txt")
    assert result.exit_code == 0
    assert "提示：意见2" in result.stderr and "“P1倒数第五行”" in result.stderr and "{target:1}" in result.stderr
    assert "提示" not in result.stdout  # the report itself is unchanged
