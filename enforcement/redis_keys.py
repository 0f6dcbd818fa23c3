"""The Redis key scheme every store shares, and how a reply becomes text.

Keys are "<prefix>{<tag>}:<name>": the tag (an account id, or e.g. "brakes:<rule>") is a Redis Cluster
hash tag, so all keys of one account hash to one slot and one Lua script may touch them together.
"""

from __future__ import annotations


def hash_tagged(prefix: str, tag: str) -> str:
    """The start of every key of `tag`: hash_tagged("qinglang:", "u:1") + "profile" is "qinglang:{u:1}:profile"."""
    return f"{prefix}{{{tag}}}:"


def as_text(value: bytes | str) -> str:
    """A Redis reply as text, whether or not the client decodes responses."""
    return value.decode() if isinstance(value, bytes) else value


def as_bytes(value: bytes | str) -> bytes:
    """A Redis reply as bytes, whether or not the client decodes responses."""
    return value if isinstance(value, bytes) else value.encode()
