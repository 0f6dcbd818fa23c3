"""S4 across an owner's accounts, by event time: what an owner's blacklisting means for each of its accounts.

The 2022 rumours notice puts the owner (账号主体) under blacklist management: an account the owner creates at
or after the blacklisting (event time) is refused (`registration_blocked`); one it created before becomes a
review item (`owner_blacklisted`) — a person decides on it, since nothing was found against that account
itself. The creation and the blacklisting are often on different partitions, so either may be met first;
both are kept with their event times, and whichever is met second decides, the same way.
"""

from __future__ import annotations

from enum import Enum

from enforcement.sanctions.stores import Blacklisting, Creation, Registration


class Reach(Enum):
    REFUSE = "refuse"  # created at or after the blacklisting
    REVIEW = "review"  # created before it


def reach(blacklisting: Blacklisting, account_id: str, creation: Creation) -> Reach | None:
    """What the owner's blacklisting means for one of its accounts (None: the account it came through)."""
    if account_id == blacklisting.account_id:
        return None
    return Reach.REFUSE if creation.at_ms >= blacklisting.at_ms else Reach.REVIEW


def at_registration(account_id: str, identity_hash: str, creation: Creation, registration: Registration,
                    ) -> tuple[bool, Blacklisting | None]:
    """Whether a registration is refused, and the blacklisting whose review item the account gets instead.

    Refused: refused before (a redelivery), or a new account (no identity recorded before) of an owner
    blacklisted at or before its creation. Reviewed: an account of the owner created before the blacklisting
    (met after it). An account that came again under another owner belongs to the first one, and this
    blacklisting does not reach it."""
    standing = registration.blacklisting
    if registration.refused_before:
        return True, None
    if standing is None or registration.earlier_identity not in (None, identity_hash):
        return False, None
    reached = reach(standing, account_id, creation)
    if reached is Reach.REFUSE:
        return registration.earlier_identity is None, None
    return False, standing if reached is Reach.REVIEW else None
