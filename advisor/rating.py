"""The energy rating of an inference workload: GPU Wh per 1,000 queries, against a published reference.

In the spirit of the AI Energy Score: accelerator energy only (no host server, no PUE,
because the reference measures GPU energy), per request × 1,000. Ours is this system's own
figure — its hardware, its utilisation (idle time included), its traffic, measured when a
measurement covers the workload — while the reference benchmarks each model on H100s at
batch size 1 over a fixed 1,000-query dataset. The stars are therefore an indication of
where this deployment would sit among the published models, not an AI Energy Score; the
rating carries that sentence, the task and class it was compared in, and the source.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from advisor.figures import Figure, Span
from advisor.i18n import num
from advisor.kb import KnowledgeBase

METHOD = (
    "GPU energy only (no host server, no PUE), as the reference counts it, per request × 1,000. "
    "Ours is {kind} for this system's own hardware, utilisation and traffic; the reference measured each model's "
    "GPU energy on {hardware}, over a fixed 1,000-query dataset: the comparison is indicative."
)


@dataclass
class EnergyRating:
    wh_per_1k_queries: Figure | None
    stars: int | None
    stars_range: tuple[int, int] | None  # (worst, best) over the figure's low–high range
    stars_out_of: int
    task: str | None
    task_label: str | None
    reference: str | None
    reference_source: str | None
    reference_sources: tuple[str, ...]
    method: str
    reason: str | None  # why there is no figure, or no stars


def rate(wf, kb: KnowledgeBase) -> EnergyRating | None:
    """The rating of one workload's footprint; None for kinds that are not inference (training)."""
    w = wf.workload
    mapping = kb.rating_tasks.get(w.kind)
    if mapping is None:
        return None
    ref = kb.rating
    accelerator = wf.figures.get("accelerator_energy_kwh_month")
    requests = wf.requests
    figure, reason = None, None
    if accelerator is None:
        reason = ("no accelerator: the rating counts GPU energy, as the reference does, and this workload runs on CPUs"
                  if w.hardware is not None and not w.hardware.has_accelerator else "no accelerator energy to rate")
    elif not requests or requests < 1e-6:  # the same floor as SCI per request (footprint._per_unit)
        reason = "no traffic.requests_per_month: GPU energy per query needs the number of queries"
    elif not math.isfinite(1e6 / requests):
        reason = f"traffic.requests_per_month ({requests:g}) is too small to give an energy per query"
    else:
        monthly = Span(accelerator.low, accelerator.value, accelerator.high)
        figure = Figure.from_span(
            monthly * (1e6 / requests), "Wh/1k queries", accelerator.provenance, accelerator.sources,
            f"{num(accelerator.value)} kWh/month on the accelerators ÷ {requests:,.0f} requests/month × 1,000",
        )
    task = w.model.task or mapping.task
    if task is not None and w.model.task is None and mapping.needs_output_tokens and not (w.traffic and w.traffic.output_tokens):
        task = None
    kind = "a measurement" if figure is not None and figure.provenance == "measured" else "an estimate"
    method = METHOD.format(kind=kind, hardware=ref.hardware)
    if task is None:
        return EnergyRating(figure, None, None, ref.stars.bands, None, None, None, None, (), method, reason or (
            f"no reference task for a {w.kind} workload: say what the model does with model.task "
            f"({', '.join(sorted(ref.tasks))})"))
    spec = ref.tasks[task]
    cls, class_reason = _class(wf, spec)
    label = spec.label.en + (f", {spec.classes[cls].label.en}" if cls else "")
    published = ref.range_for(task, cls) if (cls or not spec.classes) else None
    reference = (
        f"{ref.name}, {ref.edition}: {label}, {published.count} models from {num(published.low)} to "
        f"{num(published.high)} {ref.unit}" if published else f"{ref.name}, {ref.edition}: {label}"
    )
    stars = stars_range = None
    if figure is not None and published is not None:
        rule = ref.stars
        stars = rule.stars(figure.value, published.low, published.high)
        stars_range = (rule.stars(figure.high, published.low, published.high), rule.stars(figure.low, published.low, published.high))
        if figure.value < published.low or figure.value > published.high:
            reason = (f"{num(figure.value)} Wh is outside the published range ({num(published.low)}–{num(published.high)}); "
                      f"rated as {'better than the best' if figure.value < published.low else 'worse than the worst'} benchmarked model")
    elif figure is not None:
        reason = class_reason
    return EnergyRating(figure, stars, stars_range, ref.stars.bands, task, label, reference, ref.figures_source, ref.sources, method, reason)


def _class(wf, spec) -> tuple[str | None, str | None]:
    """The size class the model is scored in (text generation), from its total parameters."""
    if not spec.classes:
        return None, None
    params = wf.parameters_b or (Span.point(wf.workload.model.parameters_b) if wf.workload.model.parameters_b else None)
    if params is None:
        return None, "the model's size is unknown: give model.parameters_b to place it in a size class of the reference"
    low, high = spec.class_for(params.low), spec.class_for(params.high)
    if low != high:
        return None, (f"the model's size ({num(params.low)}–{num(params.high)} B parameters) straddles the reference's "
                      f"classes {low} and {high}: no stars")
    return low, None
