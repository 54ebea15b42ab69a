"""Benchmark the layout engine on a realistic 100-page draft.

Run: ``.venv/bin/python bench/layout.py [--pages 100] [--seed 9704] [--no-soffice]``

1. builds a draft in memory with :func:`caina.core.generate.make_draft`
   (seeded: a 2号 title, headings of the four GB/T 9704 levels, numbered
   items, body paragraphs mixing 汉字, digits, Latin, “quotes”, 《书名号》,
   ——, …… and (国发〔2018〕27号)-style references, tables, an attachment);
2. times ``layout()`` (best and median of 5);
3. times resolving 10,000 random page/line locators ("P3倒数第五行") with
   ``caina.core.locators`` (or direct ``Layout.page()`` lookups if that module
   is missing);
4. if ``soffice`` and ``pdftotext`` are installed, writes the same draft as a
   GB/T 9704 .docx, renders it with LibreOffice and compares every line
   (:mod:`caina.services.verify`, the machinery of ``caina verify-layout``);
   ``bench/layout_vs_libreoffice.py`` times the two side by side.

Nothing here asserts a time: it prints a table.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time

from caina.core.generate import make_draft
from caina.core.layout import layout
from caina.core.model import Draft
from caina.core.pages import Layout
from caina.io.libreoffice import tools_available

# ---------------------------------------------------------------- timings


def time_layout(draft: Draft, repeat: int = 5) -> tuple[float, float, Layout]:
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = layout(draft)
        times.append(time.perf_counter() - t0)
    assert result is not None
    return min(times), statistics.median(times), result


def time_locators(lay: Layout, count: int = 10_000, seed: int = 1) -> tuple[float, str]:
    rng = random.Random(seed)
    targets = []
    for _ in range(count):
        page = rng.randint(1, lay.page_count)
        lines = len(lay.pages[page - 1].lines)
        targets.append((page, rng.randint(1, max(1, lines)), rng.random() < 0.5))
    try:
        from caina.core.locators import Locator, parse_locator, render_locator, resolve
    except ImportError:
        t0 = time.perf_counter()
        for page, line, from_bottom in targets:
            p = lay.page(page)
            assert p is not None
            _ = p.lines[-line] if from_bottom else p.lines[line - 1]
        return time.perf_counter() - t0, "direct Layout.page() lookups (caina.core.locators missing)"
    texts = [render_locator(Locator(page=p, line=n, from_bottom=fb)) for p, n, fb in targets]
    t0 = time.perf_counter()
    for text in texts:
        resolve(lay, parse_locator(text))
    return time.perf_counter() - t0, f"caina.core.locators parse_locator + resolve (e.g. {texts[0]})"


# ---------------------------------------------------------------- LibreOffice


def compare_with_libreoffice(draft: Draft) -> list[tuple[str, str]]:
    """Render the draft with LibreOffice (one conversion, new profile) and compare it line by line."""
    from caina.core.verify import verify
    from caina.io.docx_writer import to_docx_bytes
    from caina.services.verify import oracle_lines

    t0 = time.perf_counter()
    [(lines, _pdf)] = oracle_lines([(draft, to_docx_bytes(draft))])
    seconds = time.perf_counter() - t0
    v = verify(draft, lines)
    rows = [
        ("soffice → pdf + pdftotext", f"{seconds * 1000:.0f} ms (new profile)"),
        ("LibreOffice pages", f"{v.oracle_pages} (caina {v.caina_pages})"),
        ("lines identical to LibreOffice's", f"{v.same} of {v.total} ({v.identical:.1%})"),
        ("LibreOffice faults tolerated", ", ".join(f"{k} {n}" for k, n in v.tolerated.items())),
        ("agreement after tolerances", f"{v.agreeing} of {v.total} ({v.agreement:.2%})"),
    ]
    if v.disagreements:
        r = v.disagreements[0]
        rows.append(("first disagreement", f"{r.locator}: caina {r.caina!r} / LibreOffice {r.oracle!r}"))
    return rows


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--seed", type=int, default=9704)
    ap.add_argument("--no-soffice", action="store_true", help="skip the LibreOffice comparison")
    args = ap.parse_args(argv)

    draft = make_draft(args.pages, args.seed, exact=True)
    chars = sum(len(b.text) for p in draft.parts for b in p.blocks)
    best, median, lay = time_layout(draft)
    loc_time, loc_mode = time_locators(lay)

    rows = [
        ("draft", f"{sum(len(p.blocks) for p in draft.parts)} blocks, {chars:,} characters, seed {args.seed}"),
        ("layout result", f"{lay.page_count} pages, {len(lay.lines):,} lines"),
        ("layout() best of 5", f"{best * 1000:.1f} ms"),
        ("layout() median of 5", f"{median * 1000:.1f} ms"),
        ("10,000 locators", f"{loc_time * 1000:.1f} ms ({loc_time / 10_000 * 1e6:.1f} µs each)"),
        ("locator method", loc_mode),
    ]
    if args.no_soffice:
        rows.append(("LibreOffice", "skipped (--no-soffice)"))
    elif not tools_available():
        rows.append(("LibreOffice", "soffice or pdftotext not installed: skipped"))
    else:
        rows += compare_with_libreoffice(draft)
    width = max(len(k) for k, _ in rows)
    print(f"caina layout benchmark — Python {sys.version.split()[0]}")
    print("-" * (width + 50))
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
