"""Score the background corpus and the written articles; count false alerts, precision, recall."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.news_eval.articles import ARTICLES, EvalArticle
from bench.news_eval.build_corpus import Chunk
from schemas import NewsRecord
from services.detector.news import NewsScorer
from services.detector.scoring.assessment import Assessment

CORPUS = Path(__file__).parent / "corpus" / "background.jsonl.gz"
_PUBLISHED = datetime(2024, 3, 5, tzinfo=UTC)


def load_corpus(path: Path = CORPUS) -> list[Chunk]:
    """The committed background chunks (see build_corpus.py and corpus/SOURCES.md)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [Chunk(**json.loads(line)) for line in handle]


def _record(key: str, title: str, body: str, language: str) -> NewsRecord:
    return NewsRecord(
        record_id=f"news:eval-{key}",
        url=f"https://eval.example/{key}",
        title=title,
        body=body,
        published_at=_PUBLISHED,
        source="eval",
        language=language,
    )


@dataclass(frozen=True)
class Alerted:
    """One alert raised during the evaluation, with the aliases that raised it."""

    key: str
    severity: str
    entities: tuple[str, ...]
    matched: tuple[str, ...]


@dataclass
class BackgroundResult:
    chunks: int = 0
    by_lang: dict[str, int] = field(default_factory=dict)
    alerts: list[Alerted] = field(default_factory=list)

    @property
    def per_2000(self) -> float:
        return 2000 * len(self.alerts) / self.chunks if self.chunks else 0.0


@dataclass
class ArticleResult:
    must_alert: int = 0
    must_not: int = 0
    hits: list[str] = field(default_factory=list)  # must-alert, alerted naming a right entry
    wrong_entry: list[Alerted] = field(default_factory=list)  # must-alert, alerted, wrong entry
    missed: list[str] = field(default_factory=list)
    false_alerts: list[Alerted] = field(default_factory=list)  # must-not that alerted

    @property
    def precision(self) -> float:
        flagged = len(self.hits) + len(self.wrong_entry) + len(self.false_alerts)
        return len(self.hits) / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        return len(self.hits) / self.must_alert if self.must_alert else 1.0


def _alerted(key: str, assessment: Assessment) -> Alerted:
    mentions = [r for r in assessment.reasons if r.kind == "mention"]
    return Alerted(
        key,
        assessment.severity,
        tuple(r.entry_id or "" for r in mentions),
        tuple(f"{r.matched!r}~{r.target}" for r in mentions),
    )


def score_background(scorer: NewsScorer, chunks: Iterable[Chunk]) -> BackgroundResult:
    result = BackgroundResult()
    for chunk in chunks:
        result.chunks += 1
        result.by_lang[chunk.lang] = result.by_lang.get(chunk.lang, 0) + 1
        # A chunk is scored as an article body under a neutral title.
        assessment = scorer.assess(_record(chunk.id, "Notes", chunk.text, chunk.lang))
        if assessment.alerted:
            result.alerts.append(_alerted(chunk.id, assessment))
    return result


def score_articles(scorer: NewsScorer, articles: Iterable[EvalArticle] = ARTICLES) -> ArticleResult:
    result = ArticleResult()
    for article in articles:
        record = _record(article.key, article.title, article.body, article.lang)
        assessment = scorer.assess(record)
        if article.must_alert:
            result.must_alert += 1
            if not assessment.alerted:
                result.missed.append(article.key)
                continue
            alerted = _alerted(article.key, assessment)
            if set(alerted.entities) & set(article.expect):
                result.hits.append(article.key)
            else:
                result.wrong_entry.append(alerted)
        else:
            result.must_not += 1
            if assessment.alerted:
                result.false_alerts.append(_alerted(article.key, assessment))
    return result


def describe(alerts: Iterable[Alerted]) -> Iterator[str]:
    for a in alerts:
        yield f"    {a.key} [{a.severity}] {'; '.join(a.matched)}"
