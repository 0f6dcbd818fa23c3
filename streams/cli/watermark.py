"""`qinglang watermark show | repair`: look at the shared event-time watermark, and bring back one that an
event stamped in the future pushed ahead (decision "Event time and the watermark").

The watermark only ever rises while workers run (a compare-and-raise script), so nothing in the pipeline
can lower it again; this command can, with every worker stopped — a running worker keeps the watermark it
has seen in memory and would write it back.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import click

from enforcement.redis_script import lua_source
from streams.bus.connection import failure_message
from streams.bus.groups import active_members
from streams.settings import Settings, SettingsError

# Lower the key only if it still holds what the operator was shown: never overwrite a concurrent change.
_LOWER = lua_source("streams.cli", "lower_watermark.lua")


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from None


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _ahead(ms: int, now: datetime) -> str:
    delta = timedelta(milliseconds=ms - int(now.timestamp() * 1000))
    days = delta.total_seconds() / 86_400
    if days >= 365:
        return f"{days / 365.25:.1f} years"
    if days >= 1:
        return f"{days:.1f} days"
    return f"{delta.total_seconds():.0f} s"


def _moment(value: str, now: datetime) -> datetime:
    if value == "now":
        return now
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo is None or "T" not in value:
            raise ValueError(value)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise click.BadParameter(f"{value!r} is not a date-time with a UTC offset (2026-12-01T08:00:00Z) or 'now'",
                                 param_hint="--to") from None


def _keys(settings: Settings) -> tuple[str, list[str], list[str]]:
    """The watermark key and the due-time sets of the two schedules (mute lifts, credential items): one
    each on a single server, one per bucket on Redis Cluster."""
    from enforcement.sanctions.redis_stores import SCHEDULE_BUCKETS, schedule_tags
    from streams.redis_connection import is_cluster_url

    prefix = settings.key_prefix()
    buckets = SCHEDULE_BUCKETS if is_cluster_url(settings.redis_url) else 1
    return (f"{prefix}watermark", [tag + "due" for tag in schedule_tags(prefix, buckets)],
            [tag + "due" for tag in schedule_tags(f"{prefix}credentials:", buckets)])


@click.group()
def watermark() -> None:
    """Show or repair the shared event-time watermark (Redis key ql:<QINGLANG_TOPIC_PREFIX>watermark).

    The watermark is the latest occurred_at seen minus QINGLANG_ALLOWED_LATENESS; mute lifts and
    credential expiries fire when it passes them. See docs/reliability.md, "Event time bounds".
    """


@watermark.command()
def show() -> None:
    """Print the watermark, how far it is ahead of the wall clock, and what the schedules hold."""
    from enforcement.watermark.holds import NO_TIME
    from enforcement.watermark.redis import RedisLaneHolds
    from streams.redis_connection import async_client, failure

    settings = _settings()
    key, lifts_keys, credentials_keys = _keys(settings)
    now = datetime.now(UTC)

    async def read() -> tuple[bytes | None, list[tuple[bytes, float]], int, list[tuple[bytes, float]], int,
                              dict[str, int]]:
        client = async_client(settings, socket_connect_timeout=5, socket_timeout=10)

        async def schedule(due_keys: list[str]) -> tuple[list[tuple[bytes, float]], int]:
            firsts = [first for key in due_keys for first in await client.zrange(key, 0, 0, withscores=True)]
            return sorted(firsts, key=lambda first: first[1])[:1], sum([await client.zcard(k) for k in due_keys])

        try:
            raw = await client.get(key)
            first_lift, lifts = await schedule(lifts_keys)
            first_credential, credentials = await schedule(credentials_keys)
            holds = await RedisLaneHolds(client, key_prefix=settings.key_prefix()).held()
            return raw, first_lift, lifts, first_credential, credentials, holds
        finally:
            await client.aclose()

    try:
        raw, first_lift, lifts, first_credential, credentials, holds = asyncio.run(read())
    except Exception as exc:
        raise click.ClickException(f"cannot read the watermark: {failure(settings, exc)}") from None
    click.echo(f"key:        {key}")
    if raw is None:
        click.echo("watermark:  none yet (no event has been processed with this prefix)")
    else:
        value = int(raw)
        click.echo(f"watermark:  {_iso(value)} ({value} ms)")
        click.echo(f"latest event time seen: about {_iso(value + settings.allowed_lateness_s * 1000)} "
                   f"(allowed lateness {settings.allowed_lateness_s} s)")
        if value > int(now.timestamp() * 1000):
            click.echo(f"WARNING: the watermark is {_ahead(value, now)} ahead of the wall clock "
                       f"({_iso(int(now.timestamp() * 1000))}); see `qinglang watermark repair --help`")
    if holds:
        lane, at = min(holds.items(), key=lambda hold: (hold[1], hold[0]))
        reached = "no event time yet" if at == NO_TIME else f"{_iso(at)} in event time"
        click.echo(f"held back:  {len(holds)} input partition(s) behind; what fires waits for the slowest, "
                   f"{lane}, at {reached}")
    for label, count, first in (("mute lifts", lifts, first_lift), ("credential items", credentials,
                                                                     first_credential)):
        nxt = f", next due {_iso(int(first[0][1]))}" if first else ""
        click.echo(f"scheduled {label}: {count}{nxt}")


@watermark.command()
@click.option("--to", "target", required=True, metavar="TIME",
              help="The new watermark: an ISO 8601 date-time with a UTC offset, or 'now'. Must be earlier than "
                   "the stored watermark and no later than the wall clock.")
@click.option("--dry-run", is_flag=True, help="Say what would change; change nothing.")
@click.option("--force", is_flag=True,
              help="Skip the check that no worker of QINGLANG_APP_ID is running (e.g. Kafka is down and you "
                   "know every worker is stopped).")
def repair(target: str, dry_run: bool, force: bool) -> None:
    """Lower a watermark that an event stamped in the future pushed ahead.

    Stop every worker of the group first: a running worker keeps the watermark it has seen in memory and
    would write it back. Only the watermark key is changed. Schedule items (mute lifts, credential expiries
    and notices) that fired while the watermark was ahead have been sent and removed from the schedule; this
    cannot call them back. They are the qinglang.actions / qinglang.violations records written during the
    incident whose occurred_at is later than the repaired watermark — see docs/reliability.md for how to
    find and reverse them. Per-account ledger clocks that the same events advanced are not changed.
    """
    from streams.redis_connection import async_client, failure

    settings = _settings()
    key, _, _ = _keys(settings)
    now = datetime.now(UTC)
    new = _moment(target, now)
    new_ms = int(new.timestamp() * 1000)
    if new > now:
        raise click.BadParameter(f"{_iso(new_ms)} is later than the wall clock ({_iso(int(now.timestamp() * 1000))}); "
                                 "a repair brings the watermark back, never forward", param_hint="--to")
    if not force and not dry_run:
        try:
            members = asyncio.run(active_members(settings.kafka, settings.app_id))
        except Exception as exc:
            raise click.ClickException(
                f"cannot check that the workers of {settings.app_id!r} are stopped (Kafka at "
                f"{settings.kafka_bootstrap}: {failure_message(settings.kafka, exc)}); stop them and run again "
                "with --force") from None
        if members:
            raise click.ClickException(
                f"consumer group {settings.app_id!r} has {members} active member(s): stop every worker first "
                "(a running worker would write the watermark it remembers back)")

    async def lower() -> tuple[bytes | None, object]:
        client = async_client(settings, socket_connect_timeout=5, socket_timeout=10)
        try:
            current = await client.get(key)
            if current is None or dry_run or new_ms >= int(current):
                return current, None
            return current, await client.eval(_LOWER, 1, key, current, str(new_ms))
        finally:
            await client.aclose()

    try:
        current, result = asyncio.run(lower())
    except Exception as exc:
        raise click.ClickException(f"cannot lower the watermark: {failure(settings, exc)}") from None
    if current is None:
        raise click.ClickException(f"no watermark is stored at {key}; nothing to repair (is QINGLANG_TOPIC_PREFIX "
                                   "the workers' one?)")
    old_ms = int(current)
    if new_ms >= old_ms:
        raise click.ClickException(f"the watermark is {_iso(old_ms)}; --to {_iso(new_ms)} is not earlier, so "
                                   "there is nothing to repair (events raise it by themselves)")
    if dry_run:
        click.echo(f"would set {key}: {_iso(old_ms)} -> {_iso(new_ms)} (dry run: nothing changed)")
        return
    if result not in (b"ok", "ok"):
        raise click.ClickException(f"{key} changed while repairing (now {result!r}); nothing was changed — is a "
                                   "worker running?")
    click.echo(f"repaired {key}: {_iso(old_ms)} -> {_iso(new_ms)} ({old_ms} -> {new_ms} ms).")
    click.echo("Nothing else was changed. Mute lifts and credential items that fired while the watermark was "
               f"ahead stay sent: look for qinglang.actions records with occurred_at after {_iso(new_ms)} "
               "(docs/reliability.md, \"Event time bounds\").")
