"""The committed OpenAPI document is current (the settings table is checked with the others)."""

from __future__ import annotations

from services.screening import openapi


def test_the_committed_openapi_document_is_current() -> None:
    assert openapi.main(["--check"]) == 0, "run: python -m services.screening.openapi"
