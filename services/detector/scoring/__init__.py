"""Product, route and pattern signals, and the one explainable shipment score.

Pure: no I/O except loaders that read the paths they are given.

config = load_risk_config()                       # packaged risk.toml
catalog = ProductCatalog.load(chpl_csv, hs_csv, custom_lists=[...])
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
from services.detector.scoring.hs_lists import HsListEntry, HsListError, UnknownHsCode, dotted_code
from services.detector.scoring.party_keys import name_key, party_keys
from services.detector.scoring.patterns import PatternTracker
from services.detector.scoring.phrases import PhraseHit, PhraseListError, normalize_description
from services.detector.scoring.products import (
    ProductCatalog,
    default_phrases_dir,
    example_custom_hs_list,
    packaged_data_dir,
)
from services.detector.scoring.scorer import ShipmentScorer
from services.detector.scoring.screening import FTM_IDENTIFIER_PROPERTIES, Screener, ftm_identifiers

__all__ = [
    "FTM_IDENTIFIER_PROPERTIES",
    "Assessment",
    "HsListEntry",
    "HsListError",
    "PatternTracker",
    "PhraseHit",
    "PhraseListError",
    "ProductCatalog",
    "RiskConfig",
    "RiskConfigError",
    "Screener",
    "ShipmentScorer",
    "UnknownHsCode",
    "assess_reasons",
    "build_alert",
    "combine",
    "contribution",
    "default_phrases_dir",
    "default_risk_config_path",
    "dotted_code",
    "example_custom_hs_list",
    "ftm_identifiers",
    "load_risk_config",
    "name_key",
    "normalize_description",
    "packaged_data_dir",
    "party_keys",
    "summarize_record",
]
