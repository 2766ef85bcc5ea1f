"""What one technique saves on one workload, computed from this workload's own figures.

Each `impact.method` of the knowledge base has one function here. They return spans of
kWh and kgCO2e per month (never negative) and a short note of how the figure was made, so
the report can show its basis next to the number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from advisor.architecture import Architecture
from advisor.engine.busy import busy_fraction
from advisor.engine.memory import needed
from advisor.figures import Span
from advisor.footprint import WorkloadFootprint
from advisor.kb import Accelerator, KnowledgeBase, Technique, Text

DECODE_BOUND_KINDS = {"llm-inference", "batch-inference"}


@dataclass
class Saving:
    kwh: Span
    kg: Span
    basis: str
    target: str | None = None  # the region or accelerator proposed, when the method picks one
    kg_embodied: Span = Span.point(0.0)  # the part of `kg` that is embodied carbon of released hardware
    caveats: tuple = ()  # kb.Text warnings the action must carry (latency, availability to check)
    target_id: str | None = None  # the accelerator id proposed (accelerator-swap), so its tools can match it

    @property
    def kg_operational(self) -> Span:
        return Span(*(max(0.0, a - b) for a, b in ((self.kg.low, self.kg_embodied.low), (self.kg.value, self.kg_embodied.value),
                                                   (self.kg.high, self.kg_embodied.high))))


ZERO = Span.point(0.0)


def _param(technique: Technique, name: str) -> Span | None:
    raw = technique.impact.parameters.get(name)
    if raw is None:
        return None
    if isinstance(raw, dict):
        value = float(raw["value"])
        return Span(float(raw.get("low", value)), value, float(raw.get("high", value)))
    return Span.point(float(raw))


def _pct(technique: Technique) -> Span:
    p = technique.impact.saving_pct  # required by every method that reads it (kb.METHOD_NEEDS)
    return Span(p.low / 100.0, p.typical / 100.0, p.high / 100.0)


def compute(technique: Technique, wf: WorkloadFootprint, arch: Architecture, kb: KnowledgeBase,
            lang: str = "en") -> Saving | None:
    if technique.impact.method == "grid-time":  # its basis is worded in the reader's language (advisor/grid/words.py)
        saving = _grid_time(technique, wf, arch, kb, lang)
    else:
        saving = _METHODS[technique.impact.method](technique, wf, arch, kb)
    if saving is None:
        return None
    # never more than the workload has: a saving is a part of its energy and emissions
    return replace(saving, kwh=saving.kwh.clamp(0.0, wf.energy.high), kg=saving.kg.clamp(0.0, wf.emissions.high),
                   kg_embodied=saving.kg_embodied.clamp(0.0, wf.embodied.high))


def _share(technique, wf, arch, kb) -> Saving:
    pct = _pct(technique)
    if technique.lever == "carbon":
        return Saving(ZERO, wf.operational * pct, "share of operational emissions")
    busy = busy_fraction(wf, technique.impact.scope)  # compute-side savings leave idle power alone
    basis = "share of the workload's energy"
    if busy.value < 1.0:
        basis += f" that the work draws ({busy.value * 100:.0f} %; idle power is untouched)"
    return Saving(wf.energy * pct * busy, wf.operational * pct * busy, basis)


def _idle_capacity(technique, wf, arch, kb) -> Saving | None:
    """Static power (idle draw + host share) of the accelerator-hours a technique releases.

    With `parameters.target_utilization`, the released hours are those above what the work
    needs at that target (in whole devices when `whole_accelerators`), and `saving_pct` is
    the share of them actually released. Without it, `saving_pct` is the share of the idle
    accelerator-hours, count × hours × (1 − utilization), that the technique removes. Real-time
    work keeps one copy of its model (one device, or the several a large model spans: replica_devices);
    deferrable work may scale to zero. The work itself is conserved,
    so only static power is saved, plus the embodied share of the released hardware.
    """
    hw = wf.workload.hardware
    units = wf.units
    if hw is None or wf.static_power_w is None or units == 0:
        return None
    # An endpoint that serves nothing may go to zero when the technique scales to zero: nothing is
    # lost, so the technique's high figure (all idle time, minus warm-up and grace) is the central one.
    to_zero = _to_zero(technique, wf)
    floor = _floor(technique, wf)
    replica, together = _copy(technique, wf, arch, kb, floor)
    group = replica.devices if replica is not None else 1  # what one copy of the model occupies
    ceiling = max(0.0, units - floor * group) * hw.hours_per_month
    pct = _pct(technique)
    if to_zero:
        pct = Span(pct.value, pct.high, pct.high)
    target = _param(technique, "target_utilization")
    if target is not None:
        whole = bool(technique.impact.parameters.get("whole_accelerators", False))

        def released(t: float) -> float:
            return min(ceiling, _released_devices(units, hw.utilization, t, whole, group, floor) * hw.hours_per_month)

        # A higher target frees more capacity: the low bound uses the low target.
        hours = Span(released(target.low), released(target.value), released(target.high)) * pct
        basis = f"capacity above a target utilization of {target.value:g}"
        if group > 1:
            basis += (f", in copies of the model of {group} devices each (its {replica.need_gb:,.0f} GB need "
                      f"{replica.holding}{', rounded up to a tensor-parallel size' if group > replica.holding else ''})")
    else:
        idle = units * hw.hours_per_month * (1.0 - (0.0 if to_zero else hw.utilization))
        hours = (pct * idle).clamp(0.0, ceiling)
        basis = f"share of {idle:,.0f} idle {'accelerator' if hw.has_accelerator else 'vCPU'}-hours/month"
        if to_zero:
            basis = f"scale to zero: the endpoint serves no requests; {basis}"
    if hours.high <= 0:
        return None
    kwh = hours * wf.static_power_w * wf.pue / 1000.0
    if wf.estimated_energy is not None and wf.estimated_energy.value > 0:
        kwh = kwh * (wf.energy.value / wf.estimated_energy.value)  # the power model's share, applied to the measurement
    capacity = units * hw.hours_per_month
    embodied = wf.embodied * (hours / capacity)
    kg = kwh * wf.intensity / 1000.0 + embodied
    unit = "accelerator" if hw.has_accelerator else "vCPU"
    caveats = ()
    if together is not None:
        basis += f" (in {together[1]}, after {together[0].id})"
        caveats = (Text(
            en=f"Only together with {together[0].name.en}: in {together[1]} the model fits on {group} device(s); "
               f"in {wf.workload.model.precision or 'its precision'} it needs every one it has.",
            fr=f"Seulement avec {together[0].name.fr} : en {together[1]}, le modèle tient sur {group} unité(s) ; "
               f"en {wf.workload.model.precision or 'sa précision'}, il les occupe toutes.",
        ),)
    return Saving(kwh, kg, f"{basis}: {hours.value:,.0f} of {capacity:,.0f} {unit}-hours/month released", kg_embodied=embodied,
                  caveats=caveats)


def _copy(technique: Technique, wf: WorkloadFootprint, arch: Architecture | None, kb: KnowledgeBase,
          floor: float) -> tuple[Replica | None, tuple[Technique, str] | None]:
    """One copy of the model on this fleet, and the quantisation it must go with: when, in its current
    precision, whole copies leave no device free even at the highest target utilisation, and in a
    smaller one (_smaller_precision) they would."""
    replica = replica_devices(technique, wf, kb)
    target = _param(technique, "target_utilization")
    if replica is None or replica.devices <= 1 or floor <= 0 or arch is None or target is None:
        return replica, None
    utilization = wf.workload.hardware.utilization
    if _released_devices(wf.units, utilization, target.high, True, replica.devices, floor) > 0:
        return replica, None
    together = _smaller_precision(wf, arch, kb)
    if together is None:
        return replica, None
    smaller = replica_devices(technique, wf, kb, together[1])
    if _released_devices(wf.units, utilization, target.high, True, smaller.devices, floor) <= 0:
        return replica, None
    return smaller, together


def _smaller_precision(wf: WorkloadFootprint, arch: Architecture, kb: KnowledgeBase) -> tuple[Technique, str] | None:
    """The quantisation (FP8 first, then INT8) that applies to this serving workload and under which
    its model needs fewer devices, with the precision it gives.

    Why: 4 × H100 at 15 % serving a 70B bf16 model cannot release a device (168 GB needs 3, rounded
    to a tensor-parallel size of 4), yet an expert's first advice is "FP8, then two GPUs": the
    release is real, but only together with the quantisation, and the row says so.
    """
    from advisor.engine.applicability import why_not  # it imports this module's neighbours

    if wf.workload.trains_weights:
        return None
    for tid, precision in (("quantization-fp8", "fp8"), ("quantization-int8", "int8")):
        technique = kb.techniques.get(tid)
        if technique is not None and why_not(technique, wf, arch, kb) is None:
            return technique, precision
    return None


def _to_zero(technique: Technique, wf: WorkloadFootprint) -> bool:
    return bool(technique.impact.parameters.get("scales_to_zero", False)) and idle_endpoint(wf)


def _floor(technique: Technique, wf: WorkloadFootprint) -> float:
    """Real-time work keeps one replica warm; deferrable work, or an idle endpoint scaled to zero, keeps none."""
    return 0.0 if wf.workload.schedule.deferrable or _to_zero(technique, wf) else 1.0


def _released_devices(units: int, utilization: float, target: float, whole: bool, group: int, floor: float) -> float:
    """Devices freed when the work (units × utilization) runs at `target` utilisation.

    Why replicas: a model spread over `group` devices (tensor parallelism) is served by whole
    groups, so what the work needs is rounded up to whole groups, and real-time work (floor 1)
    keeps one whole group, not one device.
    """
    need = units * utilization / max(target, 1e-6)
    if whole:
        need = math.ceil(need / group - 1e-9) * group
    keep = max(need, floor * group)
    return max(0.0, units - keep)


@dataclass(frozen=True)
class Replica:
    """The devices one copy of the model occupies on the workload's own accelerator."""

    devices: int  # a valid tensor-parallel size, at least `holding`
    holding: int  # the fewest devices whose memory holds the model
    need_gb: float


