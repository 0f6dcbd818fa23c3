"""Which failures are the dependency's and which are ours ("Dependency errors are classified, not guessed").

Every exception the worker meets while handling a batch falls in one of three classes:

- `RETRIABLE`: Redis or Kafka cannot serve us *now* and will again without anyone touching the event —
  a lost connection, a timeout, and the Redis answers that report server state rather than anything
  about the command: OOM under `noeviction`, READONLY on a replica after a failover, MISCONF (a failed
  RDB save blocks writes), LOADING, BUSY (a script runs too long), MASTERDOWN, CLUSTERDOWN, TRYAGAIN,
  MOVED/ASK, and the Redis Cluster client's own errors about the cluster's shape (a slot no master serves
  while a replica takes over, a slot map that cannot be read, too many redirections). Kafka errors
  aiokafka marks `retriable`, and its timeouts. The batch is retried with backoff and nothing is
  committed (decision "Only input errors are dead-lettered").
- `FATAL`: the dependency refuses us for a reason retrying cannot change — Redis authentication or an
  ACL that denies a command, Kafka authorization, a record the broker will never accept. The worker
  stops its partitions loudly instead of retrying forever or dead-lettering a valid event.
- `BUG`: anything else, including a Redis error about the command itself (WRONGTYPE, a Lua error): our
  code is wrong for this event, so the one event is dead-lettered as `internal_error` with its bytes.

Faust wraps send-time Kafka errors in `ProducerSendError`; the verdict follows the wrapped cause.
"""

from __future__ import annotations

import re
from enum import StrEnum

from aiokafka.errors import (
    BrokerNotAvailableError,
    KafkaError,
    KafkaTimeoutError,
    ProducerClosed,
    ReplicaNotAvailableError,
)
from faust.exceptions import ProducerSendError
from redis.exceptions import (
    AuthenticationError,
    AuthorizationError,
    ClusterError,
    NoPermissionError,
    RedisError,
    ResponseError,
    SlotNotCoveredError,
)
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError


class Verdict(StrEnum):
    RETRIABLE = "retriable"
    FATAL = "fatal"
    BUG = "bug"


# Redis error codes (the first word of an error reply) that describe the server's state, not the command:
# the same command succeeds once the server is back in shape.
RETRIABLE_REDIS_CODES = frozenset({
    "OOM", "READONLY", "MISCONF", "LOADING", "BUSY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "MOVED", "ASK",
    "NOREPLICAS", "NOTBUSY",
})
# Codes that say this client may not do this at all: only an operator changes that.
FATAL_REDIS_CODES = frozenset({"NOAUTH", "WRONGPASS", "NOPERM"})

# Kafka errors aiokafka does not mark retriable, though they only say a broker or replica is away or slow
# right now (a restarting broker shows as these): waiting is the cure, so they retry like a connection error.
_KAFKA_TRANSIENT: tuple[type[KafkaError], ...] = (
    KafkaTimeoutError, BrokerNotAvailableError, ReplicaNotAvailableError,
    # only seen while the worker shuts down (the producer stops before the agent is cancelled); the retry's
    # sleep is cancelled with the agent, and the batch, uncommitted, is redone after the restart
    ProducerClosed,
)

# redis-py annotates an error raised from a pipeline as "Command # N (...) of pipeline caused error: ('OOM …',)"
_PIPELINE_ANNOTATION = re.compile(r"of pipeline caused error: \(?['\"]?")


def redis_error_code(error: RedisError) -> str | None:
    """The error code of a Redis error reply (`OOM`, `READONLY`, `MISCONF`…), or None for client-side errors.

    redis-py keeps the code in `status_code` for the replies it maps to a class and leaves it at the
    start of the message for the others (MISCONF, BUSY…); a pipeline's annotation is skipped."""
    code = getattr(error, "status_code", None)
    if code:
        return str(code)
    if not isinstance(error, ResponseError) or not error.args:
        return None
    message = str(error.args[0])
    annotated = _PIPELINE_ANNOTATION.search(message)
    if annotated:
        message = message[annotated.end():]
    word = message.split(" ", 1)[0]
    return word if word.isupper() and word.isalpha() else None


def classify(error: BaseException) -> Verdict:
    """Whether `error` is a dependency that will come back (retry), one that will not (stop), or a bug."""
    if isinstance(error, ProducerSendError):  # Faust's wrapper around a send-time Kafka error
        cause = error.__cause__ or error.__context__
        return classify(cause) if cause is not None else Verdict.FATAL
    if isinstance(error, RedisError):
        return _classify_redis(error)
    if isinstance(error, SlotNotCoveredError):  # a failover under way: the slot gets a master again
        return Verdict.RETRIABLE
    if isinstance(error, KafkaError):
        if getattr(error, "retriable", False) or isinstance(error, _KAFKA_TRANSIENT):
            return Verdict.RETRIABLE
        return Verdict.FATAL
    if isinstance(error, ConnectionError | TimeoutError):  # OSError-level failures of either client
        return Verdict.RETRIABLE
    if isinstance(error, BaseExceptionGroup):  # concurrent work: the worst dependency verdict decides
        verdicts = {classify(inner) for inner in error.exceptions}
        for verdict in (Verdict.FATAL, Verdict.RETRIABLE):
            if verdict in verdicts:
                return verdict
    return Verdict.BUG


def _classify_redis(error: RedisError) -> Verdict:
    if isinstance(error, AuthenticationError | AuthorizationError | NoPermissionError):
        return Verdict.FATAL
    code = redis_error_code(error)
    if code in FATAL_REDIS_CODES:
        return Verdict.FATAL
    if code in RETRIABLE_REDIS_CODES:
        return Verdict.RETRIABLE
    # connection and timeout errors (BusyLoadingError and "max number of clients reached" among them), and
    # the cluster client's: CLUSTERDOWN, "TTL exhausted" after redirections, a slot map it could not read
    if isinstance(error, RedisConnectionError | RedisTimeoutError | ClusterError):
        return Verdict.RETRIABLE
    return Verdict.BUG


def first_dependency_error(error: BaseException) -> BaseException | None:
    """The dependency failure inside a task group's exception group, if any: a fatal one first."""
    found: list[BaseException] = []

    def walk(item: BaseException) -> None:
        if isinstance(item, BaseExceptionGroup):
            for inner in item.exceptions:
                walk(inner)
        elif classify(item) is not Verdict.BUG:
            found.append(item)

    walk(error)
    fatal = [e for e in found if classify(e) is Verdict.FATAL]
    return (fatal or found or [None])[0]


def is_dependency_error(error: BaseException) -> bool:
    return classify(error) is not Verdict.BUG


def describe(error: BaseException) -> str:
    """A log-safe name for a dependency error: its class and, for Redis, its error code — never the message,
    which for a pipelined command can quote the command's arguments (account ids, names)."""
    if isinstance(error, ProducerSendError) and error.__cause__ is not None:
        return f"ProducerSendError({describe(error.__cause__)})"
    name = type(error).__name__
    if isinstance(error, RedisError):
        code = redis_error_code(error)
        return f"{name} {code}" if code else name
    return name
