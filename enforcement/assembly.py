"""Every rule family wired into one `Enforcement`, from the stores their state lives in.

The worker gives its Redis adapters, `qinglang policy diff` and the tests their in-memory twins; both get
the same wiring from here: which family reads which store, the credential lifecycle and the registry
re-check over the same profile store, the content rules under the enforcing policy, the shadow sanctioner
beside the enforcing one. A family wired here is on; `Enforcement.families` names any a caller leaves out
by building `Enforcement` itself (as some unit tests do, on purpose).
"""

from __future__ import annotations

from dataclasses import dataclass

from enforcement.accounts.checks import CredentialChecks
from enforcement.accounts.credentials import CredentialStore
from enforcement.accounts.profiles import ProfileStore
from enforcement.churn import ChurnStore
from enforcement.content import ContentRules
from enforcement.content.stores import ReportStore, ReviewStore
from enforcement.credential_lifecycle import CredentialLifecycle
from enforcement.early import EarlyRecords
from enforcement.hotevents import HotEventHolder, HotEventIndex
from enforcement.identity.holder import IndexHolder
from enforcement.identity.index import IdentityIndex
from enforcement.pipeline import AvatarHasher, Enforcement
from enforcement.policy import Policy
from enforcement.registry_recheck import RecheckClaims, RegistryRecheck
from enforcement.sanctions import Sanctioner
from enforcement.sanctions.stores import Schedule
from enforcement.watermark import Watermark


@dataclass(frozen=True, slots=True)
class RuleStores:
    """Where every rule family keeps its state: one adapter (or in-memory twin) per store."""

    watermark: Watermark
    sanctioner: Sanctioner  # the enforcing policy's ladder, directory, schedule and brakes
    churn: ChurnStore  # D10
    profiles: ProfileStore  # the current profiles (D7, registry re-checks)
    credentials: CredentialStore  # D6/D7
    credential_schedule: Schedule  # D7 notices and expiries, apart from the sanctions' lifts
    credential_checks: CredentialChecks  # D6/D8 judgements a later credential event re-judges
    recheck_claims: RecheckClaims  # registry re-checks, once per account and update
    reports: ReportStore  # D11
    reviews: ReviewStore  # D11/D12 review memory
    early: EarlyRecords  # appeals and decisions that arrive before what they name
    shadow: Sanctioner | None = None  # a second policy scored beside the enforcing one


@dataclass(frozen=True, slots=True)
class Assembled:
    """An `Enforcement` and the registry holders it reads, which the registry topics' records update (the
    worker's registry follower, or a replay) and which say when they have caught up."""

    enforcement: Enforcement
    index: IndexHolder
    hot_events: HotEventHolder


def assemble_enforcement(stores: RuleStores, *, index: IdentityIndex, policy: Policy,
                         avatar_hasher: AvatarHasher | None = None) -> Assembled:
    """`Enforcement` with every rule family on, over `stores`, starting from `index` and an empty list of
    hot events (D9)."""
    holder = IndexHolder(index)
    hot_events = HotEventHolder(HotEventIndex.build((), index.registry.vocabulary.hot_event_claims))
    lifecycle = CredentialLifecycle(credentials=stores.credentials, profiles=stores.profiles, policy=policy,
                                    schedule=stores.credential_schedule, checks=stores.credential_checks)
    recheck = RegistryRecheck(profiles=stores.profiles, claims=stores.recheck_claims,
                              burst_max=policy.credentials.recheck_burst_max)
    enforcement = Enforcement(
        watermark=stores.watermark, index=holder, policy=policy,
        sanctioner=stores.sanctioner, shadow=stores.shadow, avatar_hasher=avatar_hasher,
        hot_events=hot_events, churn=stores.churn, profiles=stores.profiles, lifecycle=lifecycle, recheck=recheck,
        # reports and labels are routed by the enforcing policy's [reports]/[labels]; a shadow policy scores
        # them too
        content=ContentRules(reports=stores.reports, reviews=stores.reviews, policy=policy),
        early=stores.early,
    )
    return Assembled(enforcement, holder, hot_events)


__all__ = ["Assembled", "RuleStores", "assemble_enforcement"]
