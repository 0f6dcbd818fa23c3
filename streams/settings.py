"""The one settings object, built once from `QINGLANG_*` environment variables (every field documented)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta

from enforcement.events.bounds import EventTimeBounds
from enforcement.events.spec import OPEN_ENDED_FROM
from streams.bus.connection import SASL_MECHANISMS, SECURITY_PROTOCOLS, KafkaConnection


class SettingsError(ValueError):
    """A `QINGLANG_*` variable has a value the worker cannot use."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Worker and tool configuration; `Settings.from_env()` documents each variable in README.md."""

    kafka_bootstrap: str = "127.0.0.1:9092"  # QINGLANG_KAFKA_BOOTSTRAP: host:port[,host:port]
    # How every Kafka client authenticates and encrypts (docs/security.md, "Kafka authentication"); read
    # through `Settings.kafka`, the one place that turns them into client arguments.
    kafka_security_protocol: str = "PLAINTEXT"  # QINGLANG_KAFKA_SECURITY_PROTOCOL: PLAINTEXT|SSL|SASL_[PLAINTEXT|SSL]
    kafka_sasl_mechanism: str = "SCRAM-SHA-512"  # QINGLANG_KAFKA_SASL_MECHANISM: SCRAM-SHA-512|SCRAM-SHA-256|PLAIN
    kafka_sasl_username: str = ""  # QINGLANG_KAFKA_SASL_USERNAME
    # QINGLANG_KAFKA_SASL_PASSWORD: kept out of repr() so it reaches no log line or message; prefer the file
    kafka_sasl_password: str = field(default="", repr=False)
    kafka_sasl_password_file: str = ""  # QINGLANG_KAFKA_SASL_PASSWORD_FILE: wins over the variable; one line
    kafka_ca_file: str = ""  # QINGLANG_KAFKA_CA_FILE: PEM CA(s) the brokers' certificates chain to (default: system)
    kafka_cert_file: str = ""  # QINGLANG_KAFKA_CERT_FILE: PEM client certificate, when the brokers ask for one
    kafka_key_file: str = ""  # QINGLANG_KAFKA_KEY_FILE: its PEM private key (unencrypted)
    # QINGLANG_REDIS_URL: redis://, rediss:// (TLS) or unix://, with the ACL user and optionally its password
    # (redis[s]://user:password@host:port/db); prefer QINGLANG_REDIS_PASSWORD_FILE for the password.
    # A Redis Cluster: redis+cluster://host:port[,host:port…] (rediss+cluster:// for TLS), its startup nodes
    redis_url: str = field(default="redis://127.0.0.1:6379/0", repr=False)  # a password may be in it
    redis_ca_file: str = ""  # QINGLANG_REDIS_CA_FILE: CA bundle verifying a rediss:// server (default: the system's)
    redis_cert_file: str = ""  # QINGLANG_REDIS_CERT_FILE: client certificate for rediss://, with the key below
    redis_key_file: str = ""  # QINGLANG_REDIS_KEY_FILE: the client certificate's private key
    # QINGLANG_REDIS_PASSWORD_FILE: the Redis user's password is this file's first line, so it is neither in
    # the URL nor in the environment; it overrides the URL's password
    redis_password_file: str = ""
    app_id: str = "qinglang"  # QINGLANG_APP_ID: Faust app id = Kafka consumer group
    topic_prefix: str = ""  # QINGLANG_TOPIC_PREFIX: prepended to every topic name (tests isolate with it)
    partitions: int = 6  # QINGLANG_PARTITIONS: partitions for topics the worker creates
    replication: int = 1  # QINGLANG_REPLICATION: replication factor for topics the worker creates
    web_host: str = "127.0.0.1"  # QINGLANG_WEB_HOST: bind address of /metrics
    web_port: int = 6066  # QINGLANG_WEB_PORT: port of /metrics
    max_record_bytes: int = 64 * 1024  # QINGLANG_MAX_RECORD_BYTES: larger records are dead-lettered
    deadletter_prefix_bytes: int = 4096  # QINGLANG_DEADLETTER_PREFIX_BYTES: raw bytes kept per dead letter
    emit_processed: bool = False  # QINGLANG_EMIT_PROCESSED: one `qinglang.processed` record per event
    commit_interval_s: float = 2.8  # QINGLANG_COMMIT_INTERVAL: seconds between offset commits
    allowed_lateness_s: int = 300  # QINGLANG_ALLOWED_LATENESS: watermark = latest occurred_at - this
    retry_max_backoff_s: float = 30.0  # QINGLANG_RETRY_MAX_BACKOFF: cap of the dependency retry backoff
    log_level: str = "warn"  # QINGLANG_LOG_LEVEL: crit | error | warn | info | debug
    log_format: str = "json"  # QINGLANG_LOG_FORMAT: json (one object per line) | text
    policy: str = ""  # QINGLANG_POLICY: path of the sanction policy TOML (default: the shipped policy)
    avatar_hosts: str = ""  # QINGLANG_AVATAR_HOSTS: comma-separated hosts avatars may be fetched from (D2)
    avatar_max_bytes: int = 2_000_000  # QINGLANG_AVATAR_MAX_BYTES: larger avatars are not fetched
    avatar_timeout_s: float = 5.0  # QINGLANG_AVATAR_TIMEOUT: seconds per avatar fetch
    # QINGLANG_AVATAR_ALLOW_PRIVATE: fetch avatars from private/loopback addresses too (off by default: a
    # public avatar URL must never reach the internal network). Only for an avatar store on a trusted private
    # network, and for tests against a server on 127.0.0.1; the host allow-list applies either way (D2).
    avatar_allow_private: bool = False
    lag_interval_s: float = 5.0  # QINGLANG_LAG_INTERVAL: seconds between consumer-lag samples
    schedule_interval_s: float = 2.0  # QINGLANG_SCHEDULE_INTERVAL: seconds between idle checks for due lifts
    live_clock: bool = False  # QINGLANG_LIVE_CLOCK: the clock also advances the watermark (live running, not replays)
    shadow_policy: str = ""  # QINGLANG_SHADOW_POLICY: a second policy run in shadow beside the enforcing one
    batch_max: int = 500  # QINGLANG_BATCH_MAX: most records the worker takes as one batch
    # QINGLANG_BATCH_WAIT: seconds the worker waits to fill a batch before taking it. What arrives while a
    # batch is processed waits in Faust's stream queue and moves into the next take as soon as the batch is
    # done, so a short wait still gives full batches under load; a longer one left the worker idle ~20 % of the
    # time at half its rate (docs/performance.md)
    batch_wait_s: float = 0.01
    # QINGLANG_ALIGN_WAIT: seconds a taken record may wait for a silent partition that could still bring an
    # earlier one (event-time alignment across topics, as Kafka Streams' max.task.idle.ms); 0 takes records
    # in the order the fetches bring them
    align_wait_s: float = 1.0
    # QINGLANG_EVENT_LOOP: uvloop (the default: libuv's loop runs the worker's tasks, futures and sockets with
    # less CPU per event) or asyncio (the standard library's loop, for a platform uvloop does not build on)
    event_loop: str = "uvloop"
    # Event time bounds (pinned "Event time is bounded by the record's own timestamp"): one event stamped far
    # in the future must not raise the shared watermark for every account.
    max_event_skew_s: float = 300.0  # QINGLANG_MAX_EVENT_SKEW: occurred_at may pass the record timestamp by this
    earliest_event_time: str = "2000-01-01T00:00:00Z"  # QINGLANG_EARLIEST_EVENT_TIME: earlier occurred_at refused
    latest_event_time: str = "2100-01-01T00:00:00Z"  # QINGLANG_LATEST_EVENT_TIME: this or later refused
    # QINGLANG_MAX_TIMESTAMP_AHEAD: `message.timestamp.after.max.ms` of the input topics the worker creates, so
    # the broker refuses records stamped further than this ahead of its clock
    max_timestamp_ahead_s: int = 300

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read every field from `QINGLANG_<FIELD>`; a bad value raises SettingsError naming it."""
        env = os.environ if env is None else env
        aliases = {"commit_interval_s": "COMMIT_INTERVAL", "allowed_lateness_s": "ALLOWED_LATENESS",
                   "retry_max_backoff_s": "RETRY_MAX_BACKOFF", "avatar_timeout_s": "AVATAR_TIMEOUT",
                   "lag_interval_s": "LAG_INTERVAL", "schedule_interval_s": "SCHEDULE_INTERVAL",
                   "batch_wait_s": "BATCH_WAIT", "max_event_skew_s": "MAX_EVENT_SKEW",
                   "max_timestamp_ahead_s": "MAX_TIMESTAMP_AHEAD", "align_wait_s": "ALIGN_WAIT"}
        values: dict[str, object] = {}
        for spec in fields(cls):
            name = "QINGLANG_" + aliases.get(spec.name, spec.name.upper())
            raw = env.get(name)
            if raw is None or raw == "":
                continue
            values[spec.name] = _convert(name, raw, spec.type)
        settings = cls(**values)  # type: ignore[arg-type]
        settings.validate()
        return settings

    def key_prefix(self) -> str:
        """The start of every key of the pipeline's state in Redis: "ql:" and QINGLANG_TOPIC_PREFIX."""
        return f"ql:{self.topic_prefix}"

    def avatar_host_set(self) -> frozenset[str]:
        """QINGLANG_AVATAR_HOSTS as lower-case host names."""
        return frozenset(h.strip().lower() for h in self.avatar_hosts.split(",") if h.strip())

    def validate(self) -> None:
        """Range checks with messages an operator can act on."""
        if self.partitions < 1:
            raise SettingsError("QINGLANG_PARTITIONS must be at least 1")
        if self.replication < 1:
            raise SettingsError("QINGLANG_REPLICATION must be at least 1")
        if self.max_record_bytes < 256:
            raise SettingsError("QINGLANG_MAX_RECORD_BYTES must be at least 256")
        if not 0 < self.deadletter_prefix_bytes <= self.max_record_bytes:
            raise SettingsError("QINGLANG_DEADLETTER_PREFIX_BYTES must be between 1 and QINGLANG_MAX_RECORD_BYTES")
        if not 1 <= self.batch_max <= 100_000:
            raise SettingsError("QINGLANG_BATCH_MAX must be between 1 and 100000")
        if not 0 < self.batch_wait_s <= 60:
            raise SettingsError("QINGLANG_BATCH_WAIT must be more than 0 and at most 60 seconds")
        if not 0 <= self.align_wait_s <= 60:
            raise SettingsError("QINGLANG_ALIGN_WAIT must be between 0 and 60 seconds")
        if self.event_loop not in {"uvloop", "asyncio"}:
            raise SettingsError("QINGLANG_EVENT_LOOP must be uvloop or asyncio")
        if self.log_level not in {"crit", "error", "warn", "info", "debug"}:
            raise SettingsError("QINGLANG_LOG_LEVEL must be one of crit, error, warn, info, debug")
        if self.log_format not in {"json", "text"}:
            raise SettingsError("QINGLANG_LOG_FORMAT must be json or text")
        if not self.redis_url.startswith(("redis://", "rediss://", "unix://", "redis+cluster://",
                                          "rediss+cluster://")):
            raise SettingsError("QINGLANG_REDIS_URL must start with redis://, rediss://, unix://, redis+cluster:// "
                                "or rediss+cluster://")
        if (self.redis_cert_file == "") != (self.redis_key_file == ""):
            raise SettingsError("QINGLANG_REDIS_CERT_FILE and QINGLANG_REDIS_KEY_FILE go together: set both or neither")
        for name, path in (("QINGLANG_REDIS_CA_FILE", self.redis_ca_file),
                           ("QINGLANG_REDIS_CERT_FILE", self.redis_cert_file)):
            if path and not self.redis_url.startswith(("rediss://", "rediss+cluster://")):
                raise SettingsError(f"{name} is set but QINGLANG_REDIS_URL is not a rediss:// (TLS) URL")
        for name, path in (("QINGLANG_REDIS_CA_FILE", self.redis_ca_file),
                           ("QINGLANG_REDIS_CERT_FILE", self.redis_cert_file),
                           ("QINGLANG_REDIS_KEY_FILE", self.redis_key_file),
                           ("QINGLANG_REDIS_PASSWORD_FILE", self.redis_password_file)):
            if path and not os.path.isfile(path):
                raise SettingsError(f"{name}={path!r} is not a file")
        if not 0 <= self.max_event_skew_s <= 7 * 86_400:
            raise SettingsError("QINGLANG_MAX_EVENT_SKEW must be between 0 and 604800 seconds (7 days)")
        if self.max_timestamp_ahead_s < 1:
            raise SettingsError("QINGLANG_MAX_TIMESTAMP_AHEAD must be at least 1 second")
        self.event_time_bounds()  # the horizon parses and is a range
        self._validate_kafka_security()

    def _validate_kafka_security(self) -> None:
        if self.kafka_security_protocol not in SECURITY_PROTOCOLS:
            raise SettingsError(f"QINGLANG_KAFKA_SECURITY_PROTOCOL must be one of {', '.join(SECURITY_PROTOCOLS)}")
        if self.kafka_sasl_mechanism not in SASL_MECHANISMS:
            raise SettingsError(f"QINGLANG_KAFKA_SASL_MECHANISM must be one of {', '.join(SASL_MECHANISMS)}")
        if self.kafka_security_protocol.startswith("SASL_"):
            if not self.kafka_sasl_username:
                raise SettingsError(f"QINGLANG_KAFKA_SASL_USERNAME is required with "
                                    f"QINGLANG_KAFKA_SECURITY_PROTOCOL={self.kafka_security_protocol}")
            if not self.kafka_sasl_password_file and not self.kafka_sasl_password:
                raise SettingsError(f"QINGLANG_KAFKA_SASL_PASSWORD_FILE (or QINGLANG_KAFKA_SASL_PASSWORD) is "
                                    f"required with QINGLANG_KAFKA_SECURITY_PROTOCOL={self.kafka_security_protocol}")
        for name, path in (("QINGLANG_KAFKA_CA_FILE", self.kafka_ca_file),
                           ("QINGLANG_KAFKA_CERT_FILE", self.kafka_cert_file),
                           ("QINGLANG_KAFKA_KEY_FILE", self.kafka_key_file)):
            if path and not os.path.isfile(path):
                raise SettingsError(f"{name}={path!r} is not a readable file")
        if bool(self.kafka_cert_file) != bool(self.kafka_key_file):
            raise SettingsError("QINGLANG_KAFKA_CERT_FILE and QINGLANG_KAFKA_KEY_FILE go together: set both or neither")
        self.kafka  # the password file is readable  # noqa: B018

    @property
    def kafka(self) -> KafkaConnection:
        """How to reach Kafka: pass it to the `streams.bus` functions (never `kafka_bootstrap` alone, which
        would be PLAINTEXT). The password file, when set, wins over QINGLANG_KAFKA_SASL_PASSWORD and is read
        here, so a rotated password is picked up by the next client built from it."""
        password = self.kafka_sasl_password
        if self.kafka_sasl_password_file:
            try:
                with open(self.kafka_sasl_password_file, encoding="utf-8") as handle:
                    password = handle.read().strip("\r\n")
            except OSError as exc:
                raise SettingsError(f"QINGLANG_KAFKA_SASL_PASSWORD_FILE={self.kafka_sasl_password_file!r} cannot "
                                    f"be read: {exc.strerror}") from None
            if not password:
                raise SettingsError(f"QINGLANG_KAFKA_SASL_PASSWORD_FILE={self.kafka_sasl_password_file!r} is empty")
        return KafkaConnection(
            self.kafka_bootstrap, security_protocol=self.kafka_security_protocol,
            sasl_mechanism=self.kafka_sasl_mechanism, username=self.kafka_sasl_username, password=password,
            ca_file=self.kafka_ca_file, cert_file=self.kafka_cert_file, key_file=self.kafka_key_file)

    @property
    def redis_url_shown(self) -> str:
        """`redis_url` with its password, if any, replaced by `***`: for messages and logs."""
        return shown_url(self.redis_url)

    def event_time_bounds(self) -> EventTimeBounds:
        """The accepted event times these settings describe; SettingsError when the horizon is not usable."""
        earliest = _moment("QINGLANG_EARLIEST_EVENT_TIME", self.earliest_event_time)
        latest = _moment("QINGLANG_LATEST_EVENT_TIME", self.latest_event_time)
        if earliest >= latest:
            raise SettingsError("QINGLANG_EARLIEST_EVENT_TIME must be before QINGLANG_LATEST_EVENT_TIME")
        if latest > OPEN_ENDED_FROM:  # beyond it, valid_until values mean "never expires" and would never fire
            raise SettingsError("QINGLANG_LATEST_EVENT_TIME must be no later than 2100-01-01T00:00:00Z")
        return EventTimeBounds(earliest=earliest, latest=latest, max_skew=timedelta(seconds=self.max_event_skew_s))


