"""Characters that render as nothing and are inserted to split protected names (D1 evasion)."""

from __future__ import annotations

import re
import unicodedata

_RANGES = (
    (0x200B, 0x200F),  # zero-width space/joiners, LRM/RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2064),  # word joiner, invisible operators
    (0x2066, 0x2069),  # bidi isolates
    (0xFE00, 0xFE0F),  # variation selectors
    (0xE0100, 0xE01EF),  # variation selectors supplement
    (0xE0000, 0xE007F),  # tags
    # Lone surrogates: not characters, so no UTF-8 text (no record) carries one, but a str can; they show
    # nothing, and left in they would make traditional-to-simplified conversion (opencc, which encodes the
    # text as UTF-8) raise, for a text that also holds a traditional character.
    (0xD800, 0xDFFF),
)
_SINGLES = (0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFEFF, 0xFFA0)


def _build() -> dict[int, None]:
    table: dict[int, None] = dict.fromkeys(_SINGLES)
    for low, high in _RANGES:
        table.update(dict.fromkeys(range(low, high + 1)))
    return table


INVISIBLE_TABLE: dict[int, None] = _build()


# Printable ASCII, CJK symbols and punctuation, CJK ideographs (extension A and unified) and the
# full-width forms up to U+FF9F (U+FFA0 is a Hangul filler): none of these is invisible or a format
# character (Cf), so a text made of them only is returned as it is, without a per-character look-up.
_PLAIN = re.compile("[\\x20-\\x7e\\u3000-\\u303f\\u3400-\\u4dbf\\u4e00-\\u9fff\\uff00-\\uff9f]*")


def strip_invisibles(text: str) -> str:
    """Remove invisible characters (the table above, lone surrogates included, plus any other format
    character, category Cf)."""
    if _PLAIN.fullmatch(text):
        return text
    text = text.translate(INVISIBLE_TABLE)
    if any(unicodedata.category(ch) == "Cf" for ch in text):
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return text
