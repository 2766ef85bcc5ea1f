"""A measurement in place of an estimate: scaled to the month, PUE applied, GPU share kept.

The calculator estimates every workload first; when measured runs cover a workload
(CodeCarbon, Zeus, EcoLogits: see `advisor.measured`), this module replaces the estimated
energy with the measured one and says how it was scaled, keeping the estimate beside it for
the "estimate vs measured" gap. A measurement that cannot stand for the workload (a meter
that read nothing, nothing to scale it to a month) leaves the estimate in place with a note.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from advisor.figures import Figure, Span
from advisor.footprint import WorkloadFootprint, noted
from advisor.measured.limits import max_month_kwh
from advisor.measured.words import say
from advisor.said import Listing


def _scope(m) -> Listing:
    """What the tools do not see, each part worded by its key when it is one of the readers' own sentences."""
    from advisor.measured.ecologits import SCOPE
    from advisor.measured.zeus import GPU_ONLY, NO_SERVER

    keys = {SCOPE: "scope_ecologits", GPU_ONLY: "scope_zeus_gpu", NO_SERVER: "scope_zeus_no_server"}
    return Listing([say(keys[s]) if s in keys else s for s in sorted({r.scope for r in m.runs if r.scope})], "semi")


def _runs(m) -> str:
    return say("runs" if len(m.runs) > 1 else "runs_one", n=len(m.runs))


def _unscalable(wf: WorkloadFootprint, m) -> str:
    """Why a measurement gives no monthly figure: what each way of scaling (`_scale`) lacks."""
    w = wf.workload
    traffic = w.traffic
    if not (traffic and traffic.requests_per_month):
        per_work = say("no_traffic")
    elif not (m.requests or m.tokens):
        per_work = say("no_units")
    else:
        per_work = say("no_token_sizes")
    if w.hardware is None:
        per_hour = say("no_hardware")
    else:  # `_scale` scales any run with a duration by the hours: this one lasted 0 s
        per_hour = say("zero_seconds", hours=w.hardware.hours_per_month)
    return say("cannot_scale", per_hour=per_hour, per_work=per_work)


# How a measurement scales to a month by work done: the runs' unit, the month's count, how one unit is shown.
PER_UNIT = (("requests", "request", 1000.0, "Wh"), ("tokens", "token", 1e6, "mWh"))


def _monthly(w, unit: str) -> float | None:
    traffic = w.traffic
    if not (traffic and traffic.requests_per_month):
        return None
    if unit == "requests":
        return traffic.requests_per_month
    return traffic.requests_per_month * ((traffic.input_tokens or 0) + (traffic.output_tokens or 0)) or None


def _scale(wf: WorkloadFootprint, m, part: Callable, what: str) -> tuple[float, str, str | None] | None:
    """The kWh `part` takes of each run, scaled to the month, how, and what it leaves aside (None: nothing).

    Per request when runs recorded their requests and the file gives monthly traffic; else
    per token; else by the measured average power over the workload's hours. Per unit, only
    the runs that recorded their units count (the others did unknown work): said, never silent.
    None when nothing in the file says how much work a month holds.
    """
    w = wf.workload
    for unit, one, scale, shown in PER_UNIT:
        counted = [r for r in m.runs if getattr(r, unit)]
        monthly = _monthly(w, unit)
        if counted and monthly:
            per = sum(part(r) for r in counted) / sum(getattr(r, unit) for r in counted)
            how = say(f"how_{unit}", per=per * scale, shown=shown, what=what, monthly=monthly)
            aside = None
            if len(counted) < len(m.runs):
                aside = say(f"aside_{unit}", missing=len(m.runs) - len(counted), n=len(m.runs), tool=m.tool, k=len(counted))
                how = say(f"how_counted_{unit}", how=how, k=len(counted), n=len(m.runs))
            return per * monthly, how, aside
    hours = m.duration_s / 3600.0
    if w.hardware is not None and hours > 0:
        average_kw = sum(part(r) for r in m.runs) / hours
        return (average_kw * w.hardware.hours_per_month,
                say("how_hours", w=average_kw * 1000, what=what, hours=w.hardware.hours_per_month), None)
    return None


