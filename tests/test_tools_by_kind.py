"""Tools fit the workload's kind; PEFT only where there is a base model; advice texts name no one cloud.

Each test analyses a small architecture through `greenadvisor analyze --format json` and reads the
report a user gets: the tools of each row, what was ruled out, and the action and warning texts.
"""

from __future__ import annotations

import re

import pytest
from conftest import edited_knowledge, json_report, tools_by_technique

from advisor.errors import KnowledgeBaseError
from advisor.footprint import Calculator
from advisor.guardrails import check
from advisor.kb import KnowledgeBase
from advisor.loader import load_architecture


def arch(kind: str, model: str, params: float, hardware: str, provider: str = "gcp", region: str = "us-east1",
         extra: str = "", clouds: str | None = None) -> str:
    return f"""name: t
cloud: {{provider: {provider}, region: {region}}}
workloads:
  - name: w
    kind: {kind}
    model: {{name: {model}, parameters_b: {params}, precision: fp32}}
    hardware: {hardware}
    schedule: {{deferrable: false}}
{extra}constraints: {{clouds: [{clouds or provider}]}}
"""


XGBOOST_CPU = arch("classic-ml", "xgboost-fraud", 0.00001, "{accelerator: none, vcpus: 16, count: 4, utilization: 0.3, hours_per_month: 730}",
                   extra="    traffic: {requests_per_month: 5000000}\n    quality: {metric: auc, current: 0.95, minimum: 0.90}\n")
EMBEDDING_GPU = arch("embedding", "bge-large-en-v1.5", 0.335, "{accelerator: nvidia-a10g, count: 4, utilization: 0.4, hours_per_month: 730}",
                     provider="aws", region="us-east-1",
                     extra="    traffic: {requests_per_month: 20000000}\n    quality: {metric: ndcg, current: 0.80, minimum: 0.70}\n")
LLM_GPU = arch("llm-inference", "llama-3.1-8b", 8, "{accelerator: nvidia-a10g, count: 4, utilization: 0.4, hours_per_month: 730}",
               provider="aws", region="us-east-1",
               extra="    traffic: {requests_per_month: 1000000, input_tokens: 500, output_tokens: 200}\n"
                     "    quality: {metric: accuracy, current: 0.80, minimum: 0.70}\n")
PRETRAIN_7B = arch("training", "arabic-7b", 7, "{accelerator: nvidia-h100-80gb, count: 32, utilization: 0.9, hours_per_month: 400}",
                   provider="aws", region="us-east-1", extra="    practices: [mixed-precision-training]\n")
FINETUNE_7B = PRETRAIN_7B.replace("kind: training", "kind: fine-tuning")

LLM_ONLY_TOOLS = ("vLLM", "SGLang", "TensorRT-LLM", "lm-evaluation-harness", "TRL", "Gemini", "Bedrock", "NeMo",
                  "LLM caches", "ML.ENERGY")


def report(write_yaml, text: str) -> dict:
    return json_report(write_yaml(text))


tools_of = tools_by_technique


def llm_tools(tools: list[str]) -> list[str]:
    return [t for t in tools if any(word in t for word in LLM_ONLY_TOOLS)]


def test_a_gradient_boosted_model_gets_no_llm_tool(write_yaml):
    tools = tools_of(report(write_yaml, XGBOOST_CPU))
    assert "model-right-sizing" in set(tools) and "distillation" not in tools  # not for tree ensembles
    for tid, names in tools.items():
        assert not llm_tools(names), (tid, names)
    assert "scikit-learn cross-validation (cross_validate)" in tools["model-right-sizing"]


def test_an_embedding_model_gets_embedding_tools_not_llm_ones(write_yaml):
    tools = tools_of(report(write_yaml, EMBEDDING_GPU))
    assert "MTEB (Massive Text Embedding Benchmark)" in tools["model-right-sizing"]
    assert "Sentence Transformers (model distillation)" in tools["distillation"]
    assert "Sentence Transformers" in tools["half-precision-inference"]
    for tid in ("model-right-sizing", "distillation", "half-precision-inference", "response-caching"):
        assert not llm_tools(tools[tid]), (tid, tools[tid])


def test_an_llm_keeps_its_llm_tools(write_yaml):
    tools = tools_of(report(write_yaml, LLM_GPU))
    assert "lm-evaluation-harness (EleutherAI)" in tools["model-right-sizing"]
    assert "Hugging Face TRL (GKDTrainer)" in tools["distillation"]
    assert "vLLM (--dtype half)" in tools["half-precision-inference"]
    assert "Sentence Transformers" not in tools["half-precision-inference"]
    assert "MTEB (Massive Text Embedding Benchmark)" not in tools["model-right-sizing"]


