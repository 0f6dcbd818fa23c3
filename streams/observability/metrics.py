"""The worker's Prometheus metrics (P3), on its own registry, served at `/metrics` on the web port."""

from __future__ import annotations

from typing import Any

from faust.sensors.prometheus import FaustMetrics, PrometheusMonitor
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    Info,
    PlatformCollector,
    ProcessCollector,
    disable_created_metrics,
    generate_latest,
)

from enforcement.events import ACCOUNT_TOPICS, EVENT_SPECS, ErrorCode
from enforcement.rules import RULES

disable_created_metrics()  # `_created` series add nothing for a long-running worker

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_REDIS_BUCKETS = (0.0002, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)
_BATCH_SIZE_BUCKETS = (1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000)
_DECISION_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 3600.0)
SANCTIONS: tuple[str, ...] = (
    "notice", "warning", "mute", "unmute", "close", "reopen", "blacklist", "unblacklist", "withdraw",
    "registration_blocked",
)
APPEAL_RESULTS: tuple[str, ...] = ("overturned", "upheld", "unknown_violation")
REDIS_OPERATIONS: tuple[str, ...] = ("evalsha", "pipeline", "get", "set", "sismember", "sadd")
FAUST_PREFIX = "faust"  # Faust's own PrometheusMonitor series: faust_total_rebalances, faust_consumer_commit_latency…


class Metrics:
    """Every metric the worker exports; labels are bounded (topics, types, codes), never account ids."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self, version: str) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        reg = self.registry
        self.build_info = Info("qinglang_build", "Qinglang version running in this worker", registry=reg)
        self.build_info.info({"version": version})
        self.events = Counter(
            "qinglang_events", "Valid input events handed to enforcement", ["topic", "type"], registry=reg
        )
        self.deadletters = Counter(
            "qinglang_deadletters", "Input records sent to the dead-letter topic", ["topic", "code"], registry=reg
        )
        self.processing = Histogram(
            "qinglang_processing_seconds", "Seconds per record to decode, enforce and emit (its batch's time shared"
            " by the batch's records)", ["topic"],
            buckets=_LATENCY_BUCKETS, registry=reg,
        )
        self.batch_size = Histogram(
            "qinglang_batch_size", "Records per batch the worker took", buckets=_BATCH_SIZE_BUCKETS, registry=reg,
        )
        self.batch_seconds = Histogram(
            "qinglang_batch_seconds", "Seconds to decode, enforce and emit one batch (outputs on Kafka included)",
            buckets=_LATENCY_BUCKETS, registry=reg,
        )
        self.redis_round_trips = Counter(
            "qinglang_redis_round_trips", "Round trips to Redis (a pipeline of many commands counts once)",
            registry=reg,
        )
        self.dependency_retries = Counter(
            "qinglang_dependency_retries", "Retries after a Redis or Kafka failure", ["dependency"], registry=reg
        )
        self.fatal_dependency_errors = Counter(
            "qinglang_fatal_dependency_errors", "Non-retriable Redis or Kafka errors that stopped this worker's"
            " processing (an ACL, an authorization, a record the broker refuses)", ["dependency"], registry=reg
        )
        self.partition_stopped = Gauge(
            "qinglang_partition_stopped", "1 while a partition's batch is held after a non-retriable dependency"
            " error (nothing committed; fix the cause, then restart the worker)", ["topic", "partition"],
            registry=reg,
        )
        self.watermark = Gauge(
            "qinglang_watermark_seconds", "Event-time watermark (epoch seconds) seen by this worker", registry=reg
        )
        self.watermark_holds = Gauge(
            "qinglang_watermark_holding_partitions", "Input partitions behind their end that hold back what the"
            " watermark makes due (mute lifts, credential expiries), as this worker last read them", registry=reg
        )
        self.registry_identities = Gauge(
            "qinglang_registry_identities", "Protected identities in the current registry snapshot", registry=reg
        )
        self.hot_events = Gauge(
            "qinglang_hot_events", "Hot events in the current registry.hot_event snapshot (D9), active or not",
            registry=reg,
        )
        self.rule_family_on = Gauge(
            "qinglang_rule_family_on", "1 for each rule family this worker runs, 0 for one it runs without"
            " (its events only advance the watermark)", ["family"], registry=reg,
        )
        self.registry_logos = Gauge("qinglang_registry_logos", "Logo hashes in the registry's logo bank", registry=reg)
        self.registry_updated = Gauge(
            "qinglang_registry_last_update_timestamp_seconds", "When the registry snapshot was last swapped",
            registry=reg,
        )
        self.violations = Counter(
            "qinglang_violations", "Violations detected", ["requirement", "rule"], registry=reg
        )
        self.reviews = Counter("qinglang_review_items", "Items sent to human review", ["reason"], registry=reg)
        self.avatar_fetches = Counter(
            "qinglang_avatar_fetches", "Avatar fetches by result (ok or an error code)", ["result"], registry=reg
        )
        self.decision_latency = Histogram(
            "qinglang_decision_latency_seconds",
            "Seconds from an event's occurred_at to the worker's decision on it (wall clock)", ["topic"],
            buckets=_DECISION_BUCKETS, registry=reg,
        )
        self.actions = Counter("qinglang_actions", "Actions emitted on qinglang.actions", ["sanction"], registry=reg)
        self.shadow_actions = Counter(
            "qinglang_shadow_actions", "Would-be actions of a shadow policy (nothing real emitted)", ["sanction"],
            registry=reg,
        )
        self.appeals = Counter("qinglang_appeals", "Appeal decisions applied to the ledger", ["result"], registry=reg)
        self.reports = Counter(  # the policy's categories only (an unnamed one counts as "other"): bounded
            "qinglang_reports", "report.filed events counted, by policy category (D11)", ["category"], registry=reg)
        self.review_decisions = Counter(
            "qinglang_review_decisions", "Reviewers' decisions read from review.decision, by outcome",
            ["decision"], registry=reg,
        )
        self.redis_seconds = Histogram(
            "qinglang_redis_seconds", "Seconds per Redis call by operation", ["operation"],
            buckets=_REDIS_BUCKETS, registry=reg,
        )
        self.redis_errors = Counter(
            "qinglang_redis_errors", "Redis calls that failed, by operation", ["operation"], registry=reg
        )
        self.consumer_lag = Gauge(
            "qinglang_consumer_lag", "Records behind the partition's high watermark, per assigned partition",
            ["topic", "partition"], registry=reg,
        )
        self._lag_series: set[tuple[str, str]] = set()
        self.breaker_open = Gauge(
            "qinglang_breaker_open", "1 while a rule's circuit breaker sends its sanctions to review", ["rule"],
            registry=reg,
        )
        self.breaker_trips = Counter(
            "qinglang_breaker_trips", "Times a rule's circuit breaker opened", ["rule"], registry=reg
        )
        self.closures_capped = Counter(
            "qinglang_closures_capped", "Automated closures sent to review by the hourly closure cap", registry=reg
        )
        self.credential_items_fired = Counter(  # D7 expiries and notices the watermark made due
            "qinglang_credential_items_fired", "Credential expiry and notice schedule items fired", registry=reg
        )
        self.registry_rechecks = Counter(  # registry records this worker re-checked accounts for
            "qinglang_registry_rechecks", "Registry records whose re-check of existing accounts this worker ran",
            registry=reg,
        )
        for rule in RULES:
            self.violations.labels(rule.requirement, rule.rule_id)
            self.breaker_open.labels(rule.rule_id).set(0)
            self.breaker_trips.labels(rule.rule_id)
        for sanction in SANCTIONS:
            self.actions.labels(sanction)
            self.shadow_actions.labels(sanction)
        for dependency in ("redis", "kafka"):
            self.fatal_dependency_errors.labels(dependency)
        for result in APPEAL_RESULTS:
            self.appeals.labels(result)
        for operation in REDIS_OPERATIONS:
            self.redis_seconds.labels(operation)
            self.redis_errors.labels(operation)
        for spec in EVENT_SPECS:
            self.events.labels(spec.topic, spec.type)
        for topic in ACCOUNT_TOPICS:
            self.processing.labels(topic)
            self.decision_latency.labels(topic)
            for code in ErrorCode:
                self.deadletters.labels(topic, str(code))

    def set_consumer_lag(self, lags: dict[tuple[str, str], int]) -> None:
        """Lag of exactly the partitions this worker holds now: a partition revoked in a rebalance loses
        its series (another worker reports it), so a stale value never lingers in sums or alerts."""
        for labels in set(self._lag_series) - set(lags):
            self.consumer_lag.remove(*labels)
        for labels, lag in lags.items():
            self.consumer_lag.labels(*labels).set(lag)
        self._lag_series = set(lags)

    def faust_monitor(self) -> PrometheusMonitor:
        """Faust's own monitor (rebalances, commits, send latency) writing into this registry (P3)."""
        return _TransportMonitor(FaustMetrics.create(self.registry, FAUST_PREFIX))

    def render(self) -> bytes:
        return generate_latest(self.registry)


