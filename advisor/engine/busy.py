"""How much of a workload's energy a compute-side saving can touch.

The power model (advisor/footprint.py) draws static power (accelerator idle draw + host share,
or the vCPU floor) for every provisioned hour, and dynamic power only while busy. A technique
that makes the work cheaper (quantization, batching, a smaller model, fewer tokens) cuts the
busy part; the static part stays unless capacity is released too (that is gpu-right-sizing's
and autoscaling's job, with their own method). So a `share` saving applies to:

- always-on serving (not deferrable, not training): the dynamic energy only,
  1 − static / total. At utilization 0 that is nothing: all of it is idle power.
- a job (deferrable work, training, fine-tuning), which ends when its work is done:
  with `impact.scope: compute` the busy time shrinks (Amdahl: the waiting time, 1 − u,
  does not), so the saving applies to the energy drawn during busy hours,
  1 − (1 − u) · static / total; with `scope: work` (fewer requests, tokens or steps) the
  whole run shortens in proportion, so all of it.

Measured workloads use the estimate's split, as `_idle_capacity` does. Workloads with no
power model of their own (llm-api, a CPU fleet given as `power_watts`) are not split.
"""

from __future__ import annotations

from advisor.figures import Span
from advisor.footprint import WorkloadFootprint


def is_job(wf: WorkloadFootprint) -> bool:
    return wf.workload.trains_weights or wf.workload.schedule.deferrable


def busy_fraction(wf: WorkloadFootprint, scope: str = "compute") -> Span:
    """The share of the workload's energy a compute-side saving scales (low ≤ value ≤ high)."""
    hw = wf.workload.hardware
    total = wf.estimated_energy if wf.estimated_energy is not None else wf.energy
    if hw is None or wf.static_power_w is None or wf.units == 0 or total.value <= 0:
        return Span.point(1.0)
    job = is_job(wf)
    if job and scope == "work":
        return Span.point(1.0)
    static = wf.static_power_w * wf.pue * (wf.units * hw.hours_per_month / 1000.0)
    waiting = (1.0 - hw.utilization) if job else 1.0

    def busy(s: float, t: float) -> float:
        return min(1.0, max(0.0, 1.0 - waiting * s / t)) if t > 0 else 1.0

    bounds = (busy(static.low, total.low), busy(static.value, total.value), busy(static.high, total.high))
    return Span(min(bounds), bounds[1], max(bounds))
