"""Hourly grid profiles: the exports they come as, bad files, the window search, and what the CLI makes of them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from advisor.errors import InputError
from advisor.grid.profile import load_profile
from advisor.grid.window import cleanest, daily_run_hours, shift_totals, time_shift, window_means

T0 = datetime(2024, 3, 4, tzinfo=timezone.utc)
EM_HEADER = ("Datetime (UTC),Country,Zone Name,Zone Id,Carbon Intensity gCO₂eq/kWh (direct),"
             "Carbon Intensity gCO₂eq/kWh (LCA),Low Carbon Percentage,Renewable Percentage,Data Source,"
             "Data Estimated,Data Estimation Method")


def night(hour: int, clean: float = 100.0, dirty: float = 300.0) -> float:
    return clean if 1 <= hour < 5 else dirty


def write_generic(path: Path, values, start: datetime = T0, step_minutes: int = 60, stamp: str = "iso-z") -> Path:
    lines = ["timestamp,gco2e_per_kwh"]
    for i, v in enumerate(values):
        t = start + timedelta(minutes=step_minutes * i)
        text = t.strftime("%Y-%m-%dT%H:%M:%SZ") if stamp == "iso-z" else t.replace(tzinfo=None).isoformat()
        lines.append(f"{text},{v}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- formats -------------------------------------------------------------------------------
def test_electricity_maps_export_prefers_the_life_cycle_column(tmp_path):
    rows = [EM_HEADER]
    for i in range(48):
        t = T0 + timedelta(hours=i)
        rows.append(f"{t:%Y-%m-%d %H:%M:%S},France,France,FR,{20 + i % 24},{40 + i % 24},90,30,entsoe.eu,false,")
    path = tmp_path / "FR_2024_hourly.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    p = load_profile(path)
    assert p.source == "Electricity Maps export" and p.zone == "FR"
    assert p.column == "Carbon Intensity gCO₂eq/kWh (LCA)"
    assert p.hours == 48 and p.missing == 0
    assert p.values[0] == 40 and p.values[23] == 63
    assert p.mean == pytest.approx(40 + 11.5)
    assert p.start == T0


def test_electricity_maps_newer_spelling_and_direct_only(tmp_path):
    path = tmp_path / "de.csv"
    lines = ["Datetime (UTC),Zone id,Carbon intensity gCO2eq/kWh (Direct)"]
    lines += [f"{(T0 + timedelta(hours=i)):%Y-%m-%dT%H:%M:%S.000Z},DE,{300 + i}" for i in range(24)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    p = load_profile(path)
    assert p.column == "Carbon intensity gCO2eq/kWh (Direct)" and p.zone == "DE"
    assert p.values[-1] == 323


def test_watttime_five_minute_moer_is_resampled_to_hours_and_converted(tmp_path):
    lines = [",point_time,value"]  # the SDK's pandas export keeps its index column
    for i in range(24 * 12):
        t = T0 + timedelta(minutes=5 * i)
        lines.append(f"{i},{t.isoformat()},{1000 if i % 12 < 6 else 1200}")
    path = tmp_path / "CAISO_NORTH_co2_moer.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    p = load_profile(path)
    assert p.source.startswith("WattTime") and p.marginal
    assert len(p.values) == 24 and p.hours == 24
    assert p.values[0] == pytest.approx(1100 * 0.45359237)  # lbs CO2/MWh -> g/kWh, hour = mean of its 12 readings
    assert any("lbs CO2/MWh" in n for n in p.notes)
    assert any("288 readings averaged into 24 hours" in n for n in p.notes)


def test_generic_with_offsets_gaps_duplicates_and_disorder(tmp_path):
    path = tmp_path / "profile.csv"
    lines = ["timestamp,gco2e_per_kwh"]
    for i in range(30):
        if i in (10, 11):
            continue  # a two-hour gap
        t = (T0 + timedelta(hours=i)).astimezone(timezone(timedelta(hours=2)))  # +02:00 local time
        lines.append(f"{t.isoformat()},{200 + i}")
    lines.append(lines[5])  # an exact duplicate
    lines[1], lines[2] = lines[2], lines[1]  # out of order
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    p = load_profile(path)
    assert p.start == T0 and len(p.values) == 30
    assert p.values[10] is None and p.values[11] is None and p.missing == 2
    assert p.values[12] == 212  # the offset was honoured: 14:00+02:00 is 12:00 UTC
    assert any("duplicate" in n for n in p.notes) and any("2 of 30 hours missing" in n for n in p.notes)


@pytest.mark.parametrize("header", ["datetime,carbon_intensity", "time,intensity", "date,carbon_intensity_gco2eq_per_kwh",
                                    "datetime_utc,zone,carbon_intensity_g_per_kwh", "period_start,gCO2/kWh"])
def test_generic_headers_people_write(tmp_path, header):
    """A time column and one column that says it is an intensity (in grams) are enough."""
    columns = header.split(",")
    lines = [header]
    for i in range(48):
        cells = {0: (T0 + timedelta(hours=i)).strftime("%Y-%m-%dT%H:%M:%SZ"), len(columns) - 1: str(night(i % 24))}
        lines.append(",".join(cells.get(c, "TW") for c in range(len(columns))))
    path = tmp_path / "p.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    p = load_profile(path)
    assert len(p.values) == 48 and min(p.values) == 100 and max(p.values) == 300


@pytest.mark.parametrize("header", ["timestamp,value", "timestamp,lbs_co2_per_mwh_intensity", "timestamp,intensity,co2_intensity"])
def test_ambiguous_or_foreign_units_are_refused(tmp_path, header):
    """'value' alone has no unit (WattTime's is lbs/MWh, with point_time); two intensity columns leave a guess."""
    path = tmp_path / "p.csv"
    path.write_text(header + "\n" + "2024-03-04T00:00:00Z," + ",".join(["100"] * (len(header.split(",")) - 1)) + "\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="not a grid profile"):
        load_profile(path)


def test_naive_timestamps_are_read_as_utc_and_said_so(tmp_path):
    p = load_profile(write_generic(tmp_path / "p.csv", [300] * 24, stamp="naive"))
    assert p.start == T0 and any("read as UTC" in n for n in p.notes)


@pytest.mark.parametrize("text, message, line", [
    ("", "empty", None),
    ("when,how_much\n2024-01-01T00:00Z,3\n", "not a grid profile", 1),
    ("timestamp,gco2e_per_kwh\n2024-01-01T00:00Z,300\nyesterday,300\n", "not a date and time", 3),
    ("timestamp,gco2e_per_kwh\n2024-01-01T00:00Z,lots\n", "not a number", 2),
    ("timestamp,gco2e_per_kwh\n2024-01-01T00:00Z,-4\n", "finite number ≥ 0", 2),
    ("timestamp,gco2e_per_kwh\n2024-01-01T00:00Z,inf\n", "finite number ≥ 0", 2),
    ("timestamp,gco2e_per_kwh\n2024-01-01T00:00Z,45000\n", "not a plausible grid intensity", 2),
    ("timestamp,gco2e_per_kwh\n2024-01-01T00:00Z,300\n2024-01-01T00:00Z,310\n", "appears twice with different values", 3),
    ("timestamp,gco2e_per_kwh\n2024-01-01T00:00Z\n", "cell(s)", 2),
    ("timestamp,gco2e_per_kwh\n", "no reading", None),
    ("timestamp,gco2e_per_kwh\n" + "".join(f"2024-01-01T{h:02d}:00Z,300\n" for h in range(10)), "at least 24", None),
    ("timestamp,gco2e_per_kwh\n" + "".join(f"2024-01-{d:02d}T00:00Z,300\n" for d in range(1, 31)), "hourly (or finer)", None),
])
def test_bad_files_name_the_file_and_the_line(tmp_path, text, message, line):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_profile(path)
    rendered = str(info.value)
    assert message in rendered and "bad.csv" in rendered
    if line is not None:
        assert f"bad.csv:{line}" in rendered


def test_binary_and_missing_files_are_bad_input(tmp_path):
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"timestamp,gco2e_per_kwh\n\x00\x01")
    for path in (binary, tmp_path / "nowhere.csv"):
        with pytest.raises(InputError):
            load_profile(path)


# -- the CSV itself, read as the measurement files are (advisor/csvtable.py) -------------------
def _em_rows(separator: str = ",", hours: int = 24) -> list[str]:
    rows = [EM_HEADER.replace(",", separator)]
    for i in range(hours):
        cells = [f"{T0 + timedelta(hours=i):%Y-%m-%d %H:%M:%S}", "France", "France", "FR", str(20 + i), str(40 + i),
                 "90", "30", "entsoe.eu", "false", ""]
        rows.append(separator.join(cells))
    return rows


def test_a_semicolon_separated_export_is_read(tmp_path):
    path = tmp_path / "fr.csv"
    path.write_text("\n".join(_em_rows(";")) + "\n", encoding="utf-8")
    p = load_profile(path)
    assert p.zone == "FR" and p.column == "Carbon Intensity gCO₂eq/kWh (LCA)" and p.values[0] == 40


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_an_export_saved_as_unicode_or_with_a_bom_is_read(tmp_path, encoding):
    path = tmp_path / "fr.csv"
    path.write_bytes(("\r\n".join(_em_rows()) + "\r\n").encode(encoding))  # both start with a byte-order mark
    p = load_profile(path)
    assert p.hours == 24 and p.zone == "FR" and p.values[-1] == 63


def test_utf16_without_its_byte_order_mark_is_refused_with_the_fix(tmp_path):
    path = tmp_path / "fr.csv"
    path.write_bytes("\n".join(_em_rows()).encode("utf-16-le"))
    with pytest.raises(InputError, match="UTF-16 text without a byte-order mark: save the file as UTF-8"):
        load_profile(path)


def test_lines_count_from_where_a_row_starts_after_a_cell_spanning_lines(tmp_path):
    rows = _em_rows()
    rows[3] = rows[3].replace(",entsoe.eu,", ',"entsoe.eu\nestimated, then corrected",')
    rows[6] = rows[6].replace(",France,France,FR,", ",France,France,DE,")
    path = tmp_path / "fr.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_profile(path)
    assert f"{path}:8: Zone Id: zone DE, but line 2 names zone FR" in str(info.value)  # row 6 starts on line 8


@pytest.mark.parametrize("text, message, line", [
    ("timestamp,gco2e_per_kwh,gco2e_per_kwh\n2024-01-01T00:00Z,300,310\n", "names this column twice", 1),
    (EM_HEADER.replace("(direct)", "(LCA)") + "\n", "names this column twice", 1),
    ("timestamp,gco2e_per_kwh\n2024-01-01T00:00Z,300\n2024-01-01T01:00Z,300,310\n", "belong to no column", 3),
])
def test_a_table_that_cannot_be_read_one_way_is_refused_at_its_line(tmp_path, text, message, line):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_profile(path)
    assert message in str(info.value) and f"bad.csv:{line}:" in str(info.value)


# -- the window search ------------------------------------------------------------------------
values = st.lists(st.floats(min_value=0, max_value=1500, allow_nan=False), min_size=1, max_size=60)


@given(values, st.integers(min_value=1, max_value=30), st.booleans())
@settings(max_examples=200, deadline=None)
def test_the_cleanest_window_is_minimal_among_all_windows_of_its_length(series, length, circular):
    found = cleanest(series, length, circular)
    n = len(series)
    if length > n:
        assert found is None
        return
    starts = range(n) if circular else range(n - length + 1)
    means = [sum(series[(t + i) % n] for i in range(length)) / length for t in starts]
    assert found is not None
    assert found.mean == pytest.approx(min(means), abs=1e-9)
    assert found.mean == pytest.approx(means[found.start], abs=1e-9)


@given(st.lists(st.one_of(st.none(), st.floats(min_value=1, max_value=1500, allow_nan=False)), min_size=2, max_size=50),
       st.integers(min_value=1, max_value=8), st.integers(min_value=1, max_value=40), st.booleans())
@settings(max_examples=200, deadline=None)
def test_shifting_never_costs_and_matches_brute_force(series, run, span, circular):
    totals = shift_totals(series, run, span, circular)
    means = window_means(series, run, circular)
    expected_moved = expected_now = 0.0
    for t, m in enumerate(means):
        if m is None:
            continue
        reach = range(0, max(0, span - run) + 1)
        options = [means[(t + o) % len(means)] if circular else (means[t + o] if t + o < len(means) else None)
                   for o in (reach if not circular else range(min(max(0, span - run), len(means) - 1) + 1))]
        expected_moved += min(o for o in options if o is not None)
        expected_now += m
    if expected_now == 0:
        assert totals is None
        return
    assert totals is not None
    moved, now = totals
    assert moved == pytest.approx(expected_moved) and now == pytest.approx(expected_now)
    assert moved <= now + 1e-9


@given(st.floats(min_value=1, max_value=1500, allow_nan=False), st.integers(min_value=1, max_value=23),
       st.one_of(st.none(), st.integers(min_value=1, max_value=200)), st.integers(min_value=1, max_value=10))
@settings(max_examples=100, deadline=None)
def test_a_flat_profile_saves_nothing(tmp_path_factory, level, run, window, days):
    path = write_generic(tmp_path_factory.mktemp("flat") / "flat.csv", [level] * (24 * days))
    shift = time_shift(load_profile(path), run, window)
    if isinstance(shift, str):
        assert window is not None and window <= run
        return
    assert shift.saving.low == pytest.approx(0, abs=1e-9) and shift.saving.high == pytest.approx(0, abs=1e-9)


def test_run_hours_come_from_the_monthly_hours():
    assert daily_run_hours(121.67) == 4 and daily_run_hours(730) == 24 and daily_run_hours(3) == 1


def test_a_job_that_cannot_move_says_why(tmp_path):
    profile = load_profile(write_generic(tmp_path / "p.csv", [night(h % 24) for h in range(72)]))
    assert "around the clock" in time_shift(profile, 24, None)
    assert "leaves no room" in time_shift(profile, 4, 4)


# -- the CLI -------------------------------------------------------------------------------
ARCH = """\
name: nightly-batch
cloud: {{provider: aws, region: us-east-1}}
workloads:
  - name: embeddings-refresh
    kind: batch-inference
    model: {{name: bge-large, parameters_b: 0.335, precision: fp16}}
    hardware: {{accelerator: nvidia-a10g, count: 4, utilization: 0.8, hours_per_month: 121.67}}
    schedule: {{deferrable: {deferrable}, window_hours: 48}}
  - name: search-api
    kind: embedding
    model: {{name: bge-large, parameters_b: 0.335, precision: fp16}}
    hardware: {{accelerator: nvidia-a10g, count: 1, utilization: 0.5, hours_per_month: 730}}
{extra}"""


def _carbon_aware(report: dict, workload: str):
    rows = [r for r in report["recommendations"] if r["technique_id"] == "carbon-aware-scheduling" and r["workload"] == workload]
    excluded = [e for e in report["excluded"] if e["technique_id"] == "carbon-aware-scheduling" and e["workload"] == workload]
    return (rows[0] if rows else None), (excluded[0] if excluded else None)


def test_a_clean_night_moves_the_deferrable_saving_to_the_profiles_own_figure(cli, write_yaml, tmp_path):
    hourly = [night((T0 + timedelta(hours=i)).hour) for i in range(7 * 24)]
    profile = write_generic(tmp_path / "night.csv", hourly)
    arch = write_yaml(ARCH.format(deferrable="true", extra=""))
    run = cli("analyze", arch, "--grid-profile", profile, "--format", "json")
    assert run.code == 0, run.stderr
    report = run.json()
    mean = sum(hourly) / len(hourly)  # 266.67: the grid the job meets today, at no particular hour
    batch = next(w for w in report["footprint"]["workloads"] if w["name"] == "embeddings-refresh")
    assert batch["grid_intensity_gco2e_per_kwh"] == pytest.approx(mean, rel=1e-5)
    grid = batch["figures"]["grid_intensity_gco2e_per_kwh"]
    assert grid["provenance"] == "input" and "night.csv" in grid["note"] and "Carbon" not in grid["note"]
    row, excluded = _carbon_aware(report, "embeddings-refresh")
    assert excluded is None and row is not None
    # a 4 h run (121.67 h/month) moved to 01:00–05:00 UTC at 100 g: 1 − 100/266.67 = 62.5 % of its operational emissions
    expected = batch["operational_kgco2e_month"] * (1 - 100 / mean)
    assert row["saving_kgco2e_month"] == pytest.approx(expected, rel=1e-3)
    assert row["saving_kwh_month"] == 0
    assert "01:00–05:00 UTC" in row["basis"] and "100 g vs 267 g mean" in row["basis"]
    # the same pattern every day: tested out of sample or with perfect foresight, the figure holds
    fig, operational = row["figures"]["saving_kgco2e_month"], batch["figures"]["operational_kgco2e_month"]
    assert fig["low"] == pytest.approx(operational["low"] * (1 - 100 / mean), rel=1e-3)
    assert fig["high"] == pytest.approx(operational["high"] * (1 - 100 / mean), rel=1e-3)
    # real-time work on the same grid is never shifted
    _, rule = _carbon_aware(report, "search-api")
    assert rule is not None and "not deferrable" in rule["reason"]
    generic = cli("analyze", arch, "--format", "json").json()
    assert _carbon_aware(generic, "embeddings-refresh")[0]["saving_kgco2e_month"] != pytest.approx(row["saving_kgco2e_month"])


def test_a_flat_profile_recommends_no_shift(cli, write_yaml, tmp_path):
    profile = write_generic(tmp_path / "flat.csv", [310 + (i % 3) for i in range(7 * 24)])
    run = cli("analyze", write_yaml(ARCH.format(deferrable="true", extra="")), "--grid-profile", profile, "--format", "json")
    assert run.code == 0, run.stderr
    row, excluded = _carbon_aware(run.json(), "embeddings-refresh")
    assert row is None
    assert "flat" in excluded["reason"] and "5 %" in excluded["reason"]


def test_the_file_can_name_its_profile_and_the_flag_wins(cli, write_yaml, tmp_path):
    write_generic(tmp_path / "flat.csv", [300] * 48)
    write_generic(tmp_path / "night.csv", [night(h % 24) for h in range(48)])
    arch = write_yaml(ARCH.format(deferrable="true", extra="grid_profile: night.csv\n"))
    from_file = cli("analyze", arch, "--format", "json").json()
    assert _carbon_aware(from_file, "embeddings-refresh")[0] is not None
    flagged = cli("analyze", arch, "--grid-profile", tmp_path / "flat.csv", "--format", "json").json()
    assert _carbon_aware(flagged, "embeddings-refresh")[0] is None


def test_a_bad_profile_is_exit_2_with_file_and_line(cli, write_yaml, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("timestamp,gco2e_per_kwh\n2024-01-01T00:00Z,300\n2024-01-01T01:00Z,abc\n", encoding="utf-8")
    run = cli("analyze", write_yaml(ARCH.format(deferrable="true", extra="")), "--grid-profile", bad)
    assert run.code == 2
    assert "bad.csv:3" in run.stderr and "not a number" in run.stderr and "Traceback" not in run.stderr


def test_the_example_profile_renders_in_every_format(cli):
    root = Path(__file__).resolve().parent.parent / "examples"
    for fmt in ("table", "markdown", "html", "json"):
        run = cli("analyze", root / "nightly-training-gcp.yaml", "--grid-profile", root / "grid-profile-asia-east1.csv", "--format", fmt)
        assert run.code == 0, run.stderr
        assert "grid-profile-asia-east1.csv" in run.stdout or fmt == "table"


def test_a_profile_for_a_system_with_no_self_hosted_workload_is_said_unused(cli, write_yaml, tmp_path):
    """llm-api workloads run on their provider's grid, not the region's: the profile changes no figure, and the notes say so."""
    profile = write_generic(tmp_path / "night.csv", [night(h % 24) for h in range(48)])
    arch = write_yaml("""\
name: api-only
cloud: {provider: aws, region: us-east-1, grid_intensity_gco2e_per_kwh: 250}
workloads:
  - name: assistant
    kind: llm-api
    model: {name: claude-sonnet-4-5, provider: anthropic}
    traffic: {requests_per_month: 400000, input_tokens: 6000, output_tokens: 500}
""")
    with_profile = cli("analyze", arch, "--grid-profile", profile, "--format", "json")
    assert with_profile.code == 0, with_profile.stderr
    report, plain = with_profile.json(), cli("analyze", arch, "--format", "json").json()
    assert report["footprint"] == plain["footprint"] and report["recommendations"] == plain["recommendations"]
    notes = [w for w in report["warnings"] if "night.csv" in w]
    assert len(notes) == 1 and "not used" in notes[0] and "no workload runs on the grid of aws us-east-1" in notes[0]
    assert not any("its mean" in w or "superseded" in w for w in report["warnings"])
