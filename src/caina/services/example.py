"""The main job of `make run`: build every output of a review case into one folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from caina.errors import ToolMissingError
from caina.io.files import atomic_write_text, check_output_dir


@dataclass(frozen=True)
class Output:
    path: Path
    what: str  # 中文说明


Step = Callable[[str], None]


def build_outputs(source: Path, output: Path, *, pdf: bool = True, step: Step = lambda _: None) -> list[Output]:
    """Report (md/txt/docx/pdf), revised and tracked drafts, the laid-out pages and the checker's findings."""
    from caina import services
    from caina.services import checks, documents

    check_output_dir(output)
    made: list[Output] = []

    step("排版草案、计算页行定位")
    case = services.load_case(source)
    rows = [
        f"P{pg.number}\t顺数{line.number}\t倒数{line.from_bottom}\t{case.layout.printed_text(line)}"
        for pg in case.layout.pages
        for line in pg.lines
    ]
    made.append(Output(atomic_write_text(output / "pages.txt", "\n".join(rows) + "\n"), "草案排版：每页每行的顺数、倒数行号"))

    for fmt, what in (("md", "意见采纳情况（Markdown）"), ("txt", "意见采纳情况（纯文本）"), ("docx", "意见采纳情况（GB/T 9704 公文格式）")):
        step(f"生成报告 report.{fmt}")
        path, _ = documents.write_report(source, output / f"report.{fmt}", fmt, force=True)
        made.append(Output(path, what))
    if pdf:
        step("用 LibreOffice 生成 PDF")
        try:
            path, _ = documents.write_report(source, output / "report.pdf", "pdf", force=True)
            made.append(Output(path, "意见采纳情况（PDF）"))
        except ToolMissingError as exc:
            made.append(Output(output / "report.pdf", f"未生成：{exc.what}"))

    step("应用采纳的修改")
    for name, tracked, what in (
        ("revised.txt", False, "修改稿（纯文本）"),
        ("revised.docx", False, "修改稿（Word）"),
        ("tracked.docx", True, "修订稿（Word 修订，作者为提出意见的领导和单位，附批注）"),
    ):
        written = documents.write_revised_document(
            source, output / name, track_changes=tracked, comments=tracked, force=True
        )
        made.append(Output(written.path, what))

    step("校核报告（对照草案）")
    result = checks.check_file(output / "report.txt", draft=case.draft_path)
    label = {"error": "错误", "warning": "警告", "info": "提示"}
    lines = [
        f"{label.get(f.severity.value, f.severity.value)}\t{f.rule}\t{f'第{f.line}行' if f.line else '全文'}\t{f.message}"
        for f in result.findings
    ]
    counts = "，".join(f"{label.get(k, k)}{v}条" for k, v in result.counts.items()) or "无"
    made.append(Output(atomic_write_text(output / "check.txt", "\n".join(lines) + "\n"), f"报告校核结果（{counts}）"))
    return made