def replica_devices(technique: Technique, wf: WorkloadFootprint, kb: KnowledgeBase,
                    precision: str | None = None) -> Replica | None:
    """How many of the workload's accelerators one copy of its model needs, or None when unknown.

    Why: right-sizing on utilisation alone proposed 3 × A100-40GB for a 70B bf16 model whose
    weights alone are 140 GB. The memory need is memory.yaml's (engine/memory.py), the one the
    hardware moves and the file's warnings use. A model served across several devices is split
    by tensor parallelism, whose size must divide the model's attention heads (vLLM asserts it);
    the technique's `tensor_parallel_sizes` lists the sizes that do for common LLMs. Training
    shards its states (ZeRO, FSDP) over any number of devices, so only the memory count holds there.
    """
    hw, acc = wf.workload.hardware, wf.accelerator
    if hw is None or not hw.has_accelerator or acc is None or not acc.memory_gb:
        return None
    need = needed(wf.workload, kb, precision)
    if need is None:
        return None
    holding = max(1, math.ceil(need.gb / acc.memory_gb - 1e-9))
    devices = holding
    sizes = technique.impact.parameters.get("tensor_parallel_sizes")
    if holding > 1 and sizes is not None and not wf.workload.trains_weights:
        allowed = sorted(int(n) for n in (sizes["value"] if isinstance(sizes, dict) else sizes))
        devices = next((n for n in allowed if n >= holding), holding)
    return Replica(devices, holding, need.gb)


