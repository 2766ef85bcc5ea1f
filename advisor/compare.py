"""Two reports side by side: what changed between two systems, or one before and after a change.

The comparison reads only the two reports' own figures, so every number in it is one of
theirs or a difference of two of them. A difference is judged against the estimates'
ranges: when the two ranges overlap, the change is not presented as a gain (or a loss),
because the calculator cannot tell it from the uncertainty of its own inputs.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from advisor import __version__
from advisor.figures import Figure
from advisor.report import PlanOut, Report, SystemInfo, WorkloadFootprintOut
from advisor.said import Said

SCHEMA_VERSION = "1"

Verdict = Literal["lower", "higher", "likely-lower", "likely-higher", "within-uncertainty", "same", "added", "removed"]

# Totals every report has (DESIGN.md's footprint contract), in the order they are shown.
TOTALS = ("energy_kwh_month", "operational_kgco2e_month", "embodied_kgco2e_month", "emissions_kgco2e_month")
# Per-workload figures compared when both sides have them; SCI keys only where both have that unit.
WORKLOAD_FIGURES = ("energy_kwh_month", "operational_kgco2e_month", "embodied_kgco2e_month", "emissions_kgco2e_month",
                    "grid_intensity_gco2e_per_kwh", "pue")
SCI_FIGURES = ("sci_per_request_gco2e", "sci_per_1k_tokens_gco2e", "sci_per_hour_gco2e")

NOTES = {
    "en": {"difference": "B − A; range from B's low minus A's high to B's high minus A's low, "
                         "so it contains 0 exactly when the two ranges overlap"},
    "fr": {"difference": "B − A ; fourchette du bas de B moins le haut de A au haut de B moins le bas de A : "
                         "elle contient 0 exactement quand les deux fourchettes se chevauchent"},
}


class Delta(BaseModel):
    """One figure on both sides. Every metric here is better lower (energy, emissions, SCI, grid, PUE).

    `verdict`: `lower`/`higher` when the ranges do not overlap; `likely-lower`/`likely-higher`
    when they overlap but the low, central and high values all moved the same way (the
    direction holds if both estimates err alike, as they do when both sides share the
    calculator's assumptions: same hardware model, same PUE source); `within-uncertainty`
    when they overlap and do not agree; `same` when the central values are equal.
    """

    unit: str
    a: Figure | None
    b: Figure | None
    difference: Figure | None = None
    change_pct: float | None = None
    ranges_overlap: bool | None = None
    verdict: Verdict


class ActionBrief(BaseModel):
    technique_id: str
    workload: str
    action: str
    impact: str
    accuracy_risk: str
    warning: str | None = None
    saving_kwh_month: float
    saving_kgco2e_month: float
    figures: dict[str, Figure] = Field(default_factory=dict)


class Side(BaseModel):
    label: str
    system: SystemInfo
    model: str
    level: str
    measured_workloads: list[str]
    top_actions: list[ActionBrief]
    plan: PlanOut | None = None
    warnings: list[str] = Field(default_factory=list)


class WorkloadComparison(BaseModel):
    name: str
    status: Literal["both", "added", "removed"]
    kind_a: str | None
    kind_b: str | None
    measured_a: bool | None
    measured_b: bool | None
    figures: dict[str, Delta]
    sci: dict[str, Delta] = Field(default_factory=dict)


class Comparison(BaseModel):
    schema_version: str = SCHEMA_VERSION
    generator: str = f"greenadvisor {__version__}"
    kind: Literal["comparison"] = "comparison"
    lang: Literal["en", "fr"] = "en"
    a: Side
    b: Side
    totals: dict[str, Delta]
    workloads: list[WorkloadComparison]
    notes: list[str] = Field(default_factory=list)
    sources: dict[str, dict] = Field(default_factory=dict)


def _round(x: float) -> float:
    """Six significant figures, like every other figure in a report."""
    return float(f"{x:.6g}") if x else 0.0


def delta(a: Figure | None, b: Figure | None, unit: str) -> Delta:
    if a is None and b is None:
        raise ValueError("a delta needs at least one side")
    if a is None:
        return Delta(unit=unit, a=None, b=b, verdict="added")
    if b is None:
        return Delta(unit=unit, a=a, b=None, verdict="removed")
    provenance = "measured" if a.provenance == b.provenance == "measured" else "estimate"
    sources = sorted(set(a.sources) | set(b.sources))
    if (a.value, a.low, a.high) == (b.value, b.low, b.high):
        # The same figure on both sides comes from the same inputs and assumptions (the same
        # region's grid, the same file twice): its errors cancel, so the difference is exactly 0.
        difference = Figure(value=0.0, low=0.0, high=0.0, unit=unit, provenance=provenance, sources=sources,
                            note="identical on both sides")
    else:
        difference = Figure(
            value=_round(b.value - a.value), low=_round(b.low - a.high), high=_round(b.high - a.low), unit=unit,
            provenance=provenance, sources=sources,
        ).model_copy(update={"note": Said(NOTES, "difference")})  # worded in the comparison's language when written
    overlap = a.low <= b.high and b.low <= a.high
    change = _round((b.value - a.value) / a.value * 100) if a.value > 0 else (0.0 if b.value == a.value else None)
    return Delta(unit=unit, a=a, b=b, difference=difference, change_pct=change, ranges_overlap=overlap,
                 verdict=_verdict(a, b, overlap))


def _verdict(a: Figure, b: Figure, overlap: bool) -> Verdict:
    if b.value == a.value:
        return "same"
    lower = b.value < a.value
    if not overlap:
        return "lower" if lower else "higher"
    moves = [y - x for x, y in ((a.low, b.low), (a.value, b.value), (a.high, b.high))]
    if all(m < 0 for m in moves):
        return "likely-lower"
    if all(m > 0 for m in moves):
        return "likely-higher"
    return "within-uncertainty"


def _workload(name: str, wa: WorkloadFootprintOut | None, wb: WorkloadFootprintOut | None) -> WorkloadComparison:
    status = "both" if wa and wb else ("removed" if wa else "added")
    figures: dict[str, Delta] = {}
    for key in WORKLOAD_FIGURES:
        fa = wa.figures.get(key) if wa else None
        fb = wb.figures.get(key) if wb else None
        if fa is not None or fb is not None:
            figures[key] = delta(fa, fb, (fa or fb).unit)
    sci: dict[str, Delta] = {}
    for key in SCI_FIGURES:
        fa = wa.figures.get(key) if wa else None
        fb = wb.figures.get(key) if wb else None
        # Where both have it; an added or removed workload shows its own side's SCI.
        if (fa is not None and fb is not None) or (status != "both" and (fa or fb) is not None):
            sci[key] = delta(fa, fb, (fa or fb).unit)
    return WorkloadComparison(
        name=name, status=status, kind_a=wa.kind if wa else None, kind_b=wb.kind if wb else None,
        measured_a=wa.measured if wa else None, measured_b=wb.measured if wb else None, figures=figures, sci=sci,
    )


def _side(report: Report, label: str, top: int) -> Side:
    ranked = [r for r in report.recommendations if r.saving_kgco2e_month > 0 or r.saving_kwh_month > 0]
    return Side(
        label=label,
        system=report.system,
        model=report.model,
        level=report.level,
        measured_workloads=[w.name for w in report.footprint.workloads if w.measured],
        top_actions=[
            ActionBrief(technique_id=r.technique_id, workload=r.workload, action=r.action, impact=r.impact,
                        accuracy_risk=r.accuracy_risk, warning=r.warning, saving_kwh_month=r.saving_kwh_month,
                        saving_kgco2e_month=r.saving_kgco2e_month, figures=r.figures)
            for r in ranked[:top]
        ],
        plan=report.plan,
        warnings=report.warnings,
    )


def default_labels(a: Report, b: Report) -> tuple[str, str]:
    """The systems' names; the files' names when both systems share one (a before/after pair)."""
    if a.system.name != b.system.name:
        return a.system.name, b.system.name
    stems = [_stem(r.system.file) for r in (a, b)]
    if all(stems) and stems[0] != stems[1]:
        return stems[0], stems[1]
    return "A", "B"


def _stem(file: str | None) -> str | None:
    if not file:
        return None
    from pathlib import Path

    return Path(file).stem


def compare(a: Report, b: Report, *, label_a: str | None = None, label_b: str | None = None, top: int = 3) -> Comparison:
    """A against B: totals, matched workloads (by name), added and removed ones, each side's top actions."""
    default_a, default_b = default_labels(a, b)
    label_a, label_b = label_a or default_a, label_b or default_b
    totals = {key: delta(a.footprint.figures[key], b.footprint.figures[key], a.footprint.figures[key].unit) for key in TOTALS}
    in_a = {w.name: w for w in a.footprint.workloads}
    in_b = {w.name: w for w in b.footprint.workloads}
    names = list(in_a) + [n for n in in_b if n not in in_a]
    workloads = [_workload(n, in_a.get(n), in_b.get(n)) for n in names]
    sources = {**a.sources, **b.sources}
    return Comparison(
        lang=a.lang,
        a=_side(a, label_a, top),
        b=_side(b, label_b, top),
        totals=totals,
        workloads=workloads,
        notes=_notes(workloads, a.lang, label_a, label_b),
        sources={key: sources[key] for key in sorted(sources)},
    )


def _notes(workloads: list[WorkloadComparison], lang: str, label_a: str, label_b: str) -> list[str]:
    from advisor.render.compare_text import notes

    kinds = [(w.name, w.kind_a, w.kind_b) for w in workloads if w.status == "both" and w.kind_a != w.kind_b]
    measured = [(w.name, w.measured_a, w.measured_b) for w in workloads
                if w.status == "both" and w.measured_a != w.measured_b]
    return notes(kinds, measured, lang, label_a, label_b)
