"""Kafka record plumbing: topic names, consumed and produced records, recordings, record/replay, dead letters."""
