"""ShipmentScorer: entity, product, description and route reasons → one explained score."""

from __future__ import annotations

from dataclasses import replace

from schemas import AlertFacets, Reason, ShipmentRecord
from services.detector.scoring.assessment import Assessment, assess_reasons
from services.detector.scoring.config import RiskConfig
from services.detector.scoring.screening import (
    CachedScreener,
    QueryFactory,
    ScreenedParty,
    Screener,
)
from services.detector.scoring.signals import (
    GoodsFinding,
    description_reasons,
    destination_of,
    find_goods,
    product_reasons,
    route_reasons,
)
from services.lists.products.catalog import ProductCatalog
from services.lists.products.hs_lists import dotted_code

RECEIVING_ROLES = ("importer", "consignee", "notify_party")


class ShipmentScorer:
    """Scores shipments; pure apart from the matcher it is given. Build one per watchlist index."""

    def __init__(
        self,
        screener: Screener,
        catalog: ProductCatalog,
        config: RiskConfig,
        *,
        query_factory: QueryFactory | None = None,
    ) -> None:
        self.catalog = catalog
        self.config = config
        rules = config.entities
        self.screener = CachedScreener(
            screener,
            threshold=rules.match_threshold,
            limit=rules.matches_per_party,
            cache_size=rules.screen_cache_size,
            query_factory=query_factory,
        )

    def assess(self, record: ShipmentRecord) -> Assessment:
        """Every reason in the record, the combined score and severity.

        Listed goods into a hub for a party seen shipping onwards need the party's history, which
        lives in the pattern state: PatternTracker.observe raises that signal.
        """
        goods = find_goods(record, self.catalog, self.config)
        screened = self.screener.screen_record(
            record, self.config.entities.roles, self.config.entities.screen_vessels
        )
        reasons = [
            *entity_reasons(screened, self.config),
            *product_reasons(record, goods, self.catalog, self.config),
            *description_reasons(record, goods, self.catalog, self.config),
            *route_reasons(record, goods, self.config),
        ]
        assessment = assess_reasons(reasons, self.config, subject=f"Shipment {record.record_id}")
        if not assessment.alerted:  # the facets go into an alert only
            return assessment
        return replace(assessment, facets=shipment_facets(record, goods, screened))


def entity_reasons(screened: list[ScreenedParty], config: RiskConfig) -> list[Reason]:
    """One reason per screened party: its best match, with the runners-up in the evidence."""
    reasons: list[Reason] = []
    for party in screened:
        best = max(party.matches, key=lambda m: m.score)
        entry = best.entry
        programs = list(getattr(entry, "programs", ()) or ())
        caption = getattr(entry, "caption", best.matched_name)
        evidence = {
            "role": party.role,
            "explanation": best.explanation[:500],
            "short": f"{party.role} ~ {caption} ({best.watchlist})",
        }
        if best.ownership_path:
            evidence["ownership_path"] = " → ".join(best.ownership_path)
        others = [m for m in party.matches if m is not best]
        if others:
            evidence["other_matches"] = "; ".join(
                f"{m.watchlist}:{m.entry.id} {m.score:.2f}" for m in others
            )
        owned = " (through ownership)" if best.ownership_path else ""
        reasons.append(
            Reason(
                kind="entity",
                summary=(
                    f"{party.role} {party.name!r} ~ {best.watchlist} entry {caption!r}{owned} "
                    f"via {best.matched_name!r}, score {best.score:.2f}"
                ),
                matched=party.name,
                target=caption,
                watchlist=best.watchlist,
                entry_id=str(entry.id),
                program=", ".join(programs) or None,
                subscore=round(min(1.0, max(0.0, best.score)), 4),
                weight=config.weights.entity,
                evidence=evidence,
            )
        )
    return reasons


def shipment_facets(
    record: ShipmentRecord, goods: GoodsFinding, screened: list[ScreenedParty]
) -> AlertFacets:
    countries: list[str] = []
    for code in (
        record.origin_country,
        record.departure_country,
        destination_of(record),
        *(party.country for _, party in record.parties()),
    ):
        if code and code not in countries:
            countries.append(code)
    entries = [m for party in screened for m in party.matches[:1]]
    entry = goods.best_entry
    return AlertFacets(
        parties=[party.name for _, party in record.parties()],
        countries=countries,
        hs_code=dotted_code(record.hs_code),
        hs_tier=(entry.tier or entry.severity) if entry else None,
        entity_ids=sorted({str(m.entry.id) for m in entries}),
        watchlists=sorted({m.watchlist for m in entries}),
        programs=sorted({p for m in entries for p in (getattr(m.entry, "programs", ()) or ())}),
    )
