"""`caina serve --workers N`: N worker processes, each listening on the port with its own socket (SO_REUSEPORT)
so that the kernel spreads connections over them; the parent restarts a worker that dies and stops them all."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from caina.web import workers
from tests.desk_fixtures import Template, free_port
from tests.web.live import ROOT, LiveServer

pytestmark = pytest.mark.skipif(not workers.supported(), reason="SO_REUSEPORT is a Linux/BSD socket option")


def children(pid: int) -> set[int]:
    """The worker processes: the server's children that run Python (not multiprocessing's helpers)."""
    found = set()
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                stat = Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()
                cmd = Path(f"/proc/{d}/cmdline").read_bytes()
            except OSError:
                continue
            if int(stat[1]) == pid and b"spawn_main" in cmd:
                found.add(int(d))
    return found


def running(pid: int) -> bool:
    """A worker process still running (a zombie waiting to be reaped has an empty command line)."""
    try:
        return b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def wait_for(condition, what: str, timeout: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/login", timeout=5) as r:
            return r.status == 200
    except OSError:
        return False


@pytest.fixture
def two_workers(sqlite_template: Template, tmp_path: Path) -> Iterator[tuple[LiveServer, int]]:
    """`caina serve --workers 2` on a copy of the desk's SQLite database, and the supervisor's pid."""
    db = tmp_path / "w.db"
    shutil.copyfile(sqlite_template.url.removeprefix("sqlite:///"), db)
    server = LiveServer(f"sqlite:///{db}", free_port(), workers=2, log=tmp_path / "server.log").start()
    try:
        assert server.proc is not None
        wait_for(lambda: len(children(server.proc.pid)) == 2, "two workers")  # type: ignore[union-attr]
        yield server, server.proc.pid
    finally:
        server.kill()


def test_each_worker_listens_and_a_dead_one_is_restarted(two_workers: tuple[LiveServer, int]) -> None:
    server, parent = two_workers
    wait_for(lambda: server.listening() == 2, "each worker with its own socket")
    for _ in range(20):  # new connections every time: any worker may take any of them
        assert answers(server.base)
    first = min(children(parent))
    os.kill(first, signal.SIGKILL)  # a worker crashes
    wait_for(lambda: first not in children(parent) and len(children(parent)) == 2 and server.listening() == 2,
             "the parent to start a new worker")  # fmt: skip
    assert answers(server.base)
    workers_now = children(parent)
    os.kill(parent, signal.SIGTERM)  # the parent alone: it stops its workers
    server.proc.wait(timeout=60)  # type: ignore[union-attr]
    wait_for(lambda: not any(running(p) for p in workers_now), "the workers to stop")
    assert server.listening() == 0


def test_workers_stop_when_the_parent_is_killed_outright(two_workers: tuple[LiveServer, int]) -> None:
    server, parent = two_workers
    workers_then = children(parent)
    os.kill(parent, signal.SIGKILL)  # the supervisor alone dies; its workers must not serve on unsupervised
    server.proc.wait(timeout=30)  # type: ignore[union-attr]
    wait_for(lambda: not any(running(p) for p in workers_then), "the orphaned workers to stop")
    assert server.listening() == 0


def die_at_once(_host: str, _port: int) -> None:
    """A worker that cannot start (spawned by name, so it lives at module level)."""
    os._exit(3)


def test_a_worker_that_cannot_start_is_retried_with_backoff_then_the_server_gives_up(caplog: pytest.LogCaptureFixture) -> None:
    from caina.errors import InputError

    caplog.set_level("WARNING", logger="caina.web")
    with pytest.raises(InputError) as raised:
        workers.run(1, "127.0.0.1", free_port(), target=die_at_once, backoff=0.01)
    assert f"连续 {workers.GIVE_UP} 次在启动后" in raised.value.message and "代码 3" in raised.value.message
    restarts = [r.getMessage() for r in caplog.records if "重新启动" in r.getMessage()]
    assert len(restarts) == workers.GIVE_UP - 1 and "秒后重新启动" in restarts[-1]


def test_a_port_in_use_is_refused_in_chinese(tmp_path: Path) -> None:
    import socket

    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        r = subprocess.run([sys.executable, "-m", "caina.cli", "serve", "--db", str(tmp_path / "p.db"), "--port", str(port),
                            "--workers", "2"], cwd=ROOT, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert r.returncode != 0
    assert f"无法在 127.0.0.1:{port} 上监听" in r.stderr and "请换一个端口" in r.stderr and "Traceback" not in r.stderr
