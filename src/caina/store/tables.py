"""Imports every table module so that the metadata (and Alembic) knows all tables.

A new module of tables is added here and gets its own Alembic revision after the others
(docs/store.md): the desk's (0001, 0002), then the public consultations' (0003).
"""

from caina.store import consult_tables, desk

__all__ = ["consult_tables", "desk"]
