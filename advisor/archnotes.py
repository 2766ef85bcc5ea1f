"""Remarks on a valid architecture file: values that are allowed but probably not meant.

Each is a warning in the report, not a refusal, because the value can be right: an
objective of 0.5 % is possible, the knowledge base's list of clouds offering an
accelerator may lag the clouds' catalogues, and a model that does not fit its cards may be
sharded or offloaded in ways the file does not say. Hardware that cannot run the workload as
written (memory, number format, what the part is built for) and a quality already under its
floor are said before any figure is read. The loader adds the file and line.
"""

from __future__ import annotations

from advisor.architecture import Architecture, Workload
from advisor.archnotes_words import WORDS, say
from advisor.engine.memory import needed
from advisor.said import Listing

Remark = tuple[tuple, str]  # (path of the field, message)


def remarks(arch: Architecture, kb) -> list[Remark]:
    found = [*_clouds(arch), *_objective(arch), *_accelerators(arch, kb)]
    for i, workload in enumerate(arch.workloads):
        found += [*_hardware_fit(i, workload, kb), *_quality(i, workload)]
    return found


def _clouds(arch: Architecture) -> list[Remark]:
    if arch.constraints.clouds == []:
        return [(("constraints", "clouds"), say("clouds_empty"))]
    return []


def _objective(arch: Architecture) -> list[Remark]:
    pct = arch.objective.reduce_energy_pct
    if pct is not None and 0 < pct < 1:  # 1 % is a plain objective; 0.3 looks like a fraction
        return [(("objective", "reduce_energy_pct"), say("fraction", pct=pct, times=pct * 100))]
    return []


def _accelerators(arch: Architecture, kb) -> list[Remark]:
    provider = arch.cloud.provider
    found = []
    for i, workload in enumerate(arch.workloads):
        hw = workload.hardware
        accelerator = kb.accelerators.get(hw.accelerator) if hw is not None else None
        if accelerator is not None and accelerator.clouds and provider not in accelerator.clouds:
            found.append((("workloads", i, "hardware", "accelerator"),
                          say("not_on_cloud", accelerator=hw.accelerator, provider=provider,
                              clouds=", ".join(accelerator.clouds))))
    return found


# formats a part must support to run a model stored in them (Accelerator.supports); fp16 and fp32 run everywhere
_FORMATS = ("bf16", "fp8", "int8")


def _hardware_fit(i: int, workload: Workload, kb) -> list[Remark]:
    """Memory the model needs (the engine's own sizing, engine/memory.py), the number format, the part's role."""
    hw = workload.hardware
    acc = kb.accelerators.get(hw.accelerator) if hw is not None else None
    if acc is None:
        return []
    found = []
    need = needed(workload, kb)
    if need is not None and acc.memory_gb and need.gb > acc.memory_gb * hw.count:
        what = (say("states") if need.states
                else say("weights_at", precision=workload.model.precision or kb.memory.default_precision))
        found.append((("workloads", i, "model", "parameters_b"),
                      say("no_fit", params=workload.model.parameters_b, gb=need.gb, bytes=need.bytes_per_parameter,
                          what=what, overhead=need.overhead, count=hw.count, accelerator=acc.name,
                          held=acc.memory_gb * hw.count)))
    precision = workload.model.precision
    if precision in _FORMATS and not getattr(acc.supports, precision):
        found.append((("workloads", i, "model", "precision"),
                      say("no_precision", accelerator=acc.name, precision=precision)))
    role = "training" if workload.trains_weights else "inference"
    if role not in acc.roles:
        found.append((("workloads", i, "hardware", "accelerator"),
                      say("wrong_role", accelerator=acc.name, kind=workload.kind,
                          roles=Listing((say(f"role_{r}") if f"role_{r}" in WORDS["en"] else r for r in acc.roles),
                                        "and"))))
    return found


def _quality(i: int, workload: Workload) -> list[Remark]:
    q = workload.quality
    if q is None or q.current >= q.minimum:
        return []
    return [(("workloads", i, "quality", "current"),
             say("below_floor", current=q.current, minimum=q.minimum, metric=q.metric))]
