"""`qinglang record | replay | simulate | schemas | demo`."""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime
from pathlib import Path

import click
import orjson
from aiokafka.errors import KafkaError

from streams.bus.connection import failure_message
from streams.bus.recording import RecordingError, read_recording, write_recording
from streams.bus.topics import ALL_TOPICS, INPUT_TOPICS, REGISTRY_TOPICS, TopicNames

SCHEMAS_DIR = Path(__file__).resolve().parents[2] / "schemas"


def _settings():
    from streams.cli import _settings as settings

    return settings()


@click.command()
@click.option("--topic", "topic_list", multiple=True, metavar="TOPIC",
              help="Logical topic to record (repeatable). Default: every input and registry topic.")
@click.option("--output", "-o", type=click.File("wb"), default="-", show_default=True,
              help="Recording file (JSON lines); - for stdout.")
def record(topic_list: tuple[str, ...], output) -> None:
    """Record topics from the beginning to their current end into a JSONL recording."""
    from streams.bus.recorder import record_topics

    settings = _settings()
    wanted = list(topic_list) or [*INPUT_TOPICS, *REGISTRY_TOPICS]
    with click.progressbar(length=0, label="recording", file=sys.stderr, show_pos=True) as bar:
        try:
            records = asyncio.run(
                record_topics(wanted, bootstrap=settings.kafka,
                              names=TopicNames(settings.topic_prefix), on_progress=bar.update)
            )
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        except KafkaError as exc:
            raise click.ClickException(f"cannot record from {settings.kafka_bootstrap}: "
                                       f"{failure_message(settings.kafka, exc)}") from None
    count = write_recording(records, output)
    click.echo(f"recorded {count} records from {len(wanted)} topics", err=True)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--rate", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Records per second, above 0 (default: as fast as possible).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def replay(file: Path, rate: float | None, quiet: bool) -> None:
    """Produce a recording back onto Kafka, preserving keys, headers and timestamps."""
    from streams.bus.replay import replay_records

    settings = _settings()
    try:
        records = list(read_recording(file))
    except RecordingError as exc:
        raise click.ClickException(f"{file}: {exc} — nothing was replayed") from None
    unknown = sorted({r.topic for r in records} - set(ALL_TOPICS))
    if unknown:
        raise click.ClickException(f"{file}: unknown topics {', '.join(unknown)} — nothing was replayed")
    with click.progressbar(length=len(records), label="replaying", file=sys.stderr,
                           show_pos=True, hidden=quiet) as bar:
        try:
            count = asyncio.run(
                replay_records(records, bootstrap=settings.kafka,
                               names=TopicNames(settings.topic_prefix), rate=rate, on_progress=bar.update)
            )
        except KafkaError as exc:
            raise click.ClickException(f"cannot replay to {settings.kafka_bootstrap}: "
                                       f"{failure_message(settings.kafka, exc)}") from None
    click.echo(f"replayed {count} records", err=True)


@click.command()
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--accounts", type=click.IntRange(1), default=200, show_default=True)
@click.option("--events", type=click.IntRange(1), default=2000, show_default=True)
@click.option("--violation-share", type=click.FloatRange(0, 1), default=0.1, show_default=True,
              help="Share of names and bios that impersonate.")
@click.option("--malformed-share", type=click.FloatRange(0, 1), default=0.05, show_default=True,
              help="Share of records that are malformed (P6).")
@click.option("--start", type=click.DateTime(["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d"]),
              default="2026-11-01", show_default=True, help="Event time of the first record (UTC).")
@click.option("--output", "-o", type=click.File("wb"), default="-", show_default=True)
def simulate(seed: int, accounts: int, events: int, violation_share: float, malformed_share: float,
             start: datetime, output) -> None:
    """Generate a seeded recording of realistic account traffic for every input topic."""
    from datetime import UTC

    from streams.simulate import SimulationOptions
    from streams.simulate import simulate as generate

    options = SimulationOptions(
        seed=seed, accounts=accounts, events=events, violation_share=violation_share,
        malformed_share=malformed_share, start=start if start.tzinfo else start.replace(tzinfo=UTC),
    )
    count = write_recording(generate(options), output)
    click.echo(f"simulated {count} records (seed {seed})", err=True)


@click.command()
@click.option("--write", "write_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write the schemas into this directory.")
@click.option("--check", "check_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Exit 1 if the schemas in this directory differ from the generated ones.")
def schemas(write_dir: Path | None, check_dir: Path | None) -> None:
    """Print, write or check the JSON Schemas of every input topic (generated from the decoder's spec)."""
    from enforcement.events.jsonschema import all_schemas

    generated = {name: orjson.dumps(schema, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
                 for name, schema in all_schemas().items()}
    if write_dir:
        write_dir.mkdir(parents=True, exist_ok=True)
        for name, body in generated.items():
            (write_dir / name).write_bytes(body)
        click.echo(f"wrote {len(generated)} schemas to {write_dir}", err=True)
    elif check_dir:
        stale = [n for n, b in generated.items() if not (check_dir / n).exists() or (check_dir / n).read_bytes() != b]
        if stale:
            raise click.ClickException(
                f"stale schemas in {check_dir}: {', '.join(stale)}; run `qinglang schemas --write {check_dir}`"
            )
        click.echo(f"{len(generated)} schemas up to date", err=True)
    else:
        for body in generated.values():
            sys.stdout.buffer.write(body)


@click.command()
@click.option("--recording", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Recording to replay (default: examples/demo.jsonl).")
@click.option("--keep", is_flag=True, help="Keep Kafka, Redis, the worker and Prometheus running; print their URLs.")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where logs and data go (default: a new directory under .cache/demo).")
def demo(recording: Path | None, keep: bool, workdir: Path | None) -> None:
    """Bring up Kafka + Redis, start a worker and Prometheus, replay a recording through it and summarise."""
    from streams.local.demo import run_demo

    run_demo(recording=recording, keep=keep, workdir=workdir)
