"""Breaks inside Latin text as LibreOffice makes them (issue 10, point 9): "0771-" / "12345678".

Each probe paragraph puts a Latin token after k 汉字 so that the line ends at each place inside it; each
paragraph starts a page, so one paragraph's breaks never move another's. LibreOffice renders them all in one
call; caina must break every probe exactly where LibreOffice did (UAX #14 as ICU applies it: after a hyphen
between letters or digits, after a slash before a letter, not at the slash right before the first character
that does not fit; never at "." ":" "," "@" "_" inside a run). In CI LibreOffice must be installed.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import replace

import pytest

from caina.core.layout_settings import DEFAULT_SETTINGS
from caina.core.linebreak import rules_for, wrap
from caina.core.model import Block, BlockKind, Draft, Part, default_style
from caina.errors import ToolMissingError
from caina.io.docx_writer import to_docx_bytes
from caina.io.libreoffice import check_tools
from caina.services.verify import oracle_lines

TOKENS = (
    "0771-12345678", "http://www.example.gov.cn/zwgk/2019-12/31/content_5465289.htm", "e-mail", "A/B/C", "2019-2025",
    "GB/T9704-2012", "ISO9001:2015", "www.baise.gov.cn", "Wi-Fi", "COVID-19", "abc@example.com", "3.1415926535",
    "x86_64", "50%-60%", "1,234,567", "v1.2.3", "ab/cd-ef.gh",
)  # fmt: skip
HAN = "一二三四五六七八九十" * 3
TAIL = "之后的文字继续排下去直到这一段结束为止。"


@pytest.fixture(scope="module")
def lo_lines() -> tuple[list[str], dict[int, list[str]]]:
    try:
        check_tools()
    except ToolMissingError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI 中必须安装 LibreOffice 和 pdftotext：{exc.message}")
        pytest.skip(f"LibreOffice 未安装：{exc.message}")
    texts = [HAN[:k] + t + TAIL for t in TOKENS for k in range(16, 27)]
    body = replace(default_style(BlockKind.BODY))
    blocks = (Block(BlockKind.TITLE, "探测", default_style(BlockKind.TITLE)), *(Block(BlockKind.BODY, t, body) for t in texts))
    draft = Draft("探测", (Part("main", "正文", blocks),))
    src = zipfile.ZipFile(io.BytesIO(to_docx_bytes(draft)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                head, sep, rest = data.decode("utf-8").partition("</w:p>")  # every probe after the title on a page of its own
                data = (head + sep + rest.replace("<w:pPr>", "<w:pPr><w:pageBreakBefore/>")).encode("utf-8")
            z.writestr(item, data)
    [(lines, _)] = oracle_lines([(draft, out.getvalue())])
    pages: dict[int, list[str]] = {}
    for ol in lines:
        pages.setdefault(ol.page, []).append(ol.text.replace(" ", ""))
    return texts, pages


def _mismatches(texts: list[str], pages: dict[int, list[str]], mode: str) -> list[str]:
    rules = rules_for(replace(DEFAULT_SETTINGS, latin_breaks=mode))
    out = []
    for i, text in enumerate(texts):
        mine = [text[a:b].replace(" ", "") for a, b in wrap(text, 442.25, 2 * 15.79, 16.0, -0.25, rules)]
        if mine != pages[i + 2]:
            out.append(f"{text[:40]}: LibreOffice {pages[i + 2][:1]} caina {mine[:1]}")
    return out


def test_breaks_inside_latin_text_as_libreoffice(lo_lines: tuple[list[str], dict[int, list[str]]]) -> None:
    texts, pages = lo_lines
    assert _mismatches(texts, pages, "icu") == []
    # the rule matters: never breaking a Latin run (the old rule) or breaking only after hyphens misses some
    assert len(_mismatches(texts, pages, "never")) > len(_mismatches(texts, pages, "hyphen")) > 0
