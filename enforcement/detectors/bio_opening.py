"""A bio whose first sentence is an account's name marked official, read as a display name (D3).

"余杭fa yuan官方，审判执行公开" opens with what an impersonator would put in the name field: a place, an organ
written partly in pinyin, and 官方. The bio readings look for a body's name as written, or by look-alikes; the
pinyin, initials and sound views that catch the same disguise in a name are left out of bios, where any
sentence would open them to chance. A first sentence that ends with the account's own official mark is a name in
all but its field, so it is read with the name detectors too, and what they find there is the bio's (D3).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from enforcement.detectors.clauses import SENTENCE_END
from enforcement.detectors.official_bio import DISCLAIMED_BEFORE, DISCLAIMERS, POINTING_BEFORE
from enforcement.detectors.profile import BIO_FIELDS, ProfileView
from enforcement.text import normalize
from enforcement.violations import Violation

# The marks by which an account calls itself official, ending the bio's first sentence
OPENING_MARKS = ("官方账号", "官方帐号", "官方号", "官方", "官微", "服务号")
# A first sentence longer than this is a sentence about something, not a name
OPENING_REACH = 20
# The name readings whose findings are the bio's own claim to be the body (D1, D4 → D3)
_NAME_RULES = frozenset({"official_name_exact", "official_name_similar", "division_official_function"})
# The field the first sentence is read as
_READ_AS = "name"


@dataclasses.dataclass(frozen=True, slots=True)
class OpeningAsAName:
    """A bio's first sentence as a display name: the view to read, and the bio it came from."""

    view: ProfileView
    field: str
    bio: str
    offset: int  # where the sentence starts in the bio as sent


def opening_as_a_name(profile: ProfileView) -> OpeningAsAName | None:
    """The first bio whose first sentence ends with an official mark (`OPENING_MARKS`), as a name; None when none
    does (the common case: asked only of texts holding 官 or 服务号)."""
    for field, value in profile.fields:
        if field not in BIO_FIELDS or ("官" not in value and "服务号" not in value):
            continue
        sentence = SENTENCE_END.split(value.strip(), maxsplit=1)[0].strip()
        if not sentence or len(sentence) > OPENING_REACH or not normalize(sentence).canonical.endswith(OPENING_MARKS):
            continue
        if any(word in value for word in DISCLAIMERS) or any(word in sentence for word in DISCLAIMED_BEFORE):
            continue  # 本号非景德镇政府官方，…; …粉丝站 非官方: a disclaimer, as the bio readings take it
        if any(word in sentence for word in POINTING_BEFORE):
            continue  # 欢迎关注成都市公安局官方账号: pointing at the body's account is not claiming it
        view = profile._replace(fields=((_READ_AS, sentence),))
        return OpeningAsAName(view, field, value, value.find(sentence))
    return None


def as_the_bios(violation: Violation, opening: OpeningAsAName) -> Violation | None:
    """A name reading's finding in the first sentence, as the bio's claim (`official_bio`, D3), its evidence
    pointing into the bio as sent; None for a finding that is not a body's name or a place's organ."""
    if violation.rule not in _NAME_RULES:
        return None
    evidence: dict[str, Any] = dict(violation.evidence)
    evidence["field"] = opening.field
    evidence["text"] = opening.bio
    evidence["read_as_name"] = opening.view.fields[0][1]
    span = evidence.get("span")
    if span is not None:
        evidence["span"] = [span[0] + opening.offset, span[1] + opening.offset]
    return dataclasses.replace(violation, rule="official_bio", field=opening.field, evidence=evidence)
