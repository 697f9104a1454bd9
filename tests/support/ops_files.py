"""Paths of the deployment artefacts and loaders for them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
DEPLOY = REPO_ROOT / "deploy"
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
DOCKERFILE = DEPLOY / "Dockerfile"
DOCKERIGNORE = REPO_ROOT / ".dockerignore"
PROMETHEUS_CONFIG = DEPLOY / "prometheus.yml"
ALERT_RULES = DEPLOY / "alerts.yml"
ALERT_RULE_TESTS = DEPLOY / "alerts.test.yml"
GRAFANA = DEPLOY / "grafana"
DASHBOARD = GRAFANA / "dashboards" / "chokepoint.json"
GRAFANA_DATASOURCE = GRAFANA / "provisioning" / "datasources" / "prometheus.yml"
GRAFANA_PROVIDER = GRAFANA / "provisioning" / "dashboards" / "chokepoint.yml"
CREATE_TOPICS = DEPLOY / "create_topics.py"


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_dashboard() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return data


def alert_rules() -> list[dict[str, Any]]:
    """Every alerting rule in deploy/alerts.yml, across groups."""
    return [
        rule
        for group in load_yaml(ALERT_RULES)["groups"]
        for rule in group["rules"]
        if "alert" in rule
    ]


def dashboard_targets() -> list[tuple[str, dict[str, Any]]]:
    """(panel title, target) for every query in the dashboard."""
    return [
        (panel["title"], target)
        for panel in load_dashboard()["panels"]
        if panel["type"] != "row"
        for target in panel.get("targets", [])
    ]
