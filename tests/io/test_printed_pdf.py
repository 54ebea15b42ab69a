"""Reading printed PDFs (caina.io.printed): what is read, and every refusal — each clear, nothing written."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from caina.errors import PrintedFileError
from caina.io import printed as reader
from caina.io.printed import read_pdf, read_pdf_bytes
from tests.fixtures.pdf.build import latin_text, no_pages, private_use_text, scanned
from tests.shared_inputs import shared

ROOT = Path(__file__).resolve().parents[2]


def test_a_text_pdf_gives_glyphs_with_places_and_sizes() -> None:
    pdf = read_pdf_bytes(latin_text(["Hello world", "Second line"]), source="t.pdf")
    [page] = pdf.pages
    chars = "".join(g.char for g in page.glyphs)
    assert "Hello world" in chars and "Second line" in chars and "- 1 -" in chars
    h = page.glyphs[0]
    assert h.char == "H" and h.size == pytest.approx(14, abs=0.01) and h.x1 > h.x0 and 0 < h.y < page.height


def test_words_pdf_of_the_gbt9704_test_document() -> None:
    pdf = read_pdf(shared("wordpairs", "01", "word.pdf"))
    assert pdf.made_by == "Word" and len(pdf.pages) == 14
    text = "".join(g.char for g in pdf.pages[0].glyphs)
    assert "《出师表》是三国时期蜀汉丞相诸葛亮" in text
    first = next(g for g in pdf.pages[0].glyphs if g.char == "测")
    assert first.size == pytest.approx(22.08, abs=0.01)  # Word for Mac prints 2号 at 22.08 pt


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "是空的"),
        (b"PK\x03\x04 not a pdf", "不是 PDF 文件"),
        (b"%PDF-1.4\n%%EOF", "已损坏"),
        (no_pages(), "没有任何页面"),
        (scanned(), "扫描件"),
        (private_use_text(), "无法识别"),
    ],
)
def test_refused_clearly(data: bytes, words: str, tmp_path: Path) -> None:
    path = tmp_path / "送审稿.pdf"
    path.write_bytes(data)
    with pytest.raises(PrintedFileError) as caught:
        read_pdf(path)
    assert words in caught.value.message and "送审稿.pdf" in caught.value.message
    assert caught.value.fix
    assert sorted(p.name for p in tmp_path.iterdir()) == ["送审稿.pdf"]  # nothing written


def test_a_huge_pdf_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    with path.open("wb") as f:  # 500 MB, sparse: nothing is written to disk but the header
        f.write(b"%PDF-1.7\n")
        f.truncate(500 * 1024 * 1024)
    with pytest.raises(PrintedFileError) as caught:
        read_pdf(path)
    assert "过大" in caught.value.message and "CAINA_PDF_MAX_MB" in caught.value.message


def test_the_page_limit_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_PAGES", 1)
    with pytest.raises(PrintedFileError) as caught:
        read_pdf_bytes(scanned(pages=2), source="two.pdf")
    assert "超过上限1页" in caught.value.message


def test_an_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("CI 中必须安装 LibreOffice（scripts/install-system.sh）")
        pytest.skip("LibreOffice 未安装：无法生成加密的 PDF")
    src = tmp_path / "a.txt"
    src.write_text("加密的草案\n", encoding="utf-8")
    options = (
        'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"secret"}}'
    )
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", options,
         "--outdir", str(tmp_path), str(src)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    with pytest.raises(PrintedFileError) as caught:
        read_pdf(tmp_path / "a.pdf")
    assert "已加密" in caught.value.message