def _efficiency(acc: Accelerator, decode_bound: bool) -> float | None:
    work = _throughput(acc, decode_bound)
    return work / acc.tdp_w if work else None


def _throughput(acc: Accelerator, decode_bound: bool) -> float | None:
    return acc.memory_bandwidth_gbs if decode_bound else acc.fp16_tflops


def idle_endpoint(wf: WorkloadFootprint) -> bool:
    """A serving workload that does no work: zero utilisation, or no requests at all.

    Why: such an endpoint's energy is all idle power (engine/busy.py gives compute savings 0 there);
    the action is to scale it down, and neither a faster chip nor a leaner model changes anything.
    """
    hw = wf.workload.hardware
    if hw is None or wf.workload.trains_weights or wf.workload.schedule.deferrable:
        return False
    traffic = wf.workload.traffic
    return hw.utilization == 0 or (traffic is not None and traffic.requests_per_month == 0)


@dataclass(frozen=True)
class _Target:
    accelerator: Accelerator
    gain: float  # 1 − current / target efficiency on the spec sheets
    devices: int  # the smallest fleet of the target that holds the model and carries the work
    busy: float  # how busy that fleet would be (0..1)


def _pick_target(technique: Technique, wf: WorkloadFootprint, arch: Architecture, kb: KnowledgeBase) -> _Target | None:
    """The most efficient accelerator this workload could move to, or None.

    Why each filter (a spec-sheet ratio alone picks the biggest chip for every job):
    - offered where the workload runs (its cloud, or bought on-prem);
    - the technique's family of targets: its own vendor's line (`same_vendor`), named parts
      (`target_accelerators`), or vendors (`target_vendors`);
    - a part built for the job (training needs a training part; an inference-class source such as
      T4, L4, A10 or Inferentia2 moves within its class or not at all);
    - a newer part, and with `newer_generation` a newer family, not a memory variant of the same chip;
      from a data-centre part, no slower one per device (that is right-sizing, with its own techniques;
      a purpose-built inference chip, a different kind of part, may be slower per device);
    - it holds the model on no more devices than now (memory.yaml's sizing);
    - and it would be kept busy: the work the fleet does now (count × utilisation, in the target's
      throughput) on the smallest fleet of the target that holds the model must keep that fleet
      at least `min_target_busy` busy. A 1B model on two T4s does not fill a 1,000 W B200: its
      spec-sheet efficiency would be spent idling.
    """
    current = wf.accelerator
    hw = wf.workload.hardware
    if current is None or hw is None:
        return None
    decode_bound = wf.workload.kind in DECODE_BOUND_KINDS
    base = _efficiency(current, decode_bound)
    now = _throughput(current, decode_bound)
    if not base or not now:
        return None
    params = technique.impact.parameters
    place = arch.cloud.provider
    vendors = params.get("target_vendors")
    named = params.get("target_accelerators")
    same_vendor = bool(params.get("same_vendor", False))
    newer_family = bool(params.get("newer_generation", False))
    min_busy = (_param(technique, "min_target_busy") or ZERO).value
    role = "training" if wf.workload.trains_weights else "inference"
    inference_class = tuple(current.roles) == ("inference",)
    need = needed(wf.workload, kb)
    needed_gb = need.gb if need else None
    # A model that fills a fraction of its card wants a smaller, frugal one, not a bigger one.
    small = bool(needed_gb and current.memory_gb and needed_gb < kb.policy.small_model_memory_fraction * current.memory_gb)
    work = hw.count * hw.utilization * now  # what the fleet delivers now, in throughput units
    best: _Target | None = None
    for acc in kb.accelerators.values():
        if acc.id == current.id or place not in acc.clouds:
            continue
        if small and acc.tdp_w > current.tdp_w:
            continue
        if named and acc.id not in named:
            continue
        if vendors and acc.vendor not in vendors:
            continue
        if same_vendor and acc.vendor != current.vendor:
            continue
        if role not in acc.roles:
            continue  # an inference-class part (L4, T4) is no upgrade for a training job
        if inference_class and tuple(acc.roles) != ("inference",):
            continue
        if current.year and acc.year and acc.year < current.year:
            continue
        if newer_family and (acc.family == current.family or not (acc.year and current.year and acc.year > current.year)):
            continue
        if needed_gb and acc.memory_gb and acc.memory_gb * hw.count < needed_gb:
            continue
        eff, speed = _efficiency(acc, decode_bound), _throughput(acc, decode_bound)
        if not eff or not speed:
            continue
        if newer_family and not inference_class and speed < now:
            continue  # a slower, smaller card is right-sizing, not a newer generation (V100 -> T4)
        busy_devices = work / speed
        holding = math.ceil(needed_gb / acc.memory_gb - 1e-9) if needed_gb and acc.memory_gb else 1
        devices = max(1, holding, math.ceil(busy_devices - 1e-9))
        busy = busy_devices / devices
        if busy < min_busy:
            continue
        gain = 1.0 - base / eff
        if gain <= 0:
            continue  # no more efficient than the current part
        if best is None or gain > best.gain:
            best = _Target(acc, gain, devices, busy)
    return best


