"""`qinglang report` (S7 disclosure), `qinglang account` (one account's ledger) and `qinglang top`
(a worker's live view), for operators."""

from __future__ import annotations

import asyncio
import sys
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import click
import orjson

from streams.settings import Settings, SettingsError


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from None


def _moment(value: str | None, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date or date-time (2026-11-01, 2026-11-01T08:00Z)",
                                 param_hint=name) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def aggregate(violations: list[dict[str, Any]], actions: list[dict[str, Any]], since: datetime | None,
              until: datetime | None) -> dict[str, Any]:
    """S7: aggregated statistics over [since, until) by event time; each id counted once."""

    def inside(record: dict[str, Any]) -> bool:
        at = datetime.fromisoformat(record["occurred_at"].replace("Z", "+00:00"))
        return (since is None or at >= since) and (until is None or at < until)

    unique_v = {v["violation_id"]: v for v in violations if inside(v)}
    unique_a = {a["action_id"]: a for a in actions if inside(a)}
    appeals = {a.get("reverses") for a in unique_a.values() if a.get("reason") == "appeal_overturned"}
    return {
        "since": None if since is None else since.isoformat(),
        "until": None if until is None else until.isoformat(),
        "violations": len(unique_v),
        "violations_by_requirement": dict(sorted(Counter(v["requirement"] for v in unique_v.values()).items())),
        "accounts_with_violations": len({v["account_id"] for v in unique_v.values()}),
        "sanctions_by_rung": dict(sorted(Counter(a["rung"] for a in unique_a.values()
                                                 # a restatement after an appeal is not a new sanction
                                                 if not a.get("reverses") and not a.get("supersedes")
                                                 and a["sanction"] != "registration_blocked"
                                                 ).items())),
        "sanctions_by_type": dict(sorted(Counter(a["sanction"] for a in unique_a.values()).items())),
        "registrations_blocked": sum(1 for a in unique_a.values() if a["sanction"] == "registration_blocked"),
        "sanctions_reversed_on_appeal": len(appeals),
    }


@click.command()
@click.option("--since", help="Start (inclusive), ISO date or date-time, event time. Default: the beginning.")
@click.option("--until", help="End (exclusive), ISO date or date-time, event time. Default: now.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def report(since: str | None, until: str | None, fmt: str) -> None:
    """S7 disclosure: aggregated violations by requirement and sanctions by rung, from the output topics.

    Reads qinglang.violations and qinglang.actions (QINGLANG_KAFKA_BOOTSTRAP, QINGLANG_TOPIC_PREFIX) from
    the beginning; no account ids in the output.
    """
    from streams.bus import topics
    from streams.bus.reader import read_topic

    settings = _settings()
    start, end = _moment(since, "--since"), _moment(until, "--until")
    names = topics.TopicNames(settings.topic_prefix)

    async def read(logical: str) -> list[dict[str, Any]]:
        raw = await read_topic(settings.kafka_bootstrap, names.physical(logical))
        return [orjson.loads(value) for _, value, _ in raw if value is not None]

    try:
        violations = asyncio.run(read(topics.VIOLATIONS))
        actions = asyncio.run(read(topics.ACTIONS))
    except Exception as exc:
        raise click.ClickException(f"cannot read the output topics from {settings.kafka_bootstrap}: {exc!r}") from None
    stats = aggregate(violations, actions, start, end)
    if fmt == "json":
        sys.stdout.buffer.write(orjson.dumps(stats, option=orjson.OPT_INDENT_2) + b"\n")
        return
    click.echo(f"period: {stats['since'] or 'beginning'} → {stats['until'] or 'now'}")
    click.echo(f"violations: {stats['violations']:,} on {stats['accounts_with_violations']:,} accounts")
    for key, title in (("violations_by_requirement", "by requirement"), ("sanctions_by_rung", "sanctions by rung"),
                       ("sanctions_by_type", "actions by type")):
        click.echo(f"\n{title}:")
        for name, count in stats[key].items():
            click.echo(f"  {name:<24}{count:>10,}")
    click.echo(f"\nregistrations blocked: {stats['registrations_blocked']:,}")
    click.echo(f"sanctions reversed on appeal: {stats['sanctions_reversed_on_appeal']:,}")


@click.command()
@click.argument("account_id")
@click.option("--json", "as_json", is_flag=True, help="Print as one JSON object.")
def account(account_id: str, as_json: bool) -> None:
    """One account's ledger from Redis: in-window strikes, points, rung and audit trail."""
    from redis.asyncio import Redis

    from enforcement.ledger.redis import RedisLedger
    from enforcement.policy import PolicyError, load_policy
    from enforcement.sanctions.redis_stores import RedisDirectory

    settings = _settings()
    try:
        policy = load_policy(settings.policy or None)
    except PolicyError as exc:
        raise click.ClickException(str(exc)) from None
    prefix = f"ql:{settings.topic_prefix}"

    async def read() -> dict[str, Any]:
        client = Redis.from_url(settings.redis_url, socket_connect_timeout=5, socket_timeout=10)
        try:
            ledger = RedisLedger(client, policy, key_prefix=prefix)
            directory = RedisDirectory(client, key_prefix=prefix)
            state = await ledger.account_state(account_id)
            audit = await ledger.audit(account_id)
            owner = await directory.identity_of(account_id)
            blacklisted = owner is not None and await directory.is_blacklisted(owner)
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
        }

    try:
        data = asyncio.run(read())
    except Exception as exc:
        raise click.ClickException(f"cannot read the ledger from {settings.redis_url_shown}: {exc!r}") from None
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


@click.command()
@click.option("--url", default=None, help="A worker's metrics URL. Default: http://QINGLANG_WEB_HOST:QINGLANG_WEB_PORT/metrics.")
@click.option("--interval", type=float, default=2.0, show_default=True, help="Seconds between scrapes.")
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
