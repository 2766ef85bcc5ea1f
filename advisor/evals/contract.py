"""The report contract of DESIGN.md ("The report"), as strict types, for reports of any origin.

A saved or model-written report is untrusted JSON: Python's json reads NaN and Infinity,
a field may hold any type, and every comparison with NaN is false, so a hand-written
check lets them through. Pydantic in strict mode refuses a string where a number is due,
a bool where a number is due, a non-finite number, an empty text and a missing key, and
says where. Extra fields are welcome (the contract says "at least").
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

Amount = Annotated[float, Field(ge=0, allow_inf_nan=False, strict=True)]  # strict: no bool, no "3"
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, strict=True)]
Level = Literal["none", "low", "medium", "high"]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Recommendation(_Open):
    technique_id: Text
    workload: Text
    action: Text
    impact: Text
    difficulty: Literal["low", "medium", "high"]
    tools: list[Text]
    accuracy_risk: Level
    warning: Annotated[str, Field(strict=True)] | None  # required, may be null
    saving_kwh_month: Amount
    saving_kgco2e_month: Amount


class Sci(_Open):
    per_request_gco2e: Amount | None  # null for work without requests (training, fine-tuning)


class WorkloadFootprint(_Open):
    name: Text
    energy_kwh_month: Amount
    grid_intensity_gco2e_per_kwh: Amount
    pue: Amount
    emissions_kgco2e_month: Amount
    sci: Sci


class Footprint(_Open):
    energy_kwh_month: Amount
    operational_kgco2e_month: Amount
    embodied_kgco2e_month: Amount
    emissions_kgco2e_month: Amount
    workloads: list[WorkloadFootprint]


class Report(_Open):
    recommendations: list[Recommendation]
    footprint: Footprint


def problems(report: dict) -> list[str]:
    """What keeps `report` out of the contract, one line each: where, what, and the value found."""
    try:
        Report.model_validate(report)
    except ValidationError as exc:
        return [_line(error) for error in exc.errors(include_url=False)]
    return []


def _line(error: dict) -> str:
    where = ".".join(str(part) for part in error["loc"])
    if error["type"] == "missing":
        return f"{where}: missing"
    found = repr(error.get("input"))
    return f"{where}: {error['msg'][0].lower()}{error['msg'][1:]} (got {found[:40] + '…' if len(found) > 40 else found})"
