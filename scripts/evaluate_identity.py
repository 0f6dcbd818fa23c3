"""Precision and recall of the identity detectors on a labelled set (D1, D4, D5, D6, D8).

Usage: .venv/bin/python scripts/evaluate_identity.py [--labelled tests/eval/labelled.jsonl] [--show-errors N]
       .venv/bin/python scripts/evaluate_identity.py --generalisation   (tests/eval/generalisation/, by part)
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
from enforcement.events import BioChanged, ProfileRenamed
from enforcement.identity import IdentityIndex
from enforcement.policy.load import load_policy
from enforcement.registry import load_default_registry
from enforcement.violations import Violation

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


GENERALISATION = Path(__file__).resolve().parents[1] / "tests" / "eval" / "generalisation" / "generalisation.jsonl"
OFFICIAL_KINDS = frozenset({"party_organ", "state_organ", "military", "court", "procuratorate", "institution"})


def expected_hit(row: dict, violation: Violation, index: IdentityIndex) -> bool:
    """The violation is the expected requirement with the expected kind of identity."""
    identity = index.registry.identities.get(violation.identity)
    kind = identity.kind if identity is not None else None
    wanted = row["class"]
    if wanted == "central":
        return violation.requirement in ("D1", "D3") and kind in OFFICIAL_KINDS
    if wanted == "media":
        return violation.requirement in ("D1", "D3") and kind == "media"
    if wanted == "local":
        return violation.requirement == "D4" or (violation.requirement == "D1" and kind == "local_organ")
    return violation.requirement == row["requirement"]


def evaluate_generalisation(path: Path, index: IdentityIndex, show: int) -> None:
    """Per part (dev, held-back), class and evasion: decided (auto) and review hits; false positives on
    the clean names. A hit below its rule's `min_confidence_for_auto` goes to review: counted apart."""
    policy = load_policy()
    rows = [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
    cells: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    parts: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[dict] = []
    false_positives: list[tuple[dict, list[Violation]]] = []
    clean = flagged_clean = 0
    for n, row in enumerate(rows):
        if row.get("field") == "bio":
            event: ProfileRenamed | BioChanged = BioChanged(
                schema_version=1, event_id=f"g-{n}", type="profile.bio_changed", account_id="u:eval",
                occurred_at=AT, bio=row["text"])
        else:
            event = ProfileRenamed(schema_version=1, event_id=f"g-{n}", type="profile.renamed", account_id="u:eval",
                                   occurred_at=AT, old_name=None, new_name=row["text"])
        found = detect_profile(index, profile_view(event))
        if row["label"] == "clean":
            clean += 1
            if found:
                flagged_clean += 1
                false_positives.append((row, found))
            continue
        right = [v for v in found if expected_hit(row, v, index)]
        auto = any(v.confidence >= policy.rules[v.rule].min_confidence_for_auto for v in right)
        outcome = "auto" if auto else ("review" if right else "miss")
        for counter in (cells[(row["part"], row["class"], row["evasion"])], parts[row["part"]]):
            counter["total"] += 1
            counter[outcome] += 1
        if outcome == "miss":
            misses.append(row)

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:6.1f}%" if b else "   n/a"

    print(f"\n{'part':<8}{'class':<14}{'evasion':<13}{'rows':>5}{'recall':>8}{'auto':>8}{'review':>8}")
    for key in sorted(cells):
        c = cells[key]
        hit = c["auto"] + c["review"]
        mark = "  <90%" if key[0] == "heldout" and hit < 0.9 * c["total"] else ""
        print(f"{key[0]:<8}{key[1]:<14}{key[2]:<13}{c['total']:>5}{pct(hit, c['total']):>8}"
              f"{pct(c['auto'], c['total']):>8}{pct(c['review'], c['total']):>8}{mark}")
    for part, c in sorted(parts.items()):
        hit = c["auto"] + c["review"]
        print(f"{part:<8} recall {pct(hit, c['total'])} ({hit}/{c['total']}), auto {pct(c['auto'], c['total'])}, "
              f"review {pct(c['review'], c['total'])}")
    print(f"clean    false positives {pct(flagged_clean, clean)} ({flagged_clean}/{clean})")
    if show:
        print("\nmisses (development part only; the held-back part is not for tuning):")
        for row in [r for r in misses if r["part"] == "dev"][:show]:
            print(f"  {row['class']:<12} {row['evasion']:<12} {row['text']!r} (target {row['target']})")
        print("false positives:")
        for row, found in false_positives[:show]:
            print(f"  {row['text']!r} → " + ", ".join(f"{v.rule}:{v.identity}" for v in found))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labelled", type=Path, default=DEFAULT)
    parser.add_argument("--generalisation", type=Path, nargs="?", const=GENERALISATION, default=None,
                        help="evaluate the generalisation set (dev and held-back parts, clean names) instead")
    parser.add_argument("--show-errors", type=int, default=15, help="print this many misses and false positives")
    args = parser.parse_args()
    if args.generalisation is not None:
        started = time.perf_counter()
        index = IdentityIndex.build(load_default_registry())
        print(f"index built in {time.perf_counter() - started:.2f}s")
        evaluate_generalisation(args.generalisation, index, args.show_errors)
        return
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
