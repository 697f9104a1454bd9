"""News scoring throughput: articles/s for ~5 KB articles against every shared list, on one core.

python -m bench.bench_news [--shared-data PATH] [--articles N] [--seconds S]
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime
from pathlib import Path

from schemas import NewsRecord
from services.detector.news import NewsScorer
from services.detector.scoring.config import RiskConfig
from services.lists.watchlists import default_watchlist_paths, load_watchlists

# Throughput when alias weighting landed (issue 14), and the floor it must stay above.
BEFORE_ARTICLES_PER_SECOND = 1_129
FLOOR_ARTICLES_PER_SECOND = 500

_FILLER_EN = (
    "Officials said on Tuesday that the ministry would review export licences for dual-use goods. "
    "Traders in the free zone reported brisk demand for electronics and spare parts this quarter. "
    "The company declined to comment on its suppliers or on the destination of the shipments. "
)
_FILLER_RU = (
    "Как сообщили в министерстве, поставки электроники через третьи страны выросли в этом году. "
    "Представители компании отказались от комментариев относительно поставщиков и покупателей. "
)
_LEADS = (
    "Fighters of the Wagner Group, the Russian private military company, "
    "fly DJI Mavic drones bought in Dubai. ",
    "Бойцы ЧВК «Вагнер» используют квадрокоптеры, закупленные через ОАЭ. ",
    "InterContinental Hotels Group raised guidance after a deal with Inter Milan. ",
    "Kalashnikov Concern expanded output of loitering munitions "
    "using imported microchips via Kazakhstan. ",
)


def make_articles(count: int, size_bytes: int = 5_000, seed: int = 7) -> list[NewsRecord]:
    """Synthetic ~5 KB articles: a lead that names (or nearly names) listed parties, then filler."""
    rng = random.Random(seed)
    articles = []
    for i in range(count):
        lead = rng.choice(_LEADS)
        filler = _FILLER_RU if "ЧВК" in lead else _FILLER_EN
        body = lead
        while len(body.encode("utf-8")) < size_bytes:
            body += filler
        articles.append(
            NewsRecord(
                record_id=f"news:bench-{i}",
                url=f"https://bench.example/{i}",
                title=lead[:80],
                body=body,
                published_at=datetime(2024, 3, 5, tzinfo=UTC),
                source="bench",
            )
        )
    return articles


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-data", type=Path, default=None)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    watchlists = load_watchlists(default_watchlist_paths(args.shared_data))
    entries = [e for w in watchlists for e in w.entries]
    loaded = time.perf_counter()
    scorer = NewsScorer(entries, object(), RiskConfig())
    built = time.perf_counter()
    articles = make_articles(args.articles)
    scored = alerts = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < args.seconds:
        for record in articles:
            alerts += scorer.assess(record).alerted
            scored += 1
    elapsed = time.perf_counter() - t0
    size = sum(len(a.body.encode("utf-8")) for a in articles) / len(articles)
    print(
        f"news: {len(entries)} list entries, {scorer.finder.phrase_count} phrases "
        f"(load {loaded - started:.1f}s, build {built - loaded:.1f}s)\n"
        f"news: {scored} articles of {size / 1000:.1f} KB in {elapsed:.2f}s "
        f"= {scored / elapsed:,.0f} articles/s "
        f"on one core ({alerts / scored:.0%} alerted; before frequency-weighted aliases: "
        f"{BEFORE_ARTICLES_PER_SECOND:,} articles/s, floor {FLOOR_ARTICLES_PER_SECOND})"
    )


if __name__ == "__main__":
    main()
