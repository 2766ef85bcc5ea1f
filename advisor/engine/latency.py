"""The latency gate: techniques that make requests slower, against the file's p95 budget.

A technique whose `latency.effect` is `higher` declares, in its `applies` block, the tightest
p95 budget it can live with (`min_latency_budget_ms`: below it, it is ruled out by
applicability.why_not; a mapping when it differs for accelerator and CPU-only hardware) and/or the budget below which it is kept but flagged
(`latency_warning_below_ms`). Each value is a judgement, explained in the technique's latency
note; knowledge/policy.yaml says how they were chosen. Work with no `slo` is not gated.
"""

from __future__ import annotations

from advisor.architecture import Workload
from advisor.kb import Technique, Text


def budget(workload: Workload) -> float | None:
    slo = workload.slo
    return slo.latency_p95_ms if slo is not None else None


def floor_ms(technique: Technique, workload: Workload) -> float | None:
    """The technique's minimum budget for this workload's hardware (accelerator or CPU-only)."""
    floor = technique.applies.min_latency_budget_ms
    if isinstance(floor, dict):
        hw = workload.hardware
        floor = floor.get("accelerator" if hw is not None and hw.has_accelerator else "cpu")
    return floor


def ruled_out(technique: Technique, workload: Workload) -> str | None:
    """Why the budget rules the technique out, or None."""
    p95, floor = budget(workload), floor_ms(technique, workload)
    if p95 is None or floor is None or p95 >= floor:
        return None
    return f"latency budget {p95:g} ms (p95) below the {floor:g} ms it needs (it makes requests slower)"


def caveat(technique: Technique, workload: Workload) -> Text | None:
    """The warning a latency-raising technique carries under a tight, but not ruling-out, budget."""
    p95, limit = budget(workload), technique.applies.latency_warning_below_ms
    if p95 is None or limit is None or p95 >= limit:
        return None
    note = technique.latency.note
    why = {lang: f" ({_first_sentence(note(lang))})" if note else "" for lang in ("en", "fr")}
    return Text(
        en=f"Latency: your p95 budget is {p95:g} ms and this action makes requests slower{why['en']}: "
        "measure the p95 under peak load before and after.",
        fr=f"Latence : votre budget p95 est de {p95:g} ms et cette action ralentit les requêtes{why['fr']} : "
        "mesurez le p95 en charge de pointe avant et après.",
    )


def _first_sentence(text: str) -> str:
    return text.split(". ")[0].rstrip(". ")
