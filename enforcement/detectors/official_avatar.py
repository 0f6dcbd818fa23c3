"""D2: the avatar matches an official body's emblem or logo in the registry's logo bank."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from enforcement.avatar import check_avatar
from enforcement.detectors.profile import ProfileView
from enforcement.identity import IdentityIndex
from enforcement.violations import Violation


def detect_official_avatar(
    index: IdentityIndex, profile: ProfileView, variants: Sequence[tuple[str, str, int]] = ()
) -> Iterator[Violation]:
    """D2: a logo hash near one of the avatar's variants (trimmed, tilted back, cropped, flipped…):
    a match (confident) or uncertain (confidence below the policy's auto-sanction bar, so review) by the
    shapes' correlation where both sides have one, else by PDQ alone or the combined PDQ + pHash score
    (LogoBank); entitled accounts are allow-listed. The evidence names the variant and gives the
    distances, the score and the similarity a reviewer can check the verdict against."""
    queries = list(variants)
    if profile.avatar_pdq:
        queries.append(("precomputed", profile.avatar_pdq, 100))
    if not queries or not len(index.logos):
        return
    allowed = {i for i in index.registry.identities if index.registry.is_verified(i, profile.account_id)}
    for match in check_avatar(queries, index.logos, allowed_identities=allowed):
        yield Violation(
            account_id=profile.account_id,
            rule="official_avatar",
            confidence=0.95 if match.verdict == "match" else 0.6,
            source_event_id=profile.event_id,
            occurred_at=profile.occurred_at,
            field="avatar",
            identity=match.identity_id,
            evidence={"field": "avatar", "pdq_distance": match.distance, "variant": match.variant,
                      "verdict": match.verdict, "avatar_hash": match.avatar_hash, "logo_hash": match.logo_hash,
                      **({"avatar_url": profile.avatar_url} if profile.avatar_url else {}),
                      **({} if match.phash_distance is None else {"phash_distance": match.phash_distance,
                                                                  "score": match.score}),
                      **({} if match.similarity is None else {"similarity": match.similarity})},
        )
