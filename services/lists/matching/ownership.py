"""The OFAC 50% rule: unlisted companies owned 50% or more, in aggregate, by blocked parties."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from services.lists.watchlists.model import Ownership

BLOCKING_SHARE = 50.0


@dataclass(frozen=True)
class OwnedBy:
    """Why an unlisted asset is blocked: blocked owners' shares and the path from a listed one."""

    asset_id: str
    share: float
    owners: tuple[tuple[str, float], ...]  # (owner id, percentage), largest first
    path: tuple[str, ...]  # listed owner id, …, asset id


def blocked_by_ownership(
    listed_ids: Iterable[str], edges: Iterable[Ownership]
) -> dict[str, OwnedBy]:
    """Assets reached by the rule, through chains (a blocked company's own holdings count too)."""
    shares: dict[str, dict[str, float]] = defaultdict(dict)
    for edge in edges:
        if edge.percentage is None or edge.owner_id == edge.asset_id:
            continue  # an unknown share cannot be shown to reach 50%
        # Registries repeat an edge over time; the largest recorded share stands.
        previous = shares[edge.asset_id].get(edge.owner_id, 0.0)
        shares[edge.asset_id][edge.owner_id] = max(previous, edge.percentage)
    blocked: dict[str, tuple[str, ...]] = {i: (i,) for i in listed_ids}
    reached: dict[str, OwnedBy] = {}
    changed = True
    while changed:
        changed = False
        for asset, owners in shares.items():
            if asset in blocked:
                continue
            contributing = sorted(
                ((o, p) for o, p in owners.items() if o in blocked), key=lambda x: -x[1]
            )
            total = min(sum(p for _, p in contributing), 100.0)
            if total >= BLOCKING_SHARE:
                path = (*blocked[contributing[0][0]], asset)
                blocked[asset] = path
                reached[asset] = OwnedBy(asset, total, tuple(contributing), path)
                changed = True
    return reached
