"""The registry's logo bank (D2): every variant of an avatar against every logo, by shape or by hash.

Shapes first. When both sides carry a shape ("<PDQ>:<pHash>:<shape>", see hashing.py), the pHash only picks
candidates — a pHash within SHAPE_GATE bits — and the shapes' correlation decides: ≥ SHAPE_MATCH is a match,
≥ SHAPE_REVIEW uncertain (review), below that nothing. The binary hashes cannot decide these pairs alone:
a logo cropped to 70 % lands 40–70 PDQ bits from the same crop of the registered logo, as far as another
emblem does, because a symmetric emblem keeps half its coefficients at the median (hashing.py). On the
development emblems (tests/support/emblems.py) every edit correlates ≥ 0.978 with its logo but one corner
placement (0.914: review), and no unrelated image or other emblem reaches 0.73; the held-back seals
(tests/eval/avatars) sit much closer to each other, and the thresholds were placed after seeing 40 of
them (docs/identity.md, which gives the figures; scripts/evaluate_avatars.py). The gate costs one 64-bit
word per pair, a quarter of what PDQ reads, and correlations are taken only for the pairs it lets through.

Binary hashes otherwise. Without a pHash on either side, PDQ's own guidance (as used by Meta's HMA) decides alone: a
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
A hash of quality < 50 is unreliable: by the binary hashes it can only ever be uncertain; by its shape it is
a match only when the shapes correlate ≥ SHAPE_MATCH_LOW_QUALITY — PDQ's quality says how far its bits,
which sit at the median, can be trusted, while the correlation is a measure of its own.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from enforcement.avatar.hashing import SHAPE_DIGITS, display_hash, shape_vectors, split_hash

MIN_QUALITY = 50
PHASH_WEIGHT = 4  # a pHash bit counts as 4 PDQ bits (64 bits against 256)
MATCH_SCORE = 64
REVIEW_SCORE = 96
SHAPE_GATE = 16  # pHash bits: every edit of the evaluation sets lands within 16 of its logo's
GROUP_REACH = 6  # pHash bits between an avatar's variants that share one pass over the bank (`_within_gate`)
SHAPE_MATCH = 0.93
SHAPE_REVIEW = 0.88
SHAPE_MATCH_LOW_QUALITY = 0.95  # a faint crop (PDQ quality < 50) matches by its shape only this close


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
    similarity: float | None = None  # the shapes' correlation, when both sides had a shape


def _rank(match: LogoMatch) -> tuple[bool, float, int]:
    return _rank_of(match.verdict, match.similarity, match.score, match.distance)


def _rank_of(verdict: str, similarity: float | None, score: int | None, distance: int) -> tuple[bool, float, int]:
    """A match before an uncertain pair, then the closer shape, then the lower score (or distance)."""
    return (verdict == "match", similarity if similarity is not None else -1.0,
            -(score if score is not None else distance))


def _shapes(values: Sequence[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """(N, 256) float32 unit vectors (zeros where there is none) and the (N,) mask of those present."""
    present = np.array([v is not None and len(v) == SHAPE_DIGITS for v in values], dtype=bool)
    vectors = np.zeros((len(values), SHAPE_DIGITS // 2), dtype=np.float32)
    if present.any():
        vectors[present] = shape_vectors([v for v in values if v is not None and len(v) == SHAPE_DIGITS])
    return vectors, present


def _words(hex_hashes: Sequence[str]) -> np.ndarray:
    """The PDQ parts of hashes as (N, 4) 64-bit words, in one pass."""
    return np.frombuffer(bytes.fromhex("".join(hex_hashes)), dtype=">u8").reshape(-1, 4).astype(np.uint64)


class LogoBank:
    """PDQ hashes of protected emblems as four (N,) uint64 columns, one per 64-bit word, their pHashes as
    (N,) uint64 (0 and `_has_phash` False where a logo has none), their shapes as (N, 256) float32 unit
    vectors (`_has_shape` False where a logo has none).

    Column-wise, a query's distances are four XOR + popcount passes added into one uint16 array: ~6×
    faster than XOR-ing the (N, 4) rows and summing along their short axis (measured at 10,000 logos)."""

    def __init__(self, identities: list[str], hashes: np.ndarray, match_threshold: int, review_threshold: int,
                 phashes: np.ndarray | None = None, has_phash: np.ndarray | None = None, *,
                 match_score: int = MATCH_SCORE, review_score: int = REVIEW_SCORE,
                 shapes: np.ndarray | None = None, has_shape: np.ndarray | None = None) -> None:
        self._identities = identities
        self._columns = np.ascontiguousarray(hashes.reshape(-1, 4).T)  # (4, N): word w of every logo
        self._phashes = phashes if phashes is not None else np.zeros(len(identities), dtype=np.uint64)
        self._has_phash = has_phash if has_phash is not None else np.zeros(len(identities), dtype=bool)
        self._shapes = shapes if shapes is not None else np.zeros((len(identities), SHAPE_DIGITS // 2), np.float32)
        self._has_shape = (has_shape if has_shape is not None else np.zeros(len(identities), dtype=bool)) \
            & self._has_phash  # a shape is only ever read behind the pHash gate
        self._binary_rows = np.nonzero(~self._has_shape)[0]
        self._shaped_rows = np.nonzero(self._has_shape)[0]
        self._shaped_phashes = self._phashes[self._shaped_rows]
        self.match_threshold = match_threshold
        self.review_threshold = review_threshold
        self.match_score = match_score
        self.review_score = review_score

    @classmethod
    def build(cls, entries: Iterable[tuple[str, str]], *, match_threshold: int = 31,
              review_threshold: int = 63) -> LogoBank:
        """From (identity id, "<PDQ>[:<pHash>[:<shape>]]") pairs."""
        pairs = [(identity, *split_hash(value)) for identity, value in entries]
        hashes = _words([pdq for _, pdq, _, _ in pairs]) if pairs else np.zeros((0, 4), dtype=np.uint64)
        phashes = np.array([int(p, 16) if p else 0 for _, _, p, _ in pairs], dtype=np.uint64)
        has_phash = np.array([p is not None for _, _, p, _ in pairs], dtype=bool)
        shapes, has_shape = _shapes([shape for _, _, _, shape in pairs])
        return cls([i for i, _, _, _ in pairs], hashes, match_threshold, review_threshold, phashes, has_phash,
                   shapes=shapes, has_shape=has_shape)

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

    def shape_verdict(self, similarity: float, quality: int) -> str | None:
        """"match", "uncertain" or None for a pair whose shapes correlate by `similarity`."""
        found = "match" if similarity >= SHAPE_MATCH else "uncertain" if similarity >= SHAPE_REVIEW else None
        return "uncertain" if found == "match" and quality < MIN_QUALITY and similarity < SHAPE_MATCH_LOW_QUALITY \
            else found

    def _pdq_distances(self, words: np.ndarray, rows: np.ndarray | None) -> np.ndarray:
        """(queries, rows) PDQ distances of the queries' (Q, 4) words to the logos in `rows` (None: all)."""
        columns = self._columns if rows is None else self._columns[:, rows]
        distances: np.ndarray = np.bitwise_count(columns[0][None, :] ^ words[:, 0:1]).astype(np.uint16)
        for w in range(1, 4):
            distances += np.bitwise_count(columns[w][None, :] ^ words[:, w:w + 1])
        return distances

    def _within_gate(self, phashes: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """For each query pHash, the shaped logos (positions in `_shaped_rows`) within SHAPE_GATE bits of it,
        and their distances.

        A pass over the bank costs the same for any query, and an avatar's variants often lie close to each
        other (the fine crops, the small turns), so variants within GROUP_REACH bits of one another share a
        pass: the bank is read once for a group's representative with a gate GROUP_REACH wider, and each
        member is measured on what that let through — exact by the triangle inequality (a logo within the
        gate of a member is within gate + GROUP_REACH of the representative). On `scripts/evaluate_avatars.py`'s
        avatars: 16 passes instead of 24, and matching 1.70–1.80 → 1.39–1.47 ms an avatar (with the loop
        below kept in Python ints: numpy's per-call cost on 25 elements was a tenth of the gate)."""
        if not len(phashes):
            return []
        # each variant's neighbours within GROUP_REACH as the bits of an int; the representative of the next
        # group is the variant with the most neighbours left (the first of them)
        near = np.packbits(np.bitwise_count(phashes[:, None] ^ phashes[None, :]) <= GROUP_REACH, axis=1,
                           bitorder="little")
        neighbours = [int.from_bytes(row.tobytes(), "little") for row in near]
        found: list[tuple[np.ndarray, np.ndarray] | None] = [None] * len(phashes)
        left = (1 << len(phashes)) - 1
        while left:
            counts = [(mask & left).bit_count() if left >> v & 1 else -1 for v, mask in enumerate(neighbours)]
            representative = counts.index(max(counts))
            group = neighbours[representative] & left
            members = [v for v in range(len(phashes)) if group >> v & 1]
            distances = np.bitwise_count(self._shaped_phashes ^ phashes[representative])
            if len(members) == 1:
                gated = np.flatnonzero(distances <= SHAPE_GATE)
                found[representative] = gated, distances[gated]
            else:
                candidates = np.flatnonzero(distances <= SHAPE_GATE + GROUP_REACH)
                candidate_phashes = self._shaped_phashes[candidates]
                for member in members:
                    member_distances = np.bitwise_count(candidate_phashes ^ phashes[member])
                    kept = member_distances <= SHAPE_GATE
                    found[member] = candidates[kept], member_distances[kept]
            left &= ~group
        return [f for f in found if f is not None]

    def match(self, queries: Sequence[tuple[str, str, int]]) -> list[LogoMatch]:
        """Best pair per identity over all query variants, nearest first; identities with no pair within
        the thresholds are left out.

        Queries are (variant, "<PDQ>[:<pHash>[:<shape>]]", PDQ quality). A shaped variant is read against
        the shaped logos one pHash pass at a time, and its shape correlated with the logos within
        SHAPE_GATE; PDQ and pHash tables are built only for the pairs where one side has no shape."""
        if not len(self) or not queries:
            return []
        split = [split_hash(hash_text) for _, hash_text, _ in queries]
        words = _words([pdq for pdq, _, _ in split])  # (V, 4)
        query_has_phash = np.array([p is not None for _, p, _ in split])
        query_phashes = np.array([int(p, 16) if p else 0 for _, p, _ in split], dtype=np.uint64)
        query_shapes, query_has_shape = _shapes([shape for _, _, shape in split])
        query_has_shape &= query_has_phash
        # identity -> the rank of its best pair and what makes it (the match is written out for the best only)
        best: dict[str, tuple[tuple[bool, float, int],
                              tuple[int, int, str, int, int | None, int | None, float | None]]] = {}

        def keep(v: int, row: int, verdict: str, distance: int, phash_distance: int | None,
                 similarity: float | None) -> None:
            score = None if phash_distance is None else distance + PHASH_WEIGHT * phash_distance
            rank = _rank_of(verdict, similarity, score, distance)
            identity = self._identities[row]
            current = best.get(identity)
            if current is None or rank > current[0]:
                best[identity] = rank, (v, row, verdict, distance, phash_distance, score, similarity)

        # both sides shaped: the pHash gates, the correlation decides. One variant at a time: the pass over
        # the bank then stays in the CPU's cache (a (variants, logos) table was 4× slower at 70,000 hashes).
        shaped = [int(v) for v in np.nonzero(query_has_shape)[0]] if len(self._shaped_rows) else []
        for v, (gated, phash_distances) in zip(shaped, self._within_gate(query_phashes[shaped]), strict=True):
            rows = self._shaped_rows[gated]
            similarities = self._shapes[rows] @ query_shapes[v]
            near = np.flatnonzero(similarities >= SHAPE_REVIEW)  # below it no pair is a candidate
            if not len(near):
                continue
            # the PDQ distances of the pairs kept, in one pass (evidence: the reviewer compares the hashes)
            distances = self._pdq_distances(words[v:v + 1], rows[near])[0]
            for i, distance in zip(near, distances, strict=True):
                similarity = float(similarities[i])
                verdict = self.shape_verdict(similarity, queries[v][2])
                if verdict is not None:
                    keep(v, int(rows[i]), verdict, int(distance), int(phash_distances[i]), round(similarity, 4))

        # one side without a shape: PDQ and pHash as before (see the module docstring)
        blocks = ((np.nonzero(~query_has_shape)[0], None), (np.nonzero(query_has_shape)[0], self._binary_rows))
        for query_rows, logo_rows in blocks:
            if not len(query_rows) or (logo_rows is not None and not len(logo_rows)):
                continue
            columns = np.arange(len(self)) if logo_rows is None else logo_rows
            distances = self._pdq_distances(words[query_rows], logo_rows)
            phash_block = np.bitwise_count(self._phashes[columns][None, :] ^ query_phashes[query_rows][:, None])
            both = query_has_phash[query_rows][:, None] & self._has_phash[columns][None, :]
            # a pair is a candidate by PDQ alone (either side without a pHash) or by the combined score
            scores = distances + PHASH_WEIGHT * phash_block.astype(np.uint16)
            candidates = np.where(both, (scores <= self.review_score) | (distances <= self.match_threshold),
                                  distances <= self.review_threshold)
            for i, j in zip(*np.nonzero(candidates), strict=True):
                v, row = int(query_rows[i]), int(columns[j])
                distance = int(distances[i, j])
                phash_distance = int(phash_block[i, j]) if both[i, j] else None
                verdict = self.verdict(distance, queries[v][2], phash_distance)
                if verdict is not None:
                    keep(v, row, verdict, distance, phash_distance, None)
        found = [self._match(queries, *pair) for _, pair in best.values()]
        return sorted(found, key=lambda m: (tuple(-x for x in _rank(m)), m.identity_id))

    def _match(self, queries: Sequence[tuple[str, str, int]], v: int, row: int, verdict: str, distance: int,
               phash_distance: int | None, score: int | None, similarity: float | None) -> LogoMatch:
        variant, hash_text, _ = queries[v]
        return LogoMatch(self._identities[row], distance, variant, verdict, phash_distance, score,
                         display_hash(hash_text), self.logo_hash(row), similarity)


def check_avatar(queries: Sequence[tuple[str, str, int]], bank: LogoBank, *,
                 allowed_identities: Container[str]) -> list[LogoMatch]:
    """D2: logo matches, minus the identities this account is entitled to (their verified accounts)."""
    return [m for m in bank.match(queries) if m.identity_id not in allowed_identities]
