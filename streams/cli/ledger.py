"""`qinglang report` (S7 disclosure), `qinglang account` (one account's ledger) and `qinglang top`
(a worker's live view), for operators."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
import orjson

from streams.bus.connection import failure_message
from streams.disclosure.stats import aggregate
from streams.settings import Settings, SettingsError

__all__ = ["account", "aggregate", "report", "top"]


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from None


def _bound(value: str | None, name: str) -> datetime | None:
    from streams.disclosure.days import BoundError, parse_bound

    if value is None:
        return None
    try:
        return parse_bound(value)
    except BoundError as exc:
        raise click.BadParameter(str(exc), param_hint=name) from None


@click.command()
@click.option("--since", help="Start (inclusive): a date (a day in China Standard Time, UTC+8) or a date-time "
                              "(CST unless it has an offset such as Z). Event time. Default: the beginning.")
@click.option("--until", help="End (exclusive), read like --since: --until 2026-12-01 ends at 2026-12-01 00:00 "
                              "CST (2026-11-30 16:00 UTC). Default: now.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "html"]), default=None,
              help="table (the default), json, or html: a self-contained printable page. "
                   "Default html when --out ends in .html.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the html page.")
def report(since: str | None, until: str | None, fmt: str | None, out: Path | None, lang: str) -> None:
    """S7 disclosure: violations by requirement, sanctions by rung and type, both by day, and the period's
    typical cases.

    Days are days in China Standard Time (Asia/Shanghai, UTC+8): a violation at 16:30 UTC counts on the
    next day. Statistics come from qinglang.violations and qinglang.actions, read from the beginning
    (QINGLANG_KAFKA_BOOTSTRAP, QINGLANG_TOPIC_PREFIX); the typical cases supervisors marked in the console
    from Redis (QINGLANG_REDIS_URL, QINGLANG_TOPIC_PREFIX). No account ids in the output.
    """
    from streams.console.typical_store import TypicalCaseStore
    from streams.disclosure import render
    from streams.disclosure.cases import public
    from streams.disclosure.days import BoundError, check_period
    from streams.disclosure.stats import aggregate, read_outputs
    from streams.redis_connection import async_client, failure

    settings = _settings()
    start, end = _bound(since, "--since"), _bound(until, "--until")
    try:
        check_period(start, end)
    except BoundError as exc:
        raise click.BadParameter(str(exc), param_hint="--since/--until") from None
    fmt = fmt or ("html" if out is not None and out.suffix.lower() in (".html", ".htm") else "table")

    async def cases() -> list[dict[str, Any]]:
        client = async_client(settings, socket_connect_timeout=5, socket_timeout=10)
        try:
            return await TypicalCaseStore(client, topic_prefix=settings.topic_prefix).in_period(start, end)
        finally:
            await client.aclose()

    try:
        violations, actions = asyncio.run(read_outputs(settings.kafka, settings.topic_prefix))
    except Exception as exc:
        raise click.ClickException(f"cannot read the output topics from {settings.kafka_bootstrap}: "
                                   f"{failure_message(settings.kafka, exc)}") from None
    try:
        typical = asyncio.run(cases())
    except Exception as exc:
        raise click.ClickException(f"cannot read the typical cases: {failure(settings, exc)}") from None
    stats = aggregate(violations, actions, start, end)
    # the printable page is the one published: it names no member of staff
    stats["typical_cases"] = [public(c, with_marker=fmt != "html") for c in typical]
    if fmt == "json":
        body = render.as_json(stats)
    elif fmt == "html":
        body = render.as_html(stats, lang).encode()
    else:
        body = render.as_table(stats).encode()
    if out is None:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
        return
    # written beside and renamed into place: a failed write never leaves a half report over the old one
    partial = out.with_name(f".{out.name}.partial")
    partial.write_bytes(body)
    partial.replace(out)
    click.echo(f"{fmt} report written to {out}", err=True)


@click.command()
@click.argument("account_id")
@click.option("--json", "as_json", is_flag=True, help="Print as one JSON object.")
def account(account_id: str, as_json: bool) -> None:
    """One account's ledger from Redis: in-window strikes, points, rung, audit trail, credentials and names
    over time."""
    from enforcement.ledger.redis import RedisLedger
    from enforcement.policy import PolicyError, load_policy
    from enforcement.sanctions.redis_stores import RedisDirectory
    from streams.account_history import read_history
    from streams.redis_connection import async_client, failure

    settings = _settings()
    try:
        policy = load_policy(settings.policy or None)
    except PolicyError as exc:
        raise click.ClickException(str(exc)) from None
    prefix = settings.key_prefix()

    async def read() -> dict[str, Any]:
        client = async_client(settings, socket_connect_timeout=5, socket_timeout=10)
        try:
            ledger = RedisLedger(client, policy, key_prefix=prefix)
            directory = RedisDirectory(client, key_prefix=prefix)
            state = await ledger.account_state(account_id)
            audit = await ledger.audit(account_id)
            owner = await directory.identity_of(account_id)
            blacklisted = owner is not None and await directory.is_blacklisted(owner)
            history = await read_history(client, prefix, account_id)
        finally:
            await client.aclose()
        return {
            "account_id": account_id,
            "clock": None if state.clock is None else state.clock.isoformat(),
            "points": state.points, "rung": state.rung, "owner_known": owner is not None,
            "owner_blacklisted": blacklisted,
            "strikes": [{"violation_id": s.violation_id, "rule": s.rule, "occurred_at": s.occurred_at.isoformat(),
                         "points": s.points, "fired": list(s.action_ids)} for s in state.strikes],
            "audit": [dict(entry) for entry in audit],
            "credentials": history.credentials, "names": history.names,
        }

    try:
        data = asyncio.run(read())
    except Exception as exc:
        raise click.ClickException(f"cannot read the ledger: {failure(settings, exc)}") from None
    if as_json:
        sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
        return
    click.echo(f"account {account_id}: {data['points']} points in window, rung {data['rung'] or '—'}, "
               f"event clock {data['clock'] or '—'}, owner {'blacklisted' if data['owner_blacklisted'] else 'ok'}")
    click.echo("strikes:")
    for strike in data["strikes"]:
        click.echo(f"  {strike['occurred_at']}  {strike['rule']:<36}{strike['points']:>4} pts  "
                   f"{strike['violation_id']}")
    click.echo("audit:")
    for entry in data["audit"]:
        at = entry.get("occurred_at_ms", "")
        when = datetime.fromtimestamp(int(at) / 1000, UTC).isoformat() if at.isdigit() else "?"
        detail = " ".join(f"{k}={v}" for k, v in entry.items() if k not in {"kind", "occurred_at_ms"})
        click.echo(f"  {when}  {entry.get('kind', '?'):<7} {detail}")
    click.echo("credentials:")
    for cred in data["credentials"]:
        until = cred["valid_until"] or "open-ended"
        ended = f", ended {cred['ended_at']}" if cred["ended_at"] else ""
        click.echo(f"  {cred['credential_id']}  {cred['domain']:<12} {cred['status']:<8} until {until}{ended}")
    click.echo("names (oldest first):")
    for name in data["names"]:
        click.echo(f"  {name['since']}  {name['name']}{'  [impersonating]' if name['impersonating'] else ''}")


@click.command()
@click.option("--url", default=None, help="A worker's metrics URL. Default: http://QINGLANG_WEB_HOST:QINGLANG_WEB_PORT/metrics.")
@click.option("--interval", type=click.FloatRange(min=0), default=2.0, show_default=True,
              help="Seconds between scrapes.")
@click.option("--once", is_flag=True, help="Print one view and exit (for scripts).")
def top(url: str | None, interval: float, once: bool) -> None:
    """Live throughput, lag, violations and sanctions of one worker, from its /metrics."""
    from streams.observability.top import watch

    settings = _settings()
    target = url or f"http://{settings.web_host}:{settings.web_port}/metrics"
    try:
        text = watch(target, interval, once)
    except KeyboardInterrupt:
        return
    except OSError as exc:
        raise click.ClickException(f"cannot scrape {target}: {exc}") from None
    if text is not None:
        click.echo(text)
