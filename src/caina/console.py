"""Shared console output for the CLI: one place that turns a CainaError into a message and exit code."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from caina.errors import CainaError

out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, soft_wrap=True, highlight=False)


def fail(exc: CainaError) -> NoReturn:
    """Print the error (what, where, fix) in Chinese and exit with its code."""
    # the message quotes the user's text (draft, review.yaml, paths): never read it as markup
    err.print(f"[bold red]错误：[/]{escape(exc.message)}", markup=True)
    raise typer.Exit(exc.exit_code)
