"""Old Word formats (.doc, .wps, .rtf) to .docx through LibreOffice.

The conversion runs in a fresh temporary directory: the source is copied
there, LibreOffice gets its own profile (``-env:UserInstallation``, so
several conversions can run at once and the user's profile is untouched),
and the result is read back into memory; the directory is then removed.
Nothing is written next to the source file (not even LibreOffice's lock
file). A conversion that takes longer than ``timeout`` seconds is killed.
Without LibreOffice the file is refused with the command to install it and
the command to convert by hand.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from caina.errors import ConversionError, ToolMissingError

#: seconds a conversion may take (LibreOffice needs ~1 s, plus ~3 s on first start)
TIMEOUT_S = 120.0
INSTALL_COMMAND = "sudo apt-get install -y --no-install-recommends libreoffice-writer-nogui"


def find_soffice() -> str | None:
    """The LibreOffice executable on PATH (``soffice`` or ``libreoffice``), if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def manual_command(path: Path) -> str:
    return f"soffice --headless --convert-to docx --outdir {path.parent or '.'} {path.name}"


def convert_to_docx(path: Path, *, timeout: float = TIMEOUT_S, soffice: str | None = None) -> bytes:
    """The .docx bytes LibreOffice makes of ``path`` (a .doc, .wps or .rtf file)."""
    path = Path(path)
    exe = soffice or find_soffice()
    if exe is None:
        raise ToolMissingError(
            f"未安装 LibreOffice（soffice），无法自动转换 {path.suffix} 文件",
            where=str(path),
            fix=f"请安装 LibreOffice（Debian/Ubuntu：{INSTALL_COMMAND}）后重试；"
            f"或在 Word/WPS 中把它另存为 .docx；或在装有 LibreOffice 的电脑上运行 {manual_command(path)}",
        )
    with tempfile.TemporaryDirectory(prefix="caina-convert-") as tmp:
        work = Path(tmp)
        src = work / ("source" + path.suffix.lower())
        shutil.copyfile(path, src)
        out = work / "out"
        out.mkdir()
        profile = work / "profile"
        cmd = [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(src),
        ]
        proc = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, cwd=work
        )
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise ConversionError(
                f"LibreOffice 转换超时（超过 {timeout:.0f} 秒），已中止",
                path=str(path),
                fix=f"请在 Word/WPS 中把它另存为 .docx 后再试；或手动运行 {manual_command(path)}",
            ) from None
        result = out / "source.docx"
        if proc.returncode != 0 or not result.exists() or result.stat().st_size == 0:
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
            raise ConversionError(
                "LibreOffice 无法转换该文件" + (f"（{detail[0][:120]}）" if detail else ""),
                path=str(path),
                fix="文件可能已损坏或受密码保护；请在 Word/WPS 中打开并另存为 .docx 后再试",
            )
        return result.read_bytes()


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Stop the conversion we started: its own process group, then reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.communicate()


__all__ = ["convert_to_docx", "find_soffice", "manual_command", "TIMEOUT_S", "INSTALL_COMMAND"]
