"""The energy rating of an inference workload: GPU Wh per 1,000 queries, against a published reference.

In the spirit of the AI Energy Score: accelerator energy only (no host server, no PUE,
because the reference measures GPU energy), per request × 1,000. Ours is this system's own
figure — its hardware, its utilisation (idle time included), its traffic, measured when a
measurement covers the workload (or, when no tool saw the GPUs, the estimate's GPU share of
the measured energy: `footprint_measured.accelerator_share`) — while the reference benchmarks each model on H100s at
batch size 1 over a fixed 1,000-query dataset. The stars are therefore an indication of
where this deployment would sit among the published models, not an AI Energy Score; the
rating carries that sentence, the task and class it was compared in, and the source.

The rating holds facts, not sentences: the footprint is computed before anyone knows the
report's language, so the words (the method, the reference, why there are no stars) are
written from these facts in the reader's language by `advisor.render.rating_text`.
A zero figure (no GPU hours this month) gets no stars: it would sit below every published
model and read as the best rating, when there is nothing to compare.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from advisor.figures import Figure, Span
from advisor.i18n import num
from advisor.kb import KnowledgeBase, PublishedRange, RatingReference


@dataclass(frozen=True)
class Reason:
    """Why there is no figure or no stars (or what to know about them): a key of
    `rating_text.REASONS` and the values its sentence needs."""

    key: str
    values: dict = field(default_factory=dict)


@dataclass
class EnergyRating:
    wh_per_1k_queries: Figure | None
    stars: int | None
    stars_range: tuple[int, int] | None  # (worst, best) over the figure's low–high range
    stars_out_of: int
    reference: RatingReference
    kind: str  # the workload's kind, for the sentence saying it has no task
    task: str | None = None
    size_class: str | None = None
    published: PublishedRange | None = None
    reason: Reason | None = None
    scaled: bool = False  # an estimate of the GPUs' share of a measured energy (no tool saw the GPUs)

    @property
    def measured(self) -> bool:
        return self.wh_per_1k_queries is not None and self.wh_per_1k_queries.provenance == "measured"

    @property
    def reference_source(self) -> str | None:
        return self.reference.figures_source if self.task is not None else None


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
        reason = Reason("cpu_only" if w.hardware is not None and not w.hardware.has_accelerator else "no_accelerator_energy")
    elif not requests or requests < 1e-6:  # as the footprint's SCI: a vanishing count is no count (and would overflow)
        reason = Reason("no_requests")
    else:
        monthly = Span(accelerator.low, accelerator.value, accelerator.high)
        from advisor.footprint import noted, say  # footprint imports this module
        from advisor.said import Worded

        figure = noted(
            Figure.from_span(monthly * (1e6 / requests), "Wh/1k queries", accelerator.provenance, accelerator.sources),
            say("rating", kwh=Worded(num(accelerator.value), num(accelerator.value, "fr")), requests=requests),
        )
    task = w.model.task or mapping.task
    if task is not None and w.model.task is None and mapping.needs_output_tokens and not (w.traffic and w.traffic.output_tokens):
        task = None
    rating = EnergyRating(figure, None, None, ref.stars.bands, ref, w.kind)
    rating.scaled = figure is not None and wf.accelerators_scaled
    if task is None:
        rating.reason = reason or Reason("no_task", {"kind": w.kind, "tasks": sorted(ref.tasks)})
        return rating
    spec = ref.tasks[task]
    cls, class_reason = _class(wf, spec)
    rating.task, rating.size_class = task, cls
    published = ref.range_for(task, cls) if (cls or not spec.classes) else None
    rating.published = published
    if figure is not None and figure.value <= 0:
        reason = Reason("zero")
    elif figure is not None and published is not None:
        rule = ref.stars
        rating.stars = rule.stars(figure.value, published.low, published.high)
        rating.stars_range = (rule.stars(figure.high, published.low, published.high),
                              rule.stars(figure.low, published.low, published.high))
        if figure.value < published.low or figure.value > published.high:
            reason = Reason("outside", {"value": figure.value, "low": published.low, "high": published.high,
                                        "better": figure.value < published.low})
    elif figure is not None:
        reason = class_reason
    rating.reason = reason
    return rating


def _class(wf, spec) -> tuple[str | None, Reason | None]:
    """The size class the model is scored in (text generation), from its total parameters."""
    if not spec.classes:
        return None, None
    params = wf.parameters_b or (Span.point(wf.workload.model.parameters_b) if wf.workload.model.parameters_b else None)
    if params is None:
        return None, Reason("unsized")
    low, high = spec.class_for(params.low), spec.class_for(params.high)
    if low != high:
        return None, Reason("straddles", {"low": params.low, "high": params.high, "class_low": low, "class_high": high})
    return low, None
