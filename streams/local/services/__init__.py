"""Local Apache Kafka (KRaft) and Redis for the demo and the tests, on 127.0.0.1 only."""

from streams.local.services.errors import ServiceError
from streams.local.services.kafka import KafkaBroker, ensure_kafka_jars, restart_kafka, start_kafka
from streams.local.services.redis import RedisServer, start_redis

__all__ = ["KafkaBroker", "RedisServer", "ServiceError", "ensure_kafka_jars", "restart_kafka",
           "start_kafka", "start_redis"]
