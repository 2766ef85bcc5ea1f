"""CPU-only inference: the quantization and runtime actions a CPU can use, with CPU tools only,
and pruning kept to hardware with sparse tensor cores and to models that have weights to prune."""

from __future__ import annotations

import pytest
import yaml

from advisor.kb import load_kb
from conftest import run_cli

GPU_ONLY_TOOLS = {"vLLM", "TensorRT-LLM", "AutoAWQ", "vLLM (Marlin kernels)", "Torch-TensorRT", "SGLang"}


def _report(tmp_path, workload: dict, clouds=("on-prem",)) -> dict:
    arch = {
        "name": "cpu-check",
        "cloud": {"provider": "on-prem", "country": "FRA", "pue": 1.5} if clouds == ("on-prem",)
        else {"provider": clouds[0], "region": {"aws": "us-east-1", "azure": "brazilsouth", "gcp": "europe-west3"}[clouds[0]]},
        "workloads": [{"schedule": {"deferrable": False}, "practices": [], **workload}],
        "objective": {"reduce_energy_pct": 30},
        "constraints": {"clouds": list(clouds)},
    }
    path = tmp_path / "arch.yaml"
    path.write_text(yaml.safe_dump(arch))
    result = run_cli("analyze", path, "--format", "json")
    assert result.code == 0, result.stderr
    return result.json()


def _rows(report: dict) -> dict[str, dict]:
    return {r["technique_id"]: r for r in report["recommendations"]}


def _excluded(report: dict) -> dict[str, str]:
    return {e["technique_id"]: e["reason"] for e in report["excluded"]}


CPU_LLM = {
    "name": "chat", "kind": "llm-inference",
    "model": {"name": "phi-3-mini", "parameters_b": 3.8, "precision": "fp32"},
    "hardware": {"accelerator": "none", "vcpus": 64, "count": 2, "utilization": 0.4, "hours_per_month": 730},
    "traffic": {"requests_per_month": 50000, "input_tokens": 500, "output_tokens": 200},
    "slo": {"latency_p95_ms": 20000},
    "quality": {"metric": "accuracy", "current": 0.80, "minimum": 0.70},
}


def test_cpu_llm_gets_int8_and_int4_with_cpu_tools_only(tmp_path):
    rows = _rows(_report(tmp_path, CPU_LLM))
    for tid in ("quantization-int8", "quantization-int4", "optimized-runtime"):
        assert tid in rows, f"{tid} should apply to a CPU-served LLM"
        assert not set(rows[tid]["tools"]) & GPU_ONLY_TOOLS, rows[tid]["tools"]
    assert any("llama.cpp" in t for t in rows["quantization-int4"]["tools"])
    assert rows["quantization-int4"]["accuracy_risk"] in ("medium", "high")  # the accuracy rules still hold


def test_cpu_embedding_gets_int8_and_runtime(tmp_path):
    embed = {
        "name": "embed", "kind": "embedding",
        "model": {"name": "multilingual-e5-small", "parameters_b": 0.118, "precision": "fp32"},
        "hardware": {"accelerator": "none", "vcpus": 32, "count": 1, "utilization": 0.5, "hours_per_month": 730},
        "traffic": {"requests_per_month": 20000000, "input_tokens": 64},
        "slo": {"latency_p95_ms": 50},
    }
    report = _report(tmp_path, embed, clouds=("azure",))
    rows = _rows(report)
    assert {"quantization-int8", "optimized-runtime"} <= set(rows)
    assert "OpenVINO" in rows["optimized-runtime"]["tools"]
    assert "quantization-int4" in _excluded(report)  # no 4-bit path for an encoder


def test_cpu_trees_get_a_runtime_but_no_quantization_or_pruning(tmp_path):
    trees = {
        "name": "scoring", "kind": "classic-ml",
        "model": {"name": "xgboost-fraud", "parameters_b": 0.00002, "precision": "fp32"},
        "hardware": {"accelerator": "none", "vcpus": 16, "count": 4, "utilization": 0.35, "hours_per_month": 730},
        "traffic": {"requests_per_month": 50000000},
        "slo": {"latency_p95_ms": 100},
        "quality": {"metric": "auc", "current": 0.92, "minimum": 0.80},
    }
    report = _report(tmp_path, trees)
    assert "optimized-runtime" in _rows(report)
    excluded = _excluded(report)
    for tid in ("pruning", "quantization-int8", "quantization-int4"):
        assert tid in excluded, f"{tid} must not be offered for trees on CPU"


@pytest.mark.parametrize("accelerator, model, offered", [
    ("nvidia-t4", "resnet-50", False),        # Turing: no sparse tensor cores
    ("nvidia-a10g", "lightgbm-ranker", False),  # a tree ensemble, even on a sparse-capable GPU
    ("nvidia-a10g", "resnet-50", True),
])
def test_pruning_needs_sparse_tensor_cores_and_weights(tmp_path, accelerator, model, offered):
    vision = {
        "name": "vision", "kind": "classic-ml",
        "model": {"name": model, "parameters_b": 0.025, "precision": "fp16"},
        "hardware": {"accelerator": accelerator, "count": 2, "utilization": 0.6, "hours_per_month": 730},
        "traffic": {"requests_per_month": 9000000},
        "slo": {"latency_p95_ms": 200},
        "quality": {"metric": "accuracy", "current": 0.95, "minimum": 0.80},
    }
    report = _report(tmp_path, vision)
    assert ("pruning" in _rows(report)) is offered
    assert ("pruning" in _excluded(report)) is not offered


def test_cpu_impact_is_the_cpu_measured_one():
    kb = load_kb()
    for tid in ("quantization-int8", "quantization-int4", "optimized-runtime"):
        technique = kb.techniques[tid]
        assert technique.impact.cpu is not None
        assert technique.on("cpu").impact.saving_pct == technique.impact.cpu.saving_pct
        assert technique.on("nvidia").impact.saving_pct == technique.impact.saving_pct
