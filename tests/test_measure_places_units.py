"""`measure` reads places as an architecture file does, and never loses the units sidecar of earlier runs."""

from __future__ import annotations

import csv
import json
import shutil
import sys
from pathlib import Path

import pytest

from advisor.errors import InputError
from advisor.measured.units import attach_units, write_units
from conftest import run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "codecarbon"
PASS = (sys.executable, "-c", "pass")
T4 = ("workloads:\n  - name: w\n    kind: llm-inference\n    model: {name: m, parameters_b: 7}\n"
      "    hardware: {accelerator: nvidia-t4, count: 1}\n")


def countries(path: Path) -> list[str]:
    return [r["country_iso_code"] for r in csv.DictReader(path.open())]


# -- places ---------------------------------------------------------------------------------
@pytest.mark.parametrize("written, hint", [("UK", "GBR (United Kingdom)"), ("de", "DEU (Germany)")])
def test_a_common_country_code_gets_the_loaders_hint(write_yaml, tmp_path, written, hint):
    said = "unknown country code (ISO 3166-1 alpha-3) '{}'; did you mean {}?".format(written.upper(), hint)
    measured = run_cli("measure", "-o", tmp_path / "e.csv", "--country", written, "--", *PASS)
    assert measured.code == 2 and f"--country: {said}" in measured.stderr, measured.stderr
    loaded = run_cli("analyze", write_yaml(f"name: x\ncloud: {{provider: on-prem, country: {written}}}\n" + T4))
    assert loaded.code == 2 and said in loaded.stderr, loaded.stderr
    assert not (tmp_path / "e.csv").exists()


def test_a_country_code_that_contradicts_the_region_is_read_before_comparing(tmp_path):
    run = run_cli("measure", "-o", tmp_path / "e.csv", "--cloud", "gcp", "--region", "europe-west2", "--country", "uk", "--", *PASS)
    assert run.code == 2 and "did you mean GBR (United Kingdom)?" in run.stderr
    assert run_cli("measure", "-o", tmp_path / "e.csv", "--cloud", "gcp", "--region", "europe-west2",
                   "--country", "gbr", "--", *PASS).code == 0


@pytest.mark.parametrize("provider, written, country, why", [
    ("gcp", "us-central1-a", "USA", "is a zone of gcp region us-central1"),
    ("aws", "eu-west-3a", "FRA", "is a zone of aws region eu-west-3"),
    ("azure", "West Europe", "NLD", "is the display name of azure region westeurope"),
])
def test_zones_and_display_names_are_read_as_in_an_architecture_file(cli, write_yaml, tmp_path, provider, written, country, why):
    out = tmp_path / "e.csv"
    run = run_cli("measure", "-o", out, "--cloud", provider, "--region", written, "--", *PASS)
    assert run.code == 0, run.stderr
    assert countries(out) == [country] and f"--region: '{written}' {why}" in run.stderr
    loaded = cli("analyze", write_yaml(f"name: x\ncloud: {{provider: {provider}, region: {written}}}\n" + T4), "--format", "json")
    assert loaded.code == 0 and why in loaded.stderr + loaded.stdout


@pytest.mark.parametrize("args, says", [
    (("--cloud", "gpc", "--region", "us-central1"), "--cloud: unknown cloud provider 'gpc'; did you mean 'gcp'?"),
    (("--cloud", "on-prem", "--region", "x"), "give the site's --country"),
    (("--cloud", "gcp", "--region", "eu-west-3"), "('eu-west-3' is a region of aws: check --cloud)"),
    (("--cloud", "gcp", "--region", "us-central9-a"), "--region: unknown gcp region 'us-central9-a'"),
])
def test_a_wrong_cloud_or_region_is_refused_with_what_was_meant(tmp_path, args, says):
    run = run_cli("measure", "-o", tmp_path / "e.csv", *args, "--", *PASS)
    assert run.code == 2 and says in run.stderr and "Traceback" not in run.stderr, run.stderr
    assert not (tmp_path / "e.csv").exists()


# -- the units sidecar ------------------------------------------------------------------------
@pytest.mark.parametrize("sidecar, says", [
    ('{"run-1": {"requests": 5},\n oops}', ":2: not valid JSON"),
    ('[{"requests": 5}]', ":1: expected an object of run ids"),
    ('"five requests"', ":1: expected an object of run ids"),
])
@pytest.mark.parametrize("units", [("--requests", "10"), ()])
def test_a_sidecar_it_cannot_add_to_is_refused_before_the_command_runs(tmp_path, sidecar, says, units):
    out = tmp_path / "e.csv"
    shutil.copy(FIXTURES / "seed-inference.csv", out)
    side = tmp_path / "e.csv.units.json"
    side.write_text(sidecar)
    before, marker = out.read_bytes(), tmp_path / "ran"
    run = run_cli("measure", "-o", out, "--country", "FRA", *units, "--", sys.executable, "-c", f"open({str(marker)!r}, 'w')")
    assert run.code == 2 and f"{side}{says}" in run.stderr and "move it aside" in run.stderr, run.stderr
    assert "got a" in run.stderr or "not valid JSON" in run.stderr
    assert not marker.exists() and out.read_bytes() == before and side.read_text() == sidecar


def test_analyze_refuses_the_same_sidecars(tmp_path):
    metrics = tmp_path / "e.csv"
    (tmp_path / "e.csv.units.json").write_text("[1, 2]")
    with pytest.raises(InputError, match="e.csv.units.json:1: expected an object of run ids"):
        attach_units(metrics, [])


def test_writing_a_runs_units_keeps_every_other_runs(tmp_path):
    metrics = tmp_path / "e.csv"
    write_units(metrics, "a", 10, None)
    write_units(metrics, "b", None, 500)
    write_units(metrics, "a", 12, 0)  # the same run again: its own entry replaced, 0 tokens is no count
    assert json.loads((tmp_path / "e.csv.units.json").read_text()) == {"a": {"requests": 12}, "b": {"tokens": 500}}
