"""The text that is compared: one form for every way the same comment can be typed.

:func:`normalize` folds what a copy changes without meaning to: NFKC (full-width letters and digits to
half-width, compatibility ideographs to unified ones), Latin letters lower-cased, every kind of stop, pause,
quote mark, dash and bracket to one of each, middle dots dropped, whitespace removed (one space kept
between two Latin words or numbers), repeated marks folded ("！！！" → "。"), a pause before or after a stop
dropped. Two comments with the same normalised text are exact duplicates.

:func:`normalize_many` does the same to a whole partition at once on arrays of code points (one table
look-up per character, then masks): the pipeline's path. :func:`normalize` is the same function on one text.

:func:`core_text` also strips what a campaign copy adds around its template — a greeting ("尊敬的立法机关：",
"您好，我是……") and a signature ("此致敬礼", "——市民张某", "谢谢！") — for near-duplicate grouping.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "STOP", "PAUSE", "QUOTE", "normalize", "normalize_many", "core_text", "encode", "decode", "Codepoints",
]  # fmt: skip

STOP = "。"  # every sentence-ending mark: 。.!！?？;；…
PAUSE = "，"  # every pause: ，,、:：
QUOTE = '"'  # every quotation mark

Codepoints = NDArray[np.uint32]
Offsets = NDArray[np.int64]

_PUNCT_FOLD: dict[str, str] = {}
for _chars, _to in (
    ("。.!！?？;；…｡", STOP),
    ("，,、:：､", PAUSE),
    ("“”\"'‘’「」『』〝〞", QUOTE),
    ("（(［[【〔｛{", "("),
    ("）)］]】〕｝}", ")"),
    ("《〈<", "《"),
    ("》〉>", "》"),
    ("—－-–~～", "-"),
    ("·•・_", ""),
):
    for _c in _chars:
        _PUNCT_FOLD[_c] = _to

_TABLE_SIZE = 0x30000  # planes 0–2: every character NFKC changes; above, characters stay as they are
_DROP = 0  # table value: the character is dropped (NUL never survives)
_MULTI = 0xFFFFFFFF  # table value: NFKC gives several characters (① → 1, ㎡ → m2): normalised in Python first
_SPACE = ord(" ")
_FOLDED_MARKS = np.array([ord(c) for c in (STOP, PAUSE, QUOTE, "(", ")", "《", "》", "-")], dtype=np.uint32)


def _fold_char(ch: str) -> str:
    if ch in _PUNCT_FOLD:  # before NFKC: "…" would become "..." (three stops) and "—" would stay
        return _PUNCT_FOLD[ch]
    n = unicodedata.normalize("NFKC", ch).lower()
    if len(n) == 1:
        if n.isspace():
            return " "
        return _PUNCT_FOLD.get(n, n)
    return "".join(_PUNCT_FOLD.get(c, " " if c.isspace() else c) for c in n)


@cache
def _table() -> NDArray[np.uint32]:
    """Code point → folded code point (or _DROP / _MULTI), built once per process (≈ 0.1 s)."""
    table = np.arange(_TABLE_SIZE, dtype=np.uint32)
    for cp in range(_TABLE_SIZE):
        ch = chr(cp)
        folded = _fold_char(ch) if (cp < 0x3000 or cp >= 0xF900 or ch in _PUNCT_FOLD or 0x3000 <= cp < 0x3400) else ch
        if folded == ch:
            continue
        table[cp] = _DROP if folded == "" else ord(folded) if len(folded) == 1 else _MULTI
    table[0] = _DROP
    return table


def encode(texts: Sequence[str]) -> tuple[Codepoints, Offsets]:
    """The texts' code points in one array, and ``offsets`` (text ``i`` is ``cp[offsets[i]:offsets[i+1]]``)."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    cp = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    return cp, offsets


def decode(cp: Codepoints, offsets: Offsets) -> list[str]:
    """The texts back from :func:`encode`'s arrays."""
    whole = cp.astype(np.uint32, copy=False).tobytes().decode("utf-32-le")
    bounds = offsets.tolist()
    return [whole[a:b] for a, b in pairwise(bounds)]


def _doc_index(offsets: Offsets) -> NDArray[np.int32]:
    n = len(offsets) - 1
    return np.repeat(np.arange(n, dtype=np.int32), np.diff(offsets))


