"""Measurements go only where they mean something: EcoLogits to llm-api workloads serving
the model, Zeus and CodeCarbon to workloads on machines they can read; what cannot be used
says why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import example, run_cli

FIXTURES = Path(__file__).parent / "fixtures"


def eco_record(model: str | None = "gpt-4o", workload: str | None = None, kwh: tuple[float, float] = (0.0004, 0.0007)) -> dict:
    record = {"input_tokens": 3400, "output_tokens": 310, "impacts": {
        "energy": {"value": {"min": kwh[0], "max": kwh[1]}, "unit": "kWh"},
        "gwp": {"value": {"min": 0.0002, "max": 0.0003}, "unit": "kgCO2eq"}}}
    if model is not None:
        record["model"] = model
    if workload is not None:
        record["workload"] = workload
    return record


def write(tmp_path: Path, data, name: str = "metrics.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def analyze(arch, metrics: Path, *extra: str) -> dict:
    arch = arch if isinstance(arch, Path) else example(arch)
    result = run_cli("analyze", arch, "--metrics", metrics, "--format", "json", *extra)
    assert result.code == 0, result.stderr
    return result.json()


def workload(report: dict, name: str) -> dict:
    return next(w for w in report["footprint"]["workloads"] if w["name"] == name)


@pytest.mark.parametrize("arch, name, kind", [
    ("doc-analyzer.yaml", "document-analysis", "llm-inference"),
    ("cpu-churn-model.yaml", "churn-api", "classic-ml"),
    ("nightly-training-gcp.yaml", "nightly-retraining", "training"),
])
def test_ecologits_records_never_go_to_a_self_hosted_workload(tmp_path, arch, name, kind):
    report = analyze(arch, write(tmp_path, [eco_record(), eco_record()]))
    w = workload(report, name)
    assert w["measured"] is False and w["figures"]["energy_kwh_month"]["provenance"] != "measured"
    note = next(n for n in report["warnings"] if "EcoLogits" in n)
    assert "gpt-4o" in note and "llm-api" in note and "left out" in note


def test_ecologits_records_of_another_model_do_not_go_to_the_only_api_workload(tmp_path):
    report = analyze("claude-assistant-api.yaml", write(tmp_path, [eco_record(), eco_record()]))
    assert workload(report, "assistant")["measured"] is False
    note = next(n for n in report["warnings"] if "EcoLogits" in n)
    assert "gpt-4o" in note and "claude-sonnet-4-5" in note and "`workload`" in note


def test_an_explicit_workload_wins_over_the_model_but_must_be_llm_api(tmp_path):
    report = analyze("claude-assistant-api.yaml", write(tmp_path, [eco_record(workload="assistant")]))
    assert workload(report, "assistant")["measured"] is True
    report = analyze("doc-analyzer.yaml", write(tmp_path, [eco_record(workload="document-analysis")]))
    assert workload(report, "document-analysis")["measured"] is False
    note = next(n for n in report["warnings"] if "EcoLogits" in n)
    assert "document-analysis" in note and "llm-inference" in note


@pytest.mark.parametrize("model, taken", [
    ("gpt-4o", True), ("GPT-4o", True), ("openai/gpt-4o", True), ("gpt-4o-2024-08-06", True),
    ("gpt-4o-mini", False), ("gpt-4", False),
])
def test_model_names_are_normalised_not_guessed(tmp_path, model, taken):
    report = analyze("support-chatbot-azure.yaml", write(tmp_path, [eco_record(model)]))
    assert workload(report, "chat-answers")["measured"] is taken
    assert workload(report, "doc-embeddings")["measured"] is False
    assert any("EcoLogits" in n and model in n for n in report["warnings"]) is not taken


def test_a_bare_record_without_model_still_goes_to_the_only_api_workload():
    report = analyze("claude-assistant-api.yaml", FIXTURES / "ecologits" / "claude-single.json")
    assert workload(report, "assistant")["measured"] is True


ZEUS_WINDOW = {"time": 60.0, "gpu_energy": {"0": 12000.0}, "cpu_energy": None, "dram_energy": None}


def test_zeus_does_not_measure_a_hosted_api(tmp_path):
    report = analyze("claude-assistant-api.yaml", write(tmp_path, ZEUS_WINDOW))
    assert workload(report, "assistant")["measured"] is False
    note = next(n for n in report["warnings"] if "Zeus" in n)
    assert "assistant" in note and "llm-api" in note
    report = analyze("support-chatbot-azure.yaml", write(tmp_path, {"chat-answers": ZEUS_WINDOW}))
    assert workload(report, "chat-answers")["measured"] is False
    assert any("Zeus" in n and "chat-answers" in n and "llm-api" in n for n in report["warnings"])


def test_zeus_gpu_energy_does_not_go_to_a_cpu_only_workload(tmp_path):
    report = analyze("cpu-churn-model.yaml", write(tmp_path, ZEUS_WINDOW))
    assert workload(report, "churn-api")["measured"] is False
    assert any("Zeus" in n and "churn-api" in n and "accelerator" in n for n in report["warnings"])


@pytest.mark.parametrize("project", ["assistant", "codecarbon"])  # named after it, or CodeCarbon's default name
def test_codecarbon_does_not_measure_a_hosted_api(tmp_path, project):
    csv_text = (FIXTURES / "codecarbon" / "seed-inference.csv").read_text().replace(",document-analysis,", f",{project},")
    path = tmp_path / "emissions.csv"
    path.write_text(csv_text)
    report = analyze("claude-assistant-api.yaml", path)
    assert workload(report, "assistant")["measured"] is False
    assert any("CodeCarbon" in n and "llm-api" in n for n in report["warnings"])


def test_a_zero_duration_says_so_rather_than_asking_for_hours(tmp_path):
    report = analyze("nightly-training-gcp.yaml", write(tmp_path, {**ZEUS_WINDOW, "time": 0}))
    w = workload(report, "nightly-retraining")
    assert w["measured"] is False
    note = next(n for n in report["warnings"] if "nightly-retraining" in n and "measured" in n)
    assert "0 s" in note and "give traffic or hours" not in note


def test_an_all_zero_measurement_is_a_warning_and_keeps_the_estimate(tmp_path):
    estimate = workload(run_cli("analyze", example("doc-analyzer.yaml"), "--format", "json").json(), "document-analysis")
    report = analyze("doc-analyzer.yaml", write(tmp_path, {"time": 10, "gpu_energy": {"0": 0.0}}))
    w = workload(report, "document-analysis")
    assert w["measured"] is False and w["energy_kwh_month"] == pytest.approx(estimate["energy_kwh_month"])
    assert w["energy_rating"]["stars"] == estimate["energy_rating"]["stars"]
    assert any("0 kWh" in n and "Zeus" in n and "kept the estimate" in n for n in report["warnings"])


@pytest.mark.parametrize("metrics, names", [
    (FIXTURES / "codecarbon" / "two-projects.csv", ("doc-embeddings", "chat-answers", "nightly-backfill")),
    (FIXTURES / "zeus" / "embeddings-log.csv", ("doc-embeddings", "warmup")),
])
def test_named_runs_of_no_workload_do_not_go_to_the_only_workload(metrics, names):
    report = analyze("doc-analyzer.yaml", metrics)
    w = workload(report, "document-analysis")
    assert w["measured"] is False and w["figures"]["energy_kwh_month"]["provenance"] != "measured"
    note = next(n for n in report["warnings"] if "left out" in n)
    assert all(name in note for name in names) and "matches no workload by name" in note and "document-analysis" in note


def _renamed_seed(tmp_path: Path, project: str) -> Path:
    text = (FIXTURES / "codecarbon" / "seed-inference.csv").read_text().replace(",document-analysis,", f",{project},")
    path = tmp_path / "emissions.csv"
    path.write_text(text)
    (tmp_path / "emissions.csv.units.json").write_text((FIXTURES / "codecarbon" / "seed-inference.csv.units.json").read_text())
    return path


@pytest.mark.parametrize("project", ["", "codecarbon", "CodeCarbon", "greenadvisor"])  # `greenadvisor measure` without --project
def test_unnamed_runs_still_go_to_the_only_workload(tmp_path, project):
    report = analyze("cpu-churn-model.yaml", _renamed_seed(tmp_path, project))  # made without GPU: a CPU-only workload
    assert workload(report, "churn-api")["measured"] is True
    assert not any("left out" in n for n in report["warnings"])


def test_unnamed_runs_in_a_system_of_several_workloads_are_left_out(tmp_path):
    report = analyze("support-chatbot-azure.yaml", _renamed_seed(tmp_path, "codecarbon"))
    assert not any(w["measured"] for w in report["footprint"]["workloads"])
    assert any("no name of its own" in n and "chat-answers" in n for n in report["warnings"])


def test_an_unnamed_zeus_window_goes_to_the_only_workload_a_named_one_does_not(tmp_path):
    assert workload(analyze("onprem-vision.yaml", write(tmp_path, [ZEUS_WINDOW])), "defect-detection")["measured"] is True
    report = analyze("onprem-vision.yaml", write(tmp_path, [{**ZEUS_WINDOW, "window": "benchmark"}]))
    assert workload(report, "defect-detection")["measured"] is False
    assert any("benchmark" in n and "Zeus window" in n for n in report["warnings"])


def test_an_ecologits_record_naming_another_workload_is_left_out_even_if_the_model_matches(tmp_path):
    report = analyze("support-chatbot-azure.yaml", write(tmp_path, [eco_record("gpt-4o", workload="other-system")]))
    assert workload(report, "chat-answers")["measured"] is False
    assert any("other-system" in n and "matches no workload by name" in n for n in report["warnings"])
