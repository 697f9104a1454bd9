"""The refresher: keeps the official lists on the watchlists topic current.

Every interval it downloads each configured list with a conditional GET, validates the download
(not an HTML page, whole, large enough, loads with its format's loader, has not shrunk beyond the
allowed fraction) and publishes a snapshot only when the content differs from the version last
published. Run it as `python -m services.refresher` or `chokepoint refresher`; docs/refresher.md.
"""
