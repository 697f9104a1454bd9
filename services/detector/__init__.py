"""The detector: a faust worker that scores shipments and news against watchlists and emits alerts."""
