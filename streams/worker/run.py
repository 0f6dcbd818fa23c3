"""`qinglang worker`: pre-flight checks, topic creation, then the Faust worker until SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import logging.config
from typing import Any

import redis
from redis.cluster import RedisCluster
from redis.exceptions import RedisClusterException

from streams.bus.topics import TopicNames, ensure_topics
from streams.observability.logs import logging_config
from streams.redis_connection import check_permissions, failure, is_cluster_url, sync_client
from streams.settings import Settings, SettingsError
from streams.version import VERSION
from streams.worker.app import create_worker

log = logging.getLogger(__name__)


def preflight(settings: Settings, *, timeout_s: float = 60.0) -> None:
    """Fail fast with a clear message when Kafka or Redis is unreachable, refuses the worker's credentials
    or its ACL lacks a command the worker runs; create missing topics."""
    cluster_url = is_cluster_url(settings.redis_url)
    try:
        client = sync_client(settings, socket_connect_timeout=5, socket_timeout=10)
        client.ping()
        if isinstance(client, RedisCluster):
            # the ACL check asks one node (ACL WHOAMI and DRYRUN have no key to route by); every node of a
            # cluster is expected to hold the same users (docs/security.md, "Redis")
            node_client = client.get_redis_connection(client.get_default_node())
            clustered = True
        else:
            node_client = client
            clustered = bool(client.info("cluster").get("cluster_enabled"))
    except SettingsError as exc:
        raise SystemExit(f"qinglang worker: {exc}") from None
    except RedisClusterException as exc:  # e.g. a redis+cluster:// URL naming a node without cluster mode
        raise SystemExit(f"qinglang worker: Redis at {settings.redis_url_shown} is not a usable Redis Cluster: "
                         f"{exc}") from None
    except redis.RedisError as exc:
        raise SystemExit(f"qinglang worker: {failure(settings, exc)}") from None
    if clustered and not cluster_url:
        # A single-server client would meet MOVED for most keys: every batch would retry for ever while the
        # partitions stall. The cluster client follows the slots, so say which URL selects it.
        raise SystemExit(f"qinglang worker: Redis at {settings.redis_url_shown} is a Redis Cluster node, but "
                         "QINGLANG_REDIS_URL is a single-server URL: name the cluster's nodes as "
                         "redis+cluster://host:port[,host:port…] (rediss+cluster:// for TLS) instead "
                         "(docs/operations.md, Scaling)")
    # a missing grant would otherwise stop the partitions at the first batch that needs it
    refused = check_permissions(settings, node_client, settings.key_prefix())
    client.close()
    if refused:
        raise SystemExit(f"qinglang worker: {refused}")
    try:
        created = asyncio.run(
            ensure_topics(
                settings.kafka,
                TopicNames(settings.topic_prefix),
                partitions=settings.partitions,
                replication=settings.replication,
                timeout_s=timeout_s,
                max_timestamp_ahead_ms=settings.max_timestamp_ahead_s * 1000,
            )
        )
    except ConnectionError as exc:
        raise SystemExit(f"qinglang worker: {exc}") from None
    if created:
        log.warning("created topics: %s", ", ".join(created))


def use_event_loop(name: str) -> None:
    """Make `name` the loop every later `asyncio` loop comes from (mode's own switch, the one Faust's
    `--loop` option uses); set before Faust creates its loop."""
    import mode.loop

    try:
        mode.loop.use("aio" if name == "asyncio" else name)
    except ImportError:
        raise SystemExit(f"qinglang worker: QINGLANG_EVENT_LOOP={name} but {name} is not installed "
                         "(pip install uvloop, or set QINGLANG_EVENT_LOOP=asyncio)") from None
    log.info("event loop", extra={"event_loop": name})


def faust_worker(settings: Settings, app: Any) -> Any:
    """Faust's worker for `app`, logging as `settings` say, without Faust's terminal spinner.

    To spin on every log message, Faust sets the root logger to DEBUG and adds a handler for the spinner;
    every library's debug call then builds a record (aiokafka logs one for each message sent), which cost
    ~3 % of a busy worker's CPU with nothing printed. Without the spinner the root logger keeps the level
    `QINGLANG_LOG_LEVEL` gives it."""
    from faust.worker import Worker

    class SpinnerlessWorker(Worker):
        def on_setup_root_logger(self, logger: logging.Logger, level: int) -> None:
            self.spinner = None

    config = logging_config(settings.log_level, settings.log_format)  # a fresh dict: dictConfig consumes it
    return SpinnerlessWorker(app, loglevel=settings.log_level, quiet=True, logging_config=config,
                             redirect_stdouts=False)


def run_worker(settings: Settings) -> None:
    """Run one worker of the `settings.app_id` consumer group until it is stopped."""
    from enforcement.policy import PolicyError

    logging.config.dictConfig(logging_config(settings.log_level, settings.log_format))
    log.info("worker starting", extra={"app_id": settings.app_id, "version": VERSION})
    preflight(settings)
    use_event_loop(settings.event_loop)
    try:
        worker = create_worker(settings)
    except PolicyError as exc:
        raise SystemExit(f"qinglang worker: invalid policy: {exc}") from None
    faust_worker(settings, worker.app).execute_from_commandline()
