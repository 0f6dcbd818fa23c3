"""ProfileView: the texts of one profile event, normalised once, plus what is known of the account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from enforcement.events import AvatarChanged, BioChanged, ProfileCreated, ProfileEvent, ProfileRenamed
from enforcement.fastinit import fast_init
from enforcement.text import NormalizedText, normalize

NAME_FIELDS = ("name", "handle", "new_name")
BIO_FIELDS = ("bio",)


@fast_init
@dataclass(frozen=True, slots=True)
class ProfileView:
    """The fields a profile event sets (field name → normalised text), the avatar hash, the credentials."""

    account_id: str
    event_id: str
    occurred_at: datetime
    texts: tuple[tuple[str, NormalizedText], ...]
    avatar_pdq: str | None
    credential_domains: frozenset[str]

    def names(self) -> list[tuple[str, NormalizedText]]:
        return [(f, t) for f, t in self.texts if f in NAME_FIELDS]

    def bios(self) -> list[tuple[str, NormalizedText]]:
        return [(f, t) for f, t in self.texts if f in BIO_FIELDS]


def profile_view(event: ProfileEvent, credential_domains: frozenset[str] = frozenset()) -> ProfileView:
    """What a profile event changed, normalised: a rename checks the new name, a creation everything."""
    fields: list[tuple[str, str | None]]
    avatar = None
    if isinstance(event, ProfileCreated):
        fields = [("name", event.name), ("handle", event.handle), ("bio", event.bio)]
        avatar = event.avatar_pdq
    elif isinstance(event, ProfileRenamed):
        fields = [("new_name", event.new_name)]
    elif isinstance(event, BioChanged):
        fields = [("bio", event.bio)]
    elif isinstance(event, AvatarChanged):
        fields = []
        avatar = event.avatar_pdq
    else:  # pragma: no cover - ProfileEvent is closed
        raise TypeError(type(event).__name__)
    texts = tuple([(name, normalize(value)) for name, value in fields if value])
    return ProfileView(event.account_id, event.event_id, event.occurred_at, texts, avatar, credential_domains)
