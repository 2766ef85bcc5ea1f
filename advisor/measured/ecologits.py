"""EcoLogits tracing: the `response.impacts` of real requests to hosted models.

With `EcoLogits.init()`, every response of a traced client carries `impacts`, an
`ImpactsOutput` (pydantic): `energy` and `gwp` each `{value, unit}` where the value is a
number or a `{min, max}` range (kWh, kgCO2eq), plus `usage`, `embodied`, `warnings` and
`errors`. Kept as JSON (`impacts.model_dump()`), one request is one record; we accept one
record, or a list of them, each bare or wrapped with what the impacts do not say:
`{"model": …, "workload": …, "input_tokens": …, "output_tokens": …, "impacts": {…}}`.
Records go only to the llm-api workload serving that model (or named by `workload`):
see `measured.match`.

These are EcoLogits' estimates for requests really made (its model of the provider's
servers, PUE included, output tokens only), not a meter reading: the figure says so.
A record EcoLogits could not compute (`energy: null`, with `errors` such as
`model-not-registered`) is left out with a warning, like a record of a model the system
does not serve: one unknown model must not reject the rest of a day's trace. A file with no
computed record at all is bad input, with EcoLogits' reasons.
"""

from __future__ import annotations

from pathlib import Path

from advisor.cells import json_nonnegative
from advisor.errors import InputError, Problem
from advisor.measured.runs import Run, Runs
from advisor.measured.limits import check_run

UNITS_TO_KWH = {"kwh": 1.0, "wh": 1e-3}
SCOPE = "EcoLogits' per-request estimates for the requests made (its model of the provider's servers, PUE included; output tokens only), not a meter reading"


def _impacts(item) -> dict | None:
    """The ImpactsOutput in a record, bare or wrapped; None when it is not one."""
    if isinstance(item, dict) and isinstance(item.get("impacts"), dict):
        item = item["impacts"]
    if isinstance(item, dict) and ("energy" in item and ("gwp" in item or "usage" in item or "errors" in item)):
        return item
    return None


def looks_like_ecologits(data) -> bool:
    items = data if isinstance(data, list) else [data]
    return bool(items) and all(_impacts(x) is not None for x in items)


def read_ecologits(data, path: Path) -> Runs:
    items = data if isinstance(data, list) else [data]
    runs = []
    uncomputed: dict[str, list[str]] = {}  # EcoLogits' reason -> which records
    for index, item in enumerate(items):
        where = f"[{index}]" if isinstance(data, list) else ""
        impacts = _impacts(item)
        wrapper = item if item is not impacts else {}
        energy = impacts.get("energy")
        if energy is None:
            errors = impacts.get("errors") or []
            reason = "; ".join(str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in errors)[:200]
            uncomputed.setdefault(reason or "no reason given", []).append(where)
            continue
        low, mid, high = _value(energy, f"{where}.energy", path, UNITS_TO_KWH)
        check_run(high, 0.0, path, None, f"{where}.energy".lstrip("."), None)
        gwp = impacts.get("gwp")
        kg = _value(gwp, f"{where}.gwp", path, {"kgco2eq": 1.0, "kgco2e": 1.0})[1] if gwp is not None else 0.0
        tokens = [_count(wrapper.get(k), f"{where}.{k}", path) for k in ("input_tokens", "output_tokens")]
        model = wrapper.get("model")
        workload = wrapper.get("workload")
        run_id = next((wrapper[k] for k in ("id", "request_id") if isinstance(wrapper.get(k), str)), f"#{index + 1}")
        runs.append(Run(
            line=1, project=workload if isinstance(workload, str) else "", run_id=run_id, timestamp="", duration_s=0.0,
            energy_kwh=mid, emissions_kg=kg, energy_low_kwh=low, energy_high_kwh=high, tool="EcoLogits",
            model=model if isinstance(model, str) else None, pue_included=True, scope=SCOPE, requests=1.0,
            tokens=sum(t for t in tokens if t is not None) if any(t is not None for t in tokens) else None,
        ))
    if not runs and uncomputed:  # nothing usable: the reasons are the answer
        raise InputError([Problem(f"no energy: EcoLogits could not compute {'this request' if not which[0] else 'any request'} "
                                  f"({reason})", None, f"{which[0]}.energy".lstrip(".")) for reason, which in uncomputed.items()], path)
    if not runs:
        raise InputError("an empty list: no EcoLogits record", path)
    from advisor.measured.words import say
    from advisor.said import listed

    return Runs(runs, [say("no_energy" if len(which) > 1 else "no_energy_one", path=str(path), which=listed(which),
                           reason=reason)
                       for reason, which in uncomputed.items()])


def _value(impact, where: str, path: Path, units: dict[str, float]) -> tuple[float, float, float]:
    """(min, middle, max) of an EcoLogits impact, in our unit."""
    field = where.lstrip(".")
    if not isinstance(impact, dict) or "value" not in impact:
        raise InputError(Problem("expected {value, unit}", None, field), path)
    unit = str(impact.get("unit", "")).strip().lower()
    if unit not in units:
        raise InputError(Problem(f"unit {impact.get('unit')!r} is not one of {', '.join(units)}", None, field), path)
    value = impact["value"]
    if isinstance(value, dict):
        low = json_nonnegative(value.get("min"), path, None, f"{field}.value.min")
        high = json_nonnegative(value.get("max"), path, None, f"{field}.value.max")
        if low > high:
            raise InputError(Problem("min is above max", None, f"{field}.value"), path)
    else:
        low = high = json_nonnegative(value, path, None, f"{field}.value")
    scale = units[unit]
    return low * scale, (low + high) / 2 * scale, high * scale


def _count(value, field: str, path: Path) -> float | None:
    return None if value is None else json_nonnegative(value, path, None, field.lstrip("."))
