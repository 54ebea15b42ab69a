"""The desk's printed page on a page set in columns: each line says its column and its numbers counted within
it — what the sheet prints in the margins and how a reader cites it (P1左栏倒数第一行) — while from_top and
from_bottom keep the page's reading order. Built from a small model (tests/core/test_columns.py's)."""

from __future__ import annotations

from caina.core.layout import layout
from caina.core.layout_settings import DEFAULT_SETTINGS
from caina.services.desk import drafts
from tests.core.test_columns import HAN, _block, _draft


def test_a_page_in_columns_numbers_each_line_within_its_column() -> None:
    text = (HAN * 5)[: 9 * 25]  # 25 lines of 9 字: page 1 = the title and 9 lines in column 1, 10 in column 2
    draft = _draft(_block(text, widow_control=False))
    lay = layout(draft, DEFAULT_SETTINGS)
    v = drafts.Version(1, 1, "upload", 1, "草案.docx", "0" * 64, draft, lay)
    lines = drafts.page_of(v, 1)["lines"]
    assert [x["from_top"] for x in lines] == list(range(1, 21))  # reading order, as before
    assert [x["column"] for x in lines] == [1] * 10 + [2] * 10
    assert [x["column_from_top"] for x in lines] == list(range(1, 11)) * 2
    assert [x["column_from_bottom"] for x in lines] == list(range(10, 0, -1)) * 2
    assert [lines[i]["locator"] for i in (0, 9, 10, 19)] == ["P1左栏顺数第一行", "P1左栏倒数第一行", "P1右栏顺数第一行", "P1右栏倒数第一行"]
    # a page without columns gets no column fields (its lines stay exactly as before)
    plain = _draft(_block(HAN[:27], cols=None))
    flat = drafts.page_of(drafts.Version(1, 1, "upload", 1, "草案.docx", "0" * 64, plain, layout(plain, DEFAULT_SETTINGS)), 1)
    assert all("column" not in x for x in flat["lines"])
