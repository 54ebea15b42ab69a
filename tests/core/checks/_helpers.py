"""Helpers for the check tests: run one family on a text and list (rule, excerpt) pairs."""

from __future__ import annotations

from caina.core.checks import check_text


def rules_found(text: str, *, kind: str = "draft", family: str | None = None) -> list[str]:
    found = check_text(text, kind=kind)
    return [f.rule for f in found if family is None or f.family == family]
