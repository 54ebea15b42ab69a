"""How far caina's layout is from Word's printout: every pair in ../shared/wordpairs, before and after calibration.

Run: ``.venv/bin/python bench/wordpairs.py [--shared ../shared] [--json]``

For each folder (``source.docx`` + ``word.pdf``, the PDF Word printed from it):

- lines: agreement of caina's layout with Word's PDF, line by line (page, line number, text) — what
  ``caina verify-layout source.docx --against word.pdf`` prints on its last line — under the LibreOffice-
  measured profile (``gbt9704``, caina's default before issue 11), under the draft's default profile
  now (``word``), and after ``caina calibrate``;
- paragraphs: multi-line paragraphs caina breaks at exactly Word's places (the measure of
  ../shared/wordpairs/README.md, where the engine of 2026-12-03 scored 31 %).

Prints a table and the totals; asserts nothing. Takes a few seconds a document.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from caina.core.calibrate import calibrate
from caina.core.layout import layout
from caina.core.printed import printed_layout
from caina.core.profiles import BUILTIN, default_profile, overrides
from caina.core.verify import paragraph_agreement, verify_printed
from caina.io.drafts import read_draft
from caina.io.printed import read_pdf
from caina.services.layouts import read_printed_copy


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    root = args.shared / "wordpairs"
    if not root.is_dir():
        print(f"no wordpairs at {root}", file=sys.stderr)
        return 1
    rows = []
    for folder in sorted(p for p in root.iterdir() if (p / "source.docx").exists()):
        t = time.perf_counter()
        draft = read_draft(folder / "source.docx")
        pdf = folder / "word.pdf"
        raw = read_pdf(pdf)
        made_by, printed_by = raw.made_by, f"{raw.creator} {raw.producer}"
        printed = printed_layout(draft, read_printed_copy(pdf, draft))
        row = {"doc": folder.name, "lines": len(printed.lines), "made_by": made_by}
        default = default_profile(draft, printed_by)
        row["profile"] = default.name
        for name, settings in (("gbt9704", BUILTIN["gbt9704"].settings), ("default", default.settings)):
            v = verify_printed(draft, printed, settings)
            same, total = paragraph_agreement(layout(draft, settings), printed)
            row[name] = {"lines": round(v.agreement, 4), "paragraphs": [same, total]}
        c = calibrate(draft, printed, printed_by=printed_by)
        row["calibrated"] = {
            "lines": round(c.after.agreement, 4),
            "paragraphs": list(c.paragraphs_after),
            "base": c.profile.base,
            "switches": overrides(c.profile.settings, BUILTIN[c.profile.base].settings),
        }
        row["seconds"] = round(time.perf_counter() - t, 2)
        rows.append(row)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print(f"caina bench/wordpairs.py — {time.strftime('%Y-%m-%d')}")
    print(f"{'doc':<5}{'lines':>6}  {'gbt9704':>16}  {'default (word)':>16}  {'calibrated':>16}  switches")
    tot = {k: [0.0, 0, 0] for k in ("gbt9704", "default", "calibrated")}
    for r in rows:
        cells = []
        for k in ("gbt9704", "default", "calibrated"):
            ln, (ps, pt) = r[k]["lines"], r[k]["paragraphs"]
            cells.append(f"{ln:>7.1%} {ps:>3}/{pt:<3}")
            tot[k][0] += ln * r["lines"]
            tot[k][1] += ps
            tot[k][2] += pt
        sw = ", ".join(f"{k}={v}" for k, v in r["calibrated"]["switches"].items())
        print(f"{r['doc']:<5}{r['lines']:>6}  {cells[0]:>16}  {cells[1]:>16}  {cells[2]:>16}  {r['calibrated']['base']}: {sw}")
    n = sum(r["lines"] for r in rows)
    print("all  " + f"{n:>6}  " + "  ".join(f"{tot[k][0] / n:>7.1%} {tot[k][1]:>3}/{tot[k][2]:<3}" for k in tot))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
