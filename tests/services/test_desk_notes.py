"""The desk's notes of a laid-out version (caina.services.desk.drafts): worded by the command line's tell_notes,
with the profile; the page view's count is all of them under caina's layout and none when the lines are the
printed copy's. Built from a small model (tests/core/test_columns.py's) with notes of its own."""

from __future__ import annotations

from dataclasses import replace

from caina import services
from caina.core.layout import layout
from caina.core.profiles import BUILTIN
from caina.services.desk import drafts
from tests.core.test_columns import HAN, _block, _draft


def test_notes_profile_and_what_bears_on_the_lines() -> None:
    draft = replace(_draft(_block(HAN[:27], cols=None)), notes=("草案含有2个文本框：文本框中的文字未读入",))
    profile = BUILTIN["gbt9704"]
    lay = layout(draft, profile.settings)
    told: list[str] = []
    services.tell_notes(lay, told.append)
    assert drafts.notes_of(lay) == tuple(told) and "草案含有2个文本框：文本框中的文字未读入" in told
    v = drafts.Version(1, 1, "upload", 1, "草案.docx", "0" * 64, draft, lay, {}, drafts.notes_of(lay), profile)
    assert drafts.counting_notes(v) == len(told)
    assert drafts.layout_view(v) == {"version": 1, "printed": False, "profile": "gbt9704",
                                     "description": profile.describe(), "grid": lay.grid_label}  # fmt: skip
    # the same version with its lines taken from a printed PDF: the notes stay, none bears on the PDF's lines
    printed = replace(v, layout=replace(lay, printed="送审稿.pdf"), profile=None)
    assert drafts.counting_notes(printed) == 0 and printed.notes == v.notes
    assert drafts.layout_view(printed)["printed"] is True and drafts.layout_view(printed)["profile"] == ""
