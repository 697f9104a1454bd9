"""Continuous monitoring: remembered parties screened again when a list changes (docs/monitoring.md).

Pure parts: memory (what a party keeps), delta (what a list change added, changed, removed),
rescreen (which remembered parties the change matches), alerts (retro / delisted alerts).
"""
