"""Deterministic ids derived from inputs (decision "Deterministic ids"), so a replay gives byte-identical output."""

from __future__ import annotations

import hashlib


def derive_id(kind: str, *parts: str) -> str:
    """A 32-hex-digit id for `kind` from its defining parts; the same parts always give the same id.

    The digest is over kind, then per part: 0x1F, its UTF-8 length in decimal, ":", its UTF-8 bytes,
    hashed in one call (the same bytes as feeding them piece by piece).
    """
    chunks = [kind.encode()]
    for part in parts:
        encoded = part.encode("utf-8", "surrogatepass")
        chunks.append(b"\x1f%d:%s" % (len(encoded), encoded))
    return hashlib.sha256(b"".join(chunks)).hexdigest()[:32]
