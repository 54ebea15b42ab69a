"""caina 命令行：每个命令解析参数、调用一个服务函数、打印结果。"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, TypeGuard, get_args

import typer
from rich.text import Text

from caina import __version__, services, settings
from caina.cli_locale import ChineseGroup, localise_help_panels
from caina.console import err, fail, note, out
from caina.console import table as new_table
from caina.core import locators
from caina.core.report import ReportSettings
from caina.errors import CainaError

localise_help_panels()

app = typer.Typer(
    name="caina",
    cls=ChineseGroup,
    help="采纳（caina）：草案征求意见的页行定位、修改与《意见采纳情况》报告。\n\n示例：caina report examples/baise",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

EXAMPLE_DIR = Path(__file__).resolve().parents[2] / "examples" / "baise"


def _version(value: bool) -> None:
    if value:
        out.print(f"caina {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本")] = False,
) -> None:
    """采纳（caina）命令行。"""


CountFrom = Annotated[str | None, typer.Option("--count-from", help=settings.setting("count_from").help)]
ProfileOption = Annotated[
    str | None,
    typer.Option(
        "--profile",
        help="排版方案：内置名称（caina profiles 列出：gbt9704、word……）或 caina calibrate 写出的 .yaml；"
        "默认 .docx 用 word、文本草案用 gbt9704",
    ),
]
PrintedOption = Annotated[
    Path | None,
    typer.Option("--printed", help="印发稿 PDF：页和行按这份 PDF（须与草案是同一稿，否则拒绝并指出第一处不同）"),
]
SpanStyle = Annotated[str | None, typer.Option("--span-style", help=settings.setting("span_style").help)]


def _is_count_from(value: str) -> TypeGuard[locators.CountFrom]:
    return value in get_args(locators.CountFrom)


def _is_span_style(value: str) -> TypeGuard[locators.SpanStyle]:
    return value in get_args(locators.SpanStyle)


@app.command()
def report(
    directory: Annotated[Path, typer.Argument(help="审议目录：内有 draft.docx/.txt/.md 和 review.yaml")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="输出格式：md、txt、docx（GB/T 9704 公文格式）或 pdf；默认按 -o 的扩展名，否则 md"),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入文件（默认打印到屏幕；docx/pdf 必须写入文件）")] = None,
    count_from: CountFrom = None,
    span_style: SpanStyle = None,
    profile: ProfileOption = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件（默认不覆盖）")] = False,
    consultation: Annotated[
        str | None,
        typer.Option("--consultation", help="报告包括这次公开征求意见的情况（caina consult 的名称或审议编号；默认 review.yaml 的 consultation:）"),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="征求意见所在的数据库（默认 CAINA_DATABASE_URL，否则 caina.db）"),
    ] = None,
) -> None:
    """生成《意见采纳情况》报告：页行定位、引文和数字均由草案计算得出。

    有公开征求意见时（review.yaml 的 consultation: 或 --consultation），报告包括“公开征求意见情况”一节，
    其中的数字均来自数据库中的意见、归并和按组作出的采纳决定。

    示例：caina report examples/baise -f txt -o out/report.txt
    （公文格式：caina report examples/baise -f docx -o out/report.docx；PDF 需安装 LibreOffice）
    （含公开征求意见：caina report 审议目录 --consultation 绿化条例 --db caina.db）
    """
    from caina.services import ConsultationSource, documents

    try:
        count, span = settings.get("count_from", count_from), settings.get("span_style", span_style)
        assert _is_count_from(count) and _is_span_style(span)  # settings.get checked them against the choices
        chosen = ReportSettings(count_from=count, span_style=span)
        source: ConsultationSource = None
        if consultation is not None or db is not None:
            from caina.io.review_file import ConsultationRef
            from caina.services.consult import facts_for_ref

            if consultation is not None:
                source = facts_for_ref(ConsultationRef(consultation), db)
            else:
                source = lambda ref: facts_for_ref(ref, db)  # noqa: E731
        if output:
            path, _fmt = documents.write_report(
                directory, output, fmt, chosen, on_note=note, profile=profile, force=force, consultation=source
            )
            err.print(f"已写入 {path}", markup=False)
        else:
            text = services.render_report(
                directory, documents.report_format(fmt, None), chosen, on_note=note, profile=profile,
                consultation=source,
            )
            out.print(text, markup=False, end="" if text.endswith("\n") else "\n")
    except CainaError as exc:
        fail(exc)


@app.command()
def locate(
    draft: Annotated[Path, typer.Argument(help="草案文件（.docx/.txt/.md），或印发稿 PDF（按 PDF 自己的页和行）")],
    quote: Annotated[str, typer.Option("--quote", "-q", help="要查找的原文")],
    profile: ProfileOption = None,
    printed: PrintedOption = None,
) -> None:
    """列出原文每一处出现的页行定位，每行一个。

    示例：caina locate examples/baise/draft.txt --quote 重大科技成果
    """
    try:
        lay = services.open_draft(draft, profile=profile, printed=printed)
        found = services.locate_in(lay, quote, where=str(draft))
    except CainaError as exc:
        fail(exc)
        return
    services.tell_notes(lay, note)
    for loc, _line in found:  # never empty: a quote not in the draft is an error with the nearest passage
        out.print(loc, markup=False)


@app.command()
def resolve(
    draft: Annotated[Path, typer.Argument(help="草案文件（.docx/.txt/.md），或印发稿 PDF（按 PDF 自己的页和行）")],
    locator: Annotated[str, typer.Argument(help="页行定位，如 P3倒数第五行、第3页第5行、附件3第2页第4行")],
    profile: ProfileOption = None,
    printed: PrintedOption = None,
) -> None:
    """打印页行定位所指的那一行（或几行）的文字。

    示例：caina resolve examples/baise/draft.txt P3倒数第五行
    """
    try:
        lay = services.open_draft(draft, profile=profile, printed=printed)
        lines = services.printed_lines(lay, locator)
    except CainaError as exc:
        fail(exc)
        return
    services.tell_notes(lay, note)
    for text in lines:
        out.print(text, markup=False)


@app.command()
def apply(
    directory: Annotated[Path, typer.Argument(help="审议目录：内有草案和 review.yaml")],
    output: Annotated[Path, typer.Option("--output", "-o", help="修改后草案的文件（.docx/.txt/.md）")],
    track_changes: Annotated[
        bool,
        typer.Option("--track-changes", help="写成 Word 修订（w:ins/w:del）：作者为提出意见的领导或单位，日期为审议日期"),
    ] = False,
    comments: Annotated[bool, typer.Option("--comments", help="在每处修改上加 Word 批注，写明对应的意见（意见1（周市长）：……）")] = False,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件（默认不覆盖）")] = False,
) -> None:
    """把采纳的修改（含起草单位自行修改）应用到草案，写出修改稿。

    草案是 .docx 时，修改稿保留原稿的全部格式，只改动被修改的文字。

    示例：caina apply examples/baise -o out/revised.txt
    （修订稿：caina apply examples/baise --track-changes --comments -o out/tracked.docx）
    """
    from caina.services import documents

    try:
        written = documents.write_revised_document(
            directory, output, track_changes=track_changes, comments=comments, force=force
        )
    except CainaError as exc:
        fail(exc)
        return
    services.tell_notes(written.draft, note)
    if written.tracked:
        who = "，".join(f"{name} {k}处" for name, k in written.authors.items())
        err.print(f"已把 {written.changes} 处改动写成修订（{who}），修订稿写入 {written.path}", markup=False)
    else:
        err.print(f"已应用 {written.changes} 处改动，修改稿写入 {written.path}", markup=False)


@app.command()
def show(
    draft: Annotated[Path, typer.Argument(help="草案文件（.docx/.txt/.md），或印发稿 PDF（按 PDF 自己的页和行）")],
    pages: Annotated[bool, typer.Option("--pages", help="按页列出每一行及其顺数、倒数行号")] = True,
    page: Annotated[int | None, typer.Option("--page", "-p", help="只看第几页")] = None,
    profile: ProfileOption = None,
    printed: PrintedOption = None,
) -> None:
    """按 GB/T 9704 排版显示草案：页码、顺数第几行、倒数第几行。

    示例：caina show examples/baise/draft.txt --pages -p 3
    """
    try:
        lay = services.open_draft(draft, profile=profile, printed=printed)
        shown = services.pages_to_show(lay, page)
    except CainaError as exc:
        fail(exc)
        return
    d = lay.draft
    services.tell_notes(lay, note)
    if lay.printed:
        out.print(f"《{d.title}》 共{lay.page_count}页（页和行按印发稿 {lay.printed}）", markup=False)
    else:
        out.print(f"《{d.title}》 共{lay.page_count}页（{lay.grid_label}）", markup=False)
    for pg in shown:
        label = d.part(pg.part_id).label
        title = f"第{pg.number}页" + ("" if pg.part_id == "main" else f"（{label}第{pg.part_page}页）")
        if any(line.column for line in pg.lines):  # a page set in columns: within each column, and across the page
            title += "（分栏：栏内行号按该栏数，全页行号按第1栏自上而下、再第2栏……的顺序连续数）"
            table = new_table(
                ("栏", "right"), ("栏内顺数", "right"), ("栏内倒数", "right"), ("全页顺数", "right"), ("全页倒数", "right"),
                "文字", title=Text(title), title_justify="left",
            )
            for line in pg.lines:
                own = tuple(map(str, pg.in_column(line))) if line.column else ("", "")
                column = f"第{line.column}栏" if line.column else "通栏"
                table.add_row(column, *own, str(line.number), str(line.from_bottom), Text(lay.printed_text(line)))
        else:
            table = new_table(("顺数", "right"), ("倒数", "right"), "文字", title=Text(title), title_justify="left")
            for line in pg.lines:
                table.add_row(str(line.number), str(line.from_bottom), Text(lay.printed_text(line)))
        out.print(table)


@app.command()
def example(
    output: Annotated[Path, typer.Option("--output", "-o", help="输出目录")] = Path("out"),
    source: Annotated[Path, typer.Option("--source", help="示例目录")] = EXAMPLE_DIR,
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf", help="是否用 LibreOffice 生成 PDF")] = True,
) -> None:
    """生成内置示例（百色市实施方案，四届56次政府常务会）的全部成果到 out/。

    报告（Markdown、文本、Word、PDF）、修改稿、修订稿（作者为提出意见的单位）、排版页行表和报告校核结果。

    示例：caina example -o out
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from caina.services.example import build_outputs

    try:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err) as bar:
            task = bar.add_task("开始", total=None)
            made = build_outputs(source, output, pdf=pdf, step=lambda what: bar.update(task, description=what))
    except CainaError as exc:
        fail(exc)
        return
    out.print(f"[bold green]示例已生成[/]（{source.name}）：", markup=True)
    table = new_table("文件", "内容", show_header=False, box=None)
    for item in made:
        table.add_row(Text(str(item.path)), Text(item.what))
    out.print(table)


def _register_commands() -> None:
    from caina.commands import register_all

    register_all(app)


_register_commands()


def main() -> None:
    # a path or an argument that is not valid UTF-8 reaches Python as lone surrogates: print them escaped, never crash
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        err.print("已中断。")
        sys.exit(130)
    except OSError as exc:  # a path the system refuses (too long, a loop of links, no permission): the user's input
        from caina.io.files import os_error_message

        err.print(f"错误：{os_error_message(exc)}", markup=False)
        sys.exit(2)
    except MemoryError:  # pragma: no cover - limits keep inputs far below this
        err.print("错误：内存不足，未完成，没有写入任何文件。请确认输入文件选对了，或在内存更大的机器上运行。", markup=False)
        sys.exit(3)
    except Exception as exc:
        if os.environ.get("CAINA_DEBUG"):
            raise
        err.print(
            f"错误：caina 内部错误（{type(exc).__name__}：{str(exc)[:300]}），未完成。"
            "请设置环境变量 CAINA_DEBUG=1 重新运行，把输出和所用的文件发给维护者。",
            markup=False,
        )
        sys.exit(70)


if __name__ == "__main__":  # pragma: no cover
    main()
