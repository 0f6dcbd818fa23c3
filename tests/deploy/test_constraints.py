"""constraints.txt: every dependency the project names is pinned there, inside the range pyproject.toml allows.

`make install` and the Dockerfile install through it, so a fresh machine gets the versions the suite last passed
with; a dependency added to pyproject.toml without a pin, or a pin outside its range, would let a fresh install
pick an untested release (as a new redis-py once changed when the cluster client reads its slot map).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def _pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not an exact pin (name==version)"
            pins[canonicalize_name(name)] = version
    return pins


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    named = list(project["dependencies"]) + [r for extra in project["optional-dependencies"].values() for r in extra]
    return [Requirement(text) for text in named]


def test_every_dependency_is_pinned_within_its_range() -> None:
    pins = _pins()
    problems = []
    for requirement in _requirements():
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        pinned = pins.get(canonicalize_name(requirement.name))
        if pinned is None:
            problems.append(f"{requirement.name}: not pinned")
        elif not requirement.specifier.contains(pinned, prereleases=True):
            problems.append(f"{requirement.name}=={pinned} is outside {requirement.specifier}")
    assert problems == []


def test_the_install_paths_use_the_constraints() -> None:
    assert "-c constraints.txt" in (ROOT / "Makefile").read_text(encoding="utf-8")
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "constraints.txt" in dockerfile.split("RUN pip install", 1)[0]  # copied in before the install
    assert "-c constraints.txt" in dockerfile
