"""The notifier: Kafka alerts → routing, silences, grouping → Slack (API, webhook, console)."""
