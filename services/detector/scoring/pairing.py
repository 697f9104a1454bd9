"""Which inbound leg an onward leg is paired with: the nearest one before it, one pair per onward leg.

An onward leg (listed goods shipped to a high-risk destination) is paired with the party's inbound
leg of the same HS-4 declared closest before it within the window; on a date tie the smaller
record id wins. Pairing every inbound leg with every onward leg made a party that trades the same
goods often raise inbound × onward alerts for what is one re-export per onward shipment.

The nearest partner does not depend on arrival order: whichever of the two legs arrives last
finds the other. A leg that arrives out of order can first pair with a partner that a later
arrival beats; that alert stands, and the better pair is reported as well.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from services.detector.scoring.party_keys import name_key
from services.detector.state import Leg


def _closes(inbound: Leg, onward: Leg, window_days: int) -> bool:
    """Same HS-4, different records, the onward leg 0–window days after the inbound one."""
    if inbound.hs4 != onward.hs4 or inbound.record_id == onward.record_id:
        return False
    return 0 <= (onward.declared_on - inbound.declared_on).days <= window_days


def _outranks(a: Leg, b: Leg) -> bool:
    """True when inbound leg `a` is nearer to any onward leg after both than `b` is."""
    if a.declared_on != b.declared_on:
        return a.declared_on > b.declared_on
    return a.record_id < b.record_id


def nearest_inbound(onward: Leg, inbound: Iterable[Leg], window_days: int) -> Leg | None:
    """The inbound leg this onward leg is paired with, if any."""
    best: Leg | None = None
    for candidate in inbound:
        if _closes(candidate, onward, window_days) and (best is None or _outranks(candidate, best)):
            best = candidate
    return best


def onward_paired_with(
    inbound: Leg, others: Sequence[Leg], outbound: Iterable[Leg], window_days: int
) -> list[Leg]:
    """The onward legs whose nearest inbound leg is `inbound`, given the party's `others`."""
    # An inbound leg that outranks this one and is dated on or before an onward leg is nearer
    # to it; the earliest such date is where this leg stops being anyone's nearest.
    blocking = [
        other.declared_on
        for other in others
        if other.hs4 == inbound.hs4
        and other.record_id != inbound.record_id
        and _outranks(other, inbound)
    ]
    until = min(blocking, default=None)
    return [
        onward
        for onward in outbound
        if _closes(inbound, onward, window_days) and (until is None or onward.declared_on < until)
    ]


def reported_under_name_key(party_key: str, inbound: Leg, onward: Leg) -> bool:
    """A pair found under a registry-id key whose two parties also share a name key.

    Both legs were sent under that name key too, where the onward leg is paired as well; the id
    key reports only what names alone miss (the same company spelled differently).
    """
    if party_key.startswith("name:"):
        return False
    by_name = name_key(inbound.party)
    return by_name is not None and by_name == name_key(onward.party)


def without_outranked_twins(inbound: Sequence[Leg], settled: Callable[[Leg], bool]) -> list[Leg]:
    """The inbound legs less those an inbound leg of the same HS-4 and date outranks, if `settled`.

    Such a leg is nobody's nearest (its twin is as near to every onward leg and wins the tie), so
    once nothing else needs it (`settled`: its own hub-history alert) it only makes the party's
    state bigger: a party receiving the same goods on the same day many times keeps one.
    """
    first: dict[tuple[str, object], str] = {}
    for leg in inbound:
        twin = (leg.hs4, leg.declared_on)
        if twin not in first or leg.record_id < first[twin]:
            first[twin] = leg.record_id
    return [
        leg
        for leg in inbound
        if first[(leg.hs4, leg.declared_on)] == leg.record_id or not settled(leg)
    ]