def _compact(cp: Codepoints, doc: NDArray[np.int32], keep: NDArray[np.bool_]) -> tuple[Codepoints, NDArray[np.int32]]:
    if keep.all():
        return cp, doc
    return cp[keep], doc[keep]


def _offsets_of(doc: NDArray[np.int32], n: int) -> Offsets:
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(doc, minlength=n), out=offsets[1:])
    return offsets


def _is_latin_alnum(cp: Codepoints) -> NDArray[np.bool_]:
    return ((cp >= ord("0")) & (cp <= ord("9"))) | ((cp >= ord("a")) & (cp <= ord("z")))


def normalize_many(texts: Sequence[str]) -> tuple[list[str], Codepoints, Offsets]:
    """:func:`normalize` of every text: the normalised texts, and their code points and offsets."""
    table = _table()
    cp, offsets = encode(texts)
    mapped = table[np.minimum(cp, _TABLE_SIZE - 1)]
    mapped = np.where(cp < _TABLE_SIZE, mapped, cp)
    if (mapped == _MULTI).any():  # rare: ① ㎡ ㈠ …: NFKC those texts in Python, then map again
        doc = _doc_index(offsets)
        bad = set(np.unique(doc[mapped == _MULTI]).tolist())
        texts = [unicodedata.normalize("NFKC", t) if i in bad else t for i, t in enumerate(texts)]
        cp, offsets = encode(texts)
        mapped = np.where(cp < _TABLE_SIZE, table[np.minimum(cp, _TABLE_SIZE - 1)], cp)
        mapped[mapped == _MULTI] = _SPACE  # not reached: NFKC output maps to one character or none
    n = len(texts)
    _keep_decimal_points(cp, mapped, offsets)
    doc = _doc_index(offsets)
    cp, doc = _compact(mapped, doc, mapped != _DROP)
    cp, doc = _fold_spaces(cp, doc)
    cp, doc = _fold_marks(cp, doc)
    return decode(cp, _offsets_of(doc, n)), cp, _offsets_of(doc, n)


_POINTS = np.array([ord("."), ord("．")], dtype=np.uint32)


def _is_digit(cp: Codepoints) -> NDArray[np.bool_]:
    return ((cp >= ord("0")) & (cp <= ord("9"))) | ((cp >= ord("０")) & (cp <= ord("９")))


def _keep_decimal_points(cp: Codepoints, mapped: Codepoints, offsets: Offsets) -> None:
    """A point between two digits of one text (2.5, ２．５) is a decimal point, not a stop: it stays "."."""
    point = np.flatnonzero(np.isin(cp[1:-1], _POINTS)) + 1
    if len(point):
        point = point[_is_digit(cp[point - 1]) & _is_digit(cp[point + 1])]
        doc = np.searchsorted(offsets, point, side="right")
        inside = (offsets[doc - 1] < point) & (point + 1 < offsets[doc])
        mapped[point[inside]] = ord(".")


def _same_doc_prev(doc: NDArray[np.int32]) -> NDArray[np.bool_]:
    same = np.zeros(len(doc), dtype=bool)
    same[1:] = doc[1:] == doc[:-1]
    return same


def _fold_spaces(cp: Codepoints, doc: NDArray[np.int32]) -> tuple[Codepoints, NDArray[np.int32]]:
    space = cp == _SPACE
    if not space.any():
        return cp, doc
    prev_same = _same_doc_prev(doc)
    prev_space = np.zeros(len(cp), dtype=bool)
    prev_space[1:] = space[:-1]
    cp, doc = _compact(cp, doc, ~(space & prev_space & prev_same))  # runs of spaces → one
    space = cp == _SPACE
    alnum = _is_latin_alnum(cp)
    prev_same = _same_doc_prev(doc)
    prev_ok = np.zeros(len(cp), dtype=bool)
    prev_ok[1:] = alnum[:-1] & prev_same[1:]
    next_ok = np.zeros(len(cp), dtype=bool)
    next_ok[:-1] = alnum[1:] & prev_same[1:]
    return _compact(cp, doc, ~space | (prev_ok & next_ok))


_STOP_CP, _PAUSE_CP = ord(STOP), ord(PAUSE)


