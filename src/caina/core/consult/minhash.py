"""Vectorised MinHash over character shingles, for a whole partition of comments at once.

Texts arrive as one array of code points with offsets (:func:`caina.core.consult.normalize.encode`).

- :func:`shingle_hashes` — a 64-bit hash of every ``k``-character shingle that lies inside one text;
- :func:`signatures` — one-permutation MinHash (Li, Owen, Zhang 2012) with rotation densification
  (Shrivastava & Li 2014): each shingle hash goes to one of ``K`` bins by its top bits, a bin keeps its
  smallest hash, an empty bin borrows from the next non-empty bin to its right. One hash per shingle instead
  of ``K``: the cost is a scatter-min (``np.minimum.at``) over the shingles, independent of ``K``;
  ``P[sig_a[j] == sig_b[j]]`` is the Jaccard similarity of the two shingle sets, as with ``K`` permutations;
- :func:`band_keys` — the LSH bands: ``K = bands × rows``, one 64-bit key per band;
- :func:`text_keys` — a 64-bit key per whole text (exact duplicates).

Everything here is a pure function of the text: a comment gets the same signature in any partition, in any
process, on any machine (no salted ``hash()``), which is what lets Dask workers compute them.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from caina.core.consult.normalize import Codepoints, Offsets

__all__ = ["EMPTY", "shingle_hashes", "signatures", "band_keys", "text_keys", "shingle_counts", "mix64"]

U64 = NDArray[np.uint64]
Sig = NDArray[np.uint32]
EMPTY = np.uint32(0xFFFFFFFF)  # the signature of a text with no shingle (every bin empty)

_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xBF58476D1CE4E5B9)
_M3 = np.uint64(0x94D049BB133111EB)
_ROTATE = np.uint32(0x9E3779B1)  # added once per bin of distance when a bin borrows (densification)


def mix64(x: U64) -> U64:
    """splitmix64's finaliser, in place on a fresh array: a well-mixed 64-bit value for every input."""
    x ^= x >> np.uint64(30)
    x *= _M2
    x ^= x >> np.uint64(27)
    x *= _M3
    x ^= x >> np.uint64(31)
    return x


def _doc_of(offsets: Offsets) -> NDArray[np.int64]:
    return np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))


def shingle_hashes(cp: Codepoints, offsets: Offsets, k: int = 3) -> tuple[U64, NDArray[np.int64]]:
    """The hash of every ``k``-shingle inside one text, and the text it belongs to (in text order)."""
    n = len(cp)
    if n < k:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    m = n - k + 1
    h = cp[:m].astype(np.uint64)
    for j in range(1, k):
        h *= _M1
        h += cp[j : j + m].astype(np.uint64)
    h = mix64(h)
    doc = _doc_of(offsets)[:m]
    valid = np.arange(m, dtype=np.int64) + k <= offsets[1:][doc]
    return h[valid], doc[valid]


def shingle_counts(doc: NDArray[np.int64], n_docs: int) -> NDArray[np.int64]:
    """How many shingles (with repeats) each text has."""
    return np.bincount(doc, minlength=n_docs).astype(np.int64)


def signatures(h: U64, doc: NDArray[np.int64], n_docs: int, bins: int = 64) -> Sig:
    """One-permutation MinHash signatures, ``(n_docs, bins)`` uint32, densified.

    A text without shingles gets a row of :data:`EMPTY`.
    """
    if bins & (bins - 1) or not 8 <= bins <= 1024:
        raise ValueError(f"bins must be a power of two in 8..1024, not {bins}")
    shift = np.uint64(64 - (bins.bit_length() - 1))
    which = (h >> shift).astype(np.int64)
    value = (h & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    value[value == EMPTY] -= np.uint32(1)  # keep EMPTY for "no shingle"
    flat = np.full(n_docs * bins, EMPTY, dtype=np.uint32)
    np.minimum.at(flat, doc * bins + which, value)
    sig = flat.reshape(n_docs, bins)
    _densify(sig)
    return sig


def _densify(sig: Sig) -> None:
    """Fill each empty bin from the next non-empty bin to its right (circularly), shifted by the distance."""
    empty = sig == EMPTY
    if not empty.any():
        return
    bins = sig.shape[1]
    rows_with_gaps = np.flatnonzero(empty.any(axis=1) & ~empty.all(axis=1))
    if not len(rows_with_gaps):
        return
    part = sig[rows_with_gaps]
    twice = np.concatenate([part, part], axis=1)
    position = np.where(twice != EMPTY, np.arange(2 * bins), 2 * bins)
    nearest = np.minimum.accumulate(position[:, ::-1], axis=1)[:, ::-1][:, :bins]
    distance = (nearest - np.arange(bins)).astype(np.uint32)
    borrowed = np.take_along_axis(twice, nearest, axis=1) + distance * _ROTATE
    borrowed[borrowed == EMPTY] -= np.uint32(1)
    sig[rows_with_gaps] = np.where(part == EMPTY, borrowed, part)


def band_keys(sig: Sig, bands: int, band: int | None = None) -> U64:
    """The key of each band of ``rows = bins / bands`` signature values: ``(n, bands)`` uint64, or ``(n,)``
    for one ``band``."""
    n, bins = sig.shape
    if bins % bands:
        raise ValueError(f"{bins} bins do not split into {bands} bands")
    rows = bins // bands
    if band is None:
        return np.stack([band_keys(sig, bands, b) for b in range(bands)], axis=1) if n else np.zeros((0, bands), np.uint64)
    key = np.zeros(n, dtype=np.uint64)
    for j in range(band * rows, band * rows + rows):
        key *= _M1
        key += sig[:, j]
    return mix64(key)


def text_keys(cp: Codepoints, offsets: Offsets) -> U64:
    """A 64-bit key per text: equal texts have equal keys; unequal ones collide with probability ≈ 2⁻⁶⁴.

    The sum over characters of mix64(code point, position in the text), plus the length.
    """
    n = len(offsets) - 1
    lengths = np.diff(offsets).astype(np.uint64)
    if len(cp) == 0:
        return mix64(lengths.copy())
    doc = _doc_of(offsets)
    position = np.arange(len(cp), dtype=np.int64) - offsets[:-1][doc]
    term = mix64((position.astype(np.uint64) << np.uint64(32)) | cp.astype(np.uint64))
    sums = np.zeros(n, dtype=np.uint64)
    nonempty = lengths > 0
    sums[nonempty] = np.add.reduceat(term, offsets[:-1][nonempty])
    return mix64(sums ^ (lengths * _M1))
