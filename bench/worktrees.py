"""Another commit of this repository checked out beside this one, for benches that time two commits in one
run (`bench_pipeline.py --baseline-rev`, `bench_identity.py --against`)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def resolve_rev(rev: str) -> str | None:
    """The full commit id `rev` names in this repository, or None when it names none."""
    done = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
                          capture_output=True, text=True)
    return done.stdout.strip() or None


def checkout(rev: str, stack: ExitStack) -> Path:
    """A detached worktree of `rev` in a temporary directory, removed when `stack` closes."""
    path = Path(tempfile.mkdtemp(prefix="qinglang-baseline-"))
    path.rmdir()  # git wants to create it
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(path), rev], check=True,
                   capture_output=True)

    def remove() -> None:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)], capture_output=True)
        shutil.rmtree(path, ignore_errors=True)
        subprocess.run(["git", "-C", str(ROOT), "worktree", "prune"], capture_output=True)

    stack.callback(remove)
    return path
