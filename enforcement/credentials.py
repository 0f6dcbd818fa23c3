"""What the detectors may know of an account's credentials (D6, D7), read through one interface.

The stateful credential store (enforcement/accounts) implements CredentialView over Redis; until an account has a
stored credential it has none (`NoCredentials`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class CredentialView(Protocol):
    """Which credential domains (medical, legal, education, finance, psychology, news) are valid at a time."""

    async def valid_domains(self, account_id: str, at: datetime) -> frozenset[str]: ...


class NoCredentials:
    """Every account lacks every credential."""

    async def valid_domains(self, account_id: str, at: datetime) -> frozenset[str]:
        return frozenset()
