"""Prometheus scrape config and alert rules: promtool accepts them and the rule unit tests pass."""

from __future__ import annotations

from tests.support.ops_files import (
    ALERT_RULE_TESTS,
    ALERT_RULES,
    PROMETHEUS_CONFIG,
    alert_rules,
    load_yaml,
)
from tests.support.promtool import run_promtool

SERVICE_PORTS = {"ingest": 8080, "detector": 6066, "notifier": 8081, "refresher": 8084}


def test_scrape_config_passes_promtool_check_config() -> None:
    result = run_promtool("check", "config", PROMETHEUS_CONFIG)
    assert result.returncode == 0, result.stdout + result.stderr


def test_alert_rules_pass_promtool_check_rules() -> None:
    result = run_promtool("check", "rules", ALERT_RULES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_alert_rule_unit_tests_pass() -> None:
    result = run_promtool("test", "rules", ALERT_RULE_TESTS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_is_shown_firing_by_a_unit_test() -> None:
    fired = {
        case["alertname"]
        for test in load_yaml(ALERT_RULE_TESTS)["tests"]
        for case in test.get("alert_rule_test", [])
        if case.get("exp_alerts")
    }
    assert {rule["alert"] for rule in alert_rules()} - fired == set()


def test_every_alert_has_a_severity_and_a_summary() -> None:
    for rule in alert_rules():
        assert rule["labels"]["severity"] in {"critical", "warning"}, rule["alert"]
        assert rule["annotations"]["summary"].strip(), rule["alert"]
        assert rule["annotations"]["description"].strip(), rule["alert"]


def test_each_service_is_scraped_by_dns_name_on_its_ops_port() -> None:
    jobs = {job["job_name"]: job for job in load_yaml(PROMETHEUS_CONFIG)["scrape_configs"]}
    for service, port in SERVICE_PORTS.items():
        (discovery,) = jobs[f"chokepoint-{service}"]["dns_sd_configs"]
        # DNS discovery, not a static target, so every scaled copy is scraped.
        assert discovery["names"] == [service]
        assert discovery["port"] == port
