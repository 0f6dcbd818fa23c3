"""The worker's Prometheus metrics (P3), on its own registry, served at `/metrics` on the web port."""

from __future__ import annotations

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
            "qinglang_processing_seconds", "Seconds to decode, enforce and emit one record", ["topic"],
            buckets=_LATENCY_BUCKETS, registry=reg,
        )
        self.dependency_retries = Counter(
            "qinglang_dependency_retries", "Retries after a Redis or Kafka failure", ["dependency"], registry=reg
        )
        self.watermark = Gauge(
            "qinglang_watermark_seconds", "Event-time watermark (epoch seconds) seen by this worker", registry=reg
        )
        self.registry_identities = Gauge(
            "qinglang_registry_identities", "Protected identities in the current registry snapshot", registry=reg
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
        for rule in RULES:
            self.violations.labels(rule.requirement, rule.rule_id)
        for spec in EVENT_SPECS:
            self.events.labels(spec.topic, spec.type)
        for topic in ACCOUNT_TOPICS:
            self.processing.labels(topic)
            for code in ErrorCode:
                self.deadletters.labels(topic, str(code))

    def render(self) -> bytes:
        return generate_latest(self.registry)
