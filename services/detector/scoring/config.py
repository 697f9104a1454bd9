"""The risk configuration: weights, thresholds, country sets and windows, validated at load."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from schemas.countries import normalize_country

Unit = Annotated[float, Field(ge=0.0, le=1.0)]
Country = Annotated[str, AfterValidator(normalize_country)]
SeverityName = Literal["low", "medium", "high", "critical"]
PartyRole = Literal["exporter", "importer", "notify_party", "consignee"]


DEFAULT_SEVERITY_SUBSCORES: dict[SeverityName, float] = {
    "low": 0.4,
    "medium": 0.6,
    "high": 0.85,
    "critical": 1.0,
}


class RiskConfigError(ValueError):
    """The risk config is missing, not TOML, or invalid (the message names the field)."""


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Thresholds(_Section):
    """Score cut-offs: below `alert` nothing is emitted; severities start at their cut-off."""

    alert: Unit = 0.30
    medium: Unit = 0.50
    high: Unit = 0.70
    critical: Unit = 0.90

    @model_validator(mode="after")
    def _ascending(self) -> Thresholds:
        if not self.alert <= self.medium <= self.high <= self.critical:
            raise ValueError("thresholds must satisfy alert <= medium <= high <= critical")
        return self


class Weights(_Section):
    """How much each kind of evidence counts (a reason contributes weight x subscore)."""

    entity: Unit = 0.95
    product: Unit = 0.25
    description: Unit = 0.60
    route: Unit = 0.50
    pattern: Unit = 0.90


class ProductRules(_Section):
    """Subscores for listed HS codes and for controlled goods named in descriptions."""

    tier_subscores: dict[str, Unit] = Field(
        default_factory=lambda: {
            "1": 1.0,
            "2": 0.85,
            "3.A": 0.7,
            "3.B": 0.7,
            "4.A": 0.55,
            "4.B": 0.55,
        }
    )
    severity_subscores: dict[SeverityName, Unit] = Field(
        default_factory=lambda: dict(DEFAULT_SEVERITY_SUBSCORES)
    )
    default_subscore: Unit = 0.5
    # A description naming a controlled product under a fitting HS code only corroborates.
    consistent_description_factor: Unit = 0.4


class RouteRules(_Section):
    """Country sets (ISO alpha-2, any case) and route subscores."""

    high_risk_destinations: frozenset[Country] = frozenset({"ru", "by", "ir", "kp", "sy"})
    transshipment_hubs: frozenset[Country] = frozenset(
        {"ae", "tr", "kz", "kg", "am", "ge", "uz", "hk", "cn", "az", "rs", "tj", "mn"}
    )
    listed_goods_to_high_risk: Unit = 1.0
    unlisted_goods_to_high_risk: Unit = 0.0
    hub_with_onward_history: Unit = 0.8

    @model_validator(mode="after")
    def _disjoint(self) -> RouteRules:
        both = self.high_risk_destinations & self.transshipment_hubs
        if both:
            raise ValueError(f"countries cannot be both high-risk and hubs: {sorted(both)}")
        return self


class EntityRules(_Section):
    """Which parties are screened and from what matcher score a match counts."""

    match_threshold: Unit | None = Field(default=None, description="None = the matcher's default.")
    roles: tuple[PartyRole, ...] = ("exporter", "importer", "notify_party", "consignee")
    screen_vessels: bool = True
    screen_cache_size: Annotated[int, Field(ge=0)] = 50_000
    matches_per_party: Annotated[int, Field(ge=1, le=20)] = 3


class PatternRules(_Section):
    """The re-export pattern: receive listed goods, ship the same HS-4 to a high-risk country."""

    window_days: Annotated[int, Field(ge=1, le=3650)] = 90
    max_legs_per_party: Annotated[int, Field(ge=2, le=10_000)] = 200
    min_subscore: Unit = 0.5


class RiskConfig(_Section):
    """Everything the scorer and the pattern tracker are tuned by."""

    version: str = "default"
    thresholds: Thresholds = Field(default_factory=Thresholds)
    weights: Weights = Field(default_factory=Weights)
    products: ProductRules = Field(default_factory=ProductRules)
    routes: RouteRules = Field(default_factory=RouteRules)
    entities: EntityRules = Field(default_factory=EntityRules)
    pattern: PatternRules = Field(default_factory=PatternRules)
    link_window_days: Annotated[int, Field(ge=1, le=3650)] = Field(
        default=90, description="News ↔ shipment link window (read by the news linker)."
    )

    def severity_for(self, score: float) -> SeverityName:
        """The severity band a score falls in (scores under `medium` are low)."""
        t = self.thresholds
        if score >= t.critical:
            return "critical"
        if score >= t.high:
            return "high"
        if score >= t.medium:
            return "medium"
        return "low"


def default_risk_config_path() -> Path:
    """The packaged `risk.toml` with the documented defaults."""
    return Path(str(resources.files("services.detector.data") / "risk.toml"))


def load_risk_config(path: Path | None = None) -> RiskConfig:
    """Read and validate a TOML risk config; None = the packaged default. Raises RiskConfigError."""
    source = path or default_risk_config_path()
    try:
        raw = tomllib.loads(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RiskConfigError(f"cannot read risk config {source}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RiskConfigError(f"risk config {source} is not valid TOML: {exc}") from exc
    try:
        return RiskConfig.model_validate(raw)
    except ValidationError as exc:
        raise RiskConfigError(f"risk config {source} is invalid:\n{exc}") from exc
