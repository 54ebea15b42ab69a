"""Imports every table module so that the metadata (and Alembic) knows all tables.

A new module of tables (e.g. ``caina.store.consult``) is added here and gets its own
Alembic revision after the desk's (docs/store.md).
"""

from caina.store import desk

__all__ = ["desk"]
