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
from advisor.said import Said, Worded

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

# How each estimated figure was computed (its `note`), in English and French. The calculator runs
# before the report's language is known, so a note is a `Said` (advisor/said.py), set on the figure
# after its validation (`_noted`), and worded in the report's language when the report is written.
NOTES: dict[str, dict[str, str]] = {
    "en": {
        "assumption_set": "assumptions.{name} (set in the file)",
        "assumption_default": "assumptions.{name} (override in the file's assumptions)",
        "profile_mean": "{describe}: mean of the profile (range: its cleanest and dirtiest day){marginal}; {check}",
        "profile_marginal": "; a marginal rate (MOER), not the grid's average",
        "at_meter": "at the meter (PUE included)",
        "operational": "energy × grid intensity",
        "emissions": "operational + embodied",
        "sci_request": "SCI = (E·I + M) / R, R = one request",
        "sci_tokens": "SCI, R = 1,000 tokens (input + output)",
        "sci_hour": "SCI, R = one hour of operation",
        "power_given": "hardware.power_watts (per accelerator)",
        "accelerator_power": "{name}: idle + utilization {u:g} × (TDP {tdp:g} W − idle), per accelerator",
        "host_power": "host server share per accelerator: {assumption}",
        "accelerator_energy": "accelerators only (no host server, no PUE): power × count × hours",
        "embodied_board": "(board + host share) × count × hours / lifetime{board}",
        "board_default": "; board: no figure of its own, the default × TDP {tdp:g} W / {reference:g} W",
        "cpu_power": "{count}{vcpus} vCPU × ({low:g} + utilization × ({high:g} − {low:g})) W{memory}",
        "cpu_count": "{n} × ",
        "cpu_memory": " + memory",
        "embodied_cpu": "per-vCPU server share × hours / lifetime",
        "sum": "sum of workloads",
        "combined": "actions combined multiplicatively",
        "rating": "{kwh} kWh/month on the accelerators ÷ {requests:,.0f} requests/month × 1,000",
    },
    "fr": {
        "assumption_set": "assumptions.{name} (fixée dans le fichier)",
        "assumption_default": "assumptions.{name} (modifiable dans les assumptions du fichier)",
        "profile_mean": "{describe} : moyenne du profil (fourchette : son jour le plus propre et son jour le plus "
                        "chargé){marginal} ; {check}",
        "profile_marginal": " ; un taux marginal (MOER), pas la moyenne du réseau",
        "at_meter": "au compteur (PUE comprise)",
        "operational": "énergie × intensité du réseau",
        "emissions": "opérationnelles + intrinsèques",
        "sci_request": "SCI = (E·I + M) / R, R = une requête",
        "sci_tokens": "SCI, R = 1\u202f000 tokens (entrée + sortie)",
        "sci_hour": "SCI, R = une heure de fonctionnement",
        "power_given": "hardware.power_watts (par accélérateur)",
        "accelerator_power": "{name} : repos + utilisation {u:g} × (TDP {tdp:g} W − repos), par accélérateur",
        "host_power": "part du serveur hôte par accélérateur : {assumption}",
        "accelerator_energy": "accélérateurs seuls (sans serveur hôte ni PUE) : puissance × nombre × heures",
        "embodied_board": "(carte + part de l'hôte) × nombre × heures / durée de vie{board}",
        "board_default": " ; carte : pas de chiffre propre, la valeur par défaut × TDP {tdp:g} W / {reference:g} W",
        "cpu_power": "{count}{vcpus} vCPU × ({low:g} + utilisation × ({high:g} − {low:g})) W{memory}",
        "cpu_count": "{n} × ",
        "cpu_memory": " + mémoire",
        "embodied_cpu": "part du serveur par vCPU × heures / durée de vie",
        "sum": "somme des charges",
        "combined": "actions combinées de façon multiplicative",
        "rating": "{kwh} kWh/mois sur les accélérateurs ÷ {requests:,.0f} requêtes/mois × 1\u202f000",
    },
}


def say(_key: str, **values) -> Said:
    return Said(NOTES, _key, **values)


