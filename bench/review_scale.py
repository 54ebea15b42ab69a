"""Benchmark the report of a review with 20,000 opinions (issue 12, item 9): the code now and before, in one run.

Run: ``.venv/bin/python bench/review_scale.py [--opinions 20000]``

1. writes a case: the Baise example (its draft and review.yaml) with 20,000
   more opinions — public comments, a third of them quoting a passage of
   the draft (each quote found once in it) with ``{target:1}`` in their text,
   the rest without; decisions 不予采纳 / 已有体现 with reasons;
2. runs ``caina report DIR -o report.md`` in a fresh process with the code
   now (``--repeat`` times: best and median) and with the baseline
   (bench/baseline.py: the commit before issue 12's work, once);
3. prints wall and CPU time and the ratio baseline / now (best).

Target (issue 12): under 5 s. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline import BASELINE_COMMIT, ROOT, export_baseline, machine, run, workdir

EXAMPLE = ROOT / "examples" / "baise"


def make_case(directory: Path, n: int, seed: int = 1) -> None:
    directory.mkdir(parents=True)
    shutil.copy(EXAMPLE / "draft.txt", directory / "draft.txt")
    draft = (EXAMPLE / "draft.txt").read_text(encoding="utf-8")
    lines = [ln for ln in draft.splitlines() if len(ln) > 30 and not ln.startswith("|")]
    rnd = random.Random(seed)
    extra = []
    for i in range(n):
        if i % 3 == 0:
            while True:
                line = rnd.choice(lines)
                at = rnd.randrange(0, len(line) - 16)
                quote = line[at : at + 14]
                if draft.count(quote) == 1 and not set(quote) & set("'\"{}:#"):
                    break
            extra.append(
                f"  - proposer: 财政局\n    text: 建议在{{target:1}}处再斟酌（第{i}条公众意见）。\n"
                f"    targets:\n      - '{quote}'\n    decision: 不予采纳\n    reason: 已有相关表述。\n"
            )
        else:
            extra.append(f"  - proposer: 人社局\n    text: 建议进一步完善政策措施，第{i}条。\n    decision: 已有体现\n    reason: 草案已有体现。\n")
    review = (EXAMPLE / "review.yaml").read_text(encoding="utf-8")
    (directory / "review.yaml").write_text(review.replace("\nedits:", "\n" + "".join(extra) + "\nedits:", 1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--opinions", type=int, default=20_000)
    parser.add_argument("--no-baseline", action="store_true", help="time the current code only")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the current code (best and median shown)")
    args = parser.parse_args()
    work = workdir("review")
    case = work / "case"
    make_case(case, args.opinions)
    size = (case / "review.yaml").stat().st_size
    print(f"machine: {machine()}")
    print(f"review.yaml: {args.opinions + 8:,} opinions, {size:,} bytes")
    runs = [run(["report", str(case), "-o", str(work / f"now{i}.md")], cwd=work) for i in range(max(1, args.repeat))]
    now = min(runs, key=lambda t: t.wall)
    median = sorted(t.wall for t in runs)[len(runs) // 2]
    base_src = None if args.no_baseline else export_baseline(work)
    before = run(["report", str(case), "-o", str(work / "before.md")], cwd=work, src=base_src) if base_src else None
    print(f"\n| command | now best / median wall, CPU | baseline {BASELINE_COMMIT} wall / CPU | ratio (best wall) | target |")
    print("|---|---|---|---|---|")
    b = f"{before.wall:.1f} s / {before.cpu:.1f} s" if before else "—"
    ratio = f"{before.wall / now.wall:.1f} ×" if before else "—"
    status = "ok" if now.exit == 0 else f"exit {now.exit}: {now.output.strip()[:160]}"
    met = "met" if now.wall < 5 and now.exit == 0 else "NOT met"
    print(f"| `report -o report.md` | {now.wall:.1f} s / {median:.1f} s, {now.cpu:.1f} s ({status}) | {b} | {ratio} | < 5 s: {met} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
