"""Duplicate keys in a JSON record: refused, never resolved by "the last one wins".

JSON parsers (orjson, msgspec, Python's json) keep the last value of a repeated key, so a record could
carry two `account_id`s — one for whoever reads it first, another for us. `duplicate_key` parses the
record again keeping every key of every object, which is exact but slow (tens of µs); the decoder's fast
path first counts the record's quotes (`counted_without_repeats`, which vouches for most records), then asks
`may_repeat`, which is cheap and never misses a repeat of a field the event type has.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any


def quoted(names: Iterable[str]) -> re.Pattern[bytes]:
    """A pattern for the field names as they appear in a record, `"name"` (what `may_repeat` looks for)."""
    return re.compile(b"|".join(re.escape(b'"' + name.encode() + b'"') for name in names))


def may_repeat(raw: bytes, names: re.Pattern[bytes]) -> bool:
    """False only when no key among `names` (from `quoted`) can occur twice in `raw`.

    A record the fast path accepted holds no other keys than its type's fields. Written without escapes,
    a key is its quoted name followed by a colon, so a repeated key puts its quoted name into the record
    twice; a name found twice because a value also holds it only costs the exact check. With a backslash
    anywhere, a key could be spelled with escapes (`"\\u0061"` is the key `a`): the exact check again."""
    if b"\\" in raw:
        return True
    found = names.findall(raw)
    return len(found) != len(set(found))


def counted_without_repeats(raw: bytes, keys: int, strings: int) -> bool:
    """True when counting its quotes proves that no key repeats in `raw`, a JSON object whose decoding (last
    value wins) kept `keys` keys with a value other than null, `strings` of them strings.

    Without a backslash, every string in the text (key or value) is written with exactly two quotes, and no
    quote stands outside a string. The object as decoded accounts for 2 × (`keys` + `strings`) of them; a
    repeated key adds its quotes again, and so does anything else the decoding dropped or hid (an explicit
    null's key, a nested value). So an equal count leaves no room for a repeat; any other count (an explicit
    null is the common case) proves nothing, and the caller asks `may_repeat`. Counting quotes is one pass in
    C; `may_repeat`'s pattern of every field name cost a quarter of the decoder's time."""
    return raw.count(b'"') == 2 * (keys + strings) and b"\\" not in raw


def duplicate_key(raw: bytes) -> str | None:
    """The first key that some object of `raw` (a JSON text) repeats, or None. Not JSON: None (the
    caller's own checks name that)."""
    repeated: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: set[str] = set()
        for name, _ in items:
            if name in seen and not repeated:
                repeated.append(name)
            seen.add(name)
        return dict(items)

    try:
        json.loads(raw, object_pairs_hook=pairs)
    except RecursionError:
        # Nested deeper than Python's recursion limit allows json.loads, yet within the 1,024 levels orjson
        # and msgspec accept: valid JSON all the same, which must not pass for having no repeat.
        return _deep_duplicate_key(raw)
    except ValueError:
        return None
    return repeated[0] if repeated else None


# The tokens of a JSON text: strings (escapes kept), the structural characters, and the other literals.
_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s"{}\[\]:,]+', re.DOTALL)


def _deep_duplicate_key(raw: bytes) -> str | None:
    """`duplicate_key` without recursion, for a text nested too deep for json.loads: a string followed by a
    colon is a key of the innermost open object. Slower (a Python loop per token); only such texts take it."""
    tokens = _TOKEN.findall(raw)
    open_objects: list[set[str]] = []
    for at, token in enumerate(tokens):
        if token == b"{":
            open_objects.append(set())
        elif token == b"}":
            if not open_objects:
                return None  # not JSON: the caller's own checks name that
            open_objects.pop()
        elif token[:1] == b'"' and at + 1 < len(tokens) and tokens[at + 1] == b":" and open_objects:
            try:
                name = json.loads(token)  # undoes the escapes: "\u0061" is the key a
            except ValueError:
                return None  # not JSON, as above
            if name in open_objects[-1]:
                return str(name)
            open_objects[-1].add(name)
    return None
