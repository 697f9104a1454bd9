"""Stable keys for a trading party: its normalised name and each registry identifier."""

from __future__ import annotations

from functools import lru_cache

import fingerprints

from schemas import Party

# A Russian tax id is an INN, whichever scheme the declarant used.
_RU_TAX_SCHEMES = {"tax_id": "inn"}


@lru_cache(maxsize=65_536)  # party names repeat across shipments; fingerprinting is the costly part
def name_key(name: str) -> str | None:
    """`name:<fingerprint>`: case, word order, transliteration and legal forms normalised."""
    fingerprint = fingerprints.generate(name)
    return f"name:{fingerprint}" if fingerprint else None


def party_keys(party: Party) -> list[str]:
    """Every key the party can be recognised by, name first."""
    keys: list[str] = []
    by_name = name_key(party.name)
    if by_name:
        keys.append(by_name)
    for scheme, value in sorted(party.identifiers.items()):
        if party.country == "ru":
            scheme = _RU_TAX_SCHEMES.get(scheme, scheme)
        digits = "".join(c for c in value.upper() if c.isalnum())
        if digits:
            key = f"{scheme}:{digits}"
            if key not in keys:
                keys.append(key)
    return keys
