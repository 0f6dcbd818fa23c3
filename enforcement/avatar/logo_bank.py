"""The registry's logo bank (D2): Hamming distance from every query variant to every logo at once.

Thresholds (PDQ's own guidance, as used by Meta's HMA): a distance ≤ 31 of 256 bits is a match; up to
63 is "uncertain" and goes to review, not to a sanction (S3); a hash of quality < 50 is unreliable and
can only ever be uncertain.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

MIN_QUALITY = 50


@dataclass(frozen=True, slots=True)
class LogoMatch:
    """The closest logo of one identity to any variant of the avatar."""

    identity_id: str
    distance: int
    variant: str
    verdict: str  # match | uncertain


def _rank(match: LogoMatch) -> tuple[bool, int]:
    return match.verdict == "match", -match.distance


def _words(hex_hash: str) -> np.ndarray:
    return np.array([int(hex_hash[i:i + 16], 16) for i in range(0, 64, 16)], dtype=np.uint64)


class LogoBank:
    """PDQ hashes of protected emblems as an (N, 4) uint64 array; one vectorised pass per query."""

    def __init__(self, identities: list[str], hashes: np.ndarray, match_threshold: int, review_threshold: int) -> None:
        self._identities = identities
        self._hashes = hashes
        self.match_threshold = match_threshold
        self.review_threshold = review_threshold

    @classmethod
    def build(cls, entries: Iterable[tuple[str, str]], *, match_threshold: int = 31,
              review_threshold: int = 63) -> LogoBank:
        pairs = list(entries)
        hashes = np.array([_words(h) for _, h in pairs], dtype=np.uint64).reshape(-1, 4)
        return cls([i for i, _ in pairs], hashes, match_threshold, review_threshold)

    def __len__(self) -> int:
        return len(self._identities)

    def match(self, queries: Sequence[tuple[str, str, int]]) -> list[LogoMatch]:
        """Best distance per identity over all query variants, within the review threshold, nearest first."""
        if not len(self) or not queries:
            return []
        best: dict[str, LogoMatch] = {}
        for variant, hex_hash, quality in queries:
            distances = np.bitwise_count(self._hashes ^ _words(hex_hash)).sum(axis=1)
            for row in np.nonzero(distances <= self.review_threshold)[0]:
                distance = int(distances[row])
                confident = distance <= self.match_threshold and quality >= MIN_QUALITY
                found = LogoMatch(self._identities[row], distance, variant, "match" if confident else "uncertain")
                current = best.get(found.identity_id)
                if current is None or _rank(found) > _rank(current):
                    best[found.identity_id] = found
        return sorted(best.values(), key=lambda m: (m.distance, m.identity_id))


def check_avatar(queries: Sequence[tuple[str, str, int]], bank: LogoBank, *,
                 allowed_identities: Container[str]) -> list[LogoMatch]:
    """D2: logo matches, minus the identities this account is entitled to (their verified accounts)."""
    return [m for m in bank.match(queries) if m.identity_id not in allowed_identities]
