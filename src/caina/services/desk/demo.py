"""The demo of ``make run``: the bundled Baise review in a fresh database, one account per role and unit."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from caina.services.desk import accounts, reviews
from caina.store import Store

# username, display name, role, unit
DEMO_ACCOUNTS = (
    ("kezhiju", "市科知局 经办人", "owner", ""),
    ("caizhengju", "市财政局 联络员", "reviewer", "市财政局"),
    ("gongxinwei", "市工信委 联络员", "reviewer", "市工信委"),
    ("renshe", "市人社局 联络员", "reviewer", "市人力资源社会保障局"),
    ("lvban", "市铝办 联络员", "reviewer", "市铝产业发展办公室"),
    ("jiluyuan", "政府办 记录员", "recorder", ""),
    ("duzhe", "市政府办公室（只读）", "reader", ""),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    name: str
    role: str
    unit: str


def build_demo(store: Store, case: Path) -> tuple[int, list[DemoAccount]]:
    """A fresh demo in ``store`` (which must be empty): the case imported, its phase open."""
    store.upgrade()
    made: list[DemoAccount] = []
    owner = None
    for username, name, role, unit in DEMO_ACCOUNTS:
        password = "demo-" + secrets.token_urlsafe(6)
        actor = accounts.add_user(store, username, password, display_name=name)
        made.append(DemoAccount(username, password, name, role, unit))
        if role == "owner":
            owner = actor
    assert owner is not None
    rid = reviews.import_case(store, owner, case)
    for acc in made:
        if acc.role != "owner":
            reviews.add_member(store, owner, rid, acc.username, acc.role, acc.unit)
    reviews.set_phase(store, owner, rid, "open")
    admin_pw = "demo-" + secrets.token_urlsafe(6)
    accounts.add_user(store, "admin", admin_pw, display_name="管理员", admin=True)
    made.append(DemoAccount("admin", admin_pw, "管理员", "admin", ""))
    return rid, made
