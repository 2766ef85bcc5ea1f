"""Which what-if an offline question asks for: a region or an accelerator it names by id.

Why: "and if we move to eu-north-1?" is a what-if, not a question about a technique, but
matching its words against technique names finds one anyway ("move" is in the hardware
upgrade's). The knowledge base knows every region id (of every provider) and accelerator
id, so a question naming one is answered with that what-if's figures, computed as
`/whatif region=…` computes them. Ids are matched whole and case-insensitively; what the
architecture already has (its own region, a workload's own accelerator) is not a change.
"""

from __future__ import annotations

from advisor.chat.mentions import named_ids
from advisor.chat.whatif import Change


def changes_in(question: str, arch, kb) -> list[Change]:
    """The what-if the question names, as /whatif changes; empty when it names none."""
    text = question.lower()
    changes: list[Change] = []
    cloud = arch.cloud
    places = [(p, r) for p, r in kb.regions if (p, r) != (cloud.provider, cloud.region)]
    by_region = {}
    for provider, region in places:  # the system's own provider first, when two share an id
        if region not in by_region or provider == cloud.provider:
            by_region[region] = provider
    regions = named_ids(text, by_region)
    if regions:
        region = regions[0]
        provider = by_region[region]
        if provider != cloud.provider:
            changes.append(Change(None, "provider", provider))
            if cloud.provider == "on-prem":  # a site's own grid and PUE do not follow it to a cloud
                changes += [Change(None, f, None) for f in ("country", "pue") if getattr(cloud, f) is not None]
        changes.append(Change(None, "region", region))
    named = named_ids(text, [w.name for w in arch.workloads])
    targets = [w for w in arch.workloads if w.name in named] or list(arch.workloads)
    current = {w.hardware.accelerator for w in targets if w.hardware is not None}
    accelerators = [a for a in named_ids(text, kb.accelerators) if a not in current]
    if accelerators:
        target = named[0] if len(named) == 1 else None
        changes.append(Change(target, "accelerator", accelerators[0]))
    return changes
