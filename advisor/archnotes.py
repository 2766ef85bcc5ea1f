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
from advisor.engine.memory import needed

Remark = tuple[tuple, str]  # (path of the field, message)


def remarks(arch: Architecture, kb) -> list[Remark]:
    found = [*_clouds(arch), *_objective(arch), *_accelerators(arch, kb)]
    for i, workload in enumerate(arch.workloads):
        found += [*_hardware_fit(i, workload, kb), *_quality(i, workload)]
    return found


def _clouds(arch: Architecture) -> list[Remark]:
    if arch.constraints.clouds == []:
        return [(("constraints", "clouds"), "an empty list allows no cloud's tools: only open-source ones are "
                 "suggested, as with [on-prem]; leave the field out to allow the file's own cloud")]
    return []


def _objective(arch: Architecture) -> list[Remark]:
    pct = arch.objective.reduce_energy_pct
    if pct is not None and 0 < pct < 1:  # 1 % is a plain objective; 0.3 looks like a fraction
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
        what = ("weights, gradients and Adam states" if need.states
                else f"weights at {workload.model.precision or kb.memory.default_precision}")
        found.append((("workloads", i, "model", "parameters_b"),
                      f"{workload.model.parameters_b:g} B parameters need ≈ {need.gb:,.0f} GB of accelerator memory "
                      f"({need.bytes_per_parameter:g} bytes per parameter for {what}, × {need.overhead:g} for "
                      f"activations and buffers); {hw.count} × {acc.name} hold {acc.memory_gb * hw.count:,.0f} GB: "
                      "the model does not fit (check model.parameters_b and hardware.count)"))
    precision = workload.model.precision
    if precision in _FORMATS and not getattr(acc.supports, precision):
        found.append((("workloads", i, "model", "precision"),
                      f"{acc.name} has no {precision} support (knowledge base): the model cannot run in {precision} "
                      "on it (check the precision and the accelerator)"))
    role = "training" if workload.trains_weights else "inference"
    if role not in acc.roles:
        found.append((("workloads", i, "hardware", "accelerator"),
                      f"{acc.name} is built for {' and '.join(acc.roles)} (knowledge base roles), not for a "
                      f"{workload.kind} job (check the accelerator and the kind)"))
    return found


def _quality(i: int, workload: Workload) -> list[Remark]:
    q = workload.quality
    if q is None or q.current >= q.minimum:
        return []
    return [(("workloads", i, "quality", "current"),
             f"{q.current:g} is already below the floor of {q.minimum:g} ({q.metric}): every action that may lower "
             f"accuracy is ruled out (check the values: a higher {q.metric} is read as better)")]
