"""UN Security Council Consolidated List XML (INDIVIDUALS / ENTITIES)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lxml import etree

from services.lists.watchlists.common import content_version, unique, utc_moment
from services.lists.watchlists.model import Watchlist, WatchlistEntry
from services.lists.watchlists.remarks import country_code, parse_date
from services.lists.watchlists.xml_common import children, text_of, texts

_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_DOCUMENT_TYPES = {"passport": "passportNumber", "national identification number": "idNumber"}


def load_un_xml(root: etree._Element, path: Path, name: str | None = None) -> Watchlist:
    """Load the UN consolidated list from a parsed root element."""
    list_name = name or "un_sc_sanctions"
    generated = (root.get("dateGenerated") or "")[:19].replace("-", "").replace(":", "")
    stamp = f"{generated}Z" if generated else None
    entries: list[WatchlistEntry] = []
    for section, kind in (("INDIVIDUALS", "INDIVIDUAL"), ("ENTITIES", "ENTITY")):
        for group in children(root, section):
            entries.extend(_entry(list_name, node, kind) for node in children(group, kind))
    return Watchlist(
        list_name,
        content_version([path], stamp),
        entries,
        published_at=utc_moment(root.get("dateGenerated")),
    )


def _split_names(raw: str) -> list[str]:
    # UN writes several names in one field as 'A ; B'.
    return [part.strip() for part in raw.split(";") if part.strip()]


def _entry(list_name: str, node: etree._Element, kind: str) -> WatchlistEntry:
    primary = " ".join(t for p in _NAME_PARTS if (t := text_of(node, p)))
    strong: list[str] = [*_split_names(primary)]
    weak: list[str] = []
    for alias in children(node, f"{kind}_ALIAS"):
        alias_name = text_of(alias, "ALIAS_NAME")
        quality = text_of(alias, "QUALITY").lower()
        (weak if quality in ("low", "very low") else strong).extend(_split_names(alias_name))
    strong.extend(texts(node, "NAME_ORIGINAL_SCRIPT"))
    countries = [country_code(v) for v in texts(node, "NATIONALITY/VALUE")]
    addresses = []
    for address in children(node, f"{kind}_ADDRESS"):
        countries.append(country_code(text_of(address, "COUNTRY")))
        parts = [text_of(address, f) for f in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")]
        addresses.append(", ".join(p for p in parts if p))
    births = []
    for dob in children(node, "INDIVIDUAL_DATE_OF_BIRTH"):
        births.extend(
            [
                text_of(dob, "DATE")[:10],
                text_of(dob, "YEAR"),
                text_of(dob, "FROM_YEAR"),
                text_of(dob, "TO_YEAR"),
            ]
        )
    identifiers = []
    for doc in children(node, "INDIVIDUAL_DOCUMENT"):
        number = text_of(doc, "NUMBER")
        doc_type = text_of(doc, "TYPE_OF_DOCUMENT").lower()
        if number:
            identifiers.append((_DOCUMENT_TYPES.get(doc_type, "idNumber"), number))
    listed = parse_date(text_of(node, "LISTED_ON")[:10])
    return WatchlistEntry(
        id=f"{list_name}:{text_of(node, 'REFERENCE_NUMBER') or text_of(node, 'DATAID')}",
        schema="Person" if kind == "INDIVIDUAL" else "Organization",
        names=unique(strong),
        source=list_name,
        weak_aliases=unique(weak, exclude=strong),
        countries=unique(countries),
        addresses=unique(addresses),
        identifiers=tuple(dict.fromkeys(identifiers)),
        programs=unique([text_of(node, "UN_LIST_TYPE")]),
        birth_dates=unique(births),
        listed_on=date.fromisoformat(listed) if listed and len(listed) == 10 else None,
        remarks=text_of(node, "COMMENTS1"),
    )
