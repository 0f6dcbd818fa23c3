"""STYLE: the domain does not import the plumbing — only enforcement/ledger/redis.py imports redis."""

from __future__ import annotations

import ast
from pathlib import Path

import enforcement

ROOT = Path(enforcement.__file__).parent
FORBIDDEN = {"faust", "prometheus_client", "redis"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_policy_and_ledger_import_no_plumbing_except_the_redis_adapter() -> None:
    modules = sorted([*(ROOT / "policy").glob("*.py"), *(ROOT / "ledger").glob("*.py")])
    assert len(modules) >= 7
    for path in modules:
        allowed = {"redis"} if path == ROOT / "ledger" / "redis.py" else set()
        assert _imports(path) & FORBIDDEN <= allowed, path


def test_the_script_ships_next_to_the_adapter() -> None:
    assert (ROOT / "ledger" / "lua" / "apply_violation.lua").is_file()
