"""Packaged public reference tables: the Common High Priority List and the HS 2022 nomenclature."""
