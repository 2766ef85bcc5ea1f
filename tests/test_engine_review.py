"""The reviewer's findings on the engine, each pinned: latency budgets, training memory,
cloud partitions, hardware offers, tools by hardware and hosting, idle power, the basic level."""

from __future__ import annotations

import pytest

from advisor.engine.advise import advise
from advisor.engine.memory import needed
from advisor.footprint import Calculator
from advisor.guardrails import check
from conftest import example
from test_engine import analyse, analyse_text, ids


def workload_yaml(kind="llm-inference", accelerator="nvidia-a100-80gb", count=4, utilization=0.5, params=8,
                  precision="bf16", provider="aws", region="us-east-1", deferrable=False, extra="", cloud_extra="",
                  model_extra="", clouds=None):
    hardware = (f"      accelerator: {accelerator}\n      count: {count}\n" if accelerator != "none"
                else f"      accelerator: none\n      vcpus: {count}\n")
    return f"""name: t
cloud:
  provider: {provider}
  region: {region}
{cloud_extra}workloads:
  - name: w
    kind: {kind}
    model:
      name: m
      parameters_b: {params}
      precision: {precision}
{model_extra}    hardware:
{hardware}      utilization: {utilization}
      hours_per_month: 730
    schedule:
      deferrable: {str(deferrable).lower()}
{extra}constraints:
  clouds: [{clouds or provider}]
"""


EMBEDDING_15MS = workload_yaml(
    kind="embedding", accelerator="nvidia-a10g", count=4, utilization=0.1, params=0.335, precision="fp16",
    extra="    traffic:\n      requests_per_month: 30000000\n    slo:\n      latency_p95_ms: 15\n")


def rec(report, tid):
    return next(r for r in report.recommendations if r.technique_id == tid)


# 1. the latency gate ------------------------------------------------------------------------

def test_slow_actions_are_ruled_out_or_flagged_under_a_tight_budget(kb, tmp_path):
    _, report = analyse_text(kb, EMBEDDING_15MS, tmp_path)
    got = set(ids(report))
    assert not got & {"autoscaling", "gpu-sharing", "power-capping"}
    reasons = {e.technique_id: e.reason for e in report.excluded}
    for tid in ("autoscaling", "gpu-sharing", "power-capping"):
        assert "latency budget 15 ms" in reasons[tid], (tid, reasons[tid])
    right_sizing = rec(report, "gpu-right-sizing")  # kept: consolidating to ~70 % only queues at peaks
    assert right_sizing.warning and "p95 budget is 15 ms" in right_sizing.warning


def test_a_loose_budget_lets_them_through(kb, tmp_path):
    _, report = analyse_text(kb, EMBEDDING_15MS.replace("latency_p95_ms: 15", "latency_p95_ms: 60000"), tmp_path)
    assert {"autoscaling", "gpu-right-sizing"} <= set(ids(report))
    assert rec(report, "gpu-right-sizing").warning is None


def test_the_guardrails_refuse_a_model_answer_that_breaks_the_budget(kb, tmp_path):
    loaded, _ = analyse_text(kb, EMBEDDING_15MS, tmp_path)
    footprint = Calculator(kb, loaded.architecture).footprint()
    rows = [{"technique_id": tid, "workload": "w", "tools": [], "accuracy_risk": "none", "warning": None,
             "saving_kwh_month": 1, "saving_kgco2e_month": 1} for tid in ("autoscaling", "power-capping", "gpu-sharing")]
    found = {(v.technique_id, v.rule) for v in check(rows, loaded.architecture, footprint, kb)}
    assert found == {("autoscaling", "applicability"), ("power-capping", "applicability"), ("gpu-sharing", "applicability")}


def test_every_latency_raising_technique_declares_its_budget(kb):
    for t in kb.techniques.values():
        if t.latency.effect == "higher":
            a = t.applies
            assert a.deferrable or a.min_latency_budget_ms is not None or a.latency_warning_below_ms is not None, t.id


# 2. hardware for training --------------------------------------------------------------------

def test_training_is_never_moved_to_an_inference_part(kb, tmp_path):
    text = workload_yaml(kind="training", accelerator="nvidia-h100-80gb", count=16, utilization=0.8, params=8)
    _, report = analyse_text(kb, text, tmp_path)
    upgrades = [r for r in report.recommendations if r.technique_id == "hardware-upgrade"]
    for r in upgrades:
        assert "L4" not in r.action and "T4" not in r.action
    _, nightly = analyse(kb, example("nightly-training-gcp.yaml"))
    for r in nightly.recommendations:
        if r.technique_id == "hardware-upgrade":
            assert "L4" not in r.action
            target = next(a for a in kb.accelerators.values() if a.name in r.action)
            assert "training" in target.roles


def test_training_memory_counts_gradients_and_adam_states(kb, tmp_path):
    sizes = {}
    for name, kind, practices in (("infer", "llm-inference", ""), ("train", "training", ""),
                                  ("lora", "fine-tuning", "    practices: [peft]\n")):
        loaded, _ = analyse_text(kb, workload_yaml(kind=kind, params=8, extra=practices), tmp_path)
        sizes[name] = needed(loaded.architecture.workloads[0], kb).gb
    assert sizes["infer"] == pytest.approx(8 * 2 * 1.2)
    assert sizes["train"] == pytest.approx(8 * 16 * 1.2)  # ZeRO: 16 bytes/parameter, plus activations
    assert sizes["lora"] == sizes["infer"]  # frozen base: sized like serving it


