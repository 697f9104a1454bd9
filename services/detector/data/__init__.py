"""Packaged detector data: the default risk config, phrase lists and an example custom HS list."""
