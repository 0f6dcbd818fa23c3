"""The domain does not import the plumbing (STYLE; decision "Redis is the only state store").

Every module of `enforcement/` is checked: none imports Faust, Kafka, Prometheus, the CLI or the web
framework; only the Redis adapters — the modules named `redis*.py` beside the domain code they serve —
import redis; and no domain module imports an adapter (the worker wires the adapters in,
streams/worker/app.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

import enforcement

ROOT = Path(enforcement.__file__).parent
PLUMBING = {"faust", "mode", "aiokafka", "prometheus_client", "click", "aiohttp", "aiohttp_jinja2"}


def _is_adapter(path: Path) -> bool:
    return path.stem.startswith("redis")


def _imports(path: Path, root: Path = ROOT) -> tuple[set[str], set[str]]:
    """Top-level packages imported, and the enforcement modules imported (dotted, relative ones resolved)."""
    packages: set[str] = set()
    modules: set[str] = set()
    package = ".".join(path.relative_to(root.parent).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                packages.add(alias.name.split(".")[0])
                if alias.name.startswith("enforcement."):
                    modules.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join([*base, *([node.module] if node.module else [])])
            else:
                name = node.module or ""
            packages.add(name.split(".")[0])
            if name.startswith("enforcement"):
                modules.add(name)
                modules |= {f"{name}.{alias.name}" for alias in node.names}
    return packages, modules


def test_every_domain_module_imports_no_plumbing_and_only_adapters_import_redis() -> None:
    modules = sorted(ROOT.rglob("*.py"))
    assert len(modules) > 60
    adapters = [path for path in modules if _is_adapter(path)]
    assert len(adapters) >= 6
    problems = []
    for path in modules:
        packages, imported = _imports(path)
        if packages & PLUMBING:
            problems.append(f"{path.relative_to(ROOT)} imports {sorted(packages & PLUMBING)}")
        if "redis" in packages and not _is_adapter(path):
            problems.append(f"{path.relative_to(ROOT)} imports redis but is not an adapter (redis*.py)")
        if not _is_adapter(path):
            leaks = sorted(m for m in imported if any(part.startswith("redis") for part in m.split(".")[1:]))
            if leaks:
                problems.append(f"{path.relative_to(ROOT)} imports the adapter(s) {leaks}")
    assert not problems, "\n".join(problems)


def test_the_guard_sees_plumbing_and_adapters_imported_either_way(tmp_path: Path) -> None:
    root = tmp_path / "enforcement"
    (root / "detectors").mkdir(parents=True)
    module = root / "detectors" / "probe.py"
    module.write_text("import faust.types\nfrom ..ledger import redis\n"
                      "from enforcement.content.redis_stores import X\n", encoding="utf-8")
    packages, imported = _imports(module, root)
    assert "faust" in packages
    assert {"enforcement.ledger.redis", "enforcement.content.redis_stores"} <= imported
