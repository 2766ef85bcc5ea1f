"""Remarks on a valid architecture file: values that are allowed but probably not meant.

Each is a warning in the report, not a refusal, because the value can be right: an
objective of 0.5 % is possible, and the knowledge base's list of clouds offering an
accelerator may lag the clouds' catalogues. The loader adds the file and line.
"""

from __future__ import annotations

from advisor.architecture import Architecture

Remark = tuple[tuple, str]  # (path of the field, message)


def remarks(arch: Architecture, kb) -> list[Remark]:
    return [*_clouds(arch), *_objective(arch), *_accelerators(arch, kb)]


def _clouds(arch: Architecture) -> list[Remark]:
    if arch.constraints.clouds == []:
        return [(("constraints", "clouds"), "an empty list allows no cloud's tools: only open-source ones are "
                 "suggested, as with [on-prem]; leave the field out to allow the file's own cloud")]
    return []


def _objective(arch: Architecture) -> list[Remark]:
    pct = arch.objective.reduce_energy_pct
    if pct is not None and 0 < pct <= 1:
        return [(("objective", "reduce_energy_pct"), f"{pct:g} % — did you mean {pct * 100:g} %? "
                 "The field is a percentage (30 means −30 % energy)")]
    return []


def _accelerators(arch: Architecture, kb) -> list[Remark]:
    provider = arch.cloud.provider
    found = []
    for i, workload in enumerate(arch.workloads):
        hw = workload.hardware
        accelerator = kb.accelerators.get(hw.accelerator) if hw is not None else None
        if accelerator is not None and accelerator.clouds and provider not in accelerator.clouds:
            found.append((("workloads", i, "hardware", "accelerator"),
                          f"{hw.accelerator} is not known on {provider}; the knowledge base lists it on "
                          f"{', '.join(accelerator.clouds)} (check the accelerator and the cloud)"))
    return found
