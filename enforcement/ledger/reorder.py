"""The ladder in event-time order (S1–S3, P2; decision "Order-independent decisions").

Kafka orders nothing across topics, so an account's strikes can reach the ledger in another order than
their event times. The ladder must not depend on that: each in-window strike earns the points, and fires
the rung, that it would have if every strike had arrived in event-time order — ties broken by
violation id, which is how the `strikes` sorted set orders them too.

On Redis the ladder is decided in `apply_violation.lua` (with `ladder.lua`'s steps), in order and late
alike; this module is its Python statement, which the in-memory twin runs and the appeal replay
(appeal.py) steps with. A strike that is earlier than one already applied is placed: the strikes before it
keep what they earned; it and every strike after it are stepped again through the same ladder; a
sanction that no longer fires is reversed (reason `reordered`) and one that now fires is returned as
revised, so the account ends with the sanctions event-time order gives, whatever the arrival order was.
Action ids are derived from the rung and the strikes behind it, so a sanction that fires in both orders
keeps its id. tests/enforcement/ledger/test_ladder_property.py holds the two statements to each other
step by step.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from enforcement.ids import derive_id

Entry = tuple[str, int, int, str]  # (violation_id, occurred_at ms, points, fired rung or "")

# The reversal of each sanction the ladder can fire: every sanction on `qinglang.actions` has one, so an
# appeal or a late, earlier strike can undo it. Kept here, not in appeal.py, because appeal.py steps the
# ladder with this module's functions and the import may only go one way.
REVERSAL_OF: Mapping[str, str] = {
    "notice": "withdraw",
    "warning": "withdraw",
    "mute": "unmute",
    "close": "reopen",
    "blacklist": "unblacklist",
}


@dataclass(frozen=True, slots=True)
class Step:
    """What one strike earns and fires, given the strikes before it in event time that are in its window."""

    points: int
    total_before: int
    rung_before: int  # index into params["rungs"] (1-based), 0: none
    rung_after: int
    action: dict[str, Any] | None  # the sanction it fires, as stored


def rung_for(params: Mapping[str, Any], points: int) -> int:
    """1-based index of the highest rung of the script's parameters whose threshold `points` reaches (0: none)."""
    reached = 0
    for index, rung in enumerate(params["rungs"], start=1):
        if points >= rung["threshold"]:
            reached = index
    return reached


def in_window(params: Mapping[str, Any], at: int, clock: int) -> bool:
    """Whether a strike at `at` still counts when the subject's event-time clock reads `clock` (S2): the
    script's horizon, `clock - window_ms`, is already outside."""
    window: int = params["window_ms"]
    return at > clock - window


def ladder_step(params: Mapping[str, Any], subject: str, live: Sequence[Entry], vid: str, at: int, base: int,
                min_rung: int, *, counted: bool = True) -> Step:
    """One strike through the ladder, ladder.lua's `ladder_step` in Python: S2 repeat multiplier, a rung
    fired on crossing, or on a min_rung jump above the current rung (S3)."""
    rungs = params["rungs"]
    index_of = {rung["name"]: i for i, rung in enumerate(rungs, start=1)}
    total = sum(entry[2] for entry in live)
    fired_max = max([0, *(index_of.get(entry[3], 0) for entry in live)])
    before = max(rung_for(params, total), fired_max)
    points, target = 0, 0
    if counted:
        # S2: a sanction at or above repeat_from still in the window makes every new strike count more
        repeat = params["repeat_from"] > 0 and fired_max >= params["repeat_from"]
        points = math.floor((base * (params["repeat_milli"] if repeat else 1000) + 999) / 1000)
        target = max(rung_for(params, total + points), min_rung)
    if target <= before:
        return Step(points, total, before, before, None)
    rung = rungs[target - 1]
    behind = sorted([vid, *(entry[0] for entry in live)])
    duration = rung["duration_ms"] or None
    action = {
        "action_id": derive_id("action", subject, rung["name"], *behind), "account_id": subject,
        "sanction": rung["sanction"], "rung": rung["name"], "duration_ms": duration,
        "ends_at_ms": at + duration if duration else None, "violation_ids": behind,
        "points_before": total, "points_after": total + points, "policy_version": params["version"],
        "occurred_at_ms": at,
    }
    return Step(points, total, before, target, action)


def is_late(held: Iterable[tuple[str, int]], vid: str, at: int) -> bool:
    """Whether a counted strike at (`at`, `vid`) is earlier than a strike the subject already holds."""
    return any((held_at, held_vid) > (at, vid) for held_vid, held_at in held)


@dataclass(frozen=True, slots=True)
class LateWrite:
    """What placing a late strike changes; the in-memory ledger writes exactly this (the script writes the same)."""

    outcome: dict[str, Any]  # the late strike's stored outcome (with `revised` and `reversals`)
    outcomes: dict[str, dict[str, Any]]  # violation_id -> rewritten stored outcome of a later strike
    strike_values: dict[str, tuple[int, str]]  # every stepped strike -> (points, fired rung)
    new_actions: tuple[dict[str, Any], ...]  # every action to store (the late strike's and revised ones)
    audit: tuple[dict[str, str], ...]


