"""Pure name matching against watchlists: normalise, block, score, explain (no I/O)."""

from services.lists.matching.index import DEFAULT_THRESHOLD, MatchIndex, NameMatch, NameQuery
from services.lists.matching.normalize import normalize_name

__all__ = ["DEFAULT_THRESHOLD", "MatchIndex", "NameMatch", "NameQuery", "normalize_name"]
