"""Local Apache Kafka (KRaft) and Redis for the demo and the tests, on 127.0.0.1 only."""

from streams.services.errors import ServiceError
from streams.services.kafka import KafkaBroker, ensure_kafka_jars, start_kafka
from streams.services.redis import RedisServer, start_redis

__all__ = ["KafkaBroker", "RedisServer", "ServiceError", "ensure_kafka_jars", "start_kafka", "start_redis"]
