"""`GET /hs/{code}` (pure): an HS code's CHPL tier, its HS 2022 text, the lists that name it and
the description phrases that flag goods declared under it — all from the detector's catalogue."""

from __future__ import annotations

from typing import Any

from services.lists.products import ProductCatalog, UnknownHsCode, dotted_code


class HsNotFound(LookupError):
    """A well-formed code with no HS 2022 subheading."""


def _phrase_patterns(catalog: ProductCatalog) -> list[Any]:
    """The compiled phrase patterns (phrase, category, source) the catalogue's matcher holds."""
    automaton = getattr(catalog.phrases, "_automaton", None)
    if automaton is None or catalog.phrases.phrase_count == 0:
        return []
    return list(automaton.values())


def hs_lookup(catalog: ProductCatalog, raw: str) -> dict[str, Any]:
    """Raises ValueError (malformed) or HsNotFound (unknown subheading)."""
    try:
        code = catalog.validate_code(raw)
    except UnknownHsCode as exc:
        if any(c.isdigit() for c in raw) and "not in HS 2022" in exc.detail:
            raise HsNotFound(exc.detail) from None
        raise ValueError(exc.detail) from None
    listed = catalog.listed(code)
    chpl = [e for e in listed if e.tier is not None]
    categories = [c for c in catalog.phrases.categories.values() if c.fits_code(code)]
    names = {c.name for c in categories}
    phrases: dict[str, list[dict[str, str]]] = {name: [] for name in names}
    for pattern in _phrase_patterns(catalog):
        if pattern.category.name in names:
            phrases[pattern.category.name].append(
                {"phrase": pattern.phrase, "language_list": pattern.source}
            )
    return {
        "code": code,
        "dotted": dotted_code(code),
        "description": catalog.describe(code),
        "chpl_tier": chpl[0].tier if chpl else None,
        "chpl_label": chpl[0].label if chpl else None,
        "listed": [
            {
                "list": e.list_name,
                "prefix": e.dotted,
                "tier": e.tier,
                "severity": e.severity,
                "label": e.label,
            }
            for e in listed
        ],
        "phrase_categories": [
            {
                "category": c.name,
                "label": c.label,
                "subscore": c.subscore,
                "phrases": sorted(phrases[c.name], key=lambda p: (p["language_list"], p["phrase"])),
            }
            for c in sorted(categories, key=lambda c: c.name)
        ],
        "versions": catalog.versions,
    }
