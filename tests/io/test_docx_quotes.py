"""Word draws “ ” ‘ ’ in a run's Latin font unless the run says w:hint="eastAsia" (ECMA-376 17.3.2.26):
the reader marks such blocks (BlockStyle.latin_quotes) and the Word profiles set their quotes half width."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from caina.core.layout import layout
from caina.core.model import Block, Draft
from caina.core.profiles import BUILTIN
from caina.io.docx.blockstyle import _quotes_narrow_in
from caina.io.drafts import read_draft

QUOTED = "按照“放管服”改革和“最多跑一次”“一网通办”“跨省通办”的要求，" * 6


def _docx(path: Path, *, hint: bool, latin: str) -> Path:
    doc = Document()
    doc.add_paragraph("关于测试引号宽度的通知")
    para = doc.add_paragraph()
    run = para.add_run(QUOTED)
    run.font.name = latin
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), "宋体")
    if hint:
        fonts.set(qn("w:hint"), "eastAsia")
    doc.save(str(path))
    return path


def _body(path: Path) -> tuple[Block, Draft]:
    draft = read_draft(path)
    return next(b for b in draft.parts[0].blocks if "放管服" in b.text), draft


@pytest.mark.parametrize(
    ("hint", "latin", "narrow"),
    [(False, "Times New Roman", True), (True, "Times New Roman", False), (False, "仿宋_GB2312", False), (False, "SimSun", False)],
)
def test_the_reader_marks_quotes_drawn_in_the_latin_font(tmp_path: Path, hint: bool, latin: str, narrow: bool) -> None:
    block, _ = _body(_docx(tmp_path / "q.docx", hint=hint, latin=latin))
    assert block.style.latin_quotes is narrow


def test_word_sets_such_quotes_half_width_and_takes_fewer_lines(tmp_path: Path) -> None:
    _, narrow = _body(_docx(tmp_path / "n.docx", hint=False, latin="Times New Roman"))
    _, full = _body(_docx(tmp_path / "f.docx", hint=True, latin="Times New Roman"))
    word = BUILTIN["word"].settings
    assert len(layout(narrow, word).lines) < len(layout(full, word).lines)
    assert [ln.text for ln in layout(narrow, replace(word, quotes_by_hint=False)).lines] == [
        ln.text for ln in layout(full, word).lines
    ]


def test_fonts_whose_quotes_are_narrow() -> None:
    assert _quotes_narrow_in("") and _quotes_narrow_in("Calibri") and _quotes_narrow_in("等线")
    assert _quotes_narrow_in("Microsoft YaHei")
    assert not _quotes_narrow_in("仿宋_GB2312") and not _quotes_narrow_in("FangSong") and not _quotes_narrow_in("方正小标宋简体")
