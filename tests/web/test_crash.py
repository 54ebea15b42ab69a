"""Nothing lost: SIGKILL the server in the middle of a burst of opinion submissions. After a restart every
acknowledged submission is there exactly once, none half-written, and the audit log matches; retrying the
unanswered ones with their Idempotency-Key files each exactly once. On SQLite (1 and 2 workers) and on
PostgreSQL (2 workers)."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.desk_fixtures import Template, free_port, fresh_copy
from tests.web.live import LiveServer

THREADS = 6


def burst(base: str, review_id: int, cookie: str, csrf: str, stop: threading.Event, acked: list[str],
          sent: list[str], thread: int) -> None:  # fmt: skip
    import httpx2

    from caina.web.deps import COOKIE

    with httpx2.Client(base_url=base, cookies={COOKIE: cookie}, headers={"X-CSRF-Token": csrf}, timeout=10) as c:
        n = 0
        while not stop.is_set():
            key = f"crash-{thread}-{n}"
            n += 1
            sent.append(key)
            try:
                r = c.post(f"/api/v1/reviews/{review_id}/opinions", headers={"Idempotency-Key": key},
                           json={"text": f"压力意见 {key}", "quote": "重大科技成果", "locator": "P3顺数第十一行"})  # fmt: skip
            except httpx2.HTTPError:
                continue  # the server died under us: not acknowledged
            if r.status_code == 201:
                acked.append(key)


def check(url: str, sent: list[str]) -> dict[str, Any]:
    from caina.store import Store

    store = Store(url)
    try:
        with store.read() as conn:
            rows = conn.execute(text("SELECT id, number, text, request_key, proposer_id, version FROM opinions "
                                     "WHERE request_key LIKE 'crash-%'")).all()  # fmt: skip
            events = conn.execute(text("SELECT item_id, after FROM audit_events WHERE action = 'opinion.create'")).all()
    finally:
        store.dispose()
    by_key: dict[str, int] = {}
    for r in rows:
        by_key[r.request_key] = by_key.get(r.request_key, 0) + 1
        assert r.text == f"压力意见 {r.request_key}" and r.proposer_id and r.version == 1  # whole rows only
    import json

    ids = {r.id for r in rows}
    created: dict[int, int] = {}
    for item_id, after in events:
        after = json.loads(after) if isinstance(after, str) else after
        if str(after.get("text", "")).startswith("压力意见"):
            assert item_id in ids, "an audit event for an opinion that is not there"
            created[item_id] = created.get(item_id, 0) + 1
    assert created == dict.fromkeys(ids, 1), "every opinion has exactly one create event, and no event lacks its row"
    return {"by_key": by_key, "rows": len(rows)}


@pytest.mark.parametrize(("backend", "workers"), [("sqlite", 1), ("sqlite", 2), ("postgresql", 2)])
def test_sigkill_during_a_burst(backend: str, workers: int, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    if backend == "sqlite":
        template: Template = request.getfixturevalue("sqlite_template")
        cluster = None
        db = tmp_path / "crash.db"
        shutil.copyfile(template.url.removeprefix("sqlite:///"), db)
        url = f"sqlite:///{db}"  # with 2 workers, two processes write the one file (each holding the lock file)
    else:
        cluster = request.getfixturevalue("pg_cluster")
        template = request.getfixturevalue("pg_template")
        url = fresh_copy(template, tmp_path, cluster)
    rid = template.ids["review"]
    cookie, csrf = template.cookies["caizhengju"], template.csrf["caizhengju"]
    server = LiveServer(url, free_port(), workers=workers, log=tmp_path / "server.log").start()
    stop = threading.Event()
    acked: list[str] = []
    sent: list[str] = []
    threads = [threading.Thread(target=burst, args=(server.base, rid, cookie, csrf, stop, acked, sent, i)) for i in range(THREADS)]
    try:
        for t in threads:
            t.start()
        deadline = time.monotonic() + 30
        while len(acked) < 40 and time.monotonic() < deadline:
            time.sleep(0.05)
        server.kill()  # SIGKILL, mid-burst
        stop.set()
        for t in threads:
            t.join(timeout=30)
    finally:
        stop.set()
        server.kill()
    assert len(acked) >= 40, f"only {len(acked)} acknowledged before the kill"
    result = check(url, sent)
    assert all(result["by_key"].get(k) == 1 for k in acked), "an acknowledged opinion is missing or doubled"
    assert all(v == 1 for v in result["by_key"].values()), "an opinion was stored twice"
    lost_in_flight = len(sent) - len(acked)

    # restart; the clients retry every submission that got no answer, with the same key
    server = LiveServer(url, free_port(), workers=workers, log=tmp_path / "server2.log").start()
    try:
        import httpx2

        from caina.web.deps import COOKIE

        with httpx2.Client(base_url=server.base, cookies={COOKIE: cookie}, headers={"X-CSRF-Token": csrf}, timeout=30) as c:
            for key in sent:
                if key in acked:
                    continue
                r = c.post(f"/api/v1/reviews/{rid}/opinions", headers={"Idempotency-Key": key},
                           json={"text": f"压力意见 {key}", "quote": "重大科技成果", "locator": "P3顺数第十一行"})  # fmt: skip
                assert r.status_code == 201, r.text
    finally:
        server.stop()
    result = check(url, sent)
    assert result["by_key"] == dict.fromkeys(sent, 1), "after the retries every submission is there exactly once"
    assert lost_in_flight >= 0
    if cluster is not None:
        cluster.sql(f"DROP DATABASE {url.rsplit('/', 1)[1]} WITH (FORCE)")

