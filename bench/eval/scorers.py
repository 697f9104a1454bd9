"""Score one pair with each matcher: Chokepoint's public screening API and nomenklatura's logic.

Every pair is scored against an index holding only its candidate, so the score is the matcher's
view of that one query and that one listed party (candidate generation included).
"""

from __future__ import annotations

import dataclasses
import warnings
from typing import Protocol

from bench.eval.model import Pair
from services.lists.matching import MatchIndex, NameQuery
from services.lists.watchlists import Watchlist, WatchlistEntry

_FTM_SCHEMA = {"Person": "Person", "Organization": "Organization", "Vessel": "Vessel"}


class Scorer(Protocol):
    name: str

    def score(self, pair: Pair) -> float: ...


class Chokepoint:
    """`MatchIndex.screen` (what `chokepoint screen` calls) on a one-entry index."""

    name = "Chokepoint"

    def __init__(self) -> None:
        fields = {f.name for f in dataclasses.fields(NameQuery)}
        self._structured = {"first_name", "last_name"} <= fields

    def query(self, pair: Pair) -> NameQuery:
        schema = pair.query_schema if pair.query_schema != "LegalEntity" else None
        if self._structured and pair.query_parts:
            first, last = pair.query_parts
            return NameQuery(pair.query, schema=schema, first_name=first, last_name=last)  # type: ignore[call-arg]
        return NameQuery(pair.query, schema=schema)

    def score(self, pair: Pair) -> float:
        entry = WatchlistEntry(
            id="candidate", schema=pair.candidate_schema, names=pair.candidate, source="eval"
        )
        index = MatchIndex.build([Watchlist("eval", "1", [entry])])
        matches = index.screen(self.query(pair), threshold=0.0, limit=1)
        return max((m.score for m in matches if m.entry.id == "candidate"), default=0.0)


class Nomenklatura:
    """nomenklatura's logic-v1 / logic-v2 comparing two FtM entities built from the pair."""

    def __init__(self, algorithm: str) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from followthemoney import model
            from nomenklatura.matching import get_algorithm
            from nomenklatura.matching.types import ScoringConfig
        found = get_algorithm(algorithm)
        assert found is not None, algorithm
        self.name = algorithm
        self._model, self._algorithm = model, found
        self._config = ScoringConfig.defaults()
        self._count = 0

    def _entity(self, schema: str, names: tuple[str, ...], parts: tuple[str, str] | None):  # type: ignore[no-untyped-def]
        self._count += 1  # fresh ids: the algorithms cache what they derive per entity id
        proxy = self._model.make_entity(_FTM_SCHEMA.get(schema, "LegalEntity"))
        proxy.id = f"e{self._count}"
        for name in names:
            proxy.add("name", name, quiet=True)
        if parts and proxy.schema.is_a("Person"):
            proxy.add("firstName", parts[0], quiet=True)
            proxy.add("lastName", parts[1], quiet=True)
        return proxy

    def score(self, pair: Pair) -> float:
        query = self._entity(pair.query_schema, (pair.query,), pair.query_parts)
        listed = self._entity(pair.candidate_schema, pair.candidate, pair.candidate_parts)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return float(self._algorithm.compare(query, listed, self._config).score)
