"""The real material beside the checkout (../shared: wordpairs, realdocs, seed), read in place — never copied
into the repository — and the one rule for a test that needs something missing: in CI (CI set) it fails,
elsewhere it skips and says why."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def need(what: str) -> None:
    """A test that needs a missing tool or input: fails in CI, skips (saying why) elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(
            f"{what} (CI runs every test: install it with scripts/install-system.sh, and keep ../shared beside the checkout)"
        )
    pytest.skip(what)


def shared(*parts: str) -> Path:
    """A path under ../shared that the test needs (``shared("wordpairs", "25")``): there, or the test fails in
    CI and skips elsewhere."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        need(f"../shared/{'/'.join(parts)} 不在本检出旁边（应与代码并列）")
    return path
