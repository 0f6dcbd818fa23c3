"""The sanction policy: versioned TOML mapping rule ids to severity, points and the ladder (S1–S3).

`load_policy(path_or_None)` validates at start (decision "Severity has one owner: the policy");
`Policy.scoring` picks the one violation per source event that earns points.
"""

from enforcement.policy.load import DEFAULT_POLICY_PATH, PolicyError, PolicyProblem, load_policy, parse_policy
from enforcement.policy.model import SANCTIONS, SEVERITIES, Brakes, Churn, EventScore, Policy, RulePolicy, Rung

__all__ = [
    "DEFAULT_POLICY_PATH",
    "SANCTIONS",
    "SEVERITIES",
    "Brakes",
    "Churn",
    "EventScore",
    "Policy",
    "PolicyError",
    "PolicyProblem",
    "RulePolicy",
    "Rung",
    "load_policy",
    "parse_policy",
]
