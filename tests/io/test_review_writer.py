from __future__ import annotations

from pathlib import Path

from caina.io.review_file import parse_review, read_review
from caina.io.review_writer import dump_review

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "baise" / "review.yaml"


def _strip(record):  # type: ignore[no-untyped-def]
    """Compare without origins (file/line of each item)."""
    from dataclasses import replace

    return replace(
        record,
        opinions=tuple(
            replace(o, origin="", targets=tuple(replace(t, origin="") for t in o.targets)) for o in record.opinions
        ),
        edits=tuple(
            replace(e, origin="", changes=tuple(replace(c, origin="") for c in e.changes)) for e in record.edits
        ),
    )


def test_dump_then_parse_gives_the_record_back() -> None:
    record, draft = read_review(EXAMPLE)
    text = dump_review(record, draft=draft, header="由 caina 生成")
    assert text.startswith("# 由 caina 生成")
    again, draft2 = parse_review(text)
    assert draft2 == draft
    assert _strip(again) == _strip(record)