def noted(figure: Figure, note: str) -> Figure:
    """`figure` with `note` kept as it is (a `Said` stays one: validation would make it a plain `str`)."""
    return figure.model_copy(update={"note": note})


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
    figure = noted(Figure.from_span(
        Span(low, value, high),
        unit,
        "input" if overridden else "assumption",
        () if overridden else (entry.sources if entry else ()),
    ), say("assumption_set" if overridden else "assumption_default", name=key))
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

        note = say("profile_mean", describe=Worded(profile.describe("en"), profile.describe("fr")),
                   marginal=say("profile_marginal") if profile.marginal else "",
                   check=Worded(check_zone(profile, cloud, self.kb).text, check_zone(profile, cloud, self.kb, "fr").text))
        return span, row, noted(Figure.from_span(span, "gCO2e/kWh", "input"), note)

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
        f["energy_kwh_month"] = noted(Figure.from_span(result.energy, "kWh/month", "estimate", sources), say("at_meter"))
        f["operational_kgco2e_month"] = noted(Figure.from_span(result.operational, "kgCO2e/month", "estimate", sources),
                                              say("operational"))
        f["emissions_kgco2e_month"] = noted(Figure.from_span(result.emissions, "kgCO2e/month", "estimate", sources),
                                            say("emissions"))
        # Each SCI is shown with its R, so the division can be checked (and redone, e.g. by Impact Framework).
        per_request = result.sci_per_request()
        if per_request is not None:
            f["sci_per_request_gco2e"] = noted(Figure.from_span(per_request, "gCO2e/request", "estimate", sources),
                                               say("sci_request"))
            f["requests_per_month"] = Figure.from_span(Span.point(result.requests), "requests/month", "input", note="traffic.requests_per_month")
        per_tokens = result.sci_per_1k_tokens()
        if per_tokens is not None:
            f["sci_per_1k_tokens_gco2e"] = noted(Figure.from_span(per_tokens, "gCO2e/1k tokens", "estimate", sources),
                                                 say("sci_tokens"))
            f["tokens_per_month"] = Figure.from_span(
                Span.point(result.requests * result.tokens_per_request), "tokens/month", "input",
                note="traffic.requests_per_month × (input_tokens + output_tokens)",
            )
        hours = result.workload.hardware.hours_per_month if result.workload.hardware else None
        if hours and hours >= 1e-6:
            f["sci_per_hour_gco2e"] = noted(Figure.from_span(result.emissions * 1000.0 / hours, "gCO2e/hour", "estimate", sources),
                                            say("sci_hour"))
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
            figures["accelerator_power_w"] = noted(Figure.from_span(device, "W", "input"), say("power_given"))
        else:
            device = Span(*(x * (1 - u) + u * tdp for x in (idle.low, idle.value, idle.high)))
            figures["accelerator_power_w"] = noted(Figure.from_span(device, "W", "estimate", acc.sources),
                                                   say("accelerator_power", name=acc.name, u=u, tdp=tdp))
        ratio, ratio_fig = self.assumption("host_overhead_ratio")
        host = ratio * tdp
        figures["host_power_w"] = noted(Figure.from_span(host, "W", ratio_fig.provenance, ratio_fig.sources),
                                        say("host_power", assumption=ratio_fig.note or ""))
        sources.update(ratio_fig.sources)
        pue, pue_fig = self.pue()
        intensity, grid_row, grid_fig = self.grid()
        figures["pue"] = pue_fig
        figures["grid_intensity_gco2e_per_kwh"] = grid_fig
        sources.update(pue_fig.sources, grid_fig.sources)
        it_kwh = (device + host) * (hw.count * hw.hours_per_month / 1000.0)
        energy = it_kwh * pue
        figures["accelerator_energy_kwh_month"] = noted(Figure.from_span(
            device * (hw.count * hw.hours_per_month / 1000.0), "kWh/month", figures["accelerator_power_w"].provenance,
            figures["accelerator_power_w"].sources,
        ), say("accelerator_energy"))

        share, life_fig = self._lifetime_share(hw.hours_per_month)
        board, board_note = self._board_embodied(acc, sources)
        host_embodied, host_fig = self.assumption("host_embodied_kgco2e_per_accelerator")
        embodied = (board + host_embodied) * share * hw.count
        sources.update(life_fig.sources, host_fig.sources)
        figures["embodied_kgco2e_month"] = noted(Figure.from_span(
            embodied, "kgCO2e/month", "estimate", sources & (set(acc.sources) | set(life_fig.sources) | set(host_fig.sources)),
        ), say("embodied_board", board=board_note))
        result = WorkloadFootprint(
            workload=workload, energy=energy, intensity=intensity, pue=pue, embodied=embodied,
            grid=grid_row, accelerator=acc, static_power_w=idle + host, figures=figures, grid_profile=self.grid_profile,
            grid_basis=self.grid_basis(),
        )
        return self._finish(result, sources)

    def _board_embodied(self, acc, sources: set) -> tuple[Span, str | Said]:
        """The board's manufacturing emissions: its own figure, else the default scaled by TDP, so a
        72 W card is not counted as dirty to build as a 700 W one (knowledge/assumptions.yaml)."""
        if acc.embodied_kgco2e is not None:
            return Span.point(acc.embodied_kgco2e), ""
        default, default_fig = self.assumption("accelerator_embodied_kgco2e_default")
        reference, reference_fig = self.assumption("accelerator_embodied_reference_tdp_w")
        sources.update(default_fig.sources, reference_fig.sources)
        ratio = acc.tdp_w / reference.value if reference.value > 0 else 1.0
        return default * ratio, say("board_default", tdp=acc.tdp_w, reference=reference.value)

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
        figures["cpu_power_w"] = noted(Figure.from_span(power, "W", "estimate", sources), say(
            "cpu_power", count=say("cpu_count", n=hw.count) if hw.count > 1 else "", vcpus=hw.vcpus, low=coeffs["min"],
            high=coeffs["max"], memory=say("cpu_memory") if hw.memory_gb else ""))
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
        figures["embodied_kgco2e_month"] = noted(Figure.from_span(
            embodied, "kgCO2e/month", "estimate", set(vcpu_fig.sources) | set(life_fig.sources)), say("embodied_cpu"))
        sources.update(vcpu_fig.sources, life_fig.sources)
        result = WorkloadFootprint(
            workload=workload, energy=energy, intensity=intensity, pue=pue, embodied=embodied,
            grid=grid_row, figures=figures, grid_profile=self.grid_profile, grid_basis=self.grid_basis(),
            static_power_w=None if hw.power_watts is not None else Span.point(coeffs["min"]),
        )
        return self._finish(result, sources)
