"""Does a grid profile describe the grid the system runs on? Its zone against the region's.

An Electricity Maps export names its zone (`Zone Id`); the region's zone is known from
knowledge/grid/zones.csv (or country_zones.csv for a single-zone country). When both are
known and differ, the profile is of another grid: its mean would become the footprint's
intensity and its hours would size time shifting, so every emission figure and the
carbon-aware-scheduling saving would describe a grid the system does not draw from, with
nothing in the numbers to show it.

A mismatch is refused (exit 2, `InputError`), not merely warned about. Why: it is a user
mistake (the wrong export, or the wrong region in the file) that makes the whole report
wrong, and a warning among a report's notes is easy to miss while the numbers are what
people copy. The refusal names the profile's line and column and the file's region, and says
how to go on when the user knows better than our zone table (which comes from the Green
Software Foundation's mapping and may lag Electricity Maps' renamings): export the right
zone, or remove the zone column so the profile is taken as it is (then the report says the
zone was not checked). One zone inside the other (`JP` against `JP-TK`, a country against one
of its sub-zones) is related, not wrong: a warning says so and the profile is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class ZoneCheck:
    verdict: Literal["match", "nested", "mismatch", "unchecked"]
    text: str  # one sentence for the report's notes and the grid figure's note
    expected: str | None = None  # the region's zone, when known


def check_zone(profile, cloud, kb, lang: str = "en") -> ZoneCheck:
    """The profile's zone against the zone of `cloud` (an architecture's `cloud:` block), its text
    in `lang` (a mismatch is refused, exit 2: its text stays English, as the loader's errors)."""
    from advisor.grid.live import ELECTRICITY_MAPS, WATTTIME, zone_for
    from advisor.grid.words import say

    provider = WATTTIME if profile.marginal else ELECTRICITY_MAPS
    where = " ".join(x for x in (cloud.provider, cloud.region or cloud.country) if x)
    found = zone_for(provider, cloud, kb)
    if profile.zone is None:
        expected = say("zone_expected", lang, zone=found[0]) if found else ""
        return ZoneCheck("unchecked", say("zone_none", lang, where=where, expected=expected), found[0] if found else None)
    if found is None:
        return ZoneCheck("unchecked", say("zone_unknown", lang, zone=profile.zone, provider=provider.name, where=where))
    expected, how = found
    table = "knowledge/grid/country_zones.csv" if how.startswith("country ") else "knowledge/grid/zones.csv"
    given, wanted = profile.zone.upper(), expected.upper()
    if given == wanted:
        return ZoneCheck("match", say("zone_match", lang, zone=profile.zone, where=where, zone_table=table), expected)
    if given.startswith(wanted + "-") or wanted.startswith(given + "-"):
        key = "zone_wider" if wanted.startswith(given + "-") else "zone_narrower"
        return ZoneCheck("nested", say(key, lang, zone=profile.zone, expected=expected, where=where, zone_table=table), expected)
    return ZoneCheck("mismatch", f"zone {profile.zone}, but {where} is in zone {expected} ({table}): this profile "
                                 f"is another grid's. Export the profile of zone {expected}, or correct the region; "
                                 f"if you know the zone table is wrong here, remove the '{profile.zone_column or 'zone'}' "
                                 "column to use the file unchecked", expected)
