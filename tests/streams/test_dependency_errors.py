"""Dependency errors are classified, not guessed: each Redis error reply and each Kafka error (also wrapped
in Faust's ProducerSendError) gets the verdict the worker acts on — retry, stop, or dead-letter as a bug."""

from __future__ import annotations

import hashlib

import orjson
import pytest
from aiokafka.errors import (
    KafkaConnectionError,
    KafkaError,
    KafkaTimeoutError,
    MessageSizeTooLargeError,
    NotEnoughReplicasError,
    NotLeaderForPartitionError,
    RequestTimedOutError,
    TopicAuthorizationFailedError,
)
from faust.exceptions import ProducerSendError
from redis._parsers.base import BaseParser
from redis.asyncio.client import Pipeline
from redis.exceptions import ClusterError, DataError, RedisClusterException, SlotNotCoveredError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from enforcement.events import ErrorCode
from streams.bus.deadletter import KEY_PREFIX_BYTES, deadletter_key, deadletter_record
from streams.bus.messages import SourceRecord
from streams.worker.errors import Verdict, classify, describe, first_dependency_error

# The replies as a Redis 7 server sends them (after the leading "-"), parsed by redis-py's own parser.
SERVER_STATE_REPLIES = [
    "OOM command not allowed when used memory > 'maxmemory'.",
    "OOM command not allowed when used memory > 'maxmemory'. script: 3f1c…, on @user_script:12.",
    "READONLY You can't write against a read only replica.",
    "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk.",
    "LOADING Redis is loading the dataset in memory",
    "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
    "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
    "CLUSTERDOWN The cluster is down",
    "TRYAGAIN Multiple keys request during rehashing of slot",
    "MOVED 3999 127.0.0.1:6381",
    "ASK 3999 127.0.0.1:6381",
    "NOREPLICAS Not enough good replicas to write.",
    "ERR max number of clients reached",
]
FATAL_REPLIES = [
    "NOPERM User worker has no permissions to run the 'evalsha' command",
    "NOAUTH Authentication required.",
    "WRONGPASS invalid username-password pair or user is disabled.",
]
BUG_REPLIES = [
    "WRONGTYPE Operation against a key holding the wrong kind of value",
    "ERR user_script:7: attempt to compare nil with number script: 3f1c…, on @user_script:7.",
    "ERR wrong number of arguments for 'hset' command",
    "CROSSSLOT Keys in request don't hash to the same slot",
]


def _parsed(reply: str) -> Exception:
    return BaseParser.parse_error(reply)


@pytest.mark.parametrize("reply", SERVER_STATE_REPLIES)
def test_server_state_replies_are_retriable(reply: str) -> None:
    assert classify(_parsed(reply)) is Verdict.RETRIABLE


@pytest.mark.parametrize("reply", FATAL_REPLIES)
def test_replies_only_an_operator_can_change_stop_the_worker(reply: str) -> None:
    assert classify(_parsed(reply)) is Verdict.FATAL


@pytest.mark.parametrize("reply", BUG_REPLIES)
def test_replies_about_the_command_itself_are_bugs(reply: str) -> None:
    assert classify(_parsed(reply)) is Verdict.BUG


@pytest.mark.parametrize("reply", ["MISCONF Redis is configured to save RDB snapshots", "OOM command not allowed",
                                   "READONLY You can't write against a read only replica."])
def test_a_pipelines_annotated_error_keeps_its_verdict(reply: str) -> None:
    error = _parsed(reply)
    Pipeline.annotate_exception(None, error, 2, ("EVALSHA", "abc", "1", "{u:1}strikes"))  # type: ignore[arg-type]
    assert "of pipeline caused error" in str(error)
    assert classify(error) is Verdict.RETRIABLE


def test_connection_and_timeout_errors_are_retriable() -> None:
    for error in (RedisConnectionError("Connection refused"), RedisTimeoutError("Timeout reading"),
                  ConnectionResetError(), TimeoutError()):
        assert classify(error) is Verdict.RETRIABLE, error


