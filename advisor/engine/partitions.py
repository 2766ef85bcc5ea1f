"""Cloud partitions: which regions one account can move work between.

A cloud's regions are split into isolated partitions with their own accounts, credentials
and endpoints: a workload in AWS China cannot be "moved" to a commercial region by a
configuration change, nor one in GovCloud out of it (data residency and accreditation are why
it is there). region-selection therefore stays inside the current region's partition.

knowledge/grid/regions.csv has no partition column, so the partition is derived here from
the region id, which each provider spells with a fixed prefix (definitions, not figures):
- AWS: `aws-cn` for cn-*, `aws-us-gov` for us-gov-*, `aws-iso` for us-iso* (the ISO
  partitions), `aws` otherwise (AWS General Reference, "AWS partitions").
- Azure: `azure-china` for china* (operated by 21Vianet), `azure-us-government` for usgov* and
  usdod*, `azure` otherwise (Azure sovereign clouds documentation).
- GCP: one partition in its public region list (sovereign offerings are run by partners under
  their own names and are not in our table).
A `partition` column in regions.csv would replace these rules; until then a new sovereign
region family needs a line here.
"""

from __future__ import annotations

_PREFIXES: dict[str, tuple[tuple[str, str], ...]] = {
    "aws": (("cn-", "aws-cn"), ("us-gov-", "aws-us-gov"), ("us-iso", "aws-iso")),
    "azure": (("china", "azure-china"), ("usgov", "azure-us-government"), ("usdod", "azure-us-government")),
}


def partition(provider: str, region: str) -> str:
    """The partition a provider's region id belongs to (the provider itself for the public one)."""
    rid = region.lower()
    for prefix, name in _PREFIXES.get(provider, ()):
        if rid.startswith(prefix):
            return name
    return provider
