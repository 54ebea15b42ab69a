"""Coverage-guided fuzzing in the suite: a bounded atheris run per reader, and every crash it ever found replayed.

All four readers (tests/fuzz/targets.py, target ``all``) run in one atheris
process for CAINA_FUZZ_SECONDS (default 12 s here; ``make fuzz`` runs each
target 300 s) from their seed inputs. A
crash — an exception other than a CainaError, an input over 10 s or 2 GB —
fails the test with the input in base64: add it to
tests/fuzz/regressions.json (target, date, note, data) and fix the reader.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz.targets import TARGETS
from tests.fuzz.targets import seeds as SEEDS

ROOT = Path(__file__).resolve().parents[2]
HARNESS = Path(__file__).with_name("harness.py")
REGRESSIONS = json.loads(Path(__file__).with_name("regressions.json").read_text(encoding="utf-8"))
HAVE_ATHERIS = importlib.util.find_spec("atheris") is not None


@pytest.mark.parametrize("case", REGRESSIONS, ids=[f"{c['target']}-{i}" for i, c in enumerate(REGRESSIONS)])
def test_kept_crashes_stay_fixed(case: dict[str, str]) -> None:
    """Each input a fuzzer once crashed on now ends in a result or a CainaError."""
    TARGETS[case["target"]](base64.b64decode(case["data"]))


@pytest.mark.skipif(not HAVE_ATHERIS and not os.environ.get("CI"), reason="atheris is not installed (pip install -e '.[test]')")
def test_fuzz_for_a_bounded_time(tmp_path: Path) -> None:
    target = "all"
    seconds = int(os.environ.get("CAINA_FUZZ_SECONDS", "12"))
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for i, data in enumerate(SEEDS(target)):
        (seeds / f"seed-{i}").write_bytes(data)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, str(HARNESS), target, f"-max_total_time={seconds}", "-timeout=10", "-rss_limit_mb=2048",
         f"-artifact_prefix={tmp_path}/", "-print_final_stats=1", str(seeds)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=seconds + 120, check=False,
    )
    crashes = [p for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-", "leak-"))]
    tail = "\n".join(line for line in proc.stderr.splitlines() if not line.startswith("INFO: Instrumenting"))[-3000:]
    found = [{"target": target, "file": p.name, "data": base64.b64encode(p.read_bytes()).decode()} for p in crashes]
    assert proc.returncode == 0 and not crashes, f"{tail}\n\nkeep as regression cases:\n{json.dumps(found, indent=1)}"
    assert "Done" in proc.stderr  # it really ran
