"""D3: a bio or signature presents the account as a protected official body or medium."""

from __future__ import annotations

from collections.abc import Iterator

from enforcement.detectors.evidence import match_evidence
from enforcement.detectors.profile import ProfileView
from enforcement.identity import IdentityIndex
from enforcement.violations import Violation

CLAIM_REACH = 6  # characters after the name within which a claim word (官方, 官微, 账号…) must start


def detect_official_bio(index: IdentityIndex, profile: ProfileView) -> Iterator[Violation]:
    """D3: the bio opens with a protected name, or names one next to a claim of being its account.

    A bio that merely mentions a body ("转载自人民日报") is not a claim; one that says
    "人民日报官方账号" or starts "新华社……" is.
    """
    for field, text in profile.bios():
        claims = index.claim_words.find(text.canonical)
        seen: set[str] = set()
        for match in index.names.find(text):
            if match.key in seen or match.view in ("pinyin", "initials") or len(match.name) < 3:
                continue
            if index.registry.is_verified(match.key, profile.account_id):
                continue
            opens = match.start == 0
            claimed = any(match.end <= c.start <= match.end + CLAIM_REACH for c in claims)
            if not (opens or claimed):
                continue
            seen.add(match.key)
            yield Violation(
                account_id=profile.account_id,
                rule="official_bio",
                confidence=match.confidence * (0.95 if claimed else 0.8),
                source_event_id=profile.event_id,
                occurred_at=profile.occurred_at,
                field=field,
                identity=match.key,
                evidence=match_evidence(field, text, match, claim=claimed, opens_bio=opens),
            )
