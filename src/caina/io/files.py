"""Every file caina writes: one output rule, atomic writes.

The output rule (:func:`check_output`), the same for every ``-o``:

- a new path is written;
- an existing **regular file** is replaced only with ``--force`` (the caller
  passes ``force``), never silently;
- anything else at the path — a directory, a symbolic link, a device, a
  FIFO, a socket — is refused, with or without ``--force``: caina never
  writes through a link or replaces a device with a regular file;
- the directory must exist and be writable, and the file name must fit the
  file system (255 bytes); each is said in Chinese, with the fix.

Writes (:func:`atomic_write_bytes`) go to a short temporary name in the same
directory, are flushed to disk and renamed over the target in one step: a
crash or a rejected input never leaves a half-written file. The temporary
file is removed on any failure.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from caina.errors import SourceFileError

__all__ = ["check_output", "check_output_dir", "os_error_message", "atomic_write_bytes", "atomic_write_text", "MAX_NAME_BYTES"]

MAX_NAME_BYTES = 255  # NAME_MAX of ext4, XFS, btrfs, tmpfs


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "目录"
    if stat.S_ISLNK(mode):
        return "符号链接"
    if stat.S_ISFIFO(mode):
        return "管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def _os_error(exc: OSError, path: Path, doing: str) -> SourceFileError:
    """An OSError met while writing ``path``, as a message a clerk can act on."""
    where = str(path)
    if exc.errno == errno.EROFS:
        return SourceFileError(f"{doing}失败：所在的文件系统是只读的", path=where, fix="请换一个可写的输出目录")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return SourceFileError(f"{doing}失败：没有写入权限", path=where, fix="请换一个有写入权限的输出目录，或检查目录权限")
    if exc.errno == errno.ENOSPC:
        return SourceFileError(f"{doing}失败：磁盘空间已满", path=where, fix="请清理磁盘空间后重试")
    if exc.errno == errno.EDQUOT:
        return SourceFileError(f"{doing}失败：超出磁盘配额", path=where, fix="请清理文件或联系管理员")
    if exc.errno == errno.ENAMETOOLONG:
        return SourceFileError(f"{doing}失败：文件名或路径过长", path=where[:200], fix="请改用较短的文件名")
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return SourceFileError(f"{doing}失败：该目录不存在或不允许建立文件", path=where, fix="请换一个普通的可写目录")
    return SourceFileError(f"{doing}失败：{exc.strerror or exc}", path=where, fix="请检查输出路径")


def os_error_message(exc: OSError) -> str:
    """An OSError about a path, as one Chinese sentence with what to do (for the CLI's last line of defence)."""
    name = os.fsdecode(exc.filename) if exc.filename is not None else ""
    shown = name if len(name) <= 120 else name[:120] + "……"
    if exc.errno == errno.ENAMETOOLONG:
        return f"文件名或路径过长（位置：{shown}）。请改用较短的文件名。"
    if exc.errno == errno.ELOOP:
        return f"符号链接形成了循环（位置：{shown}）。请给出实际的文件。"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"没有访问权限（位置：{shown}）。请检查文件和目录的权限。"
    if exc.errno == errno.EROFS:
        return f"文件系统是只读的（位置：{shown}）。请换一个可写的位置。"
    return f"无法访问文件：{exc.strerror or exc}（位置：{shown}）。请检查路径。"


def check_output(path: Path, *, force: bool = False, what: str = "输出文件", example: str = "结果.docx") -> Path:
    """Apply the output rule to ``path`` before any work is done; returns ``path``."""
    path = Path(path)
    where = str(path)
    if len(os.fsencode(path.name)) > MAX_NAME_BYTES:
        raise SourceFileError(
            f"{what}的文件名过长（{len(os.fsencode(path.name))} 字节，文件系统上限 {MAX_NAME_BYTES} 字节，一个汉字占 3 字节）",
            path=where[:200] + "……",
            fix="请改用较短的文件名",
        )
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _os_error(exc, path, f"检查{what}") from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise SourceFileError(
                f"{what}的路径是一个目录，不是文件", path=where, fix=f"请在目录后写出文件名，如 -o {path / example}"
            )
        if not stat.S_ISREG(info.st_mode):
            raise SourceFileError(
                f"{what}的路径已有一个{_kind(info.st_mode)}，caina 只写入新文件或替换普通文件，未写入",
                path=where,
                fix="请换一个输出文件名",
            )
        if not force:
            raise SourceFileError(
                f"{what}已存在，未覆盖", path=where, fix="请换一个文件名；确要覆盖，请加 --force"
            )
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise SourceFileError(
            "输出目录不存在", path=str(parent), fix=f"请先创建目录（mkdir -p {parent}），或换一个输出路径"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        readonly = False
        with contextlib.suppress(OSError):
            readonly = bool(os.statvfs(parent).f_flag & os.ST_RDONLY)
        why = "所在的文件系统是只读的" if readonly else "没有写入权限"
        raise SourceFileError(f"无法写入输出目录：{why}", path=str(parent), fix="请换一个可写的输出目录")
    return path


def check_output_dir(directory: Path, *, create: bool = True, what: str = "输出目录") -> Path:
    """An output directory: an existing directory, or created (with its parents) when ``create``."""
    directory = Path(directory)
    if directory.exists() or directory.is_symlink():
        if not directory.is_dir():
            raise SourceFileError(f"{what}的位置已有一个文件，不是目录", path=str(directory), fix="请用 -o 给出一个目录")
        if not os.access(directory, os.W_OK | os.X_OK):
            raise SourceFileError(f"无法写入{what}：没有写入权限或文件系统只读", path=str(directory), fix="请换一个可写的目录")
        return directory
    if create:
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _os_error(exc, directory, f"创建{what}") from None
    return directory


def atomic_write_bytes(path: Path, data: bytes, *, force: bool = True) -> Path:
    """Write ``data`` to ``path`` atomically under the output rule (``force``: an existing file may be replaced)."""
    path = check_output(Path(path), force=force)
    parent = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".caina-", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise _os_error(exc, path, "写入文件") from None
    try:
        os.chmod(tmp, _mode_for(path))  # mkstemp makes 0600; the file gets the mode any new file would
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:  # the target may have changed since it was checked: never replace a link, device or directory
            info = os.lstat(path)
        except FileNotFoundError:
            info = None
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise SourceFileError(
                f"输出路径在写入时变成了{_kind(info.st_mode)}，未写入", path=str(path), fix="请换一个输出文件名"
            )
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise _os_error(exc, path, "写入文件") from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return path


def _mode_for(path: Path) -> int:
    """The permissions to give ``path``: those of the file it replaces, else 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_text(path: Path, text: str, *, force: bool = True) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"), force=force)