def _accelerator_swap(technique, wf, arch, kb) -> Saving | None:
    current = wf.accelerator
    found = _pick_target(technique, wf, arch, kb)
    if found is None or found.gain * 100 < kb.policy.min_accelerator_swap_saving_pct:
        return None
    gain, target = found.gain, found.accelerator
    decode_bound = wf.workload.kind in DECODE_BOUND_KINDS
    place = arch.cloud.provider
    cap = technique.impact.saving_pct.high / 100.0  # required for this method (kb.METHOD_NEEDS)
    realised = kb.policy.spec_ratio_realisation
    fraction = Span(gain * realised["low"], gain * realised["value"], gain * realised["high"]).clamp(0.0, cap)
    metric = "memory bandwidth per watt (decoding is memory-bound)" if decode_bound else "FP16 throughput per watt"
    # the accelerators' `clouds` name the commercial clouds; a separate partition (China, US government)
    # often lags their catalogues, and the data cannot say which parts it offers
    here = kb.regions.get((place, arch.cloud.region or ""))
    caveats = _availability(target, here.key) if here is not None and here.partition else ()
    fleet = f"{found.devices} × {target.name}" if found.devices != 1 else target.name
    return Saving(
        wf.energy * fraction, wf.operational * fraction,
        f"{current.name} → {target.name}: {gain * 100:.0f} % better {metric} on the spec sheets; "
        f"{fleet} would hold the model and run {found.busy * 100:.0f} % busy",
        target=target.name, caveats=caveats, target_id=target.id,
    )


