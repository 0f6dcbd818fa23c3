"""`qinglang offsets show | reset`: the worker group's committed offsets on the input topics, and moving
them back to the earliest kept record — step 3 of the rebuild in docs/reliability.md, "Recovery runbook"."""

from __future__ import annotations

import asyncio

import click

from streams.bus.connection import failure_message
from streams.bus.groups import GroupActive, PartitionOffsets, input_offsets, reset_to_earliest
from streams.bus.topics import TopicNames
from streams.settings import Settings, SettingsError


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from None


def _table(rows: list[PartitionOffsets], *, target: str | None = None) -> None:
    head = f"{'topic':<20} {'part':>4} {'committed':>10} {'earliest':>10} {'end':>10} {'lag':>8}"
    click.echo(head + (f" {'→ ' + target:>12}" if target else ""))
    for row in rows:
        committed = "none" if row.committed is None else str(row.committed)
        line = f"{row.topic:<20} {row.partition:>4} {committed:>10} {row.earliest:>10} {row.end:>10} {row.lag:>8}"
        click.echo(line + (f" {row.earliest:>12}" if target else ""))


@click.group()
def offsets() -> None:
    """The worker group's (QINGLANG_APP_ID) committed offsets on the input topics."""


@offsets.command()
def show() -> None:
    """Print committed, earliest and end offsets and the lag of every input partition."""
    settings = _settings()
    try:
        rows = asyncio.run(input_offsets(settings.kafka, settings.app_id,
                                         TopicNames(settings.topic_prefix)))
    except Exception as exc:
        raise click.ClickException(f"cannot read offsets from {settings.kafka_bootstrap}: "
                                   f"{failure_message(settings.kafka, exc)}") from None
    click.echo(f"group: {settings.app_id}")
    _table(rows)


@offsets.command()
@click.option("--to-earliest", "to_earliest", is_flag=True, required=True,
              help="Move every input partition to its earliest kept record (the only target so far).")
@click.option("--dry-run", is_flag=True, help="Check and show what would change; commit nothing.")
def reset(to_earliest: bool, dry_run: bool) -> None:
    """Move the group back to the earliest kept record of every input topic, so the next worker reads
    them again (after rebuilding Redis: docs/reliability.md, "Recovery runbook"). Every worker of the
    group must be stopped; the command refuses otherwise."""
    settings = _settings()
    try:
        before = asyncio.run(reset_to_earliest(settings.kafka, settings.app_id,
                                               TopicNames(settings.topic_prefix), dry_run=dry_run))
    except GroupActive as exc:
        raise click.ClickException(str(exc)) from None
    except Exception as exc:
        raise click.ClickException(f"cannot reset offsets on {settings.kafka_bootstrap}: "
                                   f"{failure_message(settings.kafka, exc)}") from None
    if not before:
        raise click.ClickException(f"no input topics with the prefix {settings.topic_prefix!r} on "
                                   f"{settings.kafka_bootstrap}")
    click.echo(f"group: {settings.app_id}{' (dry run: nothing committed)' if dry_run else ''}")
    _table(before, target="earliest")
