"""The report: DESIGN.md's JSON contract, as pydantic models, and its construction.

Whatever writes the recommendations (the offline engine now, a model later), the report
has this shape; renderers only read it. Every figure in it is either a plain contract
field (a number) with its twin in `figures` (range + provenance), or a Figure itself.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from advisor import __version__
from advisor.engine.advise import Advice, Candidate, Plan
from advisor.engine.levels import select as by_level
from advisor.figures import Figure
from advisor.footprint import NOTES, Footprint, WorkloadFootprint
from advisor.i18n import pick
from advisor.i18n import reason as in_lang
from advisor.kb import KnowledgeBase
from advisor.measured.words import say as say_measured
from advisor.render import text
from advisor.said import word
from advisor.secrets import redact

SCHEMA_VERSION = "1"


class Sci(BaseModel):
    per_request_gco2e: float | None = None
    per_1k_tokens_gco2e: float | None = None
    per_hour_gco2e: float | None = None


class EnergyRatingOut(BaseModel):
    """GPU Wh per 1,000 queries and where it sits against a published reference (advisor/rating.py)."""

    wh_per_1k_queries: Figure | None = None
    stars: int | None = Field(None, ge=1)
    stars_range: list[int] | None = None  # [worst, best] over the figure's range
    stars_out_of: int = 5
    task: str | None = None
    task_label: str | None = None
    reference: str | None = None
    reference_source: str | None = None
    method: str
    reason: str | None = None


class WorkloadFootprintOut(BaseModel):
    name: str
    kind: str
    energy_kwh_month: float
    grid_intensity_gco2e_per_kwh: float
    # What that intensity is (advisor.footprint.GRID_BASES): a location-based average, a profile's
    # mean, a marginal rate or the file's own figure; they do not compare with one another.
    grid_basis: Literal["location-average", "user-figure", "profile-mean", "marginal-profile-mean"] = "location-average"
    pue: float
    operational_kgco2e_month: float
    embodied_kgco2e_month: float
    emissions_kgco2e_month: float
    sci: Sci
    measured: bool = False
    figures: dict[str, Figure] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)
    energy_rating: EnergyRatingOut | None = None


class FootprintOut(BaseModel):
    energy_kwh_month: float
    operational_kgco2e_month: float
    embodied_kgco2e_month: float
    emissions_kgco2e_month: float
    workloads: list[WorkloadFootprintOut]
    figures: dict[str, Figure] = Field(default_factory=dict)


class HardwareTarget(BaseModel):
    """Where a hardware move goes, as data: the action says it in words ("→ NVIDIA B200"), a
    program reading the JSON should not have to parse that. Only what the calculator picked."""

    accelerator: str  # an id of knowledge/hardware/accelerators.yaml
    name: str


class Recommendation(BaseModel):
    technique_id: str
    workload: str
    action: str
    impact: str
    details: str = ""
    difficulty: Literal["low", "medium", "high"]
    tools: list[str]
    accuracy_risk: Literal["none", "low", "medium", "high"]
    warning: str | None = None
    saving_kwh_month: float = Field(ge=0)
    saving_kgco2e_month: float = Field(ge=0)
    saving_pct_of_workload_energy: float = 0.0
    saving_pct_of_total_energy: float = 0.0
    saving_pct_of_total_emissions: float = 0.0
    name: str = ""
    lever: Literal["energy", "carbon", "none"] = "energy"
    latency_effect: Literal["lower", "neutral", "higher"] = "neutral"
    basis: str | None = None
    figures: dict[str, Figure] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list)
    in_knowledge_base: bool = True
    target: HardwareTarget | None = None  # hardware-upgrade, inference-accelerator: the calculator's target


class PlanOut(BaseModel):
    objective_reduce_energy_pct: float | None
    status: Literal["reached", "reached-with-risk", "out-of-reach", "no-objective", "nothing-to-do"]
    message: str
    actions: list[dict[str, str]]
    energy_reduction_pct: Figure
    emissions_reduction_pct: Figure
    safe_energy_reduction_pct: float
    energy_after_kwh_month: Figure
    emissions_after_kgco2e_month: Figure


class Excluded(BaseModel):
    technique_id: str
    workload: str
    reason: str


class SystemInfo(BaseModel):
    name: str
    description: str | None = None
    file: str | None = None
    cloud: str
    region: str | None = None
    allowed_clouds: list[str]


class AdvisorFootprint(BaseModel):
    """What asking the model cost: a green advisor measures itself."""

    model: str
    calls: int
    attempts: int
    input_tokens: int
    output_tokens: int
    cached: bool
    mode: str | None = None
    energy_wh: Figure
    emissions_gco2e: Figure
    note: str


class GridNow(BaseModel):
    """The grid's intensity right now (Electricity Maps or WattTime), beside the footprint, not in it."""

    live: bool  # false: the live figure could not be had and this is the figure the footprint uses
    provider: str
    zone: str | None = None
    at: str | None = None  # the provider's timestamp for the figure
    cached: bool = False
    basis: str | None = None  # not live: what the figure is (WorkloadFootprintOut.grid_basis)
    figure: Figure


