"""Old and odd inputs: refused with a clear Chinese message and nothing written, or converted."""

from __future__ import annotations

import io
import os
import shutil
import stat
import struct
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caina.cli import app
from caina.core.layout import layout
from caina.errors import (
    CainaError,
    ConversionError,
    EncryptedFileError,
    SourceFileError,
    ToolMissingError,
    UnsafeFileError,
)
from caina.io import convert
from caina.io.docx import read_docx
from caina.io.docx.safety import MAX_FILE_BYTES, MAX_TOTAL_UNCOMPRESSED
from caina.io.drafts import read_draft
from tests.fixtures.docx.build import NS, docx, fib, ole, p, title

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "baise"
GOOD = docx(title() + p("为了测试，制定本方案。"))
SOFFICE = convert.find_soffice()
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def _doctype(part: str, encoding: str = "utf-8") -> bytes:
    xml = (
        f'<?xml version="1.0" encoding="{encoding.upper()}"?>\n'
        '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        f"<w:document {NS}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
    )
    return xml.encode(encoding)


def _zip(files: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _parts() -> dict[str, bytes]:
    src = zipfile.ZipFile(io.BytesIO(GOOD))
    return {n: src.read(n) for n in src.namelist()}


def _replace_part(name: str, data: bytes) -> bytes:
    return _zip({**_parts(), name: data})


def _xlsx() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "意见"  # type: ignore[index]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _odt() -> bytes:
    return _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document-content/>"},
                zipfile.ZIP_STORED)


def _bomb() -> bytes:
    """2 MB of zeros squeezed ~1000×."""
    return _replace_part("word/media/image1.png", b"\0" * (2 * 1024 * 1024))


def _declared_huge() -> bytes:
    """A central directory that declares 250 MB (from 3 MB, a plausible ratio) for a small member."""
    data = bytearray(GOOD)
    cd = data.rfind(b"PK\x01\x02")  # the last central directory header
    struct.pack_into("<II", data, cd + 20, 3 * 1024 * 1024, 250 * 1024 * 1024)
    return bytes(data)


def _lying_size() -> bytes:
    """A member that inflates past the size its headers declare."""
    data = bytearray(GOOD)
    name = b"word/document.xml"
    for sig, off in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        pos = 0
        while (pos := data.find(sig, pos)) != -1:
            name_at = pos + (46 if sig == b"PK\x01\x02" else 30)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", data, pos + off, 40)
            pos += 4
    return bytes(data)


