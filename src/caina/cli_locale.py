"""The command-line framework in Chinese: help panels, the ``--help`` option, usage errors.

Typer (and the click it vendors) write their own words in English: "Missing
option '--output' / '-o'.", "No such command 'reprot'.", "Options",
"[required]", "Show this message and exit.". A clerk gets every message of
caina in Chinese, with where the mistake is and how to fix it, so:

- :class:`ChineseGroup` is the click group behind ``caina``: it runs the
  command line with click's own error printing turned off and prints each
  usage error itself (:func:`usage_error_message`): what is wrong, which
  command, and the fix — the command's usage, its example (the "示例：" line
  of its help) and ``caina 命令 --help``. The exit code stays click's (2).
- the ``--help`` option of the group and of every command says 显示本帮助并退出;
- :func:`localise_help_panels` sets Typer's panel titles and markers
  (参数、选项、命令、[必填]、[默认：…]).

Only the words change; parsing, exit codes and help content are Typer's.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import typer
from rich.markup import escape
from typer import rich_utils
from typer.core import TyperGroup

from caina.console import err

try:  # the click Typer vendors (Typer ≥ 0.20); older Typer uses click itself
    from typer._click import exceptions as _cx  # type: ignore[attr-defined]
    from typer._click.core import Context  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import click.exceptions as _cx  # type: ignore[no-redef,import-not-found]
    from click.core import Context  # type: ignore[no-redef,assignment,import-not-found]

HELP_OPTION_TEXT = "显示本帮助并退出"
_EXAMPLE = re.compile(r"示例：\s*(caina[^\n（]*)")


#: the width ``--help`` is laid out in when it goes to a pipe or a file: wider than any help line,
#: so that no description is cut ("…") to a terminal's width (help panels fill the width, so not unbounded)
HELP_PIPE_WIDTH = 200
_typer_console = rich_utils._get_rich_console


def _help_console(stderr: bool = False) -> Any:
    console = _typer_console(stderr)
    if not console.is_terminal and rich_utils.MAX_WIDTH is None:
        console.width = HELP_PIPE_WIDTH
    return console


def localise_help_panels() -> None:
    """Typer's help panels and markers in Chinese; help to a pipe is never cut to a terminal's width."""
    rich_utils._get_rich_console = _help_console
    rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
    rich_utils.OPTIONS_PANEL_TITLE = "选项"
    rich_utils.COMMANDS_PANEL_TITLE = "命令"
    rich_utils.ERRORS_PANEL_TITLE = "错误"
    rich_utils.REQUIRED_LONG_STRING = "[必填]"
    rich_utils.DEFAULT_STRING = "[默认：{}]"
    rich_utils.ENVVAR_STRING = "[环境变量：{}]"
    rich_utils.DEPRECATED_STRING = "（已弃用）"
    rich_utils.ABORTED_TEXT = "已中断。"
    rich_utils.RICH_HELP = "用 [blue]{command_path} {help_option}[/] 查看帮助。"


def _chinese_help_option(command: Any, ctx: Context) -> None:
    option = command.get_help_option(ctx)
    if option is not None:
        option.help = HELP_OPTION_TEXT


def _hint(names: Any) -> str:
    if names is None:
        return ""
    if isinstance(names, str):
        return names
    return "/".join(str(n) for n in names)


def _param_words(exc: Any) -> tuple[str, str]:
    """(选项/参数, its name as typed, e.g. "-o/--output") of a parameter error."""
    param = getattr(exc, "param", None)
    hint = getattr(exc, "param_hint", None)
    kind = "选项"
    if param is not None:
        kind = "参数" if getattr(param, "param_type_name", "") == "argument" else "选项"
        if hint is None:
            if kind == "参数":
                hint = (param.name or "").upper()
            else:
                hint = sorted(param.opts, key=len)
    return kind, _hint(hint).replace("'", "")


def _param_help(exc: Any) -> str:
    param = getattr(exc, "param", None)
    help_text = getattr(param, "help", None) if param is not None else None
    return f"（{help_text}）" if help_text else ""


_VALUE_WORDS = (
    ("valid integer", "应为整数"),
    ("valid number", "应为数字"),
    ("valid float", "应为数字"),
    ("valid boolean", "应为 true 或 false"),
    ("does not exist", "不存在"),
    ("is a directory", "是目录"),
    ("is a file", "是文件"),
)


def usage_error_message(exc: Any) -> tuple[str, str]:
    """A click usage error in Chinese: (what is wrong, a guess at what was meant or "")."""
    message = str(getattr(exc, "message", "") or "")
    if isinstance(exc, _cx.MissingParameter):
        kind, name = _param_words(exc)
        return f"缺少{kind} {name}{_param_help(exc)}", ""
    if isinstance(exc, _cx.NoSuchOption):
        guess = f"是否应为 {'、'.join(exc.possibilities)}？" if exc.possibilities else ""  # click's order: closest first
        return f"没有选项“{exc.option_name}”", guess
    if isinstance(exc, _cx.BadParameter):
        kind, name = _param_words(exc)
        why = next((zh for en, zh in _VALUE_WORDS if en in message), "")
        return f"{kind} {name} 的值有误" + (f"：{why}" if why else f"（{message}）"), ""
    m = re.match(r"No such command '(.+?)'\.(?: Did you mean '(.+?)'\?)?", message)
    if m:
        return f"没有命令“{m.group(1)}”", (f"是否应为“{m.group(2)}”？" if m.group(2) else "")
    m = re.match(r"Option '(.+?)' requires (?:an argument|\d+ arguments)\.?", message)
    if m:
        return f"选项 {m.group(1)} 后面要写出它的值", ""
    m = re.match(r"Got unexpected extra arguments?(?:\(s\))? \((.+)\)", message)
    if m:
        return f"多余的参数：{m.group(1)}", "含空格的路径或文字请加引号。"
    return f"命令行有误：{message}", ""


def _fix(ctx: Context | None, command: Any = None, path: str = "caina") -> str:
    if ctx is None:
        if command is None:
            return "请用 caina --help 查看命令和用法。"
        example = _EXAMPLE.search(command.help or "")
        shown = f"示例：{example.group(1).strip()}；" if example else ""
        return f"{shown}详见 {path} --help。"
    command = ctx.command
    parts = [f"用法：{ctx.get_usage().removeprefix('Usage: ').strip()}"]
    example = _EXAMPLE.search(command.help or "")
    if example:
        parts.append(f"示例：{example.group(1).strip()}")
    parts.append(f"详见 {ctx.command_path} --help")
    return "；".join(parts) + "。"


class ChineseGroup(TyperGroup):
    """The ``caina`` group: Chinese ``--help`` option text and Chinese usage errors."""

    def get_command(self, ctx: Context, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _chinese_help_option(command, ctx)
        return command

    def get_help_option(self, ctx: Context) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option

    def main(  # type: ignore[override]  # Typer's own signature differs between versions
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _cx.NoArgsIsHelpError as exc:  # Typer printed the help when it raised this
            if not standalone_mode:
                raise
            sys.exit(exc.exit_code)
        except _cx.UsageError as exc:
            if not standalone_mode:
                raise
            what, guess = usage_error_message(exc)
            command, path = None, ""
            if exc.ctx is not None:
                path = exc.ctx.command_path
            else:  # the parser raised it before a context existed: name the command from the arguments
                argv = list(args) if args is not None else sys.argv[1:]
                name = next((a for a in argv if a in self.commands), None)
                if name is not None:
                    command, path = self.commands[name], f"{prog_name or 'caina'} {name}"
            where = f"（命令：{path}）" if path else ""
            fix = _fix(exc.ctx, command, path)
            err.print(f"[bold red]错误：[/]{escape(f'{what}{where}。{guess}{fix}')}", markup=True)
            sys.exit(exc.exit_code)
        except _cx.ClickException as exc:  # pragma: no cover - click's file errors; caina opens files itself
            if not standalone_mode:
                raise
            err.print(f"[bold red]错误：[/]{escape(exc.format_message())}", markup=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            if not standalone_mode:
                raise
            err.print("已中断。")
            sys.exit(1)
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else 0)


__all__ = ["HELP_OPTION_TEXT", "ChineseGroup", "localise_help_panels", "usage_error_message"]
