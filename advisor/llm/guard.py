"""Guard-rails: turn a model's validated answer into report rows that obey every hard rule.

The model judges, ranks and explains; the calculator computes. So each row keeps the
model's order, action wording and warning, but: every string is cleaned first (no control
characters, no configured key: advisor/llm/model_text.py); its technique id is read onto
the knowledge base (advisor/llm/ids.py), and a row whose id matches none is removed, since
no hard rule could be checked on it; the hard rules of DESIGN.md are checked by the same
code as the engine's (a violating row is removed); the accuracy risk is raised to the
engine's, and the engine's accuracy warning always leads (the model's may follow it,
never replace it); tools are the knowledge base's for the allowed clouds, or its open
source ones (advisor/engine/tools.py), and for a hardware move only the calculator's target's offerings
on the workload's cloud; and the figures (and a hardware move's target) are always the engine's — an impact
claim is replaced, a figure in the action or warning cut, and a summary quoting figures
or removed advice left out. Every change is reported, in the reader's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from advisor import technique_names
from advisor.engine.accuracy import ORDER
from advisor.engine.advise import Candidate, assess
from advisor.engine.tools import fits, on_target, target_of
from advisor.engine.tools import keep as keep_tools
from advisor.i18n import reason as localised
from advisor.llm.answer import ModelAnswer, ModelRecommendation
from advisor.llm.ids import canonical
from advisor.llm.model_text import clean, has_claim, strip_claims
from advisor.llm.words import listed, note
from advisor.report import Recommendation, recommendation_out

_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")
TOLERANCE_PCT = 2.0  # rounding slack before a claimed percentage counts as invented
# a warning that tells the reader not to worry, where the calculator says they should
_DISMISSIVE = re.compile(
    r"\b(?:no|zero|negligible|without|minimal|aucune?|sans|nulle?|négligeable)\b[^.;]*"
    r"\b(?:impact|loss|risk|drop|degradation|effect|perte|risque|baisse|dégradation|effet)"
    r"|\bsafe to (?:deploy|ship|use)\b|sans risque", re.I)


@dataclass
class Guarded:
    recommendations: list[Recommendation]
    notes: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)  # the engine's view of each kept row, in order
    removed: int = 0
    corrected: int = 0
    summary: str | None = None  # the model's summary, when it can be shown


def apply(answer: ModelAnswer, analysis, lang: str) -> Guarded:
    guard = _Guard(analysis, lang)
    for item in answer.recommendations:
        guard.add(_cleaned(item))
    out = guard.out
    out.summary = guard.summary(answer.summary)
    if answer.recommendations and not out.recommendations:
        out.notes.append(guard.say("all_removed"))
    return out


def _cleaned(item: ModelRecommendation) -> ModelRecommendation:
    return item.model_copy(update={
        "technique_id": clean(item.technique_id), "workload": clean(item.workload), "action": clean(item.action),
        "impact": clean(item.impact), "tools": [t for t in (clean(t) for t in item.tools) if t],
        "warning": clean(item.warning) or None,
    })


class _Guard:
    def __init__(self, analysis, lang: str):
        self.kb, self.arch, self.footprint, self.lang = analysis.kb, analysis.architecture, analysis.footprint, lang
        self.by_key = {c.key: c for c in analysis.advice.candidates}
        self.names = [w.name for w in self.arch.workloads]
        self.clouds = set(self.arch.allowed_clouds)
        self.out = Guarded([])
        self.seen: set[tuple[str, str]] = set()
        self.dropped_ids: set[str] = set()  # techniques the report does not carry: the summary must not push them

    def say(self, key: str, **values) -> str:
        return note(key, self.lang, **values)

    def remove(self, note: str, tid: str | None = None) -> None:
        self.out.notes.append(note)
        self.out.removed += 1
        if tid:
            self.dropped_ids.add(tid)

    def add(self, item: ModelRecommendation) -> None:
        if not (item.technique_id and item.workload and item.action):
            return self.remove(self.say("blank"))
        tid = canonical(item.technique_id, self.kb.techniques)
        if tid is None:
            return self.remove(self.say("unknown", tid=item.technique_id), item.technique_id)
        changes = [] if tid == item.technique_id else [self.say("read_as", raw=item.technique_id, tid=tid)]
        workload = self._workload(item.workload, tid)
        if workload is None:
            return
        label = self.say("on", tid=tid, workload=workload)
        if (tid, workload) in self.seen:
            return self.remove(self.say("duplicate", label=label))
        self.seen.add((tid, workload))
        candidate = self._candidate(tid, workload, label)
        if candidate is None:
            return
        self.out.candidates.append(candidate)
        self.out.recommendations.append(self._row(item, candidate, workload, label, changes))

    def _workload(self, name: str, tid: str) -> str | None:
        if name in self.names:
            return name
        label = self.say("on", tid=tid, workload=name)
        if len(self.names) == 1:
            self.out.notes.append(self.say("workload_corrected", label=label, name=self.names[0]))
            self.out.corrected += 1
            return self.names[0]
        self.remove(self.say("no_workload", label=label))
        return None

    def _candidate(self, tid: str, workload: str, label: str) -> Candidate | None:
        technique, wf = self.kb.techniques[tid], self.footprint.get(workload)
        candidate = self.by_key.get((tid, workload))
        found = assess(technique, wf, self.arch, self.kb, self.lang, with_saving=candidate is None)
        if found.reason is not None:
            self.remove(self.say("removed", label=label, reason=localised(found.reason, self.lang)), tid)
            return None
        if candidate is None:
            if found.saving is None:
                self.remove(self.say("no_saving", label=label), tid)
                return None
            target = target_of(found.saving, self.arch)  # a hardware move names only its target's offerings
            tools = [t for t in technique.tools_for(sorted(self.clouds), fits(wf)) if on_target(t, technique, self.kb, target)]
            candidate = Candidate(technique, wf, found.saving, found.judgement, tools)
        return candidate

    def _row(self, item: ModelRecommendation, candidate: Candidate, workload: str, label: str, changes: list[str]):
        several = len(self.names) > 1
        row = recommendation_out(candidate, self.footprint, self.lang, several)
        action, cut = strip_claims(item.action)
        if cut:
            changes.append(self.say("figures_removed", field=self.say("field_action")))
        if action:
            row.action = (f"[{workload}] " if several and not action.startswith("[") else "") + action
        tools, dropped = keep_tools(item.tools, candidate.technique, self.kb, self.clouds, fits(candidate.workload),
                                    target_of(candidate.saving, self.arch))
        if dropped:
            self.out.notes.append(self.say("tools_removed", label=label, tools=", ".join(dropped)))
            self.out.corrected += 1
        if tools:
            row.tools = tools
        if ORDER.index(item.accuracy_risk) >= ORDER.index(candidate.accuracy.risk):
            row.accuracy_risk = item.accuracy_risk
        else:
            changes.append(self.say("risk_raised", old=self.say(f"risk_{item.accuracy_risk}"),
                                    new=self.say(f"risk_{candidate.accuracy.risk}")))
        row.warning = self._warning(item.warning, candidate, changes)
        row.difficulty = item.difficulty or row.difficulty  # the model's judgement; the engine's if unreadable
        if _exaggerated(item.impact, candidate):
            changes.append(self.say("impact_replaced", claim=item.impact[:80]))
        if changes:
            self.out.corrected += 1
            self.out.notes.append(self.say("changes", label=label, changes=self.say("and").join(changes)))
        return row

    def _warning(self, said: str | None, candidate: Candidate, changes: list[str]) -> str | None:
        """The engine's warning first, whenever it has one; the model's own words after it. The
        notes name what the engine's warning holds (accuracy warning, latency or availability
        caveat), so a reader is not told an accuracy warning was added when it was a latency one."""
        engine = candidate.warning(self.lang)
        what = listed(_parts(candidate), self.lang)
        text, cut = strip_claims(said or "")
        if cut:
            changes.append(self.say("figures_removed", field=self.say("field_warning")))
        text = text if re.search(r"\w", text) else ""
        if not engine:
            return text or None
        if not text:
            changes.append(self.say("warning_added", what=what))
            return engine
        if _DISMISSIVE.search(text):
            changes.append(self.say("warning_dismissive", what=what))
            return engine
        if text in engine:
            return engine
        changes.append(self.say("warning_kept", what=what))
        return f"{engine} {text}"

    def summary(self, text: str) -> str | None:
        """The model's summary, unless it quotes figures or pushes advice the report removed."""
        text = clean(text, lines=True)
        if not text:
            return None
        if has_claim(text):
            self.out.notes.append(self.say("summary_figures"))
            return None
        kept = {r.technique_id for r in self.out.recommendations}
        names = technique_names.of(self.kb.techniques)  # its id, en/fr name or a common name (LoRA)
        mentioned = sorted(t for t in self.dropped_ids - kept if names.mentions(text, t))
        if mentioned:
            self.out.notes.append(self.say("summary_removed", ids=", ".join(mentioned)))
            return None
        return text


def _parts(candidate: Candidate) -> list[str]:
    """What the engine's warning for this row is made of, as keys of advisor/llm/words.py, in
    Candidate.warning's order: the accuracy warning, then each of the saving's caveats (the
    latency one is advisor/engine/latency.caveat's; a region move's is the availability check)."""
    from advisor.engine import latency

    parts = ["accuracy_warning"] if candidate.accuracy.warning else []
    slower = latency.caveat(candidate.technique, candidate.workload.workload)
    for caveat in candidate.saving.caveats:
        if caveat == slower:
            parts.append("latency_caveat")
        elif candidate.technique.impact.method == "grid-region":
            parts.append("availability_caveat")
        else:
            parts.append("caveat")
    return parts


def _exaggerated(impact: str, candidate: Candidate) -> bool:
    """A claimed percentage above the calculator's high bound (for energy, or emissions)."""
    claimed = [float(m.group(1).replace(",", ".")) for m in _PERCENT.finditer(impact or "")]
    if not claimed:
        return False
    high = max(candidate.energy_fraction().high, candidate.emissions_fraction().high) * 100
    return max(claimed) > high + TOLERANCE_PCT
