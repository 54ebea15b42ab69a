"""One decision vocabulary for review.yaml and import-report; suggestions never flip the meaning."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caina.core.decision_words import (
    ADOPTED,
    DISPOSITION_VALUES,
    NOT_ADOPTED,
    PARTIAL,
    WORDS,
    disposition_value,
    meaning,
    suggest,
)
from caina.core.decisions import parse_disposition
from caina.core.report_parse.vocab import find_decision


@pytest.mark.parametrize("word", sorted(WORDS))
def test_review_yaml_and_the_report_importer_read_every_wording_alike(word: str) -> None:
    """A wording the importer finds in a report means the same in review.yaml's decision:."""
    found = find_decision(f"{word}。")
    assert found is not None and found.value == WORDS[word]
    if WORDS[word] in DISPOSITION_VALUES:
        disposition = parse_disposition(word)
        assert disposition is not None and disposition.value == WORDS[word] == disposition_value(word + "。")
    else:  # a duplicate or "no opinion" is said otherwise in review.yaml (see docs/review-file.md)
        assert parse_disposition(word) is None


ADOPTING = [w for w, v in WORDS.items() if v in (ADOPTED, PARTIAL)]
NEGATIONS = ["不", "未", "没", "没有", "暂不", "暂未", "不予", "未予", "无法", "不能", "暂未能", "不于", "未被"]


@given(neg=st.sampled_from(NEGATIONS), word=st.sampled_from(ADOPTING), tail=st.sampled_from(["", "了", "吧", "。"]))
def test_a_negated_adopting_wording_is_never_read_or_suggested_as_adopting(neg: str, word: str, tail: str) -> None:
    text = neg + word + tail
    assert meaning(text) not in (ADOPTED, PARTIAL)
    assert suggest(text) not in ("全部采纳", "部分采纳")


@given(st.text(alphabet="采纳收吸部分全予以已同意暂不未没考虑研究体现转", min_size=1, max_size=6))
def test_a_suggestion_agrees_with_the_meaning_the_importer_reads(text: str) -> None:
    said = meaning(text)
    hint = suggest(text)
    if said == NOT_ADOPTED:
        assert hint == "不予采纳"
    if any(ch in text for ch in "不未没") and hint is not None:
        assert hint not in ("全部采纳", "部分采纳"), (text, hint)


@pytest.mark.parametrize(
    ("text", "value"),
    [("没采纳", NOT_ADOPTED), ("原则上采纳", PARTIAL), ("基本上同意采纳", ADOPTED), ("研究后再定", None)],
)
def test_meaning(text: str, value: str | None) -> None:
    assert meaning(text) == value