def _moment(name: str, raw: str) -> datetime:
    """An ISO 8601 time with a UTC offset (Z allowed), as UTC."""
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            raise ValueError(raw)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise SettingsError(f"{name}={raw!r} is not an ISO 8601 time with a UTC offset "
                            f"(e.g. 2000-01-01T00:00:00Z)") from None


def _convert(name: str, raw: str, kind: object) -> object:
    try:
        if kind in (int, "int"):
            return int(raw)
        if kind in (float, "float"):
            return float(raw)
        if kind in (bool, "bool"):
            lowered = raw.strip().lower()
            if lowered in {"1", "true", "yes", "on"}:
                return True
            if lowered in {"0", "false", "no", "off"}:
                return False
            raise ValueError(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a valid {kind}") from None
    return raw


_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&#]*", re.IGNORECASE)


def shown_url(url: str) -> str:
    """A connection URL fit for a message or a log line: its password, if any, replaced by `***` — in the
    user part and in a `?password=` option (redis-py reads both)."""
    scheme, sep, rest = url.partition("//")
    if sep:
        # the user part ends at the last "@" before the options (a Redis URL's path, a database number or a
        # socket path, has none): a password with an unencoded "@", ":" or "/" is still hidden whole
        at = rest.rfind("@", 0, rest.find("?") if "?" in rest else len(rest))
        if at >= 0:
            user, colon, _ = rest[:at].partition(":")
            rest = f"{user}:***{rest[at:]}" if colon else rest
        url = scheme + sep + rest
    return _QUERY_PASSWORD.sub(r"\1***", url)
