"""Hardware moves an expert would sign, and endpoints that serve nothing.

A spec-sheet ratio alone sent every workload to the biggest chip: a 1.1B model on two T4s to a
1,000 W B200, H100s to an AMD MI300X, a TPU v5e training job to NVIDIA, with tools naming other
parts than the target. And an endpoint with no traffic was offered a new chip while scaling it to
zero was capped at half its energy. Each test reads the report a user gets (`analyze --format json`).
"""

from __future__ import annotations

import json

import pytest
import yaml

from advisor.kb import load_kb
from conftest import run_cli


def _report(tmp_path, accelerator, count, utilization, params, precision="bf16", kind="llm-inference",
            provider="aws", region="us-east-1", requests=None, hours=730, deferrable=False, clouds=None, p95=None):
    workload = {
        "name": "w", "kind": kind,
        "model": {"name": "m", "parameters_b": params, "precision": precision},
        "hardware": {"accelerator": accelerator, "count": count, "utilization": utilization, "hours_per_month": hours},
        "schedule": {"deferrable": deferrable},
    }
    if requests is not None:
        workload["traffic"] = {"requests_per_month": requests, "input_tokens": 500, "output_tokens": 200}
    if p95 is not None:
        workload["slo"] = {"latency_p95_ms": p95}
    arch = {"name": "t", "cloud": {"provider": provider, "region": region}, "workloads": [workload],
            "objective": {"reduce_energy_pct": 80}, "constraints": {"clouds": clouds or [provider]}}
    path = tmp_path / "arch.yaml"
    path.write_text(yaml.safe_dump(arch), encoding="utf-8")
    result = run_cli("analyze", str(path), "--format", "json", "--no-log")
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)


def _row(report, technique):
    return next((r for r in report["recommendations"] if r["technique_id"] == technique), None)


def _reason(report, technique):
    return next(e["reason"] for e in report["excluded"] if e["technique_id"] == technique)


def test_a_small_model_on_t4s_is_not_sent_to_a_b200(tmp_path):
    report = _report(tmp_path, "nvidia-t4", 2, 0.5, 1.1, precision="fp32", provider="gcp", region="asia-southeast2")
    upgrade = _row(report, "hardware-upgrade")
    assert upgrade is None or "B200" not in upgrade["action"]
    assert upgrade is None, "no newer inference-class part beats a T4's bandwidth per watt"
    assert "holds the model" in _reason(report, "hardware-upgrade")


def test_an_inference_class_card_moves_within_its_class(tmp_path):
    report = _report(tmp_path, "nvidia-a10g", 4, 0.55, 8)
    upgrade = _row(report, "hardware-upgrade")
    assert upgrade is not None and "L4" in upgrade["action"], upgrade
    assert upgrade["tools"][-1] == "Amazon EC2 G6 instances (L4)"
    assert not any("H100" in t or "B200" in t for t in upgrade["tools"])


def test_h100_is_not_upgraded_to_an_amd_part_without_a_sourced_gain(tmp_path):
    report = _report(tmp_path, "nvidia-h100-80gb", 8, 1.0, 70, provider="azure", region="westeurope")
    assert _row(report, "hardware-upgrade") is None
    assert not any("MI300X" in r["action"] for r in report["recommendations"])


def test_a_tpu_v5e_training_job_stays_on_tpus_and_names_the_target_only(tmp_path):
    report = _report(tmp_path, "google-tpu-v5e", 16, 0.6, 3, kind="training", provider="gcp", region="us-east1",
                     deferrable=True)
    upgrade = _row(report, "hardware-upgrade")
    assert upgrade is not None and "v6e" in upgrade["action"], upgrade
    assert "Google Cloud TPU v6e (Trillium)" in upgrade["tools"]
    assert not any("H100" in t or "L4" in t for t in upgrade["tools"])


def test_a_big_llm_on_h100s_goes_to_b200_with_b200_offerings_only(tmp_path):
    report = _report(tmp_path, "nvidia-h100-80gb", 8, 0.6, 70, clouds=["aws", "gcp"])
    upgrade = _row(report, "hardware-upgrade")
    assert upgrade is not None and "B200" in upgrade["action"]
    cloudy = [t for t in upgrade["tools"] if "EC2" in t or "Google" in t]
    assert cloudy == ["Amazon EC2 P6-B200 instances (B200)"]  # not H100's P5, not another cloud's VMs


def test_low_utilisation_is_idle_capacity_not_a_chip_problem(tmp_path):
    report = _report(tmp_path, "nvidia-h100-80gb", 4, 0.15, 70)
    assert _row(report, "hardware-upgrade") is None
    assert "busy" in _reason(report, "hardware-upgrade")
    assert _row(report, "gpu-right-sizing") is not None


@pytest.mark.parametrize("accelerator, provider, region, target, foreign", [
    ("nvidia-a100-40gb", "aws", "us-east-1", "AWS Inferentia2", "TPU"),
    ("nvidia-a100-80gb", "gcp", "us-central1", "Google Cloud TPU v5e", "Neuron"),
])
def test_inference_accelerator_proposes_only_the_parts_it_names(tmp_path, accelerator, provider, region, target, foreign):
    """Not Trainium2 or TPU v5p, whose action and tools say Inferentia2 and TPU v5e; tools of the target's cloud only."""
    report = _report(tmp_path, accelerator, 8, 0.6, 8, provider=provider, region=region, clouds=["aws", "gcp"])
    row = _row(report, "inference-accelerator")
    assert row is not None and row["action"].endswith(f"(→ {target})"), row
    assert row["tools"] and not any(foreign in t for t in row["tools"]), row["tools"]


def test_an_endpoint_with_no_traffic_scales_to_zero_and_gets_no_new_chip(tmp_path):
    report = _report(tmp_path, "nvidia-a10g", 2, 0.0, 7.2, precision="fp16", provider="aws", region="eu-west-1",
                     requests=0, p95=2000)
    autoscaling = _row(report, "autoscaling")
    assert autoscaling is not None
    assert autoscaling["saving_kwh_month"] > 0.85 * report["footprint"]["energy_kwh_month"]
    assert _row(report, "inference-accelerator") is None and _row(report, "hardware-upgrade") is None
    assert report["plan"]["status"] == "reached", report["plan"]


def test_a_busy_endpoint_with_no_requests_is_still_idle(tmp_path):
    """Utilisation given but no requests: the endpoint does no work, so no chip is proposed for it."""
    report = _report(tmp_path, "nvidia-a10g", 2, 0.3, 7.2, precision="fp16", requests=0, p95=2000)
    assert _row(report, "inference-accelerator") is None
    assert "serves no requests" in _reason(report, "inference-accelerator")


def test_autoscaling_keeps_a_warm_device_when_the_endpoint_serves_traffic(tmp_path):
    report = _report(tmp_path, "nvidia-a10g", 2, 0.0001, 7.2, precision="fp16", requests=1000, p95=2000)
    autoscaling = _row(report, "autoscaling")
    assert autoscaling is not None
    assert autoscaling["saving_kwh_month"] <= 0.5 * report["footprint"]["energy_kwh_month"] + 1e-6


def test_every_offering_an_accelerator_is_rented_as_is_a_tool_of_a_hardware_move():
    kb = load_kb()
    tools = {t.name: t for tid in ("hardware-upgrade", "inference-accelerator") for t in kb.techniques[tid].tools}
    for acc in kb.accelerators.values():
        for name in getattr(acc, "rented_as", None) or ():
            assert name in tools, f"{acc.id}: {name}"
            assert tools[name].cloud in acc.clouds, f"{acc.id}: {name} on {tools[name].cloud}"
