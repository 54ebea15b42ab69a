"""caina verify-layout：用 LibreOffice 逐行核对 caina 的排版（页、行号、文字）。"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from caina.console import err, fail, out
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
        f"草案：{result.source}（caina 排 {v.caina_pages} 页，每页{d.page.lines_per_page}行×{d.page.chars_per_line}字；"
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


def _verify_layout(
    draft: Annotated[Path, typer.Argument(help="草案文件：.docx（核对其规范化副本），或 .txt/.md（先按 GB/T 9704 写成 .docx）")],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出全部结果（含每一处不一致和容许的行）")] = False,
    keep_pdf: Annotated[
        bool, typer.Option("--keep-pdf", help="把 LibreOffice 排出的 PDF 保存到当前目录（草案名.libreoffice.pdf）")
    ] = False,
    minimum: Annotated[
        float, typer.Option("--min", help="一致率下限（百分数），低于它时退出码为 1")
    ] = 99.5,
) -> None:
    """用 LibreOffice 排出草案（规范化的副本），逐行核对 caina 的页码、行号和文字，列出每一处不一致。

    LibreOffice 的已知错误（两端对齐段落行末悬挂的标点不画出、把“——”“……”拆在两行）单独计数、明确容许。
    需要 LibreOffice（soffice）和 poppler（pdftotext）。

    示例：caina verify-layout examples/baise/draft.txt
    """
    from caina.services.verify import verify_file

    pdf_path = Path.cwd() / f"{draft.stem}.libreoffice.pdf" if keep_pdf else None
    try:
        result = verify_file(draft, keep_pdf=pdf_path)
    except CainaError as exc:
        fail(exc)
    threshold = minimum / 100
    if as_json:
        out.print(json.dumps(_report(result, threshold), ensure_ascii=False, indent=2), markup=False)
    else:
        _print(result, threshold)
    if result.verification.agreement < threshold:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("verify-layout")(_verify_layout)
