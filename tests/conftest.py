"""Shared fixtures: the review desk's databases (tests/desk_fixtures.py)."""

pytest_plugins = ["tests.desk_fixtures"]
