"""Issue 12's acceptance, run on the generated hostile corpus (tests/hostile/corpus.py).

Every case is run as its own process under limits (tests/hostile/runner.py)
and must:

- exit non-zero with a Chinese message that says what, where and how to fix
  (``refuse``), or exit 0 (``ok``; warnings allowed), or one of the two
  cleanly (``either``) — never with a traceback or an internal error;
- finish within 10 s of wall time and stay under 1 GB of peak resident
  memory (measured with ``wait4``; the runner kills a case at 10 s);
- touch no file but its declared outputs (the whole corpus tree is compared
  before and after, link targets and FIFOs included; no temporary file left).
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.corpus import Case, build

ROOT = Path(__file__).resolve().parents[2]
MAX_SECONDS = 10.0
MAX_RSS_MB = 1024.0
CJK = re.compile(r"[\u4e00-\u9fff]")


def _snapshot(root: Path) -> dict[str, tuple[object, ...]]:
    """Every entry under ``root``: type, size, mtime, link target — without opening anything."""
    out: dict[str, tuple[object, ...]] = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            info = os.lstat(path)
            target = os.readlink(path) if stat.S_ISLNK(info.st_mode) else ""
            size = info.st_size if stat.S_ISREG(info.st_mode) else 0
            mtime = 0 if stat.S_ISDIR(info.st_mode) else info.st_mtime_ns  # a directory changes with what it holds
            out[str(path.relative_to(root))] = (stat.S_IFMT(info.st_mode), size, mtime, target, info.st_mode & 0o7777)
    return out


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("hostile")
    corpus = work / "corpus"
    cases = build(corpus)
    cases_file = work / "cases.json"
    cases_file.write_text(json.dumps([c.to_json() for c in cases]), encoding="utf-8")
    before = _snapshot(corpus)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CAINA_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "tests.hostile.runner", str(cases_file), str(work / "results.json")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    results = {r["name"]: r for r in json.loads((work / "results.json").read_text(encoding="utf-8"))}
    after = _snapshot(corpus)
    for path in corpus.rglob("ro"):
        path.chmod(0o755)  # let pytest clean up
    return {"cases": cases, "results": results, "before": before, "after": after, "corpus": corpus}


def _problems(case: Case, result: dict[str, Any]) -> list[str]:
    text = result["stdout"] + result["stderr"]
    found = []
    if result["timed_out"] or result["seconds"] > MAX_SECONDS:
        found.append(f"ran {result['seconds']} s (limit {MAX_SECONDS} s)")
    if result["max_rss_mb"] is None or result["max_rss_mb"] > MAX_RSS_MB:
        found.append(f"peak memory {result['max_rss_mb']} MB (limit {MAX_RSS_MB} MB)")
    if "Traceback" in text or "内部错误" in text or result["exit"] in (70, 99) or result["exit"] < 0:
        found.append(f"crashed (exit {result['exit']})")
    if case.expect == "refuse":
        if result["exit"] == 0:
            found.append("was not refused")
        error = next((line for line in text.splitlines() if line.startswith("错误：")), "")
        if not error or not CJK.search(error):
            found.append("no Chinese error line")
        elif not ("位置：" in text or re.search(r"^\s+\d+\. .+：", text, re.MULTILINE)):
            found.append("the message does not say where")
        elif "请" not in text:
            found.append("the message does not say how to fix it")
    elif case.expect == "ok" and result["exit"] != 0:
        found.append(f"failed (exit {result['exit']})")
    elif case.expect == "either" and result["exit"] not in (0, 1, 2):
        found.append(f"exit {result['exit']}")
    found += [f"missing “{w}”" for w in case.words if w not in text]
    return found


def _allowed(case: Case, corpus: Path) -> list[str]:
    base = Path(case.cwd).relative_to(corpus)
    return [str(base / out) for out in case.outputs]


def _post_checks(case: Case) -> list[str]:
    where = Path(case.cwd)
    found = []
    if case.post == "zip_members_safe":
        with zipfile.ZipFile(where / "out.docx") as zf:
            for info in zf.infolist():
                if info.filename.startswith("/") or ".." in info.filename.split("/") or "\\" in info.filename:
                    found.append(f"unsafe member {info.filename}")
                if stat.S_ISLNK(info.external_attr >> 16):
                    found.append(f"symlink member {info.filename}")
    if case.post == "no_formulas":
        books = sorted((where / "out").glob("*.xlsx"))
        if len(books) != 4:
            found.append(f"{len(books)} workbooks written")
        for book in books:
            with zipfile.ZipFile(book) as zf:
                for name in zf.namelist():
                    if name.startswith("xl/worksheets/") and b"<f>" in zf.read(name):
                        found.append(f"{book.name}: a formula in {name}")
                styles = zf.read("xl/styles.xml")
                if b'quotePrefix="1"' not in styles:
                    found.append(f"{book.name}: no quote prefix for text that starts like a formula")
    return found


@pytest.mark.parametrize("cls", range(1, 10), ids=lambda c: f"class{c}")
def test_hostile_class(run: dict[str, Any], cls: int) -> None:
    cases = [c for c in run["cases"] if c.cls == cls]
    assert cases, f"no case of class {cls}"
    report = []
    for case in cases:
        result = run["results"][case.name]
        problems = _problems(case, result) + _post_checks(case)
        if problems:
            report.append(f"{case.name}: {'; '.join(problems)}\n    {(result['stdout'] + result['stderr']).strip()[:500]}")
    assert not report, "\n".join(report)


def test_nothing_but_the_outputs_was_touched(run: dict[str, Any]) -> None:
    before, after, corpus = run["before"], run["after"], run["corpus"]
    allowed_by_dir: dict[str, list[str]] = defaultdict(list)
    for case in run["cases"]:
        allowed_by_dir[case.cwd].extend(_allowed(case, corpus))
    allowed = [a for paths in allowed_by_dir.values() for a in paths]
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    stray = [k for k in changed if not any(k == a or k.startswith(a + os.sep) for a in allowed)]
    assert not stray, stray
