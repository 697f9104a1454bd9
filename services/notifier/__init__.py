"""The notifier: Kafka alerts → routing, silences, grouping → Slack (Web API, webhook or console)."""
