"""Helpers shared by the tests and the benchmarks: fakes, harnesses, factories, broker tools."""
