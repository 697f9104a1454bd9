"""Fixtures for scoring tests: the real product lists, the packaged config, a tiny fake matcher."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from services.common.shared_data import packaged_chpl_path, packaged_hs_nomenclature_path
from services.detector.scoring import RiskConfig, load_risk_config
from services.lists.products import ProductCatalog, example_custom_hs_list
from services.lists.watchlists.model import WatchlistEntry


@dataclass(frozen=True)
class FakeMatch:
    entry: WatchlistEntry
    watchlist: str
    matched_name: str
    score: float
    explanation: str
    ownership_path: tuple[str, ...] = ()


@dataclass
class FakeIndex:
    """Matches exact (case-insensitive) names or any identical identifier; records every query."""

    entries: list[tuple[WatchlistEntry, str]] = field(default_factory=list)
    queries: list[Any] = field(default_factory=list)

    def screen(self, query: Any, *, threshold: float = 0.7, limit: int = 5) -> list[FakeMatch]:
        self.queries.append(query)
        found = []
        for entry, watchlist in self.entries:
            same_name = query.name.casefold() in (n.casefold() for n in entry.names)
            same_id = any(
                (prop, value) in entry.identifiers for prop, value in query.identifiers.items()
            )
            if same_name or same_id:
                why = "exact name" if same_name else "identifier"
                found.append(
                    FakeMatch(entry, watchlist, entry.caption, 1.0 if same_name else 0.9, why)
                )
        return found[:limit]


STC = WatchlistEntry(
    id="ofac-21332",
    schema="Organization",
    names=("SPECIAL TECHNOLOGY CENTER", "STC, LTD"),
    source="us_ofac_sdn",
    countries=("ru",),
    identifiers=(("taxNumber", "7802170553"),),
    programs=("CYBER2",),
)
NS_LEADER = WatchlistEntry(
    id="ofac-47371",
    schema="Vessel",
    names=("NS LEADER",),
    source="us_ofac_sdn",
    identifiers=(("imoNumber", "9339301"),),
)


@pytest.fixture
def fake_index() -> FakeIndex:
    return FakeIndex([(STC, "us_ofac_sdn"), (NS_LEADER, "us_ofac_sdn")])


@pytest.fixture(scope="session")
def catalog() -> ProductCatalog:
    return ProductCatalog.load(
        packaged_chpl_path(),
        packaged_hs_nomenclature_path(),
        custom_lists=[example_custom_hs_list()],
    )


@pytest.fixture(scope="session")
def config() -> RiskConfig:
    return load_risk_config()
