"""The screening API's OpenAPI 3.1 document; the committed copy is services/screening/openapi.json.

python -m services.screening.openapi           # rewrite the committed copy
python -m services.screening.openapi --check   # exit 1 if it is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

COMMITTED = Path(__file__).with_name("openapi.json")
_ERROR = {"$ref": "#/components/schemas/Error"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    reasons = {
        400: "The request cannot be answered as asked (the message says why).",
        401: "A valid bearer token is required (`Authorization: Bearer <token>` or `ApiKey`).",
        404: "No such dataset, entity or HS code.",
        413: "The body is larger than the configured limit.",
        429: "Rate limited; see Retry-After.",
        503: "No watchlists loaded yet.",
    }
    return {str(code): _json(_ERROR, reasons[code]) for code in codes}


def _param(name: str, where: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "schema": schema,
        "description": description,
    }


_DATASET = _param(
    "dataset", "path", {"type": "string"}, "A list name from GET /catalog, or `default` for all."
)
_SCORE = {"type": "number", "minimum": 0, "maximum": 1}
_COMMON = (401, 429, 503)


def openapi_document() -> dict[str, Any]:
    ref = "#/components/schemas/"
    entity_props = {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    }
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "required": ["error", "message"],
            "properties": {
                "error": {"type": "string"},
                "message": {"type": "string"},
                "detail": {"type": "string", "description": "yente's name for the reason"},
            },
        },
        "Total": {
            "type": "object",
            "required": ["value", "relation"],
            "properties": {
                "value": {"type": "integer"},
                "relation": {"type": "string", "enum": ["eq", "gte"]},
            },
        },
        "Entity": {
            "type": "object",
            "required": ["id", "caption", "schema", "properties", "datasets"],
            "properties": {
                "id": {"type": "string"},
                "caption": {"type": "string"},
                "schema": {"type": "string"},
                "properties": entity_props,
                "datasets": {"type": "array", "items": {"type": "string"}},
                "referents": {"type": "array", "items": {"type": "string"}},
                "target": {"type": "boolean"},
            },
        },
        "ScoredEntity": {
            "allOf": [
                {"$ref": ref + "Entity"},
                {
                    "type": "object",
                    "required": ["score", "match", "features", "explanations"],
                    "properties": {
                        "score": _SCORE,
                        "match": {"type": "boolean"},
                        "features": {
                            "type": "object",
                            "additionalProperties": {"type": "number"},
                        },
                        "explanations": {
                            "type": "object",
                            "additionalProperties": {
                                "type": "object",
                                "properties": {
                                    "score": {"type": "number"},
                                    "detail": {"type": "string"},
                                    "candidate": {"type": "string"},
                                },
                            },
                        },
                        "explanation": {"type": "string"},
                        "matched_name": {"type": "string"},
                    },
                },
            ]
        },
        "EntityMatchQuery": {
            "type": "object",
            "required": ["schema", "properties"],
            "properties": {
                "id": {"type": "string"},
                "schema": {
                    "type": "string",
                    "enum": sorted(
                        {"Thing", "LegalEntity", "Person", "Organization", "Company"}
                        | {"PublicBody", "Vessel", "Aircraft"}
                    ),
                },
                "properties": entity_props,
            },
        },
        "EntityMatchRequest": {
            "type": "object",
            "required": ["queries"],
            "properties": {
                "queries": {
                    "type": "object",
                    "additionalProperties": {"$ref": ref + "EntityMatchQuery"},
                },
                "weights": {"type": "object"},
                "config": {"type": "object"},
            },
        },
        "EntityMatches": {
            "type": "object",
            "required": ["status", "results", "total", "query"],
            "properties": {
                "status": {"type": "integer"},
                "results": {"type": "array", "items": {"$ref": ref + "ScoredEntity"}},
                "total": {"$ref": ref + "Total"},
                "query": {"type": "object"},
            },
        },
        "EntityMatchResponse": {
            "type": "object",
            "required": ["responses", "matcher", "limit"],
            "properties": {
                "matcher": {"type": "object"},
                "responses": {
                    "type": "object",
                    "additionalProperties": {"$ref": ref + "EntityMatches"},
                },
                "limit": {"type": "integer"},
                "algorithm": {"type": "string"},
            },
        },
        "SearchResponse": {
            "type": "object",
            "required": ["results", "total", "limit", "offset"],
            "properties": {
                "results": {"type": "array", "items": {"$ref": ref + "Entity"}},
                "facets": {"type": "object"},
                "total": {"$ref": ref + "Total"},
                "limit": {"type": "integer"},
                "offset": {"type": "integer"},
            },
        },
        "Catalog": {
            "type": "object",
            "required": ["datasets"],
            "properties": {
                "datasets": {"type": "array", "items": {"type": "object"}},
                "current": {"type": "array", "items": {"type": "string"}},
                "outdated": {"type": "array", "items": {"type": "string"}},
                "index_stale": {"type": "boolean"},
            },
        },
        "HsCode": {
            "type": "object",
            "required": ["code", "dotted", "chpl_tier", "listed", "phrase_categories"],
            "properties": {
                "code": {"type": "string"},
                "dotted": {"type": "string"},
                "description": {"type": ["string", "null"]},
                "chpl_tier": {"type": ["string", "null"]},
                "chpl_label": {"type": ["string", "null"]},
                "listed": {"type": "array", "items": {"type": "object"}},
                "phrase_categories": {"type": "array", "items": {"type": "object"}},
                "versions": {"type": "object"},
            },
        },
    }
    paths: dict[str, Any] = {
        "/match/{dataset}": {
            "post": {
                "summary": "Match query entities against the lists (yente-compatible).",
                "parameters": [
                    _DATASET,
                    _param("threshold", "query", _SCORE, "Score from which `match` is true."),
                    _param("cutoff", "query", _SCORE, "Results scoring below are left out."),
                    _param(
                        "limit", "query", {"type": "integer", "minimum": 1}, "Results per query."
                    ),
                    _param("algorithm", "query", {"type": "string"}, "Accepted; our matcher runs."),
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": ref + "EntityMatchRequest"}}
                    },
                },
                "responses": {
                    "200": _json({"$ref": ref + "EntityMatchResponse"}, "Results per query key."),
                    **_errors(400, 404, 413, *_COMMON),
                },
            }
        },
        "/search/{dataset}": {
            "get": {
                "summary": "Listed parties whose names are like `q`.",
                "parameters": [
                    _DATASET,
                    _param("q", "query", {"type": "string"}, "Name text; empty lists entries."),
                    _param("limit", "query", {"type": "integer", "minimum": 1}, "Page size."),
                    _param("offset", "query", {"type": "integer", "minimum": 0}, "Page start."),
                    _param("schema", "query", {"type": "string"}, "Only this FtM schema."),
                ],
                "responses": {
                    "200": _json({"$ref": ref + "SearchResponse"}, "Matching entities."),
                    **_errors(400, 404, *_COMMON),
                },
            }
        },
        "/entities/{entity_id}": {
            "get": {
                "summary": "One listed party.",
                "parameters": [_param("entity_id", "path", {"type": "string"}, "Entity id.")],
                "responses": {
                    "200": _json({"$ref": ref + "Entity"}, "The entity."),
                    **_errors(404, *_COMMON),
                },
            }
        },
        "/catalog": {
            "get": {
                "summary": "The lists (datasets) screened against, with versions and sizes.",
                "responses": {
                    "200": _json({"$ref": ref + "Catalog"}, "The datasets."),
                    **_errors(*_COMMON),
                },
            }
        },
        "/hs/{code}": {
            "get": {
                "summary": "An HS code's CHPL tier, description and the phrases that flag it.",
                "parameters": [
                    _param("code", "path", {"type": "string"}, "HS code, e.g. 8542.31 or 854231.")
                ],
                "responses": {
                    "200": _json({"$ref": ref + "HsCode"}, "What is known about the code."),
                    **_errors(400, 404, *_COMMON),
                },
            }
        },
    }
    for path, summary in (
        ("/healthz", "Alive."),
        ("/readyz", "Ready: lists loaded and the watchlist topic read (503 until then)."),
        ("/metrics", "Prometheus metrics (chokepoint_screening_*)."),
        ("/openapi.json", "This document."),
    ):
        paths[path] = {
            "get": {"summary": summary, "security": [], "responses": {"200": {"description": "OK"}}}
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Chokepoint screening API",
            "version": "1",
            "description": "yente-compatible screening over Chokepoint's live watchlist index;"
            " see docs/screening.md.",
        },
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
        "paths": paths,
    }


def rendered() -> str:
    return json.dumps(openapi_document(), indent=2, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write or check services/screening/openapi.json.")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the committed copy is stale"
    )
    args = parser.parse_args(argv)
    text = rendered()
    if args.check:
        stale = not COMMITTED.is_file() or COMMITTED.read_text(encoding="utf-8") != text
        if stale:
            print(
                f"{COMMITTED.name} is stale: run python -m services.screening.openapi",
                file=sys.stderr,
            )
        return 1 if stale else 0
    COMMITTED.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
