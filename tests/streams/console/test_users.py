"""Reviewer accounts: scrypt hashes, the users file, refusals with a message."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from streams.console.users import UserError, add_user, check_password, hash_password, load_users


def test_a_hash_checks_its_password_only() -> None:
    stored = hash_password("correct horse battery")
    assert stored.startswith("scrypt$16384$8$1$")
    assert check_password("correct horse battery", stored)
    assert not check_password("correct horse batterY", stored)
    assert not check_password("correct horse battery", "md5$whatever")
    assert hash_password("same password") != hash_password("same password")  # salted


def test_add_user_writes_a_private_file_and_replaces_by_id(tmp_path: Path) -> None:
    path = tmp_path / "users.json"
    add_user(path, "li.na", "first password", "reviewer")
    add_user(path, "wang_wei", "second password", "supervisor")
    add_user(path, "li.na", "changed password", "reviewer")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    users = load_users(path)
    assert sorted(users) == ["li.na", "wang_wei"]
    assert users["wang_wei"].supervisor and not users["li.na"].supervisor
    assert check_password("changed password", users["li.na"].password_hash)
    assert b"password\"" in path.read_bytes() and b"changed password" not in path.read_bytes()


@pytest.mark.parametrize(("user_id", "password", "role", "message"), [
    ("li na", "long enough pw", "reviewer", "user id"),
    ("li", "short", "reviewer", "at least"),
    ("li", "long enough pw", "admin", "role"),
])
def test_add_user_refuses(tmp_path: Path, user_id: str, password: str, role: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        add_user(tmp_path / "u.json", user_id, password, role)


def test_a_missing_or_broken_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="add-user"):
        load_users(tmp_path / "none.json")
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(UserError, match="not JSON"):
        load_users(tmp_path / "bad.json")
    (tmp_path / "role.json").write_text('{"users": [{"id": "a", "role": "root", "password": "x"}]}')
    with pytest.raises(UserError, match="role"):
        load_users(tmp_path / "role.json")
