"""Command modules: each defines ``register(app)`` and is picked up by :mod:`caina.cli`.

Keeping each family of commands in its own module lets them grow apart
(check, import-report, forms, …) without touching one shared file.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer


def register_all(app: typer.Typer) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)