def test_every_offered_technique_keeps_a_tool_for_each_kind(write_yaml):
    for text in (XGBOOST_CPU, EMBEDDING_GPU, LLM_GPU, PRETRAIN_7B):
        for rec in report(write_yaml, text)["recommendations"]:
            assert rec["tools"], rec["technique_id"]


def test_pre_training_gets_transfer_learning_not_a_standalone_peft(write_yaml):
    rep = report(write_yaml, PRETRAIN_7B)
    assert "peft" not in tools_of(rep)
    excluded = {e["technique_id"]: e["reason"] for e in rep["excluded"]}
    assert excluded["peft"] == "does not apply to training workloads"
    transfer = tools_of(rep)["transfer-learning"]
    assert any("PEFT" in t for t in transfer)  # adapting the pre-trained model with LoRA is still advised there


def test_full_fine_tuning_still_gets_peft(write_yaml):
    assert "peft" in tools_of(report(write_yaml, FINETUNE_7B))


def test_an_llm_tool_named_for_a_gradient_boosted_model_breaks_the_tools_rule(write_yaml, kb):
    path = write_yaml(XGBOOST_CPU)
    loaded = load_architecture(path, kb)
    footprint = Calculator(kb, loaded.architecture).footprint()
    row = {"technique_id": "model-right-sizing", "workload": "w", "action": "a", "impact": "i", "difficulty": "low",
           "accuracy_risk": "medium", "warning": None, "saving_kwh_month": 1, "saving_kgco2e_month": 1}
    bad = check([row | {"tools": ["lm-evaluation-harness"]}], loaded.architecture, footprint, kb)
    good = check([row | {"tools": ["scikit-learn cross-validation"]}], loaded.architecture, footprint, kb)
    assert [v.detail for v in bad if v.rule == "tools"] == [
        "tool 'lm-evaluation-harness' is not among the knowledge base's tools for this technique on the allowed "
        "clouds, nor open source"]
    assert not [v for v in good if v.rule == "tools"]


CLOUD_WORDS = {
    "aws": r"SageMaker|Bedrock|Inferentia|Inf2|Trainium|Amazon|AWS",
    "gcp": r"Vertex|Google|TPU|Cloud Run|Gemini|GKE",
    "azure": r"Azure|Microsoft",
}


@pytest.mark.parametrize("provider, region", [("gcp", "us-east1"), ("azure", "eastus"), ("aws", "us-east-1")])
def test_action_and_warning_texts_name_no_other_cloud(write_yaml, provider, region):
    """Interactive embedding serving under a 2 s budget gets autoscaling with its cold-start warning."""
    text = arch("embedding", "bge-large-en-v1.5", 0.335, "{accelerator: nvidia-a10g, count: 4, utilization: 0.1, hours_per_month: 730}",
                provider=provider, region=region,
                extra="    traffic: {requests_per_month: 2000000}\n    slo: {latency_p95_ms: 2000}\n")
    rep = report(write_yaml, text)
    rows = {r["technique_id"]: r for r in rep["recommendations"]}
    assert rows["autoscaling"]["warning"] and "Cold starts" in rows["autoscaling"]["warning"]
    others = "|".join(words for cloud, words in CLOUD_WORDS.items() if cloud != provider)
    for r in rep["recommendations"]:
        for field in ("action", "details", "warning"):
            assert not re.search(others, r.get(field) or ""), (r["technique_id"], field, r.get(field))


@pytest.mark.parametrize("edit, message", [
    ('kinds: [classic-ml], sources: [torchdistill-2021]', "kinds ['classic-ml'"),  # a kind the technique has: fine
    ('kinds: [tabular], sources: [torchdistill-2021]', "tools.4.kinds.0: Input should be 'llm-inference'"),
    ('kinds: [], sources: [torchdistill-2021]', "empty list"),
    ('kinds: [training], sources: [torchdistill-2021]', "share none with applies.kinds"),
])
def test_the_loader_checks_tool_kinds(tmp_path, edit, message):
    root = edited_knowledge(tmp_path, "techniques/distillation.yaml",
                            "kinds: [classic-ml, batch-inference], sources: [torchdistill-2021]", edit)
    if edit.startswith("kinds: [classic-ml]"):
        KnowledgeBase(root)
        return
    with pytest.raises(KnowledgeBaseError) as raised:
        KnowledgeBase(root)
    assert message in str(raised.value)
