"""`qinglang deadletter replay`: process dead-lettered records again once their cause is fixed."""

from __future__ import annotations

import asyncio

import click
from aiokafka.errors import KafkaError

from enforcement.events import ErrorCode
from streams.bus.connection import failure_message
from streams.bus.topics import INPUT_TOPICS, TopicNames


@click.group()
def deadletter() -> None:
    """Work with the records on qinglang.deadletter."""


@deadletter.command()
@click.option("--code", "codes", multiple=True, type=click.Choice([str(c) for c in ErrorCode]),
              help="Only dead letters with this error code (repeatable), e.g. internal_error.")
@click.option("--topic", "topic_names", multiple=True, type=click.Choice(list(INPUT_TOPICS)),
              help="Only dead letters from this input topic (logical name; repeatable).")
@click.option("--partition", "partitions", multiple=True, type=click.IntRange(0),
              help="Only dead letters from this source partition (repeatable).")
@click.option("--from-offset", type=click.IntRange(0), default=None,
              help="Only dead letters whose source offset is at least this.")
@click.option("--to-offset", type=click.IntRange(0), default=None,
              help="Only dead letters whose source offset is at most this.")
@click.option("--id", "ids", multiple=True, metavar="DEADLETTER_ID", help="Only this dead letter (repeatable).")
@click.option("--all", "select_all", is_flag=True, help="Every dead letter (no other selector needed).")
@click.option("--dry-run", is_flag=True, help="Check and list what would be replayed; produce nothing.")
def replay(codes: tuple[str, ...], topic_names: tuple[str, ...], partitions: tuple[int, ...],
           from_offset: int | None, to_offset: int | None, ids: tuple[str, ...], select_all: bool,
           dry_run: bool) -> None:
    """Re-read the source records of dead letters and produce them again to their input topics.

    Each selected dead letter's source record is read whole from its input topic at the source
    topic/partition/offset (the dead letter keeps only a prefix), checked against the dead letter's
    sha256, and produced again to the same topic and partition with its key, value, headers and
    timestamp, plus a `qinglang-replay-of: topic/partition/offset` header. The worker that owns the
    partition then processes it like any record, serialised with the account's other events; every
    effect is idempotent, so a record that was partly applied, or replayed twice, changes nothing
    twice. It is processed after the events that arrived since it, as a late event.

    Replay only once the cause is fixed (a producer bug fixed for input errors, a worker bug for
    internal_error), or the record is dead-lettered again under a new source offset. Registry records
    are not replayed. Exits 1 if any selected dead letter could not be replayed (for example its
    source offset was already deleted by retention), after trying the others.

    \b
    Examples:
      qinglang deadletter replay --code internal_error --dry-run
      qinglang deadletter replay --topic account.profile --partition 3 --from-offset 1200 --to-offset 1300
    """
    from streams.bus.deadletter_replay import Result, Selection, read_deadletters, replay_deadletters
    from streams.cli import _settings

    if from_offset is not None and to_offset is not None and from_offset > to_offset:
        raise click.UsageError("--from-offset is after --to-offset")
    if not (codes or topic_names or partitions or from_offset is not None or to_offset is not None or ids
            or select_all):
        raise click.UsageError("select dead letters with --code, --topic, --partition, --from-offset/--to-offset"
                               " or --id, or pass --all")
    settings = _settings()
    names = TopicNames(settings.topic_prefix)
    selection = Selection(frozenset(codes), frozenset(topic_names), frozenset(partitions), from_offset, to_offset,
                          frozenset(ids))
    try:
        letters = [d for d in asyncio.run(read_deadletters(settings.kafka, names)) if selection.matches(d)]
    except (ValueError, TimeoutError) as exc:
        raise click.ClickException(f"cannot read {names.physical('qinglang.deadletter')}: {exc}") from None
    except KafkaError as exc:
        raise click.ClickException(f"cannot read {names.physical('qinglang.deadletter')}: "
                                   f"{failure_message(settings.kafka, exc)}") from None
    if not letters:
        click.echo("no dead letter matches the selection", err=True)
        return
    click.echo(f"{len(letters)} dead letters selected{' (dry run)' if dry_run else ''}", err=True)
    done = 0

    def report(result: Result) -> None:
        nonlocal done
        done += 1
        code = result.letter["error"]["code"]
        where = f"[{done}/{len(letters)}] {result.position} ({code})"
        if not result.ok:
            click.echo(f"{where}: not replayed: {result.detail}", err=True)
        elif result.new_offset is None:
            click.echo(f"{where}: {result.detail}", err=True)
        else:
            click.echo(f"{where}: replayed as offset {result.new_offset}", err=True)

    try:
        summary = asyncio.run(replay_deadletters(settings.kafka, names, letters, dry_run=dry_run,
                                                 on_result=report))
    except (ValueError, TimeoutError) as exc:
        raise click.ClickException(str(exc)) from None
    except KafkaError as exc:
        raise click.ClickException(f"cannot replay dead letters: {failure_message(settings.kafka, exc)}") from None
    ok = len(summary.results) - len(summary.failed)
    verb = "would replay" if dry_run else "replayed"
    click.echo(f"{verb} {ok} of {len(letters)} dead letters", err=True)
    if summary.failed:
        raise click.ClickException(f"{len(summary.failed)} dead letters could not be replayed (see above)")
