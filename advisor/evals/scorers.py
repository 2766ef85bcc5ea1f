"""Scorers: small pure functions, each returning a score in [0, 1] with its explanation.

A scorer that does not apply to a case (nothing to flag, no objective) returns None and
is left out of the case's mean, so "nothing to check" never passes as "checked and right".
Each one reads a report in the JSON contract (a dict), so it scores the offline engine, a
model, or a saved report the same way. The hard rules are checked by `advisor.guardrails`,
the code the guard-rails apply to a model's answer, so the suite cannot judge a row by a
rule the product does not enforce (or miss one it does); each rule is scored in one column.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from advisor.engine.accuracy import ORDER
from advisor.evals import contract
from advisor.guardrails import Violation

TOLERANCE = 0.05  # relative slack around the calculator's range (rounding in saved reports)
OWN_COLUMN = ("tools", "practices")  # hard rules with a column of their own; the rest score as "rules"


@dataclass(frozen=True)
class Score:
    name: str
    value: float | None  # None: not applicable to this case
    explanation: str
    weight: float = 1.0


def _rows(report: dict) -> list:
    """The recommendations as listed (any type), so row numbers match the report's."""
    recs = report.get("recommendations")
    return recs if isinstance(recs, list) else []


def _recs(report: dict) -> list[dict]:
    return [r for r in _rows(report) if isinstance(r, dict)]


def _ids(report: dict) -> set[str]:
    return {r.get("technique_id") for r in _recs(report) if isinstance(r.get("technique_id"), str)}


def _listed(items: list[str], limit: int) -> str:
    return "; ".join(items[:limit]) + (f" (+{len(items) - limit} more)" if len(items) > limit else "")


def schema_valid(report: dict, case, engine) -> Score:
    problems = contract.problems(report)
    if problems:
        return Score("schema", 0.0, _listed(problems, 5))
    return Score("schema", 1.0, f"{len(report['recommendations'])} recommendations in the contract's shape")


def _violations(report: dict, case, engine) -> tuple[int, list[Violation]]:
    """The report's rows and their hard-rule violations, with the case's allowed clouds."""
    rows = _rows(report)
    clouds = case.expect.clouds or case.loaded.architecture.allowed_clouds
    return len(rows), engine.violations(rows, clouds)


def _rows_clean(name: str, report: dict, case, engine, counted, ok: str) -> Score:
    """The share of rows that break no rule `counted(rule)` keeps; the explanation names each offending row."""
    n, found = _violations(report, case, engine)
    if not n:
        return Score(name, None, "no recommendation")
    found = [v for v in found if counted(v.rule)]
    bad_rows = {v.row for v in found}
    explanation = _listed([f"row {v.row + 1} ({v.rule}): {v}" for v in found], 3) if found else ok
    return Score(name, 1 - len(bad_rows) / n, explanation)


def include_recall(report: dict, case, engine) -> Score:
    wanted = case.expect.include
    if not wanted:
        return Score("include", None, "no expected action")
    got = _ids(report)
    missing = [t for t in wanted if t not in got]
    value = 1 - len(missing) / len(wanted)
    return Score("include", value, "all expected actions present" if not missing else f"missing: {', '.join(missing)}")


def exclude_respected(report: dict, case, engine) -> Score:
    banned = case.expect.exclude
    if not banned:
        return Score("exclude", None, "nothing to exclude")
    present = sorted(_ids(report) & set(banned))
    value = 1 - len(present) / len(banned)
    return Score("exclude", value, "no excluded action" if not present else f"recommended although wrong here: {', '.join(present)}")


def accuracy_flags(report: dict, case, engine) -> Score:
    risky = set(case.expect.flag_accuracy_risk)
    flagged = [r for r in _recs(report) if isinstance(r.get("technique_id"), str) and r["technique_id"] in risky]
    if not flagged:
        return Score("accuracy", None, "no action that needs an accuracy warning was recommended")
    bad = [r["technique_id"] for r in flagged
           if not r.get("warning") or r.get("accuracy_risk") not in ORDER or ORDER.index(r["accuracy_risk"]) < ORDER.index("medium")]
    value = 1 - len(bad) / len(flagged)
    return Score("accuracy", value, "every risky action is flagged" if not bad else f"no warning or risk below medium: {', '.join(bad)}")


