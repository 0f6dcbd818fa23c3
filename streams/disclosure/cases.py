"""Typical cases (S7): a decided case a supervisor picked to publish, with a summary that names nobody.

The notices ask platforms to expose typical cases; what is published is the requirement, the rule, the
sanction, the CST day and a summary. The summary is checked here so that no account id, identity hash,
link, e-mail address or phone number reaches a published page, whatever the supervisor typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from enforcement.events.visible import has_visible
from enforcement.ids import derive_id
from enforcement.rules import requirement_of
from enforcement.text.invisibles import strip_invisibles
from streams.disclosure.days import cst_day, utc_moment

MAX_SUMMARY = 500
# the project's account ids: a scheme of one to three Latin letters, a colon, then ASCII (u:100000, s:1,
# r:12); a longer word before a colon ("Note:", "Rule:") is ordinary prose
_ACCOUNT_ID = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{1,3}:[A-Za-z0-9][A-Za-z0-9_.:-]*")
# identity hashes and the project's derived ids are long hex runs (32 digits); 16 catches a shortened one
_HASH = re.compile(r"(?<![0-9A-Za-z])[0-9a-fA-F]{16,}(?![0-9A-Za-z])")
_URL = re.compile(r"(?i)(?:\b[a-z][a-z0-9+.-]*://|\bwww\.|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\."
                  r"(?:com|cn|net|org|gov|edu|info|io|top|xyz|me|cc|tv|app|site|link|ly)\b)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# a Chinese mobile number (with or without +86 and separators), a landline with its area code, or any
# run of seven digits or more; a date such as 2026-11-01 is not a phone number
_PHONE = re.compile(r"(?:\+?86[\s-]?)?(?<!\d)1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)"
                    r"|(?<!\d)0\d{2,3}[\s-]\d{7,8}(?!\d)|\d{7,}")


class SummaryError(ValueError):
    """A summary refused; `kind` says what was found (the page explains it in the reviewer's language)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


SUMMARY_REFUSALS: dict[str, str] = {
    "empty": "The summary shows nothing; write what happened, without naming the account.",
    "too_long": f"The summary is longer than {MAX_SUMMARY} characters.",
    "account_id": "The summary contains an account id; a published case names no account.",
    "identity_hash": "The summary contains an identity hash or an id; a published case carries none.",
    "url": "The summary contains a link; a published case carries none.",
    "email": "The summary contains an e-mail address; a published case carries no personal data.",
    "phone": "The summary contains a phone number; a published case carries no personal data.",
}


def check_summary(text: str, *, account_id: str, identity_hash: str | None = None,
                  other_accounts: Iterable[str] = ()) -> str:
    """The summary as it will be stored (whitespace runs made one space), or SummaryError.

    Checked on the text with invisible characters removed and full-width forms folded (NFKC), so an id
    split by a zero-width space or typed in full-width letters is still found."""
    summary = " ".join(text.split())
    if not has_visible(summary):
        raise SummaryError("empty")
    if len(summary) > MAX_SUMMARY:
        raise SummaryError("too_long")
    plain = unicodedata.normalize("NFKC", strip_invisibles(summary))
    squeezed = "".join(plain.split())  # "u: 42" and "138 0013 8000" as typed to slip through
    for needle, kind in ((account_id, "account_id"), *((a, "account_id") for a in other_accounts),
                         (identity_hash, "identity_hash")):
        if needle and any(_contains_token(hay, needle) for hay in (plain, squeezed)):
            raise SummaryError(kind)
    # (kind, pattern, also without spaces): squeezing would join ordinary words to an id-like shape
    # ("Reason: impersonation"), so only the digit and address patterns are also tried without spaces
    checks = (("email", _EMAIL, True), ("url", _URL, False), ("account_id", _ACCOUNT_ID, False),
              ("identity_hash", _HASH, False), ("phone", _PHONE, True))
    for kind, pattern, squeeze in checks:
        if pattern.search(plain) or (squeeze and pattern.search(squeezed)):
            raise SummaryError(kind)
    return summary


def _contains_token(text: str, needle: str) -> bool:
    """`needle` in `text`, not as part of a longer Latin word or number (account "u:4" is not in "u:42")."""
    pattern = rf"(?<![A-Za-z0-9]){re.escape(needle)}(?![A-Za-z0-9])"
    return re.search(pattern, text, flags=re.IGNORECASE) is not None


def case_id(violation_id: str) -> str:
    """One typical case per violation: marking it again replaces its summary."""
    return derive_id("typical_case", violation_id)


@dataclass(frozen=True, slots=True)
class Decided:
    """A violation of one account that led to an action: what a typical case is made from."""

    violation_id: str
    rule: str
    occurred_at: str  # UTC, ISO 8601 with Z
    sanctions: tuple[str, ...]


def decided_violations(audit: Iterable[Mapping[str, str]]) -> dict[str, Decided]:
    """From an account's audit trail: each violation that fired an action, with the sanctions it fired,
    oldest first. A violation whose sanction was reversed on appeal is left out: the decision no longer
    stands, so it is no example of enforcement."""
    rules: dict[str, tuple[str, str]] = {}
    fired: dict[str, list[str]] = {}
    reversed_: set[str] = set()
    for entry in audit:
        vid = entry.get("violation_id", "")
        if entry.get("kind") == "strike" and vid:
            at = entry.get("occurred_at_ms", "")
            when = datetime.fromtimestamp(int(at) / 1000, UTC) if at.isdigit() else None
            rules.setdefault(vid, (entry.get("rule", ""), "" if when is None else
                                   when.isoformat(timespec="milliseconds").replace("+00:00", "Z")))
        elif entry.get("kind") == "action" and vid:
            if entry.get("reverses"):
                reversed_.add(vid)
            elif not entry.get("supersedes") and entry.get("sanction") not in fired.get(vid, []):
                fired.setdefault(vid, []).append(entry.get("sanction", ""))
    return {vid: Decided(vid, rules[vid][0], rules[vid][1], tuple(fired[vid]))
            for vid in rules if vid in fired and vid not in reversed_ and rules[vid][1]}


def requirement_of_rule(rule: str) -> str:
    """The rule's requirement, or "?" for a rule this version does not know (an older policy's strike)."""
    try:
        return requirement_of(rule)
    except KeyError:
        return "?"


def typical_case(*, violation_id: str, account_id: str, rule: str, requirement: str, occurred_at: str,
                 sanction: str, summary: str, marked_by: str, marked_at: str, review_id: str = "") -> dict[str, Any]:
    """The stored record. The account and the review item are kept for the console's own links; the
    published view (`public`) leaves them out."""
    return {
        "case_id": case_id(violation_id), "violation_id": violation_id, "account_id": account_id,
        "review_id": review_id, "requirement": requirement, "rule": rule, "sanction": sanction,
        "date": cst_day(utc_moment(occurred_at)), "occurred_at": occurred_at, "summary": summary,
        "marked_by": marked_by, "marked_at": marked_at,
    }


PUBLIC_FIELDS = ("case_id", "date", "requirement", "rule", "sanction", "summary")


def public(case: Mapping[str, Any], *, with_marker: bool = False) -> dict[str, Any]:
    """What a report shows of a case: never the account, its violation or its review item. `with_marker`
    adds who marked it and when, for the operators' own views (table, JSON); the printable page omits it."""
    fields = PUBLIC_FIELDS + (("marked_by", "marked_at") if with_marker else ())
    return {k: case.get(k) for k in fields}
