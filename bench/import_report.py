"""Benchmark importing a 10 MB report of long lines (issue 12, item 9): the code now and before, in one run.

Run: ``.venv/bin/python bench/import_report.py [--mb 10] [--repeat 1]``

1. builds an honest report of 10,000,000 bytes: the seed report's opening,
   then its items again and again, each item on one long line (its opinion
   and decision, about 3 KB), each with its own number and its own words,
   so that nothing can be remembered from one item to the next;
2. runs, each in a fresh process, with the code now and with the baseline
   (bench/baseline.py: the commit before issue 12's work):

   - ``caina import-report big.txt --json`` (parse, print the JSON),
   - ``caina import-report big.txt -o DIR`` (parse, convert, write and
     re-read review.yaml);
3. prints wall and CPU time of each (the current code's best of ``--repeat``), and the ratio baseline / now.

Target (issue 12): under 10 s. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline import BASELINE_COMMIT, ROOT, export_baseline, machine, run, workdir

SEED = ROOT.parent / "shared" / "seed" / "000_959329f21d3aac59.txt"
_WORDS = ("技术", "平台", "企业", "项目", "研究", "建设", "发展", "创新")


def make_report(size: int) -> str:
    text = SEED.read_text(encoding="utf-8")
    head, _, rest = text.partition("\n1.")
    items = [re.sub(r"^\d+\.", "", it).replace("\n", "") for it in re.split(r"\n(?=\d+\.)", "1." + rest)]
    out = [head]
    total = len(head.encode()) + 1  # the last line's newline counts too
    n = 0
    while total < size:
        for item in items:
            n += 1
            body = item
            while len(body.encode()) < 3000:  # a long line: the item's narration repeated, as long reports do
                body += item[: len(item) // 2]
            for k, word in enumerate(_WORDS):  # every item its own words
                body = body.replace(word, f"{word}{(n * 7 + k) % 997}", 1)
            line = f"{n}.{body}"
            if total + len(line.encode()) + 1 > size:
                line = line.encode()[: size - total - 1].decode("utf-8", "ignore")
            out.append(line)
            total += len(line.encode()) + 1
            if total >= size:
                break
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=10.0, help="report size in MB (10^6 bytes)")
    parser.add_argument("--no-baseline", action="store_true", help="time the current code only")
    parser.add_argument("--repeat", type=int, default=2, help="runs of the current code (the best is shown)")
    args = parser.parse_args()
    work = workdir("import")
    report = work / "big.txt"
    report.write_text(make_report(int(args.mb * 1_000_000)), encoding="utf-8")
    lines = report.read_text(encoding="utf-8").count("\n")
    print(f"machine: {machine()}")
    print(f"report: {report.stat().st_size:,} bytes, {lines:,} lines (seeded from the Baise report)")
    base_src = None if args.no_baseline else export_baseline(work)
    rows = []
    for label, argv in (
        ("import-report --json", ["import-report", str(report), "--json"]),
        ("import-report -o DIR", ["import-report", str(report), "-o", str(work / "case")]),
    ):
        runs = []
        for _ in range(max(1, args.repeat)):
            runs.append(run(argv, cwd=work))
            shutil.rmtree(work / "case", ignore_errors=True)
        now = min(runs, key=lambda t: t.wall)
        before = run(argv, cwd=work, src=base_src) if base_src else None
        shutil.rmtree(work / "case", ignore_errors=True)
        rows.append((label, now, before))
    print(f"\n| command | now wall / CPU | baseline {BASELINE_COMMIT} wall / CPU | ratio (wall) | target |")
    print("|---|---|---|---|---|")
    for label, now, before in rows:
        status = "ok" if now.exit == 0 else f"exit {now.exit}: {now.output.strip()[:120]}"
        b = f"{before.wall:.1f} s / {before.cpu:.1f} s" if before else "—"
        if before and before.exit != 0:
            b += f" (exit {before.exit})"
        ratio = f"{before.wall / now.wall:.1f} ×" if before else "—"
        met = "met" if now.wall < 10 and now.exit == 0 else "NOT met"
        print(f"| `{label}` | {now.wall:.1f} s / {now.cpu:.1f} s ({status}) | {b} | {ratio} | < 10 s: {met} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
