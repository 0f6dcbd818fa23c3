"""JSON Schemas (draft 2020-12) of the `qinglang.violations`, `qinglang.actions` and `qinglang.review`
records the pipeline emits.

Generated beside the input topics' schemas (`qinglang schemas --write schemas/`), from the code that
builds the records: `Violation.to_record`, `ActionRecord.to_record` and the review items of
`enforcement.review`.
"""

from __future__ import annotations

from typing import Any

from enforcement.ledger import SCHEMA_VERSION
from enforcement.review import REVIEW_REASONS

_ID = {"type": "string", "pattern": "^[0-9a-f]{32}$"}
_TIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$"}
_TEXT = {"type": "string", "minLength": 1}
_COUNT = {"type": "integer", "minimum": 0}


# Where a name or bio match lies and how it was found (enforcement/text/trace.py, docs/identity.md); both
# optional: avatar, report, content and stateful rules have no text span, and older records have neither.
_EVIDENCE = {
    "type": "object",
    "properties": {
        "span": {
            "description": "[start, end) of the matched part in the field's text as sent (Python string indices, "
                           "code points); a match found only after normalising gets the smallest range of original "
                           "characters covering it",
            "type": "array", "prefixItems": [_COUNT, _COUNT], "minItems": 2, "maxItems": 2,
        },
        "step_texts": {
            "description": "the normalisation steps that changed the matched part, in order, each with the whole "
                           "text after it; then the reading the view compared (sound, pinyin, initials, near, "
                           "pinyin_mix, initials_mix) when it is not the text itself",
            "type": "array",
            "items": {"type": "object", "properties": {"step": _TEXT, "text": {"type": "string"}},
                      "required": ["step", "text"], "additionalProperties": False},
        },
    },
}


def violation_schema() -> dict[str, Any]:
    """One `qinglang.violations` record (also each violation of a review item)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "qinglang/qinglang.violations.schema.json",
        "title": "Qinglang output topic qinglang.violations",
        "description": "Generated from enforcement/output_schemas.py by `qinglang schemas --write`; do not edit.",
        **_violation(),
    }


def _violation() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "violation_id": _ID,
            "account_id": _TEXT,
            "requirement": _TEXT,
            "rule": _TEXT,
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "field": {"type": "string"},
            "identity": {"type": "string"},
            "evidence": _EVIDENCE,
            "source_event_id": _TEXT,
            "occurred_at": _TIME,
            "severity": _TEXT,
            "withdrawn": {"const": True},
            "withdrawn_by": _TEXT,
            "reason": {**_TEXT, "description": "why a violation was sent again withdrawn: credential_rechecked (D6/D8 "
                       "re-judged with the credentials valid at its time), sanction_rechecked (D10 "
                       "rename_after_sanction re-judged with the sanctions standing at its time) or "
                       "profile_rechecked (a D7 whose title a profile event earlier in event time, arriving "
                       "after the revocation or expiry, had already taken away)"},
        },
        "required": ["violation_id", "account_id", "requirement", "rule", "confidence", "field", "identity",
                     "evidence", "source_event_id", "occurred_at"],
        "additionalProperties": False,
    }


def action_schema() -> dict[str, Any]:
    """One `qinglang.actions` (and `.shadow`) record: a sanction, a reversal or a restatement."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "qinglang/qinglang.actions.schema.json",
        "title": "Qinglang output topic qinglang.actions",
        "description": "Generated from enforcement/output_schemas.py by `qinglang schemas --write`; do not edit.",
        "type": "object",
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "action_id": _ID,
            "account_id": _TEXT,
            "sanction": _TEXT,
            "rung": _TEXT,
            "duration_s": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]},
            "ends_at": {"anyOf": [_TIME, {"type": "null"}]},
            "violation_ids": {"type": "array", "items": _ID},
            "points_before": {"type": "integer"},
            "points_after": {"type": "integer"},
            "policy_version": _TEXT,
            "occurred_at": _TIME,
            "reverses": {**_ID, "description": "the action this one undoes (a mute's lift, an appeal reversal)"},
            "supersedes": {**_ID, "description": "the action this one restates after an appeal: the same "
                           "sanction under a new id, citing only violations that still stand; the old id "
                           "is finished and later lifts or reversals name this one"},
            "reason": {**_TEXT, "description": "why: mute_ended, appeal_overturned, appeal_reattributed, "
                       "mute_restored, identity_blacklisted, credential_expiring, reordered, credential_rechecked, "
                       "sanction_rechecked, profile_rechecked, or an S5 concern"},
        },
        "required": ["schema_version", "action_id", "account_id", "sanction", "rung", "duration_s", "ends_at",
                     "violation_ids", "points_before", "points_after", "policy_version", "occurred_at"],
        "not": {"required": ["reverses", "supersedes"]},
        "additionalProperties": False,
    }


def review_schema() -> dict[str, Any]:
    """One `qinglang.review` item: what a person must decide, with the violation and its evidence."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "qinglang/qinglang.review.schema.json",
        "title": "Qinglang output topic qinglang.review",
        "description": "Generated from enforcement/output_schemas.py by `qinglang schemas --write`; do not edit.",
        "type": "object",
        "properties": {
            "review_id": _ID,
            "account_id": _TEXT,
            "reason": {"enum": list(REVIEW_REASONS)},
            "requirement": _TEXT,
            "rule": _TEXT,
            "violations": {"type": "array", "minItems": 1, "items": _violation()},
            "occurred_at": _TIME,
            "refer_to": {"const": "public_security"},
            "blacklisted_account_id": _TEXT,
            "blacklist_action_id": _ID,
            "withdrawn": {"const": True, "description": "sent again withdrawn: the item no longer stands (the "
                          "owner's blacklisting that gave it was displaced by an earlier one, or reversed)"},
            "withdrawn_by": {**_ID, "description": "the earlier blacklist action that stands instead, or the "
                             "unblacklist action that reversed the blacklisting"},
        },
        "required": ["review_id", "account_id", "reason", "requirement", "rule", "violations", "occurred_at"],
        "dependentRequired": {"withdrawn": ["withdrawn_by", "blacklist_action_id"], "withdrawn_by": ["withdrawn"]},
        "if": {"properties": {"reason": {"const": "owner_blacklisted"}}},
        "then": {"required": ["blacklisted_account_id", "blacklist_action_id"]},
        "else": {"not": {"anyOf": [{"required": ["blacklisted_account_id"]}, {"required": ["blacklist_action_id"]}]}},
        "additionalProperties": False,
    }


def output_schemas() -> dict[str, dict[str, Any]]:
    """File name → schema for every output topic that has one."""
    return {"qinglang.actions.schema.json": action_schema(), "qinglang.review.schema.json": review_schema(),
            "qinglang.violations.schema.json": violation_schema()}
