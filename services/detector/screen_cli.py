"""`chokepoint screen`: party names (JSON lines on stdin) against watchlists, matches on stdout.

    chokepoint screen --watchlist PATH [--watchlist PATH …] [--threshold T] [--limit K] [--jobs N]

Each input line: {"id", "name", "schema"?, "country"?, "birthDate"?, "firstName"?, "lastName"?,
FtM identifier properties?}; with firstName and lastName, a swapped pair does not match.
Each output line, in input order: {"id", "matches": [{"entity_id", "name", "score", "watchlist",
"explanation"}]} best first, or {"id", "error"} for a line that cannot be read.
With --jobs N (default: the usable CPU cores) the index is built once and N forked worker
processes screen chunks of lines (services/detector/screen_pool.py); the output is the same.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from services.detector.screen_pool import (
    PoolError,
    PoolStopped,
    fork_available,
    screen_in_workers,
    usable_cores,
)
from services.lists.matching import DEFAULT_THRESHOLD, MatchIndex, NameMatch, NameQuery
from services.lists.watchlists import (
    WatchlistError,
    default_watchlist_paths,
    load_watchlists,
)
from services.lists.watchlists.ftm_json import IDENTIFIER_PROPS

QUERY_SCHEMAS = frozenset(
    {"Person", "Organization", "Company", "LegalEntity", "Vessel", "Aircraft"}
)
_MAX_NAME_CHARS = 1_000
_IDENTIFIER_SET = frozenset(IDENTIFIER_PROPS)


class QueryError(ValueError):
    """One input line that is not a valid query."""


def parse_query(data: Any) -> NameQuery:
    """A decoded JSON line → NameQuery; raises QueryError with a readable reason."""
    if not isinstance(data, dict):
        raise QueryError("each line must be a JSON object")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise QueryError("'name' must be a non-empty string")
    if len(name) > _MAX_NAME_CHARS:
        raise QueryError(f"'name' is longer than {_MAX_NAME_CHARS} characters")
    schema = data.get("schema")
    if schema is not None and schema not in QUERY_SCHEMAS:
        raise QueryError(f"'schema' must be one of {sorted(QUERY_SCHEMAS)}")
    country = data.get("country")
    if country is not None and not (isinstance(country, str) and country.strip()):
        raise QueryError("'country' must be a country code string")
    birth_date = data.get("birthDate")
    if birth_date is not None and not isinstance(birth_date, str):
        raise QueryError("'birthDate' must be a string (YYYY, YYYY-MM or YYYY-MM-DD)")
    identifiers: dict[str, str] = {}
    raw_nested = data.get("identifiers")
    nested: dict[str, Any] = raw_nested if isinstance(raw_nested, dict) else {}
    present = (data.keys() | nested.keys()) & _IDENTIFIER_SET
    for prop in (p for p in IDENTIFIER_PROPS if p in present) if present else ():
        value = data.get(prop, nested.get(prop))
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, str | int) and str(v).strip()), None)
        if isinstance(value, str | int) and str(value).strip():
            identifiers[prop] = str(value).strip()
    first, last = data.get("firstName"), data.get("lastName")
    return NameQuery(
        name=name,
        schema=schema,
        first_name=first.strip() or None if isinstance(first, str) else None,
        last_name=last.strip() or None if isinstance(last, str) else None,
        country=country.strip().lower() if country else None,
        birth_date=birth_date.strip() if birth_date else None,
        identifiers=identifiers,
    )


def match_json(match: NameMatch) -> dict[str, Any]:
    """One match in the CLI's output shape."""
    return {
        "entity_id": match.entry.id,
        "name": match.matched_name,
        "score": round(match.score, 4),
        "watchlist": match.watchlist,
        "explanation": match.explanation,
    }


