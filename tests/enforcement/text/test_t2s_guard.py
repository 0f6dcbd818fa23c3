"""t2s_guard: a text with no trigger character is one t2s leaves as it is (normalize.py skips t2s then)."""

from __future__ import annotations

import random
from pathlib import Path

import orjson

from enforcement.registry import load_default_registry
from enforcement.text.normalize import _T2S, _T2S_TRIGGERS
from enforcement.text.t2s_guard import _dictionary_files, _keys, _share_dir, triggers

LABELLED = Path(__file__).resolve().parents[2] / "eval" / "labelled.jsonl"


def _all_keys() -> list[str]:
    config = orjson.loads((_share_dir() / "t2s.json").read_bytes())
    return [key for name in sorted(set(_dictionary_files(config))) for key in _keys(_share_dir() / name)]


def test_the_installed_dictionaries_are_read() -> None:
    keys = _all_keys()
    assert len(keys) > 5000 and "沈澱" in keys and "國" in keys
    assert _T2S_TRIGGERS is not None and triggers(_T2S) == _T2S_TRIGGERS
    assert {"國", "報", "華", "沈"} <= _T2S_TRIGGERS  # 沈 only as the first changed character of 沈浸 → 沉浸
    assert not {"人", "民", "日", "报", "公", "安"} & _T2S_TRIGGERS


def test_every_character_t2s_changes_is_a_trigger() -> None:
    assert _T2S_TRIGGERS is not None
    for code in [*range(0x3400, 0xA000), *range(0xF900, 0xFB00), *range(0x20000, 0x2FA20)]:
        ch = chr(code)
        if ch not in _T2S_TRIGGERS:
            assert _T2S.convert(ch) == ch, hex(code)


def test_every_key_t2s_changes_contains_a_trigger() -> None:
    assert _T2S_TRIGGERS is not None
    for key in _all_keys():
        if _T2S_TRIGGERS.isdisjoint(key):
            assert _T2S.convert(key) == key, key


def test_texts_without_a_trigger_are_left_alone() -> None:
    """Registry names, the labelled set and random mixtures of dictionary keys and plain characters."""
    assert _T2S_TRIGGERS is not None
    registry = load_default_registry()
    texts = [name for _, name in registry.protected_names()]
    texts += [orjson.loads(line)["text"] for line in LABELLED.read_bytes().splitlines() if line.strip()]
    keys = [key for key in _all_keys() if _T2S_TRIGGERS.isdisjoint(key)]
    plain = list("人民日报成都市公安局发布官方的了着干后里面只台")
    rng = random.Random(5)
    texts += ["".join(rng.choice(keys) if rng.random() < 0.5 else rng.choice(plain) for _ in range(rng.randint(1, 8)))
              for _ in range(20_000)]
    skipped = 0
    for text in texts:
        if _T2S_TRIGGERS.isdisjoint(text):
            skipped += 1
            assert _T2S.convert(text) == text, text
    assert skipped > len(texts) // 2
