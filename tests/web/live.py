"""A real server process (``caina serve``) on a free loopback port, for the browser, crash and load tests."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class LiveServer:
    def __init__(self, url: str, port: int, *, workers: int = 1, log: Path | None = None) -> None:
        self.db_url, self.port, self.workers = url, port, workers
        self.base = f"http://127.0.0.1:{port}"
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60) -> LiveServer:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115  closed in stop()/kill()
        self._out = out
        self.proc = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "caina.cli", "serve", "--db", self.db_url, "--port", str(self.port),
             "--workers", str(self.workers)],
            cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self._close()
                raise RuntimeError(f"caina serve exited with {self.proc.returncode} (log: {self.log})")
            with contextlib.suppress(OSError), urllib.request.urlopen(self.base + "/login", timeout=2) as r:
                if r.status == 200:
                    return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"caina serve did not answer within {timeout}s (log: {self.log})")

    def listening(self) -> int:
        """How many sockets listen on the server's port (/proc/net/tcp, state 0A; Linux): one per worker when
        each has its own (caina serve --workers N)."""
        count = 0
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            if Path(table).exists():
                for line in Path(table).read_text().splitlines()[1:]:
                    fields = line.split()
                    if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == self.port:
                        count += 1
        return count

    def cpu_by_process(self) -> dict[int, float]:
        """CPU seconds of each of the server's processes (pid → user + system), from /proc (Linux)."""
        assert self.proc is not None
        tick = os.sysconf("SC_CLK_TCK")
        found: dict[int, float] = {}
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                fields = Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.proc.pid:  # pgrp: start_new_session made the server its group's leader
                found[int(d)] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        return found

    def cpu_seconds(self) -> float:
        """CPU seconds (user + system) spent so far by the server's processes (its process group: the server and
        its workers; from /proc, Linux), for the benchmarks' CPU per request."""
        return sum(self.cpu_by_process().values())

    def kill(self) -> None:
        """SIGKILL the whole process group (server and workers): a crash, nothing flushed or closed."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)
        self._close()

    def _close(self) -> None:
        out = getattr(self, "_out", None)
        if out is not None and out is not subprocess.DEVNULL:
            out.close()
        self._out = None

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            self._close()
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()
        self._close()
