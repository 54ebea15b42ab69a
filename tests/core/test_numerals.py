"""Chinese/Arabic numerals: parse_number, to_chinese, count_word."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caina.core.numerals import NUMERAL_RE, count_word, is_arabic, parse_number, to_chinese


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("〇", 0),
        ("零", 0),
        ("一", 1),
        ("二", 2),
        ("两", 2),
        ("五", 5),
        ("九", 9),
        ("十", 10),
        ("十一", 11),
        ("一十一", 11),
        ("十九", 19),
        ("二十", 20),
        ("二十一", 21),
        ("两十", 20),
        ("九十九", 99),
        ("一百", 100),
        ("两百", 200),
        ("一百零五", 105),
        ("一百〇五", 105),
        ("一百一十", 110),
        ("一百一十一", 111),
        ("九百九十九", 999),
        ("一千", 1000),
        ("两千", 2000),
        ("一千零五", 1005),
        ("一千零十", 1010),
        ("一千零一十", 1010),
        ("一千零五十", 1050),
        ("一千一百", 1100),
        ("九千九百九十九", 9999),
        ("0", 0),
        ("1", 1),
        ("12", 12),
        ("059", 59),
        ("１２", 12),
        ("１2", 12),
        (" 十一 ", 11),
        ("\t3\n", 3),
    ],
)
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "x",
        "十x",
        "1十",
        "2十",
        "一二",
        "二〇二五",
        "十十",
        "百",
        "千",
        "一百五",
        "一千五",
        "一百十",
        "一零",
        "零一",
        "零零",
        "〇〇",
        "一百零",
        "一百零零五",
        "一千零一百",
        "一十百",
        "五百千",
        "-1",
        "1.5",
        "三四",
    ],
)
def test_parse_number_rejects_junk(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "〇"),
        (1, "一"),
        (2, "二"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (111, "一百一十一"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (1100, "一千一百"),
        (2020, "二千零二十"),
        (9999, "九千九百九十九"),
    ],
)
def test_to_chinese(value: int, text: str) -> None:
    assert to_chinese(value) == text


@pytest.mark.parametrize("value", [-1, 10000, 123456])
def test_to_chinese_out_of_range(value: int) -> None:
    with pytest.raises(ValueError):
        to_chinese(value)


@pytest.mark.parametrize(
    ("value", "text"),
    [(1, "一"), (2, "两"), (3, "三"), (10, "十"), (12, "十二"), (20, "二十"), (22, "二十二"), (200, "二百")],
)
def test_count_word(value: int, text: str) -> None:
    assert count_word(value) == text


@pytest.mark.parametrize(("text", "arabic"), [("12", True), ("１２", True), ("十二", False), ("", False), ("1二", False)])
def test_is_arabic(text: str, arabic: bool) -> None:
    assert is_arabic(text) is arabic


@pytest.mark.parametrize("text", ["12", "１２", "十二", "两", "〇", "一百零五", "九千九百九十九"])
def test_numeral_re_matches_whole_numbers(text: str) -> None:
    assert re.fullmatch(NUMERAL_RE, text)


@pytest.mark.parametrize("text", ["1二", "x", "", "P3"])
def test_numeral_re_does_not_match_mixed(text: str) -> None:
    assert not re.fullmatch(NUMERAL_RE, text)


@given(st.integers(min_value=0, max_value=9999))
def test_chinese_round_trip(n: int) -> None:
    text = to_chinese(n)
    assert re.fullmatch(NUMERAL_RE, text)
    assert parse_number(text) == n


@given(st.integers(min_value=0, max_value=9999))
def test_count_word_round_trip(n: int) -> None:
    assert parse_number(count_word(n)) == n


@given(st.integers(min_value=0, max_value=10**12))
def test_arabic_round_trip(n: int) -> None:
    assert parse_number(str(n)) == n
    full = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_number(full) == n


@given(st.text(alphabet="〇零一二两三四五六七八九十百千", min_size=1, max_size=8))
def test_parse_is_canonical_or_rejects(text: str) -> None:
    """Whatever Chinese string parses denotes a number in range; junk raises ValueError."""
    try:
        value = parse_number(text)
    except ValueError:
        return
    assert 0 <= value <= 9999
