"""Run the Alembic migrations shipped in :mod:`caina.store.migrations` (no alembic.ini needed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

if TYPE_CHECKING:
    from caina.store import Store


def config(store: Store) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "caina.store:migrations")
    cfg.set_main_option("sqlalchemy.url", store.url.replace("%", "%%"))
    return cfg


def upgrade(store: Store, revision: str = "head") -> None:
    cfg = config(store)
    with store.engine.connect().execution_options(caina_immediate=True) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()


def current(store: Store) -> str | None:
    with store.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head(store: Store) -> str | None:
    return ScriptDirectory.from_config(config(store)).get_current_head()
