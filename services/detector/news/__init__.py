"""News detection: listed entities, controlled products and route countries named in article text.

Pure logic (no Kafka): `NewsScorer.assess(record) -> Assessment`, and `LinkTracker` for
news ↔ shipment links kept in a MutableMapping (a faust Table in the stream).
"""

from services.detector.news.lexicon import DEFAULT_PRODUCT_TERMS, ProductTerm
from services.detector.news.links import LinkTracker
from services.detector.news.mentions import (
    ArticleMentions,
    EntityMention,
    FinderSettings,
    MentionFinder,
)
from services.detector.news.scorer import NewsRules, NewsScorer

__all__ = [
    "DEFAULT_PRODUCT_TERMS",
    "ArticleMentions",
    "EntityMention",
    "FinderSettings",
    "LinkTracker",
    "MentionFinder",
    "NewsRules",
    "NewsScorer",
    "ProductTerm",
]
