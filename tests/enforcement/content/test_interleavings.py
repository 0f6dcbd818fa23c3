"""Determinism for the content rules (P9): the reports golden in two interleavings of its topics gives the same ids."""

from __future__ import annotations

import asyncio

from content_rig import memory_rig
from golden import case_phases, load_expected

from enforcement.events import decode_event
from enforcement.identity import IdentityIndex
from streams.bus.recording import read_recording


def _ids(index: IdentityIndex, *, reverse_topics: bool) -> set[tuple[str, str]]:
    async def main() -> set[tuple[str, str]]:
        rig = memory_rig(index)
        seen: set[tuple[str, str]] = set()
        for path in case_phases("reports"):
            records = list(read_recording(path))
            # another interleaving: topics in reverse name order; each topic (so each account here) keeps its order
            ordered = sorted(records, key=lambda r: r.topic, reverse=True) if reverse_topics else records
            for record in ordered:
                out = await rig.run(decode_event(record.value, topic=record.topic, key=record.key))
                seen |= {(kind, item[key]) for kind, key in (("violations", "violation_id"), ("actions", "action_id"),
                                                             ("reviews", "review_id")) for item in out[kind]}
        return seen

    return asyncio.run(main())


def test_two_interleavings_give_the_same_ids(index: IdentityIndex) -> None:
    """…and the same ids the real worker gave over Kafka and Redis (the golden's expected output)."""
    kinds = {"qinglang.violations": "violations", "qinglang.actions": "actions", "qinglang.review": "reviews"}
    golden = {(kinds[topic], id_) for topic, id_ in load_expected("reports") if topic in kinds}
    first = _ids(index, reverse_topics=False)
    assert len(first) == 29 and first == golden
    assert first == _ids(index, reverse_topics=True)
