"""The footprint calculator: energy, emissions and SCI of each workload and of the system.

SCI = (E·I + M) / R (Green Software Foundation). E is energy at the meter (IT energy ×
PUE), I the grid's location-based intensity, M the embodied carbon of the hardware for the
time it is reserved, R the functional unit (a request, a thousand tokens, an hour).
Self-hosted workloads use a power model (idle + utilisation × dynamic range, plus the
host server's share); llm-api workloads use EcoLogits' per-request model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from advisor.architecture import Architecture, Workload
from advisor.figures import Figure, Span
from advisor.kb import Accelerator, Intensity, KnowledgeBase

if TYPE_CHECKING:
    from advisor.grid.profile import GridProfile

HOURS_PER_YEAR = 8760.0

# What a workload's grid intensity is, so what a reader (or an Impact Framework manifest) may
# compare it with: a marginal rate is not an average, and the file's own figure may be market-based.
GridBasis = Literal["location-average", "user-figure", "profile-mean", "marginal-profile-mean"]
GRID_BASES: dict[str, str] = {
    "location-average": "location-based grid carbon intensity: the grid's yearly average (bundled figure)",
    "user-figure": "grid carbon intensity given in the architecture file (cloud.grid_intensity_gco2e_per_kwh)",
    "profile-mean": "location-based grid carbon intensity: the mean of an hourly grid profile (CSV)",
    "marginal-profile-mean": "marginal emission rate (WattTime MOER): the mean of an hourly profile; "
                             "not the grid's average, not a location-based figure",
}


@dataclass
class WorkloadFootprint:
    workload: Workload
    energy: Span  # kWh/month at the meter
    intensity: Span  # gCO2e/kWh
    pue: Span
    embodied: Span  # kgCO2e/month
    grid: Intensity
    accelerator: Accelerator | None = None
    static_power_w: Span | None = None  # per unit (accelerator or vCPU): what idle capacity costs
    figures: dict[str, Figure] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    measured: bool = False
    estimated_energy: Span | None = None  # the estimate a measurement replaced
    accelerators_scaled: bool = False  # accelerator energy: the estimate's GPU share of the measured energy
    grid_profile: GridProfile | None = None  # the hourly profile its intensity comes from, when one was given
    parameters_b: Span | None = None  # total parameters when known otherwise than from the file (EcoLogits)
    rating: object | None = None  # advisor.rating.EnergyRating, for inference workloads
    grid_basis: GridBasis = "location-average"  # what `intensity` is (GRID_BASES)

    @property
    def name(self) -> str:
        return self.workload.name

    @property
    def operational(self) -> Span:
        return self.energy * self.intensity / 1000.0

    @property
    def units(self) -> int:
        """What capacity is counted in: accelerators, or vCPUs for CPU-only hardware."""
        hw = self.workload.hardware
        if hw is None:
            return 0
        return hw.count if hw.has_accelerator else hw.count * (hw.vcpus or 0)

    @property
    def emissions(self) -> Span:
        return self.operational + self.embodied

    @property
    def requests(self) -> float | None:
        traffic = self.workload.traffic
        return traffic.requests_per_month if traffic and traffic.requests_per_month else None

    @property
    def tokens_per_request(self) -> float | None:
        traffic = self.workload.traffic
        if traffic is None or (traffic.input_tokens is None and traffic.output_tokens is None):
            return None
        total = (traffic.input_tokens or 0) + (traffic.output_tokens or 0)
        return total or None

    def sci_per_request(self) -> Span | None:
        return _per_unit(self.emissions * 1000.0, self.requests)

    def sci_per_1k_tokens(self) -> Span | None:
        if not self.requests or not self.tokens_per_request:
            return None
        return _per_unit(self.emissions * 1000.0, self.requests * self.tokens_per_request / 1000.0)


def _per_unit(grams: Span, units: float | None) -> Span | None:
    """SCI for one functional unit; None when there is no meaningful unit count."""
    if not units or units < 1e-6:
        return None
    return grams / units


@dataclass
class Footprint:
    """The system's workloads and their totals.

    The totals are summed once, on first use: a report reads them for each of its thousands of
    recommendations (their share of the total), and re-summing every workload each time made an
    analysis quadratic in the number of workloads. The workloads are final once the calculator
    (measurements included) has built the Footprint; nothing changes them afterwards.
    """

    workloads: list[WorkloadFootprint]

    @cached_property
    def _totals(self) -> dict[str, Span]:
        zero = Span.point(0.0)
        energy, operational, embodied = zero, zero, zero
        for w in self.workloads:
            energy, operational, embodied = energy + w.energy, operational + w.operational, embodied + w.embodied
        return {"energy": energy, "operational": operational, "embodied": embodied, "emissions": operational + embodied}

    @property
    def energy(self) -> Span:
        return self._totals["energy"]

    @property
    def operational(self) -> Span:
        return self._totals["operational"]

    @property
    def embodied(self) -> Span:
        return self._totals["embodied"]

    @property
    def emissions(self) -> Span:
        return self._totals["emissions"]

    def get(self, name: str) -> WorkloadFootprint:
        return next(w for w in self.workloads if w.name == name)


def assumption(kb: KnowledgeBase, key: str, overrides: dict[str, float] | None = None) -> tuple[Span, Figure]:
    """An assumption's span and its figure: from knowledge/assumptions.yaml, or the file's override."""
    low, value, high, overridden = kb.assumption(key, overrides)
    entry = kb.assumptions.get(key)
    unit = (entry.unit if entry else None) or ""
    figure = Figure.from_span(
        Span(low, value, high),
        unit,
        "input" if overridden else "assumption",
        () if overridden else (entry.sources if entry else ()),
        f"assumptions.{key}" + (" (set in the file)" if overridden else " (override in the file's assumptions)"),
    )
    return Span(low, value, high), figure


class Calculator:
    """Computes footprints against one knowledge base and one file's assumption overrides."""

    def __init__(self, kb: KnowledgeBase, architecture: Architecture, measurements: dict | None = None,
                 grid_profile: GridProfile | None = None):
        self.kb = kb
        self.arch = architecture
        self.measurements = measurements or {}
        self.grid_profile = grid_profile

    def assumption(self, key: str) -> tuple[Span, Figure]:
        return assumption(self.kb, key, self.arch.assumptions)

    # -- grid and PUE ----------------------------------------------------------------
    def grid_basis(self) -> GridBasis:
        """What `grid()` returns, for self-hosted workloads."""
        if self.grid_profile is not None:
            return "marginal-profile-mean" if self.grid_profile.marginal else "profile-mean"
        if self.arch.cloud.grid_intensity_gco2e_per_kwh is not None:
            return "user-figure"
        return "location-average"

    def grid(self) -> tuple[Span, Intensity, Figure]:
        cloud = self.arch.cloud
        if self.grid_profile is not None:
            return self._profile_intensity(self.grid_profile)
        if cloud.grid_intensity_gco2e_per_kwh is not None:
            value = cloud.grid_intensity_gco2e_per_kwh
            where = cloud.region or cloud.country or cloud.provider
            row = Intensity(
                key=str(where), label=f"{where} (from the file)", country=cloud.country or "",
                value=value, low=value, high=value, sources=(),
            )
            return Span.point(value), row, Figure.from_span(
                Span.point(value), "gCO2e/kWh", "input", note="cloud.grid_intensity_gco2e_per_kwh"
            )
        row = self.kb.countries[cloud.country] if cloud.provider == "on-prem" else self.kb.regions[(cloud.provider, cloud.region)]
        return self._intensity(row)

    def _profile_intensity(self, profile: GridProfile) -> tuple[Span, Intensity, Figure]:
        """The profile's mean: what work spread over the hours of the file met. Its range is the
        cleanest and the dirtiest day of the file, how far a month can stray from that mean."""
        cloud = self.arch.cloud
        days = profile.daily_means()
        span = Span(min(days), profile.mean, max(days))
        where = cloud.region or cloud.country or cloud.provider
        bundled = self.kb.regions.get((cloud.provider, cloud.region or ""))
        row = Intensity(
            key=str(where), label=profile.describe(), country=cloud.country or (bundled.country if bundled else ""),
            geo=bundled.geo if bundled else None, value=span.value, low=span.low, high=span.high, sources=(),
        )
        from advisor.grid.zonecheck import check_zone

        note = f"{profile.describe()}: mean of the profile (range: its cleanest and dirtiest day)"
        if profile.marginal:
            note += "; a marginal rate (MOER), not the grid's average"
        note += f"; {check_zone(profile, cloud, self.kb).text}"
        return span, row, Figure.from_span(span, "gCO2e/kWh", "input", note=note)

    def country_grid(self, country: str) -> tuple[Span, Intensity, Figure]:
        row = self.kb.countries.get(country) or self.kb.countries.get("WOR")
        if row is None:
            raise KeyError(country)
        return self._intensity(row)

    @staticmethod
    def _intensity(row: Intensity) -> tuple[Span, Intensity, Figure]:
        span = Span(row.low, row.value, row.high)
        note = f"{row.label}, {row.year}" if row.year else row.label
        return span, row, Figure.from_span(span, "gCO2e/kWh", "source", row.sources, note)

    def pue(self) -> tuple[Span, Figure]:
        cloud = self.arch.cloud
        if cloud.pue is not None:
            span = Span.point(cloud.pue)
            return span, Figure.from_span(span, "", "input", note="cloud.pue")
        row = self.kb.pue[cloud.provider]
        span = Span(row.low, row.value, row.high)
        return span, Figure.from_span(span, "", "source", row.sources, f"{cloud.provider} PUE ({row.year})")

    # -- workloads -------------------------------------------------------------------
    def footprint(self) -> Footprint:
        from advisor.rating import rate

        results = []
        for w in self.arch.workloads:
            wf = self.workload(w)
            if w.name in self.measurements:
                from advisor.footprint_measured import apply_measurement

                wf = apply_measurement(wf, self.measurements[w.name], self._finish)
            wf.rating = rate(wf, self.kb)
            results.append(wf)
        return Footprint(results)

    def workload(self, workload: Workload) -> WorkloadFootprint:
        if workload.kind == "llm-api":
            from advisor.hosted import hosted_footprint

            return hosted_footprint(self, workload)
        if workload.hardware is not None and workload.hardware.has_accelerator:
            return self._accelerated(workload)
        return self._cpu(workload)

    def _lifetime_share(self, hours: float) -> tuple[Span, Figure]:
        """Fraction of the hardware's life reserved this month (SCI's TiR / EL)."""
        life, life_fig = self.assumption("hardware_lifetime_years")
        share = Span(
            hours / (life.high * HOURS_PER_YEAR),
            hours / (life.value * HOURS_PER_YEAR),
            hours / (max(life.low, 0.1) * HOURS_PER_YEAR),
        )
        return share, life_fig

    def _finish(self, result: WorkloadFootprint, sources: set[str]) -> WorkloadFootprint:
        f = result.figures
        f["energy_kwh_month"] = Figure.from_span(result.energy, "kWh/month", "estimate", sources, "at the meter (PUE included)")
        f["operational_kgco2e_month"] = Figure.from_span(result.operational, "kgCO2e/month", "estimate", sources, "energy × grid intensity")
        f["emissions_kgco2e_month"] = Figure.from_span(result.emissions, "kgCO2e/month", "estimate", sources, "operational + embodied")
        # Each SCI is shown with its R, so the division can be checked (and redone, e.g. by Impact Framework).
        per_request = result.sci_per_request()
        if per_request is not None:
            f["sci_per_request_gco2e"] = Figure.from_span(per_request, "gCO2e/request", "estimate", sources, "SCI = (E·I + M) / R, R = one request")
            f["requests_per_month"] = Figure.from_span(Span.point(result.requests), "requests/month", "input", note="traffic.requests_per_month")
        per_tokens = result.sci_per_1k_tokens()
        if per_tokens is not None:
            f["sci_per_1k_tokens_gco2e"] = Figure.from_span(per_tokens, "gCO2e/1k tokens", "estimate", sources, "SCI, R = 1,000 tokens (input + output)")
            f["tokens_per_month"] = Figure.from_span(
                Span.point(result.requests * result.tokens_per_request), "tokens/month", "input",
                note="traffic.requests_per_month × (input_tokens + output_tokens)",
            )
        hours = result.workload.hardware.hours_per_month if result.workload.hardware else None
        if hours and hours >= 1e-6:
            f["sci_per_hour_gco2e"] = Figure.from_span(result.emissions * 1000.0 / hours, "gCO2e/hour", "estimate", sources, "SCI, R = one hour of operation")
            f["hours_per_month"] = Figure.from_span(Span.point(hours), "hours/month", "input", note="hardware.hours_per_month")
        return result

    def _accelerated(self, workload: Workload) -> WorkloadFootprint:
        hw = workload.hardware
        acc = self.kb.accelerators[hw.accelerator]
        figures: dict[str, Figure] = {}
        sources = set(acc.sources)
        u = hw.utilization
        tdp = acc.tdp_w
        if acc.idle_w is not None:
            idle = Span.point(acc.idle_w)
        else:
            fraction, fig = self.assumption("accelerator_idle_fraction")
            idle = fraction * tdp
            figures["accelerator_idle_fraction"] = fig
            sources.update(fig.sources)
        if hw.power_watts is not None:
            device = Span.point(hw.power_watts)
            figures["accelerator_power_w"] = Figure.from_span(device, "W", "input", note="hardware.power_watts (per accelerator)")
        else:
            device = Span(*(x * (1 - u) + u * tdp for x in (idle.low, idle.value, idle.high)))
            figures["accelerator_power_w"] = Figure.from_span(
                device, "W", "estimate", acc.sources,
                f"{acc.name}: idle + utilization {u:g} × (TDP {tdp:g} W − idle), per accelerator",
            )
        ratio, ratio_fig = self.assumption("host_overhead_ratio")
        host = ratio * tdp
        figures["host_power_w"] = Figure.from_span(host, "W", ratio_fig.provenance, ratio_fig.sources, "host server share per accelerator: " + (ratio_fig.note or ""))
        sources.update(ratio_fig.sources)
        pue, pue_fig = self.pue()
        intensity, grid_row, grid_fig = self.grid()
        figures["pue"] = pue_fig
        figures["grid_intensity_gco2e_per_kwh"] = grid_fig
        sources.update(pue_fig.sources, grid_fig.sources)
        it_kwh = (device + host) * (hw.count * hw.hours_per_month / 1000.0)
        energy = it_kwh * pue
        figures["accelerator_energy_kwh_month"] = Figure.from_span(
            device * (hw.count * hw.hours_per_month / 1000.0), "kWh/month", figures["accelerator_power_w"].provenance,
            figures["accelerator_power_w"].sources, "accelerators only (no host server, no PUE): power × count × hours",
        )

        share, life_fig = self._lifetime_share(hw.hours_per_month)
        board, board_note = self._board_embodied(acc, sources)
        host_embodied, host_fig = self.assumption("host_embodied_kgco2e_per_accelerator")
        embodied = (board + host_embodied) * share * hw.count
        sources.update(life_fig.sources, host_fig.sources)
        figures["embodied_kgco2e_month"] = Figure.from_span(
            embodied, "kgCO2e/month", "estimate", sources & (set(acc.sources) | set(life_fig.sources) | set(host_fig.sources)),
            "(board + host share) × count × hours / lifetime" + board_note,
        )
        result = WorkloadFootprint(
            workload=workload, energy=energy, intensity=intensity, pue=pue, embodied=embodied,
            grid=grid_row, accelerator=acc, static_power_w=idle + host, figures=figures, grid_profile=self.grid_profile,
            grid_basis=self.grid_basis(),
        )
        return self._finish(result, sources)

    def _board_embodied(self, acc, sources: set) -> tuple[Span, str]:
        """The board's manufacturing emissions: its own figure, else the default scaled by TDP, so a
        72 W card is not counted as dirty to build as a 700 W one (knowledge/assumptions.yaml)."""
        if acc.embodied_kgco2e is not None:
            return Span.point(acc.embodied_kgco2e), ""
        default, default_fig = self.assumption("accelerator_embodied_kgco2e_default")
        reference, reference_fig = self.assumption("accelerator_embodied_reference_tdp_w")
        sources.update(default_fig.sources, reference_fig.sources)
        ratio = acc.tdp_w / reference.value if reference.value > 0 else 1.0
        return default * ratio, f"; board: no figure of its own, the default × TDP {acc.tdp_w:g} W / {reference.value:g} W"

    def _cpu(self, workload: Workload) -> WorkloadFootprint:
        hw = workload.hardware
        figures: dict[str, Figure] = {}
        table = self.kb.cpu["vcpu_watts"]
        provider = self.arch.cloud.provider
        coeffs = table.get(provider) or table["on-prem"]
        sources = set(coeffs.get("sources", ()))
        watts = coeffs["min"] + hw.utilization * (coeffs["max"] - coeffs["min"])
        power = Span.point(watts * hw.vcpus)
        if hw.memory_gb:
            memory = self.kb.cpu["memory_watts_per_gb"]
            power = power + memory["value"] * hw.memory_gb
            sources.update(memory.get("sources", ()))
        power = power * hw.count  # count machines of `vcpus` (and `memory_gb`) each
        figures["cpu_power_w"] = Figure.from_span(
            power, "W", "estimate", sources,
            (f"{hw.count} × " if hw.count > 1 else "")
            + f"{hw.vcpus} vCPU × ({coeffs['min']:g} + utilization × ({coeffs['max']:g} − {coeffs['min']:g})) W"
            + (" + memory" if hw.memory_gb else ""),
        )
        if hw.power_watts is not None:
            power = Span.point(hw.power_watts * hw.count)
            figures["cpu_power_w"] = Figure.from_span(power, "W", "input", note="hardware.power_watts")
        pue, pue_fig = self.pue()
        intensity, grid_row, grid_fig = self.grid()
        figures["pue"] = pue_fig
        figures["grid_intensity_gco2e_per_kwh"] = grid_fig
        sources.update(pue_fig.sources, grid_fig.sources)
        energy = power * (hw.hours_per_month / 1000.0) * pue
        share, life_fig = self._lifetime_share(hw.hours_per_month)
        per_vcpu, vcpu_fig = self.assumption("cpu_embodied_kgco2e_per_vcpu")
        embodied = per_vcpu * share * (hw.vcpus * hw.count)
        figures["embodied_kgco2e_month"] = Figure.from_span(
            embodied, "kgCO2e/month", "estimate", set(vcpu_fig.sources) | set(life_fig.sources), "per-vCPU server share × hours / lifetime"
        )
        sources.update(vcpu_fig.sources, life_fig.sources)
        result = WorkloadFootprint(
            workload=workload, energy=energy, intensity=intensity, pue=pue, embodied=embodied,
            grid=grid_row, figures=figures, grid_profile=self.grid_profile, grid_basis=self.grid_basis(),
            static_power_w=None if hw.power_watts is not None else Span.point(coeffs["min"]),
        )
        return self._finish(result, sources)