def test_the_cluster_clients_errors_about_the_clusters_shape_are_retriable() -> None:
    """What redis-py's cluster client raises while a slot moves or a master fails over: retried, never
    dead-lettered. A cross-slot command is our bug."""
    for error in (ClusterError("TTL exhausted."), SlotNotCoveredError('Slot "7" not covered by the cluster.'),
                  BaseParser.parse_error("MOVED 3999 127.0.0.1:6381"),
                  BaseParser.parse_error("ASK 3999 127.0.0.1:6381"),
                  BaseParser.parse_error("CLUSTERDOWN The cluster is down"),
                  BaseParser.parse_error("TRYAGAIN Multiple keys request during rehashing of slot")):
        assert classify(error) is Verdict.RETRIABLE, error
    assert classify(RedisClusterException("EVALSHA - all keys must map to the same key slot")) is Verdict.BUG
    assert classify(BaseParser.parse_error("CROSSSLOT Keys in request don't hash to the same slot")) is Verdict.BUG


def test_client_side_and_other_errors_are_bugs() -> None:
    for error in (DataError("Invalid input of type: 'NoneType'"), KeyError("x"), ValueError("bad"),
                  OverflowError("date value out of range")):
        assert classify(error) is Verdict.BUG, error


def _wrapped(cause: KafkaError) -> ProducerSendError:
    """What Faust's producer raises: ProducerSendError from the aiokafka error (as in Producer.send)."""
    try:
        try:
            raise cause
        except KafkaError as exc:
            raise ProducerSendError(f"Error while sending: {exc!r}") from exc
    except ProducerSendError as wrapped:
        return wrapped


@pytest.mark.parametrize("cause", [NotLeaderForPartitionError(), RequestTimedOutError(), KafkaConnectionError(),
                                   NotEnoughReplicasError(), KafkaTimeoutError()])
def test_retriable_kafka_errors_retry_bare_or_wrapped(cause: KafkaError) -> None:
    assert classify(cause) is Verdict.RETRIABLE
    assert classify(_wrapped(cause)) is Verdict.RETRIABLE


@pytest.mark.parametrize("cause", [MessageSizeTooLargeError(), TopicAuthorizationFailedError()])
def test_non_retriable_kafka_errors_stop_bare_or_wrapped(cause: KafkaError) -> None:
    assert not cause.retriable
    assert classify(cause) is Verdict.FATAL
    assert classify(_wrapped(cause)) is Verdict.FATAL
    assert describe(_wrapped(cause)) == f"ProducerSendError({type(cause).__name__})"


def test_a_task_groups_errors_give_the_worst_dependency_verdict() -> None:
    oom, noperm = _parsed(SERVER_STATE_REPLIES[0]), _parsed(FATAL_REPLIES[0])
    group = BaseExceptionGroup("batch", [ValueError("bug"), oom, ExceptionGroup("inner", [noperm])])
    assert classify(group) is Verdict.FATAL
    assert first_dependency_error(group) is noperm
    assert first_dependency_error(BaseExceptionGroup("batch", [ValueError("bug"), oom])) is oom
    assert first_dependency_error(BaseExceptionGroup("batch", [ValueError("bug")])) is None


def test_log_description_names_the_code_never_the_message() -> None:
    error = _parsed("READONLY You can't write against a read only replica.")
    Pipeline.annotate_exception(None, error, 1, ("EVALSHA", "abc", "1", "{u:secret-account}"))  # type: ignore[arg-type]
    assert describe(error) == "ReadOnlyError READONLY"
    assert "secret" not in describe(error)


def test_a_dead_letter_of_a_huge_key_and_headers_stays_small() -> None:
    """A record near the broker's size limit in its key and headers: the dead letter keeps prefixes and sizes,
    so the producer (1 MB by default) always accepts it."""
    key = b"k" * 900_000
    headers = tuple((f"h{i}" + "n" * 5000, b"\xff" * 50_000) for i in range(40))
    raw = b"{" * 10
    source = SourceRecord("account.profile", 1, 7, key, raw, headers, 1795000000000)
    body = deadletter_record(source, ErrorCode.INTERNAL_ERROR, "x" * 100_000, "f" * 10_000, prefix_bytes=4096)
    size = len(orjson.dumps(body))
    assert size < 100_000, size
    assert len(deadletter_key(source) or b"") == KEY_PREFIX_BYTES
    src = body["source"]
    assert src["key"] == "k" * KEY_PREFIX_BYTES and src["key_length"] == 900_000 and src["key_truncated"]
    assert src["headers_count"] == 40 and src["headers_truncated"]
    assert src["headers_bytes"] == sum(len(n) + len(v) for n, v in headers)
    assert len(src["headers"]) == 16
    assert body["raw"]["sha256"] == hashlib.sha256(raw).hexdigest()
    assert len(body["error"]["message"]) <= 2000
