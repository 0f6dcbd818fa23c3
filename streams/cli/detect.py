"""`qinglang detect` on the command line."""

from __future__ import annotations

import sys
import time

import click


@click.command()
@click.option("--input", "-i", "source", type=click.File("rb"), default="-", show_default=True,
              help="Events JSONL or a recording; - for stdin.")
@click.option("--output", "-o", "sink", type=click.File("wb"), default="-", show_default=True,
              help="Violations JSONL; - for stdout.")
@click.option("--policy", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Sanction policy TOML (severity, review thresholds). Default: the shipped policy.")
@click.option("--quiet", "-q", is_flag=True, help="No progress or summary on stderr.")
def detect(source, sink, policy: str | None, quiet: bool) -> None:
    """Run the identity detectors (D1–D6, D8) offline; one JSON line per violation.

    Event times are bounded as the worker bounds them (QINGLANG_MAX_EVENT_SKEW against a recording line's
    timestamp, QINGLANG_EARLIEST_EVENT_TIME / QINGLANG_LATEST_EVENT_TIME); a line outside is bad_timestamp.

    Exit status: 0 all lines read, 3 some lines were bad (each reported on stderr with its line
    number and code, and skipped), 1 the input could not be read or the policy is invalid.
    """
    from enforcement.identity import shipped_index
    from enforcement.policy import PolicyError, load_policy
    from streams.offline.detect import detect_stream
    from streams.settings import Settings, SettingsError

    try:
        # the worker's event-time bounds, so a recording gets the answers it got live
        bounds = Settings.from_env().event_time_bounds()
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        loaded_policy = load_policy(policy)
    except PolicyError as exc:
        raise click.ClickException(str(exc)) from None
    started = time.monotonic()
    index = shipped_index()
    report = None
    try:
        for report in detect_stream(source, sink, index, loaded_policy, bounds=bounds):
            if not quiet and sys.stderr.isatty():
                click.echo(f"\r{report.lines:,} lines, {report.violations:,} violations", err=True, nl=False)
    except OSError as exc:
        raise click.ClickException(f"cannot read input: {exc}") from None
    sink.flush()
    assert report is not None
    for line_no, code, message in report.bad:
        click.echo(f"line {line_no}: {code}: {message}", err=True)
    if not quiet:
        click.echo(
            f"\n{report.lines:,} lines, {report.events:,} events, {report.violations:,} violations, "
            f"{len(report.bad):,} bad lines, {report.registry_updates:,} registry updates "
            f"in {time.monotonic() - started:.1f}s", err=True,
        )
        for rule, count in report.by_rule.most_common():
            click.echo(f"  {rule:<44}{count:>7}", err=True)
    if report.bad:
        sys.exit(3)
