"""Product, route and pattern signals, and the one explainable shipment score.

Pure: no I/O except loaders that read the paths they are given.

config = load_risk_config()                       # packaged risk.toml
catalog = ProductCatalog.load(...)                # services.lists.products
scorer = ShipmentScorer(match_index, catalog, config)
alert = build_alert(record, scorer.assess(record), watchlist_versions=..., now=...)
tracker = PatternTracker(catalog, config)          # re-export legs → pattern alerts
"""

from services.detector.scoring.alerts import build_alert, summarize_record
from services.detector.scoring.assessment import Assessment, assess_reasons, combine, contribution
from services.detector.scoring.config import (
    RiskConfig,
    RiskConfigError,
    default_risk_config_path,
    load_risk_config,
)
from services.detector.scoring.party_keys import name_key, party_keys
from services.detector.scoring.patterns import PatternTracker
from services.detector.scoring.scorer import ShipmentScorer
from services.detector.scoring.screening import FTM_IDENTIFIER_PROPERTIES, Screener, ftm_identifiers

__all__ = [
    "FTM_IDENTIFIER_PROPERTIES",
    "Assessment",
    "PatternTracker",
    "RiskConfig",
    "RiskConfigError",
    "Screener",
    "ShipmentScorer",
    "assess_reasons",
    "build_alert",
    "combine",
    "contribution",
    "default_risk_config_path",
    "ftm_identifiers",
    "load_risk_config",
    "name_key",
    "party_keys",
    "summarize_record",
]
