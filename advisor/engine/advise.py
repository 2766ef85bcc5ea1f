"""The offline advisor: candidate actions for each workload, ranked, and their combined plan.

For every (workload, technique) pair the hard rules decide applicability, the accuracy
judgement may rule it out or flag it, and the savings calculator sizes it. Ranking weighs
kgCO2e saved by risk and difficulty. The plan combines the top actions multiplicatively
(two 30 % cuts give 51 %, not 60 %), at most one per technique group and workload, and
says plainly whether the file's objective is reachable with safe actions.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from advisor.architecture import Architecture
from advisor.engine import latency
from advisor.engine.accuracy import AccuracyJudgement, judge
from advisor.engine.applicability import why_not
from advisor.engine.combine import Running, combine
from advisor.engine.savings import Saving, compute, ruled_out
from advisor.engine.shares import emissions_share, energy_share
from advisor.engine.tools import fits, hardware, on_target, target_of
from advisor.figures import Span
from advisor.footprint import Footprint, WorkloadFootprint
from advisor.kb import KnowledgeBase, Technique


@dataclass
class Candidate:
    technique: Technique
    workload: WorkloadFootprint
    saving: Saving
    accuracy: AccuracyJudgement
    tools: list[str]
    score: float = 0.0

    @property
    def key(self) -> tuple[str, str]:
        return (self.technique.id, self.workload.name)

    def warning(self, lang: str) -> str | None:
        """The accuracy warning (already in the judged language), then the saving's caveats."""
        parts = [self.accuracy.warning] + [c(lang) for c in self.saving.caveats]
        return " ".join(p for p in parts if p) or None

    def energy_fraction(self) -> Span:
        """The share of the workload's energy this action removes (advisor/engine/shares.py)."""
        return energy_share(self.saving.kwh, self.workload.energy)

    def emissions_fraction(self) -> Span:
        """The share of the workload's operational + embodied emissions this action removes."""
        wf = self.workload
        return emissions_share(self.saving.kg_operational, self.saving.kg_embodied, wf.operational, wf.embodied)


@dataclass
class Exclusion:
    technique_id: str
    workload: str
    reason: str


@dataclass
class Plan:
    objective_pct: float | None
    actions: list[Candidate]
    energy_before: Span
    energy_after: Span
    emissions_before: Span
    emissions_after: Span
    status: str  # reached | reached-with-risk | out-of-reach | no-objective | nothing-to-do
    safe_energy_reduction_pct: float = 0.0

    @property
    def energy_reduction_pct(self) -> Span:
        return _reduction(self.energy_before, self.energy_after)

    @property
    def emissions_reduction_pct(self) -> Span:
        return _reduction(self.emissions_before, self.emissions_after)


def _reduction(before: Span, after: Span) -> Span:
    """Percent cut; the optimistic bound pairs the high 'before' with the low 'after'."""
    if before.value <= 0:
        return Span.point(0.0)
    value = (1 - after.value / before.value) * 100
    # after is computed per bound from the same bounds of before, so compare like with like
    low = (1 - after.high / before.high) * 100 if before.high else 0.0
    high = (1 - after.low / before.low) * 100 if before.low else 0.0
    return Span(min(low, value, high), value, max(low, value, high)).clamp(0.0, 100.0)


@dataclass
class Advice:
    footprint: Footprint
    candidates: list[Candidate]
    excluded: list[Exclusion] = field(default_factory=list)
    plan: Plan | None = None


@dataclass
class Assessment:
    """One technique on one workload: why it is ruled out (by the hard rules or by the accuracy
    margin), or its accuracy judgement and, when asked for, its saving (None: nothing to save)."""

    reason: str | None = None
    rule: str | None = None  # applicability | accuracy, when ruled out
    judgement: AccuracyJudgement | None = None
    saving: Saving | None = None


def assess(technique: Technique, wf: WorkloadFootprint, arch: Architecture, kb: KnowledgeBase, lang: str = "en",
           *, with_saving: bool = True) -> Assessment:
    """The hard rules, then the accuracy judgement, then the saving: the one sequence every
    checker of a recommendation goes through (engine, guard-rails, rule checker, eval scorer)."""
    technique = technique.on(hardware(wf))  # its CPU-measured impact on CPU-only hardware
    reason = why_not(technique, wf, arch, kb) or ruled_out(technique, wf, kb, arch)
    if reason is not None:
        return Assessment(reason, "applicability")
    judgement = judge(technique, wf.workload, kb.policy, lang)
    if judgement.excluded:
        return Assessment(judgement.excluded, "accuracy", judgement)
    saving = compute(technique, wf, arch, kb, lang) if with_saving else None
    slower = latency.caveat(technique, wf.workload)
    if saving is not None and slower is not None:
        saving = replace(saving, caveats=(slower, *saving.caveats))
    return Assessment(judgement=judgement, saving=saving)


