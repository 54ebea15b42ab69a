"""Which draft parts a comment is about, and how that was decided.

In order, the first that finds something wins:

1. ``cited`` — the comment names them (第十条, 第二十一条至第二十三条, 附件2, P3倒数第五行: :mod:`.references`);
   the units it also quotes are added after the ones it names;
2. ``quoted`` — it quotes the draft: Aho-Corasick (pyahocorasick) over the draft's normalised sentences cut
   in 8-character stretches (one starting every 3 characters, so that any quote of 10 characters or more
   contains one) finds each quoted stretch of at least :data:`MIN_QUOTE` characters — widened character by
   character to the whole quote — and the unit most of that stretch belongs to;
3. ``similar`` — the unit most like it (cosine of IDF-weighted character bigrams, vectorised over a whole
   partition) when the similarity reaches ``min_similarity`` and enough specific bigrams are shared;
4. ``general`` — none of these: 总体.

The quoted stretches are also what grouping sets aside (:func:`residual`): two different comments that share
a long quote of the draft are compared on their own words only.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import ahocorasick
import numpy as np
from numpy.typing import NDArray

from caina.core.consult.normalize import PAUSE, QUOTE, STOP, encode, normalize_many
from caina.core.consult.references import references
from caina.core.consult.units import Units
from caina.core.pages import Layout

__all__ = ["CITED", "QUOTED", "SIMILAR", "GENERAL_HOW", "HOWS", "Quote", "Attributor", "residual", "MIN_QUOTE"]

CITED, QUOTED, SIMILAR, GENERAL_HOW = "cited", "quoted", "similar", "general"
HOWS = (CITED, QUOTED, SIMILAR, GENERAL_HOW)

GRAM = 8  # characters per Aho-Corasick pattern
STRIDE = 3  # patterns start every STRIDE characters of the draft: any quote of GRAM + STRIDE - 1 characters holds one
MIN_QUOTE = 12  # a quoted stretch shorter than this is a common phrase, not a quote
_MARKS = frozenset(STOP + PAUSE + QUOTE + "()《》- ")
_PUA = 0xE000  # a quoted stretch becomes one private-use character in the residual
_PUA_SIZE = 6400


@dataclass(frozen=True, slots=True)
class Quote:
    start: int
    end: int
    unit: int


def residual(text: str, quotes: Sequence[Quote]) -> str:
    """``text`` with each quoted stretch replaced by one private-use character standing for that stretch's
    words: the comment's own words, and which passages it quotes (not how long they are)."""
    if not quotes:
        return text
    out: list[str] = []
    at = 0
    for q in quotes:
        out.append(text[at : q.start])
        out.append(chr(_PUA + zlib.crc32(text[q.start : q.end].encode("utf-8")) % _PUA_SIZE))
        at = q.end
    out.append(text[at:])
    return "".join(out)


def _bigram_keys(cp: NDArray[np.uint32], offsets: NDArray[np.int64]) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
    """(doc, bigram) pairs, once each: key = first << 21 | second (code points < 2²¹: exact, no collision)."""
    if len(cp) < 2:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    doc = np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))
    marks = np.isin(cp, np.array([ord(c) for c in _MARKS], dtype=np.uint32))
    ok = (doc[1:] == doc[:-1]) & ~marks[1:] & ~marks[:-1] & (cp[1:] < _PUA) & (cp[:-1] < _PUA)
    key = (cp[:-1].astype(np.uint64) << np.uint64(21)) | cp[1:].astype(np.uint64)
    pair = np.sort((doc[:-1][ok].astype(np.uint64) << np.uint64(42)) | key[ok])
    if len(pair):
        fresh = np.ones(len(pair), dtype=bool)
        fresh[1:] = pair[1:] != pair[:-1]
        pair = pair[fresh]
    return pair & np.uint64((1 << 42) - 1), (pair >> np.uint64(42)).astype(np.int64)


