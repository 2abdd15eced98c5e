#!/usr/bin/env python3
"""Where each translation stands, and the hash to record once a translation is brought up to date.

    python scripts/translations.py                     # every translated page: ok, or what changed
    python scripts/translations.py --stamp docs/safety.es.md   # record the current source hash

The build (macros/translations.py) refuses a translation whose source changed since it was made;
run this after updating a translation to renew its `translation_of:` line.
"""

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from macros import translations  # noqa: E402

LINE = re.compile(r"^translation_of:.*$", re.M)


def source_of(page: Path) -> Path:
    """docs/safety.es.md -> docs/safety.md"""
    stem, _language = page.stem.rsplit(".", 1)
    return page.with_name(stem + page.suffix)


def stamp(page: Path) -> str:
    digest = translations.source_hash(source_of(page).read_text(encoding="utf-8"))
    text = page.read_text(encoding="utf-8")
    match = translations.FRONT_MATTER.match(text)
    if not match:
        sys.exit(f"{page}: no front matter to stamp")
    front = match.group(1)
    front = LINE.sub(f"translation_of: {digest}", front) if LINE.search(front) else f"translation_of: {digest}\n{front}"
    front = re.sub(r"^(translation_pending|source_changed):.*\n", "", front, flags=re.M)
    page.write_text("---\n" + front + "---\n" + text[match.end() :], encoding="utf-8")
    return digest


def report(docs: Path) -> int:
    problems = 0
    for page in sorted(docs.rglob("*.*.md")):
        source = source_of(page)
        if not source.exists():
            print(f"{page}: no source page {source.name}")
            problems += 1
            continue
        meta = translations.read_front_matter(page.read_text(encoding="utf-8"), page)
        current = translations.source_hash(source.read_text(encoding="utf-8"))
        state = "ok" if meta.get("translation_of") == current else f"source changed (now {current})"
        if meta.get("translation_pending"):
            state += ", marked pending"
        print(f"{page.relative_to(ROOT)}: {state}")
        problems += state != "ok"
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stamp", nargs="+", type=Path, metavar="PAGE", help="record the current source hash")
    args = parser.parse_args()
    if args.stamp:
        for page in args.stamp:
            print(f"{page}: translation_of: {stamp(page)}")
        return 0
    return 1 if report(ROOT / "docs") else 0


if __name__ == "__main__":
    sys.exit(main())
