"""yente's wire shapes over our MatchIndex (pure: no I/O).

Requests are FollowTheMoney query entities (`{"schema", "properties": {name: [..], ...}}`);
results are FtM-shaped entities with a score, a `match` flag and the matcher's explanation.
Only the shapes follow yente; the scoring is Chokepoint's matcher (services/lists/matching).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from services.lists.matching import DEFAULT_THRESHOLD, MatchIndex, NameMatch, NameQuery
from services.lists.watchlists import WatchlistEntry
from services.lists.watchlists.ftm_json import IDENTIFIER_PROPS

DEFAULT_DATASET = "default"
DEFAULT_CUTOFF = 0.5
DEFAULT_LIMIT = 5
ALGORITHM = "chokepoint"
# yente's algorithm names are accepted (clients send them); every one runs our matcher.
ALGORITHMS = frozenset(
    {ALGORITHM, "best", "logic-v1", "logic-v2", "name-based", "name-qualified", "regression-v1"}
)
MATCHABLE_SCHEMAS = frozenset(
    {
        "Thing",
        "LegalEntity",
        "Person",
        "Organization",
        "Company",
        "PublicBody",
        "Vessel",
        "Aircraft",
    }
)
_INDEX_SCHEMAS = {"Thing": None, "LegalEntity": None, "PublicBody": "Organization"}
COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction")
DATE_PROPS = ("birthDate", "incorporationDate")
MAX_NAMES_PER_QUERY = 10
MAX_VALUE_CHARS = 1_000
# yente's `matcher` (FeatureDocs): what each feature in `features` means.
MATCHER_FEATURES = {
    "name_match": {
        "description": "Chokepoint's name matcher: normalised, transliterated names aligned word"
        " by word, with country, birth date and identifiers as evidence (see `explanation`).",
        "coefficient": 1.0,
        "url": "docs/matching.md",
    }
}
# A dataset filter or several names need more candidates than `limit` before cutting.
WIDE_LIMIT = 200


class QueryError(ValueError):
    """A request that cannot be answered as asked (400 with this text as the reason)."""


@dataclass(frozen=True)
class EntityQuery:
    """One FtM query entity, read: the names to screen and the evidence beside them."""

    key: str
    schema: str
    names: tuple[str, ...]
    echo: dict[str, Any]
    country: str | None = None
    birth_date: str | None = None
    identifiers: Mapping[str, str] | None = None
    first_name: str | None = None
    last_name: str | None = None

    def name_queries(self) -> list[NameQuery]:
        schema = _INDEX_SCHEMAS.get(self.schema, self.schema)
        return [
            NameQuery(
                name=name,
                schema=schema,
                country=self.country,
                birth_date=self.birth_date,
                identifiers=dict(self.identifiers or {}),
                first_name=self.first_name,
                last_name=self.last_name,
            )
            for name in (self.names or ("",))
        ]


@dataclass(frozen=True)
class MatchParams:
    """The query string of /match: threshold (sets `match`), cutoff (drops results), limit."""

    threshold: float = DEFAULT_THRESHOLD
    cutoff: float = DEFAULT_CUTOFF
    limit: int = DEFAULT_LIMIT
    algorithm: str = ALGORITHM


def parse_score(value: str | None, name: str, default: float) -> float:
    if value is None or value == "":
        return default
    try:
        number = float(value)
    except ValueError:
        raise QueryError(f"'{name}' must be a number between 0 and 1") from None
    if not (math.isfinite(number) and 0.0 <= number <= 1.0):
        raise QueryError(f"'{name}' must be a number between 0 and 1")
    return number


def parse_int(value: str | None, name: str, default: int, low: int, high: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise QueryError(f"'{name}' must be a whole number from {low} to {high}") from None
    if not low <= number <= high:
        raise QueryError(f"'{name}' must be a whole number from {low} to {high}")
    return number


def parse_match_params(query: Mapping[str, str], max_limit: int) -> MatchParams:
    algorithm = query.get("algorithm") or ALGORITHM
    if algorithm not in ALGORITHMS:
        raise QueryError(f"'algorithm' must be one of {sorted(ALGORITHMS)}")
    return MatchParams(
        threshold=parse_score(query.get("threshold"), "threshold", DEFAULT_THRESHOLD),
        cutoff=parse_score(query.get("cutoff"), "cutoff", DEFAULT_CUTOFF),
        limit=parse_int(query.get("limit"), "limit", DEFAULT_LIMIT, 1, max_limit),
        algorithm=algorithm,
    )


def _values(properties: Mapping[str, Any], prop: str) -> list[str]:
    """A property's values as stripped strings (FtM sends lists; a bare string is accepted)."""
    raw = properties.get(prop)
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    values: list[str] = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise QueryError(f"property '{prop}' must be a list of strings")
        text = str(item).strip()
        if len(text) > MAX_VALUE_CHARS:
            raise QueryError(f"property '{prop}' has a value longer than {MAX_VALUE_CHARS}")
        if text:
            values.append(text)
    return values


