"""Scoring grouping and attribution against the planted truth of a synthetic set (:mod:`.synth`).

- a campaign is *recovered* by the group holding most of its members: its recall is the share of the
  campaign's members in that group, its purity the share of that group's members that belong to the campaign;
- *false merges*: individual (non-campaign) comments that are not the same comment resubmitted, yet share a
  group — counted as the number of distinct originals in a group, minus one, summed over groups;
- *duplicates missed*: a resubmission not in its original's group;
- *attribution*: a comment is attributed right when its first unit is the truth's unit (总体: no unit), by how
  the truth says it refers to its unit.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from caina.core.consult.units import GENERAL

__all__ = ["Score", "score"]


@dataclass(frozen=True)
class Score:
    campaigns: int
    worst_recall: float
    worst_purity: float
    mean_recall: float
    false_merges: int
    duplicates: int
    duplicates_missed: int
    attribution: dict[str, tuple[int, int]]  # how → (right, total)
    recall_by_campaign: dict[str, float]
    purity_by_campaign: dict[str, float]

    def accuracy(self, how: str) -> float:
        right, total = self.attribution.get(how, (0, 0))
        return right / total if total else 1.0


def score(
    truth: Sequence[tuple[str, str, str, str, str]],
    groups: Sequence[int],
    articles: Sequence[str],
) -> Score:
    """``truth``: (id, campaign, duplicate_of, article, how) per comment; ``groups``: the group of each comment;
    ``articles``: the units it was attributed to, joined by "、" (总体 for none)."""
    members: dict[int, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        members[g].append(i)
    by_campaign: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(truth):
        if t[1]:
            by_campaign[t[1]].append(i)
    recall: dict[str, float] = {}
    purity: dict[str, float] = {}
    for name, idx in by_campaign.items():
        g, hits = Counter(groups[i] for i in idx).most_common(1)[0]
        recall[name] = hits / len(idx)
        purity[name] = sum(1 for i in members[g] if truth[i][1] == name) / len(members[g])
    index_of = {t[0]: i for i, t in enumerate(truth)}
    originals: dict[int, set[str]] = defaultdict(set)
    duplicates = missed = 0
    for i, t in enumerate(truth):
        if t[1]:
            continue
        originals[groups[i]].add(t[2] or t[0])
        if t[2]:
            duplicates += 1
            j = index_of.get(t[2])
            if j is None or groups[j] != groups[i]:
                missed += 1
    false_merges = sum(len(s) - 1 for s in originals.values() if len(s) > 1)
    attribution: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for t, got in zip(truth, articles, strict=True):
        first = got.split("、")[0] if got else GENERAL
        right = first == t[3]
        cell = attribution[t[4]]
        cell[0] += right
        cell[1] += 1
    return Score(
        campaigns=len(by_campaign),
        worst_recall=min(recall.values(), default=1.0),
        worst_purity=min(purity.values(), default=1.0),
        mean_recall=sum(recall.values()) / len(recall) if recall else 1.0,
        false_merges=false_merges,
        duplicates=duplicates,
        duplicates_missed=missed,
        attribution={k: (v[0], v[1]) for k, v in attribution.items()},
        recall_by_campaign=recall,
        purity_by_campaign=purity,
    )
