"""One labelled pair: a query name against one listed party (all of its names but the query)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

Schema = Literal["Person", "Organization", "Vessel", "LegalEntity"]
Section = Literal["lists", "variants", "negatives", "handwritten", "opensanctions"]


@dataclass(frozen=True)
class Pair:
    """`label` is True when the query names the listed party; `phenomenon` is what makes it hard.

    `query_parts`/`candidate_parts` are (first name, last name) for structured person queries.
    """

    id: str
    section: Section
    phenomenon: str
    label: bool
    query: str
    candidate: tuple[str, ...]
    query_schema: Schema = "LegalEntity"
    candidate_schema: Schema = "LegalEntity"
    query_parts: tuple[str, str] | None = None
    candidate_parts: tuple[str, str] | None = None

    def to_json(self) -> str:
        data = {
            "id": self.id,
            "section": self.section,
            "phenomenon": self.phenomenon,
            "label": self.label,
            "query": self.query,
            "candidate": list(self.candidate),
            "query_schema": self.query_schema,
            "candidate_schema": self.candidate_schema,
        }
        if self.query_parts:
            data["query_parts"] = list(self.query_parts)
        if self.candidate_parts:
            data["candidate_parts"] = list(self.candidate_parts)
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str) -> Pair:
        data = json.loads(line)
        qp, cp = data.get("query_parts"), data.get("candidate_parts")
        return cls(
            id=data["id"],
            section=data["section"],
            phenomenon=data["phenomenon"],
            label=bool(data["label"]),
            query=data["query"],
            candidate=tuple(data["candidate"]),
            query_schema=data["query_schema"],
            candidate_schema=data["candidate_schema"],
            query_parts=(qp[0], qp[1]) if qp else None,
            candidate_parts=(cp[0], cp[1]) if cp else None,
        )
