"""Reading a 100-page printed PDF and aligning it with its .docx, beside caina's own layout time.

Run: ``.venv/bin/python bench/printed.py [--pages 100] [--seed 9704] [--repeat 5] [--plumber]``

1. builds a draft of at least ``--pages`` pages (:func:`caina.core.generate.make_draft`),
   writes it as a .docx and has LibreOffice print it to PDF (once; the PDF is the input);
2. times, best and median of ``--repeat`` runs:
   - reading the PDF's glyphs with pypdfium2 (:func:`caina.io.printed.read_pdf`),
   - grouping them into counted lines (:func:`caina.core.printed.read_printed`),
   - aligning the .docx's text with them (:func:`caina.core.printed.printed_layout`),
   - and, the baseline the issue names, caina laying the same draft out itself
     (:func:`caina.core.layout.layout`);
3. with ``--plumber``: reads the same PDF with pdfplumber (pdfminer.six), the other library the
   issue names, for the speed comparison in docs/drafts.md (pdfplumber is not a dependency: install
   it into the venv first).

Target (issue 11): read + align under 1 s for 100 pages. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from caina.core.generate import make_draft
from caina.core.layout import layout
from caina.core.printed import TextBox, printed_layout, read_printed
from caina.errors import ToolMissingError
from caina.io.docx_writer import to_docx_bytes
from caina.io.drafts import read_draft
from caina.io.libreoffice import check_tools, render_pdfs
from caina.io.printed import read_pdf


def timed(fn, repeat: int) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    out = fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times), out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--seed", type=int, default=9704)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--plumber", action="store_true", help="also time pdfplumber on the same PDF")
    args = ap.parse_args()
    try:
        check_tools()
    except ToolMissingError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="caina-bench-printed-") as tmp:
        root = Path(tmp)
        docx = root / "draft.docx"
        docx.write_bytes(to_docx_bytes(make_draft(args.pages, args.seed, exact=True)))
        [pdf] = render_pdfs([docx], root / "pdf")
        draft = read_draft(docx)
        box = TextBox.of(draft.page)
        read_b, read_m, raw = timed(lambda: read_pdf(pdf), args.repeat)
        lines_b, lines_m, printed = timed(lambda: read_printed(raw, box), args.repeat)  # type: ignore[arg-type]
        align_b, align_m, lay = timed(lambda: printed_layout(draft, printed), args.repeat)  # type: ignore[arg-type]
        engine_b, engine_m, _ = timed(lambda: layout(draft), args.repeat)
        pages = len(raw.pages)  # type: ignore[attr-defined]
        chars = sum(len(p.glyphs) for p in raw.pages)  # type: ignore[attr-defined]
        total_b, total_m = read_b + lines_b + align_b, read_m + lines_m + align_m
        print(f"caina bench/printed.py — {platform.python_implementation()} {platform.python_version()}, "
              f"{platform.machine()}, {time.strftime('%Y-%m-%d')}")
        print(f"PDF: {pages} pages, {chars} characters (LibreOffice, seed {args.seed}); lines counted: {len(lay.lines)}")  # type: ignore[attr-defined]
        print(f"{'step':<34}{'best':>10}{'median':>10}")
        for name, b, m in (
            ("read PDF (pypdfium2)", read_b, read_m),
            ("group into counted lines", lines_b, lines_m),
            ("align with the .docx", align_b, align_m),
            ("read + align (target < 1 s)", total_b, total_m),
            ("caina's own layout (baseline)", engine_b, engine_m),
        ):
            print(f"{name:<34}{b * 1000:>8.1f}ms{m * 1000:>8.1f}ms")
        print(f"read + align / own layout: {total_m / engine_m:.1f}× (median)")
        if args.plumber:
            try:
                import pdfplumber
            except ImportError:
                print("pdfplumber is not installed: .venv/bin/pip install pdfplumber", file=sys.stderr)
                return 1

            def plumber() -> int:
                with pdfplumber.open(pdf) as doc:
                    return sum(len(p.chars) for p in doc.pages)

            pb, pm, count = timed(plumber, max(1, args.repeat // 2))
            print(f"{'read PDF (pdfplumber)':<34}{pb * 1000:>8.1f}ms{pm * 1000:>8.1f}ms  ({count} characters)")
            print(f"pdfplumber / pypdfium2 (read): {pm / read_m:.1f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
