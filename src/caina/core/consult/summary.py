"""From group labels to the groups that are counted and published.

:func:`number_groups` numbers the groups (largest first, then by their first comment: group 1 is the largest
campaign), tells their kind (``single``; ``duplicate`` — every member the same normalised text;
``campaign``), picks a representative comment (the most frequent text of the group, the earliest on a tie)
and the units the group is about (the units most of its members are attributed to).

:func:`build_stats` turns the store's aggregates into the published statistics (the JSON of
``caina consult stats --json`` and ``caina consult run --json``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from caina.core.consult.units import GENERAL

__all__ = ["GroupTable", "number_groups", "build_stats", "UNIT_SEPARATOR", "split_units"]

UNIT_SEPARATOR = "、"
KINDS = ("single", "duplicate", "campaign")


@dataclass(frozen=True)
class GroupTable:
    group_no: NDArray[np.int64]  # per comment, 1..groups
    size: NDArray[np.int64]  # per group (index group_no - 1)
    kind: list[str]  # per group
    representative: NDArray[np.int64]  # per group: a comment's row index
    unit_code: NDArray[np.int64]  # per group: the code of its units

    @property
    def count(self) -> int:
        return len(self.size)


def _pick(group: NDArray[np.int64], value: NDArray[np.int64], n_groups: int) -> NDArray[np.int64]:
    """Per group, the value most of its members have (the earliest member's on a tie): a row index."""
    span = int(value.max()) + 1 if len(value) else 1
    pair = group * span + value  # one int64 key per (group, value)
    uniq, first, counts = np.unique(pair, return_index=True, return_counts=True)
    owner = uniq // span
    order = np.lexsort((first, -counts, owner))  # by group, most members, earliest
    take = np.ones(len(order), dtype=bool)
    take[1:] = owner[order][1:] != owner[order][:-1]
    chosen = np.full(n_groups, -1, dtype=np.int64)
    chosen[owner[order][take]] = first[order][take]
    return chosen


def number_groups(labels: NDArray[np.int64], keys: NDArray[np.uint64], unit_codes: NDArray[np.int64]) -> GroupTable:
    """Number the groups of ``labels`` (per comment: its group's earliest comment); see the module."""
    roots, inverse, sizes = np.unique(labels, return_inverse=True, return_counts=True)
    order = np.lexsort((roots, -sizes))  # largest first, then earliest
    number_of = np.empty(len(roots), dtype=np.int64)
    number_of[order] = np.arange(1, len(roots) + 1)
    group_no = number_of[inverse.reshape(-1)]
    n = len(roots)
    g = group_no - 1
    size = np.bincount(g, minlength=n).astype(np.int64)
    # kinds: a group whose members all share one text key is a set of duplicates
    key_codes = np.unique(keys, return_inverse=True)[1].reshape(-1).astype(np.int64)
    representative = _pick(g, key_codes, n)
    span = int(key_codes.max()) + 1 if len(key_codes) else 1
    distinct_keys = np.bincount(np.unique(g * span + key_codes) // span, minlength=n)
    kind = ["single" if s == 1 else "duplicate" if d == 1 else "campaign" for s, d in zip(size.tolist(), distinct_keys.tolist(), strict=True)]
    unit_rows = _pick(g, unit_codes, n)
    return GroupTable(group_no=group_no, size=size, kind=kind, representative=representative, unit_code=unit_codes[unit_rows])


def split_units(units: str) -> list[str]:
    return [u for u in units.split(UNIT_SEPARATOR) if u] or [GENERAL]


def build_stats(aggregates: dict[str, Any], *, distinct: int, unit_order: Sequence[str], top: int | None = None) -> dict[str, Any]:
    """The published statistics. ``unit_order``: the draft's unit labels in reading order (by_article follows it,
    总体 last); ``aggregates``: :meth:`caina.store.consult.ConsultStore.aggregates`."""
    by_article: dict[str, int] = {}
    for units, n in aggregates["by_units"]:
        for label in split_units(units):
            by_article[label] = by_article.get(label, 0) + n
    rank = {label: i for i, label in enumerate(unit_order)}
    ordered = dict(sorted(by_article.items(), key=lambda kv: (kv[0] == GENERAL, rank.get(kv[0], len(rank)), kv[0])))
    kinds = aggregates["kinds"]
    group_count = sum(n for n, _ in kinds.values())
    largest = aggregates["largest"] if top is None else aggregates["largest"][:top]
    return {
        "comments": aggregates["comments"],
        "participants": aggregates["named_authors"] + aggregates["anonymous"],
        "distinct": distinct,
        "groups": [
            {
                "id": int(g["group_no"]),
                "size": int(g["size"]),
                "representative": str(g["text"]),
                "articles": split_units(str(g["units"])),
                "kind": str(g["kind"]),
            }
            for g in largest
        ],
        "by_article": ordered,
        "by_channel": {(k or "未注明"): v for k, v in aggregates["by_channel"].items()},
        "by_day": {(k or "未注明"): v for k, v in aggregates["by_day"].items()},
        "group_count": group_count,
        "campaigns": {"groups": kinds.get("campaign", (0, 0))[0], "comments": kinds.get("campaign", (0, 0))[1]},
        "duplicates": {"groups": kinds.get("duplicate", (0, 0))[0], "comments": kinds.get("duplicate", (0, 0))[1]},
        "by_how": {h: aggregates["by_how"].get(h, 0) for h in ("cited", "quoted", "similar", "general")},
        "rejected": aggregates["rejected"],
    }
