from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

from caina import settings
from caina.core.locators import CountFrom, SpanStyle
from caina.errors import InputError

DOC = (Path(__file__).resolve().parents[1] / "docs" / "settings.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("s", settings.SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented(s: settings.Setting) -> None:
    assert f"`{s.name}`" in DOC and s.env in DOC and f"`{s.default}`" in DOC


def test_flag_beats_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAINA_COUNT_FROM", "top")
    assert settings.get("count_from") == "top"
    assert settings.get("count_from", "bottom") == "bottom"


def test_bad_value_names_the_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAINA_SPAN_STYLE", "middle")
    with pytest.raises(InputError) as info:
        settings.get("span_style")
    assert "CAINA_SPAN_STYLE" in info.value.message and "start、range" in info.value.message


@pytest.mark.parametrize(("name", "literal"), [("count_from", CountFrom), ("span_style", SpanStyle)])
def test_choices_are_the_typed_values(name: str, literal: object) -> None:
    """The CLI passes a checked setting on as the core's Literal type: the two lists must agree."""
    assert settings.setting(name).choices == get_args(literal)
