"""`python -m services.lists.watchlists.excerpt [--check]`: rebuild or check the committed excerpt."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from services.common.shared_data import default_shared_data_dir
from services.lists.watchlists.excerpt import EXCERPT_DIR
from services.lists.watchlists.excerpt.build import ExcerptError, build_excerpt


def stale_files(built: dict[str, bytes], directory: Path) -> list[str]:
    """Excerpt files in `directory` that differ from (or are missing in) a fresh build."""
    return sorted(
        rel
        for rel, body in built.items()
        if not (directory / rel).is_file() or (directory / rel).read_bytes() != body
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m services.lists.watchlists.excerpt", description=__doc__
    )
    parser.add_argument("--shared-data", type=Path, default=None, help="default: ../shared/data")
    parser.add_argument("--out", type=Path, default=EXCERPT_DIR)
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if stale")
    args = parser.parse_args(argv)
    shared = args.shared_data or default_shared_data_dir()
    try:
        built = build_excerpt(shared)
    except (ExcerptError, OSError) as exc:
        print(f"excerpt: cannot build from {shared}: {exc}", file=sys.stderr)
        return 2
    stale = stale_files(built, args.out)
    if args.check:
        for rel in stale:
            print(f"excerpt: stale {rel}", file=sys.stderr)
        return 1 if stale else 0
    for rel in stale:
        target = args.out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(built[rel])
    size = sum(len(body) for body in built.values())
    print(f"excerpt: {len(built)} files, {size:,} bytes in {args.out} ({len(stale)} rewritten)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
