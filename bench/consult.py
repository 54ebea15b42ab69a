"""Benchmark the public-consultation pipeline on a million comments, beside datasketch in the same run.

Run: ``.venv/bin/python bench/consult.py [--n 1000000] [--seed 9] [--baseline-n N] [--libraries N]``

1. makes ``--n`` synthetic comments (about 100 characters each) against examples/consult/draft.txt with
   ``caina consult synth``'s generator (cached in the system temp directory: not timed);
2. runs caina's pipeline stage by stage in one process, on a throw-away SQLite store: **import** (CSV →
   store), **grouping** (normalise + signatures of each partition, then the global LSH step),
   **attribution** (references, Aho-Corasick quotes, similarity), **stats** (aggregates, JSON and the
   assignment CSV); the time and the peak resident memory of each stage (sampled every 20 ms);
3. runs the baseline in the same process on the same comments, after the same normalisation: datasketch
   ``MinHash`` (64 permutations, the same 3-character shingles of the same text) + ``MinHashLSH``
   (threshold 0.5), candidates taken bucket by bucket from its hash tables and verified by the estimated
   Jaccard ≥ 0.5 like caina's, then connected components; time, peak memory;
4. scores both groupings against the planted truth (campaign recall and purity, false merges) and prints
   the ratio of the grouping times;
5. with ``--libraries N``: on the first N comments, times the MinHash + LSH step alone for caina's NumPy
   code, datasketch and rensa (``RMinHash`` + ``RMinHashLSH``), same shingles, same threshold — the
   measurement behind the choice in docs/consult.md.

Nothing here asserts a time: it prints tables (and ``--json FILE`` writes them).
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from caina.core.consult.evaluate import score
from caina.core.consult.grouping import GroupingSettings, components, group_labels
from caina.core.consult.minhash import shingle_hashes, signatures, text_keys
from caina.core.consult.normalize import core_text, encode, normalize_many
from caina.services import consult

ROOT = Path(__file__).resolve().parents[1]
DRAFT = ROOT / "examples" / "consult" / "draft.txt"


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the worker processes): independent of how
    busy the machine is, unlike the wall-clock time."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def load() -> float:
    return os.getloadavg()[0]


class Peak:
    """Samples the resident memory every 20 ms; ``stage()`` records the peak of each stage."""

    def __init__(self) -> None:
        self.current = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.current = max(self.current, rss_mb())
            time.sleep(0.02)

    @contextmanager
    def stage(self, into: dict[str, Any], name: str) -> Iterator[None]:
        gc.collect()
        self.current = rss_mb()
        t, cpu = time.perf_counter(), cpu_seconds()
        yield
        into[name] = {"seconds": time.perf_counter() - t, "cpu_seconds": cpu_seconds() - cpu,
                      "peak_mb": max(self.current, rss_mb())}  # fmt: skip

    def stop(self) -> None:
        self._stop.set()


def data(n: int, seed: int) -> Path:
    cache = Path(tempfile.gettempdir()) / "caina-bench-consult"
    cache.mkdir(exist_ok=True)
    path = cache / f"comments-{n}-{seed}.csv"
    if not path.exists() or not consult.truth_path(path).exists():
        t = time.perf_counter()
        consult.synth(DRAFT, n, path, seed=seed)
        print(f"generated {n:,} comments in {time.perf_counter() - t:.1f} s → {path}")
    return path


def read_truth(path: Path) -> list[tuple[str, str, str, str, str]]:
    with consult.truth_path(path).open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        next(rows)
        return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def pipeline(path: Path, peak: Peak, work: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    stages: dict[str, Any] = {}
    timings: dict[str, float] = {}
    draft = consult.load_draft(DRAFT)
    store = consult.open_store(f"sqlite:///{work / 'bench.db'}", throwaway=True)  # as caina consult run does
    try:
        with peak.stage(stages, "import"):
            imported = consult.import_comments(store, "bench", path)
        with peak.stage(stages, "analysis"):
            analysis = consult.analyse(store, "bench", draft, timings=timings)
        with peak.stage(stages, "stats"):
            result = consult.stats(store, "bench", top=None)
            consult.write_json(result, work / "stats.json")
            consult.write_assignments(store, "bench", work / "assign.csv")
    finally:
        store.close()
    a = stages.pop("analysis")
    grouping = timings["normalise"] + timings["signatures"] + timings["lsh"] + timings["summary"]
    attribution = timings["attribute"]
    rest = a["seconds"] - grouping - attribution  # reading batches from the store, saving results
    share = a["cpu_seconds"] / a["seconds"] if a["seconds"] else 1.0  # CPU seconds per wall second in the analysis
    stages["grouping"] = {"seconds": grouping, "cpu_seconds": grouping * share, "peak_mb": a["peak_mb"]}
    stages["attribution"] = {"seconds": attribution, "cpu_seconds": attribution * share, "peak_mb": a["peak_mb"]}
    stages["store I/O of the analysis"] = {"seconds": rest, "cpu_seconds": rest * share, "peak_mb": a["peak_mb"]}
    info = {"imported": imported.new, "groups": analysis.groups, "campaign_groups": analysis.campaigns,
            "timings": timings}  # fmt: skip
    return stages, info


def assignment(work: Path) -> tuple[list[int], list[str]]:
    groups: list[int] = []
    articles: list[str] = []
    with (work / "assign.csv").open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        next(rows)
        for r in rows:
            groups.append(int(r[1]))
            articles.append(r[2])
    return groups, articles


def normalised_bodies(path: Path, limit: int | None = None) -> tuple[list[str], np.ndarray[Any, Any]]:
    texts: list[str] = []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        next(rows)
        for r in rows:
            texts.append(r[4])
            if limit and len(texts) >= limit:
                break
    norms, cp, offsets = normalize_many(texts)
    return [core_text(s) for s in norms], text_keys(cp, offsets)


def shingles_of(text: str) -> list[bytes]:
    return [text[i : i + 3].encode("utf-8") for i in range(len(text) - 2)]


def datasketch_groups(bodies: Sequence[str], keys: np.ndarray[Any, Any], threshold: float = 0.5, num_perm: int = 64) -> np.ndarray[Any, Any]:
    """The baseline: exact duplicates by the same text keys, then datasketch MinHash + MinHashLSH on one text of each."""
    from datasketch import MinHash, MinHashLSH

    from caina.core.consult.grouping import exact_groups

    exact = exact_groups(keys)
    firsts = np.flatnonzero(exact == np.arange(len(keys)))
    hashes = MinHash.bulk([shingles_of(bodies[i]) for i in firsts], num_perm=num_perm)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    with lsh.insertion_session() as session:
        for j, m in enumerate(hashes):
            session.insert(j, m)
    a: list[int] = []
    b: list[int] = []
    for table in lsh.hashtables:
        for key in table.keys():  # noqa: SIM118 - a datasketch storage, not a dict
            bucket = sorted(table.get(key))
            head = bucket[0]
            for other in bucket[1:]:
                if hashes[head].jaccard(hashes[other]) >= threshold:
                    a.append(head)
                    b.append(other)
    near = components(len(firsts), np.array(a, dtype=np.int64), np.array(b, dtype=np.int64))
    label_of = np.empty(len(keys), dtype=np.int64)
    label_of[firsts] = firsts[near]
    return label_of[exact]


def caina_groups(bodies: Sequence[str], keys: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """caina's grouping on the same bodies, without the draft-quote masking (same input as the baselines)."""
    s = GroupingSettings()
    sigs = []
    for start in range(0, len(bodies), 50_000):
        cp, offsets = encode(bodies[start : start + 50_000])
        h, doc = shingle_hashes(cp, offsets, s.shingle)
        sigs.append(signatures(h, doc, len(offsets) - 1, s.bins))
    sig = np.concatenate(sigs)
    return group_labels(keys, sig, np.ones(len(bodies), dtype=bool), s)


