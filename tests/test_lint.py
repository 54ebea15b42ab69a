"""The core type-checks under ``mypy --strict``, the rest under plain ``mypy``; ``ruff check`` passes on src and tests.

Both tools come with the ``test`` extra (``pip install -e '.[test]'``). Without them the tests are
skipped, except on CI (``CI`` set), where a missing tool is a failure.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _require(module: str) -> None:
    if importlib.util.find_spec(module) is not None:
        return
    message = f"{module} is not installed: pip install -e '.[test]'"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def test_core_is_strictly_typed() -> None:
    _require("mypy")
    from mypy import api

    stdout, stderr, status = api.run(
        [
            "--config-file", str(ROOT / "pyproject.toml"),
            "--strict",
            "--cache-dir", str(ROOT / ".pytest_cache" / "mypy"),  # incremental: a second run takes a fraction
            str(ROOT / "src" / "caina" / "core"),
        ]
    )  # fmt: skip
    assert status == 0, f"mypy --strict src/caina/core:\n{stdout}{stderr}"



def test_everything_type_checks() -> None:
    """The edges (io, store, services, web, commands) type-check too, without --strict: a wrong type there is a
    bug the tests may not reach (a form value passed to int(), a row read as the wrong dataclass)."""
    _require("mypy")
    from mypy import api

    stdout, stderr, status = api.run(
        [
            "--config-file", str(ROOT / "pyproject.toml"),
            "--cache-dir", str(ROOT / ".pytest_cache" / "mypy-all"),
            str(ROOT / "src" / "caina"),
        ]
    )  # fmt: skip
    assert status == 0, f"mypy src/caina:\n{stdout}{stderr}"

def test_ruff_passes() -> None:
    _require("ruff")
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "src", "tests"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, f"ruff check src tests:\n{proc.stdout}{proc.stderr}"
