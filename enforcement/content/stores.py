"""State of the content-driven rules (D11, D12, decision "Review"): protocols and single-process twins.

`ReportStore` holds each reported account's window of reports per category, reporter facts (when a
reporter's account was created, its owner identity) and reporter reliability (overturned reports).
`ReviewStore` holds emitted review items, reviewers' decisions, the dismiss allow-list and the
one-violation-per-post claims of labelled content. Redis versions: `redis_stores.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Report:
    """One counted report in a window: who filed it, when (epoch ms), with what weight (thousandths)."""

    reporter_id: str
    at_ms: int
    weight_milli: int


@dataclass(frozen=True, slots=True)
class ReportAdded:
    """What adding one report did. `reports` (the window's counted reports) only when it `crossed`.

    status: counted (new reporter in the window) | duplicate (this reporter already counted in the
    window: adds nothing). A redelivered event returns its first result unchanged.
    """

    status: str
    before_milli: int
    after_milli: int
    crossed: bool
    reports: tuple[Report, ...] = ()

    def encode(self) -> str:
        head = [self.status, str(self.before_milli), str(self.after_milli), "1" if self.crossed else "0"]
        return " ".join(head + [f"{r.reporter_id} {r.at_ms} {r.weight_milli}" for r in self.reports])

    @staticmethod
    def decode(text: str) -> ReportAdded:
        parts = text.split(" ")
        rest = parts[4:]
        reports = tuple(Report(rest[i], int(rest[i + 1]), int(rest[i + 2])) for i in range(0, len(rest), 3))
        return ReportAdded(parts[0], int(parts[1]), int(parts[2]), parts[3] == "1", reports)


class ReportStore(Protocol):
    async def add_report(self, account_id: str, category: str, event_id: str, reporter_id: str, at_ms: int,
                         weight_milli: int, window_ms: int, threshold_milli: int) -> ReportAdded:
        """Atomically: forget reports older than the window, count this reporter once, say if it crossed."""
        ...

    async def remember_account(self, account_id: str, created_ms: int, identity_hash: str) -> None:
        """A (possible future reporter's) account creation time and owner identity (first one wins)."""
        ...

    async def account_facts(self, account_ids: Sequence[str]) -> dict[str, tuple[int, str]]:
        """(created ms, identity_hash) of those accounts whose creation was seen."""
        ...

    async def overturned(self, reporter_id: str) -> int:
        """How many of this reporter's reports were overturned."""
        ...

    async def overturn(self, reporter_ids: Sequence[str], cause_id: str) -> None:
        """Count one overturned report per reporter for `cause_id` (idempotent per cause)."""
        ...

    async def remember_sources(self, account_id: str, violation_id: str, reporter_ids: Sequence[str]) -> None:
        ...

    async def sources(self, account_id: str, violation_id: str) -> tuple[str, ...]:
        """The reporters behind a reports_threshold violation (empty for any other)."""
        ...


class ReviewStore(Protocol):
    async def remember_review(self, account_id: str, review_id: str, blob: bytes) -> None:
        ...

    async def review(self, account_id: str, review_id: str) -> bytes | None:
        ...

    async def decide(self, account_id: str, review_id: str, decision: str) -> str:
        """Record the first decision on a review item; returns the decision that stands."""
        ...

    async def allow(self, account_id: str, rule: str, identity: str, until_ms: int) -> None:
        ...

    async def allowed_until(self, account_id: str, rule: str, identity: str) -> int | None:
        ...

    async def claim_post(self, account_id: str, post_id: str, blob: bytes) -> bytes:
        """The post's first stored violation: `blob` if this is the first labelling, else the earlier one."""
        ...


def add_report(zset: dict[str, int], weights: dict[str, int], reporter_id: str, at_ms: int, weight_milli: int,
               window_ms: int, threshold_milli: int) -> ReportAdded:
    """The window arithmetic both stores implement (the Lua script mirrors it line for line)."""
    for old in [r for r, t in zset.items() if t < at_ms - window_ms]:
        del zset[old]
        weights.pop(old, None)
    before = sum(weights.get(r, 0) for r in zset)
    if reporter_id in zset:
        return ReportAdded("duplicate", before, before, False)
    zset[reporter_id] = at_ms
    weights[reporter_id] = weight_milli
    after = before + weight_milli
    crossed = before < threshold_milli <= after
    reports: tuple[Report, ...] = ()
    if crossed:
        ordered = sorted(zset.items(), key=lambda item: (item[1], item[0]))
        reports = tuple(Report(r, t, weights[r]) for r, t in ordered)
    return ReportAdded("counted", before, after, crossed, reports)


@dataclass
class InMemoryReportStore:
    windows: dict[tuple[str, str], tuple[dict[str, int], dict[str, int]]] = field(default_factory=dict)
    seen: dict[tuple[str, str], str] = field(default_factory=dict)
    facts: dict[str, tuple[int, str]] = field(default_factory=dict)
    causes: dict[str, set[str]] = field(default_factory=dict)
    source_map: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)

    async def add_report(self, account_id: str, category: str, event_id: str, reporter_id: str, at_ms: int,
                         weight_milli: int, window_ms: int, threshold_milli: int) -> ReportAdded:
        if (account_id, event_id) in self.seen:
            return ReportAdded.decode(self.seen[(account_id, event_id)])
        zset, weights = self.windows.setdefault((account_id, category), ({}, {}))
        result = add_report(zset, weights, reporter_id, at_ms, weight_milli, window_ms, threshold_milli)
        self.seen[(account_id, event_id)] = result.encode()
        return result

    async def remember_account(self, account_id: str, created_ms: int, identity_hash: str) -> None:
        self.facts.setdefault(account_id, (created_ms, identity_hash))

    async def account_facts(self, account_ids: Sequence[str]) -> dict[str, tuple[int, str]]:
        return {a: self.facts[a] for a in account_ids if a in self.facts}

    async def overturned(self, reporter_id: str) -> int:
        return len(self.causes.get(reporter_id, ()))

    async def overturn(self, reporter_ids: Sequence[str], cause_id: str) -> None:
        for reporter in reporter_ids:
            self.causes.setdefault(reporter, set()).add(cause_id)

    async def remember_sources(self, account_id: str, violation_id: str, reporter_ids: Sequence[str]) -> None:
        self.source_map.setdefault((account_id, violation_id), tuple(reporter_ids))

    async def sources(self, account_id: str, violation_id: str) -> tuple[str, ...]:
        return self.source_map.get((account_id, violation_id), ())


@dataclass
class InMemoryReviewStore:
    reviews: dict[tuple[str, str], bytes] = field(default_factory=dict)
    decisions: dict[tuple[str, str], str] = field(default_factory=dict)
    allow_list: dict[tuple[str, str, str], int] = field(default_factory=dict)
    posts: dict[tuple[str, str], bytes] = field(default_factory=dict)

    async def remember_review(self, account_id: str, review_id: str, blob: bytes) -> None:
        self.reviews.setdefault((account_id, review_id), blob)

    async def review(self, account_id: str, review_id: str) -> bytes | None:
        return self.reviews.get((account_id, review_id))

    async def decide(self, account_id: str, review_id: str, decision: str) -> str:
        return self.decisions.setdefault((account_id, review_id), decision)

    async def allow(self, account_id: str, rule: str, identity: str, until_ms: int) -> None:
        key = (account_id, rule, identity)
        self.allow_list[key] = max(until_ms, self.allow_list.get(key, until_ms))

    async def allowed_until(self, account_id: str, rule: str, identity: str) -> int | None:
        return self.allow_list.get((account_id, rule, identity))

    async def claim_post(self, account_id: str, post_id: str, blob: bytes) -> bytes:
        return self.posts.setdefault((account_id, post_id), blob)
