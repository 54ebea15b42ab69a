"""import-report and check on the real published texts of ../shared/realdocs/, against hand annotations.

Run: ``.venv/bin/python bench/realdocs.py [--dir ../shared/realdocs] [--json]``

For each file (its two header lines and the "[... excerpt ends here ...]" marker taken off, as
the folder's README says), with the annotations in bench/realdocs.yaml:

- import-report: the stated counts found (key and value), the items listed (how many, and each
  one's decision), crashes, the warnings it gives;
- check: every warning and error, each marked as a real slip (annotated) or a false alarm;
  false alarms per 10,000 characters over all the texts, and the precision of each rule.
  The check also reads the other real texts listed under ``extra`` in the annotations (the
  seed report with its known slips, three Word documents of ../shared/wordpairs).

Prints a per-file table and the totals; ``--json`` prints the measures as JSON. The same
measures back tests/test_realdocs.py and the tables in docs/import.md and docs/checks.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT.parent / "shared" / "realdocs"
ANNOTATIONS = Path(__file__).resolve().parent / "realdocs.yaml"
CUT = "[... excerpt ends here ...]"


def body_of(path: Path) -> str:
    """The document's text: without the SOURCE:/TITLE: lines and the excerpt-cut marker."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[0].startswith("SOURCE:"):
        lines = lines[1:]
    if lines and lines[0].startswith("TITLE:"):
        lines = lines[1:]
    return "\n".join(line for line in lines if line.strip() != CUT)


def annotations() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = yaml.safe_load(ANNOTATIONS.read_text(encoding="utf-8"))
    data.pop("extra", None)
    return data


def extra_texts(directory: Path) -> list[tuple[Path, dict[str, Any]]]:
    """The other real texts read for precision (the seed report, Word documents), beside ``directory``."""
    data = yaml.safe_load(ANNOTATIONS.read_text(encoding="utf-8")).get("extra") or {}
    shared = directory.parent
    return [(shared / name, note or {}) for name, note in data.items() if (shared / name).exists()]


@dataclass
class ImportResult:
    name: str
    counts_expected: int = 0
    counts_found: int = 0
    counts_missed: list[str] = field(default_factory=list)
    items_expected: int | None = None  # None: the text lists no items
    items_found: int = 0
    decisions_expected: int = 0
    decisions_right: int = 0
    spurious_items: int = 0
    crashed: str = ""
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def measure_import(path: Path, note: dict[str, Any]) -> ImportResult:
    from caina.core.report_parse import parse_report, to_json
    from caina.io.simplified import to_simplified

    r = ImportResult(path.name)
    t0 = time.perf_counter()
    try:
        text, _converted = to_simplified(body_of(path))
        data = to_json(parse_report(text))
    except Exception:  # noqa: BLE001 - a crash is what we measure
        r.crashed = traceback.format_exc(limit=3)
        return r
    r.seconds = time.perf_counter() - t0
    r.warnings = list(data["warnings"])
    stated = [(c["key"], c["value"]) for c in data["stated_counts_all"]]
    for key, value in (note.get("counts") or {}).items():
        key = str(key).split("#")[0]
        r.counts_expected += 1
        if (key, value) in stated:
            stated.remove((key, value))
            r.counts_found += 1
        else:
            r.counts_missed.append(f"{key}={value}")
    ops = [o for o in data["opinions"] if o["decision"] != "no_opinion"]
    expected = note.get("items")
    r.items_found = len(ops)
    if expected is None:
        r.spurious_items = len(ops)
        return r
    r.items_expected = len(expected)
    r.decisions_expected = len(expected)
    for (decision, proposer), op in zip(expected, ops, strict=False):
        if op["decision"] == decision and (proposer is None or op["proposer"] == proposer):
            r.decisions_right += 1
    return r


@dataclass
class CheckResult:
    name: str
    kind: str = ""
    chars: int = 0
    true: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    by_rule: dict[str, list[int]] = field(default_factory=dict)  # rule → [true, false]
    crashed: str = ""


def measure_check(path: Path, note: dict[str, Any], tmp: Path) -> CheckResult:
    from caina.services.checks import check_file

    r = CheckResult(path.name if path.parent.name == "realdocs" else f"{path.parent.name}/{path.name}")
    if path.suffix == ".txt":
        copy = tmp / path.name
        copy.write_text(body_of(path), encoding="utf-8")
    else:
        copy = path
    try:
        result = check_file(copy)
    except Exception:  # noqa: BLE001
        r.crashed = traceback.format_exc(limit=3)
        return r
    r.kind, r.chars = result.kind, result.chars
    slips = [list(s) for s in note.get("slips") or []]
    for f in result.findings:
        if f.severity.value == "info":
            continue
        hit = next((s for s in slips if s[0] == f.rule and s[1] in f.excerpt + f.message), None)
        line = f"{f.rule} {f.excerpt} — {f.message}"
        tally = r.by_rule.setdefault(f.rule, [0, 0])
        if hit is not None:
            slips.remove(hit)
            r.true.append(line)
            tally[0] += 1
        else:
            r.false.append(line)
            tally[1] += 1
    r.missed = [f"{rule} {piece}" for rule, piece in slips]
    return r


