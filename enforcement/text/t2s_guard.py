"""Which characters can make opencc's t2s change a text (normalize.py skips t2s for texts without any).

t2s is the largest cost of normalising a name (~3 µs of ~8 µs per new name) and leaves 99.7 % of the
simulated traffic unchanged (it is already simplified). opencc converts by maximal matching against
the keys of the dictionaries its t2s configuration names (a compatibility-ideograph normalisation and
a group of phrase and character dictionaries), replacing each matched key by its first value. So
a text none of whose characters is in `T2S_TRIGGERS` is returned unchanged:

- a one-character key that t2s changes is itself a trigger;
- a longer key that t2s changes contains a trigger: one of its characters already is (沈澱 has 澱), or
  the first character that changes is added (沈浸 → 沉浸 adds 沈; eight such phrases in opencc 1.4.2);
- every other key maps to itself, and characters no key starts with pass through.

The keys are read from the installed opencc's own `.ocd2` files (a header, then a MARISA trie of the
keys, read with the `marisa-trie` package), so the set follows whatever dictionaries opencc ships.
If they cannot be read, `T2S_TRIGGERS` is None and t2s runs on every text, as before.
`tests/enforcement/text/test_t2s_guard.py` checks the guard against t2s itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import marisa_trie
import opencc

_OCD2_HEADER = b"OPENCC_MARISA_0.2.5"


def _share_dir() -> Path:
    return Path(opencc.__file__).parent / "clib" / "share" / "opencc"


def _dictionary_files(node: Any) -> Iterator[str]:
    """Every `ocd2` dictionary file a configuration (parsed JSON) names, normalisation included."""
    if isinstance(node, dict):
        if node.get("type") == "ocd2":
            yield node["file"]
        for value in node.values():
            yield from _dictionary_files(value)
    elif isinstance(node, list):
        for value in node:
            yield from _dictionary_files(value)


def _keys(path: Path) -> list[str]:
    data = path.read_bytes()
    if not data.startswith(_OCD2_HEADER):
        raise ValueError(f"{path.name}: not an OCD2 dictionary")
    trie = marisa_trie.Trie()
    trie.frombytes(data[len(_OCD2_HEADER):])  # the values that follow the trie are not needed
    keys: list[str] = trie.keys()
    return keys


def triggers(converter: opencc.OpenCC, config: str = "t2s.json") -> frozenset[str] | None:
    """The characters without which `converter` (built from `config`) leaves a text as it is."""
    try:
        share = _share_dir()
        parsed = json.loads((share / config).read_text(encoding="utf-8"))
        files = sorted(set(_dictionary_files(parsed)))
        if not files:
            return None
        keys = [key for name in files for key in _keys(share / name)]
    except (OSError, ValueError, KeyError, RuntimeError):
        return None
    found: set[str] = set()
    phrases: list[tuple[str, str]] = []
    for key in keys:
        converted = converter.convert(key)
        if converted == key:
            continue
        if len(key) == 1:
            found.add(key)
        else:
            phrases.append((key, converted))
    for key, converted in phrases:
        if found.isdisjoint(key):
            changed = next((a for a, b in zip(key, converted, strict=False) if a != b), key[0])
            found.add(changed)
    return frozenset(found)