def tools_allowed(report: dict, case, engine) -> Score:
    return _rows_clean("tools", report, case, engine, lambda rule: rule == "tools", "every tool is allowed")


def practices_respected(report: dict, case, engine) -> Score:
    if not any(w.practices for w in case.loaded.architecture.workloads):
        return Score("practices", None, "no practice in place")
    return _rows_clean("practices", report, case, engine, lambda rule: rule == "practices", "nothing already in place")


def rules_respected(report: dict, case, engine) -> Score:
    """DESIGN's other hard rules on every row, whatever the case lists: applicability (kind,
    hardware, deferrability), the accuracy risk the margin calls for, known technique and
    workload, figures that are numbers ≥ 0."""
    return _rows_clean("rules", report, case, engine, lambda rule: rule not in OWN_COLUMN, "every row obeys the hard rules")


def _amount(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def figures_in_range(report: dict, case, engine) -> Score:
    """Each saving lies within the calculator's range for that action on that workload.

    A saving the calculator cannot check (unknown technique or workload, an action it rules
    out) is unverifiable, so it fails; only a row that claims no saving at all (both 0, as
    the guard-rails write a row outside the knowledge base) has nothing to check.
    """
    ranges = engine.saving_ranges()
    fields = ("saving_kwh_month", "saving_kgco2e_month")
    checked, off = 0, []
    for i, r in enumerate(_rows(report), 1):
        if not isinstance(r, dict):
            continue  # the schema scorer says so
        tid, workload = r.get("technique_id"), r.get("workload")
        key = (tid, workload) if isinstance(tid, str) and isinstance(workload, str) else None
        if key not in ranges:
            if all(r.get(f) == 0 for f in fields) and all(_amount(r.get(f)) for f in fields):
                continue
            checked += 1
            claimed = ", ".join(f"{f}={r.get(f)!r}" for f in fields)
            off.append(f"row {i}: {tid} on {workload}: no calculator figure to check {claimed} against")
            continue
        checked += 1
        for field_name, (low, high) in zip(fields, ranges[key]):
            value = r.get(field_name)
            if not _amount(value) or value < low * (1 - TOLERANCE) - 1e-9 or value > high * (1 + TOLERANCE) + 1e-9:
                off.append(f"row {i}: {tid} on {workload}: {field_name}={value!r} outside {low:.3g}–{high:.3g}")
                break
    if not checked:
        return Score("figures", None, "no figure to check")
    value = 1 - len(off) / checked
    return Score("figures", value, f"{checked} figures within the calculator's ranges" if not off else _listed(off, 3))


def objective_reached(report: dict, case, engine) -> Score:
    """Reported for information (weight 0): an objective may be honestly out of reach."""
    plan = report.get("plan")
    if not isinstance(plan, dict) or plan.get("objective_reduce_energy_pct") is None:
        return Score("objective", None, "no objective or no plan", weight=0.0)
    status = plan.get("status")
    value = {"reached": 1.0, "reached-with-risk": 0.5}.get(status, 0.0)
    return Score("objective", value, str(plan.get("message") or status), weight=0.0)


SCORERS = (schema_valid, include_recall, exclude_respected, accuracy_flags, tools_allowed, practices_respected,
           rules_respected, figures_in_range, objective_reached)


def case_score(scores: list[Score]) -> float:
    counted = [s for s in scores if s.value is not None and s.weight > 0]
    if not counted:
        return 0.0
    if any(s.name == "schema" and s.value == 0 for s in counted):
        return 0.0  # a report that is not in the contract's shape cannot be trusted on anything else
    return sum(s.value * s.weight for s in counted) / sum(s.weight for s in counted)
