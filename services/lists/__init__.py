"""What every service screens against: watchlists, the name matcher and the product catalogue.

A library, not a service: the detector, the screening API and the CLIs import it; it imports no
service.
"""
