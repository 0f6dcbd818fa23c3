"""The identity detectors (D1–D6, D8), registered in one explicit tuple; all run, then the policy decides."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from enforcement.detectors.bio_opening import as_the_bios, opening_as_a_name
from enforcement.detectors.division_function import detect_division_function, detect_division_joined_in_latin
from enforcement.detectors.inner_padding import as_sent, may_be_padded, unpadded_view
from enforcement.detectors.latin_opening import after_a_latin_opening
from enforcement.detectors.latin_opening import as_sent as latin_as_sent
from enforcement.detectors.latin_written_back import as_sent as written_back_as_sent
from enforcement.detectors.latin_written_back import written_back_view
from enforcement.detectors.news_word import detect_news_word
from enforcement.detectors.official_avatar import detect_official_avatar
from enforcement.detectors.official_bio import detect_official_bio
from enforcement.detectors.official_name import detect_institution_name, detect_official_name
from enforcement.detectors.organ_alone import detect_organ_alone
from enforcement.detectors.parody import held_for_review, marked_as_parody
from enforcement.detectors.professional import detect_professional_title
from enforcement.detectors.profile import ProfileView, profile_view
from enforcement.detectors.reversed_name import as_sent as reversed_as_sent
from enforcement.detectors.reversed_name import may_read_backwards, reversed_view, swapped_view, turned_as_sent
from enforcement.detectors.spaced_characters import as_sent as joined_as_sent
from enforcement.detectors.spaced_characters import joined_view
from enforcement.detectors.staff import detect_staff
from enforcement.identity import IdentityIndex
from enforcement.identity.index import (
    BRAND,
    CONTEXT,
    DIVISION,
    INSTITUTION,
    JOINED,
    NAME,
    NEWS,
    ORGAN,
    STAFF,
    TITLE,
    UNIT,
    initials_opening,
)
from enforcement.violations import Violation

TextDetector = Callable[[IdentityIndex, ProfileView], Iterable[Violation]]

TEXT_DETECTORS: tuple[TextDetector, ...] = (
    detect_official_name,  # D1
    detect_institution_name,  # D1, a public institution no list holds (review)
    detect_organ_alone,  # D1, an organ word with no place
    detect_official_bio,  # D3
    detect_division_function,  # D4
    detect_division_joined_in_latin,  # D4, partly in pinyin or initials
    detect_staff,  # D5
    detect_professional_title,  # D6
    detect_news_word,  # D8
)


# When each detector can fire at all, as bits of IdentityIndex.screen: (all of, at least one of).
# Every detector finds its terms with searches the screen's scan also covers, so a detector whose
# terms are absent is skipped without changing any result. A detector missing here always runs.
DETECTOR_GATES: dict[TextDetector, tuple[int, int]] = {
    detect_official_name: (0, NAME | CONTEXT | UNIT),  # a protected name, a body's everyday short form, a local unit
    detect_institution_name: (0, INSTITUTION),  # an institution's kind (延边大学, 北京协和医院官方)
    detect_organ_alone: (0, ORGAN),  # an organ word
    # a protected name, a place's organ (partly in Latin too: 灵丘县FY官方账号), a short form claimed, an
    # institution's kind or a unit that is always official (北京协和医院官方号, 鼓东街道办事处官方号)
    detect_official_bio: (0, NAME | ORGAN | CONTEXT | JOINED | INSTITUTION | UNIT | NEWS),  # … a place's news claimed
    detect_division_function: (DIVISION, ORGAN | BRAND),  # a place joined to a function word or brand
    detect_division_joined_in_latin: (0, JOINED),
    detect_staff: (0, STAFF | ORGAN),  # a role, a post or word of employment, or a body's member (税务局小王)
    detect_professional_title: (0, TITLE),
    detect_news_word: (0, NEWS),
}


def _runs_for(mask: int) -> tuple[TextDetector, ...]:
    """The detectors whose gate `mask` opens (and every ungated one), in TEXT_DETECTORS order."""
    return tuple(
        detector for detector in TEXT_DETECTORS
        if (gate := DETECTOR_GATES.get(detector)) is None or (mask & gate[0] == gate[0] and mask & gate[1])
    )


# The detectors to run for each screen mask, worked out once: a text with bits but no open gate (a place
# name alone, the commonest case) costs one look-up.
_GATE_BITS = max((bits for gate in DETECTOR_GATES.values() for bits in gate), default=0).bit_length()
_RUNS: tuple[tuple[TextDetector, ...], ...] = tuple(_runs_for(mask) for mask in range(1 << _GATE_BITS))
_MASK = (1 << _GATE_BITS) - 1


def detect_profile(
    index: IdentityIndex, profile: ProfileView, avatar_variants: Sequence[tuple[str, str, int]] = ()
) -> list[Violation]:
    """Every violation one profile event shows, in a stable order (detector order, then each detector's own)."""
    # `screened`, with whether a padding word (官方, 官微) may stand inside a name (`read_texts` reads the name
    # without it) worked out in the same pass: this runs for every profile event
    mask = 0
    padded = backwards = False
    for field, value in profile.fields:
        mask |= _screened_bits(index, value)
        padded = padded or may_be_padded(value)
        backwards = backwards or may_read_backwards(index, field, value)
    runs = _RUNS[mask & _MASK]
    avatar = bool(avatar_variants) or bool(profile.avatar_pdq)
    if not runs and not avatar and not padded and not backwards:
        return []  # no term any detector searches for: most names end here
    # the screen already read these texts; a name read without its padding, or a bio's first sentence read as a
    # name, is screened afresh
    found = read_texts(index, profile, lambda i, read: runs if read is profile else screened(i, read))
    if avatar:
        for violation in detect_official_avatar(index, profile, avatar_variants):
            found.setdefault(_identity_of(violation), violation)
    parodies = {field for field, value in profile.fields if marked_as_parody(value)}
    if parodies:  # a text that labels itself a parody: a person decides (`parody.py`)
        return [held_for_review(v) if v.field in parodies else v for v in found.values()]
    return list(found.values())


# The readings of a display name that a bio's first sentence, marked official, is read with (`bio_opening.py`)
_NAME_READINGS = frozenset({detect_official_name, detect_division_function, detect_division_joined_in_latin})


def screened(index: IdentityIndex, profile: ProfileView) -> tuple[TextDetector, ...]:
    """The detectors the screen lets run on `profile` (`DETECTOR_GATES`): `IdentityIndex.screen` of each text,
    read on the text as sent, without normalising it."""
    mask = 0
    for _, value in profile.fields:
        mask |= _screened_bits(index, value)
    return _RUNS[mask & _MASK]


def _screened_bits(index: IdentityIndex, value: str) -> int:
    """The screen's bits for one text as sent; a title or role in initials, which the screen's automaton leaves out
    (two letters stand inside countless Latin words), opens D5 and D6 only where they would read it (ys郑, 皮肤科ys)."""
    bits = index.names.scan_raw(value)
    return bits | (TITLE | STAFF) if initials_opening(value) else bits


# Keyed by what `Violation.violation_id` hashes (its requirement follows from its rule): the same violations
# are kept as with the id itself, without a SHA-256 per violation found.
Found = dict[tuple[str, str, str, str], Violation]


def read_texts(index: IdentityIndex, profile: ProfileView,
               detectors: Callable[[IdentityIndex, ProfileView], Sequence[TextDetector]]) -> Found:
    """The text detectors `detectors` chooses, over the profile's texts; then, when a padding word stands inside
    a name (杭州市（官方）公安局), over the name read without it, for the requirements the name as sent did not
    break already; likewise a bio opening with a clause in Latin letters, read from after it (`latin_opening.py`),
    a name written backwards or with its organ word first, read the right way round (`reversed_name.py`), and words
    partly in pinyin written back in Chinese (`latin_written_back.py`), and characters spaced apart joined
    (`spaced_characters.py`); and, when a bio's first sentence is a name
    marked official and the bio claimed no body, the name readings over that sentence (`bio_opening.py`)."""
    found: Found = {}
    for detector in detectors(index, profile):
        for violation in detector(index, profile):
            found.setdefault(_identity_of(violation), violation)
    for again, pointed_back in ((unpadded_view(profile, index.padding_first), as_sent),
                                (after_a_latin_opening(profile), latin_as_sent),
                                (reversed_view(index, profile), reversed_as_sent),
                                (swapped_view(index, profile), turned_as_sent),
                                (written_back_view(index, profile), written_back_as_sent),
                                (joined_view(profile), joined_as_sent)):
        if again is None:
            continue
        view, removed = again
        broken = {(v.field, v.requirement) for v in found.values()}
        for detector in detectors(index, view):
            for violation in detector(index, view):
                if (violation.field, violation.requirement) in broken:
                    continue
                sent = pointed_back(violation, removed)  # type: ignore[arg-type]
                if sent is not None:
                    found.setdefault(_identity_of(sent), sent)
    opening = opening_as_a_name(profile)
    if opening is not None and not any(v.field == opening.field and v.requirement == "D3" for v in found.values()):
        # a bio opening with a name marked official (余杭fa yuan官方，…): the name readings, as the bio's claim
        for detector in detectors(index, opening.view):
            if detector in _NAME_READINGS:
                for violation in detector(index, opening.view):
                    claim = as_the_bios(violation, opening)
                    if claim is not None:
                        found.setdefault(_identity_of(claim), claim)
    return found


def _identity_of(violation: Violation) -> tuple[str, str, str, str]:
    """The parts `violation_id` is derived from: equal parts, equal ids."""
    return (violation.trigger_id or violation.source_event_id, violation.rule, violation.field, violation.identity)


__all__ = ["DETECTOR_GATES", "TEXT_DETECTORS", "ProfileView", "detect_profile", "profile_view", "read_texts"]
