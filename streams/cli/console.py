"""`qinglang console`: the reviewer console (serve it; add a user)."""

from __future__ import annotations

import logging.config
import os
import ssl
from pathlib import Path

import click

from streams.settings import Settings, SettingsError

DEFAULT_USERS = "console-users.json"


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from None


users_option = click.option(
    "--users", "users_path", type=click.Path(dir_okay=False, path_type=Path), envvar="QINGLANG_CONSOLE_USERS",
    default=DEFAULT_USERS, show_default=True,
    help="The reviewer accounts file (QINGLANG_CONSOLE_USERS); `qinglang console add-user` writes it.")


@click.group(invoke_without_command=True)
@click.option("--host", default="127.0.0.1", show_default=True, envvar="QINGLANG_CONSOLE_HOST",
              help="Address to listen on (QINGLANG_CONSOLE_HOST). Keep 127.0.0.1 unless a TLS proxy fronts it.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True,
              envvar="QINGLANG_CONSOLE_PORT", help="Port to listen on (QINGLANG_CONSOLE_PORT).")
@users_option
@click.option("--claim-minutes", type=click.IntRange(1, 24 * 60), default=15, show_default=True,
              help="How long a claim on a review item holds before another reviewer may take it.")
@click.option("--session-hours", type=click.IntRange(1, 72), default=8, show_default=True,
              help="How long a sign-in lasts.")
@click.option("--tls-cert", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Serve HTTPS with this certificate chain (PEM); cookies are then marked Secure.")
@click.option("--tls-key", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The private key (PEM) of --tls-cert.")
@click.pass_context
def console(ctx: click.Context, host: str, port: int, users_path: Path, claim_minutes: int,
            session_hours: int, tls_cert: Path | None, tls_key: Path | None) -> None:
    """The reviewer console: review queue, items with evidence, decisions, accounts, appeals, typical cases
    and the S7 report (days in China Standard Time).

    Connects to Kafka and Redis as the worker does (QINGLANG_KAFKA_BOOTSTRAP, QINGLANG_REDIS_URL,
    QINGLANG_TOPIC_PREFIX). It writes only review.decision and account.appeal records. Without a
    subcommand it serves the console until Ctrl-C.
    """
    if ctx.invoked_subcommand is not None:
        return
    from aiohttp import web
    from aiokafka.errors import KafkaError
    from redis.exceptions import RedisError

    from streams.console.users import UserError, load_users
    from streams.console.web import ConsoleConfig, build_app
    from streams.observability.logs import logging_config
    from streams.redis_connection import failure

    settings = _settings()
    logging.config.dictConfig(logging_config(settings.log_level, settings.log_format))
    try:
        users = load_users(users_path)
    except UserError as exc:
        raise click.ClickException(str(exc)) from None
    if not users:
        raise click.ClickException(f"{users_path}: no users; add one with `qinglang console add-user`")
    if (tls_cert is None) != (tls_key is None):
        raise click.UsageError("--tls-cert and --tls-key go together")
    context = None
    if tls_cert is not None and tls_key is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        try:
            context.load_cert_chain(tls_cert, tls_key)
        except (ssl.SSLError, OSError) as exc:
            raise click.ClickException(f"cannot use {tls_cert} / {tls_key}: {exc}") from None
    refused = _redis_refusal(settings)
    if refused:
        raise click.ClickException(f"the console could not start: {refused}")
    app = build_app(ConsoleConfig(settings=settings, users=users, claim_ttl_s=claim_minutes * 60,
                                  session_ttl_s=session_hours * 3600))
    scheme = "https" if context else "http"
    click.echo(f"qinglang console on {scheme}://{host}:{port}/ ({len(users)} users from {users_path})", err=True)
    try:
        web.run_app(app, host=host, port=port, ssl_context=context, print=None, access_log=None)
    except (RedisError, SettingsError) as exc:  # Redis unreachable, refusing the credentials, a bad password file
        raise click.ClickException(f"the console could not start: {failure(settings, exc)}") from None
    except (ConnectionError, OSError, KafkaError) as exc:  # Kafka unreachable at start, port taken
        raise click.ClickException(f"the console could not start: {exc}") from None


def _redis_refusal(settings: Settings) -> str | None:
    """Why Redis will not serve the console — unreachable, refusing the credentials, or an ACL without a
    command the console runs on its own keys or the pipeline's — or None. Checked before serving, as the
    worker checks, so a reviewer never meets the first refusal on a page."""
    from redis.exceptions import RedisError

    from streams.redis_connection import check_permissions, failure, sync_client

    try:
        client = sync_client(settings, socket_connect_timeout=5, socket_timeout=10)
    except SettingsError as exc:
        return str(exc)
    try:
        client.ping()
        for prefix in (f"qlc:{settings.topic_prefix}", settings.key_prefix()):
            refused = check_permissions(settings, client, prefix)
            if refused:
                return refused
        return None
    except RedisError as exc:
        return failure(settings, exc)
    finally:
        client.close()


@console.command("add-user")
@click.argument("user_id")
@click.option("--role", type=click.Choice(["reviewer", "supervisor"]), default="reviewer", show_default=True,
              help="A reviewer decides review items; a supervisor also resolves appeals and marks typical cases.")
@click.option("--password-env", metavar="NAME",
              help="Read the password from this environment variable (for scripts); otherwise it is prompted for.")
@users_option
def add_user(user_id: str, role: str, password_env: str | None, users_path: Path) -> None:
    """Add (or replace) a reviewer in the users file; the password is stored as a scrypt hash."""
    from streams.console.users import UserError
    from streams.console.users import add_user as write_user

    if password_env:
        password = os.environ.get(password_env, "")
        if not password:
            raise click.UsageError(f"{password_env} is not set")
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    try:
        write_user(users_path, user_id, password, role)
    except UserError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{user_id} ({role}) saved in {users_path}")
