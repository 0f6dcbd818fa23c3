"""Where a match lies in the text as sent, and what each normalisation step made of it (D1, D3–D6, D8, D9 evidence).

`normalize` keeps only the final views; a reviewer needs the matched part marked in the original name or
bio and the text after each step that mattered. `trace` replays the same steps as
`normalize._normalize_stepwise`, in the same order, and carries for every character of each step's text
the [start, end) range of original characters it came from. It runs only for texts a detector reports
(never for the clean names that make up most traffic), and its result is checked against `normalize`:
a step it cannot follow character by character still yields the smallest original range covering it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from enforcement.text.confusables import CONFUSABLES
from enforcement.text.english import from_english
from enforcement.text.invisibles import strip_invisibles
from enforcement.text.lookalike import LOOKALIKES
from enforcement.text.matcher import near_fold
from enforcement.text.normalize import _DROPPED, _LATIN_WORD, _T2S, _TONELESS, normalize, syllable
from enforcement.text.radicals import RADICALS

Origin = tuple[int, int]
_RUNS = re.compile("[\\x00-\\x7f]+|[^\\x00-\\x7f]+")  # a run of Latin letters and digits, or of characters


@dataclass(frozen=True, slots=True)
class Stage:
    """The text after one step, and for each of its characters the original characters it came from."""

    step: str
    text: str
    origins: tuple[Origin, ...]


def _cover(origins: Sequence[Origin]) -> Origin:
    return min(o[0] for o in origins), max(o[1] for o in origins)


def _clusters(text: str, origins: Sequence[Origin]) -> list[tuple[str, Origin]]:
    """Each base character with the combining marks after it (NFKC composes them into one character)."""
    units: list[tuple[str, Origin]] = []
    for ch, origin in zip(text, origins, strict=True):
        if units and unicodedata.combining(ch):
            joined, (start, end) = units[-1]
            units[-1] = (joined + ch, (min(start, origin[0]), max(end, origin[1])))
        else:
            units.append((ch, origin))
    return units


def _aligned(before: str, origins: Sequence[Origin], after: str, whole: Origin) -> tuple[Origin, ...]:
    """A change that cannot be followed character by character: the common beginning and end keep their
    origins, the changed middle gets the smallest range covering what it replaced."""
    prefix = 0
    limit = min(len(before), len(after))
    while prefix < limit and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    replaced = origins[prefix:len(before) - suffix]
    if replaced:
        middle = _cover(replaced)
    elif prefix:
        middle = origins[prefix - 1]
    elif suffix:
        middle = origins[len(before) - suffix]
    else:
        middle = whole
    tail = tuple(origins[len(before) - suffix:]) if suffix else ()
    return (*origins[:prefix], *([middle] * (len(after) - prefix - suffix)), *tail)


def _carry(before: Stage, step: str, after: str, apply: Callable[[str], str] | None, whole: Origin) -> Stage:
    """`after` (the step applied to `before.text`) with the origin of each of its characters: the step
    applied to one character (then to one character and its combining marks) must give the same text,
    else a step that keeps the length (t2s converts phrases of equal length) keeps positions."""
    if apply is not None:
        for units in (list(zip(before.text, before.origins, strict=True)), _clusters(before.text, before.origins)):
            pieces = [apply(unit) for unit, _ in units]
            if "".join(pieces) == after:
                return Stage(step, after, tuple(o for piece, (_, o) in zip(pieces, units, strict=True) for _ in piece))
    if len(after) == len(before.text):
        return Stage(step, after, before.origins)
    return Stage(step, after, _aligned(before.text, before.origins, after, whole))


@dataclass(frozen=True, slots=True)
class Trace:
    """Every step that changed `original`, in order, with its text; `displayed` is the text the Latin words
    are read from (before traditional characters and symbols go), `canonical` and `shape` the final views."""

    original: str
    stages: tuple[Stage, ...]
    displayed: Stage
    canonical: Stage
    shape: Stage

    def span(self, start: int, end: int, stage: Stage | None = None) -> Origin:
        """The original characters [start, end) of `stage`'s text (default `canonical`) came from: the
        smallest original range covering them."""
        origins = (stage or self.canonical).origins[start:end]
        if not origins:
            return (0, 0)
        return _cover(origins)

    def steps_within(self, span: Origin, *, shape: bool = False) -> list[dict[str, str]]:
        """The steps that changed the part of the text that came from `span`, each with the whole text after
        it; the look-alike fold only when `shape` (the match was read on the folded text)."""
        start, end = span
        out: list[dict[str, str]] = []
        previous = self.original[start:end]
        for stage in self.stages:
            if stage.step == "lookalike" and not shape:
                continue
            part = "".join(ch for ch, o in zip(stage.text, stage.origins, strict=True) if o[0] < end and o[1] > start)
            if part != previous:
                out.append({"step": stage.step, "text": stage.text})
            previous = part
        return out


def _identity(text: str) -> Stage:
    return Stage("original", text, tuple((i, i + 1) for i in range(len(text))))


def _t2s(text: str) -> str:
    return _T2S.convert(text) if not text.isascii() else text


_STEPS: tuple[tuple[str, Callable[[str], str], bool], ...] = (
    # (name, the step on a whole text, whether it may be applied one character at a time)
    ("nfkc", lambda t: unicodedata.normalize("NFKC", t), True),
    ("radical", lambda t: t.translate(RADICALS), True),
    ("invisible", strip_invisibles, True),
    ("confusable", lambda t: t.translate(CONFUSABLES), True),
    ("casefold", str.casefold, True),
    ("tone", lambda t: t.translate(_TONELESS), True),
    ("english", from_english, False),  # a phrase becomes two or three characters: aligned as a whole
    ("t2s", _t2s, False),  # opencc reads phrases: its output is aligned position by position
    ("symbol", lambda t: _DROPPED.sub("", t), True),
)


@lru_cache(maxsize=4096)
def trace(original: str) -> Trace:
    """The steps `normalize(original)` took, with origins (see the module docstring)."""
    whole = (0, len(original))
    current = _identity(original)
    stages: list[Stage] = []
    displayed = current
    for name, step, per_char in _STEPS:
        after = step(current.text)
        if after != current.text:
            current = _carry(current, name, after, step if per_char else None, whole)
            stages.append(current)
        if name == "tone":
            displayed = current
    canonical = current
    shape = current
    folded = current.text.translate(LOOKALIKES)
    if folded != current.text:
        shape = Stage("lookalike", folded, current.origins)
        stages.append(shape)
    normalized = normalize(original)
    if canonical.text != normalized.canonical or shape.text != normalized.shape:  # pragma: no cover - a guard
        # the replay disagrees with the normaliser: every character is only known to come from the text
        canonical = Stage("canonical", normalized.canonical, (whole,) * len(normalized.canonical))
        shape = Stage("lookalike", normalized.shape, canonical.origins)
        stages = [canonical] + ([shape] if shape.text != canonical.text else [])
    return Trace(original, tuple(stages), displayed, canonical, shape)


def spelled(canonical: str) -> str:
    """`canonical` read aloud as the sound view compares it: each character's first toneless reading, each
    run of Latin letters or digits as it is, separated by spaces ("国家安全bu" → "guo jia an quan bu")."""
    words: list[str] = []
    for run in _RUNS.finditer(canonical):
        part = run.group()
        words += [part] if part.isascii() else map(syllable, part)
    return " ".join(words)


def latin_span(text_trace: Trace, matched: str) -> Origin | None:
    """Where Latin letters `matched` (a pinyin or initials match: a Latin word, part of one, or part of
    all the words joined, ren-min-ri-bao) lie in the original text; None when they are not there."""
    stage = text_trace.displayed
    runs = [(m.start(), m.end()) for m in _LATIN_WORD.finditer(stage.text)]
    for start, end in runs:
        at = stage.text.find(matched, start, end)
        if at >= 0:
            return text_trace.span(at, at + len(matched), stage)
    positions = [i for start, end in runs for i in range(start, end)]
    at = "".join(stage.text[i] for i in positions).find(matched)
    if at < 0 or not matched:
        return None
    return _cover([stage.origins[i] for i in positions[at:at + len(matched)]])


def evidence_location(original: str, start: int, end: int, view: str = "canonical", matched: str = "",
                      read_as: str = "") -> dict[str, Any]:
    """`span` and `step_texts` of a match at [start, end) of `normalize(original).canonical` (the shape,
    near and sound views have one character per canonical character), or, for the pinyin and initials
    views, of the Latin letters `matched`; `read_as` is what a mixed-script match (pinyin_mix, initials_mix)
    reads as, in characters (长sha市气象 as 长沙市气象).

    `step_texts` lists the steps that changed the matched part, each with the whole text after it, then the
    reading the view compared when it is not the text itself (the Latin letters read as pinyin or initials,
    the syllables heard, the near look-alikes folded, the Latin tokens read as the name's characters)."""
    text = normalize(original)
    latin = view in ("pinyin", "initials")
    if not text.steps and not latin:
        # no step changed the text (most reported names): offsets in the canonical text are the original's
        span: Origin = (start, end)
        steps: list[dict[str, str]] = []
    else:
        found = trace(original)
        span = (latin_span(found, matched) or (0, len(original))) if latin else found.span(start, end)
        steps = found.steps_within(span, shape=view in ("shape", "near"))
    if view == "near":
        steps.append({"step": "near", "text": near_fold(text.shape) or text.shape})
    elif view == "sound":
        steps.append({"step": view, "text": spelled(text.canonical)})
    elif view in ("pinyin_mix", "initials_mix"):
        canonical = text.canonical
        reading = canonical[:start] + read_as + canonical[end:] if read_as else spelled(canonical)
        steps.append({"step": view, "text": reading})
    elif view in ("pinyin", "initials"):
        steps.append({"step": view, "text": matched})
    return {"span": [span[0], span[1]], "step_texts": steps}
