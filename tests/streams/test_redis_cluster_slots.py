"""Every Lua script call and every transaction the worker makes keeps its keys in one Redis Cluster slot,
as the cluster itself computes slots (`CLUSTER KEYSLOT`): the worker's processor runs a simulated stream
of every input topic against the real cluster through a client that notes each script call's KEYS and
each transaction's keys, and every script the stores define is seen called."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import redis
from batch_rig import ListSink, as_consumed
from golden import case_env, case_phases

from enforcement import redis_script
from enforcement.accounts.checks import CheckedProfile
from enforcement.accounts.credentials import StoredCredential
from enforcement.accounts.redis_stores import RedisCredentialChecks, RedisCredentialStore
from enforcement.ledger.redis import APPLY_SOURCE, RedisLedger
from enforcement.policy import load_policy
from enforcement.sanctions.redis_stores import RedisDirectory
from enforcement.violations import Violation
from streams.bus.messages import SourceRecord
from streams.bus.recording import read_recording
from streams.bus.topics import INPUT_TOPICS
from streams.local.services import RedisClusterNodes
from streams.observability.metrics import Metrics
from streams.redis_connection import async_client
from streams.settings import Settings
from streams.simulate import SimulationOptions, simulate
from streams.worker.app import build_enforcement
from streams.worker.processor import RecordProcessor
from streams.worker.redis_client import InstrumentedClusterPipeline, InstrumentedRedis, InstrumentedRedisCluster

pytestmark = pytest.mark.e2e

Call = tuple[str, tuple[str, ...]]  # (what: a script's SHA-1 or "transaction", its keys)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class _NotingPipeline(InstrumentedClusterPipeline):
    noted: list[Call]

    async def watch(self, *names: Any) -> None:
        self._watched = [*getattr(self, "_watched", []), *map(_text, names)]
        await super().watch(*names)

    async def execute(self, raise_on_error: bool = True, allow_redirections: bool = True) -> list[Any]:
        if self._transaction:
            queued = [_text(c.args[1]) for c in self._execution_strategy._command_queue  # type: ignore[attr-defined]
                      if len(c.args) > 1]
            self.noted.append(("transaction", (*getattr(self, "_watched", []), *queued)))
        return await super().execute(raise_on_error, allow_redirections)


class _NotingCluster(InstrumentedRedisCluster):
    """The worker's cluster client, noting the keys of every script call and transaction it sends."""

    noted: list[Call]

    def _enqueue(self, args: tuple[Any, ...], options: dict[str, Any]) -> asyncio.Future[Any]:
        if args[0] in ("EVALSHA", "EVAL") and int(args[2]) > 0:
            sha = _text(args[1]) if args[0] == "EVALSHA" else hashlib.sha1(args[1].encode()).hexdigest()
            self.noted.append((sha, tuple(_text(key) for key in args[3:3 + int(args[2])])))
        return super()._enqueue(args, options)

    def pipeline(self, transaction: Any | None = None, shard_hint: Any | None = None) -> InstrumentedClusterPipeline:
        pipe = _NotingPipeline(self, transaction)
        pipe.noted = self.noted
        pipe.metrics, pipe.owner, pipe.joins_queue = self.metrics, self, self.autopipeline
        return pipe


def _settings_of(env: dict[str, str]) -> dict[str, Any]:
    """The Settings fields a golden case's env.json sets (its policy file). The intake's alignment bound
    does not apply here: the records go to the processor directly."""
    fields = {"QINGLANG_POLICY": "policy"}
    intake_only = {"QINGLANG_ALIGN_WAIT"}
    unknown = set(env) - set(fields) - intake_only
    assert not unknown, f"a golden case sets {unknown}: map them here"
    return {fields[name]: value for name, value in env.items() if name in fields}


