"""Precision and recall of the identity detectors on a labelled set (issue 3; D1, D4, D5, D6, D8).

Usage: .venv/bin/python scripts/evaluate_identity.py [--labelled tests/eval/labelled.jsonl] [--show-errors N]
Each row {"text", "label": violation|clean, "requirement", "evasion"} becomes a rename to `text` on a
fresh, uncredentialed account; a row counts as flagged when any detector reports a violation.
Targets: recall ≥ 95 % on impersonations, false positives ≤ 1 % of clean names.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

import orjson

from enforcement.detectors import detect_profile, profile_view
from enforcement.events import ProfileRenamed
from enforcement.identity import IdentityIndex
from enforcement.registry import load_default_registry

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "eval" / "labelled.jsonl"
AT = datetime(2026, 11, 22, tzinfo=UTC)


def evaluate(rows: list[dict], index: IdentityIndex) -> dict:
    """Per-row verdicts and the aggregate table."""
    results = []
    for n, row in enumerate(rows):
        event = ProfileRenamed(schema_version=1, event_id=f"eval-{n}", type="profile.renamed", account_id="u:eval",
                               occurred_at=AT, old_name=None, new_name=row["text"])
        found = detect_profile(index, profile_view(event))
        results.append((row, found))
    return {"results": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labelled", type=Path, default=DEFAULT)
    parser.add_argument("--show-errors", type=int, default=15, help="print this many misses and false positives")
    args = parser.parse_args()
    rows = [orjson.loads(line) for line in args.labelled.read_bytes().splitlines() if line.strip()]
    started = time.perf_counter()
    index = IdentityIndex.build(load_default_registry())
    print(f"index built in {time.perf_counter() - started:.2f}s; {len(rows)} labelled rows")
    results = evaluate(rows, index)["results"]

    by_req: dict[str, Counter[str]] = defaultdict(Counter)
    by_evasion: dict[str, Counter[str]] = defaultdict(Counter)
    misses, false_positives = [], []
    tp = fp = fn = tn = 0
    for row, found in results:
        flagged = bool(found)
        if row["label"] == "violation":
            right = any(v.requirement == row["requirement"] for v in found)
            by_req[row["requirement"]]["total"] += 1
            by_req[row["requirement"]]["flagged"] += flagged
            by_req[row["requirement"]]["right_requirement"] += right
            by_evasion[row["evasion"]]["total"] += 1
            by_evasion[row["evasion"]]["flagged"] += flagged
            tp += flagged
            fn += not flagged
            if not flagged:
                misses.append(row)
        else:
            by_evasion[row["evasion"]]["total"] += 1
            by_evasion[row["evasion"]]["flagged"] += flagged
            fp += flagged
            tn += not flagged
            if flagged:
                false_positives.append((row, found))

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:6.2f}%" if b else "   n/a"

    print(f"\n{'requirement':<14}{'rows':>6}{'recall':>9}{'right req':>11}")
    for req in sorted(by_req):
        c = by_req[req]
        recall, right = pct(c["flagged"], c["total"]), pct(c["right_requirement"], c["total"])
        print(f"{req:<14}{c['total']:>6}{recall:>9}{right:>11}")
    print(f"\n{'evasion':<14}{'rows':>6}{'flagged':>9}")
    for evasion in sorted(by_evasion):
        c = by_evasion[evasion]
        print(f"{evasion:<14}{c['total']:>6}{pct(c['flagged'], c['total']):>9}")
    print(f"\nimpersonations: recall {pct(tp, tp + fn)} ({tp}/{tp + fn})")
    print(f"clean names:    false positives {pct(fp, fp + tn)} ({fp}/{fp + tn})")
    print(f"precision:      {pct(tp, tp + fp)}")
    if args.show_errors:
        print("\nmisses:")
        for row in misses[: args.show_errors]:
            print(f"  {row['requirement']} {row['evasion']:<12} {row['text']!r} (target {row['target']})")
        print("false positives:")
        for row, found in false_positives[: args.show_errors]:
            print(f"  {row['evasion']:<14} {row['text']!r} → " + ", ".join(f"{v.rule}:{v.identity}" for v in found))


if __name__ == "__main__":
    main()