class Report(BaseModel):
    schema_version: str = SCHEMA_VERSION
    generator: str = f"greenadvisor {__version__}"
    model: str = "offline"
    model_failed: str | None = None  # the model failed and the offline engine answered: shown first in every format
    level: Literal["basic", "pro"] = "pro"
    lang: Literal["en", "fr"] = "en"
    system: SystemInfo
    footprint: FootprintOut
    recommendations: list[Recommendation]
    plan: PlanOut | None = None
    excluded: list[Excluded] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    sources: dict[str, dict] = Field(default_factory=dict)
    model_summary: str | None = None
    guardrails: list[str] = Field(default_factory=list)
    advisor_footprint: AdvisorFootprint | None = None
    grid_now: GridNow | None = None

    def cite(self, kb: KnowledgeBase) -> None:
        """List every source the report's figures and rows cite."""
        cited = {s for r in self.recommendations for s in r.sources}
        cited |= {s for f in self.footprint.figures.values() for s in f.sources}
        cited |= {s for w in self.footprint.workloads for f in w.figures.values() for s in f.sources}
        for w in self.footprint.workloads:
            rating = w.energy_rating
            if rating is not None:
                cited |= set(rating.wh_per_1k_queries.sources if rating.wh_per_1k_queries else ())
                cited |= {rating.reference_source} if rating.reference_source else set()
        if self.advisor_footprint is not None:
            cited |= set(self.advisor_footprint.energy_wh.sources) | set(self.advisor_footprint.emissions_gco2e.sources)
        if self.grid_now is not None:
            cited |= set(self.grid_now.figure.sources)
        self.sources = {key: kb.sources[key].model_dump(exclude_none=True) for key in sorted(cited) if key in kb.sources}


def _workload_out(wf: WorkloadFootprint, lang: str = "en") -> WorkloadFootprintOut:
    def val(name: str) -> float | None:
        figure = wf.figures.get(name)
        return figure.value if figure else None

    return WorkloadFootprintOut(
        name=wf.name,
        kind=wf.workload.kind,
        energy_kwh_month=wf.figures["energy_kwh_month"].value,
        grid_intensity_gco2e_per_kwh=wf.figures["grid_intensity_gco2e_per_kwh"].value,
        grid_basis=wf.grid_basis,
        pue=wf.figures["pue"].value,
        operational_kgco2e_month=wf.figures["operational_kgco2e_month"].value,
        embodied_kgco2e_month=wf.figures["embodied_kgco2e_month"].value,
        emissions_kgco2e_month=wf.figures["emissions_kgco2e_month"].value,
        sci=Sci(
            per_request_gco2e=val("sci_per_request_gco2e"),
            per_1k_tokens_gco2e=val("sci_per_1k_tokens_gco2e"),
            per_hour_gco2e=val("sci_per_hour_gco2e"),
        ),
        measured=wf.measured,
        figures=wf.figures,
        notes=[word(note, lang) for note in wf.notes],
        energy_rating=_rating_out(wf.rating, lang),
    )


def _rating_out(rating, lang: str) -> EnergyRatingOut | None:
    """The rating's facts, with its sentences written in the report's language."""
    if rating is None:
        return None
    from advisor.render import rating_text

    return EnergyRatingOut(
        wh_per_1k_queries=rating.wh_per_1k_queries, stars=rating.stars,
        stars_range=list(rating.stars_range) if rating.stars_range else None, stars_out_of=rating.stars_out_of, task=rating.task,
        task_label=rating_text.task_label(rating, lang), reference=rating_text.reference(rating, lang),
        reference_source=rating.reference_source, method=rating_text.method(rating, lang), reason=rating_text.reason(rating, lang),
    )


def footprint_out(footprint: Footprint, lang: str = "en") -> FootprintOut:
    workloads = [_workload_out(w, lang) for w in footprint.workloads]
    sources = sorted({s for w in workloads for f in w.figures.values() for s in f.sources})
    total = pick(NOTES, "sum", lang)
    figures = {
        "energy_kwh_month": Figure.from_span(footprint.energy, "kWh/month", "estimate", sources, total),
        "operational_kgco2e_month": Figure.from_span(footprint.operational, "kgCO2e/month", "estimate", sources, total),
        "embodied_kgco2e_month": Figure.from_span(footprint.embodied, "kgCO2e/month", "estimate", sources, total),
        "emissions_kgco2e_month": Figure.from_span(footprint.emissions, "kgCO2e/month", "estimate", sources, total),
    }
    return FootprintOut(
        energy_kwh_month=figures["energy_kwh_month"].value,
        operational_kgco2e_month=figures["operational_kgco2e_month"].value,
        embodied_kgco2e_month=figures["embodied_kgco2e_month"].value,
        emissions_kgco2e_month=figures["emissions_kgco2e_month"].value,
        workloads=workloads,
        figures=figures,
    )


