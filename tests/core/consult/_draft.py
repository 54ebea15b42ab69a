"""The law-style example draft (examples/consult/draft.txt) and its units, read once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from caina.core.consult.attribute import Attributor
from caina.core.consult.units import Units, draft_units
from caina.core.layout import layout
from caina.core.pages import Layout
from caina.io.drafts import read_draft

ROOT = Path(__file__).resolve().parents[3]
DRAFT = ROOT / "examples" / "consult" / "draft.txt"
BAISE = ROOT / "examples" / "baise" / "draft.txt"


@cache
def example(path: Path = DRAFT) -> tuple[Units, Layout, Attributor]:
    d = read_draft(path)
    lay = layout(d)
    units = draft_units(d)
    return units, lay, Attributor(units, lay)