def parse_entity_query(key: str, data: Any) -> EntityQuery:
    """One entry of `queries` → EntityQuery; raises QueryError naming the key."""
    if not isinstance(data, dict):
        raise QueryError(f"query '{key}' must be an object with 'schema' and 'properties'")
    schema = data.get("schema")
    if not isinstance(schema, str) or schema not in MATCHABLE_SCHEMAS:
        raise QueryError(f"query '{key}': 'schema' must be one of {sorted(MATCHABLE_SCHEMAS)}")
    properties = data.get("properties", {})
    if not isinstance(properties, dict):
        raise QueryError(f"query '{key}': 'properties' must be an object of lists")
    try:
        names = _values(properties, "name")
        first = next(iter(_values(properties, "firstName")), None)
        last = next(iter(_values(properties, "lastName")), None)
        if not names and (first or last):
            names = [" ".join(p for p in (first, last) if p)]
        names += [a for a in _values(properties, "alias") if a not in names]
        identifiers = {
            prop: found[0] for prop in IDENTIFIER_PROPS if (found := _values(properties, prop))
        }
        countries = [v for p in COUNTRY_PROPS for v in _values(properties, p)]
        dates = [v for p in DATE_PROPS for v in _values(properties, p)]
    except QueryError as exc:
        raise QueryError(f"query '{key}': {exc}") from None
    if not names and not identifiers:
        raise QueryError(f"query '{key}': give a 'name' (or firstName/lastName) or an identifier")
    echo = {"schema": schema, "properties": properties}
    if isinstance(data.get("id"), str):
        echo["id"] = data["id"]
    return EntityQuery(
        key=key,
        schema=schema,
        names=tuple(names[:MAX_NAMES_PER_QUERY]),
        echo=echo,
        country=countries[0].lower() if countries else None,
        birth_date=dates[0] if dates else None,
        identifiers=identifiers,
        first_name=first,
        last_name=last,
    )


def parse_match_body(body: Any, max_queries: int) -> list[EntityQuery]:
    """`{"queries": {key: entity}, "weights"?, "config"?}` → the queries, in key order given."""
    if not isinstance(body, dict):
        raise QueryError("the body must be a JSON object with 'queries'")
    queries = body.get("queries")
    if not isinstance(queries, dict) or not queries:
        raise QueryError("'queries' must be a non-empty object of query entities")
    if len(queries) > max_queries:
        raise QueryError(f"at most {max_queries} queries per request")
    for optional in ("weights", "config"):
        if body.get(optional) is not None and not isinstance(body[optional], dict):
            raise QueryError(f"'{optional}' must be an object")
    return [parse_entity_query(str(key), data) for key, data in queries.items()]


def check_dataset(index: MatchIndex, dataset: str) -> None:
    if dataset != DEFAULT_DATASET and dataset not in index.versions:
        raise LookupError(f"no dataset {dataset!r}; see GET /catalog")


def _in_dataset(entry: WatchlistEntry, dataset: str) -> bool:
    return dataset == DEFAULT_DATASET or entry.source == dataset


def screen_entity(
    index: MatchIndex, query: EntityQuery, params: MatchParams, dataset: str = DEFAULT_DATASET
) -> list[NameMatch]:
    """The best match per listed party over every name of the query, best first."""
    floor = min(params.cutoff, params.threshold)
    wide = dataset != DEFAULT_DATASET or len(query.names) > 1
    best: dict[str, NameMatch] = {}
    for name_query in query.name_queries():
        found = index.screen(
            name_query,
            threshold=floor,
            limit=max(params.limit, WIDE_LIMIT) if wide else params.limit,
        )
        for match in found:
            if not _in_dataset(match.entry, dataset):
                continue
            held = best.get(match.entry.id)
            if held is None or match.score > held.score:
                best[match.entry.id] = match
    ranked = sorted(best.values(), key=lambda m: (-m.score, m.entry.id))
    return ranked[: params.limit]


