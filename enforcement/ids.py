"""Deterministic ids derived from inputs (pinned decision 7), so a replay gives byte-identical output."""

from __future__ import annotations

import hashlib


def derive_id(kind: str, *parts: str) -> str:
    """A 32-hex-digit id for `kind` from its defining parts; the same parts always give the same id."""
    digest = hashlib.sha256()
    digest.update(kind.encode())
    for part in parts:
        encoded = part.encode("utf-8", "surrogatepass")
        digest.update(b"\x1f")
        digest.update(str(len(encoded)).encode())
        digest.update(b":")
        digest.update(encoded)
    return digest.hexdigest()[:32]
