"""Look-alike characters (形近字) attackers substitute into official names (D1), mapped to the original.

Only variants that are rare in ordinary names are mapped, each to the common character it imitates,
so that ordinary names never collide with protected ones (the false-positive target is ≤ 1 %).
Common characters that look alike (太/大, 玉/王, 未/末 in everyday words…) are deliberately left out:
mapping them would merge ordinary words. Groups: (variant characters) → the imitated character.
"""

from __future__ import annotations

_GROUPS: dict[str, str] = {
    "日": "曰",  # 人民曰报
    "国": "囯圀囻",  # variant forms of 国 (國 is handled by t2s)
    "人": "亻入",  # standalone radical; 入 (入民日报)
    "民": "氐",  # 人氐日报
    "市": "巿",  # U+5DFF "fu", drawn like 市
    "京": "亰",
    "成": "戍",
    "天": "夭",
    "央": "夬",
    "公": "厶",
    "局": "侷跼",
    "报": "扱",
    "警": "擎儆",
    "官": "宫",
    "社": "杜",
    "都": "郝",
    "部": "陪",
    "华": "铧",
    "视": "覌",
    "安": "宊",
    "布": "佈",
    "检": "俭",
    "察": "祭",
    "卫": "衞",
    "团": "囝",
}

LOOKALIKES: dict[int, str] = {
    ord(variant): original
    for original, variants in _GROUPS.items()
    if len(original) == 1
    for variant in variants
}
