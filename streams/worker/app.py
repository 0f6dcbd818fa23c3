"""The app factory: the one place that wires settings, Redis, enforcement, metrics and Faust (P1)."""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

import faust
from redis.asyncio import Redis

from enforcement.accounts.redis_stores import (
    RedisCredentialChecks,
    RedisCredentialStore,
    RedisProfileStore,
    RedisRecheckClaims,
)
from enforcement.assembly import Assembled, RuleStores, assemble_enforcement
from enforcement.churn.redis import RedisChurn
from enforcement.content.redis_stores import RedisReportStore, RedisReviewStore
from enforcement.early.redis import RedisEarlyRecords
from enforcement.identity import shipped_index
from enforcement.ledger.redis import RedisLedger
from enforcement.policy import Policy, load_policy
from enforcement.registry import load_default_registry
from enforcement.registry.redis_release import RedisReleaseManifest
from enforcement.registry.release import check_release
from enforcement.sanctions import Sanctioner
from enforcement.sanctions.redis_stores import RedisBrakes, RedisDirectory, RedisSchedule, schedule_buckets
from enforcement.watermark.redis import RedisLaneHolds, RedisWatermark
from streams.bus import topics
from streams.observability.metrics import Metrics
from streams.settings import Settings
from streams.version import VERSION
from streams.worker.agents import add_agent
from streams.worker.avatar_hashing import make_avatar_hasher
from streams.worker.heap import settle_long_lived
from streams.worker.lag import lanes_behind, lanes_not_taken, record_consumer_lag
from streams.worker.processor import RecordProcessor
from streams.worker.redis_client import connect
from streams.worker.registry_follower import follow_registry
from streams.worker.sink import FaustSink
from streams.worker.transport import Transport

log = logging.getLogger(__name__)


@dataclass
class Worker:
    """A built worker: the Faust app plus what it was built from (tests and the CLI reach in here)."""

    app: faust.App
    settings: Settings
    metrics: Metrics
    redis: Redis


def create_worker(settings: Settings) -> Worker:
    """Build the Faust app with the batch agent over every input topic and `/metrics` on the web port."""
    brokers = [f"kafka://{host.strip()}" for host in settings.kafka_bootstrap.split(",") if host.strip()]
    metrics = Metrics(VERSION)
    datadir = Path(tempfile.gettempdir()) / "qinglang-faust"  # Faust wants one; no tables, so nothing is kept
    datadir.mkdir(exist_ok=True)
    app = faust.App(
        settings.app_id,
        broker=brokers,
        # SASL and/or TLS as QINGLANG_KAFKA_SECURITY_PROTOCOL says (None: PLAINTEXT); the same settings the
        # registry follower and the pre-flight admin client use (Settings.kafka)
        broker_credentials=settings.kafka.faust_credentials(),
        store="memory://",  # Redis is the only state store, no Faust tables: workers share it
        datadir=str(datadir / settings.app_id),
        web_host=settings.web_host,
        web_bind=settings.web_host,
        web_port=settings.web_port,
        # The port serves /metrics (and Faust's {"status": "OK"} at /) only: Faust's router, table, graph,
        # statistics and performance pages describe the app's internals to whoever can reach the port.
        web_router_enabled=False,
        web_tables_enabled=False,
        web_graph_enabled=False,
        web_stats_enabled=False,
        web_metrics_enabled=False,
        topic_disable_leader=True,
        topic_allow_declare=False,  # ensure_topics() creates topics with the right partitions and configs
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication,
        consumer_auto_offset_reset="earliest",
        broker_commit_interval=settings.commit_interval_s,
        producer_acks=-1,
        version=1,
        monitor=metrics.faust_monitor(),
    )
    app.transport = Transport(app.conf.broker_consumer, app)  # before anything creates the stock one
    names = topics.TopicNames(settings.topic_prefix)
    redis = connect(settings, metrics, autopipeline=True)
    built = build_enforcement(settings, redis, metrics)
    enforcement, holder, hot_events = built.enforcement, built.index, built.hot_events
    manifest = RedisReleaseManifest(redis, key_prefix=settings.key_prefix())
    for family, on in enforcement.families.items():
        metrics.rule_family_on.labels(family).set(1 if on else 0)
    off = sorted(family for family, on in enforcement.families.items() if not on)
    if off:  # the worker wires every family; only avatar fetching can be off (QINGLANG_AVATAR_HOSTS empty)
        log.info("rule families off: %s", ", ".join(off), extra={"families_off": off})
    processor = RecordProcessor(settings, enforcement, FaustSink(app, names), metrics,
                                on_stopped=lambda: _stop_waiting_for_held_batches(app),
                                holds=RedisLaneHolds(redis, key_prefix=settings.key_prefix()),
                                lanes=lanes_behind(app, names))
    add_agent(app, names, settings, processor, lanes_not_taken(app, names))
    settle_long_lived()  # the index just built lives as long as the worker

    @app.task
    async def registry_follower() -> None:
        async def release_checked() -> None:
            changed = await check_release(load_default_registry(), holder.current.registry, manifest,
                                          processor.registry_changed)
            if changed:
                log.info("re-checked existing accounts against %d identities (or its vocabulary's words) this "
                         "release adds to or changes in the shipped registry", changed,
                         extra={"release_identities": changed})

        await follow_registry(settings.kafka, names, holder, processor.dead_letter, metrics,
                              hot_events=hot_events, on_batch=processor.registry_changed,
                              on_caught_up=release_checked)

    @app.timer(interval=settings.lag_interval_s)
    async def consumer_lag() -> None:
        record_consumer_lag(app, names, metrics)

    @app.timer(interval=settings.schedule_interval_s)
    async def fire_due() -> None:
        # Lifts whose event time the shared watermark passed while this worker's partitions were idle;
        # the decision is the watermark's (replays must decide the same), the timer only looks.
        await processor.fire_due()

    @app.page("/metrics")
    async def metrics_page(web: faust.web.Web, request: faust.web.Request) -> faust.web.Response:
        response = web.bytes(metrics.render())
        response.headers["Content-Type"] = metrics.content_type
        return response

    return Worker(app, settings, metrics, redis)


