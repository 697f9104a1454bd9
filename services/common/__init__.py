"""Plumbing every service needs (logging, Kafka settings, the ops HTTP endpoints, the embedded broker).

Not a service: it holds no domain logic, so services share it without importing one another.
"""
