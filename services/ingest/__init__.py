"""The ingest service: HTTP API, file importer and feed poller → Kafka topics and dead letters."""
