"""Layout profiles and calibration (caina.core.profiles, caina.core.calibrate), without a PDF: the "printed"
copy is caina's own layout under other switches, standing for a program that sets the page otherwise."""

from __future__ import annotations

from dataclasses import replace

import pytest

from caina.core.calibrate import calibrate
from caina.core.generate import make_draft
from caina.core.layout import layout
from caina.core.profiles import BUILTIN, ProfileError, builtin, default_profile, overrides, with_overrides
from caina.core.verify import verify_printed


def test_builtin_profiles_and_a_clear_error_for_an_unknown_one() -> None:
    assert {"gbt9704", "word", "word-whole-width", "libreoffice-grid"} <= set(BUILTIN)
    assert all(p.summary for p in BUILTIN.values())
    with pytest.raises(ProfileError) as caught:
        builtin("wrod")
    assert "没有名为“wrod”的排版方案" in caught.value.message and "word" in caught.value.message


@pytest.mark.parametrize(
    ("source", "made_by", "name"),
    [
        ("草案.docx", "Microsoft Office Word", "word"), ("草案.docx", "WPS Office_12.1", "word"),
        ("草案.docx", "LibreOffice/7.4", "gbt9704"), ("草案.txt", "", "gbt9704"), ("", "", "gbt9704"),
    ],
)  # fmt: skip
def test_default_profile_by_what_made_the_draft(source: str, made_by: str, name: str) -> None:
    draft = make_draft(1, 1)
    draft = replace(draft, source=source, typesetting=replace(draft.typesetting, made_by=made_by))
    assert default_profile(draft).name == name


def test_overrides_are_checked_by_name_type_and_choice() -> None:
    base = BUILTIN["word"].settings
    got = with_overrides(base, {"fit_tolerance_pt": 0.05, "widow_orphan": 0, "compress_punctuation": "off"})
    assert overrides(got, base) == {"fit_tolerance_pt": 0.05, "widow_orphan": 0, "compress_punctuation": "off"}
    for bad, words in (
        ({"fit_tolerence_pt": 0.1}, "未知的开关"),
        ({"kinsoku": "yes"}, "true 或 false"),
        ({"widow_orphan": 1.5}, "整数"),
        ({"autospace_em": "wide"}, "数值"),
        ({"compress_punctuation": "sometimes"}, "document、on、off"),
    ):
        with pytest.raises(ProfileError) as caught:
            with_overrides(base, bad, where="p.yaml")
        assert words in caught.value.message and "p.yaml" in caught.value.message


def test_calibration_finds_the_switches_of_the_program_that_printed_it() -> None:
    draft = make_draft(5, 77)
    target = replace(BUILTIN["gbt9704"].settings, hanging_punctuation=False, fit_tolerance_pt=0.0)
    printed = replace(layout(draft, target), printed="printed")
    start = verify_printed(draft, printed, BUILTIN["gbt9704"].settings)
    assert start.agreement < 1.0  # else the test proves nothing
    result = calibrate(draft, printed)
    assert result.after.agreement == 1.0
    assert result.after.agreement > result.before.agreement
    assert result.profile.settings.hanging_punctuation is False
    assert result.evaluations > 10


def test_calibration_keeps_the_default_when_it_is_already_right() -> None:
    draft = make_draft(3, 78)
    printed = replace(layout(draft, default_profile(draft).settings), printed="printed")
    result = calibrate(draft, printed)
    assert result.after.agreement == 1.0
    assert result.profile.base == default_profile(draft).name
    assert overrides(result.profile.settings, default_profile(draft).settings) == {}
