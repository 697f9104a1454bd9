"""The committed OpenAPI document and the settings table in docs/screening.md are current."""

from __future__ import annotations

from services.common.settings_docs import SettingsTable, render_table, replace_table
from services.screening import openapi
from services.screening.settings import ScreeningSettings
from tests.ops.files import REPO_ROOT

TABLE = SettingsTable("screening", "screening.md", "SCREENING_", lambda: ScreeningSettings)


def test_the_committed_openapi_document_is_current() -> None:
    assert openapi.main(["--check"]) == 0, "run: python -m services.screening.openapi"


def test_the_settings_table_in_the_docs_is_current() -> None:
    page = (REPO_ROOT / "docs" / "screening.md").read_text(encoding="utf-8")
    assert replace_table(page, TABLE.name, render_table(TABLE)) == page, (
        "run: python -m tests.screening.test_openapi_and_docs"
    )


if __name__ == "__main__":
    path = REPO_ROOT / "docs" / "screening.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(replace_table(text, TABLE.name, render_table(TABLE)), encoding="utf-8")
