"""The product catalogue: HS 2022 nomenclature, listed codes (CHPL, custom lists), description phrases.

catalog = ProductCatalog.load(chpl_csv, hs_csv, custom_lists=[...])
"""

from services.lists.products.catalog import (
    ProductCatalog,
    default_phrases_dir,
    example_custom_hs_list,
    packaged_data_dir,
)
from services.lists.products.hs_lists import HsListEntry, HsListError, UnknownHsCode, dotted_code
from services.lists.products.phrases import PhraseHit, PhraseListError, normalize_description

__all__ = [
    "HsListEntry",
    "HsListError",
    "PhraseHit",
    "PhraseListError",
    "ProductCatalog",
    "UnknownHsCode",
    "default_phrases_dir",
    "dotted_code",
    "example_custom_hs_list",
    "normalize_description",
    "packaged_data_dir",
]
