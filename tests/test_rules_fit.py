"""Rules and tools fit what the workload really is, not only its kind.

`batch-inference` holds both an LLM batch job and a CLIP image-tagging job; only the first writes
tokens. Each test analyses a small architecture through `greenadvisor analyze --format json` and
reads what a user sees: the rows, their tools, and the reasons in the ruled-out list. The last one
sweeps every bundled example and eval case for rows left with no tool at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, ROOT, edited_knowledge, json_report, tools_by_technique

from advisor.errors import KnowledgeBaseError
from advisor.footprint import Calculator
from advisor.guardrails import check
from advisor.kb import KnowledgeBase
from advisor.loader import load_architecture

CASES = sorted((ROOT / "evals" / "cases").glob("*.yaml"))


def batch(model: str, params: float, output_tokens: int | None, clouds: str = "gcp") -> str:
    tokens = f", input_tokens: 400, output_tokens: {output_tokens}" if output_tokens is not None else ""
    return f"""name: t
cloud: {{provider: gcp, region: asia-east1}}
workloads:
  - name: w
    kind: batch-inference
    model: {{name: {model}, parameters_b: {params}, precision: fp32}}
    hardware: {{accelerator: nvidia-a100-40gb, count: 2, utilization: 0.35, hours_per_month: 240}}
    traffic: {{requests_per_month: 20000000{tokens}}}
    schedule: {{deferrable: true, window_hours: 20}}
    quality: {{metric: top-5, current: 0.9, minimum: 0.85}}
constraints: {{clouds: [{clouds}]}}
"""


CLIP = batch("clip-vit-large-patch14", 0.43, None)
LLM_BATCH = batch("llama-3.1-8b", 8, 300)
# tools that serve only models writing tokens: none of them belongs on a CLIP job's rows
LLM_ONLY = ("vLLM", "SGLang", "TensorRT-LLM", "JetStream", "lm-evaluation-harness", "ML.ENERGY", "RouteLLM",
            "LLM Router", "Semantic Router", "GPTCache", "TRL", "NeMo", "LLM Compressor", "LLM caches", "Gemini")


def report(write_yaml, text: str) -> dict:
    return json_report(write_yaml(text))


rows = tools_by_technique


def reasons(rep: dict) -> dict[str, str]:
    return {e["technique_id"]: e["reason"] for e in rep["excluded"]}


def test_a_clip_batch_job_gets_no_answer_caching_nor_llm_routing(write_yaml):
    rep = report(write_yaml, CLIP)
    why = reasons(rep)
    for tid in ("semantic-caching", "model-routing", "output-length-control", "prompt-compression",
                "kv-cache-reuse"):
        assert tid not in rows(rep), tid
        assert why[tid] == "the workload does not generate tokens", (tid, why[tid])


def test_a_clip_batch_job_gets_no_llm_tool_on_any_row(write_yaml):
    tools = rows(report(write_yaml, CLIP))
    assert {"half-precision-inference", "optimized-runtime", "model-right-sizing"} <= set(tools)
    for tid, names in tools.items():
        assert not [n for n in names if any(word in n for word in LLM_ONLY)], (tid, names)
    assert "ONNX Runtime" in tools["optimized-runtime"]
    assert "timm (PyTorch Image Models) validation and benchmark scripts" in tools["model-right-sizing"]


def test_an_llm_batch_job_keeps_its_token_techniques_and_tools(write_yaml):
    tools = rows(report(write_yaml, LLM_BATCH))
    assert {"semantic-caching", "model-routing"} <= set(tools)
    assert "vLLM" in tools["optimized-runtime"]
    assert "RouteLLM (lm-sys)" in tools["model-routing"]
    assert "lm-evaluation-harness (EleutherAI)" in tools["model-right-sizing"]


def test_vllm_named_for_a_clip_job_breaks_the_tools_rule(write_yaml, kb):
    """A model's answer is held to the same fit: vLLM is open source, but not for an image encoder."""
    loaded = load_architecture(write_yaml(CLIP), kb)
    footprint = Calculator(kb, loaded.architecture).footprint()
    row = {"technique_id": "optimized-runtime", "workload": "w", "action": "a", "impact": "i", "difficulty": "medium",
           "accuracy_risk": "none", "warning": None, "saving_kwh_month": 1, "saving_kgco2e_month": 1}
    bad = check([row | {"tools": ["vLLM"]}], loaded.architecture, footprint, kb)
    good = check([row | {"tools": ["ONNX Runtime"]}], loaded.architecture, footprint, kb)
    assert [v.rule for v in bad] == ["tools"]
    assert not [v for v in good if v.rule == "tools"]


