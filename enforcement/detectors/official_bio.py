"""D3: a bio or signature presents the account as a protected official body or medium."""

from __future__ import annotations

from collections.abc import Iterator

from enforcement.detectors.compounds import (
    compound_head_after,
    starts_inside_a_place_name,
    straddles_an_everyday_word,
)
from enforcement.detectors.evidence import match_evidence
from enforcement.detectors.profile import ProfileView
from enforcement.identity import IdentityIndex
from enforcement.violations import Violation

CLAIM_REACH = 6  # characters after the name within which a claim word (官方, 官微, 账号…) must start
# Words that present the account as the body when they come right before its name (官方认证：国家市场监督管理
# 总局, 本号由北京市人民政府新闻办公室运营); further away they may say something else (未认证，仅转载人民日报).
# What a bio that opens with a body's name says next when it reports or quotes the body rather than speaking as
# it: 新华社报道：…, 人民日报消息, 央视新闻称…
REPORTED_AFTER = ("报道", "消息", "称", "指出", "发文", "援引")
CLAIMED_BEFORE = ("认证", "本号由", "本号为", "本号系", "本号是", "本账号由", "本账号为", "本账号系", "本账号是",
                  "运营主体", "主办单位", "主体为", "隶属于")


def _end_of_list(ends: dict[int, int], end: int) -> int:
    """Where a run of names written one after another ends, from the end of its first (人民日报|新华社|的)."""
    while end in ends and ends[end] > end:
        end = ends[end]
    return end


def detect_official_bio(index: IdentityIndex, profile: ProfileView) -> Iterator[Violation]:
    """D3: the bio opens with a protected name, or names one next to a claim of being its account.

    A bio that merely mentions a body ("转载自人民日报") or opens with it as part of another word
    ("人民日报读者") is not a claim; one that says "人民日报官方账号", "官方认证：人民日报" or starts
    "新华社……" is.
    """
    for field, text in profile.bios():
        claims = index.claim_words.find(text.canonical)
        places = None  # the division names written in the bio, found when first needed
        seen: set[str] = set()
        matches = index.names.find(text)
        # where each name found in the bio's own characters ends, by where it starts: a list of bodies
        # (人民日报、新华社的读者) is read to its end
        ends: dict[int, int] = {}
        for m in matches:
            if m.view not in ("pinyin", "initials"):
                ends[m.start] = max(ends.get(m.start, m.end), m.end)
        for match in matches:
            if match.key in seen or match.view in ("pinyin", "initials") or len(match.name) < 3:
                continue
            if index.registry.is_verified(match.key, profile.account_id):
                continue
            if match.start > 0:
                places = index.division_finder.find(text.canonical) if places is None else places
                if starts_inside_a_place_name(index, places, match.start):
                    continue  # read from inside a place written in full: 理州公安 in 大理州公安局 is not 利州公安
            # a bio that opens with the name as the first half of another word is not the body's: 人民日报读者
            # (a reader), 人民网红 (an influencer); nor one that opens with what belongs to it (人民日报的忠实读者)
            opens = match.start == 0 and not (compound_head_after(text.canonical, match.end)
                                               or straddles_an_everyday_word(text.canonical, match.end)
                                               or text.canonical.startswith(("的", *REPORTED_AFTER),
                                                                            _end_of_list(ends, match.end)))
            claimed = (any(match.end <= c.start <= match.end + CLAIM_REACH for c in claims)
                       or text.canonical.endswith(CLAIMED_BEFORE, 0, match.start))
            if not (opens or claimed):
                continue
            seen.add(match.key)
            yield Violation(
                account_id=profile.account_id,
                rule="official_bio",
                confidence=match.confidence * (0.95 if claimed else 0.8),
                source_event_id=profile.event_id,
                occurred_at=profile.occurred_at,
                field=field,
                identity=match.key,
                evidence=match_evidence(field, text, match, claim=claimed, opens_bio=opens),
            )