def _stop_waiting_for_held_batches(app: faust.App) -> None:
    """A stopped processor holds its batch's messages for good (their offsets must not commit). Faust's
    shutdown and rebalance wait until every taken message is acknowledged (`stream_wait_empty`), which
    would then never happen: SIGTERM would hang and a rebalance stall. From the stop on they commit what
    was acknowledged and go on; the held batch stays uncommitted and is consumed again after the restart."""
    app.conf.stream_wait_empty = False


def build_enforcement(settings: Settings, redis: Redis, metrics: Metrics) -> Assembled:
    """Every rule family over the Redis stores, as the worker runs them (the batch tests build it too), with
    the registry holders the follower keeps current."""
    key_prefix = settings.key_prefix()
    policy = load_policy(settings.policy or None)
    shadow_policy = load_policy(settings.shadow_policy) if settings.shadow_policy else None
    stores = RuleStores(
        watermark=RedisWatermark(redis, key_prefix=key_prefix, allowed_lateness_ms=settings.allowed_lateness_s * 1000,
                                 deferred=True),  # shared once per batch
        sanctioner=make_sanctioner(redis, policy, key_prefix, shadow=policy.mode == "shadow"),
        shadow=None if shadow_policy is None else make_sanctioner(redis, shadow_policy, key_prefix, shadow=True),
        churn=RedisChurn(redis, key_prefix=key_prefix),
        profiles=RedisProfileStore(redis, key_prefix=key_prefix),
        credentials=RedisCredentialStore(redis, key_prefix=key_prefix),
        credential_schedule=RedisSchedule(redis, key_prefix=f"{key_prefix}credentials:",
                                          buckets=schedule_buckets(redis)),
        credential_checks=RedisCredentialChecks(redis, key_prefix=key_prefix),
        recheck_claims=RedisRecheckClaims(redis, key_prefix=key_prefix),
        reports=RedisReportStore(redis, key_prefix=key_prefix),
        reviews=RedisReviewStore(redis, key_prefix=key_prefix),
        early=RedisEarlyRecords(redis, key_prefix=key_prefix),
    )
    # the follower swaps in the registry topics' updates once it has read them
    return assemble_enforcement(stores, index=shipped_index(), policy=policy,
                                avatar_hasher=make_avatar_hasher(settings, metrics))


def make_sanctioner(redis: Redis, policy: Policy, key_prefix: str, *, shadow: bool) -> Sanctioner:
    """One policy's sanctioner; a shadow one keeps its strikes and schedule under `<prefix>shadow:`."""
    prefix = key_prefix + ("shadow:" if shadow else "")
    return Sanctioner(
        ledger=RedisLedger(redis, policy, key_prefix=prefix), directory=RedisDirectory(redis, key_prefix=prefix),
        schedule=RedisSchedule(redis, key_prefix=prefix, buckets=schedule_buckets(redis)),
        brakes=RedisBrakes(redis, key_prefix=prefix),
        policy=policy, shadow=shadow,
    )