def rensa_groups(bodies: Sequence[str], keys: np.ndarray[Any, Any], threshold: float = 0.5, num_perm: int = 64) -> np.ndarray[Any, Any]:
    import rensa

    from caina.core.consult.grouping import exact_groups

    exact = exact_groups(keys)
    firsts = np.flatnonzero(exact == np.arange(len(keys)))
    hashes = []
    for i in firsts:
        m = rensa.RMinHash(num_perm=num_perm, seed=42)
        t = bodies[i]
        m.update([t[k : k + 3] for k in range(len(t) - 2)])
        hashes.append(m)
    lsh = rensa.RMinHashLSH(threshold=threshold, num_perm=num_perm, num_bands=16)
    for j, m in enumerate(hashes):
        lsh.insert(j, m)
    a: list[int] = []
    b: list[int] = []
    for j, m in enumerate(hashes):
        for other in lsh.query(m):
            if other < j and m.jaccard(hashes[other]) >= threshold:
                a.append(other)
                b.append(j)
                break  # one verified earlier neighbour joins it to its component
    near = components(len(firsts), np.array(a, dtype=np.int64), np.array(b, dtype=np.int64))
    label_of = np.empty(len(keys), dtype=np.int64)
    label_of[firsts] = firsts[near]
    return label_of[exact]


def timed(peak: Peak, into: dict[str, Any], name: str, fn: Callable[[], Any]) -> Any:
    with peak.stage(into, name):
        return fn()


