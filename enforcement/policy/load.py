"""Load and validate the versioned TOML policy; every problem is reported at once with its TOML path.

The policy owns every rule's severity, so the worker refuses to start on an unknown (or missing) rule id. The app passes
`QINGLANG_POLICY` here; None means the shipped `default_policy.toml`.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from enforcement.policy.content import parse_content
from enforcement.policy.model import (
    MS_PER_DAY,
    SANCTIONS,
    SEVERITIES,
    Brakes,
    Churn,
    Policy,
    RulePolicy,
    Rung,
    StatefulKnobs,
)
from enforcement.rules import RULES, RULES_BY_ID

DEFAULT_POLICY_PATH = Path(__file__).with_name("default_policy.toml")

_TOP_KEYS = {"version", "strikes", "escalation", "rungs", "rules", "mode", "brakes", "churn", "credentials",
             "registry", "reports", "labels", "economic", "review"}
_STRIKE_KEYS = {"window_days", "remember_days"}
_BRAKE_KEYS = {"breaker_factor", "breaker_min_per_hour", "breaker_baseline_hours", "closures_per_hour"}
_CHURN_KEYS = {"max_changes", "window_hours", "after_sanction_hours", "after_sanction_from", "history_size"}
_ESCALATION_KEYS = {"repeat_multiplier", "repeat_from_rung"}
_RUNG_KEYS = {"name", "label", "sanction", "threshold", "duration_days"}
_RULE_KEYS = {"severity", "points", "min_rung", "min_confidence_for_auto"}


@dataclass(frozen=True, slots=True)
class PolicyProblem:
    """One thing wrong with a policy file: where (TOML path) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class PolicyError(ValueError):
    """The policy cannot be used; `problems` lists every problem found, each with its TOML path."""

    def __init__(self, source: str, problems: list[PolicyProblem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"invalid sanction policy {source} ({len(problems)} problem(s)):\n{lines}")


def load_policy(path: str | Path | None = None) -> Policy:
    """Read the policy at `path` (None: the shipped default) and validate it; raises PolicyError."""
    source = Path(path) if path is not None else DEFAULT_POLICY_PATH
    try:
        # utf-8-sig: a byte order mark, which editors on Windows write, is the file's, not the TOML's
        text = source.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise PolicyError(str(source), [PolicyProblem("<file>", f"cannot read: {error}")]) from None
    except UnicodeDecodeError as error:
        where = f"byte {error.start} ({error.object[error.start:error.start + 1]!r})"
        raise PolicyError(str(source), [PolicyProblem("<file>", f"not UTF-8 text: {where}")]) from None
    return parse_policy(text, source=str(source))


def parse_policy(text: str, *, source: str = "<string>") -> Policy:
    """Validate TOML text into a Policy; raises PolicyError listing every problem with its path."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(source, [PolicyProblem("<toml>", str(error))]) from None
    checker = _Checker()
    policy = checker.policy(data)
    if checker.problems or policy is None:
        raise PolicyError(source, checker.problems)
    return policy


class _Checker:
    """Collects problems instead of stopping at the first, so an operator fixes a file in one pass."""

    def __init__(self) -> None:
        self.problems: list[PolicyProblem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(PolicyProblem(path, message))

    def policy(self, data: Mapping[str, Any]) -> Policy | None:
        self.unknown_keys("", data, _TOP_KEYS)
        version = data.get("version")
        if not isinstance(version, str) or not version.strip():
            self.fail("version", "must be a non-empty string, e.g. \"2026-11-22.1\"")
        strikes = self.table(data, "strikes", _STRIKE_KEYS)
        window = self.positive_int(strikes, "strikes.window_days")
        remember = self.positive_int(strikes, "strikes.remember_days")
        if window is not None and remember is not None and remember < window:
            self.fail("strikes.remember_days", f"must be at least strikes.window_days ({window})")
        rungs = self.rungs(data.get("rungs"))
        rung_names = {rung.name for rung in rungs}
        escalation = self.table(data, "escalation", _ESCALATION_KEYS)
        multiplier = escalation.get("repeat_multiplier")
        if not _is_number(multiplier) or not 1.0 <= float(multiplier) <= 10.0:
            self.fail("escalation.repeat_multiplier", f"must be a number from 1 to 10, got {multiplier!r}")
        repeat_from = escalation.get("repeat_from_rung")
        if repeat_from not in rung_names:
            self.fail("escalation.repeat_from_rung", f"unknown rung {repeat_from!r}; rungs are {sorted(rung_names)}")
        rules = self.rules(data.get("rules"), rung_names)
        mode = data.get("mode", "enforce")
        if mode not in ("enforce", "shadow"):
            self.fail("mode", f"must be \"enforce\" or \"shadow\", got {mode!r}")
        brakes = self.brakes(data.get("brakes", {}))
        churn = self.churn(data.get("churn", {}))
        stateful = self.stateful(data)
        content = parse_content(data, self.fail, rules=set(RULES_BY_ID), rungs=rung_names, severities=SEVERITIES)
        if self.problems:
            return None
        return Policy(
            version=str(version),
            rungs=tuple(rungs),
            rules=rules,
            window_days=int(window or 0),
            remember_days=int(remember or 0),
            repeat_multiplier=float(multiplier),  # type: ignore[arg-type]
            repeat_from_rung=str(repeat_from),
            mode=str(mode),
            brakes=brakes,
            churn=churn,
            credentials=stateful,
            content=content,
        )

    def churn(self, value: object) -> Churn:
        """D10: optional [churn]; defaults are Churn()'s."""
        if not isinstance(value, dict):
            self.fail("churn", "must be a table")
            return Churn()
        self.unknown_keys("churn", value, _CHURN_KEYS)
        defaults = Churn()
        ints = {}
        for key in ("max_changes", "window_hours", "after_sanction_hours", "history_size"):
            raw = value.get(key, getattr(defaults, key))
            if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
                self.fail(f"churn.{key}", f"must be a positive integer, got {raw!r}")
                raw = getattr(defaults, key)
            ints[key] = raw
        if ints["history_size"] < 3:
            self.fail("churn.history_size", f"must be at least 3 to see a name cycle, got {ints['history_size']}")
        start = value.get("after_sanction_from", defaults.after_sanction_from)
        if start not in SANCTIONS:
            self.fail("churn.after_sanction_from", f"unknown sanction {start!r}; expected one of {list(SANCTIONS)}")
            start = defaults.after_sanction_from
        return Churn(after_sanction_from=str(start), **ints)

    def stateful(self, data: Mapping[str, Any]) -> StatefulKnobs:
        """Optional `[credentials] notice_before_days` and `[registry] recheck_burst_max`."""
        defaults = StatefulKnobs()
        knobs = {}
        for table, key in (("credentials", "notice_before_days"), ("registry", "recheck_burst_max")):
            value = data.get(table, {})
            if not isinstance(value, dict):
                self.fail(table, "must be a table")
                value = {}
            self.unknown_keys(table, value, {key})
            raw = value.get(key, getattr(defaults, key))
            if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
                self.fail(f"{table}.{key}", f"must be a positive integer, got {raw!r}")
                raw = getattr(defaults, key)
            knobs[key] = raw
        return StatefulKnobs(**knobs)

    def brakes(self, value: object) -> Brakes:
        """Optional [brakes]; defaults are Brakes()'s."""
        if not isinstance(value, dict):
            self.fail("brakes", "must be a table")
            return Brakes()
        self.unknown_keys("brakes", value, _BRAKE_KEYS)
        defaults = Brakes()
        factor = value.get("breaker_factor", defaults.breaker_factor)
        if not _is_number(factor) or float(factor) < 1.0:
            self.fail("brakes.breaker_factor", f"must be a number ≥ 1, got {factor!r}")
            factor = defaults.breaker_factor
        ints = {}
        for key in ("breaker_min_per_hour", "breaker_baseline_hours", "closures_per_hour"):
            raw = value.get(key, getattr(defaults, key))
            if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
                self.fail(f"brakes.{key}", f"must be a positive integer, got {raw!r}")
                raw = getattr(defaults, key)
            ints[key] = raw
        return Brakes(breaker_factor=float(factor), **ints)

    def table(self, data: Mapping[str, Any], key: str, allowed: set[str]) -> Mapping[str, Any]:
        value = data.get(key)
        if not isinstance(value, dict):
            self.fail(key, "missing table" if value is None else "must be a table")
            return {}
        self.unknown_keys(key, value, allowed)
        return value

    def unknown_keys(self, path: str, table: Mapping[str, Any], allowed: set[str]) -> None:
        for key in table:
            if key not in allowed:
                where = f"{path}.{key}" if path else key
                self.fail(where, f"unknown key; expected one of {sorted(allowed)}")

    def positive_int(self, table: Mapping[str, Any], path: str, *, required: bool = True) -> int | None:
        value = table.get(path.rsplit(".", 1)[-1])
        if value is None and not required:
            return None
        if value is None:
            self.fail(path, "missing; must be a positive integer")
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            self.fail(path, f"must be a positive integer, got {value!r}")
            return None
        return value

    def rungs(self, raw: Any) -> list[Rung]:
        if not isinstance(raw, list) or not raw:
            self.fail("rungs", "must be a non-empty array of [[rungs]] tables, lowest first")
            return []
        rungs: list[Rung] = []
        seen: set[str] = set()
        previous: int | None = None
        for index, entry in enumerate(raw):
            path = f"rungs[{index}]"
            if not isinstance(entry, dict):
                self.fail(path, "must be a table")
                continue
            self.unknown_keys(path, entry, _RUNG_KEYS)
            name = entry.get("name")
            if not isinstance(name, str) or not name.isidentifier():
                self.fail(f"{path}.name", f"must be an identifier-like string, got {name!r}")
                name = f"<rung {index}>"
            elif name in seen:
                self.fail(f"{path}.name", f"duplicate rung {name!r}")
            seen.add(name)
            label = entry.get("label", name)
            if not isinstance(label, str):
                self.fail(f"{path}.label", "must be a string")
            sanction = entry.get("sanction")
            if sanction not in SANCTIONS:
                self.fail(f"{path}.sanction", f"unknown sanction {sanction!r}; expected one of {list(SANCTIONS)}")
            threshold = self.positive_int(entry, f"{path}.threshold")
            if threshold is not None and previous is not None and threshold <= previous:
                self.fail(f"{path}.threshold", f"rungs out of order: {threshold} is not above the previous "
                                               f"rung's threshold {previous}")
            previous = threshold if threshold is not None else previous
            duration = self.positive_int(entry, f"{path}.duration_days", required=sanction == "mute")
            if "duration_days" in entry and sanction in SANCTIONS and sanction != "mute":
                self.fail(f"{path}.duration_days", f"only mutes have a duration, not {sanction!r}")
            rungs.append(Rung(name, str(label), str(sanction), int(threshold or 0),
                              duration * MS_PER_DAY // 1000 if duration else None))
        return rungs

    def rules(self, raw: Any, rung_names: set[str]) -> dict[str, RulePolicy]:
        if not isinstance(raw, dict):
            self.fail("rules", "missing [rules] table" if raw is None else "must be a table")
            return {}
        rules: dict[str, RulePolicy] = {}
        for rule_id, entry in raw.items():
            path = f"rules.{rule_id}"
            if rule_id not in RULES_BY_ID:
                self.fail(path, "unknown rule id (the closed list is enforcement.rules.RULES)")
                continue
            if not isinstance(entry, dict):
                self.fail(path, "must be a table")
                continue
            self.unknown_keys(path, entry, _RULE_KEYS)
            severity = entry.get("severity")
            if severity not in SEVERITIES:
                self.fail(f"{path}.severity", f"unknown severity {severity!r}; expected one of {list(SEVERITIES)}")
            points = entry.get("points")
            if not isinstance(points, int) or isinstance(points, bool) or points < 0:
                self.fail(f"{path}.points", f"must be a non-negative integer, got {points!r}")
            min_rung = entry.get("min_rung")
            if min_rung is not None and min_rung not in rung_names:
                self.fail(f"{path}.min_rung", f"unknown rung {min_rung!r}; rungs are {sorted(rung_names)}")
            confidence = entry.get("min_confidence_for_auto")
            if not _is_number(confidence) or not 0.0 <= float(confidence) <= 1.0:
                self.fail(f"{path}.min_confidence_for_auto", f"must be a number from 0 to 1, got {confidence!r}")
            if not self.problems:
                rules[rule_id] = RulePolicy(rule_id, str(severity), int(points), min_rung,  # type: ignore[arg-type]
                                            float(confidence))  # type: ignore[arg-type]
        for rule in RULES:
            if rule.rule_id not in raw:
                self.fail(f"rules.{rule.rule_id}", f"missing: every rule of enforcement.rules.RULES needs "
                                                   f"severity and points ({rule.requirement}: {rule.summary})")
        return rules


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
