"""Long jobs run outside the request: the report as PDF through LibreOffice, with progress, reused while the
review does not change."""

from __future__ import annotations

import shutil

from caina.services.desk import jobs
from tests.desk_fixtures import Desk, need


def test_pdf_job(desk: Desk) -> None:
    if desk.backend != "sqlite":
        return  # the runner's SQL is covered on PostgreSQL by test_job_claim_is_exclusive; one LibreOffice run is enough
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        need("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    owner = desk.client("owner")
    rid = desk.ids["review"]
    _change_state(desk)
    queued = owner.post(f"/api/v1/reviews/{rid}/jobs", json={"kind": "report_pdf"}).json()
    assert queued["status"] == "queued"
    assert jobs.run_one(desk.store, "test-worker")
    done = owner.get(f"/api/v1/jobs/{queued['id']}").json()
    assert done["status"] == "done" and done["progress"] == 100, done
    pdf = owner.get(f"/api/v1/reviews/{rid}/report", params={"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    again = owner.post(f"/api/v1/reviews/{rid}/jobs", json={"kind": "report_pdf"}).json()
    assert again["id"] == queued["id"]  # same state: the finished job is reused
    html = owner.get(f"/jobs/{queued['id']}").text
    assert "下载 PDF" in html


def _change_state(desk: Desk) -> None:
    """A new reason on opinion 8: a new state of the review (the fixture's finished job is for the old one)."""
    from caina.services.desk import opinions

    owner = desk.actor("owner")
    op = opinions.get_opinion(desk.store, owner, desk.ids["opinion_a"])
    opinions.decide(desk.store, owner, op["id"], "not_adopted", "与自治区保持一致。", op["version"])


def test_job_claim_is_exclusive(desk: Desk) -> None:
    from caina.store import queries as q
    from caina.store.schema import now

    owner = desk.actor("owner")
    old = jobs.submit(desk.store, owner, desk.ids["review"], "report_pdf")
    assert old["id"] == desk.ids["job"] and old["status"] == "done"  # unchanged review: the finished job
    _change_state(desk)
    job = jobs.submit(desk.store, owner, desk.ids["review"], "report_pdf")
    assert job["status"] == "queued" and job["id"] != old["id"]
    with desk.store.write() as conn:
        first = q.claim_job(conn, "worker-a", now() - jobs.STALE_AFTER)
    with desk.store.write() as conn:
        second = q.claim_job(conn, "worker-b", now() - jobs.STALE_AFTER)
    assert first is not None and first["id"] == job["id"] and first["worker"] == "worker-a"
    assert second is None  # running, and not stale: nobody else takes it
