"""LibreOffice headless conversion: .docx → PDF (and .fodt, .docx … for tests and tools).

Every call runs its own ``soffice`` with

- its own user profile (``-env:UserInstallation``) in a fresh temporary
  directory, so concurrent conversions never share (or lock) a profile and
  nothing is left behind in the user's home;
- a fontconfig file that maps the official font names offices put in .docx
  files (仿宋_GB2312, 楷体_GB2312, 黑体, 方正小标宋简体, 宋体) to free fonts
  installed by ``scripts/install-system.sh`` — without it every role falls
  back to one sans-serif face;
- a timeout after which the whole process group is killed.

The result is read back as bytes; callers write it atomically
(:func:`write_pdf`), so a failed or interrupted conversion leaves no file.
When LibreOffice is absent :class:`~caina.errors.ToolMissingError` says how
to install it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from caina.errors import CainaError, SourceFileError, ToolMissingError
from caina.io.files import atomic_write_bytes

DEFAULT_TIMEOUT = 120.0  # seconds; a first run creates the profile (≈ 2–3 s), a page takes ≈ 0.02 s

INSTALL_COMMAND = (
    "sudo apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils "
    "fonts-noto-cjk fonts-arphic-uming fonts-arphic-ukai fonts-arphic-gbsn00lp fonts-wqy-zenhei fonts-liberation2"
)

# official font name → installed free font with the same role (every CJK font advances 汉字 by 1 em)
FONT_ALIASES: dict[str, str] = {
    "仿宋_GB2312": "AR PL UMing CN",
    "仿宋": "AR PL UMing CN",
    "FangSong": "AR PL UMing CN",
    "FangSong_GB2312": "AR PL UMing CN",
    "方正仿宋_GBK": "AR PL UMing CN",
    "楷体_GB2312": "AR PL UKai CN",
    "楷体": "AR PL UKai CN",
    "KaiTi": "AR PL UKai CN",
    "KaiTi_GB2312": "AR PL UKai CN",
    "方正楷体_GBK": "AR PL UKai CN",
    "黑体": "WenQuanYi Zen Hei",
    "SimHei": "WenQuanYi Zen Hei",
    "方正黑体_GBK": "WenQuanYi Zen Hei",
    "方正小标宋简体": "Noto Serif CJK SC",
    "方正小标宋_GBK": "Noto Serif CJK SC",
    "小标宋": "Noto Serif CJK SC",
    "宋体": "AR PL SungtiL GB",
    "SimSun": "AR PL SungtiL GB",
    "Times New Roman": "Liberation Serif",
}

_EXTENSIONS = {"pdf": "pdf", "fodt": "fodt", "odt": "odt", "docx": "docx", "txt": "txt"}


def find_soffice() -> str:
    """Path of the ``soffice`` (or ``libreoffice``) executable; ToolMissingError when absent."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ToolMissingError(
        "未找到 LibreOffice（soffice），无法转换文档",
        fix=f"请安装 LibreOffice 和字体后重试：{INSTALL_COMMAND}（或在项目目录运行 make system）；"
        "也可改为输出 .docx，在 Word/WPS 中另存为 PDF",
    )


def available() -> bool:
    """Whether LibreOffice is installed."""
    try:
        find_soffice()
    except ToolMissingError:
        return False
    return True


def fontconfig_text(aliases: dict[str, str] | None = None) -> str:
    """A fonts.conf that loads the system configuration and adds the official-name aliases."""
    rules = []
    for name, target in (aliases or FONT_ALIASES).items():
        rules.append(
            "  <alias binding=\"same\">\n"
            f"    <family>{escape(name)}</family>\n"
            f"    <prefer><family>{escape(target)}</family></prefer>\n"
            "  </alias>"
        )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        "  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n" + "\n".join(rules) + "\n</fontconfig>\n"
    )


