"""caina forms / caina import-forms：生成意见反馈表，导入填好的反馈表。"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from caina.console import err, fail, note, out
from caina.errors import CainaError


def _forms(
    directory: Annotated[Path, typer.Argument(help="审议目录：内有草案和 review.yaml")],
    output: Annotated[Path, typer.Option("--output", "-o", help="反馈表的输出目录（不存在则创建）")],
    unit: Annotated[
        list[str] | None, typer.Option("--unit", "-u", help="只为该单位生成（可重复）；默认为 review.attending 中除起草单位外的各单位")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="xlsx、docx 或 both（默认，两种都生成）")] = "both",
    rows: Annotated[int, typer.Option("--rows", help="表格预留的空行数（.docx 最多10行，可在 Word 中加行）")] = 20,
    force: Annotated[bool, typer.Option("--force", help="覆盖输出目录中的同名反馈表")] = False,
) -> None:
    """为每个征求意见的单位生成一份《征求意见反馈表》（.xlsx 和 .docx）。

    表中有填报单位、联系人、反馈情况（有意见/无意见）、填写说明，和“序号 / 页码行数 / 原文 / 修改意见 / 理由”
    意见表；表内隐藏的标记记下单位和草案版本，供 caina import-forms 识别。

    示例：caina forms examples/baise -o 反馈表/ --unit 市财政局 --unit 人社局
    """
    from caina.services.forms import FORMATS, write_forms

    formats = FORMATS if fmt == "both" else (fmt,)
    try:
        result = write_forms(directory, output, units=unit or (), formats=formats, rows=rows, force=force)
    except CainaError as exc:
        fail(exc)
    for warning in result.warnings:
        note(warning)
    out.print(f"已为{len(result.units)}个单位生成反馈表，共{len(result.paths)}个文件：", markup=False)
    for path in result.paths:
        out.print(f"  {path}", markup=False)


def _import_forms(
    directory: Annotated[Path, typer.Argument(help="审议目录：内有草案和 review.yaml")],
    files: Annotated[list[Path], typer.Argument(help="填好的反馈表（.xlsx/.docx），或放反馈表的目录")],
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="有误的行和文件跳过并列出，只导入无误的行")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只检查并报告，不写 review.yaml")] = False,
) -> None:
    """把填好的反馈表导入 review.yaml：每行一条意见（采纳情况“待定”），“无意见”的单位记入 review.no_opinion。

    先读完、查完全部文件：页码行数须与原文一致，有误的单元格逐一指出（文件、工作表、行、列如 C7）。
    有错误时不写入任何内容（除非加 --skip-bad）。重复导入同一份表不会重复记录意见。

    示例：caina import-forms examples/baise 反馈表/*.xlsx 反馈表/*.docx
    """
    from caina.services.forms import import_forms

    try:
        result = import_forms(directory, files, skip_bad=skip_bad, dry_run=dry_run)
    except CainaError as exc:
        fail(exc)
    plan = result.plan
    for problem in plan.warnings:
        note(str(problem))
    if plan.errors:
        err.print(f"[bold red]已跳过{len(plan.errors)}处有误的行或文件（--skip-bad）：[/]", markup=True)
        for i, problem in enumerate(plan.errors, 1):
            err.print(f"  {i}. {problem}", markup=False)
    parts = [f"读取反馈表{plan.forms}份", f"新增意见{len(plan.opinions)}条（采纳情况待定）"]
    if plan.new_proposers:
        parts.append(f"新增提出单位：{'、'.join(plan.new_proposers)}")
    if plan.no_opinion:
        parts.append(f"无意见的单位：{'、'.join(plan.no_opinion)}")
    if plan.duplicates:
        parts.append(f"已导入过、跳过{len(plan.duplicates)}条")
    out.print("；".join(parts) + "。", markup=False)
    if result.written:
        out.print(f"已写入 {result.review_path}。请逐条填写 decision（采纳情况）和 reason 后再运行 caina report。", markup=False)
    elif dry_run and plan.changes:
        out.print("（--dry-run：未写入 review.yaml）", markup=False)
    else:
        out.print("review.yaml 无需改动。", markup=False)


def register(app: typer.Typer) -> None:
    app.command("forms")(_forms)
    app.command("import-forms")(_import_forms)
