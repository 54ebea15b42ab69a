"""What to tell a reader about the page grid, worded for the layout actually used.

A reader records facts (:class:`caina.core.model.LayoutFacts`: a section with no grid, line heights and
spaces that are not whole rows); the layout profile is chosen later (``--profile``, review.yaml
``layout:``, the draft's default). The wording is decided here, from the switches of the layout in hand,
so that the note says what ``caina show`` and the locators then count:

- rows of a line grid (GB/T 9704, ``word_vertical`` off): a section without a grid takes GB/T 9704's
  22 rows a page; a line height or a space before/after that is not whole rows is rounded to rows;
- Word's heights (``LayoutSettings.word_vertical``, the Word profiles): paragraphs that do not snap to a
  line grid — every paragraph of a section without one — keep their own heights in points, as Word
  prints them; only those that snap to a grid are rounded to its rows.
"""

from __future__ import annotations

from caina.core.layout_settings import DEFAULT_SETTINGS, LayoutSettings
from caina.core.model import LayoutFacts, PageSetup

__all__ = ["layout_notes", "grid_label", "word_heights"]


def word_heights(settings: LayoutSettings | None) -> bool:
    """Whether paragraphs off a line grid are set at Word's heights (else everything counts grid rows)."""
    return (settings or DEFAULT_SETTINGS).word_vertical


def grid_label(page: PageSetup, settings: LayoutSettings | None) -> str:
    """How the page's type grid is described: "每页22行×28字" when lines count rows of a grid (a line grid, or
    GB/T 9704's rows for a section without one); without a line grid at Word's heights no count is claimed."""
    if page.line_grid or not word_heights(settings):
        return f"每页{page.lines_per_page}行×{page.chars_per_line}字"
    return "无行网格，行距随字号和段落设置"


def layout_notes(facts: LayoutFacts, settings: LayoutSettings | None) -> tuple[str, ...]:
    """The notes on ``facts`` for a layout with ``settings``, in Chinese, one sentence each."""
    word = word_heights(settings)
    out: list[str] = []
    if word:
        lines = facts.fractional_lines_on_grid
        spaces = facts.fractional_spacing_on_grid
        if lines:
            out.append(f"有{lines}段对齐文档网格，行距却不是网格行距的整数倍：按最接近的整行数排版")
        if spaces:
            out.append(f"有{spaces}处对齐文档网格的段前/段后间距不足一行或不是整行：累计折算为整行")
        if facts.sections_without_grid:
            out.append(
                f"{_which(facts)}未设置文档网格，也没有固定行距：按 Word 打印的排法排版，每行高度随字号和段落行距"
                "（单倍、1.15 倍等）而定，段前、段后按实际磅值，每页行数因此不固定"
            )
        return tuple(out)
    lines = facts.fractional_lines_on_grid + facts.fractional_lines_off_grid
    spaces = facts.fractional_spacing_on_grid + facts.fractional_spacing_off_grid
    if lines:
        out.append(f"有{lines}段的行距不是网格行距的整数倍：按最接近的整行数排版")
    if spaces:
        out.append(f"有{spaces}处段前/段后间距不足一行或不是整行：累计折算为整行")
    if facts.parts_without_grid:  # a section within a part takes its part's page (the reader's note says so)
        out.append(f"{_which(facts)}未设置文档网格，也没有固定行距：按 GB/T 9704 每页22行计算")
    return tuple(out)


def _which(facts: LayoutFacts) -> str:
    """"文档" when no section has a grid, else how many sections lack one."""
    if facts.sections_without_grid >= facts.sections:
        return "文档"
    return f"有{facts.sections_without_grid}节"
