"""Listed goods into a transshipment hub for a party already seen shipping onwards to high-risk destinations.

Found in the pattern state (the party's earlier outbound legs), so in the stream it runs where the
party's table partition lives, like the re-export pattern itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from schemas import Alert, AlertFacets, Reason, alert_id_for
from services.detector.scoring.alerts import pattern_alert
from services.detector.scoring.assessment import assess_reasons
from services.detector.scoring.config import RiskConfig
from services.detector.scoring.hs_lists import dotted_code
from services.detector.scoring.signals import list_title


def hub_history_alert(
    party_key: str,
    inbound: dict[str, Any],
    outbound: list[dict[str, Any]],
    config: RiskConfig,
    versions: dict[str, str],
    now: datetime,
) -> Alert | None:
    """An alert for `inbound` when it enters a hub and the party shipped listed goods onwards before it."""
    if inbound["dir"] != "in" or inbound["to"] not in config.routes.transshipment_hubs:
        return None
    earlier = [
        leg for leg in outbound if leg["date"] <= inbound["date"] and leg["id"] != inbound["id"]
    ]
    if not earlier:
        return None
    last = max(earlier, key=lambda leg: leg["date"])
    grade = f"{list_title(inbound['list'])} {inbound['grade']}"
    hub = inbound["to"].upper()
    reasons = [
        Reason(
            kind="product",
            summary=f"HS {dotted_code(inbound['hs'])} is on {grade}",
            matched=inbound["hs"],
            target=dotted_code(inbound["hs"]),
            watchlist=inbound["list"],
            tier=inbound["grade"] or None,
            subscore=inbound["subscore"],
            weight=config.weights.product,
            related_record_ids=[inbound["id"]],
        ),
        Reason(
            kind="route",
            summary=(
                f"{grade} goods into transshipment hub {hub} for {inbound['party']!r}, which shipped "
                f"HS-4 {last['hs4']} onwards to {last['to'].upper()} on {last['date']} ({last['id']})"
            ),
            matched=party_key,
            target="transshipment_hubs",
            subscore=round(config.routes.hub_with_onward_history * inbound["subscore"], 4),
            weight=config.weights.route,
            related_record_ids=[inbound["id"], last["id"]],
            evidence={
                "short": f"into {hub} for a party shipping onwards",
                "onward_record_id": last["id"],
            },
        ),
    ]
    facets = AlertFacets(
        parties=[inbound["party"]],
        countries=[c for c in (inbound["from"], inbound["to"], last["to"]) if c],
        hs_code=dotted_code(inbound["hs"]),
        hs_tier=inbound["grade"] or None,
    )
    assessment = assess_reasons(reasons, config, facets=facets, subject=f"Shipment {inbound['id']}")
    if not assessment.alerted:
        return None
    return pattern_alert(
        alert_id_for("shipment", inbound["id"], "onward-history"),
        inbound["id"],
        f"{inbound['party']} received listed goods in {hub} after shipping onwards",
        assessment,
        occurred_on=inbound["date"],
        watchlist_versions=versions,
        now=now,
    )
