"""News alert quality: false alerts on ordinary text, precision/recall on written articles.

    python -m bench.news_eval [--shared-data PATH] [--show]

Exits 1 when a target is missed: more than 1 false alert per 2,000 background chunks, a
must-alert article that does not alert naming its entry, or more than 1 must-not article alerting.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench.news_eval.evaluate import describe, load_corpus, score_articles, score_background
from services.detector.news import NewsScorer
from services.detector.scoring.config import RiskConfig
from services.lists.watchlists import default_watchlist_paths, load_watchlists

# Figures of the scorer before frequency-weighted aliases (commit 1a41723), same corpus/articles.
BEFORE_BACKGROUND_ALERTS = 96
BEFORE_ARTICLE_PRECISION = 0.67
BEFORE_ARTICLE_RECALL = 0.87
BEFORE_MUST_NOT_ALERTS = 10

MAX_BACKGROUND_PER_2000 = 1.0
MAX_MUST_NOT_ALERTS = 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-data", type=Path, default=None)
    parser.add_argument("--show", action="store_true", help="list every alert raised")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    watchlists = load_watchlists(default_watchlist_paths(args.shared_data))
    entries = [e for w in watchlists for e in w.entries]
    scorer = NewsScorer(entries, object(), RiskConfig())
    chunks = load_corpus()
    built = time.perf_counter()
    background = score_background(scorer, chunks)
    articles = score_articles(scorer)
    elapsed = time.perf_counter() - built
    langs = ", ".join(f"{n} {lang}" for lang, n in sorted(background.by_lang.items()))
    before_rate = 2000 * BEFORE_BACKGROUND_ALERTS / background.chunks
    print(
        f"news eval: {len(entries)} list entries (load+build {built - started:.1f}s, "
        f"scoring {elapsed:.1f}s)\n"
        f"background: {background.chunks} chunks ({langs}): {len(background.alerts)} false "
        f"alerts = {background.per_2000:.2f} per 2,000 chunks "
        f"(before: {BEFORE_BACKGROUND_ALERTS} = {before_rate:.2f}; target <= "
        f"{MAX_BACKGROUND_PER_2000:g})\n"
        f"articles: {articles.must_alert} must-alert, {articles.must_not} must-not: "
        f"precision {articles.precision:.2f}, recall {articles.recall:.2f} "
        f"(before: precision {BEFORE_ARTICLE_PRECISION:.2f}, recall "
        f"{BEFORE_ARTICLE_RECALL:.2f}); must-not alerted {len(articles.false_alerts)} "
        f"(before: {BEFORE_MUST_NOT_ALERTS}; target <= {MAX_MUST_NOT_ALERTS})"
    )
    if articles.missed:
        print(f"  missed: {', '.join(articles.missed)}")
    if articles.wrong_entry:
        print("  alerted naming another entry:")
        print("\n".join(describe(articles.wrong_entry)))
    if articles.false_alerts:
        print("  must-not articles that alerted:")
        print("\n".join(describe(articles.false_alerts)))
    if args.show and background.alerts:
        print("  background alerts:")
        print("\n".join(describe(background.alerts)))
    failed = (
        background.per_2000 > MAX_BACKGROUND_PER_2000
        or articles.recall < 1.0
        or len(articles.false_alerts) > MAX_MUST_NOT_ALERTS
    )
    print("news eval: " + ("FAILED a target" if failed else "all targets met"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
