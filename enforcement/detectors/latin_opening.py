"""A bio that opens with a name in English or pinyin before its Chinese (Heze Traffic Police official｜菏泽交警权威
发布), read also from where the Chinese begins (D3, D5, D6).

Bilingual accounts write the English name first and the Chinese after a bar or a comma. The bio readings look
at how a bio opens — a body's name opening it speaks as the body — and a Latin opening hides the Chinese one
behind it. The bio is read again from its first clause in Chinese, for what the bio as sent did not break
already, and what is found there is pointed back at the bio as sent.
"""

from __future__ import annotations

import re

from enforcement.detectors.inner_padding import shifted_back
from enforcement.detectors.profile import BIO_FIELDS, ProfileView, read_another_way
from enforcement.violations import Violation

STEP = "latin_opening"
# Latin words (letters, digits, spaces and the marks names use), then a separator, then the rest of the bio
_LATIN_OPENING = re.compile(r"[A-Za-z0-9'’&.\s\-]*[A-Za-z][A-Za-z0-9'’&.\s\-]*?\s*[|｜/，,:：;；·•丨—–]+\s*")
_HAN = re.compile("[\u4e00-\u9fff]")


def after_a_latin_opening(profile: ProfileView) -> tuple[ProfileView, dict[str, tuple[str, int, int]]] | None:
    """The profile with each bio that opens with a Latin clause read from after it, and per field what was cut
    (the bio as sent, and where); None when no bio opens so."""
    return read_another_way(profile, _after_its_opening)


def _after_its_opening(field: str, value: str) -> tuple[str, tuple[str, int, int]] | None:
    opening = _LATIN_OPENING.match(value) if field in BIO_FIELDS and value[:1].isascii() else None
    if opening is None or _HAN.search(value, opening.end()) is None:
        return None
    return value[opening.end():], (value, 0, opening.end())


def as_sent(violation: Violation, cut: dict[str, tuple[str, int, int]]) -> Violation:
    """A violation found after the bio's Latin opening, pointed back at the bio as sent."""
    return shifted_back(violation, cut, STEP)
