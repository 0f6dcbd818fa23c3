"""Local Apache Kafka (KRaft) and Redis for the demo and the tests, on 127.0.0.1 only."""

from streams.local.services.errors import ServiceError
from streams.local.services.kafka import (
    KafkaBroker,
    KafkaCluster,
    ensure_kafka_jars,
    grant,
    restart_kafka,
    start_kafka,
    start_kafka_cluster,
)
from streams.local.services.redis import RedisServer, TlsFiles, start_redis, start_secure_redis
from streams.local.services.redis_cluster import RedisClusterNodes, start_redis_cluster

__all__ = ["KafkaBroker", "KafkaCluster", "RedisClusterNodes", "RedisServer", "ServiceError", "TlsFiles",
           "ensure_kafka_jars", "grant", "restart_kafka", "start_kafka", "start_kafka_cluster", "start_redis",
           "start_redis_cluster", "start_secure_redis"]
