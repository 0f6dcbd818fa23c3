"""Where the consumer stands on each input partition: the lag it reports and the partitions still behind,
read from a consumer with known assignment, high watermarks and commits."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from faust.types import TP

from streams.bus.topics import TopicNames
from streams.observability.metrics import Metrics
from streams.worker.lag import lanes_behind, record_consumer_lag
from streams.worker.processor import LaneState

NAMES = TopicNames("t.")


class _Consumer:
    def __init__(self, highwaters: dict[TP, int | None], committed: dict[TP, int]) -> None:
        self._highwaters = highwaters
        self._committed_offset = committed

    def assignment(self) -> set[TP]:
        return set(self._highwaters)

    def highwater(self, tp: TP) -> int | None:
        return self._highwaters[tp]


def _app() -> Any:
    highwaters = {TP("t.account.profile", 0): 10, TP("t.account.profile", 1): 5, TP("t.content.label", 0): 7,
                  TP("t.content.label", 1): None, TP("t.registry.official", 0): 99}
    committed = {TP("t.account.profile", 0): 4, TP("t.account.profile", 1): 5}
    return SimpleNamespace(consumer=_Consumer(highwaters, committed))


def test_a_partition_is_behind_until_processed_or_committed_to_its_end() -> None:
    view = lanes_behind(_app(), NAMES)
    assigned = frozenset({("account.profile", 0), ("account.profile", 1), ("content.label", 0),
                          ("content.label", 1)})  # the registry topic is not an input partition
    assert view({}) == LaneState(assigned, frozenset({("account.profile", 0), ("content.label", 0)}))
    # processed here to the end (offset 10 next): no longer behind, whatever is committed
    assert view({("account.profile", 0): 10, ("content.label", 0): 6}) == LaneState(
        assigned, frozenset({("content.label", 0)}))


def test_lag_is_highwater_less_committed() -> None:
    metrics = Metrics("test")
    record_consumer_lag(_app(), NAMES, metrics)
    page = metrics.render().decode()
    assert 'qinglang_consumer_lag{partition="0",topic="account.profile"} 6.0' in page
    assert 'qinglang_consumer_lag{partition="1",topic="account.profile"} 0.0' in page
    assert 'qinglang_consumer_lag{partition="0",topic="content.label"} 7.0' in page
    assert 'topic="content.label",partition="1"' not in page and 'partition="1",topic="content.label"' not in page
