"""Normalisation: the one form every typing of a comment is compared in."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caina.core.consult.normalize import core_text, decode, encode, normalize, normalize_many


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("建议  将第１０条，，修改为“三十日”！！", '建议将第10条，修改为"三十日"。'),
        ("建议将第10条,修改为\"三十日\"!", '建议将第10条，修改为"三十日"。'),  # half-width marks: the same
        ("ＰＭ 2.5 浓度 高", "pm 2.5浓度高"),  # full-width letters, a decimal point kept, spaces between words only
        ("第21-23条", "第21-23条"),
        ("第21—23条", "第21-23条"),
        ("好……", "好。"),
        ("《条例》（草案）【一】", "《条例》(草案)(一)"),
        ("，同意。", "同意。"),
        ("同意，。", "同意。"),
        ("①", "1"),
        ("", ""),
        ("\u3000\t\n", ""),
    ],
)
def test_normalize(typed: str, normal: str) -> None:
    assert normalize(typed) == normal


@pytest.mark.parametrize(
    ("comment", "body"),
    [
        ("尊敬的立法机关：建议删除第十条。此致敬礼！——市民张某", "建议删除第十条。"),
        ("您好！我是退休教师王某，建议第十条的补植标准提高到一株补五株，谢谢！", "建议第十条的补植标准提高到一株补五株。"),
        ("各位领导：建议删除。谢谢", "建议删除。"),
        ("同意", "同意"),  # too short to strip anything
        ("谢谢。", "谢谢。"),
        ("建议删除第十条——市民张某", "建议删除第十条。"),
        ("第十条太宽松。2026年3月1日", "第十条太宽松。"),
    ],
)
def test_core_text_strips_greeting_and_signature(comment: str, body: str) -> None:
    assert core_text(normalize(comment)) == body


def test_encode_decode_round_trip() -> None:
    texts = ["", "甲乙", "a b", "😀𠀀", ""]
    cp, offsets = encode(texts)
    assert decode(cp, offsets) == texts


_alphabet = st.sampled_from(list("甲乙丙第十条，。、“”！？；：,.!?;: 　ＡＢａｂ0１23-—（）()《》…"))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(_alphabet, max_size=30), min_size=1, max_size=8))
def test_a_partition_normalises_each_text_as_alone(texts: list[str]) -> None:
    together = normalize_many(texts)[0]
    assert together == [normalize_many([t])[0][0] for t in texts]


def _reference(text: str) -> str:
    """An independent, slow statement of the rules, character by character."""
    fold = {}
    for chars, to in (("。.!！?？;；…", "。"), ("，,、:：", "，"), ("“”\"", '"'), ("（(", "("), ("）)", ")"),
                      ("《", "《"), ("》", "》"), ("-—", "-")):  # fmt: skip
        for c in chars:
            fold[c] = to
    out: list[str] = []
    chars = list(text)
    for i, c in enumerate(chars):
        if c == "." and 0 < i < len(chars) - 1 and chars[i - 1].isdigit() and chars[i + 1].isdigit():
            out.append(".")
            continue
        c = fold.get(c, c)
        c = unicodedata.normalize("NFKC", c).lower()
        out.append(" " if c.isspace() else fold.get(c, c))
    s = "".join(out)
    # spaces: one kept only between two Latin letters or digits
    kept = []
    for i, c in enumerate(s):
        if c == " ":
            prev = next((x for x in reversed(kept) if x), "")
            nxt = next((x for x in s[i + 1 :] if x != " "), "")
            if prev[-1:].isascii() and prev[-1:].isalnum() and nxt.isascii() and nxt.isalnum() and kept and kept[-1] != " ":
                kept.append(" ")
            continue
        kept.append(c)
    s = "".join(kept)
    prev = None
    while prev != s:
        prev = s
        for m in "。，\"()《》-":
            s = s.replace(m + m, m)
        s = s.replace("，。", "。").replace("。，", "。")
    return s.strip("，")


@settings(max_examples=300, deadline=None)
@given(st.text(_alphabet, max_size=40))
def test_normalize_agrees_with_the_rules_written_out(text: str) -> None:
    assert normalize(text) == _reference(text)
