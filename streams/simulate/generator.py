"""A seeded generator of realistic account traffic for every input topic (demo, tests, benchmarks).

The same seed and options always give the same recording, byte for byte.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from enforcement.events import SCHEMA_VERSION
from enforcement.ids import derive_id
from streams.bus.recording import RecordedRecord
from streams.simulate import vocab

AVATAR_HOST = "avatars.example-platform.cn"


@dataclass(frozen=True, slots=True)
class SimulationOptions:
    """What to generate: how many accounts and events, the share of violations and of malformed records."""

    seed: int = 7
    accounts: int = 200
    events: int = 2000
    violation_share: float = 0.1
    malformed_share: float = 0.05
    start: datetime = datetime(2026, 11, 1, tzinfo=UTC)
    mean_gap_s: float = 30.0


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


class _Simulation:
    def __init__(self, options: SimulationOptions) -> None:
        self.o = options
        self.rng = random.Random(options.seed)
        self.now = options.start
        self.names: dict[str, str] = {}
        self.serial = 0

    # ---- building blocks -------------------------------------------------------------------
    def fill(self, template: str) -> str:
        return template.format(place=self.rng.choice(vocab.PLACES), topic=self.rng.choice(vocab.TOPICS))

    def ordinary_name(self) -> str:
        r = self.rng
        style = r.random()
        if style < 0.4:
            return r.choice(vocab.PLACES) + r.choice(vocab.TOPICS) + r.choice(vocab.SUFFIXES)
        if style < 0.7:
            return r.choice(vocab.SURNAMES) + "".join(r.choices(vocab.GIVEN, k=r.randint(1, 2))) + "的" + r.choice(
                vocab.TOPICS
            ) + r.choice(vocab.SUFFIXES)
        return r.choice(vocab.TOPICS) + r.choice(vocab.SUFFIXES) + str(r.randint(1, 999))

    def name(self) -> str:
        if self.rng.random() < self.o.violation_share:
            return self.fill(self.rng.choice(vocab.IMPERSONATING_NAMES))
        return self.ordinary_name()

    def bio(self) -> str:
        if self.rng.random() < self.o.violation_share:
            return self.fill(self.rng.choice(vocab.IMPERSONATING_BIOS))
        return self.fill(self.rng.choice(vocab.BIOS))

    def avatar_url(self) -> str:
        return f"https://{AVATAR_HOST}/a/{self.rng.getrandbits(64):016x}.jpg"

    def tick(self) -> datetime:
        self.now += timedelta(seconds=self.rng.expovariate(1 / self.o.mean_gap_s))
        return self.now.replace(microsecond=(self.now.microsecond // 1000) * 1000)

    def envelope(self, event_type: str, account_id: str) -> dict[str, Any]:
        self.serial += 1
        at = self.tick()
        return {
            "schema_version": SCHEMA_VERSION,
            "event_id": derive_id("sim-event", str(self.o.seed), str(self.serial)),
            "type": event_type,
            "account_id": account_id,
            "occurred_at": _iso(at),
        }

    # ---- events ---------------------------------------------------------------------------
    def created(self, account_id: str) -> tuple[str, dict[str, Any]]:
        body = self.envelope("profile.created", account_id)
        name = self.name()
        self.names[account_id] = name
        body.update(
            name=name,
            identity_hash=derive_id("sim-owner", str(self.o.seed), str(self.rng.randrange(self.o.accounts))),
            bio=self.bio(),
            avatar_url=self.avatar_url(),
        )
        return "account.profile", body

    def random_event(self, account_id: str) -> tuple[str, dict[str, Any]]:
        r = self.rng.random()
        if r < 0.30:
            body = self.envelope("profile.renamed", account_id)
            new_name = self.name()
            body.update(old_name=self.names.get(account_id), new_name=new_name)
            self.names[account_id] = new_name
            return "account.profile", body
        if r < 0.42:
            body = self.envelope("profile.bio_changed", account_id)
            body["bio"] = self.bio()
            return "account.profile", body
        if r < 0.52:
            body = self.envelope("profile.avatar_changed", account_id)
            if self.rng.random() < 0.5:
                body["avatar_pdq"] = f"{self.rng.getrandbits(256):064x}"
            else:
                body["avatar_url"] = self.avatar_url()
            return "account.profile", body
        if r < 0.67:
            return "account.credential", self.credential(account_id)
        if r < 0.82:
            body = self.envelope("report.filed", account_id)
            body.update(
                reporter_id=f"u:{self.rng.randrange(100_000, 999_999)}",
                category=self.rng.choice(vocab.REPORT_CATEGORIES),
                detail=self.rng.choice(vocab.REPORT_DETAILS),
            )
            return "account.report", body
        if r < 0.95:
            body = self.envelope("content.labelled", account_id)
            debunked = self.rng.random() < 0.3
            body.update(
                post_id=f"p:{self.rng.getrandbits(48):012x}",
                label=self.rng.choice(vocab.LABELS),
                first_post=self.rng.random() < 0.3,
                repost_count=int(self.rng.paretovariate(1.2)) - 1,
                debunked_at=_iso(self.now - timedelta(hours=self.rng.randint(1, 72))) if debunked else None,
            )
            return "content.label", body
        if r >= 0.975:  # a reviewer's answer to a review item (P7); most name no stored item
            body = self.envelope("review.decided", account_id)
            body.update(review_id=derive_id("sim-review", str(self.rng.getrandbits(32))),
                        decision=self.rng.choice(["confirm", "dismiss"]), reviewer_id=f"r:{self.rng.randrange(100)}")
            return "review.decision", body
        body = self.envelope("appeal.resolved", account_id)
        body.update(
            violation_id=derive_id("sim-violation", str(self.rng.getrandbits(32))),
            outcome=self.rng.choice(["upheld", "overturned"]),
        )
        return "account.appeal", body

    def credential(self, account_id: str) -> dict[str, Any]:
        kind = self.rng.choice(
            ["credential.verified", "credential.renewed", "credential.expired", "credential.revoked"]
        )
        body = self.envelope(kind, account_id)
        body.update(
            credential_id=f"c:{account_id}:{self.rng.randint(1, 3)}", domain=self.rng.choice(vocab.DOMAINS)
        )
        if kind in ("credential.verified", "credential.renewed"):
            body["valid_until"] = _iso(self.now + timedelta(days=self.rng.randint(1, 400)))
        if kind == "credential.revoked":
            body["reason"] = self.rng.choice(vocab.REVOKE_REASONS)
        return body

    # ---- malformed input (P6) -------------------------------------------------------------
    def malformed(self, account_id: str) -> tuple[str, bytes | None, bytes | None]:
        topic, body = self.random_event(account_id)
        key: bytes | None = account_id.encode()
        kind = self.rng.randrange(10)
        if kind == 0:
            return topic, key, b'{"event_id": "broken", "type": '
        if kind == 1:
            return topic, key, b"\xff\xfe" + orjson.dumps(body)[2:]
        if kind == 2:
            return topic, key, b'["not", "an", "object"]'
        if kind == 3:
            body.pop("occurred_at")
        elif kind == 4:
            body["account_id"] = 10293
        elif kind == 5:
            body["type"] = "profile.teleported"
        elif kind == 6:
            body["occurred_at"] = "yesterday at noon"
        elif kind == 7:
            key = b"u:someone-else"
        elif kind == 8:
            body["padding"] = "x" * 70_000
        else:
            return topic, key, b""
        return topic, key, orjson.dumps(body)


def simulate(options: SimulationOptions) -> Iterator[RecordedRecord]:
    """Yield a recording: each account is created first, then mixed traffic, malformed records interleaved."""
    sim = _Simulation(options)
    accounts = [f"u:{100000 + i}" for i in range(options.accounts)]
    created: list[str] = []
    for _ in range(options.events):
        if len(created) < len(accounts) and (not created or sim.rng.random() < 0.25):
            account = accounts[len(created)]
            created.append(account)
            topic, body = sim.created(account)
            key, value = account.encode(), orjson.dumps(body)
        elif sim.rng.random() < options.malformed_share:
            topic, key, value = sim.malformed(sim.rng.choice(created))
        else:
            topic, body = sim.random_event(sim.rng.choice(created))
            key, value = body["account_id"].encode(), orjson.dumps(body)
        yield RecordedRecord(topic, key, value, int(sim.now.timestamp() * 1000))
