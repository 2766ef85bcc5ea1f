"""Reading the place a file names: a cloud region as people write it, or a country code.

People copy a region from a console or a CLI: Azure's display name (`East US`), a GCP zone
(`us-central1-a`), an AWS availability zone (`us-east-1a`). Each is read as the region it
names, with a note, since the grid figure is the region's. A country written in a code that is
not ISO alpha-3 (`UK`, `DE`) is not guessed silently: the error suggests the ISO code. The
aliases are data (knowledge/grid/region_aliases.csv, country_aliases.csv, each row sourced).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from advisor.errors import KnowledgeBaseError

# a zone is its region plus a suffix: GCP `us-central1-a`, AWS `us-east-1a`
_ZONE = {"gcp": re.compile(r"^(?P<region>.+\d)-[a-z]$"), "aws": re.compile(r"^(?P<region>.+-\d)[a-z]$")}


@lru_cache(maxsize=8)
def _rows(root: Path, relative: str) -> tuple[dict[str, str], ...]:
    try:
        with (root / relative).open(encoding="utf-8", newline="") as fh:
            return tuple(row for row in csv.DictReader(fh) if any((v or "").strip() for v in row.values()))
    except OSError as exc:
        raise KnowledgeBaseError(f"knowledge base: cannot read {relative}: {exc}") from exc


def region_aliases(kb) -> dict[tuple[str, str], str]:
    """(provider, alias in lower case) -> region id."""
    return {(r["provider"].strip(), r["alias"].strip().lower()): r["region"].strip()
            for r in _rows(kb.root, "grid/region_aliases.csv")}


def country_aliases(kb) -> dict[str, str]:
    """Common non-alpha-3 country codes (upper case) -> ISO 3166-1 alpha-3."""
    return {r["alias"].strip().upper(): r["country"].strip().upper() for r in _rows(kb.root, "grid/country_aliases.csv")}


def resolve_region(provider: str, written: str, kb) -> tuple[str, str | None]:
    """The provider's region id that `written` names, and a note when it was not the id itself;
    `written` unchanged when it names no known region."""
    known = {r.lower(): r for (p, r) in kb.regions if p == provider}
    # the knowledge base refuses two ids of one provider that differ only in case (advisor/kb.py),
    # so `US-EAST-1` can only mean `us-east-1`
    if written.lower() in known:
        return known[written.lower()], None
    alias = region_aliases(kb).get((provider, written.lower()))
    if alias is not None:
        return alias, f"'{written}' is the display name of {provider} region {alias}; read as {alias}"
    zone = _ZONE.get(provider)
    match = zone.match(written.lower()) if zone else None
    if match and match["region"] in known:
        region = known[match["region"]]
        return region, f"'{written}' is a zone of {provider} region {region}; the grid figure is the region's"
    return written, None


def country_hint(code: str, kb) -> str | None:
    """`GBR (United Kingdom)` for `UK`: the ISO code a common non-ISO code stands for."""
    iso = country_aliases(kb).get(code.upper())
    if iso is None or iso not in kb.countries:
        return None
    return f"{iso} ({kb.countries[iso].label.rsplit(' (', 1)[0]})"
