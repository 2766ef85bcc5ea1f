"""Guard-rails: turn a model's validated answer into report rows that obey every hard rule.

The model judges, ranks and explains; the calculator computes. So each row keeps the
model's order, action wording and warning, but: its technique must be in the knowledge
base (otherwise the row is kept, marked outside it, with no figures); the hard rules of
DESIGN.md are checked by the same code as the engine's (a violating row is removed); the
accuracy risk and warning are raised to the engine's when the model's are weaker; tools
from clouds that are not allowed are dropped; and the figures are always the engine's —
an impact claim beyond the calculator's range is replaced. Every change is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from advisor.engine.accuracy import ORDER
from advisor.engine.advise import Candidate, assess
from advisor.clouds import foreign
from advisor.llm.answer import ModelAnswer, ModelRecommendation
from advisor.report import Recommendation, recommendation_out

_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")
TOLERANCE_PCT = 2.0  # rounding slack before a claimed percentage counts as invented


@dataclass
class Guarded:
    recommendations: list[Recommendation]
    notes: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)  # the engine's view of the kept rows, in order
    removed: int = 0
    corrected: int = 0


def apply(answer: ModelAnswer, analysis, lang: str) -> Guarded:
    kb, arch, footprint, advice = analysis.kb, analysis.architecture, analysis.footprint, analysis.advice
    by_key = {c.key: c for c in advice.candidates}
    names = [w.name for w in arch.workloads]
    clouds = set(arch.allowed_clouds)
    several = len(names) > 1
    out = Guarded([])
    seen: set[tuple[str, str]] = set()

    for item in answer.recommendations:
        tid = item.technique_id.strip()
        workload = item.workload.strip()
        label = f"{tid} on {workload}"
        if workload not in names:
            if len(names) == 1:
                out.notes.append(f"{label}: workload corrected to '{names[0]}'")
                out.corrected += 1
                workload = names[0]
            else:
                out.notes.append(f"{label}: removed (no workload of that name)")
                out.removed += 1
                continue
        if (tid, workload) in seen:
            out.notes.append(f"{label}: removed (duplicate)")
            out.removed += 1
            continue
        seen.add((tid, workload))
        tools, dropped = _allowed_tools(item.tools, clouds)
        if dropped:
            out.notes.append(f"{label}: tools removed (not on the allowed clouds): {', '.join(dropped)}")
            out.corrected += 1
        if tid not in kb.techniques:
            out.notes.append(f"{tid}: outside the knowledge base; kept without figures, not checked against the rules")
            out.recommendations.append(_outside(item, workload, tools, lang, several))
            continue
        technique = kb.techniques[tid]
        wf = footprint.get(workload)
        candidate = by_key.get((tid, workload))
        found = assess(technique, wf, arch, kb, lang, with_saving=candidate is None)
        if found.reason is not None:
            out.notes.append(f"{label}: removed ({found.reason})")
            out.removed += 1
            continue
        if candidate is None:
            judgement, saving = found.judgement, found.saving
            if saving is None:
                out.notes.append(f"{label}: removed (the calculator finds no saving for this workload)")
                out.removed += 1
                continue
            candidate = Candidate(technique, wf, saving, judgement, technique.tools_for(list(clouds)))
        out.candidates.append(candidate)
        row = recommendation_out(candidate, footprint, lang, several)
        changes = []
        if item.action.strip():
            row.action = (f"[{workload}] " if several and not item.action.startswith("[") else "") + item.action.strip()
        if tools:
            row.tools = tools
        if ORDER.index(item.accuracy_risk) >= ORDER.index(candidate.accuracy.risk):
            row.accuracy_risk = item.accuracy_risk
        else:
            changes.append(f"accuracy risk raised from {item.accuracy_risk} to {candidate.accuracy.risk}")
        if item.warning:
            row.warning = item.warning.strip()
        elif candidate.accuracy.warning:
            changes.append("accuracy warning added")
        row.difficulty = item.difficulty  # a judgement: the model's to make
        if _exaggerated(item.impact, candidate):
            changes.append(f"impact claim '{item.impact.strip()[:80]}' replaced by the calculator's figures")
        if changes:
            out.corrected += 1
            out.notes.append(f"{label}: " + "; ".join(changes))
        out.recommendations.append(row)
    return out


def _allowed_tools(tools: list[str], clouds: set[str]) -> tuple[list[str], list[str]]:
    dropped = [tool.strip() for tool, _ in foreign(tools, clouds)]
    kept = [tool.strip() for tool in tools if tool.strip() not in dropped]
    return [t for t in kept if t], dropped


def _exaggerated(impact: str, candidate: Candidate) -> bool:
    """A claimed percentage above the calculator's high bound (for energy, or emissions)."""
    claimed = [float(m.group(1).replace(",", ".")) for m in _PERCENT.finditer(impact or "")]
    if not claimed:
        return False
    high = max(candidate.energy_fraction().high, candidate.emissions_fraction().high) * 100
    return max(claimed) > high + TOLERANCE_PCT


def _outside(item: ModelRecommendation, workload: str, tools: list[str], lang: str, several: bool) -> Recommendation:
    note = (
        "hors de la base de connaissances : non chiffré, non vérifié" if lang == "fr"
        else "outside the knowledge base: not quantified, not checked"
    )
    return Recommendation(
        technique_id=item.technique_id.strip(),
        workload=workload,
        action=(f"[{workload}] " if several else "") + item.action.strip(),
        impact=note,
        difficulty=item.difficulty,
        tools=tools,
        accuracy_risk=item.accuracy_risk,
        warning=item.warning,
        saving_kwh_month=0.0,
        saving_kgco2e_month=0.0,
        name=item.action.strip(),
        in_knowledge_base=False,
    )
