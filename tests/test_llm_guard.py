"""Guard-rails on model answers: whatever the model says, the report obeys the hard rules."""

from __future__ import annotations

import json

from advisor.analysis import prepare_file
from advisor.guardrails import check
from advisor.llm.answer import ModelAnswer
from advisor.llm.guard import apply
from conftest import example


def rec(tid, workload, **kw):
    base = {"technique_id": tid, "workload": workload, "action": f"do {tid}", "impact": "", "difficulty": "low",
            "tools": [], "accuracy_risk": "none", "warning": None}
    base.update(kw)
    return base


def guard(path, *recs, lang="en"):
    analysis = prepare_file(example(path), lang=lang)
    answer = ModelAnswer.model_validate({"summary": "s", "recommendations": list(recs)})
    return analysis, apply(answer, analysis, lang)


def test_forbidden_moves_are_removed_and_reported():
    analysis, out = guard(
        "doc-analyzer.yaml",
        rec("carbon-aware-scheduling", "document-analysis"),   # real-time work
        rec("quantization-fp8", "document-analysis"),          # A100: no FP8
        rec("continuous-batching", "document-analysis", tools=["vLLM"]),
    )
    assert [r.technique_id for r in out.recommendations] == ["continuous-batching"]
    assert any("carbon-aware-scheduling" in n and "not deferrable" in n for n in out.notes)
    assert any("quantization-fp8" in n and "FP8" in n for n in out.notes)
    assert out.removed == 2


def test_gpu_actions_never_reach_an_llm_api_workload():
    _, out = guard("support-chatbot-azure.yaml", rec("quantization-int8", "chat-answers"), rec("semantic-caching", "chat-answers"))
    assert [r.technique_id for r in out.recommendations] == ["semantic-caching"]


def test_practices_in_place_are_removed():
    _, out = guard("batch-summaries-mumbai.yaml", rec("continuous-batching", "nightly-summaries"),
                   rec("kv-cache-reuse", "nightly-summaries"))
    assert [r.technique_id for r in out.recommendations] == ["kv-cache-reuse"]
    assert any("already in place" in n for n in out.notes)


def test_accuracy_risk_and_warning_are_raised_to_the_engines():
    _, out = guard("doc-analyzer.yaml", rec("quantization-int8", "document-analysis", accuracy_risk="none"))
    row = out.recommendations[0]
    assert row.accuracy_risk == "medium"
    assert row.warning and "0.9" in row.warning
    assert any("accuracy risk raised" in n for n in out.notes)


def test_tools_from_other_clouds_are_dropped():
    _, out = guard("nightly-training-gcp.yaml",
                   rec("mixed-precision-training", "nightly-retraining", tools=["AWS SageMaker", "Azure ML", "PyTorch AMP"]))
    assert out.recommendations[0].tools == ["PyTorch AMP"]
    assert any("tools removed" in n and "AWS SageMaker" in n for n in out.notes)


def test_invented_savings_are_replaced_by_the_calculators():
    analysis, out = guard("doc-analyzer.yaml", rec("response-caching", "document-analysis", impact="-95 % energy, huge"))
    row = out.recommendations[0]
    candidate = next(c for c in analysis.advice.candidates if c.technique.id == "response-caching")
    assert row.saving_kwh_month == round(candidate.saving.kwh.value, 6) or abs(row.saving_kwh_month - candidate.saving.kwh.value) < 1e-3
    assert "95" not in row.impact
    assert any("replaced by the calculator" in n for n in out.notes)


def test_unknown_techniques_are_kept_but_marked_and_unquantified():
    _, out = guard("doc-analyzer.yaml", rec("quantum-annealing", "document-analysis", tools=["Amazon Braket"]))
    row = out.recommendations[0]
    assert row.in_knowledge_base is False
    assert row.saving_kwh_month == 0 and row.saving_kgco2e_month == 0
    assert "outside the knowledge base" in row.impact


def test_workload_names_are_corrected_or_rows_removed():
    _, single = guard("doc-analyzer.yaml", rec("continuous-batching", "the doc thing"))
    assert single.recommendations[0].workload == "document-analysis"
    _, several = guard("support-chatbot-azure.yaml", rec("semantic-caching", "chat"))
    assert several.recommendations == [] and several.removed == 1


def test_duplicates_are_removed():
    _, out = guard("doc-analyzer.yaml", rec("continuous-batching", "document-analysis"),
                   rec("continuous-batching", "document-analysis"))
    assert len(out.recommendations) == 1


def test_a_hostile_answer_ends_up_within_every_rule():
    from advisor.llm.mock import _hostile, prompt_data  # noqa: F401 - the same hostile script the CLI offers
    from langchain_core.messages import HumanMessage

    from advisor.prompting import render_prompt

    for name in ("doc-analyzer.yaml", "support-chatbot-azure.yaml", "onprem-vision.yaml", "nightly-training-gcp.yaml"):
        analysis = prepare_file(example(name))
        prompt = render_prompt(analysis.loaded, analysis.advice, analysis.kb)
        answer = ModelAnswer.model_validate(json.loads(_hostile([HumanMessage(content=prompt.user)])))
        out = apply(answer, analysis, "en")
        kept = [r for r in out.recommendations if r.in_knowledge_base]
        assert check(kept, analysis.architecture, analysis.footprint, analysis.kb) == []
        assert out.notes


def test_region_moves_off_the_allowed_clouds_are_removed_like_the_engine_does(tmp_path):
    from advisor.analysis import prepare
    from advisor.kb import load_kb
    from advisor.loader import validate_document
    from advisor.yamlfile import parse_yaml

    kb = load_kb()
    text = example("batch-summaries-mumbai.yaml").read_text().replace("clouds: [aws]", "clouds: [gcp]")
    analysis = prepare(validate_document(parse_yaml(text, tmp_path / "a.yaml"), kb), kb)
    assert "region-selection" not in [c.technique.id for c in analysis.advice.candidates]
    answer = ModelAnswer.model_validate({"recommendations": [rec("region-selection", "nightly-summaries")]})
    out = apply(answer, analysis, "en")
    assert out.recommendations == [] and "not among the allowed clouds" in out.notes[0]
