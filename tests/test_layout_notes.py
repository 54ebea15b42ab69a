"""The notes on a .docx's grid say what the layout actually used does, per profile.

The reader records facts (no grid, line heights and spaces that are not whole rows, on or off a line grid);
the layout words them for its profile (caina.core.layout_notes): GB/T 9704 counts grid rows (22 a page
without a grid, fractions rounded), the Word profiles set paragraphs off a grid at Word's heights. Checked
on small .docx files built here and on ../shared/wordpairs/25 (no grid, 1.15 spacing, as Word printed it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from caina.cli import app
from caina.core.layout import layout
from caina.core.layout_notes import grid_label, layout_notes
from caina.core.model import LayoutFacts, PageSetup
from caina.core.profiles import BUILTIN
from caina.io.docx import read_docx_bytes
from tests.fixtures.docx.build import STYLES, docx, p, title
from tests.shared_inputs import shared

ROOT = Path(__file__).resolve().parents[1]
GBT = BUILTIN["gbt9704"].settings
WORD = BUILTIN["word"].settings
NO_GRID = (
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/></w:sectPr>'
)
GRID = (
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/>'
    '<w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>'
)
SPACED = '<w:spacing w:after="200" w:line="276" w:lineRule="auto"/>'  # Word's 1.15 lines, 10 pt after
PLAIN = '<w:spacing w:line="276" w:lineRule="auto"/>'


def _no_grid_draft():  # type: ignore[no-untyped-def]
    body = title() + "".join(p(f"第{i}段，一行短文字。", ppr=SPACED if i < 5 else PLAIN) for i in range(80))
    return read_docx_bytes(docx(body, sect=NO_GRID, styles=STYLES), source="no-grid.docx")


def test_the_same_facts_are_worded_for_each_profile() -> None:
    facts = LayoutFacts(sections_without_grid=1, parts_without_grid=1, fractional_lines_off_grid=3, fractional_spacing_off_grid=2)
    gbt = layout_notes(facts, GBT)
    assert gbt == (
        "有3段的行距不是网格行距的整数倍：按最接近的整行数排版",
        "有2处段前/段后间距不足一行或不是整行：累计折算为整行",
        "文档未设置文档网格，也没有固定行距：按 GB/T 9704 每页22行计算",
    )
    word = layout_notes(facts, WORD)
    assert len(word) == 1 and "按 Word 打印的排法" in word[0] and "每页行数因此不固定" in word[0]
    assert not any("22行" in n or "整行" in n for n in word)  # nothing is rounded to rows there
    # on a grid, paragraphs that snap to it are rounded to rows under every profile
    snapped = LayoutFacts(fractional_lines_on_grid=2, fractional_lines_off_grid=1, fractional_spacing_on_grid=1)
    assert layout_notes(snapped, WORD) == (
        "有2段对齐文档网格，行距却不是网格行距的整数倍：按最接近的整行数排版",
        "有1处对齐文档网格的段前/段后间距不足一行或不是整行：累计折算为整行",
    )
    assert layout_notes(snapped, GBT)[0] == "有3段的行距不是网格行距的整数倍：按最接近的整行数排版"
    # one section of two without a grid, and the part's page from the other: GB/T counts the part's rows
    some = LayoutFacts(sections=2, sections_without_grid=1, parts_without_grid=0)
    assert layout_notes(some, GBT) == ()
    assert layout_notes(some, WORD)[0].startswith("有1节未设置文档网格")
    assert layout_notes(LayoutFacts(), WORD) == layout_notes(LayoutFacts(), GBT) == ()


def test_the_grid_is_described_as_the_profile_counts_it() -> None:
    no_grid = PageSetup(lines_per_page=22, chars_per_line=42, line_grid=False)
    assert grid_label(no_grid, GBT) == "每页22行×42字"  # GB/T 9704's 22 rows, as show then counts
    assert grid_label(no_grid, WORD) == "无行网格，行距随字号和段落设置"
    assert grid_label(PageSetup(), WORD) == grid_label(PageSetup(), GBT) == "每页22行×28字"


def test_a_docx_without_a_grid_read_under_each_profile_gives_the_matching_note() -> None:
    draft = _no_grid_draft()
    assert not any("网格" in n for n in draft.notes)  # the reader words nothing the profile decides
    gbt, word = layout(draft, GBT), layout(draft, WORD)
    assert "文档未设置文档网格，也没有固定行距：按 GB/T 9704 每页22行计算" in gbt.notes
    assert any("整数倍" in n for n in gbt.notes) and any("累计折算为整行" in n for n in gbt.notes)
    [note] = [n for n in word.notes if "网格" in n]
    assert "按 Word 打印的排法" in note and "22行" not in note
    assert not any("整行" in n for n in word.notes)
    # and each note is true of its layout: GB/T 9704 counts 22 rows a page, Word's heights fit more lines
    assert max(len(pg.lines) for pg in gbt.pages) <= 22
    assert len(word.pages[1].lines) > 22
    assert (gbt.grid_label, word.grid_label) == ("每页22行×27字", "无行网格，行距随字号和段落设置")


def test_on_a_grid_only_paragraphs_off_it_are_set_at_words_heights() -> None:
    half = '<w:spacing w:line="360" w:lineRule="auto"/>'  # 1.5 lines, snapping to the grid
    off = '<w:snapToGrid w:val="0"/>' + half  # 1.5 lines, not snapping: Word's heights
    draft = read_docx_bytes(docx(title() + p("不对齐网格。", ppr=off) + p("一倍半行距。", ppr=half), sect=GRID), source="g.docx")
    facts = draft.layout_facts
    assert (facts.fractional_lines_on_grid, facts.fractional_lines_off_grid, facts.sections_without_grid) == (1, 1, 0)
    assert "有2段的行距不是网格行距的整数倍：按最接近的整行数排版" in layout(draft, GBT).notes
    assert "有1段对齐文档网格，行距却不是网格行距的整数倍：按最接近的整行数排版" in layout(draft, WORD).notes


@pytest.fixture
def pair() -> Path:
    return shared("wordpairs", "25")


def test_show_on_wordpairs_25_tells_what_each_profile_does(pair: Path) -> None:
    """wordpairs/25 has no grid and 1.15 spacing; Word printed 41 lines a column. The default (Word) profile
    says so, not "22 lines"; under --profile gbt9704 the 22-row note and header are the truth."""
    runner = CliRunner()
    word = runner.invoke(app, ["show", str(pair / "source.docx"), "-p", "1"])
    gbt = runner.invoke(app, ["show", str(pair / "source.docx"), "-p", "1", "--profile", "gbt9704"])
    assert word.exit_code == 0 and gbt.exit_code == 0
    assert "按 Word 打印的排法" in word.stderr and "22行" not in word.stderr
    assert "无行网格，行距随字号和段落设置" in word.stdout
    assert "按 GB/T 9704 每页22行计算" in gbt.stderr and "按 Word 打印" not in gbt.stderr
    assert "每页22行×42字" in gbt.stdout
    verify = runner.invoke(app, ["verify-layout", str(pair / "source.docx"), "--against", str(pair / "word.pdf"), "--min", "0"])
    assert "注意：文档未设置文档网格，也没有固定行距：按 Word 打印的排法" in verify.stdout
