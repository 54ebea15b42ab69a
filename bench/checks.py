"""Benchmark ``caina check`` on a 100-page draft, beside a plain-regex baseline of the punctuation rules.

Run: ``.venv/bin/python bench/checks.py [--pages 100] [--seed 9704] [--repeat 5]``

1. builds the draft of bench/layout.py (seeded: headings, body text with
   digits, Latin, “quotes”, 《书名号》, ——, …… and 〔2018〕 references; about
   60,000 characters for 100 pages) and plants a few slips in it;
2. times ``check_draft`` — all rule families, with page/line locators for
   every finding — cold (first call in the process: jieba's idioms indexed,
   pypinyin loaded) and warm (best and median of ``--repeat``), with the
   layout given and with the layout computed inside;
3. times, in the same process, a plain-regex baseline: the punctuation
   rules as bare regular expressions over the same paragraphs, with no
   context, no pairing and no locators;
4. prints both times and their ratio, and how many findings each made;
5. runs ``caina check`` on the clean real texts (../shared/realdocs, the seed report, three
   Word documents; annotations in bench/realdocs.yaml, see bench/realdocs.py) and prints
   the false alarms per 10,000 characters, the real slips found, and each rule's precision,
   with the time it took.

Nothing here asserts a time: it prints a table.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from layout import make_draft

from caina.core.checks import check_draft, draft_paragraphs, summary
from caina.core.layout import layout
from caina.core.model import Draft

SLIPS = (
    ("加快推进", "加快推进,"),  # a half-width comma
    ("持续深化", "持续深化逐字逐局"),  # an idiom slip
    ("全面落实", "全面落实（2018-2020年）"),  # a hyphenated year range
    ("统筹推进", "统筹推进。。"),  # doubled punctuation
)

BASELINE = (
    re.compile(r"(?<=[\u4e00-\u9fff])[,:;?!()]|[,:;?!()](?=[\u4e00-\u9fff])"),
    re.compile(r"\.{3,}|。{3,}|(?<!…)…(?!…)"),
    re.compile(r"-{2,}|—{3}"),
    re.compile(r"(?:19|20)\d{2}-(?:19|20)\d{2}年"),
    re.compile(r"[，、；：。][，、；：。]"),
    re.compile(r"》、《"),
)


def plant(draft: Draft) -> Draft:
    """The draft with a few slips, once each, in body paragraphs."""
    parts = []
    for part in draft.parts:
        blocks = list(part.blocks)
        todo = list(SLIPS)
        for i, b in enumerate(blocks):
            if not todo:
                break
            old, new = todo[0]
            if b.kind.value == "body" and old in b.text:
                blocks[i] = replace(b, text=b.text.replace(old, new, 1))
                todo.pop(0)
        parts.append(replace(part, blocks=tuple(blocks)))
    return replace(draft, parts=tuple(parts))


def baseline(texts: list[str]) -> int:
    return sum(len(p.findall(t)) for t in texts for p in BASELINE)


def timed(fn, repeat: int) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--seed", type=int, default=9704)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    draft = plant(make_draft(args.pages, args.seed))
    lay = layout(draft)
    texts = [p.text for p in draft_paragraphs(draft)]
    chars = sum(len(t) for t in texts)
    print(f"draft: {lay.page_count} pages, {len(texts)} paragraphs, {chars:,} characters")

    t0 = time.perf_counter()
    first = check_draft(draft, lay)
    cold = time.perf_counter() - t0
    best, median, found = timed(lambda: check_draft(draft, lay), args.repeat)
    best_l, median_l, _ = timed(lambda: check_draft(draft), args.repeat)
    b_best, b_median, b_found = timed(lambda: baseline(texts), args.repeat)
    assert isinstance(found, list) and len(found) == len(first)

    rows = [
        ("check_draft, cold (first call)", cold, cold),
        ("check_draft, warm, layout given", best, median),
        ("check_draft, warm, layout computed", best_l, median_l),
        ("plain-regex punctuation baseline", b_best, b_median),
    ]
    print(f"{'what':<38} {'best s':>8} {'median s':>9}")
    for name, b, m in rows:
        print(f"{name:<38} {b:>8.3f} {m:>9.3f}")
    print(f"ratio check_draft (warm, median) / baseline (median): {median / b_median:,.0f}×")
    print(f"findings: check_draft {summary(found)}; baseline {b_found} regex hits")
    planted = {f.rule for f in found if f.severity.value != "info"}
    print(f"planted slips found by rule: {sorted(planted)}")
    target = "met" if median < 1.0 else "NOT met"
    print(f"target < 1 s for a {args.pages}-page draft (warm, layout given): {target}")
    real_texts()


def real_texts() -> None:
    """False alarms per 10,000 characters on the clean real texts, beside the time the check takes on them."""
    from realdocs import DEFAULT_DIR, run, totals  # bench/realdocs.py

    if not DEFAULT_DIR.is_dir():
        print(f"clean real texts: {DEFAULT_DIR} is not here; skipped")
        return
    t0 = time.perf_counter()
    imports, checks = run(DEFAULT_DIR)
    seconds = time.perf_counter() - t0
    t = totals(imports, checks)
    files = len(checks)
    print(
        f"clean real texts: {files} files, {t['check_chars']:,} characters; check and import-report on all of them "
        f"{seconds:.2f} s"
    )
    verdict = "met" if t["false_per_10k"] <= 2 else "NOT met"
    print(
        f"false alarms: {t['check_false']} = {t['false_per_10k']} per 10,000 characters (target ≤ 2: {verdict}); "
        f"real slips found {t['check_true']}/{t['slips_expected']}"
    )
    print(f"{'rule':<22} {'findings':>8} {'real':>5} {'false':>6} {'precision':>9}")
    for rule, v in t["rules"].items():
        n = v["true"] + v["false"]
        print(f"{rule:<22} {n:>8} {v['true']:>5} {v['false']:>6} {v['true'] / n:>9.0%}")


if __name__ == "__main__":
    main()