def apply_measurement(wf: WorkloadFootprint, m, finish: Callable[[WorkloadFootprint, set[str]], WorkloadFootprint]) -> WorkloadFootprint:
    """Replace the estimated energy with the measured one, scaled to the month.

    Per request when the runs recorded their requests and the file gives monthly
    traffic; else per token; else the measured average power over the workload's hours.
    A measuring tool sees the machine (or only its GPUs), not the building: our PUE is
    applied unless the runs already carried one (a CodeCarbon pue > 1, or EcoLogits,
    whose energy includes its provider's PUE). The GPU share, when the tool measured it,
    replaces the estimated accelerator energy the energy rating is computed from; when it
    did not, the estimate's GPU share of its energy is applied to the measured energy
    (`accelerator_share`), so the rating never rates more GPU energy than was measured.
    What the figure may not say is a warning: runs without units left out of a per-request
    figure, another GPU count than the workload's, another country than its grid's.
    """
    if m.energy_kwh <= 0:
        # A meter that saw nothing (wrong GPU indices, a window around no work, no access to
        # the counters) is not a free workload: 0 kWh would erase the footprint and top the rating.
        wf.notes.append(say("zero_kwh", tool=m.tool, seconds=m.duration_s, runs=_runs(m)))
        return wf
    scaled = _scale(wf, m, lambda r: r.energy_kwh, "")
    if scaled is None:
        wf.notes.append(say("unscalable", tool=m.tool, why=_unscalable(wf, m)))
        return wf
    it_kwh, how, aside = scaled
    if not it_kwh <= max_month_kwh():  # the readers bound each run, not what their average scales to
        wf.notes.append(say("beyond", tool=m.tool, how=how, kwh=it_kwh))
        return wf
    wf.notes.extend(n for n in (aside, _gpu_count_note(wf, m), _country_note(wf, m)) if n)
    pue = Span.point(1.0) if m.pue_included else wf.pue
    spread = m.energy_span  # a tool that gives a range (EcoLogits) keeps it
    # the range's bounds as shares of the measured value: scaling a run of 1e-283 kWh by its own
    # factor would overflow, its shares do not
    bounds = (it_kwh * (spread.low / m.energy_kwh), it_kwh * (spread.high / m.energy_kwh))
    if not all(math.isfinite(b) for b in bounds):
        wf.notes.append(say("beyond", tool=m.tool, how=how, kwh=it_kwh))
        return wf
    measured_it = Span(bounds[0], it_kwh, bounds[1])
    estimate = wf.figures["energy_kwh_month"]
    energy = pue * measured_it
    runs = _runs(m)
    scope = _scope(m)
    measured_note = say("measured_note", tool=m.tool, runs=runs, kwh=m.energy_kwh, how=how,
                        during=say("during", seconds=m.duration_s) if m.duration_s > 0 else "",
                        pue="" if m.pue_included else say("times_pue"), scope=say("scope", scope=scope) if scope else "")
    wf.estimated_energy = wf.energy
    wf.energy = energy
    wf.figures["estimated_energy_kwh_month"] = noted(estimate, say("estimate_replaced"))
    gap = (estimate.value - energy.value) / energy.value * 100 if estimate.value > 0 and energy.value > 0 else math.inf
    if math.isfinite(gap):  # a measurement of a few denormal kWh leaves no meaningful percentage
        wf.figures["estimate_vs_measured_pct"] = noted(Figure.from_span(Span.point(gap), "%", "measured"), say("estimate_gap"))
    gpu_scaled = _scale(wf, m, lambda r: r.gpu_energy_kwh, say("gpu")) if m.gpu_energy_kwh else None
    if gpu_scaled is not None:
        wf.figures["accelerator_energy_kwh_month"] = noted(
            Figure.from_span(Span.point(gpu_scaled[0]), "kWh/month", "measured"),
            say("gpu_measured", tool=m.tool, how=gpu_scaled[1]))
    elif "accelerator_energy_kwh_month" in wf.figures:
        _unmetered_accelerators(wf, m, estimate, energy)
    wf.measured = True
    sources = set(wf.figures["grid_intensity_gco2e_per_kwh"].sources) | set(wf.figures["pue"].sources)
    result = finish(wf, sources)
    result.figures["energy_kwh_month"] = noted(
        Figure.from_span(energy, "kWh/month", "measured", sorted(set(wf.figures["pue"].sources))), measured_note)
    return result


def _unmetered_accelerators(wf: WorkloadFootprint, m, estimate: Figure, energy: Span) -> None:
    """The accelerator energy the rating reads, when the measurement has no GPU figure of its own.

    (A run that saw no GPU never gets here for a GPU workload: `measured.match` leaves it out.)
    """
    accelerator = wf.figures["accelerator_energy_kwh_month"]
    share = accelerator_share(accelerator, estimate)
    if share is None:
        wf.notes.append(say("no_gpu_energy", tool=m.tool))
        return
    wf.figures["accelerator_energy_kwh_month"] = noted(
        Figure.from_span(share * energy, "kWh/month", "estimate", accelerator.sources),
        say("gpu_scaled", share=share.value * 100, tool=m.tool))
    wf.accelerators_scaled = True
    wf.notes.append(say("gpu_share", tool=m.tool, share=share.value * 100))


def _gpu_count_note(wf: WorkloadFootprint, m) -> str | None:
    """A measurement on another number of GPUs than the workload declares: used, but said."""
    hw = wf.workload.hardware
    counts = m.gpu_counts
    if hw is None or not hw.has_accelerator or not counts or counts == [hw.count]:
        return None
    return say("gpu_count" if counts != [1] else "gpu_count_one", tool=m.tool, seen=Listing(map(str, counts), "or"),
               name=wf.name, count=hw.count, accelerator=hw.accelerator)


def _country_note(wf: WorkloadFootprint, m) -> str | None:
    """Runs measured in another country than the architecture's grid: the energy is used, the grid is not the run's."""
    where = wf.grid.country
    elsewhere = [c for c in m.countries if c != where]
    if not where or not elsewhere:
        return None
    return say("country", tool=m.tool, countries=", ".join(m.countries), where=where, label=wf.grid.label)


def accelerator_share(accelerator: Figure, estimate: Figure) -> Span | None:
    """The estimated accelerator energy as a share of the estimated energy at the meter.

    When a measurement replaces a workload's energy but no tool saw its GPUs, the
    estimated GPU energy alone would contradict it (a GPU figure above the measured
    total, a rating of hardware the measurement says draws less). The estimate's split
    between GPUs and the rest (host, PUE) is the best knowledge left, so the rating takes
    that share of what was measured. Each bound is paired with the estimate's same bound:
    both come from the same power model.
    """
    if estimate.value <= 0:
        return None

    def ratio(part: float, whole: float, otherwise: float = 1.0) -> float:
        # the GPUs cannot draw more than the whole (a denormal whole would also overflow to inf)
        return min(part / whole, 1.0) if whole > 0 else otherwise

    central = ratio(accelerator.value, estimate.value)
    return Span(ratio(accelerator.low, estimate.low, central), central, ratio(accelerator.high, estimate.high, central)).ordered()
