"""The `qinglang` command line: worker, services, record, replay, simulate, demo, schemas, detect, policy,
report, account."""

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
def worker() -> None:
    """Run a worker: consume the account topics, enforce, emit (until SIGTERM / Ctrl-C)."""
    from streams.worker import run_worker

    run_worker(_settings())


from streams.cli_detect import detect  # noqa: E402
from streams.cli_ledger import account, report, top  # noqa: E402
from streams.cli_policy import policy  # noqa: E402
from streams.cli_services import services  # noqa: E402
from streams.cli_tools import demo, record, replay, schemas, simulate  # noqa: E402

main.add_command(services)
main.add_command(record)
main.add_command(replay)
main.add_command(simulate)
main.add_command(demo)
main.add_command(schemas)
main.add_command(detect)
main.add_command(policy)
main.add_command(report)
main.add_command(account)
main.add_command(top)
