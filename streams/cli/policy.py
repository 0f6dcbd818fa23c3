"""`qinglang policy check|diff`: validate a policy file; compare two policies over a recording."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson


def _load(path: Path):
    from enforcement.policy import PolicyError, load_policy

    try:
        return load_policy(path)
    except PolicyError as exc:
        raise click.ClickException(str(exc)) from None


@click.group()
def policy() -> None:
    """Sanction policies: validate one, or compare two over a recording (what-if)."""


@policy.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check(file: Path) -> None:
    """Validate a policy TOML; every problem is listed with its path. Exit 1 if invalid."""
    loaded = _load(file)
    click.echo(f"{file}: valid (version {loaded.version}, mode {loaded.mode}, {len(loaded.rungs)} rungs, "
               f"{len(loaded.rules)} rules)")


@policy.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("recording", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the whole comparison as one JSON object.")
@click.option("--limit", type=int, default=50, show_default=True, help="Accounts listed in the table.")
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")
def diff(old: Path, new: Path, recording: Path, as_json: bool, limit: int, quiet: bool) -> None:
    """Replay RECORDING through OLD and NEW offline and list accounts sanctioned differently.

    No Kafka or Redis: detectors run once per event, each policy keeps its own in-memory ledger.
    Bad records in the recording are counted and listed, not fatal. Exit 0 either way.
    """
    from enforcement.identity import shipped_index
    from streams.bus.recording import RecordingError, read_recording
    from streams.offline.what_if import diff_policies

    old_policy, new_policy = _load(old), _load(new)
    try:
        records = list(read_recording(recording))
    except (RecordingError, OSError) as exc:
        raise click.ClickException(f"cannot read {recording}: {exc}") from None
    if not quiet:
        click.echo(f"loading the registry; replaying {len(records):,} records through both policies…", err=True)

    def progress(n: int) -> None:
        if not quiet:
            click.echo(f"  {n:,}/{len(records):,} records", err=True)

    result = diff_policies(records, shipped_index(), old_policy, new_policy,
                           progress=progress)
    if as_json:
        sys.stdout.buffer.write(orjson.dumps(result.to_json(), option=orjson.OPT_INDENT_2) + b"\n")
        return
    old_totals, new_totals = result.totals(result.old), result.totals(result.new)
    click.echo(f"policy {result.old_version} → {result.new_version}: {result.events:,} events, "
               f"{len(result.bad)} bad records")
    click.echo(f"{'sanction':<22}{'old':>8}{'new':>8}{'change':>8}")
    for sanction in sorted(set(old_totals) | set(new_totals)):
        a, b = old_totals[sanction], new_totals[sanction]
        click.echo(f"{sanction:<22}{a:>8}{b:>8}{b - a:>+8}")
    changed = result.changed()
    click.echo(f"\n{len(changed)} accounts sanctioned differently")
    for account in changed[:limit]:
        before = ", ".join(r for _, r in result.old.get(account, [])) or "—"
        after = ", ".join(r for _, r in result.new.get(account, [])) or "—"
        click.echo(f"  {account:<24} {before}  →  {after}")
    if len(changed) > limit:
        click.echo(f"  … {len(changed) - limit} more (--limit, or --json for all)")
    for number, error in result.bad[:10]:
        click.echo(f"bad record {number}: {error}", err=True)
