"""caina consult …：公开征求意见——导入、归并与归属、统计、一次跑完、生成合成数据。"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from caina.cli_locale import ChineseGroup
from caina.commands.desk import Db  # the same --db as caina serve and caina db: CAINA_DATABASE_URL, else caina.db
from caina.console import err, fail, note, out
from caina.errors import CainaError, InputError

consult_app = typer.Typer(
    name="consult",
    cls=ChineseGroup,
    help="公开征求意见：导入大量意见，归并相同和近似（“模板”）意见，归属到条款，统计。\n\n"
    "示例：caina consult run examples/consult/draft.txt 意见.csv --json 统计.json --assign 归属.csv",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


DaskOption = Annotated[
    str | None,
    typer.Option("--dask", help="在 Dask 集群上计算：调度器地址，如 tcp://127.0.0.1:8786（需 pip install 'caina[dask]'）"),
]
Encoding = Annotated[str | None, typer.Option("--encoding", help="意见文件的编码（默认自动识别 UTF-8、UTF-8 BOM、UTF-16、GB18030/GBK）")]
MaxChars = Annotated[int, typer.Option("--max-chars", help="一条意见最多多少字，超过的行放到一边并报告")]
MaxRejects = Annotated[int, typer.Option("--max-rejects", help="有问题的行超过这个数，整个文件不导入")]


@contextmanager
def _progress() -> Iterator[Any]:
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn(), console=err, transient=True
    ) as bar:
        task = bar.add_task("开始", total=1.0)

        def step(what: str, done: float) -> None:
            bar.update(task, description=what, completed=done)

        yield step


def _print_import(report: Any) -> None:
    for text in report.notes:
        note(text)
    parts = [f"读入{report.read:,}条", f"新增{report.new:,}条"]
    if report.updated:
        parts.append(f"更新{report.updated:,}条（同一编号、内容有变）")
    if report.unchanged:
        parts.append(f"{report.unchanged:,}条已导入过、未变")
    if report.repeated:
        parts.append(f"文件中重复出现的相同行{report.repeated:,}条（只计一次）")
    encoding = f"，编码 {report.encoding}" if report.encoding else ""
    c = report.consultation
    into = f" 到“{c.name}”" + (f"（审议 {c.review_id}）" if c.review_id is not None else "") if c is not None else ""
    out.print(f"已导入 {report.path.name}{into}（{report.kind}{encoding}）：" + "，".join(parts) + "。", markup=False)
    if report.rejected_count:
        err.print(
            f"[yellow]有{report.rejected_count:,}行未导入，已单独保存（caina consult rejects 查看）：[/]",
            markup=True,
        )
        for r in report.rejected:
            err.print(f"  {escape(r.describe())}", markup=True)
        if report.rejected_count > len(report.rejected):
            err.print(f"  ……另有{report.rejected_count - len(report.rejected):,}行", markup=False)


Review = Annotated[str, typer.Argument(help="征求意见的名称，或审议平台中审议的编号（该审议的征求意见）")]


def _import(
    review: Annotated[str, typer.Argument(help="征求意见的名称（同一名称下的意见一起归并、统计），或审议平台中审议的编号：意见属于该审议")],
    file: Annotated[Path, typer.Argument(help="意见文件：.csv、.xlsx 或 .jsonl；列为 id,submitted_at,author,channel,text[,clause]")],
    db: Db = None,
    encoding: Encoding = None,
    max_chars: MaxChars = 50_000,
    max_rejects: MaxRejects = 1_000,
) -> None:
    """导入公开征求意见：逐行读取（内存与文件大小无关），有问题的行按行号报告并单独保存，整个文件要么全部导入、要么不导入。

    同一编号再次导入不会重复（内容有变则更新）。REVIEW 写审议平台中审议的编号（如 3）时，意见属于该审议：
    其报告包括“公开征求意见情况”，网页上有征求意见页。

    示例：caina consult import 绿化条例 意见.csv
    （属于审议平台中的审议3：caina consult import 3 意见.csv --db caina.db）
    """
    from caina.services import consult

    try:
        store = consult.open_store(db)
        try:
            with _progress() as step:
                report = consult.import_comments(store, review, file, encoding=encoding, max_chars=max_chars,
                                                 max_rejects=max_rejects, progress=step)  # fmt: skip
        finally:
            store.close()
    except CainaError as exc:
        fail(exc)
    _print_import(report)


def _analyse(
    review: Review,
    draft: Annotated[Path | None, typer.Option("--draft", "-d", help="草案（.docx/.txt/.md）；属于审议平台中审议的征求意见默认用该审议的送审稿")] = None,
    db: Db = None,
    dask: DaskOption = None,
) -> None:
    """归并与归属：完全相同的意见、近似重复（“模板意见”，MinHash + LSH），以及每条意见针对的条款。

    示例：caina consult analyse 绿化条例 --draft examples/consult/draft.txt
    """
    from caina.services import consult

    try:
        d = consult.load_draft(draft) if draft is not None else None
        store = consult.open_store(db)
        try:
            with _progress() as step:
                result = consult.analyse(store, review, d, dask=dask, progress=step)
        finally:
            store.close()
    except CainaError as exc:
        fail(exc)
    out.print(
        f"{result.comments:,}条意见，不同内容{result.distinct:,}条，归并为{result.groups:,}组"
        f"（模板意见{result.campaigns:,}组，完全相同{result.duplicates:,}组）。"
        f"归属：引用条款{result.by_how['cited']:,}条，引用原文{result.by_how['quoted']:,}条，"
        f"内容相近{result.by_how['similar']:,}条，总体{result.by_how['general']:,}条。",
        markup=False,
    )


def _print_stats(data: dict[str, Any]) -> None:
    out.print(
        f"共有{data['participants']:,}人（次）提出意见{data['comments']:,}条，去除完全相同的后{data['distinct']:,}条，"
        f"经归并为{data['group_count']:,}条。",
        markup=False,
    )
    for title, key in (("按渠道", "by_channel"), ("按条款", "by_article"), ("按日期", "by_day")):
        table = Table(title=Text(title), title_justify="left")
        table.add_column(title[1:])
        table.add_column("意见条数", justify="right")
        for k, v in data[key].items():
            table.add_row(Text(k), f"{v:,}")
        out.print(table)
    if data["groups"]:
        table = Table(title=Text("最大的几组"), title_justify="left", show_lines=True)
        for col in ("组", "条数", "类型", "条款", "代表性意见"):
            table.add_column(col)
        kinds = {"campaign": "模板意见", "duplicate": "完全相同", "single": "单条"}
        for g in data["groups"]:
            table.add_row(str(g["id"]), f"{g['size']:,}", kinds.get(g["kind"], g["kind"]), Text("、".join(g["articles"])),
                          Text(g["representative"][:120]))  # fmt: skip
        out.print(table)


def _stats(
    review: Review,
    db: Db = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（机器可读）")] = False,
    top: Annotated[int, typer.Option("--top", help="列出最大的几组（JSON 中 0 表示全部多于一条的组）")] = 10,
) -> None:
    """统计：意见条数、人数、不同内容、归并组数，按渠道、按日期、按条款，以及最大的几组和代表性意见。

    示例：caina consult stats 绿化条例 --json
    """
    from caina.services import consult

    try:
        store = consult.open_store(db)
        try:
            data = consult.stats(store, review, top=None if (as_json and top == 0) else top)
        finally:
            store.close()
    except CainaError as exc:
        fail(exc)
    if as_json:
        out.print(json.dumps(data, ensure_ascii=False, indent=1), markup=False, highlight=False, soft_wrap=True)
        return
    _print_stats(data)


def _run(
    draft: Annotated[Path, typer.Argument(help="草案（.docx/.txt/.md）")],
    comments: Annotated[Path, typer.Argument(help="意见文件：.csv、.xlsx 或 .jsonl")],
    json_path: Annotated[Path | None, typer.Option("--json", help="把统计写成 JSON 文件")] = None,
    assign: Annotated[Path | None, typer.Option("--assign", help="每条意见一行的 CSV：id,group,articles,how")] = None,
    dask: DaskOption = None,
    db: Annotated[str | None, typer.Option("--db", help="用这个数据库而不是临时数据库（如 PostgreSQL）")] = None,
    encoding: Encoding = None,
    max_chars: MaxChars = 50_000,
    max_rejects: MaxRejects = 1_000,
) -> None:
    """一次跑完：导入到临时数据库 → 归并 → 归属 → 统计，写出统计 JSON 和每条意见的归属 CSV；不需要服务器。

    示例：caina consult run examples/consult/draft.txt 意见.csv --json 统计.json --assign 归属.csv
    """
    from caina.services import consult

    try:
        with _progress() as step:
            result = consult.run(draft, comments, json_path=json_path, assign_path=assign, dask=dask, db=db,
                                 encoding=encoding, max_chars=max_chars, max_rejects=max_rejects, progress=step)  # fmt: skip
    except CainaError as exc:
        fail(exc)
    _print_import(result.imported)
    data = dict(result.stats)
    data["groups"] = data["groups"][:10]
    _print_stats(data)
    for path, what in ((json_path, "统计"), (assign, "每条意见的归并与归属")):
        if path:
            err.print(f"{what}已写入 {path}", markup=False)


def _synth(
    n: Annotated[int, typer.Option("--n", help="意见条数")],
    draft: Annotated[Path, typer.Option("--draft", "-d", help="草案（.docx/.txt/.md）：意见针对它的条款")],
    output: Annotated[Path, typer.Option("--output", "-o", help="输出文件（.csv 或 .jsonl）；真实归属写在旁边的 NAME.truth.csv")],
    seed: Annotated[int, typer.Option("--seed", help="随机种子：同一种子生成同样的数据")] = 9,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件（默认不覆盖）")] = False,
) -> None:
    """生成合成的公开征求意见：有模板意见（含问候、落款、改动个别词语的副本）、重复提交、脱敏的提交人（朱**）、
    多种渠道和日期，每条意见的真实归属（所属模板、重复的原意见、针对的条款、引用方式）写在旁边，供测试和基准。

    示例：caina consult synth --n 100000 --draft examples/consult/draft.txt -o 意见.csv
    """
    from caina.io.files import check_output
    from caina.services import consult

    try:
        check_output(output, force=force)  # the output rule of every -o (docs/security.md)
        with _progress() as step:
            result = consult.synth(draft, n, output, seed=seed, progress=step)
    except CainaError as exc:
        fail(exc)
    out.print(
        f"已生成{result.comments:,}条意见（{result.campaigns}个模板意见，{result.duplicates:,}条重复提交）：{result.path}；"
        f"真实归属：{result.truth}",
        markup=False,
    )


def _rejects(
    review: Review,
    db: Db = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写成 CSV 文件（文件,行,列,问题,内容）")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件（默认不覆盖）")] = False,
) -> None:
    """列出导入时放到一边的行：文件、行号、列、问题和原内容。

    示例：caina consult rejects 绿化条例 -o 未导入的行.csv
    """
    import csv
    import io

    from caina.io.files import atomic_write_text, check_output
    from caina.services import consult

    try:
        if output:
            check_output(output, force=force)  # the output rule of every -o (docs/security.md)
        store = consult.open_store(db)
        try:
            rows = store.rejected_rows(consult.resolve(store, review).name)
        finally:
            store.close()
        if output:
            buf = io.StringIO()
            w = csv.writer(buf)
            w.writerow(("文件", "行", "列", "问题", "内容"))
            w.writerows((r["source"], r["source_row"], r["column_name"], r["problem"], r["raw"]) for r in rows)
            atomic_write_text(output, buf.getvalue(), force=force)
    except CainaError as exc:
        fail(exc)
    if output:
        err.print(f"{len(rows)}行已写入 {output}", markup=False)
        return
    if not rows:
        out.print("没有未导入的行。", markup=False)
    for r in rows:
        col = f"“{r['column_name']}”列" if r["column_name"] else ""
        out.print(f"{r['source']} 第{r['source_row']}行{col}：{r['problem']}", markup=False)


KINDS = {"campaign": "模板意见", "duplicate": "完全相同", "single": "单条"}


def _decide(
    review: Review,
    group: Annotated[int | None, typer.Argument(help="组号（caina consult stats、caina consult groups 或网页上的“第N组”）")] = None,
    decision: Annotated[str | None, typer.Option("--decision", help="adopted、partially_adopted、not_adopted、already_reflected、referred、duplicate；也可写“采纳”“部分采纳”“不予采纳”；pending 撤销")] = None,  # noqa: E501
    reason: Annotated[str, typer.Option("--reason", help="理由（部分采纳、不予采纳等必须写）")] = "",
    duplicate_of: Annotated[int | None, typer.Option("--duplicate-of", help="--decision duplicate 时：与哪一组重复（组号）")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="一次为多组作决定的 CSV：group,decision,reason[,duplicate_of]（或 组号,采纳情况,理由[,重复]）")] = None,  # noqa: E501
    by: Annotated[str, typer.Option("--by", help="作出决定的人或处室（记录在数据库中）")] = "",
    db: Db = None,
) -> None:
    """按组作出采纳决定（归并后的一条意见一个决定），计入报告“公开征求意见情况”的采纳统计。

    一组计为一条意见，并注明涉及的意见条数（该组的大小）。决定随组的代表性意见保存：重新归并后仍在它所在的组。

    示例：caina consult decide 绿化条例 1 --decision adopted --reason 已在第十条中增加公园免费开放的规定
    （多组：caina consult groups 绿化条例 -o 组.csv，在“decision”“reason”列填写后 caina consult decide 绿化条例 --file 组.csv）
    """
    from caina.services import consult

    try:
        if (file is None) == (group is None):
            raise InputError("请给出一个组号和 --decision，或用 --file 给出多组的决定（二者选一）",
                             fix="例如 caina consult decide 绿化条例 1 --decision adopted")  # fmt: skip
        store = consult.open_store(db)
        try:
            if file is not None:
                done = consult.decide_file(store, review, file, by=by)
                counts = "，".join(f"{consult.DECISION_LABELS.get(k, k)}{v}组" for k, v in done.counts.items())
                out.print(f"已保存{done.saved}组的采纳决定" + (f"（{counts}）" if counts else "") +
                          (f"，撤销{done.removed}组" if done.removed else "") + "。", markup=False)  # fmt: skip
                return
            assert group is not None
            if decision is None:
                raise InputError("请用 --decision 写明采纳情况", fix=f"可写 {consult.DECISION_HELP}")
            saved = consult.decide(store, review, group, decision, reason, duplicate_of=duplicate_of, by=by)
        finally:
            store.close()
    except CainaError as exc:
        fail(exc)
        return
    if saved.decision == "pending":
        out.print(f"第{group}组已撤销采纳决定。", markup=False)
    else:
        out.print(f"第{group}组：{consult.DECISION_LABELS[saved.decision]}" + (f"；理由：{saved.reason}" if saved.reason else "") + "。", markup=False)


def _groups(
    review: Review,
    article: Annotated[str, typer.Option("--article", help="只列出关于这一条的组，如 第十条、附件2、总体")] = "",
    top: Annotated[int, typer.Option("--top", help="最多列出多少组（0：全部）")] = 50,
    min_size: Annotated[int, typer.Option("--min-size", help="只列出至少这么多条意见的组")] = 1,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写成 CSV（可填写 decision、reason 列后用 caina consult decide --file 导入）")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件（默认不覆盖）")] = False,
    db: Db = None,
) -> None:
    """列出归并后的组（从大到小）：组号、条数、类型、条款、代表性意见和已作出的采纳决定。

    示例：caina consult groups 绿化条例 --article 第十条
    （写出待填的决定表：caina consult groups 绿化条例 --min-size 2 -o 组.csv）
    """
    import csv
    import io

    from caina.io.files import atomic_write_text, check_output
    from caina.services import consult

    try:
        if output:
            check_output(output, force=force)
        store = consult.open_store(db)
        try:
            rows = consult.group_rows(store, review, article=article, limit=top or None, min_size=min_size)
        finally:
            store.close()
        if output:
            buf = io.StringIO()
            w = csv.writer(buf)
            w.writerow(("group", "size", "kind", "articles", "representative", "decision", "reason", "duplicate_of"))
            w.writerows((r["group"], r["size"], r["kind"], "、".join(r["articles"]), r["representative"], r["decision"],
                         r["reason"], r["duplicate_of"] or "") for r in rows)  # fmt: skip
            atomic_write_text(output, buf.getvalue(), force=force)
    except CainaError as exc:
        fail(exc)
        return
    if output:
        err.print(f"{len(rows)}组已写入 {output}", markup=False)
        return
    table = Table(show_lines=True)
    for col in ("组", "条数", "类型", "条款", "代表性意见", "采纳情况"):
        table.add_column(col)
    for r in rows:
        decided = consult.DECISION_LABELS.get(r["decision"], "") + (f"：{r['reason']}" if r["reason"] else "")
        table.add_row(str(r["group"]), f"{r['size']:,}", KINDS.get(r["kind"], r["kind"]), Text("、".join(r["articles"])),
                      Text(r["representative"][:120]), Text(decided))  # fmt: skip
    out.print(table)


def _attach(
    review: Annotated[str, typer.Argument(help="征求意见的名称")],
    review_id: Annotated[int | None, typer.Argument(help="审议平台中审议的编号")] = None,
    detach: Annotated[bool, typer.Option("--detach", help="不再属于任何审议")] = False,
    db: Db = None,
) -> None:
    """让一次征求意见属于审议平台中的一个审议：该审议的报告包括“公开征求意见情况”，网页上有征求意见页。

    示例：caina consult attach 绿化条例 3
    """
    from caina.services import consult

    try:
        if (review_id is None) == (not detach):
            raise InputError("请给出审议编号，或用 --detach 取消关联（二者选一）", fix="例如 caina consult attach 绿化条例 3")
        store = consult.open_store(db)
        try:
            c = consult.attach(store, review, None if detach else review_id)
        finally:
            store.close()
    except CainaError as exc:
        fail(exc)
        return
    out.print(f"“{c.name}”" + (f"已属于审议 {c.review_id}。" if c.review_id is not None else "已不属于任何审议。"), markup=False)


def register(app: typer.Typer) -> None:
    consult_app.command("import")(_import)
    consult_app.command("analyse")(_analyse)
    consult_app.command("stats")(_stats)
    consult_app.command("run")(_run)
    consult_app.command("synth")(_synth)
    consult_app.command("rejects")(_rejects)
    consult_app.command("decide")(_decide)
    consult_app.command("groups")(_groups)
    consult_app.command("attach")(_attach)
    app.add_typer(consult_app, name="consult")
