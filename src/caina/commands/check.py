"""``caina check``: proofread a draft or an adoption report (标点、名称、错别字、前后一致、与草案核对、残留痕迹)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from caina.console import fail, out
from caina.core.checks import FAMILIES, Finding, Severity
from caina.errors import CainaError

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _where(f: Finding, kind: str) -> str:
    bits = []
    if f.line is not None:
        bits.append(f"第{f.line}行")
    elif f.paragraph is not None:
        bits.append(f"第{f.paragraph}段")
    if f.locator and kind == "draft":
        bits.append(f.locator)
    return " ".join(bits) or "全文"


_VERBS = ("删", "补", "改", "核对", "可写", "如需", "只保留", "在", "接受", "处理", "里层", "统一")


def _suggestion(text: str) -> str:
    """A replacement text shown as "改为“…”"; an instruction as it is."""
    return text if text.startswith(_VERBS) else f"改为“{text}”"


def _print(findings: tuple[Finding, ...], kind: str) -> None:
    confirmed = [f for f in findings if f.severity is Severity.INFO and f.message.startswith("已")]
    shown = [f for f in findings if f not in confirmed]
    for family, title in FAMILIES.items():
        group = [f for f in shown if f.family == family]
        if not group:
            continue
        out.print(f"\n[bold]{escape(title)}[/]（{len(group)}）", markup=True)
        for f in sorted(group, key=lambda f: (f.severity.rank, f.paragraph or 0, f.start or 0)):
            style = _STYLE[f.severity]
            out.print(
                f"  [{style}]{f.severity.label}[/] [dim]{escape(_where(f, kind))}[/]  {escape(f.message)}"
                f"  [dim]({f.rule})[/]",
                markup=True,
            )
            if f.excerpt:
                out.print(f"      [dim]原文：[/]{escape(f.excerpt)}", markup=True)
            if f.suggestion:
                out.print(f"      [green]建议：[/]{escape(_suggestion(f.suggestion))}", markup=True)
    if confirmed:
        out.print(f"\n[bold]已核对[/]（{len(confirmed)}）", markup=True)
        for f in confirmed:
            out.print(f"  [cyan]✓[/] [dim]{escape(_where(f, kind))}[/]  {escape(f.message)}", markup=True)


def register(app: typer.Typer) -> None:
    @app.command()
    def check(
        file: Annotated[Path, typer.Argument(help="要校核的草案或《意见采纳情况》报告（.docx/.txt/.md）")],
        draft: Annotated[
            Path | None, typer.Option("--draft", "-d", help="审议的草案：逐条核对报告中的引文是否在所引页行")
        ] = None,
        glossary: Annotated[
            Path | None, typer.Option("--glossary", "-g", help="名称表（YAML）：标准名称、允许的简称、错误写法")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="以 JSON 列表输出全部发现")] = False,
        kind: Annotated[str, typer.Option("--kind", help="文件种类：auto（自动判断）、draft 或 report")] = "auto",
        ignore: Annotated[
            list[str] | None, typer.Option("--ignore", help="不做的检查：规则（typo.usage）或类别（punct），可多次给出")
        ] = None,
    ) -> None:
        """校核草案或意见采纳情况：标点、名称、错别字、前后数字、与草案核对、残留痕迹。

        有“错误”级别的发现时退出码为 1。规则说明见 docs/checks.md。

        示例：caina check 意见采纳情况.txt --draft examples/baise/draft.txt
        """
        from caina.services.checks import check_file

        try:
            result = check_file(file, draft=draft, glossary=glossary, kind=kind, ignore=frozenset(ignore or ()))
        except CainaError as exc:
            fail(exc)
            return
        if as_json:
            out.print(json.dumps(result.to_list(), ensure_ascii=False, indent=2), markup=False, highlight=False)
        else:
            what = "草案" if result.kind == "draft" else "报告"
            against = f"，对照草案 {result.draft_path}" if result.draft_path else ""
            out.print(f"[bold]校核{what}[/] {escape(str(result.path))}（{result.chars}字{escape(against)}）", markup=True)
            for note in result.notes:
                out.print(f"[dim]说明：{escape(note)}[/]", markup=True)
            _print(result.findings, result.kind)
            c = result.counts
            style = "bold red" if c["error"] else ("yellow" if c["warning"] else "green")
            out.print(
                f"\n[{style}]共发现：错误{c['error']}处，警告{c['warning']}处，提示{c['info']}处[/]", markup=True
            )
        if result.has_errors:
            raise typer.Exit(1)
