"""Several worker processes for ``caina serve --workers N``, each with its own listening socket on the same port.

uvicorn's own ``--workers`` shares one listening socket among the workers: whichever worker wakes first accepts,
so a burst of new connections (50 browsers opening the desk at nine o'clock) can land mostly on one worker, and
with keep-alive connections that worker then serves most of the requests while the others idle — measured with
``bench/load.py``: 6.3 and 2.0 CPU seconds for two workers in the same run. Here every worker binds the port with
``SO_REUSEPORT`` and the kernel spreads new connections evenly over them (as ``gunicorn --reuse-port`` or
nginx's ``reuse_port``). The parent only supervises: it starts the workers, restarts one that dies, and stops
them all on Ctrl-C or SIGTERM. The application servers keep no state of their own, so any worker may answer any
request. Where the platform has no ``SO_REUSEPORT`` (Windows), uvicorn's shared socket is used.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from typing import Any

from caina.errors import InputError

log = logging.getLogger("caina.web")
APP = "caina.web.app:factory"
QUICK = 10.0  # a worker that dies sooner than this after its start counts as failing to start
GIVE_UP = 6  # … and after this many such deaths in a row of one worker, the server stops with the reason


def supported() -> bool:
    return hasattr(socket, "SO_REUSEPORT") and os.name == "posix"


def _socket(host: str, port: int, *, reuse_port: bool) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def check_port(host: str, port: int) -> None:
    """Refuse a port another program listens on (with SO_REUSEPORT alone the workers would not notice)."""
    try:
        _socket(host, port, reuse_port=False).close()
    except OSError as exc:
        raise InputError(
            f"无法在 {host}:{port} 上监听：{exc.strerror or exc}",
            where="--host / --port",
            fix="端口可能已被其他程序占用：请换一个端口（如 --port 8001），或先停止占用它的程序",
        ) from exc


def _worker(host: str, port: int) -> None:  # pragma: no cover - runs in the worker process (tested end to end)
    import uvicorn

    parent = os.getppid()

    def orphaned() -> None:  # the parent was killed outright (SIGKILL): do not go on serving unsupervised
        while os.getppid() == parent:
            time.sleep(1)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=orphaned, name="caina-parent-watch", daemon=True).start()
    sock = _socket(host, port, reuse_port=True)
    config = uvicorn.Config(APP, factory=True, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def run(workers: int, host: str, port: int, *, target: Callable[[str, int], None] | None = None,
        backoff: float = 0.5) -> None:  # fmt: skip
    """Serve with ``workers`` processes until Ctrl-C or SIGTERM; a worker that dies is started again — at once
    if it had been running, after ``backoff`` · 2ⁿ seconds (at most 30) if it died n times in a row right after
    starting, and after GIVE_UP such deaths the server stops with the reason. ``target`` (tests) replaces the
    worker's body; it must be importable by name (the workers are spawned, not forked)."""
    body = target or _worker
    check_port(host, port)
    ctx = multiprocessing.get_context("spawn")
    stopping = False

    def start() -> BaseProcess:
        p = ctx.Process(target=body, args=(host, port), name="caina-worker", daemon=False)
        p.start()
        return p

    def stop(_sig: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    procs = [start() for _ in range(workers)]
    started = [time.monotonic()] * workers
    quick = [0] * workers  # deaths in a row within QUICK seconds of starting: back off, do not spin
    try:
        while not stopping:
            time.sleep(0.2)
            for i, p in enumerate(procs):
                if p.is_alive() or stopping:
                    continue
                quick[i] = quick[i] + 1 if time.monotonic() - started[i] < QUICK else 0
                if quick[i] >= GIVE_UP:
                    raise InputError(
                        f"工作进程连续 {quick[i]} 次在启动后 {QUICK:.0f} 秒内退出（最后一次代码 {p.exitcode}），已停止",
                        where=f"caina serve --workers {workers}",
                        fix="请查看上面的错误信息（数据库地址、端口、权限），改正后再启动",
                    )
                wait = min(30.0, backoff * 2 ** quick[i]) if quick[i] else 0.0
                log.warning("工作进程 %s 已退出（代码 %s），%s重新启动", p.pid, p.exitcode, f"{wait:.0f} 秒后" if wait else "正在")
                end = time.monotonic() + wait
                while not stopping and time.monotonic() < end:
                    time.sleep(0.2)
                if not stopping:
                    procs[i], started[i] = start(), time.monotonic()
    finally:
        for p in procs:
            if p.is_alive() and p.pid is not None:
                os.kill(p.pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        for p in procs:
            p.join(timeout=max(0.1, deadline - time.monotonic()))
            if p.is_alive():
                p.kill()
                p.join()
        for s, handler in previous.items():
            signal.signal(s, handler)
