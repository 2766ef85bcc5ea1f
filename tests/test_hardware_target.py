"""A hardware move's target, as data: the JSON row carries the accelerator the calculator picked, and
the tools a model or a saved report names for the move must rent that target on the workload's cloud.

doc-analyzer (8 × A100 on AWS, clouds aws, gcp, azure allowed) gets hardware-upgrade → NVIDIA B200
and inference-accelerator → AWS Inferentia2; doc-analyzer-after has no hardware-upgrade target.
"""

from __future__ import annotations

import copy
import json

import pytest
from conftest import edited_knowledge, example, run_cli
from test_eval import by_name, replay, write_case
from wire import WireServer, openai_reply

from advisor.analysis import prepare_file
from advisor.evals import contract
from advisor.guardrails import check
from advisor.kb import KnowledgeBase
from advisor.llm.answer import ModelAnswer
from advisor.llm.guard import apply

H100_ON_AWS = "Amazon EC2 P5 instances (H100)"
B200_ON_AWS = "Amazon EC2 P6-B200 instances (B200)"
B200_ON_GCP = "Google Cloud A4 VMs (B200)"


def row(report: dict, tid: str) -> dict:
    return next(r for r in report["recommendations"] if r["technique_id"] == tid)


def rec(tid: str, **kw) -> dict:
    base = {"technique_id": tid, "workload": "document-analysis", "action": f"do {tid}", "impact": "",
            "difficulty": "medium", "tools": [], "accuracy_risk": "none", "warning": None}
    return base | kw


def test_the_json_report_names_a_hardware_moves_target_and_no_other_row_has_one(kb):
    result = run_cli("analyze", example("doc-analyzer.yaml"), "--format", "json")
    assert result.code == 0, result.stderr
    report = result.json()
    upgrade, accelerator = row(report, "hardware-upgrade"), row(report, "inference-accelerator")
    assert upgrade["target"] == {"accelerator": "nvidia-b200", "name": kb.accelerators["nvidia-b200"].name}
    assert accelerator["target"] == {"accelerator": "aws-inferentia2", "name": kb.accelerators["aws-inferentia2"].name}
    assert upgrade["target"]["name"] in upgrade["action"]  # the same target as the words say
    others = [r for r in report["recommendations"] if r["technique_id"] not in ("hardware-upgrade", "inference-accelerator")]
    assert others and all(r["target"] is None for r in others)
    assert contract.problems(report) == []  # the contract's "at least": an extra field is welcome


def test_the_contract_still_refuses_a_malformed_row_that_carries_a_target():
    report = run_cli("analyze", example("doc-analyzer.yaml"), "--format", "json").json()
    rows = report["recommendations"]
    n = next(i for i, r in enumerate(rows) if r["target"])
    rows[n]["saving_kwh_month"] = float("nan")
    rows[n]["tools"] = [""]
    found = contract.problems(report)
    assert any(p.startswith(f"recommendations.{n}.saving_kwh_month") for p in found), found
    assert any(p.startswith(f"recommendations.{n}.tools.0") for p in found), found


def test_a_models_instance_of_another_part_or_cloud_is_dropped_from_a_hardware_move():
    answer = {"summary": "Move to newer GPUs.", "recommendations": [
        rec("hardware-upgrade", tools=[H100_ON_AWS, B200_ON_AWS, B200_ON_GCP, "Amazon EC2 P5 instances", "Zeus"])]}
    with WireServer() as server:
        server.responder = lambda body: openai_reply(json.dumps(answer))
        result = run_cli("analyze", example("doc-analyzer.yaml"), "--model", "openai:test-model", "--base-url",
                         f"{server.url}/v1", "--format", "json", "--timeout", "5")
    assert result.code == 0, result.stderr
    report = result.json()
    upgrade = row(report, "hardware-upgrade")
    assert upgrade["tools"] == [B200_ON_AWS, "Zeus"]
    assert upgrade["target"]["accelerator"] == "nvidia-b200"  # the calculator's, whatever the model wrote
    note = next(n for n in report["guardrails"] if "tools removed" in n)
    assert H100_ON_AWS in note and B200_ON_GCP in note and "Amazon EC2 P5 instances" in note


def test_without_a_target_a_model_may_still_name_any_allowed_instance_for_other_techniques():
    """The target rule narrows hardware moves only: gpu-right-sizing keeps its own tools."""
    analysis = prepare_file(example("doc-analyzer.yaml"))
    answer = ModelAnswer.model_validate({"summary": "s", "recommendations": [
        rec("gpu-right-sizing", tools=["Google Cloud Monitoring (GPU metrics)", "NVIDIA DCGM Exporter"])]})
    out = apply(answer, analysis, "en")
    assert out.recommendations[0].tools == ["Google Cloud Monitoring (GPU metrics)", "NVIDIA DCGM Exporter"]
    assert out.recommendations[0].target is None


def test_a_model_row_for_a_hardware_move_with_no_target_is_removed():
    analysis = prepare_file(example("doc-analyzer-after.yaml"))
    answer = ModelAnswer.model_validate({"summary": "s", "recommendations": [
        rec("hardware-upgrade", tools=[B200_ON_AWS]), rec("carbon-monitoring", tools=["CodeCarbon"])]})
    out = apply(answer, analysis, "en")
    assert [r.technique_id for r in out.recommendations] == ["carbon-monitoring"]
    assert any("hardware-upgrade" in n and "no accelerator it may move to" in n for n in out.notes), out.notes


