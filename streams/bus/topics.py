"""Topic names and creation (P1): logical names, the deployment prefix, partitions and compaction."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError

from enforcement.events import ACCOUNT_TOPICS
from streams.bus.connection import Kafka, KafkaRefusedError, client_kwargs, refusal

REGISTRY_OFFICIAL = "registry.official"
REGISTRY_HOT_EVENT = "registry.hot_event"
VIOLATIONS = "qinglang.violations"
ACTIONS = "qinglang.actions"
SHADOW_ACTIONS = "qinglang.actions.shadow"  # would-be actions of a policy running in shadow mode
REVIEW = "qinglang.review"
DEADLETTER = "qinglang.deadletter"
PROCESSED = "qinglang.processed"

INPUT_TOPICS: tuple[str, ...] = ACCOUNT_TOPICS  # consumed by the group, keyed by account id
REGISTRY_TOPICS: tuple[str, ...] = (REGISTRY_OFFICIAL, REGISTRY_HOT_EVENT)  # compacted, keyed by identity id
OUTPUT_TOPICS: tuple[str, ...] = (VIOLATIONS, ACTIONS, SHADOW_ACTIONS, REVIEW, DEADLETTER, PROCESSED)
ALL_TOPICS: tuple[str, ...] = INPUT_TOPICS + REGISTRY_TOPICS + OUTPUT_TOPICS
COMPACTED: frozenset[str] = frozenset(REGISTRY_TOPICS)


DEFAULT_MAX_TIMESTAMP_AHEAD_MS = 300_000  # QINGLANG_MAX_TIMESTAMP_AHEAD's default


def _topic_configs(topic: str, max_timestamp_ahead_ms: int | None) -> dict[str, str]:
    """Registry topics are compacted. Output records carry their decision's event time as timestamp;
    on the output topics the broker stamps append time instead, so retention counts from when a decision
    was written and the outputs of a replayed old recording are not deleted at once.

    On the topics the pipeline reads, the broker refuses a record stamped more than
    `max_timestamp_ahead_ms` after its own clock (Kafka 3.6+): event time may pass the record timestamp
    only by QINGLANG_MAX_EVENT_SKEW, so this bounds every accepted event time by the broker's clock, and
    the shared watermark cannot be pushed into the future by a producer that stamps records there."""
    configs: dict[str, str] = {}
    if topic in COMPACTED:
        configs["cleanup.policy"] = "compact"
    if topic in OUTPUT_TOPICS:
        configs["message.timestamp.type"] = "LogAppendTime"
    elif max_timestamp_ahead_ms is not None:
        configs["message.timestamp.after.max.ms"] = str(max_timestamp_ahead_ms)
    return configs


@dataclass(frozen=True, slots=True)
class TopicNames:
    """Maps logical topic names to their names on the cluster (`QINGLANG_TOPIC_PREFIX` + name)."""

    prefix: str = ""

    def physical(self, logical: str) -> str:
        return self.prefix + logical

    def logical(self, physical: str) -> str:
        if self.prefix and physical.startswith(self.prefix):
            return physical[len(self.prefix):]
        return physical


async def ensure_topics(
    bootstrap: Kafka,
    names: TopicNames,
    *,
    partitions: int,
    replication: int,
    topics: tuple[str, ...] = ALL_TOPICS,
    timeout_s: float = 60.0,
    max_timestamp_ahead_ms: int | None = DEFAULT_MAX_TIMESTAMP_AHEAD_MS,
) -> list[str]:
    """Create whichever of `topics` are missing; returns the physical names created. Retries until reachable.

    `max_timestamp_ahead_ms`: `message.timestamp.after.max.ms` of the input and registry topics (None: the
    broker's default, for synthetic recordings stamped after today). Existing topics are left as they are."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        admin = AIOKafkaAdminClient(**client_kwargs(bootstrap), request_timeout_ms=10_000)
        try:
            await admin.start()
            existing = set(await admin.list_topics())
            wanted = [
                NewTopic(
                    names.physical(topic),
                    num_partitions=1 if topic in COMPACTED else partitions,
                    replication_factor=replication,
                    topic_configs=_topic_configs(topic, max_timestamp_ahead_ms),
                )
                for topic in topics
                if names.physical(topic) not in existing
            ]
            if wanted:
                with contextlib.suppress(TopicAlreadyExistsError):  # another worker created them first
                    await admin.create_topics(wanted)
            return [topic.name for topic in wanted]
        except KafkaError as exc:
            # Bad credentials or an unverifiable certificate do not heal with time: say so at once rather
            # than retrying until the deadline and then calling the brokers unreachable.
            refused = await refusal(bootstrap)
            if refused:
                raise ConnectionError(refused) from None
            if asyncio.get_running_loop().time() > deadline:
                raise ConnectionError(f"Kafka at {bootstrap} is not reachable: {exc!r}") from exc
            await asyncio.sleep(1.0)
        finally:
            await admin.close()


async def topic_partitions(bootstrap: Kafka, physical_topics: list[str], *, timeout_s: float = 30.0,
                           ) -> list[TopicPartition]:
    """Every partition of the named topics, from fresh cluster metadata; ValueError for a missing topic.

    On a cluster with a node down the admin client can pick that node for the request and fail at once
    with a retriable error: the request is tried again (a fresh client each time) until `timeout_s`."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        admin = AIOKafkaAdminClient(**client_kwargs(bootstrap))
        try:
            await admin.start()
            found: list[TopicPartition] = []
            for description in await admin.describe_topics(physical_topics):
                if description.get("error_code"):
                    raise ValueError(f"topic {description.get('topic')!r} does not exist")
                found += [TopicPartition(description["topic"], p["partition"]) for p in description["partitions"]]
            return sorted(found)
        except KafkaError as exc:
            if not exc.retriable or asyncio.get_running_loop().time() > deadline:
                raise
            refused = await refusal(bootstrap)  # refused credentials look retriable to aiokafka; they are not
            if refused:
                raise KafkaRefusedError(refused) from None
            await asyncio.sleep(0.5)
        finally:
            await admin.close()