def _grid_region(technique, wf, arch, kb) -> Saving | None:
    """The cleanest region a deferrable job may move to: its own cloud's, in its own geography,
    else in a neighbouring one (knowledge/grid/geos.yaml); from an on-prem data centre, the
    allowed clouds' regions of its country's geography."""
    cloud = arch.cloud
    if cloud.provider == "on-prem":
        clouds = [c for c in arch.allowed_clouds if c != "on-prem"]
        geo = next((r.geo for r in kb.regions.values() if r.geo and r.country == (cloud.country or "").upper()
                    and not r.partition), None)
    else:
        here = kb.regions.get((cloud.provider, cloud.region or ""))
        clouds, geo = [cloud.provider], here.geo if here is not None else None
    if geo is None or not clouds:
        return None
    cur = wf.intensity
    worth = cur.value * (1 - kb.policy.min_region_saving_pct / 100.0)
    for step, geos in enumerate(((geo,), kb.geo_neighbours.get(geo, ()))):
        # sovereign partitions (China, US government, EU sovereign) are geos of their own with no
        # neighbours, so a move never leaves one nor enters one
        options = [r for (provider, name), r in kb.regions.items()
                   if provider in clouds and r.geo in geos and (provider, name) != (cloud.provider, cloud.region)]
        best = min(options, key=lambda r: r.value, default=None)
        if best is not None and best.value < worth:
            break
    else:
        return None
    e = wf.energy
    kg = Span(
        e.low * max(0.0, cur.low - best.high) / 1000.0,
        e.value * (cur.value - best.value) / 1000.0,
        e.high * max(0.0, cur.high - best.low) / 1000.0,
    )
    caveats = _availability(wf.accelerator, best.key)
    here_country = (cloud.country if cloud.provider == "on-prem" else kb.regions[(cloud.provider, cloud.region)].country) or ""
    if step:
        caveats = (_FARTHER, *caveats)
    elif best.country and best.country.upper() != here_country.upper():
        caveats = (_ABROAD, *caveats)  # same geography, another country: residency rules may still differ
    if cloud.provider == "on-prem":
        caveats = (_OFF_PREMISES, *caveats)
    here_label = wf.grid.label if cloud.provider == "on-prem" else kb.regions[(cloud.provider, cloud.region)].label
    return Saving(ZERO, kg, f"{here_label}: {cur.value:.0f} gCO2e/kWh → {best.label}: {best.value:.0f} gCO2e/kWh",
                  target=best.key, caveats=caveats)


