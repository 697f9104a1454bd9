"""The screening API: yente-compatible `/match`, `/search`, `/entities`, `/catalog`, and `/hs`
over the same live watchlist index the detector uses (see docs/screening.md)."""