@pytest.fixture
def defined_scripts(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """SHA-1 -> the first line of every Lua script the stores bind while the test builds the worker."""
    defined: dict[str, str] = {}
    original = redis_script.Script.__init__

    def noting(self: redis_script.Script, client: Any, source: str) -> None:
        original(self, client, source)
        defined[self.sha] = source.strip().splitlines()[0]

    monkeypatch.setattr(redis_script.Script, "__init__", noting)
    # the ledger sends its own EVALSHA
    defined[hashlib.sha1(APPLY_SOURCE.encode()).hexdigest()] = "ledger: apply_violation.lua"
    yield defined


def _streams() -> list[tuple[str, dict[str, str], list[SourceRecord]]]:
    """A simulated stream of every input topic, then the golden cases that reach what it does not (appeals
    and lifts, credential amendments and notices, review decisions), each phase after the one before."""
    streams = [("simulated", {}, as_consumed(r for r in simulate(SimulationOptions(events=1500, accounts=60, seed=17))
                                if r.topic in INPUT_TOPICS))]
    for case in ("sanctions", "credentials", "reports"):
        phases = [as_consumed(r for r in read_recording(path) if r.topic in INPUT_TOPICS)
                  for path in case_phases(case)]
        streams += [(case, case_env(case), phase) for phase in phases]
    return streams


def test_every_script_call_and_transaction_keeps_its_keys_in_one_slot(
        redis_cluster: RedisClusterNodes, defined_scripts: dict[str, str]) -> None:
    async def run() -> list[Call]:
        settings = replace(Settings(), redis_url=redis_cluster.url, emit_processed=True)
        client = async_client(settings, InstrumentedRedis, _NotingCluster, socket_timeout=10)
        assert isinstance(client, _NotingCluster)
        client.noted, client.autopipeline = [], True
        prefix, last_case = "", ""
        for case, env, records in _streams():
            if case != last_case:  # a new case: fresh keys and a fresh worker for all of its phases
                prefix, last_case = f"s{secrets.token_hex(4)}.", case
                chosen = replace(settings, topic_prefix=prefix, **_settings_of(env))
                built = build_enforcement(chosen, client, Metrics("test"))
                built.index.caught_up.set()
                built.hot_events.caught_up.set()
                processor = RecordProcessor(chosen, built.enforcement, ListSink(), Metrics("test"))
            for start in range(0, len(records), 100):
                await processor.process_batch(records[start:start + 100])
        # a verification that arrives after a newer state amends it: rare in a stream, so called directly
        store = RedisCredentialStore(client, key_prefix=prefix)
        newer = StoredCredential("c:1", "example.org", "valid", None, "0002", "e2", valid_from_ms=2)
        await store.put("u:amend", newer)
        assert await store.amend("u:amend", replace(newer, valid_from_ms=1))
        # a blacklisting reversed (an appeal or a reorder of the blacklisted account's strikes): rare too
        await RedisDirectory(client, key_prefix=prefix).unblacklist("owner-z", "no-such-action")
        # the one transaction: a credential re-check's result (MULTI/EXEC); then a strike earlier than one
        # the account holds, which apply_violation.lua places, and the account's state as the console reads it
        at = datetime(2026, 1, 6, tzinfo=UTC)
        checked = CheckedProfile("e1", at, (("nickname", "x"),), frozenset())
        await RedisCredentialChecks(client, key_prefix=prefix).save_result("u:tx", "e3", 3, b"r", [checked])
        ledger = RedisLedger(client, load_policy(), key_prefix=prefix)
        for day in (2, 1):
            await ledger.apply(Violation(account_id="u:late", rule="rumour_repost", confidence=1.0,
                                         source_event_id=f"late-{day}", occurred_at=at + timedelta(days=day)))
        assert (await ledger.account_state("u:late")).points > 0
        await client.aclose()
        return client.noted

    noted = asyncio.run(run())
    slot_of = redis.Redis(port=redis_cluster.masters()[0], decode_responses=True)
    slots: dict[str, int] = {}

    def slot(key: str) -> int:
        if key not in slots:
            slots[key] = int(slot_of.execute_command("CLUSTER", "KEYSLOT", key))
        return slots[key]

    spread = [(what, keys) for what, keys in noted if len({slot(key) for key in keys}) != 1]
    assert spread == [], f"{len(spread)} calls span several slots, e.g. {spread[:3]}"
    called = {what for what, _ in noted}
    # every multi-key script is called; single-key ones are in one slot by construction but are called too
    never = {sha: first for sha, first in defined_scripts.items() if sha not in called}
    assert never == {}, f"scripts the stream never called (add events that reach them): {never}"
    transactions = [keys for what, keys in noted if what == "transaction"]
    assert transactions  # the credential re-check's MULTI/EXEC
    assert len(noted) > 1000
