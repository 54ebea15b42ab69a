"""Run a ``caina`` command line with the code as it is and as it was, in the same run, and time both.

The baseline of issue 12's targets is the code before its work: the commit
:data:`BASELINE_COMMIT` (main when the issue was taken up), exported with
``git archive`` into a temporary directory and put first on ``PYTHONPATH``
(the rest of the environment — Python, libraries, data — is the same).

Each run is a fresh process; the time is its wall-clock time and its CPU time
(user + system, from ``wait4``), and its peak resident memory.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE_COMMIT = "7946a58"  # main before issue 12: "Opinion forms use the shared GB/T 9704 font names and set_fonts"


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float
    max_rss_mb: float
    exit: int
    output: str


def export_baseline(work: Path, commit: str = BASELINE_COMMIT) -> Path | None:
    """The baseline's ``src`` directory under ``work``, or None when git does not have the commit."""
    target = work / f"baseline-{commit}"
    archive = work / f"{commit}.tar"
    with open(archive, "wb") as fh:
        proc = subprocess.run(["git", "archive", commit, "src"], cwd=ROOT, stdout=fh, stderr=subprocess.PIPE, check=False)
    if proc.returncode != 0:
        print(f"baseline {commit} not available: {proc.stderr.decode(errors='replace').strip()}", file=sys.stderr)
        return None
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return target / "src"


def run(args: list[str], *, cwd: Path, src: Path | None = None, timeout: float = 900) -> Timing:
    """``caina ARGS`` in a fresh process (``src``: the code to import instead of the installed one)."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "caina.cli", *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    output = b""
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        output, _ = proc.communicate()
    wall = time.monotonic() - start
    usage = _children_usage()
    return Timing(wall, usage[0], usage[1], proc.returncode, output.decode("utf-8", "replace"))


_last = (0.0, 0.0)


def _children_usage() -> tuple[float, float]:
    """CPU seconds of the last child (difference of RUSAGE_CHILDREN) and the peak RSS of any child so far."""
    import resource

    global _last
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = ru.ru_utime + ru.ru_stime
    used = cpu - _last[0]
    _last = (cpu, 0.0)
    return used, ru.ru_maxrss / 1024


def machine() -> str:
    cpus = os.cpu_count()
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{model or platform.machine()}, {cpus} cores, Python {platform.python_version()}, load {load:.1f}"


def workdir(name: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"caina-bench-{name}-"))
