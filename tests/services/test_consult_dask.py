"""The same pipeline on a local Dask cluster (2 worker processes): the same groups and attributions as in one
process, on 50,000 comments."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from caina.services import consult

ROOT = Path(__file__).resolve().parents[2]
DRAFT = ROOT / "examples" / "consult" / "draft.txt"


def _need_distributed() -> None:
    if importlib.util.find_spec("distributed") is None:
        message = "distributed is not installed: pip install -e '.[test]' (or 'caina[dask]')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def test_dask_gives_the_same_groups_as_one_process(tmp_path: Path) -> None:
    _need_distributed()
    from distributed import Client, LocalCluster

    comments = tmp_path / "c.csv"
    consult.synth(DRAFT, 50_000, comments, seed=11)
    store = consult.open_store(f"sqlite:///{tmp_path / 'c.db'}")
    draft = consult.load_draft(DRAFT)
    try:
        consult.import_comments(store, "r", comments)
        single = consult.analyse(store, "r", draft, workers=1)
        consult.write_assignments(store, "r", tmp_path / "single.csv")
        with (
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
            Client(cluster) as client,
        ):
            assert len(client.scheduler_info()["workers"]) == 2
            on_dask = consult.analyse(store, "r", draft, dask=client)
        consult.write_assignments(store, "r", tmp_path / "dask.csv")
    finally:
        store.close()
    assert (on_dask.groups, on_dask.campaigns, on_dask.distinct) == (single.groups, single.campaigns, single.distinct)
    assert single.campaigns >= 20
    a = (tmp_path / "single.csv").read_text(encoding="utf-8")
    b = (tmp_path / "dask.csv").read_text(encoding="utf-8")
    assert a.count("\n") == 50_001
    assert a == b  # every comment: the same group number, articles and how