def run(directory: Path, *, extra: bool = True) -> tuple[list[ImportResult], list[CheckResult]]:
    """import-report and check on every text of ``directory``; check also on the other real texts."""
    import tempfile

    notes = annotations()
    imports, checks = [], []
    with tempfile.TemporaryDirectory(prefix="caina-realdocs-") as tmp:
        for path in sorted(directory.glob("*.txt")):
            note = notes.get(path.name, {})
            imports.append(measure_import(path, note))
            checks.append(measure_check(path, note, Path(tmp)))
        if extra:
            for path, note in extra_texts(directory):
                checks.append(measure_check(path, note, Path(tmp)))
    return imports, checks


def totals(imports: list[ImportResult], checks: list[CheckResult]) -> dict[str, Any]:
    listing = [r for r in imports if r.items_expected]
    chars = sum(c.chars for c in checks)
    false = sum(len(c.false) for c in checks)
    rules: dict[str, list[int]] = {}
    for c in checks:
        for rule, (t, f) in c.by_rule.items():
            acc = rules.setdefault(rule, [0, 0])
            acc[0] += t
            acc[1] += f
    return {
        "files": len(imports),
        "crashes": sum(1 for r in imports if r.crashed) + sum(1 for c in checks if c.crashed),
        "counts_expected": sum(r.counts_expected for r in imports),
        "counts_found": sum(r.counts_found for r in imports),
        "item_lists_expected": len(listing),
        "item_lists_right": sum(1 for r in listing if r.items_found == r.items_expected),
        "decisions_expected": sum(r.decisions_expected for r in imports),
        "decisions_right": sum(r.decisions_right for r in imports),
        "spurious_items": sum(r.spurious_items for r in imports),
        "check_chars": chars,
        "check_true": sum(len(c.true) for c in checks),
        "check_false": false,
        "false_per_10k": round(false / chars * 10000, 2) if chars else 0.0,
        "slips_expected": sum(len(c.true) + len(c.missed) for c in checks),
        "rules": {k: {"true": v[0], "false": v[1]} for k, v in sorted(rules.items())},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every finding and warning")
    args = ap.parse_args()
    if not args.dir.is_dir():
        sys.exit(f"no such folder: {args.dir}")
    imports, checks = run(args.dir)
    t = totals(imports, checks)
    if args.json:
        print(json.dumps({"totals": t, "imports": [vars(r) for r in imports], "checks": [vars(c) for c in checks]},
                         ensure_ascii=False, indent=1))
        return
    print(f"{'file':<40} {'counts':>7} {'items':>7} {'dec':>5} {'kind':<7} {'true':>4} {'false':>5}")
    for r, c in zip(imports, checks[: len(imports)], strict=True):
        items = f"{r.items_found}/{r.items_expected}" if r.items_expected is not None else f"{r.items_found}/-"
        print(f"{r.name[:40]:<40} {r.counts_found:>3}/{r.counts_expected:<3} {items:>7} "
              f"{r.decisions_right:>2}/{r.decisions_expected:<2} {c.kind:<7} {len(c.true):>4} {len(c.false):>5}"
              + ("  CRASH" if r.crashed or c.crashed else ""))
        if args.verbose:
            for m in r.counts_missed:
                print(f"      missed count {m}")
            for w in r.warnings:
                print(f"      warning: {w[:100]}")
            for x in c.false:
                print(f"      FALSE {x[:110]}")
            for x in c.missed:
                print(f"      missed slip {x}")
            if r.crashed or c.crashed:
                print(r.crashed or c.crashed)
    for c in checks[len(imports) :]:
        print(f"{c.name[:40]:<40} {'':>7} {'':>7} {'':>5} {c.kind:<7} {len(c.true):>4} {len(c.false):>5}"
              + ("  CRASH" if c.crashed else ""))
        if args.verbose:
            for x in c.false:
                print(f"      FALSE {x[:110]}")
            for x in c.missed:
                print(f"      missed slip {x}")
    print()
    print(f"import-report: stated counts {t['counts_found']}/{t['counts_expected']}"
          f" ({t['counts_found'] / max(1, t['counts_expected']):.0%}); item lists {t['item_lists_right']}"
          f"/{t['item_lists_expected']}; decisions {t['decisions_right']}/{t['decisions_expected']}"
          f" ({t['decisions_right'] / max(1, t['decisions_expected']):.0%}); items where none is listed"
          f" {t['spurious_items']}; crashes {t['crashes']}")
    print(f"check: {t['check_chars']:,} characters; real slips found {t['check_true']}/{t['slips_expected']};"
          f" false alarms {t['check_false']} = {t['false_per_10k']} per 10,000 characters")
    for rule, v in t["rules"].items():
        print(f"  {rule:<22} true {v['true']:>3}  false {v['false']:>3}")


if __name__ == "__main__":
    main()
