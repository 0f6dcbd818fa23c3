"""D9: a name or bio claiming to be a party, relative or insider of an active hot event or public figure.

A claim is a claim word (vocab.json `hot_event_claims`: 当事人, 家属, 知情人, 本人, 妈妈, 同学…) next to
one of an ACTIVE event's names (a party, a public figure, the event's title or keyword):
- after the name, at most `REACH_AFTER` characters later: 张三家属, 张三的妈妈, 张三事件知情人, 张三一案的家属;
- before the name, directly or one character apart, and only for the insider words in `BEFORE_NAME`
  (当事人张三, 知情人说张三): relatives are named after the person, and "本人喜欢张三" is a fan, not a claim.
The name alone (张三粉丝), a claim word alone (家属院) or an event outside [active_from, expires_at) by the
profile event's occurred_at is nothing. Texts are normalised first, so traditional characters,
look-alikes, spaces, symbols and invisible characters do not hide a claim; the event's own accounts
(`account_ids`) are exempt.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from enforcement.detectors.evidence import location
from enforcement.detectors.profile import ProfileView
from enforcement.hotevents import HotEventIndex, NameHit
from enforcement.identity import TermHit
from enforcement.violations import Violation

REACH_AFTER = 3
REACH_BEFORE = 1
BEFORE_NAME = frozenset({"当事人", "知情人", "知情者", "知情人士", "内部人士", "内部员工", "爆料人", "亲历者",
                         "目击者"})
ADJACENT, NEAR = 0.95, 0.9  # a claim touching the name, or a few characters away
LATIN_VIEWS = ("pinyin", "initials")  # spans of these index the Latin letters: only "somewhere in the text"


def _claim_for(hit: NameHit, claims: list[TermHit]) -> tuple[TermHit, int] | None:
    """The claim word attached to the name, with its gap in characters (the closest one)."""
    best: tuple[TermHit, int] | None = None
    start, end = hit.match.start, hit.match.end
    for claim in claims:
        if hit.match.view in LATIN_VIEWS:
            gap = REACH_AFTER  # where the pinyin sits in the text is unknown: never "adjacent"
        elif claim.start >= end and claim.start - end <= REACH_AFTER:
            gap = claim.start - end
        elif claim.end <= start and start - claim.end <= REACH_BEFORE and claim.term in BEFORE_NAME:
            gap = start - claim.end
        else:
            continue
        if best is None or gap < best[1]:
            best = (claim, gap)
    return best


def detect_hot_event_party(index: HotEventIndex, profile: ProfileView) -> Iterator[Violation]:
    """D9: one violation per field and active hot event whose name carries a claim word."""
    if not index.events:
        return
    for field, text in profile.texts:
        claims = index.claims.find_views(text)
        if not claims:
            continue
        best: dict[str, tuple[float, NameHit, TermHit]] = {}
        for hit in index.find_names(text):
            event = hit.event
            if not event.active_at(profile.occurred_at) or profile.account_id in event.account_ids:
                continue
            found = _claim_for(hit, claims)
            if found is None:
                continue
            claim, gap = found
            confidence = hit.match.confidence * (ADJACENT if gap <= 1 else NEAR)
            confidence *= 1.0 if claim.view == "canonical" else 0.9
            current = best.get(event.hot_event_id)
            if current is None or confidence > current[0]:
                best[event.hot_event_id] = (confidence, hit, claim)
        for event_id, (confidence, hit, claim) in sorted(best.items()):
            event = hit.event
            yield Violation(
                account_id=profile.account_id,
                rule="hot_event_party",
                confidence=confidence,
                source_event_id=profile.event_id,
                occurred_at=profile.occurred_at,
                field=field,
                identity=f"hot_event:{event_id}",
                evidence={
                    "field": field, "text": text.original, "canonical": text.canonical,
                    "hot_event_id": event_id, "title": event.title, "role": hit.role,
                    "name": hit.match.name, "matched": hit.match.matched_text, "view": hit.match.view,
                    "claim": claim.term, "claim_view": claim.view,
                    "active_from": _iso(event.active_from), "expires_at": _iso(event.expires_at),
                    "steps": list(hit.match.steps),
                    **location(text, hit.match.start, hit.match.end, hit.match.view, hit.match.matched_text,
                                hit.match.name),
                },
            )


def _iso(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")
