"""Latin look-alikes from other scripts (Unicode confusables, Cyrillic/Greek → Latin) — D1 evasion.

Curated from the Unicode confusables data for the letters attackers use to spell CCTV, CGTN, NEWS
and pinyin names; NFKC has already folded full-width and mathematical forms.
"""

from __future__ import annotations

CONFUSABLES: dict[int, str] = {
    ord(k): v
    for k, v in {
        # Cyrillic
        "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
        "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ү": "y", "һ": "h",
        "А": "a", "В": "b", "Е": "e", "К": "k", "М": "m", "Н": "h", "О": "o", "Р": "p", "С": "c", "Т": "t",
        "У": "y", "Х": "x", "І": "i", "Ј": "j", "Ѕ": "s",
        # Greek
        "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
        "χ": "x", "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m", "Ν": "n",
        "Ο": "o", "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x",
        # Latin extensions and symbols used as letters
        "ı": "i", "ȷ": "j", "ℓ": "l", "ⅼ": "l", "Ⅰ": "i", "Ⅴ": "v", "Ⅹ": "x", "Ⅽ": "c", "Ⅾ": "d", "Ⅿ": "m",
    }.items()
}
