"""Build examples/baise/draft.docx from examples/baise/draft.txt with caina's GB/T 9704 writer.

Usage: .venv/bin/python scripts/make_example_docx.py [SOURCE.txt [TARGET.docx]]

The .docx reads back (caina.io.docx) to a draft laid out line for line like
the text draft; tests/io/test_docx_reader.py checks it. Rerun after editing
draft.txt and commit both files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from caina.core.layout import layout
from caina.io.docx import read_docx
from caina.io.docx_writer import write_docx
from caina.io.text_reader import read_text

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else ROOT / "examples" / "baise" / "draft.txt"
    target = Path(argv[2]) if len(argv) > 2 else source.with_suffix(".docx")
    draft = read_text(source)
    write_docx(draft, target)
    want = [(ln.page, ln.number, ln.text) for pg in layout(draft).pages for ln in pg.lines]
    got = [(ln.page, ln.number, ln.text) for pg in layout(read_docx(target)).pages for ln in pg.lines]
    if got != want:
        print(f"{target}: reads back differently ({len(got)} lines vs {len(want)})", file=sys.stderr)
        return 1
    print(f"wrote {target}: {len(want)} lines on {want[-1][0]} pages, identical to {source.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
