"""The closed list of rule ids that detectors may emit (decision "Severity has one owner: the policy").

Each rule belongs to exactly one requirement of docs/requirements.md. The policy assigns
severity and strike points per rule and refuses to start on a rule id that is not listed here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    """One detectable rule: its id, the requirement it serves and what it decides."""

    rule_id: str
    requirement: str
    summary: str


RULES: tuple[Rule, ...] = (
    Rule("official_name_exact", "D1", "display name is a protected official body's name after normalisation"),
    Rule("official_name_similar", "D1", "display name imitates a protected official body's name"),
    Rule("official_avatar", "D2", "avatar matches a protected body's emblem or logo"),
    Rule("official_bio", "D3", "bio or signature presents the account as a protected official body"),
    Rule("division_official_function", "D4", "division name joined to an official-function word"),
    Rule("staff_impersonation", "D5", "name or bio poses as staff of an official body or news medium"),
    Rule("professional_title_uncredentialed", "D6", "professional title with no valid credential"),
    Rule("professional_title_domain_mismatch", "D6", "professional title outside the credential's domain"),
    Rule("credential_lapsed_in_use", "D7", "professional identity still shown after the credential expired"),
    Rule("credential_revoked_in_use", "D7", "professional identity still shown after revocation or fake"),
    Rule("news_word_unlicensed", "D8", "news-attribute word in the name without a news licence"),
    Rule("hot_event_party", "D9", "claims to be a party, relative or insider of an active hot event"),
    Rule("rename_churn", "D10", "too many renames or avatar changes within the window"),
    Rule("rename_into_impersonation", "D10", "renamed back and forth into impersonating names"),
    Rule("rename_after_sanction", "D10", "renamed soon after a sanction"),
    Rule("reports_threshold", "D11", "weighted user reports crossed the category threshold"),
    Rule("rumour_first_post", "D12", "first post of content labelled as a rumour"),
    Rule("rumour_repost", "D12", "repost of content labelled as a rumour"),
    Rule("rumour_repost_after_debunk", "D12", "repost of a rumour after it had been debunked"),
    # Labels come from events: the platform's labelling feed (content.labelled) also marks illegal profit-making (S5)
    # and suspected crimes (S6); they travel the same feed as D12's rumour labels.
    Rule("labelled_illegal_profit", "D12", "content labelled as illegal profit-making"),
    Rule("labelled_suspected_crime", "D12", "content labelled as a suspected crime (referred, S6)"),
)

RULES_BY_ID: dict[str, Rule] = {rule.rule_id: rule for rule in RULES}
REQUIREMENTS: frozenset[str] = frozenset(rule.requirement for rule in RULES)


def requirement_of(rule_id: str) -> str:
    """The requirement id (D1…D12) a rule serves; KeyError for a rule that is not in the closed list."""
    return RULES_BY_ID[rule_id].requirement
