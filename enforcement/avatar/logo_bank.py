"""The registry's logo bank (D2): Hamming distances from every query variant to every logo at once.

Thresholds. Without a pHash on either side, PDQ's own guidance (as used by Meta's HMA) decides alone: a
distance ≤ 31 of 256 bits is a match, up to 63 is "uncertain" and goes to review, not to a sanction (S3).

With a pHash on both sides (the "<PDQ>:<pHash>" form, see hashing.py) the two are read together as one
score, PDQ distance + 4 × pHash distance (0–512; the pHash counts 4× because it has a quarter of PDQ's
bits):
- score ≤ 64 is a match — PDQ's 31 with a pHash within 8, or an exact pHash with PDQ up to 64;
- score ≤ 96, or a PDQ distance ≤ 31 the pHash does not back, is uncertain (review);
- anything else is nothing, even at a PDQ distance of 32–63. Flat, synthetic-looking images (gradients,
  cartoons, other badges) often land within 63 PDQ bits of some logo by chance; alone that sent about a
  fifth of unrelated avatars to review. PDQ flips many bits on a one-pixel shift of such images while the
  pHash of the same pair moves by 0–6 bits, so the pHash is what separates them.
The thresholds were set on the development emblems (tests/support/emblems.py), where every edit of every
emblem scores ≤ 40 and no unrelated image scores below 100; the held-back set (tests/eval/avatars) reports
how they do elsewhere (scripts/evaluate_avatars.py, docs/identity.md).
A hash of quality < 50 is unreliable and can only ever be uncertain.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from enforcement.avatar.hashing import split_hash

MIN_QUALITY = 50
PHASH_WEIGHT = 4  # a pHash bit counts as 4 PDQ bits (64 bits against 256)
MATCH_SCORE = 64
REVIEW_SCORE = 96


@dataclass(frozen=True, slots=True)
class LogoMatch:
    """The closest logo of one identity to any variant of the avatar."""

    identity_id: str
    distance: int
    variant: str
    verdict: str  # match | uncertain
    phash_distance: int | None = None  # when both the logo and the variant had a pHash
    score: int | None = None  # PDQ + PHASH_WEIGHT × pHash distance, when there is a pHash distance
    avatar_hash: str = ""  # "<PDQ>[:<pHash>]" of the avatar's variant that matched
    logo_hash: str = ""  # "<PDQ>[:<pHash>]" of the registry's logo it matched: what a reviewer compares


def _rank(match: LogoMatch) -> tuple[bool, int]:
    return match.verdict == "match", -(match.score if match.score is not None else match.distance)


def _words(hex_hash: str) -> np.ndarray:
    """The PDQ part of a hash as four 64-bit words."""
    return np.array([int(hex_hash[i:i + 16], 16) for i in range(0, 64, 16)], dtype=np.uint64)


class LogoBank:
    """PDQ hashes of protected emblems as four (N,) uint64 columns, one per 64-bit word, their pHashes as
    (N,) uint64 (0 and `_has_phash` False where a logo has none); one vectorised pass per query.

    Column-wise, a query's distances are four XOR + popcount passes added into one uint16 array: ~6×
    faster than XOR-ing the (N, 4) rows and summing along their short axis (measured at 10,000 logos)."""

    def __init__(self, identities: list[str], hashes: np.ndarray, match_threshold: int, review_threshold: int,
                 phashes: np.ndarray | None = None, has_phash: np.ndarray | None = None, *,
                 match_score: int = MATCH_SCORE, review_score: int = REVIEW_SCORE) -> None:
        self._identities = identities
        self._columns = np.ascontiguousarray(hashes.reshape(-1, 4).T)  # (4, N): word w of every logo
        self._phashes = phashes if phashes is not None else np.zeros(len(identities), dtype=np.uint64)
        self._has_phash = has_phash if has_phash is not None else np.zeros(len(identities), dtype=bool)
        self.match_threshold = match_threshold
        self.review_threshold = review_threshold
        self.match_score = match_score
        self.review_score = review_score

    @classmethod
    def build(cls, entries: Iterable[tuple[str, str]], *, match_threshold: int = 31,
              review_threshold: int = 63) -> LogoBank:
        """From (identity id, "<PDQ>[:<pHash>]") pairs."""
        pairs = [(identity, *split_hash(value)) for identity, value in entries]
        hashes = np.array([_words(pdq) for _, pdq, _ in pairs], dtype=np.uint64).reshape(-1, 4)
        phashes = np.array([int(p, 16) if p else 0 for _, _, p in pairs], dtype=np.uint64)
        has_phash = np.array([p is not None for _, _, p in pairs], dtype=bool)
        return cls([i for i, _, _ in pairs], hashes, match_threshold, review_threshold, phashes, has_phash)

    def __len__(self) -> int:
        return len(self._identities)

    def logo_hash(self, row: int) -> str:
        """The bank's "<PDQ>[:<pHash>]" of logo `row`, as the registry wrote it (lower-case hex)."""
        pdq = "".join(f"{int(self._columns[w][row]):016x}" for w in range(4))
        return f"{pdq}:{int(self._phashes[row]):016x}" if self._has_phash[row] else pdq

    def verdict(self, distance: int, quality: int, phash_distance: int | None) -> str | None:
        """"match", "uncertain" or None (not a candidate) for one pair (see the module docstring)."""
        if phash_distance is None:
            found = "match" if distance <= self.match_threshold else "uncertain" if distance <= self.review_threshold \
                else None
        else:
            score = distance + PHASH_WEIGHT * phash_distance
            found = "match" if score <= self.match_score else \
                "uncertain" if score <= self.review_score or distance <= self.match_threshold else None
        if found == "match" and quality < MIN_QUALITY:
            return "uncertain"
        return found

    def match(self, queries: Sequence[tuple[str, str, int]]) -> list[LogoMatch]:
        """Best pair per identity over all query variants, nearest first; identities with no pair within
        the thresholds are left out.

        Queries are (variant, "<PDQ>[:<pHash>]", PDQ quality). All variants go through in one pass: a
        (variants, logos) table per 64-bit word, so two dozen variants cost about as much Python as one."""
        if not len(self) or not queries:
            return []
        split = [split_hash(hash_text) for _, hash_text, _ in queries]
        words = np.array([_words(pdq) for pdq, _ in split], dtype=np.uint64)  # (V, 4)
        distances = np.bitwise_count(self._columns[0][None, :] ^ words[:, 0:1]).astype(np.uint16)
        for w in range(1, 4):
            distances += np.bitwise_count(self._columns[w][None, :] ^ words[:, w:w + 1])
        query_has_phash = np.array([p is not None for _, p in split])
        query_phashes = np.array([int(p, 16) if p else 0 for _, p in split], dtype=np.uint64)
        phash_distances = np.bitwise_count(self._phashes[None, :] ^ query_phashes[:, None]).astype(np.uint16)
        both = query_has_phash[:, None] & self._has_phash[None, :]
        # a pair is a candidate by PDQ alone (either side without a pHash) or by the combined score
        scores = distances + PHASH_WEIGHT * phash_distances
        candidates = np.where(both, (scores <= self.review_score) | (distances <= self.match_threshold),
                              distances <= self.review_threshold)
        best: dict[str, LogoMatch] = {}
        for v, row in zip(*np.nonzero(candidates), strict=True):
            variant, _, quality = queries[v]
            distance = int(distances[v, row])
            phash_distance = int(phash_distances[v, row]) if both[v, row] else None
            verdict = self.verdict(distance, quality, phash_distance)
            if verdict is None:
                continue
            found = LogoMatch(self._identities[row], distance, variant, verdict, phash_distance,
                              None if phash_distance is None else distance + PHASH_WEIGHT * phash_distance,
                              queries[v][1], self.logo_hash(int(row)))
            current = best.get(found.identity_id)
            if current is None or _rank(found) > _rank(current):
                best[found.identity_id] = found
        return sorted(best.values(), key=lambda m: (m.verdict != "match", m.score if m.score is not None
                                                    else m.distance, m.identity_id))


def check_avatar(queries: Sequence[tuple[str, str, int]], bank: LogoBank, *,
                 allowed_identities: Container[str]) -> list[LogoMatch]:
    """D2: logo matches, minus the identities this account is entitled to (their verified accounts)."""
    return [m for m in bank.match(queries) if m.identity_id not in allowed_identities]
