"""The report contract is written twice: advisor/report.py builds reports, advisor/evals/contract.py
judges reports of any origin. These tests keep the two from drifting apart silently: what the engine
writes must pass the judge, and every field the judge requires must be one the builder has."""

from __future__ import annotations

from typing import get_args

import pytest
from pydantic import BaseModel

from advisor import report
from advisor.analysis import prepare
from advisor.evals import contract
from advisor.loader import load_architecture
from advisor.report import build_report
from conftest import ALL_EXAMPLES


def _model_in(annotation) -> type[BaseModel] | None:
    """The pydantic model a field holds, directly or inside list[…], … | None, Annotated[…]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _missing(judge: type[BaseModel], builder: type[BaseModel], where: str) -> list[str]:
    out = []
    for name, field in judge.model_fields.items():
        if not field.is_required():
            continue
        if name not in builder.model_fields:
            out.append(f"{where}{name}")
            continue
        inner = _model_in(field.annotation)
        if inner is not None:
            built = _model_in(builder.model_fields[name].annotation)
            out += [f"{where}{name}: not an object in report.py"] if built is None else _missing(inner, built, f"{where}{name}.")
    return out


def test_every_field_the_contract_requires_is_built_by_the_report():
    assert _missing(contract.Report, report.Report, "") == []


def test_the_drift_check_sees_a_field_the_report_lacks_at_any_depth():
    class Row(contract.Recommendation):
        saving_eur_month: float

    class Judge(contract.Report):
        recommendations: list[Row]
        carbon_budget: float

    assert _missing(Judge, report.Report, "") == ["recommendations.saving_eur_month", "carbon_budget"]


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=[f"{p.parent.parent.name}/{p.stem}" for p in ALL_EXAMPLES])
@pytest.mark.parametrize("level", ["basic", "pro"])
def test_the_engines_report_for_every_example_is_in_the_contract(kb, path, level):
    analysis = prepare(load_architecture(path, kb), kb, "en")
    built = build_report(analysis.loaded, analysis.advice, kb, level=level, lang="en", model="offline")
    data = built.model_dump(mode="json")
    assert contract.problems(data) == []
