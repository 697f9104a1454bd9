"""The settings tables in docs/ are generated from the settings models and must not be stale."""

from __future__ import annotations

import pytest

from services.common.settings_docs import (
    REPO_ROOT,
    TABLES,
    SettingsTable,
    rendered_pages,
    replace_table,
    rows,
    undescribed_settings,
)


def test_settings_tables_are_current() -> None:
    stale = [
        path.relative_to(REPO_ROOT).as_posix()
        for path, (current, updated) in rendered_pages().items()
        if current != updated
    ]
    assert not stale, (
        f"stale settings tables in {stale}; run python -m services.common.settings_docs"
    )


def test_every_setting_has_a_description() -> None:
    missing = undescribed_settings()
    assert not missing, f"add Field(description=...) for {missing}"


@pytest.mark.parametrize("table", TABLES, ids=lambda table: table.name)
def test_every_table_has_rows(table: SettingsTable) -> None:
    assert rows(table.load(), table.prefix)


def test_replace_table_keeps_the_text_around_the_markers() -> None:
    text = "intro\n<!-- settings-table: x -->\nold\n<!-- /settings-table: x -->\noutro\n"
    assert replace_table(text, "x", "| new |\n") == (
        "intro\n<!-- settings-table: x -->\n| new |\n<!-- /settings-table: x -->\noutro\n"
    )


def test_replace_table_refuses_missing_markers() -> None:
    with pytest.raises(ValueError):
        replace_table("no markers here", "x", "| new |\n")


def test_secrets_and_machine_dependent_defaults_are_not_printed() -> None:
    for table in TABLES:
        for row in rows(table.load(), table.prefix):
            if row.variable.endswith(("_SHARED_DATA_DIR", "_INSTANCE_ID")):
                assert row.default == "computed"
            assert str(REPO_ROOT) not in row.default
