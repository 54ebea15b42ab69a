"""Storage through SQLAlchemy 2 (SQLite by default, PostgreSQL). :mod:`caina.store.consult` holds the
public-consultation tables."""
