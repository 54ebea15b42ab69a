"""Fixtures of the review desk's tests: a throw-away PostgreSQL cluster (one per session), and a
populated database — the Baise review with one account per role — built once per backend and
copied for each test (SQLite: a file copy; PostgreSQL: CREATE DATABASE … TEMPLATE).

Every API and page test takes ``desk`` and runs twice: on SQLite and on PostgreSQL. Outside CI a
missing PostgreSQL skips the PostgreSQL half with the reason; in CI (CI set) it fails.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.shared_inputs import need

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "baise"
ROLES = ("anonymous", "outsider", "reader", "reviewer", "recorder", "owner", "admin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_bin() -> Path | None:
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(d) / "initdb").exists():
            return Path(d)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class PgCluster:
    """A PostgreSQL cluster in a temporary directory on a free port (initdb refuses root: run as postgres).

    For tests, durability is off (fsync, synchronous_commit, full_page_writes: a throw-away cluster); with
    ``durable=True`` (the benchmarks) it keeps PostgreSQL's defaults, as a deployment does."""

    def __init__(self, *, durable: bool = False) -> None:
        bindir = pg_bin()
        if bindir is None:
            raise FileNotFoundError("initdb")
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="caina-web-pg-"))
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        data = self.dir / "data"
        self._run([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                   "--locale=C.UTF-8"])  # fmt: skip
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200"
        if not durable:
            opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run([str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(self.dir / "log"), "-w", "start"])
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, args: list[str]) -> None:
        if self.as_root:
            args = ["runuser", "-u", "postgres", "--", *args]
        subprocess.run(args, check=True, capture_output=True, timeout=120)

    def db_url(self, name: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def sql(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as c:
            c.execute(statement)

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._run([str(self.bindir / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop"])
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    try:
        cluster = PgCluster()
    except (FileNotFoundError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        need(f"PostgreSQL could not be started for the tests ({exc}; {detail.decode(errors='replace')[-300:]}): "
             "apt-get install postgresql")  # fmt: skip
        raise
    try:
        yield cluster
    finally:
        cluster.stop()


# -- the populated template --------------------------------------------------------------------

PASSWORD = "pass-{}-word"


@dataclass
class Template:
    backend: str
    url: str
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: dict[str, str] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)


def build(url: str, backend: str) -> Template:
    """The Baise review (1) with every role; a second review (2) of another owner with its own opinion."""
    from caina.services.desk import accounts, edits, opinions, reviews
    from caina.store import Store
    from caina.web.app import create_app

    store = Store(url)
    store.upgrade()
    users = {}
    for name, admin in (("kezhiju", False), ("caizhengju", False), ("gongxinwei", False), ("jiluyuan", False),
                        ("duzhe", False), ("spare", False), ("admin", True), ("waiju", False), ("r2", False)):  # fmt: skip
        users[name] = accounts.add_user(store, name, PASSWORD.format(name), display_name=f"{name} 测试", admin=admin)
    rid = reviews.import_case(store, users["kezhiju"], EXAMPLE)
    for name, role, unit in (("caizhengju", "reviewer", "市财政局"), ("gongxinwei", "reviewer", "市工信委"),
                             ("jiluyuan", "recorder", ""), ("duzhe", "reader", ""), ("spare", "reader", "")):  # fmt: skip
        reviews.add_member(store, users["kezhiju"], rid, name, role, unit)
    reviews.set_phase(store, users["kezhiju"], rid, "open")
    rid2 = reviews.create_review(store, users["waiju"], (EXAMPLE / "draft.txt").read_bytes(), "draft.txt",
                                 {"review": {"kind": "书面征求意见", "office": "市外事办"}})  # fmt: skip
    reviews.add_member(store, users["waiju"], rid2, "r2", "reviewer", "市审计局")
    reviews.set_phase(store, users["waiju"], rid2, "open")
    other = opinions.file_opinion(store, users["r2"], rid2, opinions.OpinionIn(text="另一审议的意见", quote="重大科技成果", locator="P3顺数第十一行"))
    mine = opinions.list_opinions(store, users["kezhiju"], rid)
    b_unit = next(o for o in mine if o["unit"] == "市工信委")
    a_unit = next(o for o in mine if o["unit"] == "市财政局")
    spare_edit = edits.create_edit(store, users["kezhiju"], rid, {"changes": [{"replace": "孵化载体", "with": "孵化平台", "scope": "all"}],
                                                                  "office": True, "key": "spare_edit"})  # fmt: skip
    members = reviews.members(store, users["kezhiju"], rid)
    consultation = _consultation(store, rid)
    job = _finished_job(store, users["kezhiju"], rid)
    t = Template(backend, url)
    app = create_app(url, jobs=False, migrate=False)
    for name in users:
        cookie, csrf = accounts.open_session(store, users[name], app.state.signer)
        t.cookies[name] = cookie
        t.csrf[name] = csrf
    app.state.store.dispose()
    t.ids = {"review": rid, "review2": rid2, "opinion_b": b_unit["id"], "opinion_a": a_unit["id"],
             "opinion2": other["id"], "edit": spare_edit["id"],
             "job": job, "spare_member": next(m["id"] for m in members if m["username"] == "spare"),
             "consult_group": consultation}  # fmt: skip
    store.dispose()
    return t


CONSULT_COMMENTS = 400  # the public consultation of the Baise review (synthetic, seed 5)


def _consultation(store: Any, review_id: int) -> int:
    """A public consultation of review ``review_id``: synthetic comments on its draft, imported into the review
    (``caina consult import REVIEW_ID``) and analysed against its 送审稿. Returns the number of a group of
    several comments (the largest)."""
    from caina.services import consult
    from caina.store.consult import consult_store

    tmp = Path(tempfile.mkdtemp(prefix="caina-consult-fixture-"))
    try:
        comments = tmp / "comments.csv"
        consult.synth(EXAMPLE / "draft.txt", CONSULT_COMMENTS, comments, seed=5)
        cs = consult_store(store)
        consult.import_comments(cs, str(review_id), comments)
        consult.analyse(cs, str(review_id), workers=1)
        return int(consult.group_rows(cs, str(review_id), limit=1)[0]["group"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _finished_job(store: Any, owner: Any, review_id: int) -> int:
    """A PDF job marked done (its result a stand-in: LibreOffice is exercised by test_jobs, not here)."""
    from caina.services.desk import jobs
    from caina.store import queries as q

    job = jobs.submit(store, owner, review_id, "report_pdf")
    with store.write() as conn:
        sha = q.put_blob(conn, b"%PDF-1.4 stand-in")
        q.update_job(conn, job["id"], status="done", progress=100, result_blob=sha, result_name="x.pdf")
    return int(job["id"])


_counter = itertools.count()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    path = tmp_path_factory.mktemp("desk") / "template.db"
    return build(f"sqlite:///{path}", "sqlite")


@pytest.fixture(scope="session")
def pg_template(pg_cluster: PgCluster) -> Template:
    pg_cluster.sql("CREATE DATABASE caina_template")
    t = build(pg_cluster.db_url("caina_template"), "postgresql")
    return t


ROLE_USERS = {"outsider": "waiju", "reader": "duzhe", "reviewer": "caizhengju", "recorder": "jiluyuan",
              "owner": "kezhiju", "admin": "admin"}  # fmt: skip


@dataclass
class Desk:
    """A fresh copy of the populated database and an app on it."""

    backend: str
    url: str
    template: Template
    app: Any = None

    @property
    def ids(self) -> dict[str, Any]:
        return self.template.ids

    @property
    def store(self) -> Any:
        return self.app.state.store

    def client(self, role: str = "anonymous", *, csrf: bool = True) -> Any:
        from fastapi.testclient import TestClient

        from caina.web.deps import COOKIE

        c = TestClient(self.app, follow_redirects=False)
        user = ROLE_USERS.get(role, role)
        if role != "anonymous":
            c.cookies.set(COOKIE, self.template.cookies[user])
            if csrf:
                c.headers["X-CSRF-Token"] = self.template.csrf[user]
        return c

    def actor(self, role: str) -> Any:
        from caina.services.desk import accounts

        return accounts.user(self.store, ROLE_USERS.get(role, role))


def fresh_copy(template: Template, tmp: Path, cluster: PgCluster | None) -> str:
    if template.backend == "sqlite":
        src = Path(template.url.removeprefix("sqlite:///"))
        dst = tmp / f"desk-{next(_counter)}.db"
        shutil.copyfile(src, dst)
        return f"sqlite:///{dst}"
    assert cluster is not None
    name = f"desk_{os.getpid()}_{next(_counter)}"
    cluster.sql(f"CREATE DATABASE {name} TEMPLATE caina_template STRATEGY FILE_COPY")
    return cluster.db_url(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def desk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Desk]:
    """A fresh copy for each test (writes allowed)."""
    yield from _desk(request, tmp_path)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_desk(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """One copy shared by a module's tests that only read."""
    yield from _desk(request, tmp_path_factory.mktemp("shared"))


def _desk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Desk]:
    from caina.web.app import create_app

    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        cluster = None
    else:
        cluster = request.getfixturevalue("pg_cluster")
        template = request.getfixturevalue("pg_template")
    url = fresh_copy(template, tmp_path, cluster)
    d = Desk(request.param, url, template)
    d.app = create_app(url, jobs=False, migrate=False)
    try:
        yield d
    finally:
        d.app.state.store.dispose()
        if cluster is not None:
            with contextlib.suppress(Exception):
                cluster.sql(f"DROP DATABASE {url.rsplit('/', 1)[1]} WITH (FORCE)")
