"""Refuse misspelt settings: pydantic-settings ignores environment variables that name no field."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel


def unknown_env_vars(model: type[BaseModel], prefix: str, environ: Mapping[str, str]) -> list[str]:
    """`<PREFIX>*` variables that name no setting (nested models use `__`, e.g. `X_KAFKA__SASL_USERNAME`)."""
    unknown = []
    for name in environ:
        upper = name.upper()
        if upper.startswith(prefix.upper()) and not _names_a_field(
            model, upper[len(prefix) :].split("__")
        ):
            unknown.append(name)
    return sorted(unknown)


def _names_a_field(model: type[BaseModel], parts: list[str]) -> bool:
    fields = {name.upper(): field for name, field in model.model_fields.items()}
    field = fields.get(parts[0])
    if field is None:
        return False
    if len(parts) == 1:
        return True
    nested = field.annotation
    return (
        isinstance(nested, type)
        and issubclass(nested, BaseModel)
        and _names_a_field(nested, parts[1:])
    )
