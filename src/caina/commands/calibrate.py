"""caina calibrate / caina profiles：按印发稿 PDF 校准排版方案；列出内置方案。"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from caina.console import err, fail, out
from caina.errors import CainaError


def _calibrate(
    draft: Annotated[Path, typer.Argument(help="草案 .docx（印发稿由它排出）")],
    printed: Annotated[Path, typer.Argument(help="印发稿 PDF：起草单位的 Word/WPS 导出或打印的那一份")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="把排版方案写入此文件（.yaml）")] = None,
    name: Annotated[str | None, typer.Option("--name", help="方案名称（默认取输出文件名）")] = None,
    force: Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖")] = False,
) -> None:
    """试遍排版规则的各个开关，找出最能复现印发稿 PDF 的组合，打印校准前后的一致率，写出排版方案。

    方案可用于没有 PDF 的修改稿：caina show|locate|resolve|report|verify-layout --profile 方案.yaml，
    或在 review.yaml 中写 layout: 方案.yaml。

    示例：caina calibrate 草案.docx 送审稿.pdf -o 方案.yaml
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from caina.services.calibrate import calibrate_files

    if output is not None:
        from caina.io.files import check_output

        try:
            check_output(output, force=force)  # the output rule of every -o (docs/security.md)
        except CainaError as exc:
            fail(exc)
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=err, transient=True) as bar:
            task = bar.add_task("校准排版方案", total=None)

            def step(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            result = calibrate_files(draft, printed, output=output, name=name, progress=step)
    except CainaError as exc:
        fail(exc)
        return
    c = result.calibration
    lines = c.after.total
    out.print(f"草案：{draft}；印发稿：{printed}（由 {result.made_by} 生成）", markup=False)
    if result.note:
        out.print(f"注意：{result.note}", markup=False)
    out.print(
        "各内置方案直接排的一致率：" + "，".join(f"{k} {v:.2%}" for k, v in c.starts.items()),
        markup=False,
    )
    changed = result.changed
    if changed:
        out.print(f"在 {c.profile.base} 基础上改动的开关：", markup=False)
        for key, value in changed.items():
            out.print(f"  {key}: {value}", markup=False)
    else:
        out.print(f"最佳方案：{c.profile.base}（不需改动开关）", markup=False)
    pb, pt = c.paragraphs_before
    pa, _ = c.paragraphs_after
    out.print(f"多行段落断行一致：校准前 {pb}/{pt}，校准后 {pa}/{pt}", markup=False)
    if result.output is not None:
        err.print(f"排版方案已写入 {result.output}", markup=False)
    out.print(
        f"逐行比对 {lines} 行：校准前（默认方案 {c.default.name}）{c.before.agreement:.2%}，"
        f"校准后 {c.after.agreement:.2%}",
        markup=False,
    )


def _profiles() -> None:
    """列出内置的排版方案，每个一行说明与其他方案的不同。

    示例：caina profiles
    """
    from caina.core.profiles import BUILTIN

    table = Table(show_header=True, box=None)
    table.add_column("方案")
    table.add_column("说明")
    for p in BUILTIN.values():
        table.add_row(Text(p.name), Text(p.summary))
    out.print(table)
    out.print("校准得到的方案（caina calibrate 草案.docx 印发稿.pdf -o 方案.yaml）用 --profile 方案.yaml 指定。", markup=False)


def register(app: typer.Typer) -> None:
    app.command("calibrate")(_calibrate)
    app.command("profiles")(_profiles)
