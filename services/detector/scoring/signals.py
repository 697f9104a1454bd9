"""Product, description and route signals of a shipment, each as an explained Reason."""

from __future__ import annotations

from dataclasses import dataclass

from schemas import Reason, ShipmentRecord
from services.detector.scoring.config import RiskConfig
from services.lists.products.catalog import ProductCatalog
from services.lists.products.hs_lists import HsListEntry, dotted_code
from services.lists.products.phrases import PhraseHit


@dataclass(frozen=True)
class GoodsFinding:
    """What the record's goods are, as far as the lists can tell."""

    listed: list[HsListEntry]
    best_entry: HsListEntry | None
    product_subscore: float
    phrases: list[PhraseHit]
    misdeclared: list[PhraseHit]

    @property
    def goods_subscore(self) -> float:
        """How controlled the goods look from code or description (drives route reasons)."""
        from_phrases = max((hit.category.subscore for hit in self.phrases), default=0.0)
        return max(self.product_subscore, from_phrases)

    @property
    def goods_label(self) -> str:
        if self.best_entry is not None:
            return _entry_label(self.best_entry)
        if self.phrases:
            return (
                f"goods described as {self.phrases[0].category.label} ({self.phrases[0].matched!r})"
            )
        return "goods"


def entry_subscore(entry: HsListEntry, config: RiskConfig) -> float:
    rules = config.products
    if entry.tier is not None and entry.tier in rules.tier_subscores:
        return rules.tier_subscores[entry.tier]
    if entry.severity is not None:
        return rules.severity_subscores[entry.severity]
    return rules.default_subscore


def list_title(list_name: str) -> str:
    """`chpl` → `CHPL`; custom lists keep their file name."""
    return "CHPL" if list_name == "chpl" else list_name


def _entry_label(entry: HsListEntry) -> str:
    grade = f"tier {entry.tier}" if entry.tier else f"{entry.severity} severity"
    return f"{list_title(entry.list_name)} {grade} {entry.dotted}"


def find_goods(record: ShipmentRecord, catalog: ProductCatalog, config: RiskConfig) -> GoodsFinding:
    listed = catalog.listed(record.hs_code)
    scored = [(entry_subscore(entry, config), entry) for entry in listed]
    best_subscore, best_entry = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    phrases = catalog.find_phrases(record.goods_description)
    misdeclared = [hit for hit in phrases if not hit.category.fits_code(record.hs_code)]
    return GoodsFinding(listed, best_entry, best_subscore, phrases, misdeclared)


def product_reasons(
    record: ShipmentRecord, goods: GoodsFinding, catalog: ProductCatalog, config: RiskConfig
) -> list[Reason]:
    entry = goods.best_entry
    if entry is None:
        return []
    declared = dotted_code(record.hs_code)
    corroborating = [hit.matched for hit in goods.phrases if hit.category.fits_code(record.hs_code)]
    evidence = {
        "short": _entry_label(entry),
        "list": entry.list_name,
        "hs_description": entry.label[:300],
    }
    if corroborating:
        evidence["description_corroborates"] = ", ".join(corroborating)
    if len(goods.listed) > 1:
        evidence["also_listed"] = ", ".join(
            f"{e.list_name}:{e.dotted}" for e in goods.listed if e is not entry
        )
    grade = f"tier {entry.tier}" if entry.tier else f"severity {entry.severity}"
    return [
        Reason(
            kind="product",
            summary=(
                f"HS {declared} is on {list_title(entry.list_name)} ({grade}) "
                f"as {entry.dotted}: {entry.label[:120]}"
            ),
            matched=declared,
            target=entry.dotted,
            watchlist=entry.list_name,
            tier=entry.tier or entry.severity,
            subscore=goods.product_subscore,
            weight=config.weights.product,
            evidence=evidence,
        )
    ]


def description_reasons(
    record: ShipmentRecord, goods: GoodsFinding, catalog: ProductCatalog, config: RiskConfig
) -> list[Reason]:
    """A controlled product named under an unrelated code counts in full, else it corroborates."""
    declared = dotted_code(record.hs_code)
    if goods.misdeclared:
        hit = max(goods.misdeclared, key=lambda h: h.category.subscore)
        described = catalog.describe(record.hs_code) or "unknown heading"
        return [
            Reason(
                kind="description",
                summary=(
                    f"description names {hit.category.label} ({hit.matched!r}) "
                    f"but declares HS {declared} "
                    f"({described[:80]}); expected {', '.join(hit.category.hs_prefixes[:4])}…"
                ),
                matched=hit.matched,
                target=f"{hit.category.name}: {hit.phrase}",
                watchlist=f"phrases:{hit.source}",
                subscore=hit.category.subscore,
                weight=config.weights.description,
                evidence={
                    "short": f"{hit.category.label} declared as HS {declared}",
                    "misdeclared": "true",
                    "phrases": ", ".join(h.matched for h in goods.misdeclared),
                },
            )
        ]
    if goods.phrases and goods.best_entry is None:
        hit = max(goods.phrases, key=lambda h: h.category.subscore)
        factor = config.products.consistent_description_factor
        return [
            Reason(
                kind="description",
                summary=(
                    f"description names {hit.category.label} ({hit.matched!r}) under HS {declared}"
                ),
                matched=hit.matched,
                target=f"{hit.category.name}: {hit.phrase}",
                watchlist=f"phrases:{hit.source}",
                subscore=round(hit.category.subscore * factor, 4),
                weight=config.weights.description,
                evidence={"short": f"described as {hit.category.label}", "misdeclared": "false"},
            )
        ]
    return []


def destination_of(record: ShipmentRecord) -> str | None:
    """The declared destination, else the receiving party's country."""
    if record.destination_country:
        return record.destination_country
    for party in (record.consignee, record.importer, record.notify_party):
        if party is not None and party.country:
            return party.country
    return None


def route_reasons(
    record: ShipmentRecord,
    goods: GoodsFinding,
    config: RiskConfig,
) -> list[Reason]:
    """Listed goods into a high-risk destination (the hub-history signal is in patterns.py)."""
    rules = config.routes
    destination = destination_of(record)
    if destination is None:
        return []
    via = [
        c
        for c in (record.departure_country, record.origin_country)
        if c in rules.transshipment_hubs
    ]
    evidence = {"destination": destination.upper()}
    if via:
        evidence["via_hub"] = via[0].upper()
    goods_subscore = goods.goods_subscore
    if destination in rules.high_risk_destinations:
        listed = goods_subscore > 0
        subscore = (
            rules.listed_goods_to_high_risk * goods_subscore
            if listed
            else rules.unlisted_goods_to_high_risk
        )
        if subscore <= 0:
            return []
        hub_note = f" via hub {via[0].upper()}" if via else ""
        return [
            Reason(
                kind="route",
                summary=(
                    f"{goods.goods_label} shipped{hub_note} "
                    f"into high-risk destination {destination.upper()}"
                ),
                matched=destination.upper(),
                target="high_risk_destinations",
                subscore=round(subscore, 4),
                weight=config.weights.route,
                evidence={**evidence, "short": f"{goods.goods_label} → {destination.upper()}"},
            )
        ]
    return []
