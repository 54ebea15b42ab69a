"""The consultation pipeline end to end: acceptance on synthetic sets with planted truth, the one-shot
pipeline's contract (JSON keys, CSV columns), stats, and the CLI."""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caina.cli import app
from caina.core.consult.evaluate import Score, score
from caina.services import consult

ROOT = Path(__file__).resolve().parents[2]
DRAFT = ROOT / "examples" / "consult" / "draft.txt"
BAISE = ROOT / "examples" / "baise" / "draft.txt"
runner = CliRunner()


def read_truth(path: Path) -> list[tuple[str, str, str, str, str]]:
    with consult.truth_path(path).open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        assert next(rows) == ["id", "campaign", "duplicate_of", "article", "how"]
        return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def read_assignments(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


@cache
def _synthetic(draft: Path, n: int, seed: int, tmp: Path) -> tuple[Path, consult.RunResult, Score]:
    comments = tmp / f"comments-{draft.parent.name}-{n}-{seed}.csv"
    consult.synth(draft, n, comments, seed=seed)
    result = consult.run(draft, comments, json_path=tmp / f"stats-{seed}.json", assign_path=tmp / f"assign-{seed}.csv")
    rows = read_assignments(tmp / f"assign-{seed}.csv")[1:]
    truth = read_truth(comments)
    assert [r[0] for r in rows] == [t[0] for t in truth]  # one row per comment, in the file's order
    return comments, result, score(truth, [int(r[1]) for r in rows], [r[2] for r in rows])


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("consult")


@pytest.mark.parametrize(("draft", "n", "seed"), [(DRAFT, 30_000, 1), (DRAFT, 20_000, 2), (BAISE, 20_000, 3)])
def test_acceptance_on_planted_truth(workdir: Path, draft: Path, n: int, seed: int) -> None:
    _, result, s = _synthetic(draft, n, seed, workdir)
    assert s.campaigns >= 10
    assert s.worst_recall >= 0.95, s.recall_by_campaign  # every campaign one group with ≥ 95 % of its members
    assert s.worst_purity >= 0.95, s.purity_by_campaign
    assert s.false_merges == 0  # no two distinct non-campaign comments grouped
    assert s.duplicates_missed == 0
    assert s.accuracy("cited") >= 0.9 and s.accuracy("quoted") >= 0.9, s.attribution
    assert result.analysis.campaigns >= s.campaigns  # the campaigns are groups of kind campaign


def test_run_contract(workdir: Path) -> None:
    _synthetic(DRAFT, 30_000, 1, workdir)
    data = json.loads((workdir / "stats-1.json").read_text(encoding="utf-8"))
    for key in ("comments", "participants", "distinct", "groups", "by_article", "by_channel", "by_day"):
        assert key in data
    assert data["comments"] == 30_000 and 0 < data["distinct"] < 30_000
    assert data["participants"] <= data["comments"]
    group = data["groups"][0]
    assert set(group) >= {"id", "size", "representative", "articles"}
    assert group["size"] == max(g["size"] for g in data["groups"]) and group["articles"][0].startswith("第")
    assert sum(data["by_channel"].values()) == sum(data["by_day"].values()) == 30_000
    assert sum(data["by_article"].values()) >= 30_000  # a comment about two articles counts for each
    labels = list(data["by_article"])
    assert labels[-1] == "总体" and labels.index("第二条") < labels.index("第十条") < labels.index("附件2")  # the draft's order
    rows = read_assignments(workdir / "assign-1.csv")
    assert rows[0] == ["id", "group", "articles", "how"]
    assert {r[3] for r in rows[1:]} == {"cited", "quoted", "similar", "general"}
    assert any("、" in r[2] for r in rows[1:])  # several articles joined by 、
    assert {r[2] for r in rows[1:] if r[3] == "general"} == {"总体"}
    # the largest group's members all carry its number
    largest = str(group["id"])
    assert sum(1 for r in rows[1:] if r[1] == largest) == group["size"]


def test_stats_refuse_stale_or_missing_analysis(tmp_path: Path) -> None:
    store = consult.open_store(f"sqlite:///{tmp_path / 's.db'}")
    try:
        with pytest.raises(Exception, match="尚未导入"):
            consult.stats(store, "x")
        path = tmp_path / "c.csv"
        consult.synth(DRAFT, 300, path, seed=4)
        consult.import_comments(store, "x", path)
        with pytest.raises(Exception, match="caina consult analyse x --draft"):
            consult.stats(store, "x")
        consult.analyse(store, "x", consult.load_draft(DRAFT))
        assert consult.stats(store, "x")["comments"] == 300
        path.write_text(path.read_text(encoding="utf-8") + "new-1,2026-03-09 10:00:00,朱**,网站,再补充一条,\n", encoding="utf-8")
        consult.import_comments(store, "x", path)
        with pytest.raises(Exception, match="又导入了意见"):
            consult.stats(store, "x")
    finally:
        store.close()


def test_local_worker_processes_give_the_same_groups(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    consult.synth(DRAFT, 4_000, path, seed=6)
    out = []
    for workers in (1, 2):
        consult.run(DRAFT, path, assign_path=tmp_path / f"a{workers}.csv", workers=workers)
        out.append(read_assignments(tmp_path / f"a{workers}.csv"))
    assert out[0] == out[1]


def test_cli(tmp_path: Path) -> None:
    comments = tmp_path / "意见.csv"
    r = runner.invoke(app, ["consult", "synth", "--n", "2000", "--draft", str(DRAFT), "-o", str(comments)])
    assert r.exit_code == 0, r.output
    assert consult.truth_path(comments).exists()
    db = f"sqlite:///{tmp_path / 'c.db'}"
    r = runner.invoke(app, ["consult", "import", "绿化条例", str(comments), "--db", db])
    assert r.exit_code == 0 and "新增2,000条" in r.output, r.output
    r = runner.invoke(app, ["consult", "stats", "绿化条例", "--db", db])
    assert r.exit_code == 2 and "caina consult analyse 绿化条例 --draft" in r.output
    r = runner.invoke(app, ["consult", "analyse", "绿化条例", "--draft", str(DRAFT), "--db", db])
    assert r.exit_code == 0 and "归并为" in r.output, r.output
    r = runner.invoke(app, ["consult", "stats", "绿化条例", "--db", db, "--json"])
    assert r.exit_code == 0 and json.loads(r.output)["comments"] == 2000
    r = runner.invoke(app, ["consult", "stats", "绿化条例", "--db", db])
    assert "共有" in r.output and "经归并为" in r.output and "按条款" in r.output
    r = runner.invoke(app, ["consult", "run", str(DRAFT), str(comments), "--json", str(tmp_path / "s.json"),
                            "--assign", str(tmp_path / "a.csv")])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert read_assignments(tmp_path / "a.csv")[0] == ["id", "group", "articles", "how"]
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    r = runner.invoke(app, ["consult", "run", str(DRAFT), str(bad)])
    assert r.exit_code == 2 and "缺少必需的列" in r.output
    r = runner.invoke(app, ["consult", "rejects", "绿化条例", "--db", db])
    assert r.exit_code == 0 and "没有未导入的行" in r.output


def test_every_consult_command_has_help_with_an_example() -> None:
    for name in ("import", "analyse", "stats", "run", "synth", "rejects", "decide", "groups", "attach"):
        r = runner.invoke(app, ["consult", name, "--help"])
        assert r.exit_code == 0, name
        assert "示例" in r.output and f"caina consult {name}" in r.output, name


def test_dask_not_installed_or_unreachable_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    consult.synth(DRAFT, 100, path, seed=7)
    with pytest.raises(Exception, match="Dask"):
        consult.run(DRAFT, path, dask="tcp://127.0.0.1:9")
