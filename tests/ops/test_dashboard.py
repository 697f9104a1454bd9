"""The provisioned Grafana dashboard: valid JSON, laid out on the grid, wired to the datasource."""

from __future__ import annotations

from typing import Any

from tests.support.ops_files import (
    COMPOSE_FILE,
    GRAFANA_DATASOURCE,
    GRAFANA_PROVIDER,
    load_dashboard,
    load_yaml,
)

GRID_COLUMNS = 24


def _panels() -> list[dict[str, Any]]:
    return [panel for panel in load_dashboard()["panels"] if panel["type"] != "row"]


def test_dashboard_has_a_stable_uid_and_unique_panel_ids() -> None:
    dashboard = load_dashboard()
    assert dashboard["uid"] == "chokepoint-pipeline"
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids))


def test_every_panel_queries_the_provisioned_datasource() -> None:
    (datasource,) = load_yaml(GRAFANA_DATASOURCE)["datasources"]
    for panel in _panels():
        assert panel["datasource"]["uid"] == datasource["uid"], panel["title"]
        assert panel["targets"], panel["title"]
        refs = [target["refId"] for target in panel["targets"]]
        assert len(refs) == len(set(refs)), panel["title"]


def test_panels_fit_the_grid_without_overlapping() -> None:
    taken: dict[tuple[int, int], str] = {}
    for panel in load_dashboard()["panels"]:
        grid = panel["gridPos"]
        assert grid["x"] >= 0 and grid["x"] + grid["w"] <= GRID_COLUMNS, panel["title"]
        for x in range(grid["x"], grid["x"] + grid["w"]):
            for y in range(grid["y"], grid["y"] + grid["h"]):
                assert (x, y) not in taken, f"{panel['title']} overlaps {taken.get((x, y))}"
                taken[(x, y)] = panel["title"]


def test_grafana_loads_the_dashboard_folder_compose_mounts() -> None:
    (provider,) = load_yaml(GRAFANA_PROVIDER)["providers"]
    grafana = load_yaml(COMPOSE_FILE)["services"]["grafana"]
    mounts = dict(volume.split(":")[:2] for volume in grafana["volumes"])
    assert mounts["./deploy/grafana/dashboards"] == provider["options"]["path"]
    assert mounts["./deploy/grafana/provisioning"] == "/etc/grafana/provisioning"
    home = grafana["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert home == f"{provider['options']['path']}/chokepoint.json"
