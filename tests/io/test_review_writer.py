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


def test_form_fields_survive_the_round_trip() -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "  office: 市科知局\n", "  office: 市科知局\n  no_opinion: [卫计委, 绩效办]\n"
    ).replace(
        "    text: 铝工业的突破技术，会后组织单位相关科室技术人员研究，与铝办协商后报市科知局修改。\n    decision: 全部采纳\n"
        "    edits: [aluminium_tech, red_mud]\n",
        "    text: 铝工业的突破技术，会后组织单位相关科室技术人员研究，与铝办协商后报市科知局修改。\n    decision: 待定\n"
        "    source: {form: 意见反馈表_工信委.xlsx, row: 7, key: abc123def456}\n",
    )
    record, _ = parse_review(text)
    again, _ = parse_review(dump_review(record))
    assert again.review.no_opinion == ("卫计委", "绩效办")
    op = again.opinions[6]
    assert op.decision.disposition.value == "pending"
    assert (op.source, op.key) == ("意见反馈表_工信委.xlsx 第7行", "abc123def456")
    assert _strip(again) == _strip(record)
