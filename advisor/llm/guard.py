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
or naming advice the rules removed or rule out here left out. An action's "[workload]" label
is the guard's to write (a model's could name another workload). Every change is reported,
in the reader's language.
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
from advisor.llm.model_text import clean, has_claim, identifier, strip_claims
from advisor.llm.words import listed, note
from advisor.report import Recommendation, recommendation_out

_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")
_LABELS = re.compile(r"^(?:\s*\[[^\[\]]*\])+\s*")  # "[chat-serving] " at the start of an action: the guard's to write
TOLERANCE_PCT = 2.0  # rounding slack before a claimed percentage counts as invented
# a warning that tells the reader not to worry, where the calculator says they should: a negated
# impact ("no accuracy impact", "aucune perte"), a verb denied ("does not hurt F1", "ne dégrade pas"),
# or a word that says it alone ("Accuracy is unaffected.", "Lossless in practice.", "précision intacte")
_DISMISSIVE = re.compile(
    r"\b(?:no|zero|negligible|without|minimal|aucune?|sans|nulle?|négligeable)\b[^.;]*"
    r"\b(?:impact|loss|risk|drop|degradation|effect|perte|risque|baisse|dégradation|effet)"
    r"|\bsafe to (?:deploy|ship|use)\b|sans risque"
    r"|\b(?:does|do|did|will|would|should|wo|is|are)(?:\s+not|n['’]t)\s+(?:\w+\s+)?"
    r"(?:affect|hurt|harm|degrade|reduce|lower|change|impact|alter|cost)\w*\s+(?:the\s+|your\s+)?"
    r"(?:accuracy|quality|precision|f1|score|metric|model)"
    r"|\b(?:accuracy|quality|precision|f1|score|metrics?)\s+(?:does|do|will|would|should|wo|is|are)(?:\s+not|n['’]t)"
    r"\s+(?:\w+\s+)?(?:drop|degrade|change|suffer|decrease|fall|move|be\s+(?:affected|impacted|hurt|lower))"
    r"|\bn['’]?\s?(?:affecte|altère|dégrade|réduit|change|modifie|impacte|baisse)\s+(?:pas|en rien|jamais)\b"
    r"|\bne\s+(?:\w+\s+)?(?:affecte|altère|dégrade|réduit|change|modifie|impacte|baisse)\s+(?:pas|en rien|jamais)\b"
    r"|(?<!\bnot\s)(?<!\bnever\s)(?<!\bpas\s)\b(?:un(?:affected|changed|impacted|harmed|diminished)|lossless|loss[-\s]?free"
    r"|inchangée?s?|intacte?s?)\b", re.I)


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
        guard.add(_cleaned(item), identifier(item.technique_id))
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

    def add(self, item: ModelRecommendation, said_id: str) -> None:
        """One row of the model's, cleaned; `said_id` is its technique id as read (model_text.identifier)."""
        if not (item.technique_id and item.workload and item.action):
            return self.remove(self.say("blank"))
        tid = canonical(said_id, self.kb.techniques)
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
        same = [n for n in self.names if identifier(n) == identifier(name)]  # full-width letters, a soft hyphen
        if len(same) == 1:
            self.out.notes.append(self.say("workload_corrected", label=label, name=same[0]))
            self.out.corrected += 1
            return same[0]
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
            tools = [t for t in technique.tools_for(sorted(self.clouds), fits(wf, self.kb.policy)) if on_target(t, technique, self.kb, target)]
            candidate = Candidate(technique, wf, found.saving, found.judgement, tools)
        return candidate

    def _row(self, item: ModelRecommendation, candidate: Candidate, workload: str, label: str, changes: list[str]):
        several = len(self.names) > 1
        row = recommendation_out(candidate, self.footprint, self.lang, several)
        action, cut = strip_claims(item.action)
        if cut:
            changes.append(self.say("figures_removed", field=self.say("field_action")))
        action = _LABELS.sub("", action)  # a label the model wrote may name another workload
        if re.search(r"\w", action):
            row.action = (f"[{workload}] " if several else "") + action
        tools = self._tools(item.tools, candidate, label)
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

    def _tools(self, said: list[str], candidate: Candidate, label: str) -> list[str]:
        """The model's tools the rules allow; the others are named in a note that says why: not the
        knowledge base's for the allowed clouds (nor open source), or, for a hardware move, not a
        way to rent its target on the workload's cloud (a tool that passes without the target)."""
        technique, fit, target = candidate.technique, fits(candidate.workload, self.kb.policy), target_of(candidate.saving, self.arch)
        tools, dropped = keep_tools(said, technique, self.kb, self.clouds, fit, target)
        if not dropped:
            return tools
        off = set(keep_tools(dropped, technique, self.kb, self.clouds, fit)[0]) if target else set()
        others = [t for t in dropped if t not in off]
        if others:
            self.out.notes.append(self.say("tools_removed", label=label, tools=", ".join(others)))
        if off:
            part = self.kb.accelerators[target.accelerator]
            self.out.notes.append(self.say("tools_off_target", label=label, target=part.name,
                                           tools=", ".join(t for t in dropped if t in off)))
        self.out.corrected += 1
        return tools

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
        """The model's summary, unless it quotes figures or pushes advice the report does not carry
        because a hard rule forbids it: a row the guard removed, or a technique no row names that is
        ruled out for one of the workloads (the summary does not say which workload it means, so it
        could be pushing it where the rules forbid it: "shift the chat traffic to night hours")."""
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
        ruled_out = [t for t in names.found(text) if t not in kept and self._ruled_out(t)]
        if ruled_out:
            self.out.notes.append(self.say("summary_ruled_out", ids=", ".join(ruled_out)))
            return None
        return text

    def _ruled_out(self, tid: str) -> bool:
        """Whether the hard rules rule this technique out for some workload of the system."""
        technique = self.kb.techniques[tid]
        return any(assess(technique, self.footprint.get(name), self.arch, self.kb, self.lang, with_saving=False).reason
                   is not None for name in self.names)


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
