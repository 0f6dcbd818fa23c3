"""Imported first by every bench script: puts the checkout the script belongs to first on the import path.

The project is installed in editable mode from one checkout. A bench run from another one — a git worktree
at an older commit, to compare two commits in the same run — would otherwise import the installed checkout's
`enforcement` and `streams` and time that code twice. (A worker the pipeline bench starts gets its
checkout on PYTHONPATH instead.)"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if sys.path[:1] != [str(ROOT)]:
    sys.path.insert(0, str(ROOT))
