"""Feed list file, HTML reduction and language guessing."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.ingest.feeds import (
    FeedConfig,
    FeedConfigError,
    add_feed,
    guess_language,
    html_to_text,
    load_feed_configs,
)


def test_add_feed_appends_and_rejects_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "feeds.yaml"
    assert load_feed_configs(path) == []
    add_feed(path, FeedConfig(name="a", url="https://a.example/rss", interval_seconds=60))
    add_feed(path, FeedConfig(name="b", url="https://b.example/atom", language="ru"))
    loaded = load_feed_configs(path)
    assert [(f.name, f.interval_seconds, f.language) for f in loaded] == [
        ("a", 60.0, None),
        ("b", 900.0, "ru"),
    ]
    with pytest.raises(FeedConfigError, match="already"):
        add_feed(path, FeedConfig(name="a", url="https://c.example/"))
    assert not list(tmp_path.glob(".*tmp"))  # atomic writes leave no temp files


def test_invalid_feed_list_names_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "feeds.yaml"
    path.write_text("feeds:\n  - name: x\n    url: ftp://nope\n", encoding="utf-8")
    with pytest.raises(FeedConfigError, match="url"):
        load_feed_configs(path)


def test_html_to_text_drops_scripts_and_keeps_blocks() -> None:
    html = (
        "<div><h1>Head</h1><p>One&nbsp;<i>two</i></p>"
        "<script>x=1</script><style>a{}</style><p>Three</p></div>"
    )
    assert html_to_text(html) == "Head\nOne two\nThree"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Бойцы ЧВК используют дроны, купленные в Дубае.", "ru"),
        ("The company said that it was in talks with the buyers.", "en"),
        ("Die Firma hat neue Drohnen gekauft.", None),
        ("Компанія закупила дрони через Туреччину і ОАЕ.", "uk"),
    ],
)
def test_guess_language(text: str, expected: str | None) -> None:
    assert guess_language(text) == expected
