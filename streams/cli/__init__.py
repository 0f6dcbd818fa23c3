"""The `qinglang` command line: worker, services, record, replay, simulate, demo, schemas, detect,
logo-hashes, policy, report, account, top, watermark, offsets, deadletter, console."""

from __future__ import annotations

import click

from streams.settings import Settings, SettingsError


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="qinglang")
def main() -> None:
    """Qinglang: streaming account enforcement on Kafka, Faust and Redis.

    Configuration comes from QINGLANG_* environment variables (see README.md).
    """


@main.command()
@click.option("--log-level", type=click.Choice(["crit", "error", "warn", "info", "debug"]),
              help="Overrides QINGLANG_LOG_LEVEL (default warn).")
@click.option("--log-format", type=click.Choice(["json", "text"]),
              help="Overrides QINGLANG_LOG_FORMAT: one JSON object per line (default) or plain text.")
def worker(log_level: str | None, log_format: str | None) -> None:
    """Run a worker: consume the account topics, enforce, emit (until SIGTERM / Ctrl-C).

    Logs go to stderr; they never carry personal data (identity hashes, reporter ids, names, bios).
    """
    from dataclasses import replace

    from streams.worker.run import run_worker

    settings = _settings()
    overrides = {k: v for k, v in (("log_level", log_level), ("log_format", log_format)) if v}
    run_worker(replace(settings, **overrides))


from streams.cli.console import console  # noqa: E402
from streams.cli.deadletter import deadletter  # noqa: E402
from streams.cli.detect import detect  # noqa: E402
from streams.cli.ledger import account, report, top  # noqa: E402
from streams.cli.logos import logo_hashes  # noqa: E402
from streams.cli.offsets import offsets  # noqa: E402
from streams.cli.policy import policy  # noqa: E402
from streams.cli.services import services  # noqa: E402
from streams.cli.tools import demo, record, replay, schemas, simulate  # noqa: E402
from streams.cli.watermark import watermark  # noqa: E402

main.add_command(services)
main.add_command(record)
main.add_command(replay)
main.add_command(simulate)
main.add_command(demo)
main.add_command(schemas)
main.add_command(detect)
main.add_command(logo_hashes)
main.add_command(policy)
main.add_command(report)
main.add_command(account)
main.add_command(top)
main.add_command(watermark)
main.add_command(offsets)
main.add_command(deadletter)
main.add_command(console)