_FARTHER = Text(
    en="No region of this geography is much cleaner: this one is on another continent. Check data residency "
       "(where the data may be processed), transfer cost and time before moving.",
    fr="Aucune région de cette zone géographique n'est nettement plus propre : celle-ci est sur un autre continent. "
       "Vérifiez la résidence des données (où elles peuvent être traitées), le coût et la durée du transfert avant de déplacer.",
)
_ABROAD = Text(
    en="This region is in another country: check data residency (where the data may be processed and stored under "
       "your contracts and the law), transfer cost and time before moving.",
    fr="Cette région est dans un autre pays : vérifiez la résidence des données (où elles peuvent être traitées et "
       "stockées selon vos contrats et la loi), le coût et la durée du transfert avant de déplacer.",
)
_OFF_PREMISES = Text(
    en="A move from your own data centre to an allowed cloud: the hardware you own stays (its embodied carbon is "
       "already spent) unless it is retired or reused, and the cloud's data-residency and cost terms apply.",
    fr="Un déplacement de votre propre centre de données vers un cloud autorisé : le matériel possédé reste (son "
       "carbone intrinsèque est déjà dépensé) sauf s'il est retiré ou réemployé, et les conditions de résidence des "
       "données et de coût du cloud s'appliquent.",
)


def _availability(acc: Accelerator | None, region: str) -> tuple[Text, ...]:
    """The grid table does not say which accelerators a region offers: the action must say to check."""
    if acc is None:
        return ()
    return (Text(
        en=f"Check that {region} offers {acc.name} (and the quota you need) before moving: "
        "greenadvisor's region data does not record accelerator availability per region.",
        fr=f"Vérifiez que {region} propose des {acc.name} (et le quota nécessaire) avant de déplacer : "
        "les données de région de greenadvisor n'indiquent pas les accélérateurs disponibles par région.",
    ),)


def profile_shift(wf: WorkloadFootprint):
    """The time shift the workload's grid profile allows (a TimeShift), why none (a str), or None
    when its intensity does not come from a profile."""
    hw = wf.workload.hardware
    if wf.grid_profile is None or hw is None:
        return None
    from advisor.grid.window import daily_run_hours, time_shift

    return time_shift(wf.grid_profile, daily_run_hours(hw.hours_per_month), wf.workload.schedule.window_hours)


def ruled_out(technique: Technique, wf: WorkloadFootprint, kb: KnowledgeBase,
              arch: Architecture | None = None) -> str | None:
    """Why a technique's own figures rule it out on this workload, before any saving is shown.

    Only time shifting has such a case: with an hourly grid profile, no shift is proposed when
    the job cannot move or when its cleanest reachable hours are not meaningfully cleaner than
    the mean (knowledge/policy.yaml, min_time_shift_saving_pct). A hardware change is ruled out on an
    endpoint that serves nothing (its energy is idle power: scale it down first), and when no target
    accelerator passes `_pick_target`'s filters, so the report says why instead of "no saving".
    Whole-device right-sizing is ruled out when the model's memory keeps every device (_held_by_memory).
    """
    if technique.impact.method == "accelerator-swap":
        return _no_swap(technique, wf, kb, arch)
    if technique.impact.method == "idle-capacity":
        return _held_by_memory(technique, wf, kb, arch)
    if technique.impact.method != "grid-time":
        return None
    shift = profile_shift(wf)
    if shift is None:
        return None
    if isinstance(shift, str):
        return f"no time shift: {shift}"
    threshold = kb.policy.min_time_shift_saving_pct
    if shift.saving.value * 100 < threshold:
        return (f"no time shift: the grid profile is flat for this job, its best {shift.run} h "
                f"({shift.shifted:.0f} g; cleanest slot {shift.slot.clock()}) are {shift.saving.value * 100:.1f} % below "
                f"the {shift.baseline:.0f} g mean, under the {threshold:g} % a shift must save (policy)")
    return None


