"""caina import-report：把已有的《意见采纳情况》报告（.txt/.md/.docx）导入为结构化数据或审议目录。"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from caina.console import err, fail, note, out
from caina.console import table as new_table
from caina.errors import CainaError

COUNT_LABELS = {
    "attending_units": "列席单位", "proposer_units": "提出意见的单位", "opinions": "意见", "received": "收到意见",
    "participants": "提出意见的人数", "adopted": "采纳", "partially_adopted": "部分采纳", "not_adopted": "不予采纳",
    "already_reflected": "已有体现", "referred": "转有关部门", "duplicate": "重复", "office_edits": "起草单位自行修改",
    "edits_total": "修改处数", "item_edits": "该条修改处数", "occurrences": "同一原文修改处数",
    "consulted_units": "征求意见的单位", "responding_units": "反馈的单位", "no_opinion_units": "无意见的单位",
    "overdue_units": "逾期未反馈的单位",
}  # fmt: skip
DECISION_LABELS = {
    "adopted": "采纳", "partially_adopted": "部分采纳", "not_adopted": "不予采纳", "already_reflected": "已有体现",
    "referred": "转有关部门", "duplicate": "重复", "no_opinion": "无意见", None: "（未识别）",
}  # fmt: skip
REVIEW_LABELS = (("kind", "类型"), ("meeting", "会议"), ("date", "日期"), ("chair", "主持"), ("place", "地点"),
                 ("office", "起草单位"), ("doc_title", "文件"), ("short_name", "简称"))  # fmt: skip


def _json(imported) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from caina.core.report_parse import to_json

    data = to_json(imported.report)
    data["source"] = {
        "file": str(imported.path),
        "encoding": imported.source.encoding,
        "traditional_converted": imported.source.converted,
    }
    data["warnings"] = list(imported.source.warnings) + data["warnings"]
    data.pop("lines", None)
    return data


def _summary(imported) -> None:  # type: ignore[no-untyped-def]
    r = imported.report
    heading = f"{r.label + ' ' if r.label else ''}{r.title or '（无标题）'}"
    out.print(f"[bold]{escape(heading)}[/]", markup=True)
    for key, label in REVIEW_LABELS:
        value = r.review.get(key)
        if value:
            out.print(f"  {label}：{value}", markup=False)
    for key, label in (("attendees", "列席"), ("channels", "渠道")):
        if r.review.get(key):
            out.print(f"  {label}：{'、'.join(r.review[key])}", markup=False)
    period = r.review.get("period")
    if period:
        out.print(f"  征求期：{period.get('start')} 至 {period.get('end')}", markup=False)
    counts = [c for c in r.stated_counts if c.scope != "item"]
    if counts:
        table = new_table("项目", "数", "原文", "行", title="文中所述数字", title_justify="left")
        for c in counts:
            label = COUNT_LABELS.get(c.key) or (c.key.replace("channel:", "渠道：") if c.key.startswith("channel:") else c.key)
            table.add_row(escape(label), f"{c.value}{'多' if c.approx else ''}", escape(c.text), str(c.line))
        out.print(table)
    table = new_table("序号", "提出人/单位", "采纳情况", "原文写法", "修改", "行", title=f"意见（{len(r.opinions)}条）",
                      title_justify="left")
    for op in r.opinions:
        table.add_row(
            "" if op.number is None else str(op.number), escape(op.proposer or "（未识别）"),
            DECISION_LABELS.get(op.decision, op.decision or ""), escape(op.decision_text),
            str(len(op.edits)) if op.edits else "", str(op.line),
        )  # fmt: skip
    out.print(table)
    if r.own_edits:
        out.print(f"起草单位（{r.own_edits_by or '未识别'}）自行修改：{len(r.own_edits)}处（第{r.own_edits_line}行）", markup=False)
    warnings = imported.warnings
    if warnings:
        out.print(f"[yellow]提示（{len(warnings)}条）：[/]", markup=True)
        for w in warnings:
            out.print(f"  - {w}", markup=False)


def import_report(
    file: Annotated[Path, typer.Argument(help="报告文件：.txt、.md 或 .docx（繁体字会转换为简体字）")],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出解析结果")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写出审议目录（review.yaml，可直接 caina report）")] = None,
    draft: Annotated[Path | None, typer.Option("--draft", help="草案文件：复制进审议目录，并据此核对、纠正引文")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖输出目录中已有的 review.yaml")] = False,
) -> None:
    """导入已有的《意见采纳情况》报告：会议或征求意见情况、所述数字、每条意见、采纳情况、理由和修改。

    不加选项时显示摘要；--json 输出结构化数据；-o 写出 review.yaml（配合 --draft 核对引文，可直接生成报告）。

    示例：caina import-report 意见采纳情况.docx -o 审议/ --draft 草案.docx
    """
    from caina.services.report_import import import_report as run_import
    from caina.services.report_import import write_case

    try:
        if output is not None:
            imported, written = write_case(file, output, draft=draft, force=force)
        else:
            if draft is not None:
                note("--draft 只在写出审议目录（-o）时使用")
            imported, written = run_import(file), None
    except CainaError as exc:
        fail(exc)
    if as_json:
        typer.echo(json.dumps(_json(imported), ensure_ascii=False, indent=2))
    elif written is None:
        _summary(imported)
    if written is not None:
        conv = written.conversion
        for w in ([] if as_json else list(imported.warnings)) + conv.warnings:
            note(w)
        err.print(f"已写入 {written.review_path}" + (f"，草案 {written.draft_path}" if written.draft_path else ""), markup=False)
        if written.report_checked:
            err.print(f"可运行：caina report {written.directory}", markup=False)
        elif draft is None:
            err.print(f"请把草案放入 {written.directory}（命名为 draft.docx/.txt/.md）后运行 caina report", markup=False)


def register(app: typer.Typer) -> None:
    app.command("import-report")(import_report)
