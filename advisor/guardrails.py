"""The hard rules of DESIGN.md, checked on any list of recommendations, whoever wrote it.

The offline engine obeys them by construction; a model's answer must be checked. The same
checks serve the tests (tests/test_engine.py: the engine never violates them), the LLM path
(violations are removed or corrected and reported) and the eval suite (violations lose points).
The tools rule is the one the engine and the guard use (advisor/engine/tools.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from advisor.architecture import Architecture
from advisor.clouds import foreign
from advisor.engine.accuracy import ORDER
from advisor.engine.advise import assess
from advisor.engine.tools import Target, fits, keep, target_of
from advisor.footprint import Footprint
from advisor.kb import KnowledgeBase


@dataclass(frozen=True)
class Violation:
    technique_id: str
    workload: str
    rule: str  # practices | applicability | accuracy | tools | figures | unknown
    detail: str
    row: int = 0  # the recommendation's position in the list, from 0: a report may repeat a row

    def __str__(self) -> str:
        return f"{self.technique_id} on {self.workload}: {self.detail}"


def check(recommendations, arch: Architecture, footprint: Footprint, kb: KnowledgeBase, lang: str = "en",
          clouds: Iterable[str] | None = None) -> list[Violation]:
    """Every hard-rule violation in `recommendations` (objects or dicts with the contract's fields).

    Rows may come from a saved file, so any field may have any type: what is not a string
    where a name is expected is unknown, what is not a finite number is a bad figure.
    `clouds` narrows the allowed clouds (an eval case's expert list); the architecture's by default.
    """
    found: list[Violation] = []
    names = {w.name for w in arch.workloads}
    allowed = set(arch.allowed_clouds if clouds is None else clouds)
    for row, rec in enumerate(recommendations):
        get = rec.get if isinstance(rec, dict) else lambda k, d=None, r=rec: getattr(r, k, d)
        tid, wname = get("technique_id"), get("workload")

        def add(rule: str, detail: str, tid=tid, wname=wname, row=row) -> None:
            found.append(Violation(str(tid), str(wname), rule, detail, row))

        for key in ("saving_kwh_month", "saving_kgco2e_month"):
            value = get(key, 0)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
                add("figures", f"{key} must be a finite number ≥ 0, got {value!r}")
        if not isinstance(tid, str) or tid not in kb.techniques:
            add("unknown", f"'{tid}' is not a technique of the knowledge base")
            continue
        if not isinstance(wname, str) or wname not in names:
            add("unknown", f"no workload named '{wname}' in the architecture")
            continue
        technique = kb.techniques[tid]
        wf = footprint.get(wname)
        # a hardware move's tools and `target` are judged against the calculator's target, so its saving
        # is computed; no other row needs one here (the eval suite checks thousands of rows)
        moves = technique.impact.method == "accelerator-swap"  # the method that picks Saving.target_id
        assessment = assess(technique, wf, arch, kb, lang, with_saving=moves)
        target = target_of(assessment.saving, arch)
        tools = get("tools", None)
        _tools(tools if isinstance(tools, (list, tuple)) else [], technique, wf, kb, allowed, target, add)
        _target(get("target", None), target, add)
        if tid in wf.workload.practices:
            add("practices", "already in place (practices)")
            continue
        if assessment.reason is not None:
            add(assessment.rule, assessment.reason)
            continue
        judgement = assessment.judgement
        risk = get("accuracy_risk", "none")
        if risk not in ORDER or ORDER.index(risk) < ORDER.index(judgement.risk):
            add("accuracy", f"accuracy_risk '{risk}' is below '{judgement.risk}' for this margin")
        if judgement.warning and not get("warning", None):
            add("accuracy", "an accuracy warning is required for this margin")
    return found


def _tools(tools, technique, wf, kb, allowed: set[str], target: Target | None, add) -> None:
    """The tools rule, as the guard applies it to a model's answer (advisor/engine/tools.py): a tool
    must be the knowledge base's, for this technique on the allowed clouds, or open source; for a
    hardware move, one that rents the calculator's target on the workload's cloud, or none."""
    names = [str(t) for t in tools]
    _, dropped = keep(names, technique, kb, allowed, fits(wf, kb.policy), target)
    # what the rules alone drop, target aside: any other drop is the target's
    off_rules = keep(names, technique, kb, allowed, fits(wf, kb.policy))[1] if target is not None and dropped else dropped
    brands = dict(foreign(dropped, allowed))
    for tool in dropped:
        if tool in brands:
            add("tools", f"tool '{tool}' belongs to {brands[tool]}, not among the allowed clouds ({', '.join(sorted(allowed))})")
        elif target is not None and tool not in off_rules:
            name = kb.accelerators[target.accelerator].name
            add("tools", f"tool '{tool}' is not a way to rent this move's target ({name}) on {target.cloud}, "
                         "where the workload runs")
        else:
            add("tools", f"tool '{tool}' is not among the knowledge base's tools for this technique on the allowed "
                         "clouds, nor open source")


def _target(said, target: Target | None, add) -> None:
    """A row's `target` (optional in the contract) must be the calculator's: the accelerator it
    picked for a hardware move, and none for any other row."""
    if said is None:
        return
    named = said.get("accelerator") if isinstance(said, dict) else getattr(said, "accelerator", None)
    if target is None:
        add("figures", f"target {said!r} given, but the calculator picks no accelerator for this row")
    elif named != target.accelerator:
        add("figures", f"target {said!r} is not the calculator's ({target.accelerator})")
