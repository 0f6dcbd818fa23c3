"""Appeals against the ledger (P7, S3): an overturned violation loses its strike, and every later
escalation that depended on it is recomputed; the sanctions that no longer stand are reversed.

Pure code shared by both ledgers. `recompute` replays an account's remaining in-window strikes in
event-time order through reorder.py's ladder steps (`ladder_step`, `in_window`, `rung_for`), the
Python twin of apply_violation.lua's (event-time window, S2 repeat multiplier, min_rung jumps, fire on
crossing), so an appeal has no ladder arithmetic of its own. An old sanction stands when the replay still
reaches its rung; one that does not is reversed. An appeal never adds a sanction: a rung the replay
reaches that had not fired before is not fired now (it fires on the account's next crossing).

A sanction that stands and is in force must not rest on the overturned violation, and the outputs
must say what the ledger holds. So a standing sanction in force that cites the overturned violation is
re-attributed: a record of the same sanction, with the violations whose replayed crossing now fires its
rung, a new id, and `supersedes` naming the old id. And a mute that a reversed, higher sanction had
superseded comes back into force when that sanction is reversed (the remaining violations still justify
it): it is re-sent with its own end, under a new id that `supersedes` the old one, and gets its own
lift. The alternative — lifting it too — would leave the ledger at a mute rung the account no longer
serves. A mute whose own end has already passed is over and is not re-sent. See docs/sanctions.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from enforcement.ids import derive_id
from enforcement.ledger.reorder import REVERSAL_OF, Entry, in_window, ladder_step, rung_for
from enforcement.ledger.stored import ladder_params
from enforcement.policy import Policy


@dataclass(frozen=True, slots=True)
class Replayed:
    """One remaining strike after the replay: what it now earns and which rung it now fires ('' none)."""

    violation_id: str
    points: int
    fired: str


@dataclass(frozen=True, slots=True)
class Crossing:
    """The replayed strike that first crosses a rung, and the in-window violations behind it (sorted)."""

    carrier: str
    behind: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Recomputed:
    """The account after removing a strike: new strike values, points, and which old actions fall."""

    strikes: tuple[Replayed, ...]
    points_before: int
    points_after: int
    reversed: tuple[Mapping[str, Any], ...]  # stored action dicts of sanctions that no longer stand
    crossings: Mapping[str, Crossing]  # rung name -> where the replay first crosses it


def recompute(policy: Policy, outcomes: Sequence[Mapping[str, Any]], overturned: Mapping[str, Any]) -> Recomputed:
    """Replay `outcomes` (the remaining in-window strikes' stored outcomes) without `overturned`.

    `outcomes` must not contain the overturned strike; order does not matter: the replay is in event-time
    order (time, then violation id), the order the ledger decides in (reorder.py).
    """
    ordered = sorted(outcomes, key=lambda data: (int(data["occurred_at_ms"]), data["violation_id"]))
    params = ladder_params(policy)
    rungs = policy.rungs
    old_actions = [a for data in [*ordered, overturned] for a in (data.get("actions") or [])]
    old_fired = {action["rung"] for action in old_actions}

    live: list[Entry] = []  # (violation_id, at, points, fired)
    clock: int | None = None
    reached = 0
    result: list[Replayed] = []
    crossings: dict[str, Crossing] = {}
    for data in ordered:
        vid, at = data["violation_id"], int(data["occurred_at_ms"])
        clock = at if clock is None or at > clock else clock
        live = [entry for entry in live if in_window(params, entry[1], clock)]
        counted = in_window(params, at, clock)
        step = ladder_step(params, data["account_id"], live, vid, at, int(data["base_points"]),
                           params["jumps"].get(data["rule"], 0), counted=counted)
        fired = ""
        if step.action is not None:
            reached = max(reached, step.rung_after)
            name = step.action["rung"]
            # an appeal never adds a sanction: a rung that had not fired before is not recorded as fired
            fired = name if name in old_fired else ""
            # the same violations the script would cite: this strike and every in-window one before it
            behind = tuple(step.action["violation_ids"])
            for crossed in rungs[step.rung_before:step.rung_after]:
                crossings.setdefault(crossed.name, Crossing(vid, behind))
        if counted:
            live.append((vid, at, step.points, fired))
        reached = max(reached, rung_for(params, sum(entry[2] for entry in live)))
        result.append(Replayed(vid, step.points, fired))
    index_of = {rung.name: i for i, rung in enumerate(rungs, start=1)}
    reversed_actions = tuple(a for a in old_actions if index_of.get(a["rung"], 0) > reached)
    before_total = sum(int(data["points"]) for data in ordered) + int(overturned.get("points", 0))
    return Recomputed(tuple(result), before_total, sum(r.points for r in result), reversed_actions, crossings)


def reversal_action(action: Mapping[str, Any], *, appeal_id: str, at_ms: int, policy_version: str,
                    points_before: int, points_after: int, reason: str = "appeal_overturned") -> dict[str, Any]:
    """The stored dict of the action that reverses `action` (unmute, reopen, …); id derived from both."""
    sanction = REVERSAL_OF[action["sanction"]]
    return {
        "action_id": derive_id("action", action["account_id"], sanction, action["action_id"]),
        "account_id": action["account_id"],
        "sanction": sanction,
        "rung": action["rung"],
        "duration_ms": None,
        "ends_at_ms": None,
        "violation_ids": list(action["violation_ids"]),
        "points_before": points_before,
        "points_after": points_after,
        "policy_version": policy_version,
        "occurred_at_ms": at_ms,
        "reverses": action["action_id"],
        "reason": reason,
        "appeal_id": appeal_id,
    }


def superseding_action(action: Mapping[str, Any], *, violation_ids: Sequence[str], reason: str, appeal_id: str,
                       at_ms: int, policy_version: str, points_before: int, points_after: int) -> dict[str, Any]:
    """The stored dict of a record that restates `action` (same sanction, rung, duration and end) under a
    new id, citing `violation_ids`; the id is derived from the old id and the new violations."""
    return {
        "action_id": derive_id("action", action["account_id"], action["rung"], "supersedes", action["action_id"],
                               *violation_ids),
        "account_id": action["account_id"],
        "sanction": action["sanction"],
        "rung": action["rung"],
        "duration_ms": action.get("duration_ms"),
        "ends_at_ms": action.get("ends_at_ms"),
        "violation_ids": list(violation_ids),
        "points_before": points_before,
        "points_after": points_after,
        "policy_version": policy_version,
        "occurred_at_ms": at_ms,
        "supersedes": action["action_id"],
        "reason": reason,
        "appeal_id": appeal_id,
    }


def is_repeat_appeal(appealed: Mapping[str, Any], decision: str) -> bool:
    """A stored appeal answers again: an overturn is final; an upheld one may still be overturned later."""
    stored = appealed.get("appeal")
    return stored is not None and (stored["decision"] == "overturned" or stored["decision"] == decision)


@dataclass(frozen=True, slots=True)
class AppealWrite:
    """What an appeal changes in an account's ledger; both ledgers persist exactly this."""

    result: dict[str, Any]  # stored on the appealed outcome under "appeal"; returned again on a repeat
    outcomes: dict[str, dict[str, Any]]  # violation_id -> rewritten stored outcome (appealed one included)
    strike_values: dict[str, tuple[int, str]]  # remaining strike -> (points, fired rung)
    removed_strike: bool  # the appealed strike leaves the window sets
    audit: tuple[dict[str, str], ...]


# Sanctions that take a pending mute lift away when they fire (a later mute replaces it, a closure or
# blacklisting cancels it): reversing one of them brings a lower standing mute back into force.
_SUPERSEDE_LIFTS = frozenset({"mute", "close", "blacklist"})


@dataclass(frozen=True, slots=True)
class _Renewal:
    """A standing action restated by the appeal: the old stored dict, the new one, and the strike that
    now holds it (the replayed crossing of its rung when re-attributed, else where it was)."""

    old: Mapping[str, Any]
    new: dict[str, Any]
    holder: str


def _in_force(standing: Sequence[tuple[str, Mapping[str, Any]]], index_of: Mapping[str, int],
              at_ms: int) -> list[tuple[str, Mapping[str, Any]]]:
    """The standing actions in force at `at_ms`: every notice, warning, closure and blacklisting, and the
    highest mute whose end is still ahead unless a closure or blacklisting stands (a lower mute, or one
    under a closure, was superseded and is not in force)."""
    kept = [(holder, a) for holder, a in standing if a["sanction"] != "mute"]
    if any(a["sanction"] in ("close", "blacklist") for _, a in kept):
        return kept
    mutes = [(holder, a) for holder, a in standing
             if a["sanction"] == "mute" and a.get("ends_at_ms") and int(a["ends_at_ms"]) > at_ms]
    if mutes:
        kept.append(max(mutes, key=lambda pair: (index_of.get(pair[1]["rung"], 0), int(pair[1]["occurred_at_ms"]),
                                                 pair[1]["action_id"])))
    return kept


def _renewals(policy: Policy, rec: Recomputed, vid: str, counted: Sequence[Mapping[str, Any]],
              standing: Sequence[tuple[str, Mapping[str, Any]]], *, appeal_id: str, at_ms: int) -> list[_Renewal]:
    """The standing actions an overturn of `vid` restates: those in force that cite it (re-attributed to
    the replay's crossing of their rung), and the mute in force once a reversed sanction had taken its
    lift away (re-sent with its own end, so it is served and then lifted)."""
    index_of = {rung.name: i for i, rung in enumerate(policy.rungs, start=1)}
    lifts_taken = any(action["sanction"] in _SUPERSEDE_LIFTS for action in rec.reversed)
    last = max(counted, key=lambda data: int(data["seq"]))["violation_id"] if counted else vid
    renewals: list[_Renewal] = []
    for holder, action in _in_force(standing, index_of, at_ms):
        cites = vid in action["violation_ids"]
        if not cites and not (action["sanction"] == "mute" and lifts_taken):
            continue
        if cites:
            crossing = rec.crossings.get(action["rung"])
            behind = crossing.behind if crossing else tuple(sorted(d["violation_id"] for d in counted))
            holder = crossing.carrier if crossing else last
            reason = "appeal_reattributed"
        else:
            behind, reason = tuple(action["violation_ids"]), "mute_restored"
        new = superseding_action(action, violation_ids=behind, reason=reason, appeal_id=appeal_id, at_ms=at_ms,
                                 policy_version=policy.version, points_before=rec.points_before,
                                 points_after=rec.points_after)
        renewals.append(_Renewal(action, new, holder))
    return renewals


def decide_appeal(policy: Policy, appealed: Mapping[str, Any], remaining: Sequence[Mapping[str, Any]], *,
                  decision: str, appeal_id: str, at_ms: int,
                  reason: str = "appeal_overturned", resolved_by: str | None = None) -> AppealWrite:
    """An appeal's effect on the ledger: `decision` is "overturned" or "upheld" (the `appeal.resolved` outcomes).

    `appealed` is the stored outcome of the appealed violation; `remaining` the other in-window strikes.
    Upheld appeals change nothing but are recorded (audit and the stored result). `resolved_by`, when the
    resolution names who resolved it, goes on the appeal's audit entry (the audit says who decided).
    """
    vid = appealed["violation_id"]
    base_audit = {"kind": "appeal", "violation_id": vid, "decision": decision, "appeal_id": appeal_id,
                  "occurred_at_ms": str(at_ms), "policy_version": policy.version}
    if resolved_by is not None:
        base_audit["resolved_by"] = resolved_by
    if decision != "overturned":
        points = sum(int(d["points"]) for d in remaining)
        result = {"decision": decision, "appeal_id": appeal_id, "at_ms": at_ms, "reversals": [],
                  "reattributed": [], "points_before": points, "points_after": points}
        return AppealWrite(result, {vid: {**appealed, "appeal": result}}, {}, False, (base_audit,))
    # in event-time order (time, then violation id), the sorted set's order: the order standing sanctions
    # are listed and restated in, whatever order the caller holds the strikes in
    counted = sorted((d for d in remaining if d["violation_id"] != vid),
                     key=lambda data: (int(data["occurred_at_ms"]), data["violation_id"]))
    in_window = len(counted) < len(remaining)  # an expired strike earns nothing any more
    rec = recompute(policy, counted, appealed if in_window else {**appealed, "points": 0})
    reversals = [
        reversal_action(action, appeal_id=appeal_id, at_ms=at_ms, policy_version=policy.version,
                        points_before=rec.points_before, points_after=rec.points_after, reason=reason)
        for action in rec.reversed
    ]
    fallen = {action["action_id"] for action in rec.reversed}
    standing = [(data["violation_id"], action) for data in [*counted, appealed]
                for action in (data.get("actions") or []) if action["action_id"] not in fallen]
    renewals = _renewals(policy, rec, vid, counted, standing, appeal_id=appeal_id, at_ms=at_ms)
    result = {"decision": decision, "appeal_id": appeal_id, "at_ms": at_ms, "reversals": reversals,
              "reattributed": [r.new for r in renewals],
              "points_before": rec.points_before, "points_after": rec.points_after}
    outcomes = {vid: {**appealed, "appeal": result, "actions": [], "points": 0}}
    # where each standing action lives after the appeal: a restated one is replaced by its new record on
    # the strike that now carries it; one the overturned strike held moves to its rung's replayed crossing
    renewed = {r.old["action_id"] for r in renewals}
    added: dict[str, list[Mapping[str, Any]]] = {}
    for renewal in renewals:
        added.setdefault(renewal.holder, []).append(renewal.new)
    for holder, action in standing:
        crossing = rec.crossings.get(action["rung"])
        if holder == vid and action["action_id"] not in renewed and crossing is not None:
            added.setdefault(crossing.carrier, []).append(action)
    index_of = {rung.name: i for i, rung in enumerate(policy.rungs, start=1)}
    by_id = {d["violation_id"]: d for d in counted}
    values: dict[str, tuple[int, str]] = {}
    for replayed in rec.strikes:
        values[replayed.violation_id] = (replayed.points, replayed.fired)
        data = by_id[replayed.violation_id]
        old = list(data.get("actions") or [])
        kept = [a for a in old if a["action_id"] not in fallen and a["action_id"] not in renewed]
        kept += added.get(replayed.violation_id, [])
        if replayed.points != int(data["points"]) or [a["action_id"] for a in kept] != [a["action_id"] for a in old]:
            rewritten = {**data, "points": replayed.points, "actions": kept}
            if kept:  # the rung this strike now stands for (the account's rung is read from it)
                rewritten["rung_after"] = max((a["rung"] for a in kept), key=lambda name: index_of.get(name, 0))
            outcomes[replayed.violation_id] = rewritten
    audit = [{**base_audit, "points_before": str(rec.points_before), "points_after": str(rec.points_after)}]
    audit += [{"kind": "action", "action_id": r["action_id"], "violation_id": vid, "sanction": r["sanction"],
               "rung": r["rung"], "occurred_at_ms": str(at_ms), "policy_version": policy.version,
               "reverses": r["reverses"]} for r in reversals]
    audit += [{"kind": "action", "action_id": r.new["action_id"], "violation_id": vid, "sanction": r.new["sanction"],
               "rung": r.new["rung"], "occurred_at_ms": str(at_ms), "policy_version": policy.version,
               "supersedes": r.old["action_id"]} for r in renewals]
    return AppealWrite(result, outcomes, values, True, tuple(audit))
