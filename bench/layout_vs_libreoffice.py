"""caina's layout of a 50-page draft against LibreOffice's conversion of the same draft.

Run: ``.venv/bin/python bench/layout_vs_libreoffice.py [--pages 50] [--seed 9704] [--repeat 5]``

1. builds a realistic draft of at least ``--pages`` pages
   (:func:`caina.core.generate.make_draft`: headings of four levels, numbered
   items, digits and Latin, quotes, 书名号, ——, ……, tables, an attachment);
2. writes it as a GB/T 9704 .docx (:mod:`caina.io.docx_writer`) normalised for
   LibreOffice (:func:`caina.io.libreoffice.normalise_docx`);
3. times ``caina.core.layout.layout()`` (best and median of 4 × ``--repeat``,
   as :mod:`timeit` does: the garbage collector paused) and
   ``soffice --headless --convert-to pdf`` of the same draft: once with a new
   user profile (what one ``caina verify-layout`` run costs) and ``--repeat``
   times with a warm one (best and median);
4. reads LibreOffice's lines back (``pdftotext -bbox-layout``) and compares
   them with caina's, line by line (:func:`caina.core.verify.verify`).

Prints both times, the ratios and the agreement. Target: caina ≥ 100× faster
than the warm conversion, at ≥ 99.5 % of lines agreeing. Nothing is asserted:
it prints a table (and exits 1 when LibreOffice or pdftotext is missing).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import timeit
from pathlib import Path

from caina.core.generate import make_draft
from caina.core.layout import layout
from caina.core.model import Draft
from caina.core.pages import Layout
from caina.core.verify import Verification, verify
from caina.errors import ToolMissingError
from caina.io.docx_writer import to_docx_bytes
from caina.io.libreoffice import check_tools, normalise_docx, read_pdf_lines, render_pdfs
from caina.services.verify import geometry_of


def time_layout(draft: Draft, repeat: int) -> tuple[float, float, Layout]:
    """Best and median seconds of ``layout()``, timed as :mod:`timeit` does (garbage collector paused)."""
    lay = layout(draft)
    times = timeit.repeat(lambda: layout(draft), number=1, repeat=repeat)
    return min(times), statistics.median(times), lay


def time_libreoffice(draft: Draft, work: Path, repeat: int) -> tuple[float, list[float], Path]:
    """Seconds of one conversion with a new profile, of ``repeat`` with a warm one, and the PDF."""
    docx = work / "bench.docx"
    docx.write_bytes(normalise_docx(to_docx_bytes(draft), char_pitch_pt=draft.page.char_pitch_pt))
    t0 = time.perf_counter()
    [pdf] = render_pdfs([docx], work / "cold")
    cold = time.perf_counter() - t0
    profile = work / "profile"
    render_pdfs([docx], work / "warmup", profile=profile)  # creates the profile
    warm = []
    for i in range(repeat):
        t0 = time.perf_counter()
        render_pdfs([docx], work / f"warm{i}", profile=profile)
        warm.append(time.perf_counter() - t0)
    return cold, warm, pdf


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--pages", type=int, default=50)
    ap.add_argument("--seed", type=int, default=9704)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    try:
        check_tools()
    except ToolMissingError as exc:
        print(exc.message, file=sys.stderr)
        return 1

    draft = make_draft(args.pages, args.seed, exact=True)
    chars = sum(len(b.text) for p in draft.parts for b in p.blocks)
    best, median, lay = time_layout(draft, 4 * args.repeat)
    with tempfile.TemporaryDirectory(prefix="caina-bench-") as tmp:
        cold, warm, pdf = time_libreoffice(draft, Path(tmp), args.repeat)
        oracle = read_pdf_lines(pdf, geometry_of(draft.page))
    v: Verification = verify(draft, oracle)
    warm_best, warm_median = min(warm), statistics.median(warm)
    tolerated = "、".join(f"{k} {n}" for k, n in v.tolerated.items())
    rows = [
        ("draft", f"seed {args.seed}: {sum(len(p.blocks) for p in draft.parts)} blocks, {chars:,} characters"),
        ("pages", f"caina {lay.page_count}, LibreOffice {v.oracle_pages}"),
        ("lines compared", f"{v.total:,}"),
        ("caina layout(), best / median", f"{best * 1e3:.1f} ms / {median * 1e3:.1f} ms (of {4 * args.repeat}, timeit)"),
        ("LibreOffice → PDF, new profile", f"{cold * 1000:.0f} ms"),
        ("LibreOffice → PDF, warm, best / median", f"{warm_best * 1000:.0f} ms / {warm_median * 1000:.0f} ms"),
        ("ratio, warm best / caina best", f"{warm_best / best:,.0f} ×"),
        ("ratio, new profile / caina best", f"{cold / best:,.0f} ×"),
        ("lines identical", f"{v.same:,} ({v.identical:.2%})"),
        ("lines tolerated (LibreOffice faults)", f"{v.tolerated_total} ({tolerated})"),
        ("lines that disagree", f"{len(v.disagreements)}"),
        ("agreement", f"{v.agreement:.2%}"),
        ("target", f"≥ 100 × at ≥ 99.5 %: {'met' if warm_best / best >= 100 and v.agreement >= 0.995 else 'NOT met'}"),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"caina layout vs LibreOffice — Python {sys.version.split()[0]}")
    print("-" * (width + 50))
    for k, val in rows:
        print(f"{k:<{width}}  {val}")
    for r in v.disagreements[:5]:
        print(f"  {r.locator}: caina {r.caina!r} / LibreOffice {r.oracle!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
