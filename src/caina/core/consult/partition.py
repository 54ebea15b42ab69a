"""The work done on one partition of comments, the same in one process and on a Dask worker.

:func:`analyse_partition` takes the texts of a partition (any slice of the comments, in import order) and
returns, for each comment, everything the global step needs: its text key (exact duplicates), MinHash
signature and eligibility (campaigns), and its attribution (units and how). Within a partition each distinct
normalised text is analysed once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from time import perf_counter

import numpy as np
from numpy.typing import NDArray

from caina.core.consult.attribute import GENERAL_HOW, SIMILAR, Attributor, choose, residual
from caina.core.consult.grouping import GroupingSettings
from caina.core.consult.minhash import shingle_counts, shingle_hashes, signatures, text_keys
from caina.core.consult.normalize import core_text, encode, normalize_many

__all__ = ["PartitionResult", "analyse_partition"]


@dataclass(frozen=True)
class PartitionResult:
    """Per comment of the partition, in its order."""

    keys: NDArray[np.uint64]  # text key of the normalised text
    sig: NDArray[np.uint32]  # (n, bins) MinHash signature of its own words (greeting, signature, quotes aside)
    eligible: NDArray[np.bool_]  # enough words of its own to join a campaign
    units: list[tuple[int, ...]]  # attributed units (empty: 总体)
    how: list[str]  # cited / quoted / similar / general
    chars: NDArray[np.int64]  # length of the normalised text

    def __len__(self) -> int:
        return len(self.keys)


def _clause_text(clause: str) -> str:
    """The clause column as a reference: "10" and "第10条" both mean 第十条."""
    c = clause.strip()
    return f"第{c}条" if c.isdigit() else c


def analyse_partition(
    texts: Sequence[str],
    attributor: Attributor,
    settings: GroupingSettings | None = None,
    clauses: Sequence[str] | None = None,
    timings: dict[str, float] | None = None,
) -> PartitionResult:
    """Analyse one partition; ``clauses`` is the optional clause column (the platform's per-article box).

    ``timings``, if given, accumulates seconds spent normalising, attributing (references, quotes, similarity)
    and computing signatures (for the benchmark's per-stage times).
    """
    settings = settings or GroupingSettings()
    clock = perf_counter
    t0 = clock()
    norms, cp, offsets = normalize_many(texts)
    keys = text_keys(cp, offsets)
    chars = np.diff(offsets)
    # each distinct (text, clause) once
    clause_of = [""] * len(norms)
    if clauses is not None and any(clauses):
        normed = normalize_many([_clause_text(c or "") for c in clauses])[0]
        clause_of = normed
    first_of: dict[tuple[str, str], int] = {}
    slot = np.empty(len(norms), dtype=np.int64)
    distinct: list[str] = []
    distinct_clause: list[str] = []
    for i, s in enumerate(norms):
        key = (s, clause_of[i])
        j = first_of.get(key)
        if j is None:
            j = first_of[key] = len(distinct)
            distinct.append(s)
            distinct_clause.append(clause_of[i])
        slot[i] = j
    bodies = [core_text(s) for s in distinct]
    t1 = clock()
    residuals: list[str] = []
    units: list[tuple[int, ...]] = []
    how: list[str] = []
    for s, clause, body in zip(distinct, distinct_clause, bodies, strict=True):
        quoted = attributor.quotes(body)
        cited = attributor.cited(s)
        if clause:
            named = attributor.cited(clause)
            cited = [*named, *(c for c in cited if c not in named)]
        chosen, why = choose(cited, quoted)
        units.append(chosen)
        how.append(why)
        residuals.append(residual(body, quoted))
    unattributed = [i for i, w in enumerate(how) if w == GENERAL_HOW]
    if unattributed:
        for i, best in zip(unattributed, attributor.similar([distinct[i] for i in unattributed]), strict=True):
            if best is not None:
                units[i] = (best[0],)
                how[i] = SIMILAR
    t2 = clock()
    rcp, roffsets = encode(residuals)
    h, doc = shingle_hashes(rcp, roffsets, settings.shingle)
    sig = signatures(h, doc, len(distinct), settings.bins)
    eligible = shingle_counts(doc, len(distinct)) >= settings.min_shingles
    if timings is not None:
        t3 = clock()
        for name, seconds in (("normalise", t1 - t0), ("attribute", t2 - t1), ("signatures", t3 - t2)):
            timings[name] = timings.get(name, 0.0) + seconds
    return PartitionResult(
        keys=keys,
        sig=sig[slot],
        eligible=eligible[slot],
        units=[units[j] for j in slot.tolist()],
        how=[how[j] for j in slot.tolist()],
        chars=chars.astype(np.int64),
    )
