"""``caina check`` as a user meets it: human output, --json, --draft, --glossary, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caina.cli import app
from caina.core.checks import FINDING_KEYS

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "check"
EXAMPLE = ROOT / "examples" / "baise"
from tests.seed import SEED  # noqa: E402

runner = CliRunner()


def run(*args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args])


def combined(result) -> str:  # type: ignore[no-untyped-def]
    return result.output + (result.stderr if result.stderr_bytes is not None else "")


def test_help_has_an_example() -> None:
    result = run("check", "--help")
    assert result.exit_code == 0 and "示例" in result.output and "caina check" in result.output


def test_faulty_report_human_output_and_exit_code() -> None:
    result = run("check", FIXTURES / "faulty_report.txt")
    assert result.exit_code == 1
    out = result.output
    for heading in ("标点符号", "名称一致", "错别字", "报告前后一致", "残留痕迹", "已核对"):
        assert heading in out
    assert "逐字逐局" in out and "改为“逐字逐句”" in out and "共发现：错误" in out


def test_json_shape() -> None:
    result = run("check", FIXTURES / "faulty_report.txt", "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert isinstance(data, list) and data
    assert all(tuple(d) == FINDING_KEYS for d in data)
    assert {d["severity"] for d in data} <= {"error", "warning", "info"}


def test_clean_draft_exits_0_with_locators() -> None:
    result = run("check", EXAMPLE / "draft.txt", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert {d["locator"] for d in data} >= {"P5倒数第五行", "P13顺数第三行"}


@pytest.fixture
def seed() -> Path:
    if not SEED.exists():
        pytest.skip("the seed report (../shared/seed) is not here")
    return SEED


def test_seed_acceptance(seed: Path) -> None:
    result = run("check", seed, "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    text = json.dumps(data, ensure_ascii=False)
    assert "支撑餐饮业" in text and "2018-2020" in text
    assert sum(1 for d in data if d["rule"] == "typo.idiom" and "逐字逐局" in d["message"]) == 2
    assert sum(1 for d in data if d["rule"] == "punct.halfwidth" and d["suggestion"] == "：") == 2
    assert any(d["rule"] == "artifact.field" and "[bookmark: _GoBack]" in d["message"] for d in data)
    assert any(d["rule"] == "report.quote" and d["line"] == 16 for d in data)
    confirmed = [d["message"] for d in data if d["rule"] == "report.count" and d["severity"] == "info"]
    for n in ("（12）", "（4）", "（8）", "（6）", "（2）"):
        assert any(n in m for m in confirmed), n
    assert not any(d["rule"] == "report.count" and d["severity"] != "info" for d in data)


def test_seed_with_a_changed_count(seed: Path, tmp_path: Path) -> None:
    changed = tmp_path / "seed5.txt"
    changed.write_text(seed.read_text(encoding="utf-8").replace("予以采纳意见6个", "予以采纳意见5个"), encoding="utf-8")
    data = json.loads(run("check", changed, "--json").output)
    (bad,) = [d for d in data if d["rule"] == "report.count" and d["severity"] == "error"]
    assert "写的是5" in bad["message"] and "数得6" in bad["message"]


def test_seed_against_the_draft(seed: Path) -> None:
    result = run("check", seed, "--draft", EXAMPLE / "draft.txt")
    assert result.exit_code == 1
    assert "最接近的原文是P3倒数第五行" in result.output and "已与草案核对" in result.output


def test_glossary_option(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(
        "意见采纳情况\n1.市人力资源和社会保障局提出：建议修改。\n意见采纳情况：予以采纳。人社局负责落实。\n", encoding="utf-8"
    )
    data = json.loads(run("check", report, "--json", "--glossary", FIXTURES / "glossary.yaml").output)
    rules = {d["rule"] for d in data}
    assert {"names.glossary", "names.alias"} <= rules


def test_ignore_option() -> None:
    data = json.loads(run("check", FIXTURES / "faulty_report.txt", "--json", "--ignore", "punct").output)
    assert not any(d["rule"].startswith("punct.") for d in data)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("no/such.txt",), "找不到文件"),
        ((FIXTURES,), "目录"),
        ((FIXTURES / "glossary.yaml",), "不支持的文件类型"),
    ],
)
def test_bad_inputs(args: tuple[object, ...], message: str) -> None:
    result = run("check", *args)
    assert result.exit_code == 2
    assert message in combined(result)


def test_bad_glossary(tmp_path: Path) -> None:
    g = tmp_path / "g.yaml"
    g.write_text("names: [\n", encoding="utf-8")
    result = run("check", FIXTURES / "faulty_report.txt", "--glossary", g)
    assert result.exit_code == 2 and "名称表" in combined(result)
