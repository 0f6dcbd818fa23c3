"""Whether a text shows anything: a display name or a bio made only of whitespace and characters that
draw nothing (zero-width spaces and joiners, direction marks and overrides, variation selectors, tags,
fillers) is blank, and refused like an empty one. Such characters inside a visible text are kept: the
normaliser removes them before the detectors look (enforcement/text), so salting a name with them
changes nothing."""

from __future__ import annotations

import re

# whitespace, then the invisible: soft hyphen, combining grapheme joiner, Hangul fillers, Khmer inherent
# vowels, Mongolian selectors and vowel separator, zero-width space/joiners and direction marks, embeddings
# and overrides, word joiner to nominal digit shapes, braille blank, variation selectors, BOM, tags and
# the supplementary variation selectors
_VISIBLE = re.compile(
    "[^\\s\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e0fff]"
)


def has_visible(text: str) -> bool:
    """True when `text` holds at least one character that shows."""
    return _VISIBLE.search(text) is not None
