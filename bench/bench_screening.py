"""Screening API speed: `POST /match/default` with one query, over HTTP with a token.

    python -m bench.bench_screening [--requests N] [--concurrency C] [--excerpt] [--cli-only]

Serves the lists the service would load by default (the shared lists when present, else the
packaged excerpt; `--excerpt` forces the excerpt) through the real server (GuardedAppRunner,
token check, rate limit off). Prints one-at-a-time p50/p99 latency, requests/s with C requests
in flight (client and server share this process, so on 2 cores the figure is a floor), and the
`chokepoint screen` CLI path's names/s on the same names for comparison. Then the command itself,
whole process, on the realistic mix against the four official lists at --jobs 1 and at --jobs N
(N = the usable cores) side by side (bench.screen_cli_jobs); `--cli-only` runs just that.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import statistics
import threading
import time
from typing import Any

import aiohttp

from bench import screen_cli_jobs
from services.detector.screen_cli import screen_lines
from services.lists.watchlists import default_watchlist_paths
from services.lists.watchlists.excerpt import excerpt_paths
from services.screening.server import build_runtime, serve
from services.screening.settings import ScreeningSettings

TOKEN = "bench-screening-token-0001"
CLEAN = ["Maribel Okonkwo-Lindqvist", "Golden Star Trading LLC 17", "Hanse Logistik GmbH"]


def _names(entries: list[str], count: int) -> list[str]:
    """Listed captions, some with a dropped letter, and clean names: a screening mix."""
    names: list[str] = []
    for i in range(count):
        if i % 3 == 2:
            names.append(CLEAN[i % len(CLEAN)])
            continue
        caption = entries[(i * 7919) % len(entries)]
        names.append(caption if i % 2 else caption[:3] + caption[4:])
    return names


def _body(name: str) -> bytes:
    query = {"schema": "LegalEntity", "properties": {"name": [name]}}
    return json.dumps({"queries": {"q": query}}).encode()


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _sequential(port: int, names: list[str]) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    latencies = []
    for name in names:
        started = time.perf_counter()
        conn.request("POST", "/match/default", body=_body(name), headers=headers)
        response = conn.getresponse()
        response.read()
        assert response.status == 200, response.status
        latencies.append(time.perf_counter() - started)
    conn.close()
    return latencies


async def _concurrent(port: int, names: list[str], concurrency: int) -> float:
    url = f"http://127.0.0.1:{port}/match/default"
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    queue = list(reversed(names))

    async def worker(session: aiohttp.ClientSession) -> None:
        while queue:
            async with session.post(url, data=_body(queue.pop()), headers=headers) as response:
                await response.read()
                assert response.status == 200

    started = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
    return len(names) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--excerpt", action="store_true", help="the packaged excerpt only")
    parser.add_argument("--cli-only", action="store_true", help="only the command at --jobs 1, N")
    args = parser.parse_args(argv)
    if not args.cli_only:
        measure_api(args.requests, args.concurrency, args.excerpt)
    if not args.excerpt:
        screen_cli_jobs.main([])
    return 0


def measure_api(requests: int, concurrency: int, excerpt: bool) -> None:
    """POST /match one at a time and `concurrency` at a time; the CLI path on the same names."""
    paths = excerpt_paths() if excerpt else default_watchlist_paths()
    settings = ScreeningSettings(
        api_tokens={"bench": TOKEN},
        watchlist_paths=paths,
        follow_watchlists=False,
        http_host="127.0.0.1",
        http_port=0,
        rate_limit_per_second=0,
        log_level="WARNING",
    )
    started = time.perf_counter()
    runtime = build_runtime(settings)
    index = runtime.registry.index
    assert index is not None
    print(
        f"index: {len(index):,} entries from {len(paths)} lists in {time.perf_counter() - started:.1f}s"
    )
    names = _names([e.caption for e in index.entries() if e.listed], requests)

    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    ready = threading.Event()
    port_box: dict[str, Any] = {}

    async def run_server() -> None:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port_box["port"] = sock.getsockname()[1]
        runtime.settings = settings.model_copy(update={"http_port": port_box["port"]})
        up = asyncio.Event()
        task = asyncio.create_task(serve(runtime, stop, up))
        await up.wait()
        ready.set()
        await task

    thread = threading.Thread(target=loop.run_until_complete, args=(run_server(),), daemon=True)
    thread.start()
    ready.wait(60)
    port = int(port_box["port"])
    try:
        _sequential(port, names[:50])  # warm-up
        latencies = _sequential(port, names)
        rate = asyncio.run(_concurrent(port, names, concurrency))
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(30)
    lines = [json.dumps({"id": i, "name": n}) for i, n in enumerate(names)]
    cli_started = time.perf_counter()
    for _ in screen_lines(index, lines, threshold=0.7, limit=5):
        pass
    cli_rate = len(lines) / (time.perf_counter() - cli_started)
    p50, p99 = _percentile(latencies, 0.5), _percentile(latencies, 0.99)
    print(
        f"POST /match (1 query): p50 {p50 * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms one at a time;"
        f" {rate:,.0f} requests/s with {concurrency} in flight"
        f" | chokepoint screen CLI path: {cli_rate:,.0f} names/s"
        f" ({len(names):,} names, mean {statistics.mean(latencies) * 1000:.2f} ms)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
