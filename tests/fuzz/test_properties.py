"""Property-based tests (Hypothesis): whatever the input, a result or a CainaError — never another exception.

Strategies in tests/fuzz/strategies.py. Each property also checks what a
result must satisfy (a record's opinions are numbered from 1, cleaned text
holds no unwritable character, a parsed locator renders back, a clamped
attribute lies in its range).
"""

from __future__ import annotations

import contextlib
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caina.core.locators import parse_locator, render_locator, resolve
from caina.core.report_parse import parse_report
from caina.errors import CainaError, LocatorRangeError, LocatorSyntaxError
from caina.io.ooxml.attrs import SPECS
from caina.io.review_file import parse_review
from caina.io.text_reader import parse_text
from caina.io.textfile import BAD_CHARS, clean, decode
from caina.services import open_draft
from tests.fuzz.strategies import locator_text, messy_text, report_text, review_yaml

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "baise"
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(text=review_yaml())
def test_review_yaml_gives_a_record_or_a_clear_error(text: str) -> None:
    try:
        record, _ = parse_review(text, path="review.yaml")
    except CainaError as exc:
        assert "review.yaml" in exc.message, exc.message  # where: the file (and the line when there is one)
        return
    numbers = [op.number for op in record.opinions]
    assert len(set(numbers)) == len(numbers) and all(n >= 1 for n in numbers)
    for op in record.opinions:
        assert not BAD_CHARS.search(op.text + op.decision.reason)
        assert all(t.occurrence >= 0 for t in op.targets)


@pytest.fixture(scope="module")
def baise_layout():  # type: ignore[no-untyped-def]
    return open_draft(EXAMPLE / "draft.txt")


@FUZZ
@given(text=locator_text())
def test_locators_parse_or_say_why(text: str, baise_layout) -> None:  # type: ignore[no-untyped-def]
    try:
        loc = parse_locator(text)
    except LocatorSyntaxError:
        return
    assert parse_locator(render_locator(loc)) == loc
    try:
        lines = resolve(baise_layout, loc)
    except (LocatorRangeError, LocatorSyntaxError):
        return
    assert lines


@FUZZ
@given(text=report_text())
def test_report_text_always_parses(text: str) -> None:
    report = parse_report(text)
    assert all(op.line >= 1 for op in report.opinions)


@FUZZ
@given(data=st.binary(max_size=2000) | messy_text(200).map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_any_bytes_decode_or_are_refused(data: bytes) -> None:
    try:
        text, encoding = decode(data, where="x.txt")
    except CainaError:
        return
    assert encoding in ("utf-8", "utf-16", "utf-32", "gb18030", "big5")
    cleaned, _ = clean(text)
    assert not BAD_CHARS.search(cleaned)
    with contextlib.suppress(CainaError):
        parse_text(cleaned, source="x.txt")


@FUZZ
@given(key=st.sampled_from(sorted(SPECS)), raw=st.one_of(
    st.text(max_size=12),
    st.floats().map(repr),
    st.integers(-(2**80), 2**80).map(str),
    st.sampled_from(["inf", "-inf", "nan", "1e309", "1e-300", "0x10", "12pt", "3.5in", "-0", "+7", " 5 ", "5.5"]),
))
def test_attribute_values_land_in_range(key: tuple[str, str], raw: str) -> None:
    spec = SPECS[key]
    value, problem = spec.check(raw)
    if value is None:
        assert problem == "invalid"
        return
    assert math.isfinite(value) and spec.lo <= value <= spec.hi