def test_the_loader_refuses_a_token_tag_on_a_tool_for_encoders_only(tmp_path):
    root = edited_knowledge(tmp_path, "techniques/distillation.yaml",
                            'kinds: [embedding], sources: [sbert-distillation-docs]',
                            'kinds: [embedding], generates_tokens: true, sources: [sbert-distillation-docs]')
    with pytest.raises(KnowledgeBaseError, match="generates_tokens"):
        KnowledgeBase(root)


def test_no_move_onto_a_clouds_own_chip_when_that_cloud_is_not_allowed(write_yaml):
    """Inferentia and TPUs are their cloud's own: with only open-source tools allowed, the move has
    neither a tool nor an allowed target (DESIGN: tools only from the allowed clouds)."""
    text = batch("bge-large-en-v1.5", 0.335, None).replace("batch-inference", "embedding").replace(
        "deferrable: true", "deferrable: false")
    assert "inference-accelerator" in rows(report(write_yaml, text))
    rep = report(write_yaml, text.replace("clouds: [gcp]", "clouds: [on-prem]"))
    assert "inference-accelerator" not in rows(rep)
    assert reasons(rep)["inference-accelerator"] == "gcp is not among the allowed clouds"


def api(provider: str) -> str:
    return f"""name: t
cloud: {{provider: azure, region: westeurope}}
workloads:
  - name: w
    kind: llm-api
    model: {{name: some-model, provider: {provider}}}
    traffic: {{requests_per_month: 500000, input_tokens: 6000, output_tokens: 300}}
    schedule: {{deferrable: false}}
constraints: {{clouds: [azure]}}
"""


def test_prompt_caching_follows_what_the_api_provider_offers(write_yaml):
    mistral = report(write_yaml, api("mistral"))
    assert rows(mistral)["kv-cache-reuse"] == ["Mistral prompt caching (prompt_cache_key)"]
    cohere = report(write_yaml, api("cohere"))
    assert "kv-cache-reuse" not in rows(cohere)
    assert reasons(cohere)["kv-cache-reuse"] == "cohere offers no such feature to its API callers"


def _architectures() -> list[tuple[str, Path | dict]]:
    found: list[tuple[str, Path | dict]] = [(p.stem, p) for p in EXAMPLES]
    found += [(p.stem, yaml.safe_load(p.read_text(encoding="utf-8"))["architecture"]) for p in CASES]
    return found


@pytest.mark.parametrize("name, source", _architectures(), ids=[n for n, _ in _architectures()])
def test_every_bundled_row_names_a_tool_unless_the_clouds_forbid_them_all(write_yaml, kb, name, source):
    """A row with no tool is allowed only when the knowledge base has tools for it that fit the workload
    and every one of them belongs to a cloud the file does not allow (Inferentia's SDK under [on-prem])."""
    from advisor.engine.tools import fits

    path = source if isinstance(source, Path) else write_yaml(yaml.safe_dump(source), f"{name}.yaml")
    rep = report(write_yaml, path.read_text(encoding="utf-8"))
    loaded = load_architecture(path, kb)
    by_name = {wf.name: wf for wf in Calculator(kb, loaded.architecture).footprint().workloads}
    allowed = set(loaded.architecture.allowed_clouds)
    for r in rep["recommendations"]:
        if r["tools"]:
            continue
        fitting = [t for t in kb.techniques[r["technique_id"]].tools if fits(by_name[r["workload"]])(t)]
        assert fitting and all(t.cloud and t.cloud not in allowed for t in fitting), (
            f"{name}: {r['technique_id']} on {r['workload']} has no tool; fitting: {[t.name for t in fitting]}")
