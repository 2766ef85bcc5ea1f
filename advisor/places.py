"""Reading the place a file names: a cloud region as people write it, or a country code.

People copy a region from a console or a CLI: Azure's display name (`East US`), a GCP zone
(`us-central1-a`), an AWS availability zone (`us-east-1a`). Each is read as the region it
names, with a note, since the grid figure is the region's. A country written in a code that is
not ISO alpha-3 (`UK`, `DE`) is not guessed silently: the error suggests the ISO code. The
aliases are data (knowledge/grid/region_aliases.csv, country_aliases.csv, each row sourced),
loaded and checked with the rest of the knowledge base (advisor/kb/loader.py).
"""

from __future__ import annotations

import re

# a zone is its region plus a suffix: GCP `us-central1-a`, AWS `us-east-1a`
_ZONE = {"gcp": re.compile(r"^(?P<region>.+\d)-[a-z]$"), "aws": re.compile(r"^(?P<region>.+-\d)[a-z]$")}


def resolve_region(provider: str, written: str, kb) -> tuple[str, str | None]:
    """The provider's region id that `written` names, and a note when it was not the id itself;
    `written` unchanged when it names no known region."""
    known = {r.lower(): r for (p, r) in kb.regions if p == provider}
    # the knowledge base refuses two ids of one provider that differ only in case (advisor/kb/loader.py),
    # so `US-EAST-1` can only mean `us-east-1`
    if written.lower() in known:
        return known[written.lower()], None
    alias = kb.region_aliases.get((provider, written.lower()))
    if alias is not None:
        from advisor.archnotes_words import say

        return alias, say("display_name", written=written, provider=provider, region=alias)
    zone = _ZONE.get(provider)
    match = zone.match(written.lower()) if zone else None
    if match and match["region"] in known:
        region = known[match["region"]]
        from advisor.archnotes_words import say

        return region, say("zone", written=written, provider=provider, region=region)
    return written, None


def country_hint(code: str, kb) -> str | None:
    """`GBR (United Kingdom)` for `UK`: the ISO code a common non-ISO code stands for."""
    iso = kb.country_aliases.get(code.upper())
    if iso is None or iso not in kb.countries:
        return None
    return f"{iso} ({kb.countries[iso].label.rsplit(' (', 1)[0]})"
