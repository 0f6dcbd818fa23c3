"""Redis over TLS with Qinglang's ACL user (docs/security.md, "Redis"): every client comes from one helper
that applies the CA, the client certificate and the password file; the server refuses keys outside the
prefix; wrong credentials and missing grants stop the worker with a message naming them, never the password.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from secure_redis import SecureRedis

from enforcement.redis_script import Script
from streams.local.services.process import free_port
from streams.redis_connection import acl_rule, async_client, check_permissions, sync_client
from streams.settings import Settings, SettingsError, shown_url
from streams.worker.errors import Verdict, classify

SET_AND_READ = "redis.call('SET', KEYS[1], ARGV[1]); return redis.call('GET', KEYS[1])"


def test_a_client_over_tls_runs_a_script_on_the_prefix(secure_redis: SecureRedis) -> None:
    # the URL's password is wrong on purpose: the password file's wins
    settings = secure_redis.settings(
        QINGLANG_REDIS_URL=f"rediss://qinglang:not-this@127.0.0.1:{secure_redis.server.port}/0")

    async def run() -> bytes:
        client = async_client(settings, socket_timeout=5)
        try:
            script = Script(client, SET_AND_READ)  # EVALSHA, and SCRIPT LOAD on NOSCRIPT
            return await script(keys=["ql:tls-test.{u:1}:probe"], args=["ok"])
        finally:
            await client.aclose()

    assert asyncio.run(run()) == b"ok"
    assert secure_redis.server.client().get("ql:tls-test.{u:1}:probe") == "ok"


def test_a_key_outside_the_prefix_is_refused_by_the_server(secure_redis: SecureRedis) -> None:
    client = sync_client(secure_redis.settings(), socket_timeout=5)
    with pytest.raises(redis.exceptions.NoPermissionError) as refused:
        client.set("elsewhere:key", "1")
    assert classify(refused.value) is Verdict.FATAL  # the worker stops its partitions, never dead-letters
    with pytest.raises(redis.exceptions.NoPermissionError):
        client.eval(SET_AND_READ, 1, "elsewhere:key", "1")  # nor through a script
    with pytest.raises(redis.exceptions.NoPermissionError):
        client.execute_command("CONFIG", "GET", "*")  # nor any command not granted
    assert client.set("qlc:tls-test.{console}:probe", "1")  # the console's keys are the user's too


def test_the_server_certificate_must_be_verified(secure_redis: SecureRedis) -> None:
    env = secure_redis.env()
    del env["QINGLANG_REDIS_CA_FILE"]  # the system's CAs do not know the run's CA
    with pytest.raises(redis.exceptions.ConnectionError, match="certificate verify failed"):
        sync_client(Settings.from_env(env), socket_timeout=5).ping()


def test_a_client_certificate_is_presented(secure_redis: SecureRedis) -> None:
    tls = secure_redis.server.tls
    assert tls is not None
    settings = secure_redis.settings(QINGLANG_REDIS_CERT_FILE=str(tls.client_cert),
                                      QINGLANG_REDIS_KEY_FILE=str(tls.client_key))
    assert sync_client(settings, socket_timeout=5).ping()


def test_the_start_up_check_names_a_missing_command(secure_redis: SecureRedis) -> None:
    for user, missing in (("qinglang-noeval", "EVALSHA on ql:t1.{preflight}:probe"),
                          ("qinglang-nodryrun", "ZADD on ql:t1.{preflight}:probe")):  # probed: no ACL DRYRUN
        settings = secure_redis.settings(user)
        message = check_permissions(settings, sync_client(settings, socket_timeout=5), "ql:t1.")
        assert message is not None and missing in message and f"user {user!r}" in message
    settings = secure_redis.settings()
    assert check_permissions(settings, sync_client(settings, socket_timeout=5), "ql:t1.") is None
    # the shipped rule keeps the worker inside its keys: a prefix outside them is reported
    message = check_permissions(settings, sync_client(settings, socket_timeout=5), "other:")
    assert message is not None and "EVALSHA on other:{preflight}:probe" in message


def _qinglang(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "streams", *args], env={**os.environ, **env}, capture_output=True,
                          text=True, timeout=60, check=False)


def _worker(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _qinglang({**env, "QINGLANG_KAFKA_BOOTSTRAP": "127.0.0.1:1"}, "worker")  # Redis is checked before Kafka


def test_the_worker_stops_clearly_on_a_wrong_password(secure_redis: SecureRedis, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong-password"
    wrong.write_text("qltest-wrong-password\n")
    done = _worker({**secure_redis.env(), "QINGLANG_REDIS_PASSWORD_FILE": str(wrong)})
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "refused the credentials of user 'qinglang'" in done.stderr
    assert "Traceback" not in output
    assert "qltest-wrong-password" not in output and secure_redis.password not in output


def test_the_worker_stops_clearly_on_a_missing_grant(secure_redis: SecureRedis) -> None:
    env = {**secure_redis.env("qinglang-noeval"), "QINGLANG_TOPIC_PREFIX": "t2."}
    # the password in the URL too: it must not show in the message
    env["QINGLANG_REDIS_URL"] = env["QINGLANG_REDIS_URL"].replace(
        "qinglang-noeval@", f"qinglang-noeval:{secure_redis.password}@")
    done = _worker(env)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "may not run EVALSHA on ql:t2.{preflight}:probe" in done.stderr
    assert "Traceback" not in output and secure_redis.password not in output


def test_the_console_stops_clearly_on_a_missing_grant(secure_redis: SecureRedis, tmp_path: Path) -> None:
    users = tmp_path / "users.json"
    added = _qinglang({"PW": "a long enough password"}, "console", "add-user", "wang", "--users", str(users),
                      "--password-env", "PW")
    assert added.returncode == 0, added.stderr
    # checked before serving, like the worker: a reviewer never meets the refusal on a page
    port = str(free_port())
    done = _qinglang({**secure_redis.env("qinglang-noeval"), "QINGLANG_TOPIC_PREFIX": "t3.",
                      "QINGLANG_KAFKA_BOOTSTRAP": "127.0.0.1:1"}, "console", "--users", str(users), "--port", port)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "the console could not start" in done.stderr
    assert "may not run EVALSHA on qlc:t3.{preflight}:probe" in done.stderr
    assert "Traceback" not in output and secure_redis.password not in output


def test_tls_and_password_settings_are_checked(tmp_path: Path) -> None:
    password = tmp_path / "password"
    password.write_text("s3cret\n")
    tls = {"QINGLANG_REDIS_URL": "rediss://qinglang@h:6380/0"}
    with pytest.raises(SettingsError, match="QINGLANG_REDIS_CERT_FILE and QINGLANG_REDIS_KEY_FILE go together"):
        Settings.from_env({**tls, "QINGLANG_REDIS_CERT_FILE": str(password)})
    with pytest.raises(SettingsError, match="not a rediss://"):
        Settings.from_env({"QINGLANG_REDIS_URL": "redis://h/0", "QINGLANG_REDIS_CA_FILE": str(password)})
    with pytest.raises(SettingsError, match=r"QINGLANG_REDIS_PASSWORD_FILE=.* is not a file"):
        Settings.from_env({**tls, "QINGLANG_REDIS_PASSWORD_FILE": str(tmp_path / "absent")})
    settings = Settings.from_env({**tls, "QINGLANG_REDIS_PASSWORD_FILE": str(password)})
    client = sync_client(settings)  # no connection yet: only what it would send
    assert client.connection_pool.connection_kwargs["password"] == "s3cret"
    assert client.connection_pool.connection_kwargs["username"] == "qinglang"
    assert "s3cret" not in repr(settings)


def test_shown_urls_hide_every_password() -> None:
    assert shown_url("rediss://qinglang:p@ss:w/rd@h:6380/0") == "rediss://qinglang:***@h:6380/0"
    assert shown_url("redis://h:6379/0?password=s3cret&db=1") == "redis://h:6379/0?password=***&db=1"
    assert shown_url("unix://:s3cret@/run/redis.sock?db=0") == "unix://:***@/run/redis.sock?db=0"
    assert shown_url("rediss://qinglang@h:6380/0") == "rediss://qinglang@h:6380/0"  # a user name is no secret


def test_the_acl_rule_grants_only_named_commands_and_our_keys() -> None:
    rule = acl_rule().split()
    assert rule[:2] == ["resetchannels", "-@all"]
    assert [r for r in rule if r.startswith("~")] == ["~ql:*", "~qlc:*"]
    assert not [r for r in rule if r.startswith("+@") or r in ("allkeys", "allcommands", "~*", "+@all")]
    assert {"+evalsha", "+eval", "+script|load", "+acl|dryrun"} <= set(rule)


def test_the_commands_use_tls_and_the_password_file_too(secure_redis: SecureRedis, tmp_path: Path) -> None:
    env = {**secure_redis.env(), "QINGLANG_TOPIC_PREFIX": "t3."}
    secure_redis.server.client().set("ql:t3.watermark", "1795334400000")
    shown = _qinglang(env, "watermark", "show")
    assert shown.returncode == 0, shown.stderr
    assert "2026-11-22T08:00:00.000Z" in shown.stdout
    assert _qinglang(env, "account", "u:1").returncode == 0
    wrong = tmp_path / "wrong-password"
    wrong.write_text("qltest-wrong-password\n")
    refused = _qinglang({**env, "QINGLANG_REDIS_PASSWORD_FILE": str(wrong)}, "account", "u:1")
    assert refused.returncode != 0
    assert "cannot read the ledger: Redis at rediss://qinglang@127.0.0.1:" in refused.stderr
    assert "refused the credentials of user 'qinglang'" in refused.stderr and "Traceback" not in refused.stderr
