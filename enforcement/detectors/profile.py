"""ProfileView: the texts of one profile event, normalised when a detector reads them, plus what is known
of the account. Most texts are screened on their raw form and never normalised (`detect_profile`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple, TypeVar

from enforcement.events import AvatarChanged, BioChanged, ProfileCreated, ProfileEvent, ProfileRenamed
from enforcement.text import NormalizedText, normalize

NAME_FIELDS = ("name", "handle", "new_name")
BIO_FIELDS = ("bio",)
T = TypeVar("T")


class ProfileView(NamedTuple):
    """The fields a profile event sets (field name → text as sent; empty texts left out), the avatar hash,
    the credentials.

    A named tuple, not a frozen dataclass: one is built for every profile event checked, and a tuple is
    built in ~0.9 µs against a six-field frozen dataclass's several (whose fields are stored through
    `object.__setattr__`). Immutable all the same.
    """

    account_id: str
    event_id: str
    occurred_at: datetime
    fields: tuple[tuple[str, str], ...]
    avatar_pdq: str | None
    credential_domains: frozenset[str]
    avatar_url: str | None = None  # where the avatar was fetched from, for the reviewer's page (D2 evidence)

    @property
    def texts(self) -> tuple[tuple[str, NormalizedText], ...]:
        """Each field's text normalised (`normalize` caches them: reading them twice costs little)."""
        return tuple([(f, normalize(v)) for f, v in self.fields])

    def names(self) -> list[tuple[str, NormalizedText]]:
        return [(f, normalize(v)) for f, v in self.fields if f in NAME_FIELDS]

    def bios(self) -> list[tuple[str, NormalizedText]]:
        return [(f, normalize(v)) for f, v in self.fields if f in BIO_FIELDS]


def profile_view(event: ProfileEvent, credential_domains: frozenset[str] = frozenset()) -> ProfileView:
    """What a profile event changed: a rename checks the new name, a creation everything."""
    fields: tuple[tuple[str, str], ...]
    avatar = url = None
    if isinstance(event, ProfileRenamed):  # the commonest profile event first
        fields = (("new_name", event.new_name),) if event.new_name else ()
    elif isinstance(event, ProfileCreated):
        fields = tuple([(f, v) for f, v in (("name", event.name), ("handle", event.handle), ("bio", event.bio)) if v])
        avatar, url = event.avatar_pdq, event.avatar_url
    elif isinstance(event, BioChanged):
        fields = (("bio", event.bio),) if event.bio else ()
    elif isinstance(event, AvatarChanged):
        fields = ()
        avatar, url = event.avatar_pdq, event.avatar_url
    else:  # pragma: no cover - ProfileEvent is closed
        raise TypeError(type(event).__name__)
    return ProfileView(event.account_id, event.event_id, event.occurred_at, fields, avatar, credential_domains, url)


def read_another_way(profile: ProfileView, read: Callable[[str, str], tuple[str, T] | None],
                     ) -> tuple[ProfileView, dict[str, T]] | None:
    """The profile with each field that `read` (field, text as sent) gives another text for read as that text, and
    per such field what `read` kept of the text as sent; None when it gives none (a profile read again another way:
    its padding removed, read backwards, its pinyin written back …)."""
    kept: dict[str, T] = {}
    fields = []
    for field, value in profile.fields:
        other = read(field, value)
        if other is None:
            fields.append((field, value))
        else:
            fields.append((field, other[0]))
            kept[field] = other[1]
    return (profile._replace(fields=tuple(fields)), kept) if kept else None
