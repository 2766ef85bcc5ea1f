"""The grid's schema: carbon intensity per region and country, live-data zones, datacenter PUE.

Read from knowledge/grid/*.csv and knowledge/datacenters/pue.csv by the loader; kept apart from
the techniques so that a change to where electricity comes from reads in one place.
"""

from __future__ import annotations

from advisor.kb.common import _Sourced, _Strict

# regions.csv geos of the separate partitions (AWS GovCloud, Azure Government, AWS and Azure China):
# a commercial account cannot reach them, and the data does not say what hardware they offer
PARTITION_GEOS = ("us-government", "china", "eu-sovereign")


class Intensity(_Sourced):
    """A grid carbon intensity (gCO2e/kWh)."""

    key: str
    label: str
    country: str
    geo: str | None = None

    @property
    def partition(self) -> bool:
        """A region of a separate partition (China, US government), not of the commercial cloud."""
        return self.geo in PARTITION_GEOS


class Zone(_Strict):
    """Where a grid's current intensity is published: its Electricity Maps zone and WattTime region."""

    electricitymaps: str | None = None
    watttime: str | None = None
    sources: tuple[str, ...]
    note: str | None = None


class Pue(_Sourced):
    provider: str
