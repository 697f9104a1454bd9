"""Routing rules (pure): which Slack channel(s) an alert goes to.

Rules are tried in order; a rule matches when every condition it names holds; the first match wins
unless it sets `continue: true` (as in Alertmanager). No match → the default channel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from schemas import Alert
from schemas.alerts import SEVERITY_ORDER
from schemas.countries import normalize_country
from services.notifier.errors import ConfigError

SeverityName = Literal["low", "medium", "high", "critical"]


class RouteMatch(BaseModel):
    """Conditions; lists mean 'any of'. All given conditions must hold."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    severity: list[SeverityName] = Field(default_factory=list)
    min_severity: SeverityName | None = None
    record_type: list[Literal["shipment", "news"]] = Field(default_factory=list)
    watchlist: list[str] = Field(default_factory=list)
    program: list[str] = Field(default_factory=list)
    country: list[str] = Field(default_factory=list)

    @field_validator("country")
    @classmethod
    def _countries(cls, value: list[str]) -> list[str]:
        return [normalize_country(c) for c in value]

    def matches(self, alert: Alert) -> bool:
        facets = alert.facets
        checks = [
            not self.severity or alert.severity in self.severity,
            self.min_severity is None
            or SEVERITY_ORDER[alert.severity] >= SEVERITY_ORDER[self.min_severity],
            not self.record_type or alert.record.type in self.record_type,
            not self.watchlist or _any_in(facets.watchlists, self.watchlist),
            not self.program or _any_in(facets.programs, self.program),
            not self.country or _any_in(facets.countries, self.country),
        ]
        return all(checks)


def _any_in(values: list[str], wanted: list[str]) -> bool:
    folded = {w.casefold() for w in wanted}
    return any(v.casefold() in folded for v in values)


class Route(BaseModel):
    """One rule: conditions → channels."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    name: str = ""
    match: RouteMatch = Field(default_factory=RouteMatch)
    channels: list[str] = Field(min_length=1)
    continue_: bool = Field(default=False, alias="continue")

    @field_validator("channels")
    @classmethod
    def _no_blank_channels(cls, value: list[str]) -> list[str]:
        if any(not c.strip() for c in value):
            raise ValueError("channel names must not be blank")
        return [c.strip() for c in value]


class RoutingConfig(BaseModel):
    """The whole routing file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    default_channel: str | None = None
    routes: list[Route] = Field(default_factory=list)

    def channels_for(self, alert: Alert, default_channel: str) -> list[str]:
        """The channels an alert goes to, in rule order, without duplicates."""
        chosen: list[str] = []
        for route in self.routes:
            if route.match.matches(alert):
                chosen += [c for c in route.channels if c not in chosen]
                if not route.continue_:
                    break
        return chosen or [self.default_channel or default_channel]


def load_routing(path: Path | None) -> RoutingConfig:
    """Read and validate a YAML/JSON routing file; no file → all to the default channel."""
    if path is None:
        return RoutingConfig()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return RoutingConfig.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"routing file {path} is invalid: {exc}") from exc
