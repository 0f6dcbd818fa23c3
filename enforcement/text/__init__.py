"""Evasion-proof text normalisation and the protected-name matcher (D1, D3)."""

from enforcement.text.matcher import Match, NameMatcher, Pattern
from enforcement.text.normalize import NormalizedText, initials_key, is_han, normalize, pinyin_key

__all__ = ["Match", "NameMatcher", "NormalizedText", "Pattern", "initials_key", "is_han", "normalize",
           "pinyin_key"]
