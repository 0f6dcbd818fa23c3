"""How a violation's evidence reads on the item page: the text with the matched part marked (where the
detector says it is, `span`; else found by searching the text), the normalisation steps with the text
after each, the identity matched, and every other evidence field as it is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from enforcement.rules import RULES_BY_ID
from streams.worker.avatar_fetch import host_allowed

# Evidence fields shown in their own places on the page; the rest go to the "other evidence" table.
_SHOWN = frozenset({"text", "matched", "steps", "protected_name", "canonical", "view", "field", "span",
                    "step_texts", "avatar_url", "avatar_hash", "logo_hash"})
# Evidence fields that name the part of the text that matched, by rule family (D1-D3, D4, D5).
_NEEDLES = ("matched", "place_text", "function_word", "role")
# Owner identity hashes never reach a page (nor do reporter ids: they are personal data of the reporters).
_HIDDEN = frozenset({"identity_hash", "owner", "owner_identity", "reporter_ids", "reporters"})


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    matched: bool


@dataclass(frozen=True, slots=True)
class ViolationView:
    violation_id: str
    requirement: str
    rule: str
    rule_summary: str
    severity: str
    confidence: float
    field: str
    identity: str
    protected_name: str
    segments: tuple[Segment, ...]
    located: bool  # the matched part was found in the text as written (else it matched only after normalising)
    matched: str
    steps: tuple[str, ...]
    step_texts: tuple[tuple[str, str], ...]  # (step, text after it) for the steps that changed the matched part
    canonical: str
    view: str
    other: tuple[tuple[str, str], ...]
    occurred_at: str
    avatar_url: str = ""  # D2: the avatar that matched, as the event named it
    avatar_shown: bool = False  # its host is one the worker may fetch avatars from: the page shows it
    avatar_hash: str = ""  # D2: the hash of the avatar's variant that matched ("<PDQ>[:<pHash>]")
    logo_hash: str = ""  # D2: the registry logo's hash it matched (the registry keeps hashes, not images)


def highlight(text: str, needles: Sequence[str]) -> tuple[tuple[Segment, ...], bool]:
    """`text` split so every occurrence of each needle (the matched part, or a D4 place name and function
    word, or a D5 staff role) is marked, longest first; (whole text unmarked, False) when none occurs as
    written (it was found only in a normalised view of the text)."""
    wanted = sorted({n for n in needles if n and n in text}, key=len, reverse=True)
    if not text or not wanted:
        return ((Segment(text, False),) if text else ()), False
    marked = [False] * len(text)
    for needle in wanted:
        start = 0
        while (at := text.find(needle, start)) >= 0:
            if not any(marked[at:at + len(needle)]):  # a longer needle already covers this place
                marked[at:at + len(needle)] = [True] * len(needle)
            start = at + 1
    segments: list[Segment] = []
    for char, flag in zip(text, marked, strict=True):
        if segments and segments[-1].matched == flag:
            segments[-1] = Segment(segments[-1].text + char, flag)
        else:
            segments.append(Segment(char, flag))
    return tuple(segments), True


def marked_span(text: str, span: Any) -> tuple[Segment, ...] | None:
    """`text` with [start, end) marked, or None when `span` is not a valid range of it (no span: older
    records, and rules without a text match; a malformed one is not trusted)."""
    if not isinstance(span, list | tuple) or len(span) != 2 or not all(type(i) is int for i in span):
        return None
    start, end = span
    if not 0 <= start < end <= len(text):
        return None
    parts = (Segment(text[:start], False), Segment(text[start:end], True), Segment(text[end:], False))
    return tuple(p for p in parts if p.text)


def _step_texts(value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple((str(s.get("step", "")), str(s.get("text", ""))) for s in value if isinstance(s, dict))


def _plain(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items() if k not in _HIDDEN)
    return str(value)


def shown_avatar(url: str, hosts: frozenset[str]) -> bool:
    """Whether the page shows the avatar at `url`: an http(s) URL on a host of QINGLANG_AVATAR_HOSTS (the
    hosts the worker fetches avatars from). The console fetches it through the worker's safe fetcher and
    serves it itself (`/items/<id>/avatar/<n>`): the reviewer's browser never calls the account's URL."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and host_allowed(parts.hostname or "", hosts)


def violation_view(record: dict[str, Any], *, image_hosts: frozenset[str] = frozenset()) -> ViolationView:
    """One violation record of a review item, ready for the page; `image_hosts` are the hosts whose avatars
    the page may load."""
    evidence = record.get("evidence") or {}
    text = str(evidence.get("text") or "")
    needles = [str(evidence[k]) for k in _NEEDLES if evidence.get(k)]
    matched = " + ".join(needles)
    spanned = marked_span(text, evidence.get("span"))
    segments, located = (spanned, True) if spanned is not None else highlight(text, needles)
    rule = str(record.get("rule", ""))
    known = RULES_BY_ID.get(rule)
    avatar_url = str(evidence.get("avatar_url") or "")
    return ViolationView(
        violation_id=str(record.get("violation_id", "")),
        requirement=str(record.get("requirement", "")),
        rule=rule,
        rule_summary=known.summary if known else "",
        severity=str(record.get("severity", "")),
        confidence=float(record.get("confidence", 0.0)),
        field=str(record.get("field") or evidence.get("field") or ""),
        identity=str(record.get("identity", "")),
        protected_name=str(evidence.get("protected_name") or ""),
        segments=segments,
        located=located,
        matched=matched,
        steps=tuple(str(s) for s in evidence.get("steps") or ()),
        step_texts=_step_texts(evidence.get("step_texts")),
        canonical=str(evidence.get("canonical") or ""),
        view=str(evidence.get("view") or ""),
        other=tuple((k, _plain(v)) for k, v in sorted(evidence.items()) if k not in _SHOWN and k not in _HIDDEN),
        occurred_at=str(record.get("occurred_at", "")),
        avatar_url=avatar_url,
        avatar_shown=bool(avatar_url) and shown_avatar(avatar_url, image_hosts),
        avatar_hash=str(evidence.get("avatar_hash") or ""),
        logo_hash=str(evidence.get("logo_hash") or ""),
    )
