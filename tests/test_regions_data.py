"""The bundled cloud-region table, read as the files are written (not as the loader repairs them).

The loader (advisor/kb/loader.py) widens a row's range to hold its central value and keeps the last of
two rows with one id, so a slip in knowledge/grid/regions.csv would not fail there: these tests read
the CSV files themselves. They also hold each row to its own note, whose `central = …` and
`range over …` clauses name the figures the columns must carry, and run every region added in the
late-2026 audit through the command line, as a user naming it would.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from conftest import run_cli

GRID = Path(__file__).resolve().parent.parent / "knowledge" / "grid"

# regions added by the late-2026 audit of the providers' region lists (knowledge/sources/grid.yaml)
NEW_REGIONS = [
    ("aws", "eusc-de-east-1"),
    ("gcp", "asia-southeast3"),
    ("azure", "denmarkeast"),
    ("azure", "chinanorth"),
    ("azure", "chinanorth2"),
    ("azure", "chinaeast"),
    ("azure", "chinaeast2"),
    ("azure", "chinaeast3"),
    ("azure", "usgovtexas"),
    ("azure", "usgovarizona"),
]
GEOS = {"north-america", "south-america", "europe", "asia-pacific", "middle-east", "africa",
        "us-government", "china", "eu-sovereign"}
NUMBER = r"(\d+(?:\.\d+)?)"


def _rows(name: str) -> list[dict[str, str]]:
    with (GRID / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


REGIONS = _rows("regions.csv")
ALIASES = _rows("region_aliases.csv")


def _row(provider: str, region: str) -> dict[str, str]:
    return next(r for r in REGIONS if (r["provider"], r["region"]) == (provider, region))


def _ids(row) -> str:
    return f"{row['provider']} {row['region']}"


def test_every_region_is_listed_once():
    seen: dict[tuple[str, str], int] = {}
    for line, row in enumerate(REGIONS, start=2):
        key = (row["provider"], row["region"].lower())
        assert key not in seen, f"regions.csv line {line} repeats line {seen.get(key)}: {_ids(row)}"
        seen[key] = line


def test_every_country_is_a_row_of_countries_csv(kb):
    countries = {r["country"] for r in _rows("countries.csv")}
    for row in REGIONS:
        assert row["country"] in countries, _ids(row)
        assert row["country"] in kb.countries, _ids(row)


def test_every_source_is_in_the_bibliography(kb):
    for row in REGIONS:
        cited = row["source"].split(";")
        assert cited and all(cited), _ids(row)
        assert set(cited) <= set(kb.sources), (_ids(row), set(cited) - set(kb.sources))
    for row in ALIASES:
        assert row["source"] in kb.sources, row


def test_every_range_holds_its_central_value_as_written():
    for row in REGIONS:
        low, value, high = (float(row[k]) for k in ("low", "gco2e_per_kwh", "high"))
        assert 0 <= low <= value <= high, _ids(row)


def test_every_geo_is_a_known_one():
    for row in REGIONS:
        assert row["geo"] in GEOS, _ids(row)


def test_every_alias_names_a_bundled_region():
    regions = {(r["provider"], r["region"]) for r in REGIONS}
    for row in ALIASES:
        assert (row["provider"], row["region"]) in regions, row


def test_each_note_states_the_figures_its_row_carries():
    """`central = … V.` is the central value; `range over a X; b Y` and V span low..high;
    `single source (low = high)` means all three are one number."""
    for row in REGIONS:
        note, value = row["note"], float(row["gco2e_per_kwh"])
        low, high = float(row["low"]), float(row["high"])
        central, _, rest = note.partition(". ")
        assert central.startswith("central = "), _ids(row)
        stated = re.search(NUMBER + "$", central)
        assert stated and float(stated[1]) == value, (_ids(row), central)
        if rest.startswith("single source"):
            assert low == value == high, _ids(row)
            continue
        assert rest.startswith("range over "), _ids(row)
        figures = [value]
        for item in rest.removeprefix("range over ").split(". ", 1)[0].split("; "):
            item = re.sub(r"\s*\([^()]*\)$", "", item.strip())  # a trailing aside
            found = re.search(NUMBER + "$", item)
            assert found, (_ids(row), item)
            figures.append(float(found[1]))
        assert (min(figures), max(figures)) == (low, high), (_ids(row), figures)


def test_a_paired_row_carries_its_gcp_twins_figure():
    """A row 'paired with' a GCP region takes that region's Google figure as its central value."""
    gcp = {r["region"]: float(r["gco2e_per_kwh"]) for r in REGIONS if r["provider"] == "gcp"}
    paired = [r for r in REGIONS if r["note"].startswith("central = Google 2024 for GCP ")]
    assert len(paired) > 50
    for row in paired:
        twin = row["note"].split()[6]
        assert twin in gcp and gcp[twin] == float(row["gco2e_per_kwh"]), _ids(row)
        assert f"paired with gcp {twin} " in row["note"].lower(), _ids(row)


