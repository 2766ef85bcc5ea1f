"""A grid profile's zone against the system's region, and files named by an architecture file's fields."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from conftest import example

T0 = datetime(2024, 3, 4, tzinfo=timezone.utc)
EM_HEADER = "Datetime (UTC),Country,Zone Name,Zone Id,Carbon Intensity gCO₂eq/kWh (direct),Carbon Intensity gCO₂eq/kWh (LCA)"


def em_export(path: Path, zone: str, hours: int = 48, zones: dict[int, str] | None = None) -> Path:
    """An Electricity Maps export of `zone`; `zones` puts another zone on some rows (by index)."""
    rows = [EM_HEADER]
    for i in range(hours):
        z = (zones or {}).get(i, zone)
        rows.append(f"{T0 + timedelta(hours=i):%Y-%m-%d %H:%M:%S},Somewhere,Somewhere,{z},{300 + i % 24},{350 + i % 24}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def grid_figure(report: dict) -> dict:
    return report["footprint"]["workloads"][0]["figures"]["grid_intensity_gco2e_per_kwh"]


# -- 8a: the profile's zone -------------------------------------------------------------------
def test_a_profile_of_another_zone_is_refused_naming_both(cli, tmp_path):
    france = em_export(tmp_path / "fr.csv", "FR")
    run = cli("analyze", example("nightly-training-gcp.yaml"), "--grid-profile", france, "--format", "json")
    assert run.code == 2 and run.stdout == ""
    assert f"{france}:2: Zone Id: zone FR, but gcp asia-east1 is in zone TW" in run.stderr
    assert "knowledge/grid/zones.csv" in run.stderr and "remove the 'Zone Id' column" in run.stderr
    assert "Traceback" not in run.stderr


def test_without_its_zone_column_the_same_file_is_used_and_said_unchecked(cli, tmp_path):
    france = em_export(tmp_path / "fr.csv", "FR")
    lines = france.read_text(encoding="utf-8").splitlines()
    unzoned = tmp_path / "unzoned.csv"
    unzoned.write_text("\n".join(",".join(c for j, c in enumerate(line.split(",")) if j != 3) for line in lines) + "\n",
                       encoding="utf-8")
    run = cli("analyze", example("nightly-training-gcp.yaml"), "--grid-profile", unzoned, "--format", "json")
    assert run.code == 0, run.stderr
    report = run.json()
    assert "names no zone: not checked against gcp asia-east1 (zone TW)" in grid_figure(report)["note"]
    assert any("not checked against gcp asia-east1" in w for w in report["warnings"])


def test_a_matching_zone_is_stated_in_the_figure_and_the_notes(cli):
    run = cli("analyze", example("nightly-training-gcp.yaml"), "--grid-profile",
              example("grid-profile-asia-east1.csv"), "--format", "json")
    assert run.code == 0, run.stderr
    report = run.json()
    stated = "zone TW is the zone of gcp asia-east1 (knowledge/grid/zones.csv)"
    assert stated in grid_figure(report)["note"]
    assert any(stated in w for w in report["warnings"])


def test_the_on_prem_country_is_checked_through_its_single_zone(cli, tmp_path):
    germany, france = em_export(tmp_path / "de.csv", "DE"), em_export(tmp_path / "fr.csv", "FR")
    assert cli("analyze", example("onprem-vision.yaml"), "--grid-profile", germany).code == 0
    run = cli("analyze", example("onprem-vision.yaml"), "--grid-profile", france)
    assert run.code == 2
    assert "zone FR, but on-prem DEU is in zone DE (knowledge/grid/country_zones.csv)" in run.stderr


def test_a_wider_zone_is_used_with_a_warning(cli, write_yaml, tmp_path):
    arch = write_yaml(example("nightly-training-gcp.yaml").read_text(encoding="utf-8")
                      .replace("provider: gcp", "provider: aws").replace("asia-east1", "ap-northeast-1")
                      .replace("clouds: [gcp]", "clouds: [aws]"))
    run = cli("analyze", arch, "--grid-profile", em_export(tmp_path / "jp.csv", "JP"), "--format", "json")
    assert run.code == 0, run.stderr
    assert "zone JP is a wider area than zone JP-TK of aws ap-northeast-1" in grid_figure(run.json())["note"]


def test_a_region_without_a_known_zone_says_the_zone_was_not_checked(cli, write_yaml, tmp_path):
    arch = write_yaml(example("nightly-training-gcp.yaml").read_text(encoding="utf-8")
                      .replace("provider: gcp", "provider: aws").replace("asia-east1", "ca-west-1")
                      .replace("clouds: [gcp]", "clouds: [aws]"))
    run = cli("analyze", arch, "--grid-profile", em_export(tmp_path / "ca.csv", "CA-AB"), "--format", "json")
    assert run.code == 0, run.stderr
    assert "zone CA-AB not checked: no Electricity Maps zone is known for aws ca-west-1" in grid_figure(run.json())["note"]


def test_two_zones_in_one_profile_are_refused_with_the_line(cli, tmp_path):
    mixed = em_export(tmp_path / "mixed.csv", "TW", zones={30: "JP-TK"})
    run = cli("analyze", example("nightly-training-gcp.yaml"), "--grid-profile", mixed)
    assert run.code == 2
    assert f"{mixed}:32: Zone Id: zone JP-TK, but line 2 names zone TW" in run.stderr


# -- 8b: files named by the architecture file ------------------------------------------------------
ARCH_TAIL = "\n{field}: {target}\n"


def _arch_with(write_yaml, field: str, target: str) -> tuple[Path, int]:
    text = example("nightly-training-gcp.yaml").read_text(encoding="utf-8").rstrip("\n") + ARCH_TAIL.format(field=field, target=target)
    line = text.splitlines().index(f"{field}: {target}") + 1
    return write_yaml(text), line


@pytest.mark.parametrize("field,what", [("grid_profile", "no such grid profile (CSV)"), ("metrics", "no such metrics file")])
def test_a_missing_referenced_file_names_the_architecture_file_line_and_field(cli, write_yaml, tmp_path, field, what):
    arch, line = _arch_with(write_yaml, field, "missing.csv")
    run = cli("analyze", arch)
    assert run.code == 2 and "Traceback" not in run.stderr
    assert f"{arch}:{line}: {field}: {tmp_path / 'missing.csv'}: {what}" in run.stderr


def test_an_error_inside_a_referenced_profile_names_both_files(cli, write_yaml, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("timestamp,gco2e_per_kwh\n2024-01-01T00:00Z,300\n2024-01-01T01:00Z,abc\n", encoding="utf-8")
    arch, line = _arch_with(write_yaml, "grid_profile", "bad.csv")
    run = cli("analyze", arch)
    assert run.code == 2
    assert f"{arch}:{line}: grid_profile: {bad}:3: gco2e_per_kwh: not a number" in run.stderr


def test_a_zone_mismatch_from_the_file_names_the_field_too(cli, write_yaml, tmp_path):
    em_export(tmp_path / "fr.csv", "FR")
    arch, line = _arch_with(write_yaml, "grid_profile", "fr.csv")
    run = cli("analyze", arch)
    assert run.code == 2
    assert f"{arch}:{line}: grid_profile: {tmp_path / 'fr.csv'}:2: Zone Id: zone FR, but gcp asia-east1 is in zone TW" in run.stderr


def test_a_missing_flagged_file_names_only_itself(cli, tmp_path):
    run = cli("analyze", example("nightly-training-gcp.yaml"), "--grid-profile", tmp_path / "nope.csv")
    assert run.code == 2
    assert run.stderr.strip().endswith(f"{tmp_path / 'nope.csv'}: no such grid profile (CSV)")