# 3. partitions and availability ---------------------------------------------------------------

def test_region_selection_never_leaves_the_china_partition(kb, tmp_path):
    text = workload_yaml(kind="training", region="cn-north-1", deferrable=True, utilization=0.8)
    _, report = analyse_text(kb, text, tmp_path)
    for r in report.recommendations:
        if r.technique_id == "region-selection":
            assert "cn-" in r.action, r.action


def test_a_region_move_says_to_check_the_accelerator_is_offered(kb):
    _, report = analyse(kb, example("nightly-training-gcp.yaml"))
    warning = rec(report, "region-selection").warning
    assert warning and "NVIDIA V100" in warning and "availability" in warning


# 4. hardware offers ---------------------------------------------------------------------------

def test_h100_pcie_draws_about_half_the_sxm_board_at_the_same_utilisation(kb, tmp_path):
    energy = {}
    for accelerator in ("nvidia-h100-pcie", "nvidia-h100-80gb"):
        loaded, _ = analyse_text(kb, workload_yaml(accelerator=accelerator, utilization=0.6), tmp_path)
        wf = Calculator(kb, loaded.architecture).footprint().workloads[0]
        energy[accelerator] = wf.figures["accelerator_energy_kwh_month"].value
    assert energy["nvidia-h100-pcie"] / energy["nvidia-h100-80gb"] == pytest.approx(0.5, rel=0.1)


@pytest.mark.parametrize("provider,region", [("aws", "us-east-1"), ("gcp", "us-central1"), ("azure", "eastus")])
def test_h200_on_each_big_cloud_gets_no_not_offered_warning(kb, tmp_path, provider, region):
    _, report = analyse_text(kb, workload_yaml(accelerator="nvidia-h200", provider=provider, region=region), tmp_path)
    assert not [w for w in report.warnings if "is not known on" in w], report.warnings


# 5. tools by hardware and hosting ---------------------------------------------------------------

NVIDIA_ONLY = ("TensorRT", "Triton", "Marlin", "AutoAWQ", "DCGM", "LMCache")


@pytest.mark.parametrize("accelerator,provider,region", [
    ("google-tpu-v5e", "gcp", "us-east1"), ("aws-inferentia2", "aws", "us-east-1"),
    ("aws-trainium1", "aws", "us-east-1"), ("amd-mi300x", "azure", "eastus"),
])
def test_non_nvidia_hardware_gets_no_nvidia_only_tools(kb, tmp_path, accelerator, provider, region):
    text = workload_yaml(accelerator=accelerator, provider=provider, region=region, count=8, utilization=0.4, params=8)
    _, report = analyse_text(kb, text, tmp_path, level="pro")
    for r in report.recommendations:
        for tool in r.tools:
            assert not any(word in tool for word in NVIDIA_ONLY), (accelerator, r.technique_id, tool)
    runtime = [r for r in report.recommendations if r.technique_id == "optimized-runtime"]
    own = {"google-tpu-v5e": "TPU", "aws-inferentia2": "Neuron", "aws-trainium1": "Neuron", "amd-mi300x": "vLLM"}
    for r in runtime:
        assert any(own[accelerator] in tool for tool in r.tools), r.tools


def test_api_workloads_get_the_providers_own_caching_not_self_hosted_tools(kb):
    _, report = analyse(kb, example("claude-assistant-api.yaml"))
    for r in report.recommendations:
        for tool in r.tools:
            assert not any(word in tool for word in ("vLLM", "SGLang", "LMCache", "DCGM", "Zeus", "Kepler", "Scaphandre")), tool
    caching = [r for r in report.recommendations if r.technique_id == "kv-cache-reuse"]
    assert caching and any("Anthropic prompt caching" in t for t in caching[0].tools)
    assert not any("OpenAI" in t for t in caching[0].tools)


# 6. idle power is not compute ---------------------------------------------------------------------

def test_compute_savings_scale_with_the_busy_share(kb, tmp_path):
    idle = workload_yaml(utilization=0.0, extra="    traffic:\n      requests_per_month: 1000000\n      output_tokens: 300\n")
    loaded, _ = analyse_text(kb, idle, tmp_path)
    advice = advise(loaded.architecture, Calculator(kb, loaded.architecture).footprint(), kb)
    got = {c.technique.id for c in advice.candidates}
    assert not got & {"quantization-int8", "continuous-batching", "speculative-decoding", "quantization-fp8"}
    busy = workload_yaml(utilization=0.5, extra="    traffic:\n      requests_per_month: 1000000\n      output_tokens: 300\n")
    loaded, _ = analyse_text(kb, busy, tmp_path)
    advice = advise(loaded.architecture, Calculator(kb, loaded.architecture).footprint(), kb)
    int8 = next(c for c in advice.candidates if c.technique.id == "quantization-int8")
    typical = int8.technique.impact.saving_pct.typical / 100
    assert 0 < int8.energy_fraction().value < typical  # only the busy part of the energy shrinks


# 7. the basic level ---------------------------------------------------------------------------------

def test_basic_level_prefers_simple_safe_actions(kb):
    _, report = analyse(kb, example("support-chatbot-azure.yaml"), level="basic")
    assert len(report.recommendations) == 3
    for r in report.recommendations:
        assert r.difficulty == "low" and r.accuracy_risk in ("none", "low"), (r.technique_id, r.difficulty, r.accuracy_risk)
