"""Measured grounding: `measure` runs a real command under CodeCarbon, `analyze` ingests it."""

from __future__ import annotations

import csv
import json
import shutil
import sys
from pathlib import Path

import pytest

from conftest import example, run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "codecarbon"


def measured_workload(report: dict, name: str) -> dict:
    return next(w for w in report["footprint"]["workloads"] if w["name"] == name)


def test_measure_runs_a_command_and_passes_its_status_through(tmp_path):
    out = tmp_path / "emissions.csv"
    ok = run_cli("measure", "--output", out, "--country", "FRA", "--project", "document-analysis",
                 "--requests", "50", "--tokens", "72500", "--", sys.executable, "-c", "sum(i * i for i in range(300000))")
    assert ok.code == 0, ok.stderr
    assert "Wh per token" in ok.stderr and "gCO2e" in ok.stderr
    failing = run_cli("measure", "--output", out, "--cloud", "aws", "--region", "eu-west-3", "--project", "document-analysis",
                      "--keep-failed", "--", sys.executable, "-c", "import sys; sys.exit(3)")
    assert failing.code == 3
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 2 and {r["country_iso_code"] for r in rows} == {"FRA"}
    assert all(float(r["energy_consumed"]) > 0 for r in rows)
    units = json.loads((tmp_path / "emissions.csv.units.json").read_text())
    assert list(units.values()) == [{"requests": 50.0, "tokens": 72500.0}]


def test_measure_then_analyze_the_seed_scenario(tmp_path):
    """The seed's CodeCarbon example as a feature: energy, emissions, gCO2e per request, then advice.

    Measured here on a machine without GPUs, so for the CPU-only workload such a run can stand for
    (a GPU workload keeps its estimate: tests/test_measured_fit.py)."""
    out = tmp_path / "emissions.csv"
    for _ in range(2):
        assert run_cli("measure", "-o", out, "--country", "DEU", "--project", "churn-api", "--requests", "100",
                       "--", sys.executable, "-c", "sum(i * i for i in range(300000))").code == 0
    report = run_cli("analyze", example("cpu-churn-model.yaml"), "--metrics", out, "--format", "json").json()
    w = measured_workload(report, "churn-api")
    assert w["measured"] is True
    energy = w["figures"]["energy_kwh_month"]
    assert energy["provenance"] == "measured" and "per request measured" in energy["note"]
    assert "estimated_energy_kwh_month" in w["figures"] and "estimate_vs_measured_pct" in w["figures"]
    # every energy saving is now a share of the measured energy
    for rec in report["recommendations"]:
        assert rec["saving_kwh_month"] <= w["energy_kwh_month"] * 1.0001


def churn_copy(tmp_path: Path, fixture: str = "seed-inference.csv", name: str = "emissions.csv") -> Path:
    """A real CodeCarbon file (made on a machine without GPU) renamed for the CPU-only example, with its units sidecar."""
    path = tmp_path / name
    path.write_text((FIXTURES / fixture).read_text().replace(",document-analysis,", ",churn-api,"))
    units = FIXTURES / f"{fixture}.units.json"
    if units.is_file():
        shutil.copy(units, tmp_path / f"{name}.units.json")
    return path


def test_real_codecarbon_fixture_per_request(tmp_path):
    report = run_cli("analyze", example("cpu-churn-model.yaml"), "--metrics", churn_copy(tmp_path), "--format", "json").json()
    w = measured_workload(report, "churn-api")
    rows = list(csv.DictReader((FIXTURES / "seed-inference.csv").open()))
    units = json.loads((FIXTURES / "seed-inference.csv.units.json").read_text())
    kwh = sum(float(r["energy_consumed"]) for r in rows)
    requests = sum(units[r["run_id"]]["requests"] for r in rows)
    pue = w["figures"]["pue"]["value"]
    assert w["energy_kwh_month"] == pytest.approx(kwh / requests * 3_000_000 * pue, rel=1e-3)


def test_runs_are_matched_to_workloads_by_project(tmp_path):
    report = run_cli("analyze", example("support-chatbot-azure.yaml"), "--metrics", FIXTURES / "two-projects.csv",
                     "--format", "json").json()
    embeddings = measured_workload(report, "doc-embeddings")
    assert embeddings["measured"] is False  # matched by name, but measured where there was no GPU, and it runs on a T4
    assert any("doc-embeddings" in w and "saw no GPU" in w and "1× nvidia-t4" in w for w in report["warnings"])
    chat = measured_workload(report, "chat-answers")
    assert chat["measured"] is False  # CodeCarbon read the client's machine, not the provider's servers
    assert any("chat-answers" in w and "llm-api" in w and "left out" in w for w in report["warnings"])
    assert any("nightly-backfill" in w and "matches no workload" in w for w in report["warnings"])


def test_metrics_field_in_the_file_is_relative_to_it(tmp_path):
    churn_copy(tmp_path)
    arch = tmp_path / "arch.yaml"
    arch.write_text(example("cpu-churn-model.yaml").read_text() + "metrics: emissions.csv\n")
    report = run_cli("analyze", arch, "--format", "json").json()
    assert measured_workload(report, "churn-api")["measured"] is True


def test_prompt_grounding_says_measured():
    payload = run_cli("prompt", example("doc-analyzer.yaml"), "--format", "json").json()
    assert '"figures":"estimated"' in payload["user"]


@pytest.mark.parametrize("name, line, contains", [
    ("foreign.csv", "1", "not a CodeCarbon emissions.csv: missing column(s) duration, energy_consumed"),
    ("bad-number.csv", "2", "energy_consumed: not a number"),
    ("negative-duration.csv", "2", "must be a finite number ≥ 0"),
    ("header-only.csv", None, "has a header but no run"),
    ("empty.csv", None, "is empty"),
    ("binary.csv", None, "binary content"),
])
def test_malformed_and_foreign_metrics_are_bad_input(name, line, contains):
    path = FIXTURES / name
    result = run_cli("analyze", example("doc-analyzer.yaml"), "--metrics", path)
    assert result.code == 2, result.stderr
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert str(path) in first and contains in result.stderr
    if line:
        assert f"{path}:{line}:" in first


def test_missing_metrics_file_and_bad_measure_flags(tmp_path):
    assert run_cli("analyze", example("doc-analyzer.yaml"), "--metrics", tmp_path / "none.csv").code == 2
    assert "did you mean" in run_cli("measure", "--country", "FRX", "--", "true").stderr
    assert run_cli("measure", "--country", "FRA", "-o", tmp_path / "e.csv", "--", "no-such-command-here").code == 2
    assert "nothing to measure" in run_cli("measure", "--country", "FRA", "-o", tmp_path / "e.csv").stderr


def test_measure_creates_the_output_folder_like_every_other_output(tmp_path):
    out = tmp_path / "runs" / "june" / "emissions.csv"
    run = run_cli("measure", "-o", out, "--cloud", "aws", "--region", "EU-WEST-3", "--requests", "10",
                  "--", sys.executable, "-c", "pass")  # region ids in any case, as in an architecture file
    assert run.code == 0, run.stderr
    rows = list(csv.DictReader(out.open()))
    assert [r["country_iso_code"] for r in rows] == ["FRA"] and (out.parent / "emissions.csv.units.json").is_file()
    (tmp_path / "taken").write_text("a file, not a folder")
    blocked = run_cli("measure", "-o", tmp_path / "taken" / "e.csv", "--country", "FRA", "--", sys.executable, "-c", "pass")
    assert blocked.code == 2 and "cannot create the folder" in blocked.stderr and "Traceback" not in blocked.stderr