def entity_json(entry: WatchlistEntry, versions: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A listed party as an FtM-shaped entity (yente's `Entity`)."""
    properties: dict[str, list[str]] = {"name": [entry.names[0]]}
    extra: list[tuple[str, Iterable[str]]] = [
        ("alias", entry.names[1:]),
        ("weakAlias", entry.weak_aliases),
        ("country", entry.countries),
        ("address", entry.addresses),
        ("program", entry.programs),
        ("birthDate" if entry.schema == "Person" else "incorporationDate", entry.birth_dates),
        ("notes", [entry.remarks] if entry.remarks else []),
    ]
    for prop, values in extra:
        if listed := [v for v in values if v]:
            properties[prop] = listed
    for prop, value in entry.identifiers:
        properties.setdefault(prop, []).append(value)
    if entry.listed_on is not None:
        properties["createdAt"] = [entry.listed_on.isoformat()]
    body: dict[str, Any] = {
        "id": entry.id,
        "caption": entry.caption,
        "schema": entry.schema,
        "properties": properties,
        "datasets": [entry.source],
        "referents": [],
        "target": entry.listed,
    }
    if entry.linked_to:
        body["linked_to"] = list(entry.linked_to)
    if versions is not None and entry.source in versions:
        body["dataset_versions"] = {entry.source: versions[entry.source]}
    return body


def scored_json(
    match: NameMatch, threshold: float, versions: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """One result of /match: the entity, its score, `match`, features and the explanation."""
    score = round(match.score, 4)
    return {
        **entity_json(match.entry, versions),
        "score": score,
        "match": score >= threshold,
        "features": {"name_match": score},
        "explanations": {
            "name_match": {
                "score": score,
                "detail": match.explanation,
                "candidate": match.matched_name,
            }
        },
        "explanation": match.explanation,
        "matched_name": match.matched_name,
        "ownership_path": list(match.ownership_path),
    }


def total(count: int) -> dict[str, Any]:
    return {"value": count, "relation": "eq"}


def match_response(
    index: MatchIndex,
    queries: list[EntityQuery],
    params: MatchParams,
    dataset: str = DEFAULT_DATASET,
) -> dict[str, Any]:
    """The whole /match answer: `{"responses": {key: {...}}, "limit": n}`."""
    check_dataset(index, dataset)
    versions = index.versions
    responses: dict[str, Any] = {}
    for query in queries:
        matches = screen_entity(index, query, params, dataset)
        results = [scored_json(m, params.threshold, versions) for m in matches]
        responses[query.key] = {
            "status": 200,
            "results": results,
            "total": total(len(results)),
            "query": query.echo,
        }
    return {
        "responses": responses,
        "matcher": MATCHER_FEATURES,
        "limit": params.limit,
        "algorithm": params.algorithm,
    }


def search_response(
    index: MatchIndex,
    text: str,
    dataset: str = DEFAULT_DATASET,
    *,
    limit: int = 10,
    offset: int = 0,
    schema: str | None = None,
) -> dict[str, Any]:
    """/search: names like `text` (by the matcher, from the cutoff up); empty text lists entries."""
    check_dataset(index, dataset)
    if schema is not None and schema not in MATCHABLE_SCHEMAS:
        raise QueryError(f"'schema' must be one of {sorted(MATCHABLE_SCHEMAS)}")
    wanted = _INDEX_SCHEMAS.get(schema, schema) if schema else None
    if text.strip():
        found = index.screen(
            NameQuery(name=text, schema=wanted), threshold=DEFAULT_CUTOFF, limit=WIDE_LIMIT
        )
        entries = [m.entry for m in found]
    else:
        entries = list(index.entries())
    entries = [
        e
        for e in entries
        if e.listed and _in_dataset(e, dataset) and (wanted is None or e.schema == wanted)
    ]
    page = entries[offset : offset + limit]
    return {
        "results": [entity_json(e) for e in page],
        "facets": {},
        "total": total(len(entries)),
        "limit": limit,
        "offset": offset,
    }


def catalog_json(index: MatchIndex, loaded_at: Mapping[str, float]) -> dict[str, Any]:
    """/catalog: one dataset per list name (with its version), and `default` over them all."""
    counts: dict[str, int] = {}
    for entry in index.entries():
        counts[entry.source] = counts.get(entry.source, 0) + 1
    versions = index.versions
    datasets: list[dict[str, Any]] = [
        {
            "name": name,
            "title": name,
            "version": version,
            "entity_count": counts.get(name, 0),
            "load": True,
            "loaded_at": loaded_at.get(name),
            "children": [],
        }
        for name, version in sorted(versions.items())
    ]
    datasets.append(
        {
            "name": DEFAULT_DATASET,
            "title": "Every list the service screens against",
            "version": "+".join(f"{n}@{v}" for n, v in sorted(versions.items())),
            "entity_count": len(index),
            "load": True,
            "children": sorted(versions),
        }
    )
    return {
        "datasets": datasets,
        "current": [DEFAULT_DATASET, *sorted(versions)],
        "outdated": [],
        "index_stale": False,
    }
