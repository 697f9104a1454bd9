"""OFAC `sdn.xml` / `consolidated.xml` (root `sdnList`, one `sdnEntry` per party)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from services.lists.watchlists.common import content_version, unique, utc_moment
from services.lists.watchlists.model import EntrySchema, Watchlist, WatchlistEntry
from services.lists.watchlists.remarks import country_code, parse_date, parse_remarks
from services.lists.watchlists.xml_common import children, text_of, texts

_TYPES: dict[str, EntrySchema] = {
    "individual": "Person",
    "vessel": "Vessel",
    "aircraft": "Aircraft",
}
_ID_TYPES = {
    "passport": "passportNumber",
    "tax id no.": "taxNumber",
    "vessel registration identification": "imoNumber",
    "registration id": "registrationNumber",
    "registration number": "registrationNumber",
    "national id no.": "idNumber",
    "mmsi": "mmsi",
    "swift/bic": "swiftBic",
    "unified social credit code (uscc)": "uscCode",
}


def load_ofac_xml(root: etree._Element, path: Path, name: str | None = None) -> Watchlist:
    """Load an OFAC XML list from a parsed root element."""
    list_name = name or ("us_ofac_cons" if "cons" in path.name.lower() else "us_ofac_sdn")
    published = texts(root, "publshInformation/Publish_Date")  # sic: OFAC's own spelling
    iso = parse_date(published[0]) if published else None
    published_on = iso if iso and len(iso) == 10 else None  # MM/DD/YYYY → YYYY-MM-DD
    stamp = published_on.replace("-", "") if published_on else None
    entries = [_entry(list_name, node) for node in children(root, "sdnEntry")]
    return Watchlist(
        list_name,
        content_version([path], stamp),
        entries,
        published_at=utc_moment(published_on),
    )


def _person_name(node: etree._Element) -> str:
    last, first = text_of(node, "lastName"), text_of(node, "firstName")
    return f"{last}, {first}" if first else last


def _entry(list_name: str, node: etree._Element) -> WatchlistEntry:
    primary = _person_name(node)
    strong: list[str] = [primary]
    weak: list[str] = []
    for aka_list in children(node, "akaList"):
        for aka in children(aka_list, "aka"):
            (weak if text_of(aka, "category").lower() == "weak" else strong).append(
                _person_name(aka)
            )
    identifiers: list[tuple[str, str]] = []
    for id_list in children(node, "idList"):
        for item in children(id_list, "id"):
            id_type = text_of(item, "idType").lower()
            number = text_of(item, "idNumber")
            prop = _ID_TYPES.get(id_type)
            if prop == "taxNumber" and country_code(text_of(item, "idCountry")) == "ru":
                prop = "innCode"
            if prop and number:
                identifiers.append((prop, number.removeprefix("IMO ").strip()))
    countries = [country_code(c) for c in texts(node, "addressList/address/country")]
    countries += [country_code(c) for c in texts(node, "nationalityList/nationality/country")]
    countries += [country_code(c) for c in texts(node, "citizenshipList/citizenship/country")]
    births = [parse_date(d) for d in texts(node, "dateOfBirthList/dateOfBirthItem/dateOfBirth")]
    remarks = text_of(node, "remarks")
    parsed = parse_remarks(remarks)
    return WatchlistEntry(
        id=f"{list_name}:{text_of(node, 'uid')}",
        schema=_TYPES.get(text_of(node, "sdnType").lower(), "Organization"),
        names=unique(strong),
        source=list_name,
        weak_aliases=unique([*weak, *parsed.weak_aliases], exclude=strong),
        countries=unique([*countries, *parsed.countries]),
        addresses=unique(
            ", ".join(t for f in ("address1", "city", "country") if (t := text_of(a, f)))
            for al in children(node, "addressList")
            for a in children(al, "address")
        ),
        identifiers=tuple(dict.fromkeys([*identifiers, *parsed.identifiers])),
        programs=unique(texts(node, "programList/program")),
        birth_dates=unique(births),
        linked_to=unique(parsed.linked_to),
        remarks=remarks,
    )
