"""CPU per request of the review desk's hot paths: filing an opinion and the page view (issue 8).

What `bench/load.py` measures as latency under load is, at saturation, clients / throughput — and throughput
on 2 cores is set by the CPU each request costs. This bench measures that cost without the noise of 50
clients, in two ways, for SQLite and PostgreSQL:

- the services directly, in this process (`time.process_time()` around a loop): filing
  (`opinions.file_opinion`) and the page view's service (`opinions.page_view`: the header, the page, its
  opinions);
- through the app: a real `caina serve` (one worker) answering one client's sequential requests on loopback,
  the server process's own CPU (from /proc) divided by the requests — HTTP parsing, routing, the session
  lookup, CSRF, the template and the JSON included.

Baseline: the issue's target of p95 < 100 ms for filing. At saturation p95 ≈ clients / throughput, and the
throughput of one core is at most 1000 ms / CPU per cycle (a cycle = page view + page JSON + filing), so the
bench prints the throughput these costs allow on the 2 cores and the latency 50 clients would then see.

    python bench/desk_cpu.py                           # SQLite and PostgreSQL, 200 filings, 200 page views
    python bench/desk_cpu.py --backends sqlite --profile filing   # cProfile of the filing service
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.desk_fixtures import PgCluster, free_port  # noqa: E402
from tests.web.live import LiveServer  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from load import payload, populate  # noqa: E402

PAGES = 14  # the Baise draft's main text
TARGET_MS = 100.0
CLIENTS = 50


def cpu_ms(fn: Callable[[int], None], n: int, profile: bool = False) -> float:
    prof = cProfile.Profile() if profile else None
    t = time.process_time()
    if prof:
        prof.enable()
    for i in range(n):
        fn(i)
    if prof:
        prof.disable()
    spent = (time.process_time() - t) * 1000 / n
    if prof:
        stats = pstats.Stats(prof).strip_dirs().sort_stats("cumulative")
        stats.print_stats(45)
        stats.sort_stats("tottime").print_stats(25)
    return spent


def services(store: Any, rid: int, actors: list[Any], n: int, profile: str) -> dict[str, float]:
    from caina.services.desk import drafts, opinions

    rng = random.Random(8)
    pages = {p: drafts.page_for(store, actors[0], rid, p) for p in range(1, PAGES + 1)}

    def file(i: int) -> None:
        data = payload(pages[rng.randint(1, PAGES)], rng, f"CPU 测试意见 s{i}")
        opinions.file_opinion(store, actors[i % len(actors)], rid, opinions.OpinionIn(
            text=data["text"], quote=data["quote"], locator=data["locator"],
            position=(data["part_id"], data["block"], data["start"]), request_key=f"cpu-s-{i}"))  # fmt: skip

    def view(i: int) -> None:
        opinions.page_view(store, actors[i % len(actors)], rid, rng.randint(1, PAGES))

    for i in range(5):  # warm up: the layout cache, compiled statements, the pool
        file(10_000 + i)
        view(i)
    return {"file": cpu_ms(file, n, profile == "filing"), "view": cpu_ms(view, n, profile == "view")}



def through_app(url: str, rid: int, sessions: list[tuple[str, str]], n: int, tmp: Path) -> dict[str, float]:
    import httpx2

    from caina.web.deps import COOKIE

    server = LiveServer(url, free_port(), workers=1, log=tmp / "cpu-server.log").start()
    rng = random.Random(9)
    clients = [httpx2.Client(base_url=server.base, cookies={COOKIE: c}, headers={"X-CSRF-Token": s}, timeout=60)
               for c, s in sessions]  # fmt: skip
    out: dict[str, float] = {}
    try:
        page_json = {p: clients[0].get(f"/api/v1/reviews/{rid}/pages/{p}").json() for p in range(1, PAGES + 1)}

        def measure(name: str, fn: Callable[[int], None]) -> None:
            for i in range(5):
                fn(20_000 + i)
            before = server.cpu_seconds()
            for i in range(n):
                fn(i)
            out[name] = (server.cpu_seconds() - before) * 1000 / n

        def file(i: int) -> None:
            c = clients[i % len(clients)]
            r = c.post(f"/api/v1/reviews/{rid}/opinions", json=payload(page_json[rng.randint(1, PAGES)], rng, f"CPU 测试意见 a{i}"),
                       headers={"Idempotency-Key": f"cpu-a-{i}"})  # fmt: skip
            assert r.status_code == 201, r.text

        def view(i: int) -> None:
            r = clients[i % len(clients)].get(f"/reviews/{rid}/pages/{rng.randint(1, PAGES)}")
            assert r.status_code == 200, r.text

        def page(i: int) -> None:
            r = clients[i % len(clients)].get(f"/api/v1/reviews/{rid}/pages/{rng.randint(1, PAGES)}")
            assert r.status_code == 200, r.text

        measure("file", file)
        measure("view", view)
        measure("json", page)
    finally:
        for c in clients:
            c.close()
        server.stop()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help="requests of each kind")
    parser.add_argument("--reviewers", type=int, default=50)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--profile", choices=["", "filing", "view"], default="", help="print a cProfile of one service")
    parser.add_argument("--no-app", action="store_true", help="only the services, no server")
    args = parser.parse_args()
    print(f"# bench/desk_cpu.py — {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d %H:%M')}, load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    rows = []
    with tempfile.TemporaryDirectory(prefix="caina-desk-cpu-") as tmpdir:
        tmp = Path(tmpdir)
        for backend in args.backends.split(","):
            cluster = None
            if backend == "sqlite":
                url = f"sqlite:///{tmp / 'cpu.db'}"
            else:
                cluster = PgCluster(durable=True)
                cluster.sql("CREATE DATABASE caina_cpu")
                url = cluster.db_url("caina_cpu")
            try:
                store, rid, actors, sessions = populate(url, args.reviewers)
                s = services(store, rid, actors, args.n, args.profile)
                store.dispose()
                a = {} if args.no_app else through_app(url, rid, sessions, args.n, tmp)
            finally:
                if cluster is not None:
                    cluster.stop()
            rows.append((backend, s, a))
    print("| backend | filing (services) | page view (services) | filing (server) | page view (server) | page JSON (server) "
          "| cycle (server) | cycles/s on 2 cores | p95 ≈ 50 / rate | / 100 ms |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for backend, s, a in rows:
        if a:
            cycle = a["file"] + a["view"] + a["json"]
            rate = 2 * 1000 / cycle
            lat = CLIENTS / rate * 1000
            tail = f"{a['file']:.1f} ms | {a['view']:.1f} ms | {a['json']:.1f} ms | {cycle:.1f} ms | {rate:.0f} | {lat:.0f} ms | {lat / TARGET_MS:.2f}"
        else:
            tail = "– | – | – | – | – | – | –"
        print(f"| {backend} | {s['file']:.1f} ms | {s['view']:.1f} ms | {tail} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
