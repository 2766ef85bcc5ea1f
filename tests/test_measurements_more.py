"""Zeus and EcoLogits measurements: told apart by content, matched to workloads, driving the footprint."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from advisor.errors import InputError
from advisor.measured import read_metrics
from conftest import example, run_cli

FIXTURES = Path(__file__).parent / "fixtures"
ZEUS = FIXTURES / "zeus"
ECO = FIXTURES / "ecologits"


def workload(report: dict, name: str) -> dict:
    return next(w for w in report["footprint"]["workloads"] if w["name"] == name)


def analyze(arch: str, metrics: Path) -> dict:
    result = run_cli("analyze", example(arch), "--metrics", metrics, "--format", "json")
    assert result.code == 0, result.stderr
    return result.json()


def test_zeus_measurement_json_drives_the_footprint_and_the_rating():
    data = json.loads((ZEUS / "doc-analyzer.json").read_text())["document-analysis"]
    units = json.loads((ZEUS / "doc-analyzer.json.units.json").read_text())["document-analysis"]
    gpu_j = sum(data["gpu_energy"].values())
    all_j = gpu_j + sum(data["cpu_energy"].values()) + sum(data["dram_energy"].values())
    w = workload(analyze("doc-analyzer.yaml", ZEUS / "doc-analyzer.json"), "document-analysis")
    assert w["measured"] is True
    energy = w["figures"]["energy_kwh_month"]
    assert energy["provenance"] == "measured" and "measured with Zeus" in energy["note"] and "not the rest of the server" in energy["note"]
    pue = w["figures"]["pue"]["value"]
    assert w["energy_kwh_month"] == pytest.approx(all_j / 3.6e6 / units["requests"] * 5_000_000 * pue, rel=1e-3)
    rating = w["energy_rating"]["wh_per_1k_queries"]
    assert rating["provenance"] == "measured"
    assert rating["value"] == pytest.approx(gpu_j / 3600 / units["requests"] * 1000, rel=1e-4)  # Wh per 1,000 requests


def test_a_bare_zeus_measurement_goes_to_the_only_workload():
    w = workload(analyze("onprem-vision.yaml", ZEUS / "vision-window.json"), "defect-detection")
    data = json.loads((ZEUS / "vision-window.json").read_text())
    assert w["measured"] and "GPUs only" in w["figures"]["energy_kwh_month"]["note"]
    assert w["energy_rating"]["wh_per_1k_queries"]["value"] == pytest.approx(sum(data["gpu_energy"].values()) / 3600 / 3000 * 1000, rel=1e-4)


def test_zeus_log_windows_are_matched_by_name():
    report = analyze("support-chatbot-azure.yaml", ZEUS / "embeddings-log.csv")
    w = workload(report, "doc-embeddings")
    assert w["measured"] and "2 runs" in w["figures"]["energy_kwh_month"]["note"]
    assert w["energy_rating"]["wh_per_1k_queries"]["value"] == pytest.approx((1803.2 + 1796.7) / 3600 / 1000 * 1000, rel=1e-4)
    assert any("warmup" in n and "Zeus window" in n for n in report["warnings"])


def test_real_ecologits_records_go_to_the_workload_serving_their_model():
    records = json.loads((ECO / "chat-gpt-4o.json").read_text())
    spans = [r["impacts"]["energy"]["value"] for r in records]
    low, high = (sum(s["min"] for s in spans), sum(s["max"] for s in spans))
    mid = sum((s["min"] + s["max"]) / 2 for s in spans)
    report = analyze("support-chatbot-azure.yaml", ECO / "chat-gpt-4o.json")
    chat = workload(report, "chat-answers")
    assert chat["measured"] is True and workload(report, "doc-embeddings")["measured"] is False
    energy = chat["figures"]["energy_kwh_month"]
    per_month = 1_200_000 / len(records)  # each record is one request; EcoLogits' energy already has its PUE
    assert energy["value"] == pytest.approx(mid * per_month, rel=1e-3)
    assert energy["low"] == pytest.approx(low * per_month, rel=1e-3) and energy["high"] == pytest.approx(high * per_month, rel=1e-3)
    assert "measured with EcoLogits" in energy["note"] and "not a meter reading" in energy["note"]


def test_one_bare_ecologits_impacts_object():
    w = workload(analyze("claude-assistant-api.yaml", ECO / "claude-single.json"), "assistant")
    value = json.loads((ECO / "claude-single.json").read_text())["energy"]["value"]
    assert w["energy_kwh_month"] == pytest.approx((value["min"] + value["max"]) / 2 * 400_000, rel=1e-3)


def test_format_is_told_by_content_not_extension(tmp_path):
    disguised = tmp_path / "metrics.csv"
    shutil.copy(ZEUS / "doc-analyzer.json", disguised)
    shutil.copy(ZEUS / "doc-analyzer.json.units.json", tmp_path / "metrics.csv.units.json")
    assert workload(analyze("doc-analyzer.yaml", disguised), "document-analysis")["measured"] is True


def test_the_architecture_file_can_point_at_a_zeus_file(tmp_path):
    shutil.copy(ZEUS / "vision-window.json", tmp_path / "zeus.json")
    arch = tmp_path / "arch.yaml"
    arch.write_text(example("onprem-vision.yaml").read_text() + "metrics: zeus.json\n")
    result = run_cli("analyze", arch, "--format", "json")
    assert workload(result.json(), "defect-detection")["measured"] is True


@pytest.mark.parametrize("path, contains", [
    (ZEUS / "bad-gpu.json", "gpu_energy.0: expected a finite number ≥ 0, got 'lots'"),
    (ZEUS / "negative-time.json", "[0].time: must be a finite number ≥ 0, got '-3'"),
    (ZEUS / "bad-log.csv", ":2: gpu0_energy: not a number"),
    (ECO / "bad-unit.json", "[0].energy: unit 'MJ' is not one of kwh, wh"),
    (ECO / "truncated.json", ":2: not valid JSON"),
    (ECO / "foreign.json", "neither a Zeus measurement"),
    (ECO / "unknown-model.json", "Could not find model `gpt-unknown-9`"),
])
def test_malformed_measurements_are_bad_input(path, contains):
    result = run_cli("analyze", example("doc-analyzer.yaml"), "--metrics", path)
    assert result.code == 2 and "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert str(path) in first and contains in result.stderr


def test_deeply_nested_json_is_bad_input(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    result = run_cli("analyze", example("doc-analyzer.yaml"), "--metrics", path)
    assert result.code == 2 and "Traceback" not in result.stderr


JSON = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True) | st.integers() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["time", "gpu_energy", "cpu_energy", "energy", "gwp", "value", "unit", "min", "max", "impacts", "0", "model"]),
        children, max_size=5),
    max_leaves=20,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(JSON)
def test_any_json_gives_runs_or_one_clear_error(tmp_path, data):
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    try:
        runs = read_metrics(path)
    except InputError as exc:
        assert str(path) in str(exc)
    else:
        assert runs and all(r.energy_kwh >= 0 and r.duration_s >= 0 for r in runs)


def test_without_a_gpu_reading_the_rating_takes_the_estimates_gpu_share_of_the_measured_energy():
    estimated = workload(run_cli("analyze", example("support-chatbot-azure.yaml"), "--format", "json").json(), "chat-answers")
    report = analyze("support-chatbot-azure.yaml", ECO / "chat-gpt-4o.json")
    chat = workload(report, "chat-answers")
    energy, accelerator = chat["figures"]["energy_kwh_month"], chat["figures"]["accelerator_energy_kwh_month"]
    share = estimated["figures"]["accelerator_energy_kwh_month"]["value"] / estimated["figures"]["energy_kwh_month"]["value"]
    assert accelerator["value"] == pytest.approx(share * energy["value"], rel=1e-3)
    assert accelerator["value"] < energy["value"] and accelerator["high"] <= energy["high"]  # never more GPU energy than measured
    assert accelerator["provenance"] == "estimate" and "GPU share" in accelerator["note"] and "EcoLogits" in accelerator["note"]
    rating = chat["energy_rating"]
    assert rating["wh_per_1k_queries"]["value"] == pytest.approx(accelerator["value"] * 1e6 / 1_200_000, rel=1e-3)
    assert "share of the measured energy" in rating["method"]
    assert any("chat-answers" in n and "GPU share" in n for n in report["warnings"])
    fr = workload(run_cli("analyze", example("support-chatbot-azure.yaml"), "--metrics", ECO / "chat-gpt-4o.json",
                          "--format", "json", "--lang", "fr").json(), "chat-answers")
    assert "part des GPU dans l'énergie mesurée" in fr["energy_rating"]["method"]


def test_a_meter_that_saw_no_gpu_leaves_the_gpu_workload_as_estimated():
    """CodeCarbon with gpu_energy 0 (gpu_count 0) ran where there was no GPU: its reading is not this workload's."""
    estimated = workload(run_cli("analyze", example("doc-analyzer.yaml"), "--format", "json").json(), "document-analysis")
    report = analyze("doc-analyzer.yaml", FIXTURES / "codecarbon" / "seed-inference.csv")
    w = workload(report, "document-analysis")
    assert w["measured"] is False
    assert w["figures"]["accelerator_energy_kwh_month"] == estimated["figures"]["accelerator_energy_kwh_month"]
    assert w["energy_rating"] == estimated["energy_rating"]
    assert any("saw no GPU" in n for n in report["warnings"])


def test_a_measured_gpu_reading_is_used_as_it_is():
    w = workload(analyze("doc-analyzer.yaml", ZEUS / "doc-analyzer.json"), "document-analysis")
    assert w["figures"]["accelerator_energy_kwh_month"]["provenance"] == "measured"
    assert "share" not in w["energy_rating"]["method"] and "a measurement" in w["energy_rating"]["method"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 1e6), min_size=3, max_size=3), st.lists(st.floats(0, 1e6), min_size=3, max_size=3))
def test_the_gpu_share_is_a_share(acc, total):
    from advisor.figures import Figure, Span
    from advisor.footprint_measured import accelerator_share

    def fig(xs):
        low, value, high = sorted(xs)
        return Figure.from_span(Span(low, value, high), "kWh/month", "estimate")

    share = accelerator_share(fig(acc), fig(total))
    if sorted(total)[1] <= 0:
        assert share is None
    else:
        assert 0 <= share.low <= share.value <= share.high <= 1