def test_a_hardware_move_the_engine_left_out_gets_only_its_targets_offerings_from_the_guard(tmp_path):
    """A move under the policy's minimum saving is no engine row; named by a model, the guard sizes it
    itself, and the tools it falls back on are the target's, not every instance of the technique."""
    root = edited_knowledge(tmp_path, "policy.yaml", "min_saving_pct_of_workload: 1", "min_saving_pct_of_workload: 95")
    analysis = prepare_file(example("doc-analyzer.yaml"), kb=KnowledgeBase(root))
    assert ("hardware-upgrade", "document-analysis") not in {c.key for c in analysis.advice.candidates}
    answer = ModelAnswer.model_validate({"summary": "s", "recommendations": [rec("hardware-upgrade", tools=[H100_ON_AWS])]})
    out = apply(answer, analysis, "en")
    [upgrade] = out.recommendations
    assert upgrade.target is not None and upgrade.target.accelerator == "nvidia-b200"
    assert B200_ON_AWS in upgrade.tools
    assert not {H100_ON_AWS, B200_ON_GCP, "Azure ND H100 v5 VMs"} & set(upgrade.tools)


@pytest.fixture
def saved_case(tmp_path, kb):
    """doc-analyzer as an eval case, and the engine's own report of it, to replay with edits."""
    cases = tmp_path / "cases"
    cases.mkdir()
    path = write_case(cases, "doc", "doc-analyzer.yaml", {"include": ["hardware-upgrade"], "clouds": ["aws", "gcp", "azure"]})
    report = run_cli("analyze", example("doc-analyzer.yaml"), "--format", "json").json()
    return path, report


def test_a_saved_report_naming_another_parts_instance_for_a_hardware_move_loses_points(tmp_path, saved_case):
    path, report = saved_case
    assert replay(tmp_path, path, report).json()["cases"][0]["score"] == 1.0
    bad = copy.deepcopy(report)
    row(bad, "hardware-upgrade")["tools"] += [H100_ON_AWS, B200_ON_GCP]
    result = replay(tmp_path, path, bad)
    tools = by_name(result)["tools"]
    assert tools["value"] < 1 and result.json()["cases"][0]["score"] < 1
    assert f"'{H100_ON_AWS}' is not a way to rent this move's target (NVIDIA B200" in tools["explanation"]
    assert f"'{B200_ON_GCP}' is not a way to rent" in tools["explanation"]


@pytest.mark.parametrize("tid, target, said", [
    ("hardware-upgrade", {"accelerator": "nvidia-h100-80gb", "name": "NVIDIA H100"}, "is not the calculator's (nvidia-b200)"),
    ("continuous-batching", {"accelerator": "nvidia-b200", "name": "NVIDIA B200"}, "the calculator picks no accelerator"),
])
def test_a_saved_report_whose_target_is_not_the_calculators_breaks_the_rules(tmp_path, saved_case, tid, target, said):
    path, report = saved_case
    row(report, tid)["target"] = target
    rules = by_name(replay(tmp_path, path, report))["rules"]
    assert rules["value"] < 1
    assert f"{tid} on document-analysis: target" in rules["explanation"] and said in rules["explanation"]


def test_every_examples_hardware_rows_name_only_what_rents_their_target(kb):
    """The engine (advise._target_tools) and the checkers (tools.keep) share one rule: the rule checker
    finds nothing wrong in what the engine writes, and no row names an offering of another part."""
    rented = {name: acc.id for acc in kb.accelerators.values() for name in (getattr(acc, "rented_as", None) or ())}
    seen = 0
    for path in sorted(example("doc-analyzer.yaml").parent.glob("*.yaml")):
        analysis = prepare_file(path)
        report = run_cli("analyze", path, "--format", "json").json()
        rows = report["recommendations"]
        assert check(rows, analysis.architecture, analysis.footprint, analysis.kb) == [], path.name
        for r in rows:
            if r["target"] is not None:
                seen += 1
                assert all(rented[t] == r["target"]["accelerator"] for t in r["tools"] if t in rented), (path.name, r["tools"])
    assert seen >= 2


@pytest.mark.parametrize("lang, target_words, other_words", [
    ("en", "do not rent the move's target, NVIDIA B200", "not among the knowledge base's tools"),
    ("fr", "ne louent pas la cible du changement, NVIDIA B200", "absents des outils de la base"),
])
def test_a_tool_dropped_for_renting_another_part_is_said_to_miss_the_target(lang, target_words, other_words):
    """Another part's or cloud's instances are named by the knowledge base: the note says they miss the
    move's target, and keeps the old wording for a tool the knowledge base does not name at all."""
    analysis = prepare_file(example("doc-analyzer.yaml"), lang=lang)
    answer = ModelAnswer.model_validate({"summary": "s", "recommendations": [
        rec("hardware-upgrade", tools=[H100_ON_AWS, "Made-up GPU Rental", B200_ON_AWS, B200_ON_GCP])]})
    out = apply(answer, analysis, lang)
    assert out.recommendations[0].tools == [B200_ON_AWS]
    off = [n for n in out.notes if target_words in n]
    other = [n for n in out.notes if other_words in n]
    assert len(off) == 1 and H100_ON_AWS in off[0] and B200_ON_GCP in off[0] and "Made-up" not in off[0], out.notes
    assert len(other) == 1 and "Made-up GPU Rental" in other[0] and H100_ON_AWS not in other[0], out.notes
