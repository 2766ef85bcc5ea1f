"""Architecture files as people write them: valid YAML, names as consoles print them, and the
slips a reviewer found (units, empty lists, accelerators on the wrong cloud) flagged, not hidden."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from advisor.architecture import suggest
from advisor.footprint import Calculator
from advisor.loader import validate_document
from advisor.yamlfile import parse_yaml
from conftest import ROOT, run_cli

GRID = ROOT / "knowledge" / "grid"
T4 = "workloads: [{name: a, kind: classic-ml, hardware: {accelerator: nvidia-t4, utilization: 0.5, hours_per_month: 730}}]\n"


def load(kb, text: str):
    return validate_document(parse_yaml(text, Path("a.yaml")), kb)


def analyze(write_yaml, text: str, name: str = "arch.yaml"):
    result = run_cli("analyze", write_yaml(text, name), "--format", "json")
    assert result.code == 0, result.stderr
    return result.json()


# -- 1. constraints.clouds: [] --------------------------------------------------------------

def test_an_empty_clouds_list_allows_no_clouds_tools(kb, write_yaml):
    base = "name: x\ncloud: {provider: aws, region: us-east-1}\n" + (
        "workloads: [{name: a, kind: llm-inference, model: {name: m, parameters_b: 7, precision: fp32},\n"
        "  hardware: {accelerator: nvidia-a100-80gb, count: 4, utilization: 0.2, hours_per_month: 730}}]\n")
    absent = analyze(write_yaml, base, "absent.yaml")
    empty = analyze(write_yaml, base + "constraints: {clouds: []}\n", "empty.yaml")
    onprem = analyze(write_yaml, base + "constraints: {clouds: [on-prem]}\n", "onprem.yaml")
    assert absent["system"]["allowed_clouds"] == ["aws"]
    assert empty["system"]["allowed_clouds"] == ["on-prem"]
    tools = [t for r in empty["recommendations"] for t in r.get("tools", [])]
    assert not any("aws" in t.lower() or "sagemaker" in t.lower() for t in tools), tools
    assert [r.get("tools") for r in empty["recommendations"]] == [r.get("tools") for r in onprem["recommendations"]]
    assert any("aws" in t.lower() or "sagemaker" in t.lower() or "inferentia" in t.lower()
               for r in absent["recommendations"] for t in r.get("tools", []))
    assert any("constraints.clouds: an empty list allows no cloud's tools" in w and ":5:" in w for w in empty["warnings"])
    assert not any("constraints.clouds" in w for w in absent["warnings"])


# -- 2. merge keys and scalar names ----------------------------------------------------------

MERGED = """hw: &hw {accelerator: nvidia-l4, utilization: 0.4, hours_per_month: 730, count: 1}
name: x
cloud: {provider: gcp, region: us-central1}
workloads:
  - name: a
    kind: classic-ml
    hardware: {<<: *hw, count: 4}
  - name: b
    kind: classic-ml
    hardware:
      <<: [*hw, {count: 9, utilization: 0.9}]
