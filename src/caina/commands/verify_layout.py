"""caina verify-layout：用 LibreOffice 逐行核对 caina 的排版（页、行号、文字）。"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer

from caina.console import err, fail, out
from caina.core.layout_notes import grid_label
from caina.errors import CainaError

# how each tolerated LibreOffice fault is named in the report
_FAULT_NAMES = {
    "hung": "行末悬挂的标点未画出（LibreOffice 在两端对齐的段落中不画悬挂的，。、；：？！）",
    "dash": "“——”被拆在两行（GB/T 15834 不许拆开；含其后因此移动的行）",
    "ellipsis": "“……”被拆在两行或放在行首（含其后因此移动的行）",
}
_SPLIT_KEYS = {"dash": "——", "ellipsis": "……"}


def _report(result: Any, minimum: float) -> dict[str, Any]:
    v = result.verification
    return {
        "draft": result.source,
        "pages": {"caina": v.caina_pages, "libreoffice": v.oracle_pages},
        "lines": v.total,
        "identical": v.same,
        "tolerated": dict(v.tolerated),
        "hung_marks": dict(v.hung_marks),
        "libreoffice_splits": dict(v.splits),
        "disagreeing": len(v.disagreements),
        "agreement": round(v.agreement, 6),
        "minimum": minimum,
        "passed": v.agreement >= minimum,
        "notes": list(result.notes),
        "pdf": str(result.pdf) if result.pdf else None,
        "lines_not_identical": [
            {
                "page": r.page,
                "line": r.number,
                "from_bottom": r.from_bottom,
                "status": r.status.value,
                "tolerated": r.status.tolerated,
                "caina": r.caina,
                "libreoffice": r.oracle,
            }
            for r in v.results
        ],
    }


def _print(result: Any, minimum: float) -> None:
    v = result.verification
    d = result.draft
    out.print(
        f"草案：{result.source}（caina 排 {v.caina_pages} 页，{grid_label(d.page, result.settings)}；"
        f"LibreOffice 排 {v.oracle_pages} 页）",
        markup=False,
    )
    out.print(
        f"逐行比对 {v.total} 行：完全一致 {v.same} 行（{v.identical:.1%}），"
        f"容许 LibreOffice 已知错误 {v.tolerated_total} 行，不一致 {len(v.disagreements)} 行。",
        markup=False,
    )
    verdict = "达到" if v.agreement >= minimum else "未达到"
    out.print(f"一致率（含容许）：{v.agreement:.2%}，{verdict}要求的 {minimum:.1%}。", markup=False)
    if v.tolerated_total or v.splits:
        out.print("容许的 LibreOffice 已知错误（caina 按 GB/T 15834 与 Word 的规则排，不照搬）：", markup=False)
        for key, name in _FAULT_NAMES.items():
            n = v.tolerated.get(key, 0)
            extra = ""
            if key == "hung" and v.hung_marks:
                extra = "：" + " ".join(f"{m}×{k}" for m, k in sorted(v.hung_marks.items()))
            elif key in _SPLIT_KEYS and v.splits.get(_SPLIT_KEYS[key]):
                extra = f"：LibreOffice 拆开 {v.splits[_SPLIT_KEYS[key]]} 处"
            out.print(f"  {name}：{n} 行{extra}", markup=False)
    for note in result.notes:
        out.print(f"注意：{note}", markup=False)
    if v.disagreements:
        out.print("不一致的行：", markup=False)
        for r in v.disagreements:
            out.print(f"  {r.locator} {r.status.label}", markup=False)
            out.print(f"    caina      ：{r.caina if r.caina is not None else '（无此行）'}", markup=False)
            out.print(f"    LibreOffice：{r.oracle if r.oracle is not None else '（无此行）'}", markup=False)
    if result.pdf:
        err.print(f"LibreOffice 的 PDF 已保存：{result.pdf}")


def _printed_report(result: Any, minimum: float) -> dict[str, Any]:
    v = result.verification
    same, total = result.paragraphs
    return {
        "draft": result.source,
        "against": result.pdf,
        "made_by": result.made_by,
        "producer": result.producer,
        "profile": result.profile.name,
        "pages": {"caina": v.caina_pages, "pdf": v.oracle_pages},
        "lines": v.total,
        "identical": v.same,
        "tolerated": dict(v.tolerated),
        "disagreeing": len(v.disagreements),
        "agreement": round(v.agreement, 6),
        "paragraphs": {"same": same, "total": total},
        "minimum": minimum,
        "passed": v.agreement >= minimum,
        "causes": dict(Counter(c.value for c in result.causes.values())),
        "note": result.note,
        "notes": list(result.engine.notes),
        "lines_not_identical": [
            {
                "page": r.page,
                "line": r.number,
                "from_bottom": r.from_bottom,
                "status": r.status.value,
                "tolerated": r.status.tolerated,
                "cause": result.causes[(r.page, r.number)].value if (r.page, r.number) in result.causes else None,
                "caina": r.caina,
                "pdf": r.oracle,
            }
            for r in v.results
        ],
    }


def _print_printed(result: Any, minimum: float, limit: int) -> None:
    v = result.verification
    out.print(
        f"草案：{result.source}（排版方案 {result.profile.name}；caina 排 {v.caina_pages} 页，"
        f"{result.engine.grid_label}）",
        markup=False,
    )
    out.print(f"印发稿：{result.pdf}（{v.oracle_pages} 页，由 {result.made_by} 生成：{result.producer or '元数据未写明'}）", markup=False)
    for note in result.engine.notes:  # the reader's notes, and the grid as this profile sets it
        out.print(f"注意：{note}", markup=False)
    if result.note:
        out.print(f"注意：{result.note}", markup=False)
    shown = v.disagreements[:limit] if limit >= 0 else v.disagreements
    if v.disagreements:
        out.print("不一致的行（页、行按 PDF）：", markup=False)
        for r in shown:
            cause = result.causes.get((r.page, r.number))
            out.print(f"  {r.locator} {cause.label if cause else r.status.label}", markup=False)
            out.print(f"    caina：{r.caina if r.caina is not None else '（无此行）'}", markup=False)
            out.print(f"    PDF  ：{r.oracle if r.oracle is not None else '（无此行）'}", markup=False)
        if len(shown) < len(v.disagreements):
            out.print(f"  ……另有 {len(v.disagreements) - len(shown)} 行（--all 或 --json 列出全部）", markup=False)
        counts = Counter(c for c in result.causes.values())
        out.print("按原因：" + "；".join(f"{c.label} {n} 行" for c, n in counts.most_common()), markup=False)
    if v.tolerated_total:
        out.print(f"容许 LibreOffice 已知错误 {v.tolerated_total} 行（见 docs/verify-layout.md）", markup=False)
    same, total = result.paragraphs
    if total:
        out.print(f"多行段落断行与 PDF 完全一致：{same}/{total} 段（{same / total:.1%}）", markup=False)
    verdict = "达到" if v.agreement >= minimum else "未达到"
    out.print(
        f"逐行比对 {v.total} 行：一致 {v.agreeing} 行，不一致 {len(v.disagreements)} 行；{verdict}要求的 {minimum:.1%}。",
        markup=False,
    )
    out.print(f"一致率：{v.agreement:.2%}", markup=False)


def _verify_layout(
    draft: Annotated[Path, typer.Argument(help="草案文件：.docx（核对其规范化副本），或 .txt/.md（先按 GB/T 9704 写成 .docx）")],
    against: Annotated[
        Path | None,
        typer.Option("--against", help="与这份印发稿 PDF（Word、WPS、LibreOffice 导出或打印的）逐行比对，而不是用 LibreOffice 排"),
    ] = None,
    profile: Annotated[
        str | None, typer.Option("--profile", help="排版方案：内置名称（caina profiles 列出）或 caina calibrate 写出的 .yaml")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出全部结果（含每一处不一致和容许的行）")] = False,
    keep_pdf: Annotated[
        bool, typer.Option("--keep-pdf", help="把 LibreOffice 排出的 PDF 保存到当前目录（草案名.libreoffice.pdf）")
    ] = False,
    minimum: Annotated[
        float, typer.Option("--min", help="一致率下限（百分数），低于它时退出码为 1")
    ] = 99.5,
    show_all: Annotated[bool, typer.Option("--all", help="列出每一处不一致（默认列前 40 处）")] = False,
) -> None:
    """逐行核对 caina 的排版（页码、行号、文字），列出每一处不一致及其原因。

    不加 --against：用 LibreOffice 排出草案（规范化的副本）来核对；LibreOffice 的已知错误单独计数、明确容许，
    需要 LibreOffice（soffice）和 poppler（pdftotext）。
    加 --against 印发稿.pdf：与起草单位实际印发的 PDF 核对（Word、WPS 或 LibreOffice 生成的均可），
    最后一行是一致率。

    示例：caina verify-layout examples/baise/draft.txt
    （与印发稿核对：caina verify-layout 草案.docx --against 送审稿.pdf --profile 方案.yaml）
    """
    threshold = minimum / 100
    if against is not None:
        from caina.services.verify import verify_against

        try:
            result = verify_against(draft, against, profile=profile)
        except CainaError as exc:
            fail(exc)
            return
        if as_json:
            out.print(json.dumps(_printed_report(result, threshold), ensure_ascii=False, indent=2), markup=False)
        else:
            _print_printed(result, threshold, -1 if show_all else 40)
        if result.verification.agreement < threshold:
            raise typer.Exit(1)
        return
    from caina.services.verify import verify_file

    pdf_path = Path.cwd() / f"{draft.stem}.libreoffice.pdf" if keep_pdf else None
    try:
        settings = None
        if profile is not None:
            from caina.io.drafts import read_draft
            from caina.services.layouts import profile_for

            settings = profile_for(read_draft(draft), profile).settings
        checked = verify_file(draft, keep_pdf=pdf_path, settings=settings)
    except CainaError as exc:
        fail(exc)
    if as_json:
        out.print(json.dumps(_report(checked, threshold), ensure_ascii=False, indent=2), markup=False)
    else:
        _print(checked, threshold)
    if checked.verification.agreement < threshold:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("verify-layout")(_verify_layout)