def recommendation_out(c: Candidate, footprint: Footprint, lang: str, several_workloads: bool) -> Recommendation:
    t = c.technique
    sources = sorted(t.cited())
    total_e, total_c = footprint.energy.value, footprint.emissions.value
    kwh, kg = c.saving.kwh, c.saving.kg
    provenance_note = c.saving.basis
    figures = {
        "saving_kwh_month": Figure.from_span(kwh, "kWh/month", "estimate", sources, provenance_note),
        "saving_kgco2e_month": Figure.from_span(kg, "kgCO2e/month", "estimate", sources, provenance_note),
    }
    return Recommendation(
        technique_id=t.id,
        workload=c.workload.name,
        action=text.action(c, lang, several_workloads),
        impact=text.impact(c, lang),
        details=t.action(lang),
        difficulty=t.difficulty,
        tools=c.tools,
        accuracy_risk=c.accuracy.risk,
        warning=c.warning(lang),
        saving_kwh_month=figures["saving_kwh_month"].value,
        saving_kgco2e_month=figures["saving_kgco2e_month"].value,
        saving_pct_of_workload_energy=round(c.energy_fraction().value * 100, 2),  # the share the impact text shows
        saving_pct_of_total_energy=_pct(kwh.value, total_e),
        saving_pct_of_total_emissions=_pct(kg.value, total_c),
        name=t.name(lang),
        lever=t.lever,
        latency_effect=t.latency.effect,
        basis=c.saving.basis,
        figures=figures,
        sources=sources,
        target=_target(c),
    )


def _target(c: Candidate) -> HardwareTarget | None:
    """The accelerator the calculator picked for this row (Saving.target_id), else None."""
    saving = c.saving
    if saving.target_id is None:
        return None
    return HardwareTarget(accelerator=saving.target_id, name=saving.target or saving.target_id)


def _pct(part: float, whole: float) -> float:
    return round(part / whole * 100, 2) if whole > 0 else 0.0


def plan_out(plan: Plan, lang: str, whole: Plan | None = None) -> PlanOut:
    """`whole`: the plan of every applicable action, when `plan` combines only the basic level's rows."""
    message = text.plan_message(plan, lang)
    if whole is not None:
        from advisor import basicplan

        message = basicplan.message(plan, whole, lang, message)
    return PlanOut(
        objective_reduce_energy_pct=plan.objective_pct,
        status=plan.status,
        message=message,
        actions=[{"technique_id": c.technique.id, "workload": c.workload.name} for c in plan.actions],
        energy_reduction_pct=Figure.from_span(plan.energy_reduction_pct, "%", "estimate", note=pick(NOTES, "combined", lang)),
        emissions_reduction_pct=Figure.from_span(plan.emissions_reduction_pct, "%", "estimate", note=pick(NOTES, "combined", lang)),
        safe_energy_reduction_pct=round(plan.safe_energy_reduction_pct, 2),
        energy_after_kwh_month=Figure.from_span(plan.energy_after, "kWh/month", "estimate"),
        emissions_after_kgco2e_month=Figure.from_span(plan.emissions_after, "kgCO2e/month", "estimate"),
    )


def select(advice: Advice, level: str, kb: KnowledgeBase) -> list[Candidate]:
    """Pro: every applicable action, ranked. Basic: a few simple, safe ones (advisor/engine/levels.py)."""
    return by_level(advice, level, kb.policy)


def build_report(
    loaded, advice: Advice, kb: KnowledgeBase, *, level: str = "pro", lang: str = "en", model: str = "offline",
    rows: list[Recommendation] | None = None,
) -> Report:
    """The report of an analysis; `rows` are recommendations someone else wrote (a model's,
    guard-railed), shown instead of the engine's."""
    arch = loaded.architecture
    plan = plan_out(advice.plan, lang) if advice.plan else None
    if rows is None:
        several = len(arch.workloads) > 1
        shown = select(advice, level, kb)
        rows = [recommendation_out(c, advice.footprint, lang, several) for c in shown]
        if level == "basic" and advice.plan is not None:  # the plan combines the rows the table shows, no more
            from advisor import basicplan

            plan = plan_out(basicplan.of_rows(arch, advice, shown, kb), lang, whole=advice.plan)
    recommendations = rows
    footprint = footprint_out(advice.footprint, lang)
    warnings = [word(w, lang) for w in loaded.warnings]
    for wf in advice.footprint.workloads:
        warnings += [word(say_measured("workload_note", name=wf.name, note=note), lang) for note in wf.notes]
    report = Report(
        model=model,
        level=level,
        lang=lang,
        system=SystemInfo(
            name=redact(arch.name),
            description=redact(arch.description) if arch.description else None,
            file=str(loaded.path) if loaded.path else None,
            cloud=arch.cloud.provider,
            region=arch.cloud.region or arch.cloud.country,
            allowed_clouds=arch.allowed_clouds,
        ),
        footprint=footprint,
        recommendations=recommendations,
        plan=plan,
        excluded=[Excluded(technique_id=e.technique_id, workload=e.workload, reason=in_lang(e.reason, lang))
                  for e in advice.excluded],
        warnings=warnings,
    )
    report.cite(kb)
    return report

