"""Long jobs (the report as PDF through LibreOffice) run outside the request.

A job is a row: a request queues it and answers at once; every server process runs a
:class:`JobRunner` thread that claims queued jobs with a conditional UPDATE (only one
process wins a job), reports progress into the row, and stores the result as a blob. A
job whose process died is taken over after :data:`STALE_AFTER`. The same state (draft and
review.yaml unchanged) reuses a finished job's result.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from caina.errors import CainaError, InputError, NotFoundError
from caina.services.desk import outputs
from caina.services.desk.access import Actor, member
from caina.store import Store
from caina.store import queries as q
from caina.store.schema import now

log = logging.getLogger("caina.jobs")
STALE_AFTER = dt.timedelta(minutes=10)
KINDS = {"report_pdf": ("意见采纳情况（PDF）", "意见采纳情况.pdf", "application/pdf")}

Progress = Callable[[int, str], None]


def submit(store: Store, actor: Actor, review_id: int, kind: str) -> dict[str, Any]:
    if kind not in KINDS:
        raise InputError(f"未知的任务“{kind}”", fix=f"可选：{'、'.join(KINDS)}")
    with store.read() as conn:
        member(conn, actor, review_id, "report")
        files = outputs.case_files(conn, review_id)
    key = files.state_key
    with store.write() as conn:
        done = q.job_for_state(conn, review_id, kind, key)
        if done is not None:
            return view(done)
        jid = q.add_job(conn, {"review_id": review_id, "kind": kind, "params": {}, "state_key": key,
                               "created_by": actor.user_id, "message": "排队中"})  # fmt: skip
        row = q.job(conn, jid)
    assert row is not None
    return view(row)


def view(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "review_id": row["review_id"], "kind": row["kind"], "label": KINDS[row["kind"]][0],
            "status": row["status"], "progress": row["progress"], "message": row["message"], "error": row["error"],
            "created_at": row["created_at"], "finished_at": row["finished_at"]}  # fmt: skip


def get(store: Store, actor: Actor, job_id: int) -> dict[str, Any]:
    with store.read() as conn:
        row = q.job(conn, job_id)
        if row is None:
            raise NotFoundError(f"任务 {job_id} 不存在", fix="请回到报告页重新生成")
        member(conn, actor, int(row["review_id"]), "report")
    return view(row)


def result(store: Store, actor: Actor, job_id: int) -> tuple[bytes, str, str]:
    with store.read() as conn:
        row = q.job(conn, job_id)
        if row is None:
            raise NotFoundError(f"任务 {job_id} 不存在", fix="请回到报告页重新生成")
        member(conn, actor, int(row["review_id"]), "report")
        if row["status"] != "done" or not row["result_blob"]:
            raise NotFoundError("任务尚未完成", fix="请等待进度到 100% 后再下载")
        data = q.get_blob(conn, row["result_blob"])
    assert data is not None
    _, name, media = KINDS[row["kind"]]
    return data, name, media


def current(store: Store, actor: Actor, review_id: int, kind: str) -> dict[str, Any] | None:
    """The job for the review's current state, if one was started."""
    with store.read() as conn:
        member(conn, actor, review_id, "report")
        files = outputs.case_files(conn, review_id)
        row = q.job_for_state(conn, review_id, kind, files.state_key)
    return view(row) if row else None


def _run(store: Store, row: dict[str, Any], progress: Progress) -> tuple[bytes, str]:
    review_id = int(row["review_id"])
    progress(10, "导出审议记录")
    with store.read() as conn:
        files = outputs.case_files(conn, review_id)
    facts = outputs.consultation_facts(store, review_id)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="caina-job-") as tmp:
        directory = outputs.write_case(files, Path(tmp) / "case")
        progress(30, "用 LibreOffice 生成 PDF")
        data = outputs.report_pdf(directory, facts)
    progress(95, "保存结果")
    return data, KINDS[row["kind"]][1]


def run_one(store: Store, worker: str) -> bool:
    """Claim and run one job; False when there was none."""
    with store.write() as conn:
        row = q.claim_job(conn, worker, now() - STALE_AFTER)
    if row is None:
        return False
    jid = int(row["id"])

    def progress(pct: int, message: str) -> None:
        with store.write() as conn:
            q.update_job(conn, jid, progress=pct, message=message)

    try:
        data, name = _run(store, row, progress)
    except CainaError as exc:
        with store.write() as conn:
            q.update_job(conn, jid, status="failed", error=exc.message, message="失败", finished_at=now())
        return True
    except Exception as exc:
        log.exception("job %s failed", jid)
        with store.write() as conn:
            q.update_job(conn, jid, status="failed", error=f"内部错误：{type(exc).__name__}", message="失败", finished_at=now())
        return True
    with store.write() as conn:
        sha = q.put_blob(conn, data)
        q.update_job(conn, jid, status="done", progress=100, message="完成", result_blob=sha, result_name=name,
                     finished_at=now())  # fmt: skip
    return True


class JobRunner:
    """A background thread of a server process that runs queued jobs."""

    def __init__(self, store: Store, poll: float = 0.5) -> None:
        self.store, self.poll = store, poll
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="caina-jobs", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                busy = run_one(self.store, self.worker)
            except Exception:
                log.exception("job runner")
                busy = False
            if not busy:
                time.sleep(self.poll)
