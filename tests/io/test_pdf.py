"""LibreOffice headless conversion: own profile per call, fonts aliased, timeout, clear errors.

Tests that need the real LibreOffice skip outside CI when it is missing and fail in CI.
Tests of the plumbing run a fake ``soffice`` script put first on PATH.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from caina.cli import app
from caina.errors import CainaError, SourceFileError, ToolMissingError
from caina.io import pdf
from caina.io.docx_writer import to_docx_bytes
from caina.io.text_reader import parse_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "baise"
SMALL = parse_text("测试标题\n一、总体要求\n这是一段用于转换测试的正文，含数字2025和GB/T 9704。\n")


def require_soffice() -> None:
    if pdf.available():
        return
    if os.environ.get("CI"):
        pytest.fail("CI 中必须安装 LibreOffice（soffice）：运行 scripts/install-system.sh")
    pytest.skip("LibreOffice (soffice) is not installed; install it with scripts/install-system.sh")


def fake_soffice(tmp_path: Path, script: str) -> Path:
    """A directory holding an executable ``soffice`` shell script, to put first on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    exe = bin_dir / "soffice"
    exe.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return bin_dir


# -- without LibreOffice -------------------------------------------------------------


def test_missing_soffice_names_the_install_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert not pdf.available()
    with pytest.raises(ToolMissingError) as info:
        pdf.docx_to_pdf(b"")
    message = info.value.message
    assert "未找到 LibreOffice" in message and "apt-get install" in message and "libreoffice-writer-nogui" in message
    assert info.value.exit_code == 3 and info.value.http_status == 503


def test_cli_report_pdf_without_soffice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    out = tmp_path / "report.pdf"
    result = CliRunner().invoke(app, ["report", str(EXAMPLE), "-o", str(out)])
    assert result.exit_code == 3, result.output
    assert "未找到 LibreOffice" in result.output and "make system" in result.output
    assert not out.exists() and not list(tmp_path.glob(".report.pdf*"))


@pytest.mark.parametrize(("name", "font"), sorted(pdf.FONT_ALIASES.items()))
def test_fontconfig_maps_official_names(name: str, font: str) -> None:
    root = etree.fromstring(pdf.fontconfig_text().split("\n", 2)[2].encode())  # without the DOCTYPE line
    prefer = {a.findtext("family"): a.findtext("prefer/family") for a in root.iter("alias")}
    assert prefer[name] == font
    assert root.find("include").text == "/etc/fonts/fonts.conf"


@pytest.mark.parametrize("fmt", ["html", "png", ""])
def test_unknown_target_format(fmt: str) -> None:
    with pytest.raises(SourceFileError, match="不支持转换为"):
        pdf.convert_bytes(b"x", ".docx", fmt)


def test_missing_source_file(tmp_path: Path) -> None:
    with pytest.raises(SourceFileError, match="找不到要转换的文件"):
        pdf.convert_file(tmp_path / "nope.docx")


# -- the plumbing, with a fake soffice ----------------------------------------------------

RECORD = """\
out=""; prev=""
for a in "$@"; do
  [ "$prev" = "--outdir" ] && out="$a"
  prev="$a"
done
echo "$@" > "$LOG.$$"
echo "FONTCONFIG_FILE=$FONTCONFIG_FILE" >> "$LOG.$$"
printf '%%PDF-1.4 fake' > "$out/input.pdf"
"""


def test_each_call_has_its_own_profile_and_fonts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bin_dir = fake_soffice(tmp_path, RECORD)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("LOG", str(tmp_path / "log"))
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: pdf.docx_to_pdf(b"docx"), range(4)))
    assert results == [b"%PDF-1.4 fake"] * 4
    logs = [p.read_text() for p in tmp_path.glob("log.*")]
    profiles = {a for log in logs for a in log.split() if a.startswith("-env:UserInstallation=file://")}
    assert len(logs) == 4 and len(profiles) == 4
    for log in logs:
        assert "--headless" in log and "--convert-to pdf" in log and "FONTCONFIG_FILE=/" in log
    for profile in profiles:  # the temporary directory is gone
        assert not Path(profile.split("file://", 1)[1]).parent.exists()


def test_timeout_kills_the_process_group(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pidfile = tmp_path / "child.pid"
    sleep = shutil.which("sleep") or "/bin/sleep"
    bin_dir = fake_soffice(tmp_path, f"{sleep} 60 &\necho $! > {pidfile}\nwait\n")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    started = time.monotonic()
    with pytest.raises(CainaError, match=r"LibreOffice 转换超时（超过0\.5秒），已终止"):
        pdf.docx_to_pdf(b"docx", timeout=0.5)
    assert time.monotonic() - started < 10
    child = int(pidfile.read_text())
    time.sleep(0.2)
    stat_file = Path(f"/proc/{child}/stat")
    state = stat_file.read_text().split(")")[-1].split()[0] if stat_file.exists() else ""
    assert state in ("", "Z"), f"the child soffice process survived: {state}"


@pytest.mark.parametrize(
    ("script", "needle"),
    [
        ("echo 'Error: source file could not be loaded' >&2\nexit 1\n", "source file could not be loaded"),
        ("exit 0\n", "退出码 0"),  # succeeded but wrote nothing
    ],
)
def test_failed_conversion_is_explained(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, script: str, needle: str) -> None:
    bin_dir = fake_soffice(tmp_path, script)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    out = tmp_path / "x.pdf"
    with pytest.raises(CainaError) as info:
        pdf.write_pdf(b"docx", out)
    assert "LibreOffice 未能把文件转换为 PDF" in info.value.message and needle in info.value.message
    assert "Word/WPS" in info.value.message
    assert not out.exists()


# -- with the real LibreOffice ---------------------------------------------------------------


def test_docx_to_pdf_for_real(tmp_path: Path) -> None:
    require_soffice()
    out = tmp_path / "small.pdf"
    pdf.write_pdf(to_docx_bytes(SMALL), out)
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())  # justified lines are spaced out by pdftotext
    assert "测试标题" in flat and "含数字2025和GB/T9704。" in flat
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "UMing" in fonts or "Noto" in fonts  # the official names were aliased to installed CJK fonts


def test_concurrent_real_conversions() -> None:
    require_soffice()
    data = to_docx_bytes(SMALL)
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: pdf.docx_to_pdf(data), range(2)))
    assert all(r.startswith(b"%PDF") for r in results)


def test_convert_to_fodt(tmp_path: Path) -> None:
    require_soffice()
    src = tmp_path / "small.docx"
    src.write_bytes(to_docx_bytes(SMALL))
    fodt = pdf.convert_file(src, "fodt")
    assert b"office:document" in fodt[:2000] and "测试标题".encode() in fodt
