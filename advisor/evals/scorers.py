"""Scorers: small pure functions, each returning a score in [0, 1] with its explanation.

A scorer that does not apply to a case (nothing to flag, no objective) returns None and
is left out of the case's mean, so "nothing to check" never passes as "checked and right".
Each one reads a report in the JSON contract (a dict), so it scores the offline engine, a
model, or a saved report the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.engine.accuracy import ORDER
from advisor.clouds import tool_cloud

REQUIRED = {
    "technique_id": str, "workload": str, "action": str, "impact": str, "difficulty": str,
    "tools": list, "accuracy_risk": str, "saving_kwh_month": (int, float), "saving_kgco2e_month": (int, float),
}
TOLERANCE = 0.05  # relative slack around the calculator's range (rounding in saved reports)


@dataclass(frozen=True)
class Score:
    name: str
    value: float | None  # None: not applicable to this case
    explanation: str
    weight: float = 1.0


def _recs(report: dict) -> list[dict]:
    recs = report.get("recommendations")
    return [r for r in recs if isinstance(r, dict)] if isinstance(recs, list) else []


def _ids(report: dict) -> set[str]:
    return {r.get("technique_id") for r in _recs(report)}


def schema_valid(report: dict, case, engine) -> Score:
    problems = []
    recs = report.get("recommendations")
    if not isinstance(recs, list):
        problems.append("no 'recommendations' list")
        recs = []
    for i, rec in enumerate(recs):
        if not isinstance(rec, dict):
            problems.append(f"recommendation {i} is not an object")
            continue
        for key, kind in REQUIRED.items():
            if not isinstance(rec.get(key), kind):
                problems.append(f"recommendation {i}: '{key}' missing or not {getattr(kind, '__name__', 'a number')}")
        if "warning" not in rec:
            problems.append(f"recommendation {i}: 'warning' missing")
        if rec.get("difficulty") not in ("low", "medium", "high"):
            problems.append(f"recommendation {i}: difficulty '{rec.get('difficulty')}'")
        if rec.get("accuracy_risk") not in ORDER:
            problems.append(f"recommendation {i}: accuracy_risk '{rec.get('accuracy_risk')}'")
        for key in ("saving_kwh_month", "saving_kgco2e_month"):
            if isinstance(rec.get(key), (int, float)) and rec[key] < 0:
                problems.append(f"recommendation {i}: {key} is negative")
    footprint = report.get("footprint")
    if not isinstance(footprint, dict) or not isinstance(footprint.get("workloads"), list):
        problems.append("no 'footprint' with 'workloads'")
    if problems:
        return Score("schema", 0.0, "; ".join(problems[:5]) + (f" (+{len(problems) - 5} more)" if len(problems) > 5 else ""))
    return Score("schema", 1.0, f"{len(recs)} recommendations in the contract's shape")


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
    flagged = [r for r in _recs(report) if r.get("technique_id") in set(case.expect.flag_accuracy_risk)]
    if not flagged:
        return Score("accuracy", None, "no action that needs an accuracy warning was recommended")
    bad = [r["technique_id"] for r in flagged
           if not r.get("warning") or r.get("accuracy_risk") not in ORDER or ORDER.index(r["accuracy_risk"]) < ORDER.index("medium")]
    value = 1 - len(bad) / len(flagged)
    return Score("accuracy", value, "every risky action is flagged" if not bad else f"no warning or risk below medium: {', '.join(bad)}")


def tools_allowed(report: dict, case, engine) -> Score:
    clouds = set(case.expect.clouds or case.loaded.architecture.allowed_clouds)
    recs = _recs(report)
    if not recs:
        return Score("tools", None, "no recommendation")
    offenders = []
    for r in recs:
        for tool in r.get("tools") or []:
            cloud = tool_cloud(str(tool))
            if cloud is not None and cloud not in clouds:
                offenders.append(f"{tool} ({r.get('technique_id')})")
    bad_rows = {o.rsplit("(", 1)[1] for o in offenders}
    value = 1 - len(bad_rows) / len(recs)
    return Score("tools", value, "every tool is allowed" if not offenders else f"from other clouds: {', '.join(offenders[:4])}")


def practices_respected(report: dict, case, engine) -> Score:
    in_place = {(w.name, p) for w in case.loaded.architecture.workloads for p in w.practices}
    recs = _recs(report)
    if not in_place or not recs:
        return Score("practices", None, "no practice in place" if not in_place else "no recommendation")
    repeated = [f"{r.get('technique_id')} on {r.get('workload')}" for r in recs if (r.get("workload"), r.get("technique_id")) in in_place]
    value = 1 - len(repeated) / len(recs)
    return Score("practices", value, "nothing already in place" if not repeated else f"already in place: {', '.join(repeated)}")


def figures_in_range(report: dict, case, engine) -> Score:
    """Each in-knowledge-base saving lies within the calculator's range for that action."""
    ranges = engine.saving_ranges()
    checked, off = 0, []
    for r in _recs(report):
        if r.get("in_knowledge_base") is False:
            continue
        key = (r.get("technique_id"), r.get("workload"))
        if key not in ranges:
            continue
        checked += 1
        for field_name, (low, high) in zip(("saving_kwh_month", "saving_kgco2e_month"), ranges[key]):
            value = r.get(field_name)
            if not isinstance(value, (int, float)) or value < low * (1 - TOLERANCE) - 1e-9 or value > high * (1 + TOLERANCE) + 1e-9:
                off.append(f"{key[0]} {field_name}={value!r} outside {low:.3g}–{high:.3g}")
                break
    if not checked:
        return Score("figures", None, "no figure the calculator can check")
    value = 1 - len(off) / checked
    return Score("figures", value, f"{checked} figures within the calculator's ranges" if not off else "; ".join(off[:3]))


def objective_reached(report: dict, case, engine) -> Score:
    """Reported for information (weight 0): an objective may be honestly out of reach."""
    plan = report.get("plan")
    if not isinstance(plan, dict) or plan.get("objective_reduce_energy_pct") is None:
        return Score("objective", None, "no objective or no plan", weight=0.0)
    status = plan.get("status")
    value = {"reached": 1.0, "reached-with-risk": 0.5}.get(status, 0.0)
    return Score("objective", value, str(plan.get("message") or status), weight=0.0)


SCORERS = (schema_valid, include_recall, exclude_respected, accuracy_flags, tools_allowed, practices_respected,
           figures_in_range, objective_reached)


def case_score(scores: list[Score]) -> float:
    counted = [s for s in scores if s.value is not None and s.weight > 0]
    if not counted:
        return 0.0
    if any(s.name == "schema" and s.value == 0 for s in counted):
        return 0.0  # a report that is not in the contract's shape cannot be trusted on anything else
    return sum(s.value * s.weight for s in counted) / sum(s.weight for s in counted)
