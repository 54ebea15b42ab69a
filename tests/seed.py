"""Where the seed report is: ../shared/seed (read-only, beside the checkout in CI), else the copy in tests/fixtures."""

from __future__ import annotations

from pathlib import Path

NAME = "000_959329f21d3aac59.txt"
ROOT = Path(__file__).resolve().parents[1]
SHARED_SEED = ROOT.parent / "shared" / "seed" / NAME
COPY = ROOT / "tests" / "fixtures" / "seed" / NAME
SEED = SHARED_SEED if SHARED_SEED.exists() else COPY
