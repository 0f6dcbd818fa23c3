"""The identity detectors (D1–D6, D8), registered in one explicit tuple; all run, then the policy decides."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from enforcement.detectors.division_function import detect_division_function
from enforcement.detectors.news_word import detect_news_word
from enforcement.detectors.official_avatar import detect_official_avatar
from enforcement.detectors.official_bio import detect_official_bio
from enforcement.detectors.official_name import detect_official_name
from enforcement.detectors.professional import detect_professional_title
from enforcement.detectors.profile import ProfileView, profile_view
from enforcement.detectors.staff import detect_staff
from enforcement.identity import IdentityIndex
from enforcement.violations import Violation

TextDetector = Callable[[IdentityIndex, ProfileView], Iterable[Violation]]

TEXT_DETECTORS: tuple[TextDetector, ...] = (
    detect_official_name,  # D1
    detect_official_bio,  # D3
    detect_division_function,  # D4
    detect_staff,  # D5
    detect_professional_title,  # D6
    detect_news_word,  # D8
)


def detect_profile(
    index: IdentityIndex, profile: ProfileView, avatar_variants: Sequence[tuple[str, str, int]] = ()
) -> list[Violation]:
    """Every violation one profile event shows, in a stable order (detector order, then id)."""
    found: dict[str, Violation] = {}
    for detector in TEXT_DETECTORS:
        for violation in detector(index, profile):
            found.setdefault(violation.violation_id, violation)
    for violation in detect_official_avatar(index, profile, avatar_variants):
        found.setdefault(violation.violation_id, violation)
    return list(found.values())


__all__ = ["TEXT_DETECTORS", "ProfileView", "detect_profile", "profile_view"]
