"""Accounts, passwords (argon2), sessions, CSRF tokens and login throttling.

Everything lives in the database — sessions, failure counts, the cookie-signing
secret — so any number of server processes can serve the same users.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, Signer

from caina import settings
from caina.errors import AuthenticationError, InputError, ThrottledError
from caina.services.desk.access import Actor
from caina.store import Store
from caina.store import queries as q
from caina.store.schema import now

# OWASP's Argon2id configuration (m=19 MiB, t=2, p=1): ~0.1 s a hash here, and never more than one core
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
_USERNAME = re.compile(r"^[\w.\-@\u4e00-\u9fff]{1,64}$")
MIN_PASSWORD = 8
# a hash verified against when the user does not exist, so both cases take the same time
_DUMMY_HASH = _hasher.hash("caina-no-such-user")


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"密码太短（{len(password)}个字符）", fix=f"请至少用 {MIN_PASSWORD} 个字符")
    return _hasher.hash(password)


def add_user(store: Store, username: str, password: str, *, display_name: str = "", admin: bool = False) -> Actor:
    """Create an account (``caina user add``). The username must be new."""
    username = username.strip()
    if not _USERNAME.match(username):
        raise InputError(
            f"用户名“{username}”无效", fix="用户名可用汉字、字母、数字和 . _ - @，长度 1 到 64，如 caizhengju 或 财政局张三"
        )
    hashed = hash_password(password)
    with store.write() as conn:
        if q.user_by_name(conn, username) is not None:
            raise InputError(f"用户名“{username}”已存在", fix="请换一个用户名")
        uid = q.add_user(conn, username, display_name.strip() or username, hashed, admin)
        row = q.user_by_id(conn, uid)
    assert row is not None
    return Actor.from_row(row)


def user(store: Store, username: str) -> Actor:
    with store.read() as conn:
        row = q.user_by_name(conn, username)
    if row is None:
        raise InputError(f"没有用户“{username}”", fix="请先用 caina user add 用户名 创建账户")
    return Actor.from_row(row)


# -- login ---------------------------------------------------------------------------------------


def _throttle_keys(username: str, address: str) -> list[str]:
    keys = [f"user:{username.strip().lower()}"]
    if address:
        keys.append(f"ip:{address}")
    return keys


def check_throttle(store: Store, username: str, address: str) -> None:
    """Refuse (429) when the name or the address failed too often within the window."""
    limit = settings.get_int("login_max_failures")
    window = dt.timedelta(minutes=settings.get_int("login_window_minutes"))
    since = now() - window
    with store.read() as conn:
        for key in _throttle_keys(username, address):
            count, oldest = q.login_failures_since(conn, key, since)
            if count >= limit and oldest is not None:
                wait = max(1, int((oldest + window - now()).total_seconds()) + 1)
                raise ThrottledError(
                    f"登录失败次数过多（{count}次），请{(wait + 59) // 60}分钟后再试",
                    retry_after=wait,
                    fix="如忘记密码，请联系管理员重设",
                )


def authenticate(store: Store, username: str, password: str, address: str = "") -> Actor:
    """The account for a name and password, or 401 (and a failure counted); 429 when throttled."""
    check_throttle(store, username, address)
    with store.read() as conn:
        row = q.user_by_name(conn, username.strip())
    ok = False
    try:
        ok = _hasher.verify(row["password_hash"] if row else _DUMMY_HASH, password) and row is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or row is None or row["disabled"]:
        with store.write() as conn:
            q.add_login_failure(conn, _throttle_keys(username, address))
        raise AuthenticationError("用户名或密码不正确", fix="请核对后重试（注意大小写）")
    with store.write() as conn:
        q.clear_login_failures(conn, _throttle_keys(username, "")[0])
        if _hasher.check_needs_rehash(row["password_hash"]):
            q.set_password_hash(conn, row["id"], _hasher.hash(password))
    return Actor.from_row(row)


# -- sessions -------------------------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def signer(store: Store) -> Signer:
    with store.write() as conn:
        key = q.secret(conn, "session_signing_key", secrets.token_urlsafe(48))
    return Signer(key, salt="caina-session")


def open_session(store: Store, actor: Actor, sign: Signer) -> tuple[str, str]:
    """A new session for ``actor``: (signed cookie value, CSRF token)."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    expires = now() + dt.timedelta(hours=settings.get_int("session_hours"))
    with store.write() as conn:
        q.drop_expired_sessions(conn)
        q.add_session(conn, _digest(token), actor.user_id, csrf, expires)
    return sign.sign(token).decode(), csrf


def session(store: Store, cookie: str | None, sign: Signer) -> tuple[Actor, str] | None:
    """The actor and CSRF token of a session cookie; None when absent, forged, expired or logged out."""
    if not cookie:
        return None
    try:
        token = sign.unsign(cookie).decode()
    except (BadSignature, UnicodeDecodeError):
        return None
    with store.lookups() as conn:  # every request: one statement, no transaction around it
        row = q.session_user(conn, _digest(token))
    if row is None or row["expires_at"] < now() or row["disabled"]:
        return None
    return Actor.from_row(row), str(row["csrf"])


def close_session(store: Store, cookie: str | None, sign: Signer) -> None:
    if not cookie:
        return
    try:
        token = sign.unsign(cookie).decode()
    except (BadSignature, UnicodeDecodeError):
        return
    with store.write() as conn:
        q.drop_session(conn, _digest(token))