def _held_by_memory(technique: Technique, wf: WorkloadFootprint, kb: KnowledgeBase,
                    arch: Architecture | None = None) -> str | None:
    """Why whole-device right-sizing releases nothing when the model's memory, not its load, holds the fleet.

    Only when memory is the cause: the utilisation alone would free devices at the highest target,
    but whole replicas of the model (replica_devices) leave none free. Otherwise a small saving is
    the usual "no worthwhile saving".
    """
    target = _param(technique, "target_utilization")
    hw = wf.workload.hardware
    if target is None or hw is None or not technique.impact.parameters.get("whole_accelerators", False):
        return None
    replica = replica_devices(technique, wf, kb)
    if replica is None or replica.devices <= 1:
        return None
    floor = _floor(technique, wf)
    by_load = _released_devices(wf.units, hw.utilization, target.high, True, 1, floor)
    by_replica = _released_devices(wf.units, hw.utilization, target.high, True, replica.devices, floor)
    if by_load <= 0 or by_replica > 0 or _copy(technique, wf, arch, kb, floor)[1] is not None:
        return None  # (with a quantisation that frees devices, _idle_capacity offers the release with it)
    return (f"no accelerator can be released: the model needs {replica.need_gb:.0f} GB, so one copy of it takes "
            f"{replica.devices} {wf.accelerator.name} (a tensor-parallel group) and there are {wf.units}")


def _no_swap(technique: Technique, wf: WorkloadFootprint, kb: KnowledgeBase, arch: Architecture | None) -> str | None:
    if wf.accelerator is None:
        return None  # the hard rules speak for a workload with no accelerator of its own
    if idle_endpoint(wf):
        return "the endpoint serves no requests: scale it down (autoscaling, gpu-right-sizing) before changing its hardware"
    if arch is not None and _pick_target(technique, wf, arch, kb) is None:
        busy = (_param(technique, "min_target_busy") or ZERO).value * 100
        return (f"no accelerator it may move to on {arch.cloud.provider} holds the model, would be kept at least "
                f"{busy:.0f} % busy and is more efficient")
    return None


def _grid_time(technique, wf, arch, kb, lang: str = "en") -> Saving | None:
    from advisor.grid.words import dec, say

    shift = profile_shift(wf)
    if isinstance(shift, str):
        return None
    if shift is not None:
        # the profile's own figure replaces the technique's generic range
        return Saving(ZERO, wf.operational * shift.saving, shift.basis(wf.grid_profile, lang))
    full = _param(technique, "full_window_hours").value  # required for this method (kb.METHOD_NEEDS)
    window = wf.workload.schedule.window_hours
    scale = 1.0 if window is None else min(1.0, window / float(full))
    pct = _pct(technique) * scale
    full_h = dec(float(full), "g", lang)
    basis = (say("window_given", lang, window=dec(window, "g", lang)) if window is not None
             else say("window_assumed", lang, full=full_h))
    return Saving(ZERO, wf.operational * pct, say("window_full", lang, basis=basis, full=full_h))


def _pue(technique, wf, arch, kb) -> Saving | None:
    target = _param(technique, "target_pue")  # required for this method (kb.METHOD_NEEDS)
    if wf.pue.value <= target.high:
        return None
    it = wf.energy / wf.pue.value
    # A lower target saves more: the low bound uses the high target.
    kwh = Span(
        it.low * max(0.0, wf.pue.value - target.high),
        it.value * max(0.0, wf.pue.value - target.value),
        it.high * max(0.0, wf.pue.value - target.low),
    )
    return Saving(kwh, kwh * wf.intensity / 1000.0, f"PUE {wf.pue.value:g} → {target.value:g}")


def _nothing(technique, wf, arch, kb) -> Saving:
    return Saving(ZERO, ZERO, "no direct saving")


_METHODS = {
    "share": _share,
    "idle-capacity": _idle_capacity,
    "accelerator-swap": _accelerator_swap,
    "grid-region": _grid_region,
    "grid-time": _grid_time,
    "pue": _pue,
    "market-based": _nothing,
    "none": _nothing,
}
