"""D5: posing as staff of an official body or news medium (民警, 警官, 法官, 检察官, 记者, 发言人…)."""

from __future__ import annotations

from collections.abc import Iterator

from enforcement.detectors.compounds import compound_head_after
from enforcement.detectors.evidence import location, read_as
from enforcement.detectors.person_words import SURNAMES, claimed_in_bio, labels_a_person
from enforcement.detectors.profile import ProfileView
from enforcement.identity import IdentityIndex, TermHit
from enforcement.violations import Violation

# Roles that private trades share, and the words before them that name such a trade: a wedding host, a
# research institute's or a law firm's director is nobody's staff (婚礼主持人小美, 研究所所长, 律所所长老王).
PRIVATE_TRADES_BEFORE = {
    "主持人": ("婚礼", "婚庆", "活动", "年会", "庆典", "商演", "晚会", "派对", "少儿", "司仪"),
    "所长": ("研究所", "律所", "事务所", "诊所", "托管所", "工作室", "设计所"),
}


# Roles whose syllables are also common given names (宇静 sounds like 狱警, 海静 like 海警, 程静 like 乘警): a
# name that only sounds like one of them is far more often a person's name than a disguise.
SOUNDS_LIKE_GIVEN_NAMES = frozenset({"狱警", "巡警", "乘警", "海警", "武警"})


def _a_private_trade(canonical: str, hit: TermHit) -> bool:
    """A word right before the role names a private trade that has the role too (婚礼|主持人)."""
    return canonical.endswith(PRIVATE_TRADES_BEFORE.get(hit.term, ()), 0, hit.start)


def _a_given_name(canonical: str, hit: TermHit) -> bool:
    """The whole name is a surname and two characters that only sound like the role, none of them the role's
    own (张敏静 sounds like 张民警, 马静华 like 马警花): that is how personal names look, so it claims
    nothing. A disguise keeps a character of the role (张井官, 李法宫) or goes on (王敬关说法)."""
    return (hit.start == 1 and hit.end == len(canonical) == 3
            and not set(canonical[hit.start:hit.end]) & set(hit.term))


def detect_staff(index: IdentityIndex, profile: ProfileView) -> Iterator[Violation]:
    """D5: a staff role labels the account holder in the name (张警官) or is claimed in the bio."""
    if profile.account_id in index.verified_accounts:
        return
    for field, text in profile.texts:
        in_bio = field == "bio"
        # the longest role first: 城管队员 is read whole before the 城管 it begins with
        hits = sorted([*index.staff_roles.find_views(text, sound=True), *index.in_latin(index.roles_in_latin, text)],
                      key=lambda h: h.end - h.start, reverse=True)
        for hit in hits:
            if _a_private_trade(text.canonical, hit) or (hit.view == "sound" and hit.term in SOUNDS_LIKE_GIVEN_NAMES):
                continue
            # a role partly in pinyin is spelt out on purpose; one of three or more syllables is no everyday
            # sound either (检查官 for 检察官, 消防猿 for 消防员), as for titles (D6)
            if hit.view in ("canonical", "pinyin_mix"):
                person = claimed_in_bio(text.canonical, hit) if in_bio else labels_a_person(text.canonical, hit)
            elif len(hit.term) >= 3:  # but ending a name, a sound-alike may be a trade's own word (质量检查官)
                person = claimed_in_bio(text.canonical, hit) if in_bio else (
                    labels_a_person(text.canonical, hit)
                    and (hit.end < len(text.canonical) or text.canonical[hit.start - 1: hit.start] in SURNAMES))
            else:  # a disguised two-syllable role counts only right after a surname (张井官, 李法宫)
                person = (hit.start > 0 and text.canonical[hit.start - 1] in SURNAMES
                          and not compound_head_after(text.canonical, hit.end)
                          and not _a_given_name(text.canonical, hit))
            if not person:
                continue
            official_context = bool(index.organ_words.find(text.canonical)) or bool(index.names.find(text))
            yield Violation(
                account_id=profile.account_id,
                rule="staff_impersonation",
                confidence=(0.95 if official_context else 0.85) * (1.0 if hit.view == "canonical" else 0.9),
                source_event_id=profile.event_id,
                occurred_at=profile.occurred_at,
                field=field,
                identity=f"role:{hit.term}",
                evidence={"field": field, "text": text.original, "canonical": text.canonical, "role": hit.term,
                          "view": hit.view,
                          "official_context": official_context, "steps": list(text.steps),
                          **location(text, hit.start, hit.end, hit.view, read_as=read_as(hit))},
            )
            break