def test_a_national_figure_is_the_countrys_row():
    countries = {r["country"]: float(r["gco2e_per_kwh"]) for r in _rows("countries.csv")}
    national = [r for r in REGIONS if r["note"].startswith("central = OWID/Ember national ")]
    assert national
    for row in national:
        code = row["note"].split()[4]
        assert code == row["country"] and countries[code] == float(row["gco2e_per_kwh"]), _ids(row)


ARCH = """name: region check
cloud: {{provider: {provider}, region: {region}}}
workloads:
  - name: a
    kind: classic-ml
    hardware: {{accelerator: none, vcpus: 8, utilization: 0.5, hours_per_month: 730}}
"""


@pytest.mark.parametrize("provider, region", NEW_REGIONS)
def test_a_new_region_analyses_on_its_own_grid(write_yaml, provider, region):
    result = run_cli("analyze", write_yaml(ARCH.format(provider=provider, region=region)), "--format", "json")
    assert result.code == 0, result.stderr
    report = result.json()
    assert report["system"]["region"] == region
    intensity = report["footprint"]["workloads"][0]["grid_intensity_gco2e_per_kwh"]
    assert intensity == pytest.approx(float(_row(provider, region)["gco2e_per_kwh"]))


@pytest.mark.parametrize("provider, written, region", [
    ("azure", "Denmark East", "denmarkeast"),
    ("azure", "china east 2", "chinaeast2"),
    ("aws", "eusc-de-east-1b", "eusc-de-east-1"),
    ("gcp", "asia-southeast3-a", "asia-southeast3"),
])
def test_new_regions_are_found_by_display_name_and_zone(write_yaml, provider, written, region):
    result = run_cli("analyze", write_yaml(ARCH.format(provider=provider, region=f"'{written}'")), "--format", "json")
    assert result.code == 0, result.stderr
    assert result.json()["system"]["region"] == region


def test_the_sovereign_cloud_is_its_own_geo(kb):
    """The European Sovereign Cloud is a separate AWS partition: no move in or out of it."""
    sovereign = [key for key, row in kb.regions.items() if row.geo == "eu-sovereign"]
    assert sovereign == [("aws", "eusc-de-east-1")]
    assert kb.regions[("aws", "eu-central-1")].geo == "europe"


def test_a_sovereign_region_is_never_told_to_move_to_a_commercial_one(write_yaml):
    text = ARCH.format(provider="aws", region="eusc-de-east-1").replace(
        "    hardware:", "    schedule: {deferrable: true, window_hours: 24}\n    hardware:")
    result = run_cli("analyze", write_yaml(text), "--format", "json")
    assert result.code == 0, result.stderr
    moves = [r for r in result.json()["recommendations"] if r["technique_id"] == "region-selection"]
    assert moves == []


def test_separate_partitions_are_marked_so_moves_and_availability_say_so(kb):
    """A region in its own partition (GovCloud, China, the EU sovereign cloud) carries the
    availability caveat; a commercial region next door does not."""
    for key in [("aws", "eusc-de-east-1"), ("azure", "usgovtexas"), ("azure", "usgovarizona"), ("azure", "chinaeast2")]:
        assert kb.regions[key].partition, key
    assert not kb.regions[("aws", "eu-central-1")].partition
