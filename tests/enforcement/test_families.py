"""Every rule family is wired or said to be off, in one place: an Enforcement without a family's collaborator
names it, and that family's events only advance the watermark."""

from __future__ import annotations

import asyncio

from stateful_events import event, make_world, vocabulary_registry

from enforcement.events import Event, models
from enforcement.identity import IdentityIndex, shipped_index
from enforcement.identity.holder import IndexHolder
from enforcement.pipeline import Enforcement
from enforcement.policy import load_policy
from enforcement.watermark import InMemoryWatermark
from streams.offline.what_if import in_memory_enforcement


def test_a_bare_enforcement_names_every_family_it_runs_without() -> None:
    holder = IndexHolder(IdentityIndex.build(vocabulary_registry()))
    bare = Enforcement(watermark=InMemoryWatermark(0), index=holder, policy=load_policy())
    assert bare.families == dict.fromkeys(("sanctions", "credentials", "registry_recheck", "content", "churn",
                                           "hot_events", "early_records", "avatar_fetching"), False)
    report = event("report.filed", account_id="u:1", event_id="r1", occurred_at="2026-01-01T00:00:00Z")
    handled = asyncio.run(bare.handle(report))
    assert handled.violations == () and handled.actions == () and handled.reviews == ()
    assert handled.watermark_ms == 1_767_225_600_000  # it still advanced the watermark


def test_the_stateful_world_runs_sanctions_credentials_and_re_checks() -> None:
    families = make_world(vocabulary_registry()).enforcement.families
    assert {name for name, on in families.items() if on} == {"sanctions", "credentials", "registry_recheck",
                                                             "early_records"}


def _leaves(kind: type[Event]) -> set[type[Event]]:
    """The event types nothing derives from, as the models module names them (a slotted dataclass is
    made again by its decorator, so `__subclasses__` can also list the first making)."""
    below = [vars(models)[sub.__name__] for sub in kind.__subclasses__()]
    return {kind} if not below else {leaf for sub in below for leaf in _leaves(sub)}


def test_with_every_family_wired_every_event_type_has_its_handler() -> None:
    """The table is keyed by each event's own type: a type missing from it would be silently ignored."""
    enforcement = in_memory_enforcement(shipped_index(), load_policy()).enforcement
    assert _leaves(Event) == set(enforcement._handlers)


def test_the_assembled_in_memory_enforcement_runs_every_family_but_avatar_fetching() -> None:
    """`policy diff` (in-memory twins) and the worker (Redis adapters) get their Enforcement from the one
    assembly; only the worker, which is given a hasher, fetches avatars (its every family on:
    tests/streams/test_batch_processor.py)."""
    families = in_memory_enforcement(shipped_index(), load_policy()).enforcement.families
    assert {name for name, on in families.items() if not on} == {"avatar_fetching"}