def quality(truth: Sequence[tuple[str, str, str, str, str]], labels: Sequence[int]) -> dict[str, Any]:
    s = score(truth, list(labels), ["总体"] * len(labels))
    return {"worst_campaign_recall": round(s.worst_recall, 4), "worst_purity": round(s.worst_purity, 4),
            "mean_recall": round(s.mean_recall, 4), "false_merges": s.false_merges,
            "duplicates_missed": s.duplicates_missed}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--baseline-n", type=int, default=0, help="run the datasketch baseline on the first N (0: all)")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--libraries", type=int, default=0, help="also compare caina/datasketch/rensa on the first N")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    path = data(args.n, args.seed)
    truth = read_truth(path)
    peak = Peak()
    report: dict[str, Any] = {"n": args.n, "seed": args.seed, "cpus": os.cpu_count(), "when": time.strftime("%Y-%m-%d %H:%M")}
    load_before = load()
    report["load_before"] = load_before
    with tempfile.TemporaryDirectory(prefix="caina-bench-consult-") as tmp:
        t0 = time.perf_counter()
        stages, info = pipeline(path, peak, Path(tmp))
        total = time.perf_counter() - t0
        groups, articles = assignment(Path(tmp))
        s = score(truth, groups, articles)
    report["pipeline"] = {"stages": stages, "total_seconds": total, "peak_mb": max(v["peak_mb"] for v in stages.values()), **info}
    report["pipeline"]["quality"] = {
        "campaigns": s.campaigns, "worst_campaign_recall": s.worst_recall, "worst_purity": s.worst_purity,
        "false_merges": s.false_merges, "duplicates_missed": s.duplicates_missed,
        "attribution": {k: round(s.accuracy(k), 4) for k in ("cited", "quoted", "similar", "general")},
    }  # fmt: skip
    cpu_total = sum(v["cpu_seconds"] for v in stages.values())
    report["pipeline"]["cpu_seconds"] = cpu_total
    print(f"\ncaina pipeline, {args.n:,} comments ({os.cpu_count()} cores; load average {load_before:.1f} before, "
          f"{load():.1f} after)")  # fmt: skip
    print(f"{'stage':<28}{'seconds':>10}{'CPU s':>10}{'peak MB':>10}")
    for name, v in stages.items():
        print(f"{name:<28}{v['seconds']:>10.1f}{v['cpu_seconds']:>10.1f}{v['peak_mb']:>10.0f}")
    print(f"{'whole pipeline':<28}{total:>10.1f}{cpu_total:>10.1f}{report['pipeline']['peak_mb']:>10.0f}")
    print("quality:", json.dumps(report["pipeline"]["quality"], ensure_ascii=False))
    print("analysis steps (s):", {k: round(v, 1) for k, v in info["timings"].items()})

    if not args.no_baseline:
        m = args.baseline_n or args.n
        cmp: dict[str, Any] = {}
        bodies, keys = timed(peak, cmp, "normalise (shared)", lambda: normalised_bodies(path, m))
        sub = truth[:m]
        ours = timed(peak, cmp, "caina grouping", lambda: caina_groups(bodies, keys))
        theirs = timed(peak, cmp, "datasketch grouping", lambda: datasketch_groups(bodies, keys))
        cmp["caina quality"] = quality(sub, ours.tolist())
        cmp["datasketch quality"] = quality(sub, theirs.tolist())
        ratio = cmp["datasketch grouping"]["seconds"] / cmp["caina grouping"]["seconds"]
        cmp["ratio"] = ratio
        report["baseline"] = {"n": m, **cmp}
        print(f"\ngrouping alone on the same {m:,} normalised comments (no draft-quote masking in either)")
        for name in ("caina grouping", "datasketch grouping"):
            print(f"{name:<28}{cmp[name]['seconds']:>10.1f} s{cmp[name]['cpu_seconds']:>10.1f} CPU s{cmp[name]['peak_mb']:>10.0f} MB")
        cpu_ratio = cmp["datasketch grouping"]["cpu_seconds"] / cmp["caina grouping"]["cpu_seconds"]
        cmp["cpu_ratio"] = cpu_ratio
        print(f"ratio datasketch / caina: {ratio:.1f}× (wall), {cpu_ratio:.1f}× (CPU)")
        print("caina     :", cmp["caina quality"])
        print("datasketch:", cmp["datasketch quality"])
        pipeline_grouping = stages["grouping"]["seconds"]
        print(f"(in the pipeline, caina's grouping incl. masking took {pipeline_grouping:.1f} s: "
              f"{cmp['datasketch grouping']['seconds'] / pipeline_grouping:.1f}× faster than the baseline)")  # fmt: skip

    if args.libraries:
        lib: dict[str, Any] = {}
        bodies, keys = normalised_bodies(path, args.libraries)
        sub = truth[: args.libraries]
        for name, fn in (("caina (NumPy)", caina_groups), ("datasketch", datasketch_groups), ("rensa", rensa_groups)):
            labels = timed(peak, lib, name, lambda fn=fn: fn(bodies, keys))  # type: ignore[misc]
            lib[name]["quality"] = quality(sub, labels.tolist())
        report["libraries"] = {"n": args.libraries, **lib}
        print(f"\nMinHash + LSH libraries on {args.libraries:,} comments")
        for name, v in lib.items():
            print(f"{name:<16}{v['seconds']:>8.1f} s{v['cpu_seconds']:>8.1f} CPU s{v['peak_mb']:>8.0f} MB  {v['quality']}")
    peak.stop()
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=float) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
