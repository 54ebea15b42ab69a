"""Grouping's global step: exact duplicates, then near-duplicate campaigns by LSH banding.

Input: for every comment, in one fixed order (import order), the key of its normalised text, its MinHash
signature and whether it may join a campaign at all (enough text of its own once greeting, signature and
draft quotes are set aside). Steps:

1. exact duplicates — equal keys — are one group; their first comment stands for them below;
2. LSH: for each band, comments with equal band keys are candidates; each candidate is paired with the first
   and the previous comment of its bucket;
3. a pair is kept when its estimated Jaccard similarity (the share of equal signature values) reaches
   ``threshold``: LSH proposes, the signature decides, so a bucket that is large by chance merges nothing;
4. connected components of the kept pairs (vectorised union-find) are the campaigns.

The result is a label per comment (the index of the group's first comment), the same whatever the
partitioning that produced the inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from caina.core.consult.minhash import band_keys

__all__ = ["GroupingSettings", "components", "exact_groups", "near_groups", "group_labels"]

Labels = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class GroupingSettings:
    """How near-duplicates are found (defaults chosen by measurement, see docs/consult.md)."""

    shingle: int = 3  # characters per shingle
    bins: int = 64  # MinHash signature length
    bands: int = 16  # LSH bands (rows per band = bins / bands)
    threshold: float = 0.6  # estimated Jaccard similarity a candidate pair must reach
    min_shingles: int = 4  # a comment with fewer shingles of its own joins no campaign
    verify_chunk: int = 1 << 18  # pairs verified at a time (memory: chunk × bins bytes)


def components(n: int, a: NDArray[np.int64], b: NDArray[np.int64], parent: Labels | None = None) -> Labels:
    """Connected components of the graph with edges ``a[i]–b[i]``: each node's smallest member."""
    parent = np.arange(n, dtype=np.int64) if parent is None else parent.copy()
    while len(a):
        pa, pb = parent[a], parent[b]
        differ = pa != pb
        if not differ.any():
            break
        a, b, pa, pb = a[differ], b[differ], pa[differ], pb[differ]
        np.minimum.at(parent, np.maximum(pa, pb), np.minimum(pa, pb))
        while True:  # pointer jumping until every node points at its root
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
    return parent


def exact_groups(keys: NDArray[np.uint64]) -> Labels:
    """For each comment, the index of the first comment with the same text key."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.ones(len(keys), dtype=bool)
    starts[1:] = sorted_keys[1:] != sorted_keys[:-1]
    run = np.cumsum(starts) - 1
    first = order[np.flatnonzero(starts)]  # stable sort: the first of each run is the earliest comment
    labels = np.empty(len(keys), dtype=np.int64)
    labels[order] = first[run]
    return labels


def _bucket_pairs(keys: NDArray[np.uint64], members: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    order = np.argsort(keys)  # not stable, but deterministic: the same keys give the same pairs everywhere
    sorted_keys = keys[order]
    same = sorted_keys[1:] == sorted_keys[:-1]
    if not same.any():
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    starts = np.ones(len(keys), dtype=bool)
    starts[1:] = ~same
    head = np.maximum.accumulate(np.where(starts, np.arange(len(keys)), 0))
    follower = np.flatnonzero(~starts)
    ordered = members[order]
    first = ordered[head[follower]]
    previous = ordered[follower - 1]
    this = ordered[follower]
    chain = previous != first
    return np.concatenate([first, previous[chain]]), np.concatenate([this, this[chain]])


def _similar(sig: NDArray[np.uint32], a: NDArray[np.int64], b: NDArray[np.int64], threshold: float, chunk: int) -> NDArray[np.bool_]:
    keep = np.zeros(len(a), dtype=bool)
    need = int(np.ceil(threshold * sig.shape[1] - 1e-9))
    for start in range(0, len(a), chunk):
        end = start + chunk
        equal = (sig[a[start:end]] == sig[b[start:end]]).sum(axis=1)
        keep[start:end] = equal >= need
    return keep


def near_groups(
    sig: NDArray[np.uint32],
    eligible: NDArray[np.bool_],
    settings: GroupingSettings,
    parent: Labels | None = None,
) -> Labels:
    """Components of verified LSH candidate pairs among the ``eligible`` rows of ``sig``."""
    n = len(sig)
    parent = np.arange(n, dtype=np.int64) if parent is None else parent
    members = np.flatnonzero(eligible).astype(np.int64)
    if len(members) < 2:
        return parent
    candidates = sig[members]
    for band in range(settings.bands):
        a, b = _bucket_pairs(band_keys(candidates, settings.bands, band), members)
        if not len(a):
            continue
        open_ = parent[a] != parent[b]  # pairs already joined need no check
        a, b = a[open_], b[open_]
        keep = _similar(sig, a, b, settings.threshold, settings.verify_chunk)
        parent = components(n, a[keep], b[keep], parent)
    return parent


def group_labels(
    keys: NDArray[np.uint64],
    sig: NDArray[np.uint32],
    eligible: NDArray[np.bool_],
    settings: GroupingSettings | None = None,
) -> Labels:
    """The group of every comment: the index of the earliest comment of its group.

    Exact duplicates first (only each text's first comment goes on to LSH), then campaigns.
    """
    settings = settings or GroupingSettings()
    exact = exact_groups(keys)
    firsts = np.flatnonzero(exact == np.arange(len(keys)))
    near = near_groups(sig[firsts], eligible[firsts], settings)
    # near[i] indexes firsts: map back to comment indexes, then every duplicate follows its first
    root_of_first = firsts[near]
    label_of = np.empty(len(keys), dtype=np.int64)
    label_of[firsts] = root_of_first
    return label_of[exact]
