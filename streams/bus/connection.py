"""How every Kafka client of the project reaches the brokers: the bootstrap list plus the security settings
(`QINGLANG_KAFKA_SECURITY_PROTOCOL` and friends, docs/security.md), built in one place so the worker, the
registry follower, the console and every CLI command authenticate and encrypt the same way.

Functions of `streams.bus` take a `Kafka`: a `KafkaConnection`, or a plain bootstrap string, which means
PLAINTEXT (the local broker of the demo and the tests)."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from aiokafka import AIOKafkaConsumer
from aiokafka.errors import KafkaError

SECURITY_PROTOCOLS = ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
SASL_MECHANISMS = ("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN")


@dataclass(frozen=True, slots=True)
class KafkaConnection:
    """The brokers and how to speak to them. The password is kept out of repr(): a connection may end up
    in a log line or an error message, the password never may (docs/security.md)."""

    bootstrap: str
    security_protocol: str = "PLAINTEXT"
    sasl_mechanism: str = "SCRAM-SHA-512"
    username: str = ""
    password: str = field(default="", repr=False)
    ca_file: str = ""
    cert_file: str = ""
    key_file: str = ""

    @property
    def uses_sasl(self) -> bool:
        return self.security_protocol.startswith("SASL_")

    @property
    def uses_tls(self) -> bool:
        return self.security_protocol in ("SSL", "SASL_SSL")

    def __str__(self) -> str:
        """For messages: where, how and as whom, never the password."""
        if self.security_protocol == "PLAINTEXT":
            return self.bootstrap
        who = f" as {self.username!r} ({self.sasl_mechanism})" if self.uses_sasl else ""
        return f"{self.bootstrap} over {self.security_protocol}{who}"

    def ssl_context(self) -> ssl.SSLContext | None:
        """The TLS context for SSL and SASL_SSL (the CA file, else the system's CAs; the client certificate
        when one is set), None otherwise. The broker's name is checked against its certificate."""
        if not self.uses_tls:
            return None
        from aiokafka.helpers import create_ssl_context

        return create_ssl_context(cafile=self.ca_file or None, certfile=self.cert_file or None,
                                  keyfile=self.key_file or None)

    def security_kwargs(self) -> dict[str, Any]:
        """aiokafka's security arguments (`security_protocol`, `sasl_*`, `ssl_context`)."""
        kwargs: dict[str, Any] = {"security_protocol": self.security_protocol}
        if self.uses_tls:
            kwargs["ssl_context"] = self.ssl_context()
        if self.uses_sasl:
            kwargs.update(sasl_mechanism=self.sasl_mechanism, sasl_plain_username=self.username,
                          sasl_plain_password=self.password)
        return kwargs

    def faust_credentials(self) -> Any:
        """The same, as Faust's `broker_credentials` (None for PLAINTEXT). Faust's aiokafka transport turns
        SASLCredentials into SASL_SSL when it carries an ssl_context and SASL_PLAINTEXT when not, and
        SSLCredentials into SSL."""
        import faust

        if self.uses_sasl:
            return faust.SASLCredentials(username=self.username, password=self.password,
                                         ssl_context=self.ssl_context(), mechanism=self.sasl_mechanism)
        if self.uses_tls:
            return faust.SSLCredentials(self.ssl_context())
        return None


Kafka = KafkaConnection | str


class KafkaRefusedError(KafkaError):
    """The brokers refused this client (credentials, SASL mechanism, TLS certificate): retrying will not help."""

    retriable = False


def as_connection(kafka: Kafka) -> KafkaConnection:
    """A bootstrap string is a PLAINTEXT connection."""
    return kafka if isinstance(kafka, KafkaConnection) else KafkaConnection(kafka)


def client_kwargs(kafka: Kafka) -> dict[str, Any]:
    """`bootstrap_servers` and the security arguments for any aiokafka client (consumer, producer, admin)."""
    connection = as_connection(kafka)
    return {"bootstrap_servers": connection.bootstrap, **connection.security_kwargs()}


def consumer_of(kafka: Kafka, group: str | None = None) -> AIOKafkaConsumer:
    """A consumer that commits nothing by itself: outside any group (reading topics whole, following the
    registry), or in `group` only to read or move its committed offsets."""
    return AIOKafkaConsumer(**client_kwargs(kafka), group_id=group, enable_auto_commit=False)


class _Client(Protocol):
    async def start(self) -> None: ...

    async def stop(self) -> None: ...


ClientT = TypeVar("ClientT", bound=_Client)


@asynccontextmanager
async def running(client: ClientT) -> AsyncIterator[ClientT]:
    """An aiokafka consumer or producer, started, and stopped on the way out — also when it could not be
    started (brokers unreachable): a client never stopped is reported as unclosed when the command exits,
    after its own clear error."""
    try:
        await client.start()
        yield client
    finally:
        await client.stop()


async def refusal(kafka: Kafka, *, timeout_s: float = 10.0) -> str | None:
    """Why the brokers refuse this client, when they do: bad credentials, a mechanism they do not enable, a
    certificate that does not verify. None when a broker accepted it or none answered (unreachable is not a
    refusal: callers retry that). aiokafka's bootstrap logs such a refusal and then reports only "Unable
    to bootstrap"; this opens one connection itself so the operator is told what is wrong, at once."""
    import asyncio

    from aiokafka.conn import create_conn

    connection = as_connection(kafka)
    if connection.security_protocol == "PLAINTEXT":
        return None  # nothing to refuse, and the PLAINTEXT default keeps its retries exactly as they were
    security = connection.security_kwargs()
    for address in (a.strip() for a in connection.bootstrap.split(",") if a.strip()):
        host, _, port = address.rpartition(":")
        try:
            conn = await asyncio.wait_for(create_conn(host, int(port), **security), timeout_s)
        except ssl.SSLError as exc:
            return (f"Kafka at {address} failed the TLS handshake ({exc.__class__.__name__}: "
                    f"{getattr(exc, 'verify_message', '') or exc.reason}); check QINGLANG_KAFKA_CA_FILE and that "
                    f"the broker's certificate names {host}")
        except KafkaError as exc:
            name = type(exc).__name__
            if name == "UnsupportedSaslMechanismError":
                return (f"Kafka at {address} does not enable SASL mechanism {connection.sasl_mechanism}; check "
                        f"QINGLANG_KAFKA_SASL_MECHANISM ({exc})")
            if "Sasl" in name or "Authentication" in name:
                return (f"Kafka at {address} refused the credentials of user {connection.username!r} "
                        f"({connection.sasl_mechanism}): {name}; check QINGLANG_KAFKA_SASL_USERNAME and the "
                        f"password (QINGLANG_KAFKA_SASL_PASSWORD_FILE or QINGLANG_KAFKA_SASL_PASSWORD)")
            continue
        except (TimeoutError, OSError, ValueError):
            continue
        conn.close()
        return None
    return None


def failure_message(kafka: Kafka, exc: BaseException) -> str:
    """What a command says after a Kafka call failed with `exc`: the brokers' refusal when that is the cause
    (asked again on one fresh connection), else `exc` itself. Neither carries the password."""
    import asyncio

    return asyncio.run(refusal(kafka)) or repr(exc)
