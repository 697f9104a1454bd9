"""Benchmarks and sample generators that print figures (not tests)."""
