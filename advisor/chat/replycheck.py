"""A model's chat reply, checked against the hard rules: what it names that they forbid here.

Why: a table row can be corrected or removed (advisor/llm/guard.py), but a prose reply
cannot be rewritten reliably, and printed as is it may tell the user to shift real-time
work, use a technique ruled out for this workload, redo what is already in place or buy
from a cloud they excluded. So the reply stays as written and is followed by a note naming
each such action and the rule it breaks. The rules are advisor/guardrails.check's and
advisor/clouds.foreign's; this module only asks them about what the prose names
(advisor/chat/mentions.py) and words the answer.
"""

from __future__ import annotations

from advisor.chat import mentions
from advisor.chat.words import say
from advisor.clouds import foreign
from advisor.guardrails import check
from advisor.i18n import num, reason


def notes(reply: str, analysis, lang: str) -> list[str]:
    """The note's lines (a heading, then one per broken rule); empty when the reply breaks none."""
    kb, arch, footprint = analysis.kb, analysis.architecture, analysis.footprint
    names = mentions.workloads(reply, arch)
    # prose has no accuracy-risk column to grade: rows claim the highest risk, with a warning,
    # so only the rules about the action itself (practices, applicability, accuracy margin) speak
    rows = [{"technique_id": tid, "workload": name, "accuracy_risk": "high", "warning": "-"}
            for tid in mentions.techniques(reply, kb, arch) for name in names]
    violations = check(rows, arch, footprint, kb, lang)
    # a technique allowed on one of the workloads the reply may mean is taken to mean that one
    forbidden = {v.technique_id for v in violations
                 if {w.workload for w in violations if w.technique_id == v.technique_id} >= set(names)}
    lines = [say("rules_action", lang, technique=kb.techniques[v.technique_id].name(lang), id=v.technique_id,
                 workload=v.workload, reason=reason(v.detail, lang))
             for v in violations if v.technique_id in forbidden]
    clouds = sorted(arch.allowed_clouds)
    lines += [say("rules_tool", lang, tool=tool, cloud=cloud, clouds=", ".join(clouds))
              for tool, cloud in foreign(mentions.tools(reply, kb), clouds)]
    if mentions.dismisses_accuracy(reply):
        for w in arch.workloads:
            if w.name in names and w.quality is not None:
                q = w.quality
                lines.append(say("rules_quality", lang, workload=w.name, metric=q.metric,
                                 minimum=num(q.minimum, lang), current=num(q.current, lang)))
    return [say("rules_head", lang), *lines] if lines else []