CASES = [
    # (name, file bytes, error class, words the message must contain)
    ("corrupt.docx", b"PK\x03\x04" + os.urandom(600), SourceFileError, ["已损坏", "重新"]),
    ("truncated.docx", GOOD[: len(GOOD) // 2], SourceFileError, ["已损坏"]),
    ("encrypted.docx", ole({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"x" * 64}),
     EncryptedFileError, ["加密", "密码"]),
    ("encrypted.doc", ole({"WordDocument": fib(encrypted=True)}), EncryptedFileError, ["加密"]),
    ("report.docx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", SourceFileError, ["PDF", "Word 原稿"]),
    ("sheet.docx", _xlsx(), SourceFileError, ["Excel"]),
    ("text.docx", _odt(), SourceFileError, ["OpenDocument"]),
    ("random.docx", os.urandom(4096), SourceFileError, ["不是 Word 文档", "另存为"]),
    ("empty.docx", b"", SourceFileError, ["空的"]),
    ("old.xls.docx", ole({"Workbook": b"x"}), SourceFileError, ["Excel"]),
    ("xxe.docx", _replace_part("word/document.xml", _doctype("document")), UnsafeFileError, ["DOCTYPE", "document.xml"]),
    ("xxe16.docx", _replace_part("word/styles.xml", _doctype("styles", "utf-16")), UnsafeFileError, ["styles.xml"]),
    ("bomb.docx", _bomb(), UnsafeFileError, ["压缩比", "压缩炸弹"]),
    ("huge.docx", _declared_huge(), UnsafeFileError, ["超过上限", "MB"]),
    ("liar.docx", _lying_size(), SourceFileError, ["document.xml"]),
    ("strict.docx", _replace_part("word/document.xml", _parts()["word/document.xml"].replace(
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        b"http://purl.oclc.org/ooxml/wordprocessingml/main")), SourceFileError, ["严格 Open XML"]),
    ("norels.docx", _zip({"word/document.xml": b"<x/>"}), SourceFileError, ["不是 Word 文档"]),
    ("nodoc.docx", _zip({"_rels/.rels": _parts()["_rels/.rels"]}), SourceFileError,
     ["缺少 Word 正文部件"]),
    ("renamed.pdf.doc", b"%PDF-1.4\n", SourceFileError, ["PDF"]),
    ("noise.wps", os.urandom(2048), SourceFileError, ["不是 Word 文档"]),
    ("draft.pdf", b"%PDF-1.4\n", SourceFileError, ["不支持"]),
]


@pytest.mark.parametrize(("name", "data", "error", "words"), CASES, ids=[c[0] for c in CASES])
def test_refused_with_a_clear_message_and_nothing_written(
    tmp_path: Path, name: str, data: bytes, error: type[CainaError], words: list[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(error) as info:
        read_draft(path)
    message = info.value.message
    assert name in message  # where
    for word in words:
        assert word in message, message
    assert "。" in message and info.value.fix  # what, and how to fix it
    assert sorted(tmp_path.rglob("*")) == before


def test_file_above_the_size_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.docx"
    with open(path, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: 200 MB of nothing
    opened: list[str] = []
    real_open = open

    def spy(file, *a, **kw):  # type: ignore[no-untyped-def]
        opened.append(str(file))
        return real_open(file, *a, **kw)

    monkeypatch.setattr("builtins.open", spy)
    for reader in (read_draft, read_docx):
        with pytest.raises(UnsafeFileError) as info:
            reader(path)
        assert "文件过大" in info.value.message and f"{MAX_FILE_BYTES // 1024 // 1024} MB" in info.value.message
    assert str(path) not in opened


def test_limits_are_documented() -> None:
    doc = (ROOT / "docs" / "docx.md").read_text(encoding="utf-8")
    for limit in (f"{MAX_FILE_BYTES // 1024 // 1024} MB", f"{MAX_TOTAL_UNCOMPRESSED // 1024 // 1024} MB", "100 倍"):
        assert limit in doc


def test_a_good_package_still_reads() -> None:
    from caina.io.docx import read_docx_bytes

    assert read_docx_bytes(GOOD, source="t").title == "关于测试的实施方案"


def test_docx_content_with_doc_extension_is_read_and_noted(tmp_path: Path) -> None:
    path = tmp_path / "draft.doc"
    path.write_bytes(GOOD)
    draft = read_draft(path)
    assert draft.title == "关于测试的实施方案" and "内容实为 .docx" in draft.notes[0]


def test_cli_refuses_and_writes_no_report(tmp_path: Path) -> None:
    case = tmp_path / "case"
    shutil.copytree(EXAMPLE, case)
    (case / "draft.txt").unlink()
    (case / "draft.docx").write_bytes(_replace_part("word/document.xml", _doctype("document")))
    review = case / "review.yaml"
    review.write_text(review.read_text(encoding="utf-8").replace("draft: draft.txt", "draft: draft.docx"), "utf-8")
    out = tmp_path / "report.md"
    result = CliRunner().invoke(app, ["report", str(case), "-o", str(out)])
    assert result.exit_code != 0
    assert "DOCTYPE" in result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert not out.exists() and not list(tmp_path.glob(".report.md*"))


# --------------------------------------------------------------------------
# conversion through LibreOffice


def test_without_libreoffice_the_message_gives_both_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(convert, "find_soffice", lambda: None)
    path = tmp_path / "old.doc"
    path.write_bytes(ole({"WordDocument": fib(encrypted=False)}))
    with pytest.raises(ToolMissingError) as info:
        read_draft(path)
    message = info.value.message
    assert convert.INSTALL_COMMAND in message
    assert "soffice --headless --convert-to docx" in message and "old.doc" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.doc"]


def _fake_soffice(tmp_path: Path, script: str) -> str:
    exe = tmp_path / "fake-soffice"
    exe.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    return str(exe)


def test_a_hanging_conversion_is_killed(tmp_path: Path) -> None:
    src = tmp_path / "old.doc"
    src.write_bytes(b"x")
    exe = _fake_soffice(tmp_path, "sleep 30")
    with pytest.raises(ConversionError) as info:
        convert.convert_to_docx(src, timeout=0.5, soffice=exe)
    assert "超时" in info.value.message and "old.doc" in info.value.message


def test_a_failed_conversion_says_so(tmp_path: Path) -> None:
    src = tmp_path / "old.doc"
    src.write_bytes(b"x")
    exe = _fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 1")
    with pytest.raises(ConversionError) as info:
        convert.convert_to_docx(src, soffice=exe)
    assert "could not be loaded" in info.value.message


def _lines(draft):  # type: ignore[no-untyped-def]
    return [(ln.page, ln.number, ln.text) for pg in layout(draft).pages for ln in pg.lines]


@pytest.fixture(scope="module")
def legacy_doc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Baise example saved by LibreOffice as Word 97–2003 (.doc)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    work = tmp_path_factory.mktemp("legacy")
    src = work / "draft.docx"
    shutil.copyfile(EXAMPLE / "draft.docx", src)
    import subprocess

    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
         "--convert-to", "doc", "--outdir", str(work), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    return work / "draft.doc"


@needs_soffice
@pytest.mark.parametrize("suffix", [".doc", ".wps", ".docx"])
def test_old_word_files_are_converted(legacy_doc: Path, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"draft{suffix}"
    shutil.copyfile(legacy_doc, path)
    draft = read_draft(path)
    assert "LibreOffice" in draft.notes[0]
    assert _lines(draft) == _lines(read_docx(EXAMPLE / "draft.docx"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no lock file, no output beside it


@needs_soffice
def test_rtf_saved_as_doc_is_converted(tmp_path: Path) -> None:
    path = tmp_path / "draft.doc"
    path.write_bytes(
        rb"{\rtf1\ansi\ansicpg936{\fonttbl{\f0\fnil SimSun;}}\qc\f0\fs44 \u20851?\u20110?\u27979?\u35797?\par"
        rb"\ql\fs32 \u27491?\u25991?\u12290?\par}"
    )
    draft = read_draft(path)
    assert draft.title == "关于测试" and "RTF" in draft.notes[0]