def advise(arch: Architecture, footprint: Footprint, kb: KnowledgeBase, lang: str = "en") -> Advice:
    candidates: list[Candidate] = []
    excluded: list[Exclusion] = []
    clouds = arch.allowed_clouds
    policy = kb.policy
    for wf in footprint.workloads:
        for technique in kb.techniques.values():
            technique = technique.on(hardware(wf))
            found = assess(technique, wf, arch, kb, lang)
            if found.reason is not None:
                excluded.append(Exclusion(technique.id, wf.name, found.reason))
                continue
            judgement, saving = found.judgement, found.saving
            if saving is None or not _worth_it(technique, saving, wf, policy.min_saving_pct_of_workload):
                excluded.append(Exclusion(technique.id, wf.name, "no worthwhile saving for this workload"))
                continue
            tools = _target_tools(technique.tools_for(clouds, fits(wf, kb.policy)), technique, saving, arch, kb)
            score = saving.kg.value * policy.risk_weight[judgement.risk] * policy.difficulty_weight[technique.difficulty]
            candidates.append(Candidate(technique, wf, saving, judgement, tools, score))
    candidates.sort(key=lambda c: (-c.score, -c.saving.kwh.value, c.technique.difficulty != "low", c.key))
    advice = Advice(footprint, candidates, excluded)
    advice.plan = make_plan(arch, footprint, candidates, kb)
    return advice


def _target_tools(tools: list[str], technique: Technique, saving: Saving, arch: Architecture,
                  kb: KnowledgeBase) -> list[str]:
    """A hardware move names only its target's offerings on the workload's own cloud: the rule
    the guard and the rule checker apply to the tools a model names (engine/tools.py, on_target)."""
    target = target_of(saving, arch)
    return [t for t in tools if on_target(t, technique, kb, target)]


def _worth_it(technique: Technique, saving: Saving, wf: WorkloadFootprint, min_pct: float) -> bool:
    if technique.lever == "none" or technique.impact.method == "market-based":
        return True
    if technique.lever == "carbon":
        base = wf.emissions.value
        return base > 0 and saving.kg.value / base * 100 >= min_pct
    base = wf.energy.value
    return base > 0 and saving.kwh.value / base * 100 >= min_pct


def make_plan(arch: Architecture, footprint: Footprint, candidates: list[Candidate], kb: KnowledgeBase) -> Plan:
    """The plan: at most one action per (workload, technique group), the smallest prefix of the
    safe ranking that reaches the objective, else the risky ones too. Linear in the number of
    actions (advisor/engine/combine.py): files with hundreds of workloads rank thousands."""
    useful = [c for c in candidates if c.saving.kwh.value > 0 or c.saving.kg.value > 0]
    safe = [c for c in useful if c.accuracy.risk in kb.policy.safe_risks]
    objective = arch.objective.reduce_energy_pct
    before_e, before_c = footprint.energy, footprint.emissions

    def reduction(actions: list[Candidate]) -> float:
        after, _ = combine(footprint, actions)
        return (1 - after.value / before_e.value) * 100 if before_e.value else 0.0

    def plan(actions: list[Candidate], status: str, safe_pct: float) -> Plan:
        after_e, after_c = combine(footprint, actions)
        return Plan(objective, actions, before_e, after_e, before_c, after_c, status, safe_pct)

    all_safe = Running(footprint, safe).actions
    safe_pct = reduction(all_safe)
    if not useful:
        return plan([], "nothing-to-do", 0.0)
    if objective is None:
        return plan(all_safe, "no-objective", safe_pct)
    # Smallest prefix of the safe ranking that reaches the objective, plus carbon-only levers.
    chosen = Running(footprint)
    for c in all_safe:
        if chosen.reduction() >= objective:
            break
        chosen.add(c)
    for c in all_safe:
        if c.technique.lever == "carbon":
            chosen.add(c)
    if reduction(chosen.actions) >= objective:
        return plan(chosen.actions, "reached", safe_pct)
    with_risk = Running(footprint, all_safe)
    for c in useful:
        with_risk.add(c)
    if reduction(with_risk.actions) >= objective:
        extended = Running(footprint, all_safe)
        for c in useful:
            if extended.reduction() >= objective:
                break
            extended.add(c)
        return plan(extended.actions, "reached-with-risk", safe_pct)
    return plan(with_risk.actions, "out-of-reach", safe_pct)
