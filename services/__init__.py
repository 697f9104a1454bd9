"""Chokepoint's three services (ingest, detector, notifier), their shared plumbing and the umbrella CLI."""
