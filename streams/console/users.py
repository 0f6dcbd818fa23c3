"""Reviewer accounts: a JSON file of users with scrypt password hashes and a role (reviewer, supervisor)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from pathlib import Path

import orjson

ROLES: tuple[str, ...] = ("reviewer", "supervisor")  # a reviewer decides; a supervisor also resolves appeals
USER_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")  # it becomes reviewer_id on every decision: keep it plain
# scrypt's recommended interactive parameters (RFC 7914 §2): 16 MiB of memory per check makes guessing costly
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD = 10


class UserError(ValueError):
    """A user file or a new user that cannot be used, with a message for the operator."""


@dataclass(frozen=True, slots=True)
class User:
    user_id: str
    role: str
    password_hash: str

    @property
    def supervisor(self) -> bool:
        return self.role == "supervisor"


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """`scrypt$N$r$p$salt$hash` (base64): the parameters travel with the hash so they can be raised later."""
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    """True when `password` matches the stored hash (compared in constant time)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(expected), maxmem=64 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def load_users(path: Path) -> dict[str, User]:
    """Every user of the file; UserError when it is missing or malformed (the console refuses to start)."""
    try:
        data = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        raise UserError(f"{path}: no user file; create one with `qinglang console add-user`") from None
    except orjson.JSONDecodeError as exc:
        raise UserError(f"{path}: not JSON: {exc}") from None
    users: dict[str, User] = {}
    for entry in data.get("users", []) if isinstance(data, dict) else []:
        try:
            user = User(str(entry["id"]), str(entry["role"]), str(entry["password"]))
        except (KeyError, TypeError):
            raise UserError(f"{path}: every user needs id, role and password") from None
        if user.role not in ROLES or not USER_ID.match(user.user_id):
            raise UserError(f"{path}: user {user.user_id!r} has a bad id or role {user.role!r}")
        users[user.user_id] = user
    return users


def add_user(path: Path, user_id: str, password: str, role: str) -> None:
    """Add or replace one user in the file (created with mode 600: it holds password hashes)."""
    if not USER_ID.match(user_id):
        raise UserError("a user id is 1-64 letters, digits, '.', '_' or '-'")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")
    users = load_users(path) if path.exists() else {}
    users[user_id] = User(user_id, role, hash_password(password))
    body = {"users": [{"id": u.user_id, "role": u.role, "password": u.password_hash} for u in users.values()]}
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(orjson.dumps(body, option=orjson.OPT_INDENT_2) + b"\n")
    temporary.replace(path)
