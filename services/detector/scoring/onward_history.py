"""Listed goods into a transshipment hub for a party already seen shipping onwards to high-risk destinations.

Found in the pattern state (the party's earlier outbound legs), so in the stream it runs where the
party's table partition lives, like the re-export pattern itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from schemas import Alert, AlertFacets, Reason, alert_id_for
from services.detector.scoring.alerts import pattern_alert
from services.detector.scoring.assessment import assess_reasons
from services.detector.scoring.config import RiskConfig
from services.detector.scoring.signals import list_title
from services.detector.state import Leg
from services.lists.products.hs_lists import dotted_code


def hub_history_alert(
    party_key: str,
    inbound: Leg,
    outbound: Sequence[Leg],
    config: RiskConfig,
    versions: dict[str, str],
    now: datetime,
) -> Alert | None:
    """An alert for `inbound` when it enters a hub and the party shipped listed goods onwards before it."""
    if inbound.direction != "in" or inbound.destination not in config.routes.transshipment_hubs:
        return None
    earlier = [
        leg
        for leg in outbound
        if leg.declared_on <= inbound.declared_on and leg.record_id != inbound.record_id
    ]
    if not earlier:
        return None
    last = max(earlier, key=lambda leg: leg.declared_on)
    grade = f"{list_title(inbound.list_name)} {inbound.grade}"
    hub = inbound.destination.upper()
    reasons = [
        Reason(
            kind="product",
            summary=f"HS {dotted_code(inbound.hs_code)} is on {grade}",
            matched=inbound.hs_code,
            target=dotted_code(inbound.hs_code),
            watchlist=inbound.list_name,
            tier=inbound.grade or None,
            subscore=inbound.subscore,
            weight=config.weights.product,
            related_record_ids=[inbound.record_id],
        ),
        Reason(
            kind="route",
            summary=(
                f"{grade} goods into transshipment hub {hub} for {inbound.party!r}, which shipped "
                f"HS-4 {last.hs4} onwards to {last.destination.upper()} on "
                f"{last.declared_on.isoformat()} ({last.record_id})"
            ),
            matched=party_key,
            target="transshipment_hubs",
            subscore=round(config.routes.hub_with_onward_history * inbound.subscore, 4),
            weight=config.weights.route,
            related_record_ids=[inbound.record_id, last.record_id],
            evidence={
                "short": f"into {hub} for a party shipping onwards",
                "onward_record_id": last.record_id,
            },
        ),
    ]
    facets = AlertFacets(
        parties=[inbound.party],
        countries=[c for c in (inbound.origin, inbound.destination, last.destination) if c],
        hs_code=dotted_code(inbound.hs_code),
        hs_tier=inbound.grade or None,
    )
    assessment = assess_reasons(
        reasons, config, facets=facets, subject=f"Shipment {inbound.record_id}"
    )
    if not assessment.alerted:
        return None
    return pattern_alert(
        alert_id_for("shipment", inbound.record_id, "onward-history"),
        inbound.record_id,
        f"{inbound.party} received listed goods in {hub} after shipping onwards",
        assessment,
        occurred_on=inbound.declared_on.isoformat(),
        watchlist_versions=versions,
        now=now,
    )
