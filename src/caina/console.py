"""Shared console output for the CLI: one place that turns a CainaError into a message and exit code."""

from __future__ import annotations

from typing import Any, NoReturn

import typer
from rich.console import Console, ConsoleDimensions
from rich.markup import escape
from rich.table import Table

from caina.errors import CainaError

#: the width Rich lays tables out in when the output is a pipe or a file: wide enough for any
#: line, so that nothing is wrapped, folded or cut to a terminal's width (tables are only as wide
#: as their content; plain text is never wrapped: soft_wrap)
PIPE_WIDTH = 100_000


class _Console(Console):
    """A Rich console that never loses text: on a terminal, its width; to a pipe or a file
    (``caina show … | cat``, ``> out.txt``) no width at all, even when another of the process's
    streams is a terminal (Rich would take that terminal's width) or COLUMNS is set."""

    @property
    def size(self) -> ConsoleDimensions:
        dims = Console.size.fget(self)  # type: ignore[attr-defined]
        if self.is_terminal:
            return dims  # type: ignore[no-any-return]
        return ConsoleDimensions(PIPE_WIDTH, dims.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]


out = _Console(soft_wrap=True, highlight=False)
err = _Console(stderr=True, soft_wrap=True, highlight=False)


def table(*columns: str | tuple[str, str], **kwargs: Any) -> Table:
    """A Rich table whose columns fold long text onto more lines instead of cutting it ("…")."""
    t = Table(**kwargs)
    for col in columns:
        name, justify = col if isinstance(col, tuple) else (col, "left")
        t.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    return t


def note(text: str) -> None:
    """A note to the user on stderr ("提示：…": a draft's note, a warning); its text is never read as markup."""
    err.print(f"[yellow]提示：[/]{escape(text)}", markup=True)


def fail(exc: CainaError) -> NoReturn:
    """Print the error (what, where, fix) in Chinese and exit with its code."""
    # the message quotes the user's text (draft, review.yaml, paths): never read it as markup
    err.print(f"[bold red]错误：[/]{escape(exc.message)}", markup=True)
    raise typer.Exit(exc.exit_code)
