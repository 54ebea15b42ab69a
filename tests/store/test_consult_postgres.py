"""The consultation pipeline on a real PostgreSQL (a throw-away cluster this test starts and stops), on
100,000 comments: the same results as on SQLite, comments loaded with COPY."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from caina.services import consult

ROOT = Path(__file__).resolve().parents[2]
DRAFT = ROOT / "examples" / "consult" / "draft.txt"


def _skip(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    """A throw-away PostgreSQL cluster in a temporary directory, on a free port; stopped and removed after."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        _skip("PostgreSQL server binaries are not installed (scripts/install-system.sh installs postgresql)")
    bindir = Path(found[-1]).parent
    root = tempfile.mkdtemp(prefix="caina-consult-pg-")
    data, port = Path(root) / "data", _free_port()
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(root, "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    try:
        subprocess.run([*as_postgres, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                        "--locale=C.UTF-8"], check=True, capture_output=True)  # fmt: skip
        subprocess.run([*as_postgres, str(bindir / "pg_ctl"), "-D", str(data), "-o",
                        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off", "-l", f"{root}/log", "-w",
                        "start"], check=True, capture_output=True)  # fmt: skip
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        shutil.rmtree(root, ignore_errors=True)
        _skip(f"could not start a PostgreSQL cluster: {exc}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_postgres, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       check=False, capture_output=True)  # fmt: skip
        time.sleep(0.2)
        shutil.rmtree(root, ignore_errors=True)


def test_the_pipeline_on_postgresql_matches_sqlite(postgres: str, tmp_path: Path) -> None:
    comments = tmp_path / "c.csv"
    consult.synth(DRAFT, 100_000, comments, seed=12)
    on_pg = consult.run(DRAFT, comments, db=postgres, json_path=tmp_path / "pg.json", assign_path=tmp_path / "pg.csv")
    consult.run(DRAFT, comments, json_path=tmp_path / "sq.json", assign_path=tmp_path / "sq.csv")
    assert on_pg.imported.new == 100_000
    assert (tmp_path / "pg.csv").read_bytes() == (tmp_path / "sq.csv").read_bytes()
    assert (tmp_path / "pg.json").read_text(encoding="utf-8") == (tmp_path / "sq.json").read_text(encoding="utf-8")
    assert on_pg.analysis.campaigns >= 40

    # importing again into PostgreSQL changes nothing; a file refused half-way leaves nothing
    store = consult.open_store(postgres)
    try:
        again = consult.import_comments(store, "run", comments)
        assert (again.new, again.unchanged) == (0, 100_000)
        bad = tmp_path / "bad.csv"
        bad.write_text("id,text\nx1,好\nx2,\"没有结束\n", encoding="utf-8")
        with pytest.raises(Exception, match="引号"):
            consult.import_comments(store, "run", bad)
        assert store.count("run") == 100_000
    finally:
        store.close()
