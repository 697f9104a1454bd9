"""`make bench`: every benchmark in turn, each printing its own figures."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = (
    (
        "screening (names against all shared lists, and a synthetic 1M-name list)",
        "bench.bench_matching",
    ),
    ("screening API: POST /match with 1 query over HTTP", "bench.bench_screening"),
    ("shipment scoring (all lists and rules)", "bench.bench_scoring"),
    ("news scoring (5 KB articles)", "bench.bench_news"),
    (
        "continuous monitoring: 1,000 new list entries against 1M remembered parties",
        "bench.bench_rescreen",
    ),
    (
        "whole pipeline on Apache Kafka and on Tansu, with faust and aiokafka ceilings",
        "bench.bench_pipeline",
    ),
)


def main(argv: list[str] | None = None) -> int:
    only = set(argv if argv is not None else sys.argv[1:])
    failed = []
    for title, module_name in BENCHMARKS:
        if only and module_name.rsplit(".", 1)[-1] not in only:
            continue
        print(f"\n=== {title} ({module_name}) ===", flush=True)
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            print(f"skipped: {exc}")
            failed.append(module_name)
            continue
        if module.main([]) not in (0, None):
            failed.append(module_name)
    if failed:
        print(f"\nbenchmarks that failed or were missing: {failed}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