def screen_lines(
    index: MatchIndex, lines: Iterable[str], *, threshold: float, limit: int, first_line: int = 1
) -> Iterator[dict[str, Any]]:
    """One result object per non-blank input line, in order; bad lines give an error object.

    `first_line` is the input line number of the first of `lines` (error messages name it).
    """
    for number, line in enumerate(lines, start=first_line):
        if not line.strip():
            continue
        record_id: Any = None
        try:
            data = json.loads(line)
            if isinstance(data, dict):
                record_id = data.get("id")
            query = parse_query(data)
        except (json.JSONDecodeError, QueryError) as exc:
            reason = f"line {number}: {exc.msg if isinstance(exc, json.JSONDecodeError) else exc}"
            yield {"id": record_id, "error": reason}
            continue
        matches = index.screen(query, threshold=threshold, limit=limit)
        yield {"id": record_id, "matches": [match_json(m) for m in matches]}


def screen_text(
    index: MatchIndex, first_line: int, lines: Iterable[str], *, threshold: float, limit: int
) -> str:
    """The output lines for `lines`, as one text (what a worker hands back for a chunk)."""
    results = screen_lines(index, lines, threshold=threshold, limit=limit, first_line=first_line)
    return "".join(json.dumps(result, ensure_ascii=False) + "\n" for result in results)


def _screen_one_process(
    index: MatchIndex, source: TextIO, sink: TextIO, *, threshold: float, limit: int
) -> None:
    for result in screen_lines(index, source, threshold=threshold, limit=limit):
        sink.write(json.dumps(result, ensure_ascii=False) + "\n")
        sink.flush()  # callers may pipe one query at a time and wait for its answer


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chokepoint screen",
        description="Screen names (JSON lines on stdin) against watchlists; a JSON line per query.",
    )
    parser.add_argument(
        "--watchlist",
        action="append",
        type=Path,
        default=[],
        metavar="PATH",
        help="list file or folder (OFAC CSV/XML, UN XML, dpl.txt, FtM JSON, targets.simple.csv, "
        "custom CSV); repeatable; default: the shared lists or the fetch cache",
    )
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD, metavar="T")
    parser.add_argument("--limit", type=int, default=5, metavar="K")
    parser.add_argument(
        "--jobs",
        type=int,
        default=usable_cores(),
        metavar="N",
        help="worker processes forked after indexing (default: the usable CPU cores; "
        "1 screens in this process)",
    )
    return parser


def main(
    argv: list[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> int:
    """Entry point; returns the exit status (2 for unusable arguments or lists)."""
    args = _parser().parse_args(argv)
    source, sink = stdin or sys.stdin, stdout or sys.stdout
    if not 0.0 <= args.threshold <= 1.0 or args.limit < 1 or args.jobs < 1:
        print(
            "chokepoint screen: --threshold must be in [0, 1], --limit ≥ 1 and --jobs ≥ 1",
            file=sys.stderr,
        )
        return 2
    paths = args.watchlist or default_watchlist_paths()
    if not paths:
        print("chokepoint screen: no watchlists (pass --watchlist PATH)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        index = MatchIndex.build(load_watchlists(paths))
    except (WatchlistError, OSError) as exc:
        print(f"chokepoint screen: {exc}", file=sys.stderr)
        return 2
    print(
        f"chokepoint screen: {len(index)} entries from {len(paths)} lists indexed in "
        f"{time.perf_counter() - started:.1f}s",
        file=sys.stderr,
    )
    return _screen(index, source, sink, jobs=args.jobs, threshold=args.threshold, limit=args.limit)


def _screen(
    index: MatchIndex, source: TextIO, sink: TextIO, *, jobs: int, threshold: float, limit: int
) -> int:
    """Screen every line in this process or in `jobs` workers; the exit status."""
    try:
        if jobs == 1 or not fork_available():
            _screen_one_process(index, source, sink, threshold=threshold, limit=limit)
        else:
            screen_chunk = partial(screen_text, index, threshold=threshold, limit=limit)
            screen_in_workers(source, sink, screen_chunk, jobs=jobs)
    except PoolError as exc:
        print(f"chokepoint screen: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("chokepoint screen: interrupted", file=sys.stderr)
        return 130
    except PoolStopped:
        print("chokepoint screen: stopped by SIGTERM", file=sys.stderr)
        return 143
    return 0


if __name__ == "__main__":
    sys.exit(main())
