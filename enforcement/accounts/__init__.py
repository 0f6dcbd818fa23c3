"""Per-account state the stateful rules read (D6, D7, registry re-checks): the current profile and the credentials.

Protocols plus single-process twins here (`profiles.py`, `credentials.py`); the Redis versions shared
by every worker are in `redis_stores.py`. Every write is ordered by event time: an older event never
overwrites what a newer one set, so a late or redelivered record changes nothing.
"""

from __future__ import annotations


def version_of(at_ms: int, event_id: str) -> str:
    """The order key of a write: event time first, the event id breaking ties (compared as text)."""
    return f"{max(at_ms, 0):015d}:{event_id}"


def version_parts(version: str) -> tuple[int, str]:
    """The event time and event id a `version_of` key was made of."""
    at_ms, _, event_id = version.partition(":")
    return int(at_ms), event_id