class Attributor:
    """Attribution against one draft; built once (≈ ms per page), used on every partition; picklable."""

    def __init__(
        self,
        units: Units,
        layout: Layout | None = None,
        *,
        min_similarity: float = 0.22,
        min_shared: float = 12.0,
    ) -> None:
        self.units = units
        self.layout = layout
        self.min_similarity = min_similarity
        self.min_shared = min_shared
        self._automaton = ahocorasick.Automaton()
        self._text_of_unit: dict[int, list[str]] = {}
        grams: dict[str, set[int]] = {}
        unit_texts: list[str] = []
        for u in units.units:
            blocks = [b for b in u.text.split("\n") if b]
            normed = normalize_many(blocks)[0] if blocks else []
            unit_texts.append("\n".join(normed))
            if u.kind == "chapter":
                continue  # a chapter's text is its heading: quoting it is quoting its first article's title
            for s in normed:
                self._text_of_unit.setdefault(u.index, []).append(s)
                last = len(s) - GRAM
                for i in [*range(0, last + 1, STRIDE), *([last] if last % STRIDE else [])]:
                    grams.setdefault(s[i : i + GRAM], set()).add(u.index)
        for gram, owners in grams.items():
            self._automaton.add_word(gram, tuple(sorted(owners)))
        if grams:
            self._automaton.make_automaton()
        self._has_grams = bool(grams)
        self._build_similarity(unit_texts)

    # -- similarity --------------------------------------------------------------------------------
    def _build_similarity(self, unit_texts: list[str]) -> None:
        candidates = [u.index for u in self.units.units if u.kind in ("article", "part", "attachment")]
        self._sim_units = np.array(candidates, dtype=np.int64)
        n = len(candidates)
        if n == 0:
            self._vocab = np.zeros(0, dtype=np.uint64)
            return
        cp, offsets = encode([unit_texts[i].replace("\n", " ") for i in candidates])
        keys, doc = _bigram_keys(cp, offsets)
        order = np.lexsort((doc, keys))
        keys, doc = keys[order], doc[order]
        vocab, first, df = np.unique(keys, return_index=True, return_counts=True)
        common = df > max(2, n // 4)  # in a quarter of the units: says nothing about which one
        idf = np.log((n + 1) / df) + 0.0
        idf[common] = 0.0
        self._vocab = vocab
        self._idf = idf
        self._indptr = np.concatenate([first, [len(keys)]]).astype(np.int64)
        self._unit_of = doc
        weights = idf[np.searchsorted(vocab, keys)] ** 2
        self._unit_norm = np.sqrt(np.bincount(doc, weights=weights, minlength=n))
        self._unit_norm[self._unit_norm == 0] = 1.0

    def similar(self, texts: Sequence[str], chunk: int = 20_000) -> list[tuple[int, float] | None]:
        """For each text, the most similar unit and its similarity, or None below the thresholds."""
        found: list[tuple[int, float] | None] = [None] * len(texts)
        n_units = len(self._sim_units)
        if not n_units or not len(self._vocab):
            return found
        for start in range(0, len(texts), chunk):
            part = texts[start : start + chunk]
            cp, offsets = encode(part)
            keys, doc = _bigram_keys(cp, offsets)
            pos = np.minimum(np.searchsorted(self._vocab, keys), len(self._vocab) - 1)
            hit = self._vocab[pos] == keys
            doc, vi = doc[hit], pos[hit]
            w = self._idf[vi]
            informative = w > 0
            doc, vi, w = doc[informative], vi[informative], w[informative]
            d = len(part)
            doc_norm = np.sqrt(np.bincount(doc, weights=w**2, minlength=d))
            counts = self._indptr[vi + 1] - self._indptr[vi]
            total = int(counts.sum())
            if total == 0:
                continue
            row = np.repeat(np.arange(len(vi)), counts)
            idx = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts) + np.repeat(self._indptr[vi], counts)
            unit = self._unit_of[idx]
            cell = doc[row] * n_units + unit
            dot = np.bincount(cell, weights=w[row] ** 2, minlength=d * n_units).reshape(d, n_units)
            shared = np.bincount(cell, weights=w[row], minlength=d * n_units).reshape(d, n_units)
            with np.errstate(divide="ignore", invalid="ignore"):
                cos = dot / (np.where(doc_norm == 0, 1.0, doc_norm)[:, None] * self._unit_norm[None, :])
            best = cos.argmax(axis=1)
            score = cos[np.arange(d), best]
            mass = shared[np.arange(d), best]
            ok = (score >= self.min_similarity) & (mass >= self.min_shared)
            for i in np.flatnonzero(ok).tolist():
                found[start + i] = (int(self._sim_units[best[i]]), float(score[i]))
        return found

    # -- quotes ------------------------------------------------------------------------------------
    def quotes(self, text: str) -> list[Quote]:
        """Each stretch of ``text`` (normalised) of at least MIN_QUOTE characters that is the draft's text."""
        if not self._has_grams or len(text) < MIN_QUOTE:
            return []
        hits = list(self._automaton.iter(text))
        if not hits:
            return []
        starts: list[int] = []
        ends: list[int] = []
        owners: list[list[tuple[int, ...]]] = []
        for end, units in hits:
            start = end - GRAM + 1
            if ends and start <= ends[-1]:
                ends[-1] = end + 1
                owners[-1].append(units)
            else:
                starts.append(start)
                ends.append(end + 1)
                owners.append([units])
        found: list[Quote] = []
        for s, e, grams in zip(starts, ends, owners, strict=True):
            if e - s + 2 * (STRIDE - 1) < MIN_QUOTE:
                continue
            if len(grams[0]) == 1 and grams.count(grams[0]) == len(grams):
                unit = grams[0][0]  # the common case: every gram of the stretch belongs to one unit
            else:
                votes = Counter(u for o in grams for u in o)
                unit = min(votes, key=lambda u: (-votes[u], u))
            s, e = self._widen(text, s, e, unit)
            if e - s >= MIN_QUOTE:
                found.append(Quote(s, e, unit))
        return found

    def _widen(self, text: str, start: int, end: int, unit: int) -> tuple[int, int]:
        """The matched stretch grown to the whole quote: patterns start every STRIDE characters, so up to
        STRIDE - 1 quoted characters on either side are not in any matched pattern."""
        core = text[start:end]
        for sentence in self._text_of_unit.get(unit, ()):
            at = sentence.find(core)
            if at < 0:
                continue
            a, b = start, end
            i, j = at, at + len(core)
            while a > 0 and i > 0 and text[a - 1] == sentence[i - 1]:
                a, i = a - 1, i - 1
            while b < len(text) and j < len(sentence) and text[b] == sentence[j]:
                b, j = b + 1, j + 1
            return a, b
        return start, end

    def cited(self, text: str) -> list[int]:
        return references(text, self.units, self.layout)


def choose(cited: list[int], quoted: list[Quote]) -> tuple[tuple[int, ...], str]:
    """Units and how, from what was named and what was quoted (similarity is decided per partition)."""
    units = list(cited)
    for q in quoted:
        if q.unit not in units:
            units.append(q.unit)
    if cited:
        return tuple(units), CITED
    if quoted:
        return tuple(units), QUOTED
    return (), GENERAL_HOW

