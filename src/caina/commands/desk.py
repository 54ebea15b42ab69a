"""The review desk's commands: caina serve, caina db, caina user, caina review."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from caina import settings
from caina.console import err, fail, note, out
from caina.errors import CainaError, InputError

Db = Annotated[str | None, typer.Option("--db", help="数据库：SQLite 文件或 postgresql+psycopg://…（默认 CAINA_DATABASE_URL，否则 caina.db）")]

db_app = typer.Typer(help="数据库：迁移、备份、恢复。\n\n示例：caina db upgrade --db caina.db", no_args_is_help=True)
user_app = typer.Typer(help="账户。\n\n示例：caina user add zhangsan --admin", no_args_is_help=True)
review_app = typer.Typer(help="审议：从审议目录创建、添加成员、导出。\n\n示例：caina review create examples/baise --owner zhangsan", no_args_is_help=True)


def _store(db: str | None):  # type: ignore[no-untyped-def]
    from caina.store import Store

    return Store(db or os.environ.get("CAINA_DATABASE_URL") or settings.get("database_url"))


@contextmanager
def _opened(db: str | None) -> Iterator[Any]:
    """The store for one command, its connections closed afterwards."""
    store = _store(db)
    try:
        yield store
    finally:
        store.dispose()


def serve(
    db: Db = None,
    host: Annotated[str | None, typer.Option("--host", help="监听地址（默认 127.0.0.1）")] = None,
    port: Annotated[int | None, typer.Option("--port", help="端口（默认 8000）")] = None,
    workers: Annotated[int | None, typer.Option("--workers", help="工作进程数（默认 1）")] = None,
    demo: Annotated[bool, typer.Option("--demo", help="新建演示数据库：百色示例审议和每个角色、单位的演示账户（打印密码）")] = False,
) -> None:
    """启动审议平台（网页和 JSON API）；启动时自动升级数据库。Ctrl-C 停止。

    示例：caina serve --db caina.db --port 8000
    （多进程共用 PostgreSQL：caina serve --db postgresql+psycopg://caina@localhost/caina --workers 2）
    """
    import uvicorn

    from caina.web import workers as workers_mod

    try:
        store = _store(db)
        url = store.url
        if demo:
            url = _demo(db)
        else:
            store.upgrade()
        store.dispose()
        h = settings.get("host", host)
        p = settings.get_int("port", port)
        n = settings.get_int("workers", workers)
    except CainaError as exc:
        fail(exc)
        return
    err.print(f"caina 审议平台：http://{h}:{p}/ （数据库 {_safe(url)}，{n} 个进程；Ctrl-C 停止）", markup=False)
    os.environ["CAINA_DATABASE_URL"] = url
    os.environ["CAINA_SKIP_MIGRATE"] = "1"
    if n > 1 and workers_mod.supported():  # one listening socket per worker: connections spread evenly
        try:
            workers_mod.run(n, h, p)
        except CainaError as exc:
            fail(exc)
        return
    uvicorn.run("caina.web.app:factory", factory=True, host=h, port=p, workers=n if n > 1 else None,
                log_level="warning", access_log=False)  # fmt: skip


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _demo(db: str | None) -> str:
    from caina.cli import EXAMPLE_DIR
    from caina.services.desk.demo import build_demo
    from caina.store import Store

    path = Path(db or "out/demo.db")
    if "://" in str(db or ""):
        raise InputError("--demo 只用于新建的 SQLite 演示数据库", fix="请写一个文件路径，如 --db out/demo.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = Store(str(path))
    rid, made = build_demo(store, EXAMPLE_DIR)
    store.dispose()
    table = Table(title=Text(f"演示账户（审议 {rid}：百色市实施方案，征集意见中）"), title_justify="left")
    for col in ("用户名", "密码", "角色", "单位"):
        table.add_column(col)
    labels = {"owner": "起草单位", "reviewer": "意见单位", "recorder": "记录员", "reader": "只读", "admin": "管理员"}
    for a in made:
        table.add_row(a.username, a.password, labels[a.role], a.unit or a.name)
    out.print(table)
    return Store(str(path)).url


@db_app.command("upgrade")
def db_upgrade(db: Db = None) -> None:
    """把数据库升级到最新结构（新库则创建）。

    示例：caina db upgrade --db caina.db
    """
    from caina.store.migrate import current

    try:
        with _opened(db) as store:
            store.upgrade()
            err.print(f"数据库已是最新结构（{current(store)}）：{store.safe_url}", markup=False)
    except CainaError as exc:
        fail(exc)


@db_app.command("backup")
def db_backup(file: Annotated[Path, typer.Argument(help="备份文件")], db: Db = None) -> None:
    """备份整个数据库（含草案、上传和生成的文件）。SQLite 用在线备份，服务器运行时也可备份；PostgreSQL 用 pg_dump。

    示例：caina db backup 备份/caina-2024-05-31.db --db caina.db
    """
    from caina.store.backup import backup

    try:
        with _opened(db) as store:
            path = backup(store, file)
        err.print(f"已备份到 {path}", markup=False)
    except CainaError as exc:
        fail(exc)


@db_app.command("restore")
def db_restore(file: Annotated[Path, typer.Argument(help="caina db backup 写出的备份文件")], db: Db = None) -> None:
    """用备份替换数据库的全部内容（请先停止服务器）。

    示例：caina db restore 备份/caina-2024-05-31.db --db caina.db
    """
    from caina.store.backup import restore

    try:
        with _opened(db) as store:
            restore(store, file)
            store.upgrade()
            err.print(f"已从 {file} 恢复：{store.safe_url}", markup=False)
    except CainaError as exc:
        fail(exc)


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="用户名")],
    admin: Annotated[bool, typer.Option("--admin", help="管理员")] = False,
    display: Annotated[str, typer.Option("--display-name", help="显示的名字，如“市财政局 张三”")] = "",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读密码（一行）")] = False,
    db: Db = None,
) -> None:
    """创建账户（密码以 argon2 保存）。密码从提示输入，或用 --password-stdin 从标准输入读。

    示例：caina user add caizhengju --display-name 市财政局联络员
    （脚本中：echo '密码' | caina user add zhangsan --password-stdin）
    """
    from caina.services.desk.accounts import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("密码", hide_input=True, confirmation_prompt=True)
    try:
        with _opened(db) as store:
            store.upgrade()
            actor = add_user(store, name, password, display_name=display, admin=admin)
        err.print(f"已创建账户 {actor.username}{'（管理员）' if admin else ''}", markup=False)
    except CainaError as exc:
        fail(exc)


@review_app.command("create")
def review_create(
    directory: Annotated[Path, typer.Argument(help="审议目录：草案和 review.yaml")],
    owner: Annotated[str, typer.Option("--owner", help="起草单位的账户（用户名）")],
    db: Db = None,
) -> None:
    """把审议目录（草案 + review.yaml，含已有的意见、采纳情况和修改）导入数据库，打印新审议的编号。

    示例：caina review create examples/baise --owner kezhiju
    """
    from caina.services.desk import accounts, reviews

    try:
        with _opened(db) as store:
            store.upgrade()
            who = accounts.user(store, owner)
            rid = reviews.import_case(store, who, directory)
            notes = reviews.version_notes(store, who, rid)["notes"]
    except CainaError as exc:
        fail(exc)
        return
    for text in notes:  # the draft's notes, as caina show words them (the desk shows them under 排版说明)
        note(text)
    out.print(str(rid), markup=False)


@review_app.command("add-member")
def review_add_member(
    review_id: Annotated[int, typer.Argument(help="审议编号")],
    username: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[str, typer.Option("--role", help="reviewer（意见单位）、owner（起草单位）、recorder（记录员）、reader（只读）")],
    unit: Annotated[str, typer.Option("--unit", help="意见单位的名称，如 市财政局")] = "",
    db: Db = None,
) -> None:
    """把账户加入审议。

    示例：caina review add-member 1 caizhengju --role reviewer --unit 市财政局
    """
    from caina.services.desk import reviews

    try:
        with _opened(db) as store:
            store.upgrade()
            m = reviews.add_member(store, None, review_id, username, role, unit)
    except CainaError as exc:
        fail(exc)
        return
    err.print(f"已把 {m['user']} 加入审议 {review_id}（{m['role']}{'，' + m['unit'] if m['unit'] else ''}）", markup=False)


@review_app.command("export")
def review_export(
    review_id: Annotated[int, typer.Argument(help="审议编号")],
    directory: Annotated[Path, typer.Argument(help="输出目录（草案和 review.yaml 写在这里）")],
    db: Db = None,
) -> None:
    """把数据库中的审议导出为审议目录（草案 + review.yaml）；caina report 该目录得到与网页相同的报告。

    示例：caina review export 1 out/审议1
    """
    from caina.services.desk.outputs import export_case

    try:
        with _opened(db) as store:
            path = export_case(store, review_id, directory)
    except CainaError as exc:
        fail(exc)
        return
    err.print(f"已导出到 {path}", markup=False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(db_app, name="db")
    app.add_typer(user_app, name="user")
    app.add_typer(review_app, name="review")