class _TransportMonitor(PrometheusMonitor):
    """Faust's monitor without its per-record bookkeeping.

    Faust calls its sensors for every record: on the way in, the stock monitor updates a per-topic and a
    per-partition series (two label lookups), and for each event an agent's stream yields it derives a label
    from the stream's name (a regular expression each time), keeps timings and updates three more. The worker
    counts its records itself (`qinglang_events_total`, `qinglang_processing_seconds`, consumer lag per
    partition), so here a record only counts in `faust_messages_received_total` and the active gauge; the
    Faust series about commits, sends and rebalances stay as they are. Faust also reports the end offset of
    a record's partition with every record it fetches: the gauge's child per partition is looked up once.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._end_offset_gauges: dict[Any, Any] = {}

    def track_tp_end_offset(self, tp: Any, offset: int) -> None:
        self.tp_end_offsets[tp] = offset
        gauge = self._end_offset_gauges.get(tp)
        if gauge is None:
            gauge = self._end_offset_gauges[tp] = self._metrics.topic_partition_end_offset.labels(
                topic=tp.topic, partition=tp.partition)
        gauge.set(offset)

    def on_message_in(self, tp: Any, offset: int, message: Any) -> None:
        self._metrics.messages_received.inc()
        self._metrics.active_messages.inc()

    def on_message_out(self, tp: Any, offset: int, message: Any) -> None:
        self._metrics.active_messages.dec()

    def on_stream_event_in(self, tp: Any, offset: int, stream: Any, event: Any) -> dict[str, Any] | None:
        return None

    def on_stream_event_out(self, tp: Any, offset: int, stream: Any, event: Any,
                            state: dict[str, Any] | None = None) -> None:
        return None