"""


def test_merge_keys_follow_yaml_1_1(kb):
    loaded = load(kb, MERGED)
    a, b = (w.hardware for w in loaded.architecture.workloads)
    assert (a.accelerator, a.count, a.utilization) == ("nvidia-l4", 4, 0.4)  # the mapping's own key wins
    assert (b.count, b.utilization) == (1, 0.4)  # an earlier merged mapping wins over a later one
    # merged keys count as written: no "not given, assumed" note for them
    assert not any("not given" in w for w in loaded.warnings), loaded.warnings
    # a merged key keeps the line where its value is written, an own key its own line
    assert loaded.document.line_of(("workloads", 0, "hardware", "utilization")) == 1
    assert loaded.document.line_of(("workloads", 0, "hardware", "count")) == 7


def test_a_bad_merged_value_names_the_anchor_line(write_yaml, cli):
    path = write_yaml(MERGED.replace("utilization: 0.4", "utilization: 4"))
    result = cli("analyze", path)
    assert result.code == 2 and "Traceback" not in result.stderr
    assert f"{path}:1: workloads.0.hardware.utilization" in result.stderr


@pytest.mark.parametrize("written, name", [("2024", "2024"), ("123", "123"), ("007", "007"), ("1.50", "1.50"),
                                           ("2024-01-01", "2024-01-01")])
def test_scalar_names_are_read_as_written(kb, written, name):
    text = (f"name: {written}\ncloud: {{provider: aws, region: us-east-1}}\n"
            f"workloads: [{{name: {written}, kind: classic-ml, model: {{name: {written}}}, hardware: {{accelerator: nvidia-t4}}}}]\n")
    arch = load(kb, text).architecture
    assert arch.name == arch.workloads[0].name == arch.workloads[0].model.name == name


@pytest.mark.parametrize("written", ["yes", "true", "~", "null"])
def test_boolean_and_null_names_stay_refused(write_yaml, cli, written):
    path = write_yaml(f"name: {written}\ncloud: {{provider: aws, region: us-east-1}}\n" + T4)
    result = cli("analyze", path)
    assert result.code == 2 and f"{path}:1: name: " in result.stderr and "Traceback" not in result.stderr


# -- 3. providers, regions and countries as people write them --------------------------------

@pytest.mark.parametrize("provider", ["AWS", "Aws", " aws "])
def test_provider_in_any_case(kb, provider):
    arch = load(kb, f"name: x\ncloud: {{provider: '{provider}', region: us-east-1}}\nconstraints: {{clouds: [AWS, GCP]}}\n" + T4).architecture
    assert arch.cloud.provider == "aws" and arch.allowed_clouds == ["aws", "gcp"]


@pytest.mark.parametrize("provider, written, region, why", [
    ("gcp", "us-central1-a", "us-central1", "is a zone of gcp region us-central1"),
    ("gcp", "europe-west1-b", "europe-west1", "is a zone of gcp region europe-west1"),
    ("aws", "us-east-1a", "us-east-1", "is a zone of aws region us-east-1"),
    ("azure", "East US", "eastus", "is the display name of azure region eastus"),
    ("azure", "west europe", "westeurope", "is the display name of azure region westeurope"),
    ("azure", "USGov Virginia", "usgovvirginia", "is the display name of azure region usgovvirginia"),
])
def test_zones_and_display_names_name_their_region_with_a_note(kb, provider, written, region, why):
    loaded = load(kb, f"name: x\ncloud:\n  provider: {provider}\n  region: {written}\n" + T4)
    assert loaded.architecture.cloud.region == region
    assert any(w.startswith("a.yaml:4: cloud.region: ") and why in w for w in loaded.warnings), loaded.warnings


def test_a_region_id_gets_no_note(kb):
    loaded = load(kb, "name: x\ncloud: {provider: azure, region: EastUS}\n" + T4)
    assert loaded.architecture.cloud.region == "eastus" and not any("cloud.region" in w for w in loaded.warnings)


@pytest.mark.parametrize("provider, region, country", [
    ("aws", "us-gov-west-1", "USA"), ("aws", "us-gov-east-1", "USA"),
    ("azure", "usgovvirginia", "USA"), ("azure", "chinanorth3", "CHN"),
])
def test_government_and_china_regions_are_bundled(kb, write_yaml, provider, region, country):
    report = analyze(write_yaml, f"name: x\ncloud: {{provider: {provider}, region: {region}}}\n" + T4)
    assert report["system"]["region"] == region
    row = kb.regions[(provider, region)]
    assert row.country == country and row.low <= row.value <= row.high and row.sources


def test_region_moves_stay_inside_a_separate_partition(kb):
    """GovCloud and China regions are their own geo: never proposed to a commercial account."""
    for key in [("aws", "us-gov-west-1"), ("aws", "us-gov-east-1"), ("azure", "usgovvirginia")]:
        assert kb.regions[key].geo == "us-government"
    for key in [("aws", "cn-north-1"), ("aws", "cn-northwest-1"), ("azure", "chinanorth3")]:
        assert kb.regions[key].geo == "china"


@pytest.mark.parametrize("written, hint", [("UK", "GBR (United Kingdom)"), ("EL", "GRC (Greece)"),
                                           ("de", "DEU (Germany)"), ("CH", "CHE (Switzerland)")])
def test_common_country_codes_suggest_the_iso_one(write_yaml, cli, written, hint):
    path = write_yaml(f"name: x\ncloud: {{provider: on-prem, country: {written}}}\n" + T4)
    result = cli("analyze", path)
    assert result.code == 2 and f"did you mean {hint}?" in result.stderr, result.stderr


def test_alias_files_point_at_bundled_names_and_cite_known_sources(kb):
    with (GRID / "region_aliases.csv").open(encoding="utf-8") as fh:
        regions = list(csv.DictReader(fh))
    with (GRID / "country_aliases.csv").open(encoding="utf-8") as fh:
        countries = list(csv.DictReader(fh))
    assert len({(r["provider"], r["alias"].lower()) for r in regions}) == len(regions)
    for row in regions:
        assert (row["provider"], row["region"]) in kb.regions, row
        assert row["source"] in kb.sources, row
        # Azure's rule (its SDK's Region.fromName): a display name is its id with spaces and case removed
        assert row["alias"].replace(" ", "").lower() == row["region"], row
    assert len({r["alias"] for r in countries}) == len(countries)
    for row in countries:
        assert row["country"] in kb.countries and row["alias"] not in kb.countries, row
        assert all(s in kb.sources for s in row["source"].split(";")), row
    assert {"East US", "West Europe"} <= {r["alias"] for r in regions}


# -- 4. unit slips ---------------------------------------------------------------------------

@pytest.mark.parametrize("current, minimum", [(0.93, 0.9), (93, 90), (1, 0.9), (0.5, 0), (120, 100)])
def test_quality_on_one_scale_loads(kb, current, minimum):
    text = ("name: x\ncloud: {provider: aws, region: us-east-1}\nworkloads: [{name: a, kind: classic-ml, "
            f"hardware: {{accelerator: nvidia-t4}}, quality: {{metric: f1, current: {current}, minimum: {minimum}}}}}]\n")
    assert load(kb, text).architecture.workloads[0].quality.minimum == minimum


@pytest.mark.parametrize("current, minimum", [(93, 0.9), (0.93, 90)])
def test_quality_on_two_scales_is_refused(write_yaml, cli, current, minimum):
    path = write_yaml("name: x\ncloud: {provider: aws, region: us-east-1}\nworkloads: [{name: a, kind: classic-ml, "
                      f"hardware: {{accelerator: nvidia-t4}}, quality: {{current: {current}, minimum: {minimum}}}}}]\n")
    result = cli("analyze", path)
    assert result.code == 2 and "workloads.0.quality.minimum: " in result.stderr and "same scale" in result.stderr


@pytest.mark.parametrize("pct, warned", [(0.3, "0.3 % — did you mean 30 %?"), (0.99, "0.99 % — did you mean 99 %?"), (1, None),
                                         (30, None), (1.5, None)])
def test_a_fractional_energy_objective_is_questioned(kb, pct, warned):
    loaded = load(kb, f"name: x\ncloud: {{provider: aws, region: us-east-1}}\nobjective: {{reduce_energy_pct: {pct}}}\n" + T4)
    notes = [w for w in loaded.warnings if "objective.reduce_energy_pct" in w]
    if warned is None:
        assert notes == []
    else:
        assert len(notes) == 1 and warned in notes[0] and notes[0].startswith("a.yaml:3: ")


# -- 5. suggestions and implausible power ----------------------------------------------------

def test_suggestions_put_containing_names_first(kb):
    accelerators = [*kb.accelerators, "none"]
    assert "did you mean 'nvidia-a100-40gb' or 'nvidia-a100-80gb'" in suggest("nvidia-a100", accelerators, "accelerator")
    assert "did you mean 'nvidia-h100-80gb'" in suggest("h100", accelerators, "accelerator")
    assert "did you mean 'nvidia-a100-40gb'" in suggest("nvidia-a100-40", accelerators, "accelerator")
    assert "did you mean 'us-east-2' or 'us-east-1'" in suggest("us-east-7", [r for p, r in kb.regions if p == "aws"], "aws region")


@pytest.mark.parametrize("written", ["cpu", "CPU", "cpu-only"])
def test_cpu_means_none(write_yaml, cli, written):
    path = write_yaml("name: x\ncloud: {provider: aws, region: us-east-1}\n"
                      f"workloads: [{{name: a, kind: classic-ml, hardware: {{accelerator: {written}, vcpus: 8}}}}]\n")
    result = cli("analyze", path)
    assert result.code == 2 and "did you mean 'none'?" in result.stderr


@pytest.mark.parametrize("accelerator, watts, ok", [("nvidia-l4", 144, True), ("nvidia-l4", 145, False),
                                                    ("nvidia-l4", 5000, False), ("nvidia-h100-80gb", 1400, True),
                                                    ("none", 5000, True)])
def test_power_watts_is_checked_against_the_tdp(write_yaml, cli, accelerator, watts, ok):
    path = write_yaml("name: x\ncloud: {provider: gcp, region: us-central1}\nworkloads: [{name: a, kind: classic-ml, "
                      f"hardware: {{accelerator: {accelerator}, vcpus: 8, power_watts: {watts}}}}}]\n")
    result = cli("analyze", path, "--format", "json")
    assert (result.code == 0) is ok, result.stderr
    if not ok:
        assert "workloads.0.hardware.power_watts: " in result.stderr and "TDP" in result.stderr


# -- 6. an accelerator the cloud does not offer ----------------------------------------------

@pytest.mark.parametrize("provider, region, accelerator, warned", [
    ("azure", "eastus", "aws-inferentia2", "aws-inferentia2 is not known on azure; the knowledge base lists it on aws"),
    ("aws", "us-east-1", "google-tpu-v5e", "google-tpu-v5e is not known on aws; the knowledge base lists it on gcp"),
    ("aws", "us-east-1", "aws-inferentia2", None),
    ("on-prem", None, "nvidia-a10g", "nvidia-a10g is not known on on-prem"),
])
def test_an_accelerator_off_its_clouds_is_warned_about(kb, provider, region, accelerator, warned):
    where = f"region: {region}" if region else "country: DEU"
    loaded = load(kb, f"name: x\ncloud: {{provider: {provider}, {where}}}\nworkloads:\n"
                      f"  - {{name: a, kind: classic-ml, hardware: {{accelerator: {accelerator}, utilization: 0.5, hours_per_month: 730}}}}\n")
    notes = [w for w in loaded.warnings if "is not known on" in w]
    if warned is None:
        assert notes == []
    else:
        assert len(notes) == 1 and warned in notes[0] and notes[0].startswith("a.yaml:4: workloads.0.hardware.accelerator: ")


# -- 7. CPU-only count -----------------------------------------------------------------------

@pytest.mark.parametrize("extra", ["", ", memory_gb: 64", ", power_watts: 200"])
def test_cpu_only_count_multiplies_machines(kb, extra):
    def footprint(count):
        text = ("name: x\ncloud: {provider: aws, region: us-east-1}\nworkloads: [{name: a, kind: classic-ml, "
                f"hardware: {{accelerator: none, vcpus: 16, count: {count}, utilization: 0.5, hours_per_month: 730{extra}}}}}]\n")
        arch = load(kb, text).architecture
        return Calculator(kb, arch).footprint().workloads[0]

    one, ten = footprint(1), footprint(10)
    assert ten.energy.value == pytest.approx(10 * one.energy.value)
    assert ten.embodied.value == pytest.approx(10 * one.embodied.value)
    assert ten.units == 160 and one.units == 16


@pytest.mark.parametrize("text", ["name: x\nloop: &l {a: 1, b: {<<: *l}}\n", "name: x\nloop: &l {<<: *l}\n",
                                  "name: x\nloop: &l [1, *l]\n"])
def test_recursive_yaml_is_refused_plainly(write_yaml, cli, text):
    result = cli("analyze", write_yaml(text))
    assert result.code == 2 and "Traceback" not in result.stderr and "includes itself" in result.stderr, result.stderr