def _output_format(fmt: str) -> str:
    ext = fmt.split(":", 1)[0].strip().lower()
    if ext not in _EXTENSIONS:
        raise SourceFileError(f"不支持转换为“{fmt}”", fix=f"可转换为：{'、'.join(_EXTENSIONS)}")
    return ext


def run_soffice(
    cmd: list[str], env: dict[str, str], timeout: float, where: str = ""
) -> subprocess.CompletedProcess[bytes]:
    """Run a LibreOffice command in its own process group; on timeout kill the whole group."""
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env, start_new_session=True
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):  # exited between the timeout and the kill
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise CainaError(
            f"LibreOffice 转换超时（超过{timeout:g}秒），已终止",
            where=where,
            fix="请确认文件能在 Word/WPS 中正常打开；文件很大时请稍后重试，或先输出 .docx",
        ) from None
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def convert_bytes(
    data: bytes, suffix: str, fmt: str = "pdf", *, timeout: float = DEFAULT_TIMEOUT, where: str = ""
) -> bytes:
    """Convert a document given as bytes (``suffix`` such as ".docx") with LibreOffice; the result's bytes.

    ``fmt`` is LibreOffice's ``--convert-to`` argument ("pdf", "fodt", "docx:MS Word 2007 XML").
    Nothing is written outside a temporary directory that is removed afterwards.
    """
    ext = _output_format(fmt)
    soffice = find_soffice()
    where = where or f"（内存中的{suffix}文件）"
    with tempfile.TemporaryDirectory(prefix="caina-soffice-") as tmp:
        root = Path(tmp)
        src = root / f"input{suffix}"
        src.write_bytes(data)
        outdir = root / "out"
        outdir.mkdir()
        fonts = root / "fonts.conf"
        fonts.write_text(fontconfig_text(), encoding="utf-8")
        env = dict(os.environ)
        env["FONTCONFIG_FILE"] = str(fonts)
        env.pop("SAL_USE_VCLPLUGIN", None)
        cmd = [
            soffice,
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(src),
        ]
        done = run_soffice(cmd, env, timeout, where)
        result = outdir / f"input.{ext}"
        if done.returncode != 0 or not result.exists() or result.stat().st_size == 0:
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            tail = detail[-1] if detail else f"退出码 {done.returncode}"
            raise CainaError(
                f"LibreOffice 未能把文件转换为 {ext.upper()}：{tail}",
                where=where,
                fix="请确认文件能在 Word/WPS 中正常打开；若 LibreOffice 刚安装，请先单独运行一次 soffice --headless --version",
            )
        return result.read_bytes()


def convert_file(src: Path, fmt: str = "pdf", *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Convert the file ``src`` with LibreOffice; the result's bytes."""
    src = Path(src)
    try:
        data = src.read_bytes()
    except FileNotFoundError:
        raise SourceFileError("找不到要转换的文件", path=str(src), fix="请核对路径") from None
    except OSError as exc:
        raise SourceFileError(f"无法读取要转换的文件：{exc.strerror}", path=str(src), fix="请检查文件权限") from None
    return convert_bytes(data, src.suffix.lower() or ".docx", fmt, timeout=timeout, where=str(src))


def docx_to_pdf(data: bytes, *, timeout: float = DEFAULT_TIMEOUT, where: str = "") -> bytes:
    """PDF bytes of a .docx given as bytes."""
    return convert_bytes(data, ".docx", "pdf", timeout=timeout, where=where)


def write_pdf(docx: bytes, out: Path, *, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Convert a .docx (bytes) to PDF and write it atomically to ``out``."""
    return atomic_write_bytes(Path(out), docx_to_pdf(docx, timeout=timeout, where=str(out)))


__all__ = [
    "DEFAULT_TIMEOUT",
    "INSTALL_COMMAND",
    "FONT_ALIASES",
    "find_soffice",
    "available",
    "fontconfig_text",
    "convert_bytes",
    "convert_file",
    "docx_to_pdf",
    "write_pdf",
]