def _fired(data: Mapping[str, Any]) -> tuple[str, dict[str, Any] | None]:
    for action in data.get("actions") or []:
        if not action.get("reverses"):
            return action["rung"], action
    return "", None


def _rung_name(params: Mapping[str, Any], index: int) -> str | None:
    return params["rungs"][index - 1]["name"] if index else None


def place_late(params: Mapping[str, Any], subject: str, held: Sequence[Mapping[str, Any]], *, vid: str, rule: str,
               at: int, base: int, min_rung: int, seq: int, clock: int) -> LateWrite:
    """Place the late strike (`vid` … `min_rung`) among `held`, the subject's in-window stored outcomes.

    `seq` is the late strike's application number, `clock` the subject's latest event time (reversals
    carry it); a held strike is stepped again with its rule's S3 jump from `params["jumps"]`. Only a strike
    in the window at `clock` is late: one already outside it earns nothing and is applied in order.
    """
    ordered = sorted(held, key=lambda d: (int(d["occurred_at_ms"]), d["violation_id"]))
    processed: list[Entry] = []
    after: list[Mapping[str, Any]] = []
    for data in ordered:
        key = (int(data["occurred_at_ms"]), data["violation_id"])
        if key < (at, vid):
            processed.append((data["violation_id"], key[0], int(data["points"]), _fired(data)[0]))
        else:
            after.append(data)

    def live(moment: int) -> list[Entry]:
        return [entry for entry in processed if in_window(params, entry[1], moment)]

    step = ladder_step(params, subject, live(at), vid, at, base, min_rung)
    processed.append((vid, at, step.points, step.action["rung"] if step.action else ""))
    own_actions = [step.action] if step.action else []
    revised: list[dict[str, Any]] = []
    reversals: list[dict[str, Any]] = []
    outcomes: dict[str, dict[str, Any]] = {}
    values = {vid: (step.points, step.action["rung"] if step.action else "")}
    for data in after:
        other, moment = data["violation_id"], int(data["occurred_at_ms"])
        again = ladder_step(params, subject, live(moment), other, moment, int(data["base_points"]),
                            params["jumps"].get(data["rule"], 0))
        fired_name, old = _fired(data)
        new = again.action
        processed.append((other, moment, again.points, new["rung"] if new else ""))
        values[other] = (again.points, new["rung"] if new else "")
        if old is not None and (new is None or new["action_id"] != old["action_id"]):
            reversals.append(_reversal(old, at_ms=clock, version=params["version"]))
        if new is not None and (old is None or new["action_id"] != old["action_id"]):
            revised.append(new)
        kept = [old] if old is not None and new is not None and new["action_id"] == old["action_id"] else []
        actions = kept or ([new] if new else [])
        if (again.points, fired_name) != (int(data["points"]), new["rung"] if new else "") or actions != [
                a for a in data.get("actions") or [] if not a.get("reverses")]:
            outcomes[other] = {**data, "points": again.points, "points_before": again.total_before,
                               "points_after": again.total_before + again.points,
                               "rung_before": _rung_name(params, again.rung_before),
                               "rung_after": _rung_name(params, again.rung_after), "actions": actions}
    outcome = {
        "violation_id": vid, "account_id": subject, "rule": rule, "seq": seq, "occurred_at_ms": at,
        "base_points": base, "points": step.points, "counted": True, "points_before": step.total_before,
        "points_after": step.total_before + step.points, "rung_before": _rung_name(params, step.rung_before),
        "rung_after": _rung_name(params, step.rung_after), "policy_version": params["version"],
        "actions": own_actions, "revised": revised, "reversals": reversals,
    }
    audit = [{"kind": "strike", "violation_id": vid, "rule": rule, "occurred_at_ms": str(at),
              "points": str(step.points), "points_before": str(step.total_before),
              "points_after": str(step.total_before + step.points), "policy_version": params["version"]}]
    for action in [*own_actions, *revised, *reversals]:
        entry = {"kind": "action", "action_id": action["action_id"], "violation_id": vid,
                 "sanction": action["sanction"], "rung": action["rung"],
                 "occurred_at_ms": str(action["occurred_at_ms"]), "policy_version": params["version"]}
        if action.get("reverses"):
            entry["reverses"] = action["reverses"]
        audit.append(entry)
    return LateWrite(outcome, outcomes, values, tuple([*own_actions, *revised, *reversals]), tuple(audit))


def _reversal(action: Mapping[str, Any], *, at_ms: int, version: str) -> dict[str, Any]:
    """The stored reversal of a sanction that event-time order does not give (id derived from both)."""
    sanction = REVERSAL_OF[action["sanction"]]
    return {
        "action_id": derive_id("action", action["account_id"], sanction, action["action_id"]),
        "account_id": action["account_id"], "sanction": sanction, "rung": action["rung"], "duration_ms": None,
        "ends_at_ms": None, "violation_ids": list(action["violation_ids"]),
        "points_before": action["points_after"], "points_after": action["points_after"],
        "policy_version": version, "occurred_at_ms": max(at_ms, int(action["occurred_at_ms"])),
        "reverses": action["action_id"], "reason": "reordered",
    }
