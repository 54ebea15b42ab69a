"""Load: 50 concurrent reviewers file 20 opinions each against a real `caina serve` on loopback.

Runs against SQLite and PostgreSQL (2 workers each; PostgreSQL a throw-away cluster started here), prints p50/p95
of filing an opinion (POST /api/v1/reviews/{id}/opinions) and of the page view (GET /reviews/{id}/pages/{n})
for each, and checks that no opinion was lost or duplicated. The issue's target is p95 < 100 ms for filing:
each run prints the ratio p95 / 100 ms.

Each reviewer is a closed loop: view a page, pick a passage on it, file an opinion on it, repeat — with no
think time (--think 0, the default: the worst case, every reviewer clicking at once) or with a pause
(--think SECONDS) as a person would; with a pause, the reviewers also arrive spread over the first pause
instead of all in the same millisecond. Before the clock starts the server is warmed (every worker has laid
out the draft, as a server that has been running has; --no-warm measures the cold start too). Results go to
docs/benchmarks.md by hand.

PostgreSQL runs with its durable defaults (fsync on, synchronous_commit on), as a deployment does: an
acknowledged opinion is on disk. Besides the latencies each run prints the throughput, the server's CPU per
filing cycle (page view + page JSON + filing, from /proc: every process of the server) and the saturation
arithmetic: with every reviewer clicking at once a request waits for the ones ahead of it, so latency ≈
clients / throughput — the figure to compare with the target in that case.

    python bench/load.py                   # SQLite and PostgreSQL, no think time
    python bench/load.py --think 5         # a person's pause of about 5 s between reading and filing
    python bench/load.py --backends sqlite --think 1
    python bench/load.py --sweep 10,20,30,50       # how many reviewers clicking without pause stay within 100 ms
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import html
import json
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.desk_fixtures import EXAMPLE, PgCluster, free_port  # noqa: E402
from tests.web.live import LiveServer  # noqa: E402

UNITS = ["市财政局", "市工信委", "市发改委", "市人社局", "市农业局", "市铝办", "市卫计委", "市法制办", "市绩效办", "工业区管委会"]
TARGET_MS = 100.0


def populate(url: str, reviewers: int) -> tuple[Any, int, list[Any], list[tuple[str, str]]]:
    """The Baise review (phase open), ``reviewers`` reviewer accounts spread over the units and a session for
    each: (store, review id, actors, (cookie, csrf) of each session). bench/desk_cpu.py uses it too."""
    from caina.services.desk import accounts, reviews
    from caina.store import Store
    from caina.web.app import create_app

    store = Store(url)
    store.upgrade()
    owner = accounts.add_user(store, "owner", "owner-password")
    rid = reviews.import_case(store, owner, EXAMPLE)
    reviews.set_phase(store, owner, rid, "open")
    app = create_app(url, jobs=False, migrate=False)
    actors, sessions = [], []
    for i in range(reviewers):
        name = f"reviewer{i:02d}"
        actor = accounts.add_user(store, name, f"password-{i:04d}")
        reviews.add_member(store, owner, rid, name, "reviewer", UNITS[i % len(UNITS)])
        actors.append(actor)
        sessions.append(accounts.open_session(store, actor, app.state.signer))
    app.state.store.dispose()
    return store, rid, actors, sessions


def prepare(url: str, reviewers: int) -> tuple[int, list[tuple[str, str]]]:
    """The Baise review, ``reviewers`` reviewer accounts spread over the units, a session for each."""
    store, rid, _, sessions = populate(url, reviewers)
    store.dispose()
    return rid, sessions


def payload(page: dict[str, Any], rng: random.Random, text: str) -> dict[str, Any]:
    """An opinion on a passage of ``page`` (the JSON of GET …/pages/{n}): six characters of a random line's text,
    with its locator and position. (bench/desk_cpu.py; the load bench reads the page's HTML: `from_html`.)"""
    lines = [x for x in page["lines"] if len(x["text"]) - len(x["label"]) >= 8 and "cells" not in x]
    line = rng.choice(lines) if lines else page["lines"][0]
    body = line["text"][len(line["label"]) :]
    quote = body[2:8] if len(body) >= 8 else body
    return {"text": text, "quote": quote, "locator": line["locator"], "part_id": line["part_id"],
            "block": line["block"], "start": line["start"] + 2}  # fmt: skip


_LINE = re.compile(r'<tr class="line[^"]*" id="L\d+" data-locator="([^"]+)"[^>]*>(?:(?!</tr>).)*?<span class="t" data-part="([^"]+)" '
                   r'data-block="(\d+)" data-start="(\d+)">([^<]*)</span>', re.S)  # fmt: skip


def from_html(page_html: str, rng: random.Random, text: str) -> dict[str, Any]:
    """What a person does in the browser, and app.js sends: select six characters of a line of the printed page
    just viewed (the HTML's data-locator / data-part / data-block / data-start) and file an opinion on them."""
    lines = [(loc, html.unescape(p), int(b), int(st), html.unescape(t)) for loc, p, b, st, t in _LINE.findall(page_html)]
    lines = [x for x in lines if len(x[4]) >= 8]
    if not lines:
        raise RuntimeError("the page's HTML has no line of text to select (did the sheet's markup change?)")
    loc, part, block, start, body = rng.choice(lines)
    return {"text": text, "quote": body[2:8], "locator": html.unescape(loc), "part_id": part, "block": block,
            "start": start + 2}  # fmt: skip


class Http:
    """A minimal HTTP/1.1 keep-alive client on one connection — the bench's own cost per request stays a small
    fraction of the server's (httpx took 3–4 ms of CPU a request on these cores, as much as the server), so the
    50 clients do not take the CPU the server is measured on. Content-Length and chunked bodies."""

    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.host, self.port = host, port
        self.fixed = "".join(f"{k}: {v}\r\n" for k, v in {"Host": f"{host}:{port}", **headers}.items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        head = f"{method} {path} HTTP/1.1\r\n{self.fixed}{extra}Content-Length: {len(body)}\r\n\r\n"
        for attempt in (1, 2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            assert self.reader is not None
            try:
                self.writer.write(head.encode("utf-8") + body)
                status_line = await self.reader.readline()
            except ConnectionError:
                status_line = b""
            if status_line:
                break
            # the server closed the idle keep-alive connection (uvicorn: after 5 s) before reading this request:
            # open a new one and send it again, as a browser does (filings carry an Idempotency-Key anyway)
            await self.close()
            if attempt == 2:
                raise ConnectionError(f"{method} {path}: the server closed the connection without an answer")
        status = int(status_line.split(b" ", 2)[1])
        length, chunked, close = -1, False, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
            elif name == b"connection" and b"close" in value.lower():
                close = True
        if chunked:
            parts = []
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                parts.append(await self.reader.readexactly(size))
                await self.reader.readline()
            await self.reader.readline()
            data = b"".join(parts)
        else:
            data = await self.reader.readexactly(length) if length >= 0 else await self.reader.read()
        if close:
            await self.close()
        return status, data

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def reviewer(base: str, rid: int, cookie: str, csrf: str, n: int, think: float, pages: int,
                   file_ms: list[float], view_ms: list[float], errors: list[str], who: int) -> None:  # fmt: skip
    from caina.web.deps import COOKIE

    rng = random.Random(who)
    if think:  # people arrive at their own moment, not all in the same millisecond: spread over one think time
        await asyncio.sleep(rng.uniform(0, think))
    host, port = base.split("//", 1)[1].rsplit(":", 1)
    c = Http(host, int(port), {"Cookie": f"{COOKIE}={cookie}", "X-CSRF-Token": csrf})
    try:
        for k in range(n):
            page = rng.randint(1, pages)
            t = time.perf_counter()
            status, body = await c.request("GET", f"/reviews/{rid}/pages/{page}")
            view_ms.append((time.perf_counter() - t) * 1000)
            if status != 200:
                errors.append(f"view {status}")
                continue
            opinion = from_html(body.decode("utf-8"), rng, f"负载测试意见 {who}-{k}")
            if think:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
            data = json.dumps(opinion, ensure_ascii=False).encode("utf-8")
            t = time.perf_counter()
            status, answer = await c.request("POST", f"/api/v1/reviews/{rid}/opinions", data,
                                             {"Content-Type": "application/json", "Idempotency-Key": f"load-{who}-{k}"})  # fmt: skip
            file_ms.append((time.perf_counter() - t) * 1000)
            if status != 201:
                errors.append(f"file {status} {answer[:200]!r}")
    finally:
        await c.close()


def run_loop(coro: Any) -> None:
    """Run the clients on uvloop (installed with uvicorn's extras) — a cheaper loop, as the server's."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvloop is a dependency
        asyncio.run(coro)
        return
    uvloop.run(coro)


def warm(base: str, rid: int, cookie: str, workers: int) -> float:
    """Bring the server to the state of one that has been serving: every worker has read and laid out the draft
    (a cold worker does it on its first request). Separate connections, so that each worker gets some; returns
    the slowest (the cold) request in ms."""
    import httpx2

    from caina.web.deps import COOKIE

    slowest = 0.0
    for i in range(6 * workers):
        with httpx2.Client(base_url=base, cookies={COOKIE: cookie}, timeout=120) as c:
            t = time.perf_counter()
            assert c.get(f"/reviews/{rid}/pages/{1 + i % 3}").status_code == 200
            slowest = max(slowest, (time.perf_counter() - t) * 1000)
    return slowest


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def verify(url: str, expected: int) -> tuple[int, int, int]:
    """(load opinions stored, distinct texts, opinion.create events) — all must equal ``expected`` (the imported
    opinions are opinion.import events)."""
    from sqlalchemy import text

    from caina.store import Store

    store = Store(url)
    with store.read() as conn:
        rows = conn.execute(text("SELECT count(*), count(DISTINCT text) FROM opinions WHERE text LIKE '负载测试意见%'")).one()
        events = conn.execute(text("SELECT count(*) FROM audit_events WHERE action = 'opinion.create'")).scalar_one()
    store.dispose()
    return int(rows[0]), int(rows[1]), int(events)



def postgres_cpu() -> float:
    """CPU seconds so far of every PostgreSQL process on the machine (the throw-away cluster's; /proc, Linux)."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        with contextlib.suppress(OSError):
            if Path(f"/proc/{d}/comm").read_text().strip() == "postgres":
                fields = Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
    return total / tick


def run(backend: str, url: str, workers: int, args: argparse.Namespace, tmp: Path) -> dict[str, object]:
    rid, sessions = prepare(url, args.reviewers)
    server = LiveServer(url, free_port(), workers=workers, log=tmp / f"{backend}.log").start()
    file_ms: list[float] = []
    view_ms: list[float] = []
    errors: list[str] = []
    pages = 14  # the Baise draft's main text (its attachments are tables)
    try:

        async def main() -> None:
            await asyncio.gather(*(reviewer(server.base, rid, c, s, args.opinions, args.think, pages, file_ms, view_ms,
                                            errors, i) for i, (c, s) in enumerate(sessions)))  # fmt: skip

        deadline = time.monotonic() + 60  # every worker listening (each starts on its own; a connection made
        while server.listening() < workers and time.monotonic() < deadline:  # before would pin to the first)
            time.sleep(0.1)
        cold = warm(server.base, rid, sessions[0][0], workers) if args.warm else 0.0
        per0, own0, pg0 = server.cpu_by_process(), time.process_time(), postgres_cpu()
        t0 = time.perf_counter()
        run_loop(main())
        wall = time.perf_counter() - t0
        per1, client_cpu, pg_cpu = server.cpu_by_process(), time.process_time() - own0, postgres_cpu() - pg0
        spent = sorted((per1[p] - per0.get(p, 0.0) for p in per1), reverse=True)
        server_cpu = sum(spent)
    finally:
        server.stop()
    expected = args.reviewers * args.opinions
    stored, distinct, events = verify(url, expected)
    return {
        "backend": backend, "workers": workers, "filed": len(file_ms), "errors": len(errors), "first_error": errors[:1],
        "stored": stored, "distinct": distinct, "events": events, "expected": expected, "wall_s": wall,
        "file_p50": pct(file_ms, 50), "file_p95": pct(file_ms, 95), "file_max": max(file_ms or [0]),
        "view_p50": pct(view_ms, 50), "view_p95": pct(view_ms, 95), "rate": len(file_ms) / wall,
        "mean": statistics.fmean(file_ms) if file_ms else 0.0,
        "cold_ms": cold, "db_ms": pg_cpu * 1000 / max(1, len(file_ms)), "per_process_s": [round(x, 1) for x in spent if x > 0.05],
        "server_ms": server_cpu * 1000 / max(1, len(file_ms)), "client_ms": client_cpu * 1000 / max(1, len(file_ms)),
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reviewers", type=int, default=50)
    parser.add_argument("--opinions", type=int, default=20)
    parser.add_argument("--think", type=float, default=0.0, help="mean pause (s) between viewing a page and filing")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--sqlite-workers", type=int, default=2)
    parser.add_argument("--pg-workers", type=int, default=2)
    parser.add_argument("--no-warm", dest="warm", action="store_false",
                        help="start the clock on a cold server (each worker lays the draft out on its first request)")
    parser.add_argument("--pg-no-fsync", action="store_true",
                        help="PostgreSQL with fsync and synchronous_commit off, as the tests' throw-away cluster (the "
                             "setting of the runs before 2026-12-03 14:00): not a deployment's setting")  # fmt: skip
    parser.add_argument("--sweep", default="",
                        help="comma-separated reviewer counts (e.g. 10,20,30,50), each filing --filings opinions in all: "
                             "prints how many reviewers clicking without pause stay within the target")  # fmt: skip
    parser.add_argument("--filings", type=int, default=1000, help="opinions filed in all at each --sweep step")
    args = parser.parse_args()
    print(f"# bench/load.py — {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d %H:%M')}, load average before {' / '.join(f'{x:.1f}' for x in os.getloadavg())} (1/5/15 min)")  # fmt: skip
    print(f"# {args.reviewers} reviewers × {args.opinions} opinions, think time {args.think}s, target p95(filing) < {TARGET_MS:.0f} ms"
          f"{'; PostgreSQL with fsync off' if args.pg_no_fsync else ''}")
    results = []
    sweep = [int(x) for x in args.sweep.split(",") if x.strip()] if args.sweep else []
    with tempfile.TemporaryDirectory(prefix="caina-load-") as tmpdir:
        tmp = Path(tmpdir)
        for backend in args.backends.split(","):
            cluster = None if backend == "sqlite" else PgCluster(durable=not args.pg_no_fsync)
            try:
                for step, n in enumerate(sweep or [args.reviewers]):
                    if sweep:  # the same number of filings at each step: fewer reviewers file more each
                        args.reviewers, args.opinions = n, -(-args.filings // n)
                    if cluster is None:
                        url, workers = f"sqlite:///{tmp / f'load-{step}.db'}", args.sqlite_workers
                    else:
                        cluster.sql(f"CREATE DATABASE caina_load_{step}")
                        url, workers = cluster.db_url(f"caina_load_{step}"), args.pg_workers
                    results.append({**run(backend, url, workers, args, tmp), "reviewers": n})
            finally:
                if cluster is not None:
                    cluster.stop()
    print(f"# load average after {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("| backend | workers | filed | lost or doubled | filing p50 | filing p95 | p95 / target | page view p50 | page view p95 "
          "| opinions/s | server CPU per cycle | bench CPU per cycle |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    ok = True
    for r in results:
        bad = abs(int(r["stored"]) - int(r["expected"])) + (int(r["stored"]) - int(r["distinct"]))  # type: ignore[call-overload]
        ok = ok and bad == 0 and r["errors"] == 0 and r["events"] == r["expected"]
        print(f"| {r['backend']} | {r['workers']} | {r['filed']} | {bad} | {r['file_p50']:.0f} ms | {r['file_p95']:.0f} ms | "
              f"{float(r['file_p95']) / TARGET_MS:.2f} | {r['view_p50']:.0f} ms | {r['view_p95']:.0f} ms | {r['rate']:.1f} | "  # type: ignore[arg-type]
              f"{r['server_ms']:.1f} ms | {r['client_ms']:.1f} ms |")  # fmt: skip
        print(f"#   {r['backend']}: CPU seconds of each server process during the run: {r['per_process_s']} (wall {float(r['wall_s']):.1f} s)"  # type: ignore[arg-type]
              + (f"; PostgreSQL's own processes {float(r['db_ms']):.1f} ms CPU a cycle" if r["backend"] == "postgresql" else ""))  # type: ignore[arg-type]
        if r["cold_ms"]:
            print(f"#   {r['backend']}: warmed before the clock; the slowest warm-up request (a cold worker) took {r['cold_ms']:.0f} ms")
        if r["errors"]:
            print(f"#   {r['backend']}: {r['errors']} errors, first: {r['first_error']}")
    if sweep:
        print("\n| backend | reviewers (no pause) | filing p95 | p95 / target | page view p95 | cycles/s |")
        print("|---|---|---|---|---|---|")
        for r in results:
            print(f"| {r['backend']} | {r['reviewers']} | {r['file_p95']:.0f} ms | {float(r['file_p95']) / TARGET_MS:.2f} | "  # type: ignore[arg-type]
                  f"{r['view_p95']:.0f} ms | {r['rate']:.1f} |")  # fmt: skip
        for backend in args.backends.split(","):
            within = [int(r["reviewers"]) for r in results if r["backend"] == backend and float(r["file_p95"]) < TARGET_MS]  # type: ignore[call-overload, arg-type]
            print(f"# {backend}: the most reviewers clicking without pause with filing p95 < {TARGET_MS:.0f} ms: "
                  f"{max(within) if within else f'none of {sweep}'}")  # fmt: skip
    for r in results:
        rate = float(r["rate"])  # type: ignore[arg-type]
        cycle = int(r["reviewers"]) / rate * 1000 if rate else float("nan")  # type: ignore[call-overload]
        print(f"# {r['backend']}: {rate:.1f} cycles/s for {r['reviewers']} reviewers → one cycle per reviewer every "
              f"{cycle:.0f} ms (= reviewers / throughput; of it {args.think * 1000:.0f} ms think time); the server "
              f"spends {r['server_ms']:.1f} ms CPU a cycle, so {os.cpu_count()} cores allow at most "
              f"{(os.cpu_count() or 1) * 1000 / max(float(r['server_ms']), 1e-9):.0f} cycles/s (the bench's own clients "  # type: ignore[arg-type]
              f"take {r['client_ms']:.1f} ms a cycle of the same cores)")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
