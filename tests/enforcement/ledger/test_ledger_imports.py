"""The ledger's Lua script ships next to its Redis adapter (the import guard over all of enforcement/ is
tests/enforcement/test_domain_imports.py)."""

from __future__ import annotations

from pathlib import Path

import enforcement

ROOT = Path(enforcement.__file__).parent


def test_the_scripts_ship_next_to_the_adapter() -> None:
    for name in ("ladder.lua", "apply_violation.lua", "preview_violation.lua", "appeal.lua", "account_state.lua"):
        assert (ROOT / "ledger" / "lua" / name).is_file(), name
