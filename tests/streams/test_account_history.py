"""An account's credentials and names over time, from the worker's Redis keys, as `qinglang account` shows
them (real Redis; the console's account page: tests/streams/console/test_web.py)."""

from __future__ import annotations

import asyncio
import re
import secrets

import orjson
from click.testing import CliRunner
from history_rig import write_history

from streams.cli import main


def test_the_account_command_shows_credentials_and_names_over_time(redis_url: str) -> None:
    prefix = f"h{secrets.token_hex(4)}."
    asyncio.run(write_history(redis_url, f"ql:{prefix}"))
    env = {"QINGLANG_REDIS_URL": redis_url, "QINGLANG_TOPIC_PREFIX": prefix}
    shown = CliRunner().invoke(main, ["account", "u:42", "--json"], env=env)
    assert shown.exit_code == 0, shown.output
    data = orjson.loads(shown.stdout)
    assert [(c["credential_id"], c["status"], c["valid_until"], c["ended_at"]) for c in data["credentials"]] == [
        ("lic-1", "expired", "2026-11-04T00:00:00.000Z", "2026-11-04T00:00:00.000Z"),
        ("lic-2", "valid", None, None)]
    assert [(n["since"][:10], n["name"], n["impersonating"]) for n in data["names"]] == [
        ("2026-11-01", "小王的菜园", False), ("2026-11-02", "人民日报", True), ("2026-11-03", "小王的菜园", False)]
    text = CliRunner().invoke(main, ["account", "u:42"], env=env)
    assert text.exit_code == 0
    assert re.search(r"lic-2\s+medical\s+valid\s+until open-ended", text.stdout)
    assert "2026-11-02T00:00:00.000Z  人民日报  [impersonating]" in text.stdout
