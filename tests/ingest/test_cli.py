"""The CLI: parser shape, settings errors, `feeds add`, `import --dry-run` (no broker)."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.ingest.__main__ import (
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_USAGE,
    build_parser,
    main,
    run_feeds,
)
from services.ingest.errors import ConfigError
from services.ingest.settings import Settings
from tests.support.factories import ndjson_bytes, news_dict


def test_help_exits_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert "import" in capsys.readouterr().out


def test_bad_settings_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:  # no token and not explicitly anonymous
        main(["import", "x.csv"])
    assert exit_info.value.code == EXIT_USAGE
    assert "INGEST_API_TOKEN" in capsys.readouterr().err


def test_dry_run_import_validates_without_kafka(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from services.ingest.__main__ import run_import

    path = tmp_path / "news.ndjson"
    path.write_bytes(ndjson_bytes([news_dict(), news_dict(url="ftp://nope")]))
    args = build_parser().parse_args(["import", str(path), "--dry-run", "--no-progress"])
    assert run_import(Settings(allow_anonymous=True), args) == EXIT_REJECTED
    out = capsys.readouterr().out
    assert "1 valid (dry run" in out and "line 2 url" in out


def test_feeds_add_writes_the_feed_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "feeds.yaml"
    settings = Settings(allow_anonymous=True, feeds_config_path=config)
    args = build_parser().parse_args(
        [
            "feeds",
            "add",
            "kyiv-independent",
            "https://kyivindependent.com/feed",
            "--interval-seconds",
            "600",
        ]
    )
    assert run_feeds(settings, args) == EXIT_OK
    assert "kyiv-independent" in config.read_text() and "600" in config.read_text()
    assert run_feeds(settings, args) == EXIT_USAGE  # the name is taken
    assert "already" in capsys.readouterr().err


def test_feeds_need_a_config_path() -> None:
    args = build_parser().parse_args(["feeds", "run"])
    with pytest.raises(ConfigError):
        run_feeds(Settings(allow_anonymous=True), args)
