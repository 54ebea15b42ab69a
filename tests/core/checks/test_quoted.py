"""The draft's words a report quotes to correct them are not the report's slips (issue 10, point 4)."""

from __future__ import annotations

import pytest

from caina.core.checks import check_report
from caina.core.checks.quoted import draft_quotations
from caina.io.text_reader import parse_text

DRAFT = parse_text(
    "石门乡农村饮水工程管护办法\n第一条　乡人民政府统筹布署管护工作。\n第二条　对损坏设施的，依法做出处理。\n"
    "第三条　各村对照本办法逐字逐局核查台帐。\n"
)


def slips(report: str, *, draft: bool = False) -> list[str]:
    found = check_report(report, draft=DRAFT if draft else None)
    return [f"{f.rule}:{f.excerpt}" for f in found if f.family in ("typo", "punct")]


@pytest.mark.parametrize(
    "sentence",
    [
        "已将《办法》P1顺数第二行“乡人民政府统筹布署管护工作”中的“布署”修改为“部署”。",
        "已将“逐字逐局”修改为“逐字逐句”。",
        "已删去“依法做出处理”。",
        "已在《办法》P1顺数第三行“依法做出处理”之前，增加“及时”内容。",
        "将“各村对照本办法逐字逐局核查台帐”中的2处错字，相应修改为“各村对照本办法逐字逐句核查台账”。",
    ],
)
def test_the_old_text_of_an_edit_is_not_proofread(sentence: str) -> None:
    report = f"《办法》意见采纳情况\n1.县水利局提出：请校对。\n意见采纳情况：予以采纳。{sentence}\n"
    assert slips(report) == [], slips(report)


def test_the_reports_own_words_and_the_new_text_still_are() -> None:
    own = "《办法》意见采纳情况\n乡水利站对《办法》逐字逐局进行审核，对文本修改1处。\n"
    assert any(s.startswith("typo.idiom") for s in slips(own))
    new = "《办法》意见采纳情况\n1.县水利局提出：请校对。\n意见采纳情况：予以采纳。已将“统筹管护”修改为“统筹布署管护”。\n"
    assert any(s.startswith("typo.word") for s in slips(new))


def test_with_the_draft_any_quotation_of_its_words_is_left_alone() -> None:
    report = "《办法》意见采纳情况\n1.县水利局提出：第三条“各村对照本办法逐字逐局核查台帐”一句有错字。\n意见采纳情况：予以采纳。\n"
    assert any(s.startswith("typo") for s in slips(report))  # without the draft: a quotation, but of what?
    assert slips(report, draft=True) == []


def test_draft_quotations_marks_the_old_side_of_a_chain() -> None:
    text = "将“甲乙”中的“乙”修改为“丙”，删去“丁”。"
    spans = draft_quotations(text)
    assert [text[a:b] for a, b in spans] == ["“甲乙”", "“乙”", "“丁”"]