def _fold_marks(cp: Codepoints, doc: NDArray[np.int32]) -> tuple[Codepoints, NDArray[np.int32]]:
    """Repeated marks to one; a pause next to a stop, or at either end of a text, dropped — until nothing
    changes ("；，；" → "。，。" → "。。" → "。")."""
    while True:
        before = len(cp)
        mark = np.isin(cp, _FOLDED_MARKS, kind="table")
        if not mark.any():
            return cp, doc
        prev_same = _same_doc_prev(doc)
        repeat = np.zeros(len(cp), dtype=bool)
        repeat[1:] = mark[1:] & (cp[1:] == cp[:-1]) & prev_same[1:]
        cp, doc = _compact(cp, doc, ~repeat)
        pause = cp == _PAUSE_CP
        if pause.any():
            stop = cp == _STOP_CP
            prev_same = _same_doc_prev(doc)
            next_same = np.zeros(len(cp), dtype=bool)
            next_same[:-1] = prev_same[1:]
            prev_stop = np.zeros(len(cp), dtype=bool)
            prev_stop[1:] = stop[:-1]
            next_stop = np.zeros(len(cp), dtype=bool)
            next_stop[:-1] = stop[1:]
            drop = pause & ((prev_stop & prev_same) | (next_stop & next_same) | ~prev_same | ~next_same)
            cp, doc = _compact(cp, doc, ~drop)
        if len(cp) == before:
            return cp, doc


def normalize(text: str) -> str:
    """``text`` as it is compared.

    >>> normalize("建议  将第１０条，，修改为“三十日”！！")
    '建议将第10条，修改为"三十日"。'
    """
    return normalize_many([text])[0][0]


_CLAUSES = re.compile(r"([，。-])")
_GREETING = re.compile(
    r"(?:尊敬的|敬爱的|亲爱的)[^，。]{0,16}"
    r"|(?:各位)?(?:领导|同志|编辑|工作人员|老师)?(?:们)?(?:您|你)们?好"
    r"|各位(?:领导|同志|代表|编辑)?"
    r"|(?:我是|本人是?)[^，。]{1,12}"
)
_SIGNATURE = re.compile(
    r"此致敬礼|此致|敬礼|谢谢(?:您|你们|各位)?|感谢(?:您|各位|你们)?[^，。]{0,12}|望采纳|请予采纳"
    r"|(?:市民|居民|网友|群众|读者|一名|一位|退休|提出人|建议人|联系人)[^，。]{0,12}|[^，。]{1,6}(?:敬上|谨上|留)"
    r"|(?:19|20)\d\d年\d{1,2}月\d{1,2}日"
)
# every greeting starts with, and every signature holds, one of these characters (a superset test)
_MAYBE_GREETING = re.compile(r"[尊敬亲您你各我本领同编工老]")
_MAYBE_SIGNATURE = re.compile(r"[此敬谨谢感望请市居网群读一退提建联留年]")
_MIN_BODY = 4
_MAX_EDGE_CLAUSES = 4  # at most this many greeting clauses before and signature clauses after the body


def core_text(norm: str) -> str:
    """A normalised comment without the greeting before and the signature after its body.

    Strips whole clauses only, and only when a body of at least 4 characters remains, so a short comment
    keeps its words.

    >>> core_text(normalize("尊敬的立法机关：建议删除第十条。此致敬礼！——市民张某"))
    '建议删除第十条。'
    """
    if not (_MAYBE_GREETING.search(norm, 0, 12) or _MAYBE_SIGNATURE.search(norm, max(0, len(norm) - 24))):
        return norm  # the cheap test: nothing at either end that could be a greeting or a signature
    pieces = _CLAUSES.split(norm)  # clause, mark, clause, mark, …, clause
    first, last = 0, len(pieces) - 1
    if pieces[last] == "" and last >= 2:
        last -= 2  # the text ends with a mark: the last clause is the one before it
    for _ in range(_MAX_EDGE_CLAUSES):
        if first < last and (pieces[first] == "" or _GREETING.fullmatch(pieces[first])):
            first += 2
    end = last
    for _ in range(_MAX_EDGE_CLAUSES):
        if end > first and (pieces[end] == "" or _SIGNATURE.fullmatch(pieces[end])):
            end -= 2
    if first == 0 and end == last:
        return norm
    body = "".join(pieces[first:end + 1])
    if len(body) < _MIN_BODY:
        return norm
    return body + (pieces[end + 1] if end + 1 < len(pieces) and pieces[end + 1] == STOP else STOP)
