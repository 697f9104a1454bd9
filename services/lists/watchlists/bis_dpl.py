"""US BIS Denied Persons List (`dpl.txt`: tab-separated, quoted, header row)."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
from datetime import datetime
from pathlib import Path

from services.lists.watchlists.common import (
    content_version,
    newest_past,
    read_text,
    unique,
    utc_moment,
)
from services.lists.watchlists.errors import WatchlistFormatError
from services.lists.watchlists.model import Watchlist, WatchlistEntry
from services.lists.watchlists.remarks import country_code

DPL_COLUMNS = (
    "Name",
    "Street_Address",
    "City",
    "State",
    "Country",
    "Postal_Code",
    "Effective_Date",
)


def load_bis_dpl(path: Path, name: str | None = None) -> Watchlist:
    """Load the Denied Persons List; ids hash name, address and effective date (it has none).

    The file states no publication date; its newest `Last_Update` (a row's last change) stands in.
    """
    list_name = name or "us_bis_dpl"
    reader = csv.DictReader(io.StringIO(read_text(path)), delimiter="\t")
    if reader.fieldnames is None or "Name" not in reader.fieldnames:
        raise WatchlistFormatError(path, "not a BIS DPL file (no 'Name' column in the header)")
    entries = []
    seen: dict[str, int] = {}
    updated = []
    for row in reader:
        updated.append(utc_moment(row.get("Last_Update")))
        person = (row.get("Name") or "").strip()
        if not person:
            continue
        address = ", ".join(
            v
            for c in ("Street_Address", "City", "State", "Postal_Code", "Country")
            if (v := (row.get(c) or "").strip())
        )
        effective = (row.get("Effective_Date") or "").strip()
        key = "\x1f".join([person, address, effective]).encode()
        digest = hashlib.sha1(key).hexdigest()[:12]
        seen[digest] = seen.get(digest, 0) + 1
        if seen[digest] > 1:  # the file repeats some rows verbatim
            digest = f"{digest}-{seen[digest]}"
        listed = None
        with contextlib.suppress(ValueError):  # some rows carry no effective date
            listed = datetime.strptime(effective, "%m/%d/%Y").date()
        entries.append(
            WatchlistEntry(
                id=f"{list_name}:{digest}",
                schema="LegalEntity",  # the DPL does not say whether a name is a person or a firm
                names=unique([person]),
                source=list_name,
                countries=unique([country_code(row.get("Country"))]),
                addresses=unique([address]),
                programs=("Denied Persons List",),
                listed_on=listed,
                remarks=(row.get("FR_Citation") or "").strip(),
            )
        )
    return Watchlist(list_name, content_version([path]), entries, published_at=newest_past(updated))
