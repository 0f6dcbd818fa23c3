"""A profile text that labels itself a parody or a joke (人民日报（恶搞版）, 假装是新华社（恶搞）, 模仿秀·新闻联播).

It still imitates the body's name, so its violations stand — an impersonator may add the label to slip through —
but it deceives no one who reads it, so a person decides: every violation read in such a text is held at the review
confidence, never struck automatically (S3 "uncertain cases go to human review").
"""

from __future__ import annotations

import dataclasses
import re

from enforcement.violations import Violation

# Words that say the text is a parody, a joke or a copy: alone (恶搞, 搞笑, 段子, 模仿, 山寨, 冒牌, 假装, 非官方,
# 娱乐号, 娱乐向, 纯属娱乐, 玩梗, cosplay, cos as a word of its own: cos人民日报) or, for 仿, 伪 and 假, as a mark of
# their own in brackets (（仿）, （假）) or, for 仿 and 伪, before a separator (伪·)
_PARODY = re.compile(r"恶搞|搞笑|段子|模仿|山寨|冒牌|假装|假的|非官方|娱乐号|娱乐向|纯属娱乐|玩梗|戏仿|cosplay"
                     r"|(?<![a-z])cos(?![a-z])|parody"
                     r"|[（(【\[]\s*[仿伪假]\s*[）)】\]]|[仿伪]\s*[·・|｜]", re.IGNORECASE)
# the highest confidence a violation in such a text keeps: the review confidence (`official_name.REVIEW_CONFIDENCE`)
HELD_AT = 0.8


def marked_as_parody(text: str) -> bool:
    """`text`, as sent, labels itself a parody or a joke."""
    return _PARODY.search(text) is not None


def held_for_review(violation: Violation) -> Violation:
    """`violation`, read in a text that labels itself a parody, at the review confidence at most."""
    if violation.confidence <= HELD_AT:
        return violation
    return dataclasses.replace(violation, confidence=HELD_AT,
                               evidence={**violation.evidence, "parody_marked": True})
