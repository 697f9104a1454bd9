"""What a new version of a list added, changed and removed (pure, over two loaded versions).

An entry is compared by what screening reads from it: its names and aliases, identifiers,
programs and whether it is listed. Entries only on the file as ownership-graph nodes
(`listed=False`) are not designations and are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from services.lists.watchlists import Watchlist, WatchlistEntry


@dataclass(frozen=True)
class ListDelta:
    """The entries a new list version added or changed (to screen) and removed (to note)."""

    watchlist: str
    version: str
    previous_version: str
    published_on: date  # the list's publication date, else when the snapshot was published
    added: tuple[WatchlistEntry, ...] = ()
    changed: tuple[WatchlistEntry, ...] = ()
    removed: tuple[WatchlistEntry, ...] = ()

    @property
    def to_screen(self) -> tuple[WatchlistEntry, ...]:
        """Added and changed entries: the ones remembered parties are screened against."""
        return self.added + self.changed

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def listed_on(self, entry: WatchlistEntry) -> date:
        """When the entry was listed: its own designation date, else the list's publication."""
        return entry.listed_on or self.published_on


def screening_view(entry: WatchlistEntry) -> tuple[object, ...]:
    """What of an entry screening reads: a change here is a change worth screening again."""
    return (
        entry.names,
        tuple(sorted(entry.weak_aliases)),
        tuple(sorted(entry.identifiers)),
        tuple(sorted(entry.programs)),
        entry.listed,
    )


def listed_entries(watchlists: Sequence[Watchlist]) -> dict[str, WatchlistEntry]:
    """Listed entries by id (a later list wins on a shared id, as in the index)."""
    return {e.id: e for w in watchlists for e in w.entries if e.listed}


def compute_delta(
    previous: Sequence[Watchlist], current: Watchlist, published_on: date
) -> ListDelta:
    """The difference between the version(s) of a list in use and a new one."""
    before = listed_entries(previous)
    after = listed_entries([current])
    added = tuple(e for i, e in after.items() if i not in before)
    changed = tuple(
        e
        for i, e in after.items()
        if i in before and screening_view(e) != screening_view(before[i])
    )
    removed = tuple(e for i, e in before.items() if i not in after)
    return ListDelta(
        watchlist=current.name,
        version=current.version,
        previous_version="+".join(w.version for w in previous),
        published_on=published_on,
        added=added,
        changed=changed,
        removed=removed,
    )


def publication_date(watchlist: Watchlist, fallback: date) -> date:
    """The list's own publication date when its loader read one, else `fallback`."""
    for attribute in ("published", "published_at", "published_on"):
        value = getattr(watchlist, attribute, None)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
    return fallback
