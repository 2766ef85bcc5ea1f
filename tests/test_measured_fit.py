"""What a measurement can stand for: a run that saw no GPU is not a GPU workload's energy; a run
measured in another country keeps the architecture's grid; per-request scaling says which runs
it used; names match whatever their case. Real CodeCarbon files (1.2.0 to 3.3.2) where possible."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import example, run_cli

CC = Path(__file__).parent / "fixtures" / "codecarbon"
ZEUS = Path(__file__).parent / "fixtures" / "zeus"


def analyze(arch, metrics: Path, *extra: str) -> dict:
    result = run_cli("analyze", arch if isinstance(arch, Path) else example(arch), "--metrics", metrics, "--format", "json", *extra)
    assert result.code == 0, result.stderr
    return result.json()


def workload(report: dict, name: str) -> dict:
    return next(w for w in report["footprint"]["workloads"] if w["name"] == name)


def estimate(arch: str, name: str) -> dict:
    return workload(run_cli("analyze", example(arch), "--format", "json").json(), name)


def codecarbon_rows(tmp_path: Path, *rows: dict, name: str = "emissions.csv") -> Path:
    """A CodeCarbon 3.3.2 file: the real header and first run of seed-inference.csv, with cells changed per row."""
    with (CC / "seed-inference.csv").open(newline="") as fh:
        reader = csv.DictReader(fh)
        header, template = reader.fieldnames, next(reader)
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    for index, row in enumerate(rows):
        writer.writerow({**template, "run_id": f"run-{index}", **row})
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


ON_8_GPUS = {"duration": "3600", "cpu_energy": "0.05", "gpu_energy": "1.6", "ram_energy": "0.02", "energy_consumed": "1.67",
             "gpu_count": "8", "gpu_model": "8 x NVIDIA A100-SXM4-40GB", "country_iso_code": "USA", "country_name": "United States"}


# -- 1. a run that saw no GPU ------------------------------------------------------------------

@pytest.mark.parametrize("fixture, seen", [
    ("seed-inference.csv", "gpu_count 0"),  # CodeCarbon 3.3.2 on a machine without GPU
    ("v2.2.7-no-gpu.csv", "gpu_energy 0"),  # 2.2.7 leaves gpu_count empty
])
def test_a_run_that_saw_no_gpu_does_not_replace_a_gpu_workloads_energy(fixture, seen):
    report = analyze("doc-analyzer.yaml", CC / fixture)
    w = workload(report, "document-analysis")
    assert w["measured"] is False
    assert w["energy_kwh_month"] == pytest.approx(estimate("doc-analyzer.yaml", "document-analysis")["energy_kwh_month"])
    assert "estimate_vs_measured_pct" not in w["figures"]
    note = next(n for n in report["warnings"] if "left out" in n and "GPU" in n)
    assert seen in note and "8× nvidia-a100-40gb" in note and "kept the estimate" in note


def test_a_zeus_run_on_a_machine_without_gpus_is_valid_and_not_a_gpu_workloads_energy():
    """Zeus 0.16 on a machine without GPUs writes `gpu_energy: {}` and a log with no gpu<i>_energy column."""
    for fixture in ("no-gpu-0.16.json", "no-gpu-log-0.16.csv"):
        report = analyze("doc-analyzer.yaml", ZEUS / fixture)
        assert workload(report, "document-analysis")["measured"] is False
        assert any("Zeus saw no GPU" in n and "8× nvidia-a100-40gb" in n for n in report["warnings"]), report["warnings"]


def test_a_cpu_only_workload_keeps_using_runs_without_gpu(tmp_path):
    text = (CC / "seed-inference.csv").read_text().replace(",document-analysis,", ",churn-api,")
    path = tmp_path / "emissions.csv"
    path.write_text(text)
    w = workload(analyze("cpu-churn-model.yaml", path), "churn-api")
    assert w["measured"] is True and w["figures"]["energy_kwh_month"]["provenance"] == "measured"


def test_a_run_on_gpus_still_stands_for_the_gpu_workload(tmp_path):
    report = analyze("doc-analyzer.yaml", codecarbon_rows(tmp_path, ON_8_GPUS))
    w = workload(report, "document-analysis")
    assert w["measured"] is True
    assert w["figures"]["accelerator_energy_kwh_month"]["provenance"] == "measured"
    assert not any("GPU" in n and "declares" in n for n in report["warnings"])


def test_another_gpu_count_than_the_workloads_is_a_warning(tmp_path):
    report = analyze("doc-analyzer.yaml", codecarbon_rows(tmp_path, {**ON_8_GPUS, "gpu_count": "1", "gpu_energy": "0.2",
                                                                     "energy_consumed": "0.27"}))
    assert workload(report, "document-analysis")["measured"] is True
    note = next(n for n in report["warnings"] if "saw 1 GPU" in n)
    assert "declares 8× nvidia-a100-40gb" in note and "hardware.count" in note


# -- 2. the country of the runs ----------------------------------------------------------------

def test_runs_measured_in_another_country_say_whose_grid_prices_them(tmp_path):
    fra = codecarbon_rows(tmp_path, {**ON_8_GPUS, "country_iso_code": "FRA", "country_name": "France"})
    report = analyze("doc-analyzer.yaml", fra)
    w = workload(report, "document-analysis")
    assert w["measured"] is True
    assert w["grid_intensity_gco2e_per_kwh"] == estimate("doc-analyzer.yaml", "document-analysis")["grid_intensity_gco2e_per_kwh"]
    note = next(n for n in report["warnings"] if "measured in FRA" in n)
    assert "USA" in note and "architecture's grid" in note
    same = analyze("doc-analyzer.yaml", codecarbon_rows(tmp_path, ON_8_GPUS, name="usa.csv"))  # us-east-1 is in the USA
    assert not any("measured in" in n for n in same["warnings"])


def test_the_emissions_column_is_not_required(tmp_path):
    path = tmp_path / "minimal.csv"
    path.write_text("duration,energy_consumed\n2.06,1.6e-05\n")
    assert workload(analyze("cpu-churn-model.yaml", path), "churn-api")["measured"] is True


# -- 4. units sidecar --------------------------------------------------------------------------

def _churn(tmp_path: Path, source: Path, units) -> Path:
    path = tmp_path / "emissions.csv"
    path.write_text(source.read_text().replace(",document-analysis,", ",churn-api,"))
    (tmp_path / "emissions.csv.units.json").write_text(json.dumps(units))
    return path


def test_per_request_scaling_uses_the_runs_with_units_and_says_so(tmp_path):
    """Two real `measure` runs, only the first with --requests: per request from that one, never silently per hour."""
    path = _churn(tmp_path, CC / "units-partial.csv", json.loads((CC / "units-partial.csv.units.json").read_text()))
    rows = list(csv.DictReader(path.open()))
    report = analyze("cpu-churn-model.yaml", path)
    w = workload(report, "churn-api")
    energy = w["figures"]["energy_kwh_month"]
    assert "per request measured" in energy["note"] and "1 of 2 runs" in energy["note"]
    pue = w["figures"]["pue"]["value"]
    assert energy["value"] == pytest.approx(float(rows[0]["energy_consumed"]) / 100 * 3_000_000 * pue, rel=1e-4)
    assert any("1 of the 2 CodeCarbon runs recorded no requests" in n for n in report["warnings"])


@pytest.mark.parametrize("value", ["100", -5, 0, 1e-300, True])
def test_a_sidecar_value_that_is_not_a_count_is_a_warning(tmp_path, value):
    run_id = next(csv.DictReader((CC / "units-partial.csv").open()))["run_id"]
    path = _churn(tmp_path, CC / "units-partial.csv", {run_id: {"requests": value}})
    report = analyze("cpu-churn-model.yaml", path)
    assert any(f"{run_id}.requests" in n and "not a count" in n and "ignored" in n for n in report["warnings"]), report["warnings"]
    assert "per request" not in workload(report, "churn-api")["figures"]["energy_kwh_month"]["note"]


def test_sidecar_entries_for_no_run_are_a_warning(tmp_path):
    path = _churn(tmp_path, CC / "units-partial.csv", {"no-such-run": {"requests": 10}})
    report = analyze("cpu-churn-model.yaml", path)
    assert any("no run of emissions.csv has the id 'no-such-run'" in n for n in report["warnings"]), report["warnings"]


def test_a_sidecar_entry_fitting_several_runs_without_id_is_a_warning(tmp_path):
    """CodeCarbon 1.2.0 writes no run_id: an entry keyed "" would give each of its runs the same requests."""
    path = tmp_path / "emissions.csv"
    path.write_text((CC / "v1.2.0.csv").read_text())
    (tmp_path / "emissions.csv.units.json").write_text(json.dumps({"": {"requests": 100}}))
    report = analyze("cpu-churn-model.yaml", path)
    assert any("fits 9 runs" in n and "ignored" in n for n in report["warnings"]), report["warnings"]


# -- 8. names whatever their case --------------------------------------------------------------

@pytest.mark.parametrize("project", ["Churn-API", " CHURN-API "])
def test_project_names_match_whatever_their_case(tmp_path, project):
    path = tmp_path / "emissions.csv"
    path.write_text((CC / "seed-inference.csv").read_text().replace(",document-analysis,", f",{project},"))
    report = analyze("cpu-churn-model.yaml", path)
    assert workload(report, "churn-api")["measured"] is True
    assert not any("left out" in n for n in report["warnings"])
