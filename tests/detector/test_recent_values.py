"""The table view that keeps recently used values decoded between a key's events."""

from __future__ import annotations

from services.detector.agents.recent_values import RecentValues


class CountingStore(dict[str, str]):
    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    def __getitem__(self, key: str) -> str:
        self.reads += 1
        return super().__getitem__(key)


def test_values_read_or_written_here_are_not_read_again() -> None:
    store = CountingStore()
    store["party"] = "from the changelog"
    view = RecentValues(store, size=2)
    assert view["party"] == "from the changelog" and store.reads == 1
    view["party"] = "written here"
    assert view.get("party") == "written here" and store.reads == 1
    assert store["party"] == "written here"  # written through


def test_least_recently_used_values_are_dropped_beyond_the_size() -> None:
    store = CountingStore()
    view = RecentValues(store, size=2)
    for key in ("a", "b", "c"):
        view[key] = key.upper()
    assert [view[key] for key in ("b", "c")] == ["B", "C"] and store.reads == 0
    assert view["a"] == "A" and store.reads == 1
    assert view.get("missing") is None
    del view["a"]
    assert "a" not in view and len(view) == 2
