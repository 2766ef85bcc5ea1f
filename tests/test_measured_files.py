"""Reading measurement files as their tools write them, and refusing what cannot be trusted:
flush() rows, impossible or absurd values, inconsistent columns, encodings and separators,
EcoLogits records it could not compute. A bad file is exit 2 naming file, line and column."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from advisor.errors import InputError
from advisor.measured import read_metrics
from conftest import example, run_cli
from test_measured_fit import analyze, codecarbon_rows, workload

CC = Path(__file__).parent / "fixtures" / "codecarbon"
ZEUS = Path(__file__).parent / "fixtures" / "zeus"
ECO = Path(__file__).parent / "fixtures" / "ecologits"


def bad(metrics: Path, arch: str = "cpu-churn-model.yaml") -> str:
    """The first line of the error for a bad metrics file: exit 2, no traceback."""
    result = run_cli("analyze", example(arch), "--metrics", metrics)
    assert result.code == 2, (result.code, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return result.stderr.splitlines()[0]


# -- 3. flush(): one run, several cumulative rows ----------------------------------------------

@pytest.mark.parametrize("version", ["2.2.7", "2.8.4", "3.3.2"])
def test_flushed_rows_of_one_run_are_one_run(version):
    path = CC / f"flush-{version}.csv"
    rows = list(csv.DictReader(path.open()))
    assert len(rows) == 4 and len({r["run_id"] for r in rows}) == 1  # three flush() and the stop(), as CodeCarbon wrote them
    runs = read_metrics(path)
    last = max(rows, key=lambda r: float(r["duration"]))
    assert len(runs) == 1
    assert runs[0].energy_kwh == float(last["energy_consumed"]) and runs[0].duration_s == float(last["duration"])


def test_flushed_rows_get_the_units_once(tmp_path):
    text = (CC / "flush-3.3.2.csv").read_text().replace(",document-analysis,", ",churn-api,")
    path = tmp_path / "emissions.csv"
    path.write_text(text)
    run_id = next(csv.DictReader(path.open()))["run_id"]
    (tmp_path / "emissions.csv.units.json").write_text(json.dumps({run_id: {"requests": 100}}))
    w = workload(analyze("cpu-churn-model.yaml", path), "churn-api")
    last = list(csv.DictReader(path.open()))[-1]
    pue = w["figures"]["pue"]["value"]
    assert w["energy_kwh_month"] == pytest.approx(float(last["energy_consumed"]) / 100 * 3_000_000 * pue, rel=1e-4)


# -- 5. finite but absurd values ----------------------------------------------------------------

@pytest.mark.parametrize("text, line, column", [
    ("duration,emissions,energy_consumed\n3600,0,1e305\n", 2, "energy_consumed"),
    ("duration,emissions,energy_consumed\n1e-300,0,1\n", 2, "duration"),
    ("duration,emissions,energy_consumed\n2,0,1e308\n2,0,1e308\n", 2, "energy_consumed"),
    ("duration,emissions,energy_consumed\n1e-9,0,1e300\n", 2, "energy_consumed"),
])
def test_values_no_run_can_have_are_bad_input_not_a_crash(tmp_path, text, line, column):
    path = tmp_path / "emissions.csv"
    path.write_text(text)
    assert f"{path}:{line}: {column}:" in bad(path)


def test_an_implausible_but_possible_run_is_used_with_a_warning(tmp_path):
    path = tmp_path / "emissions.csv"
    path.write_text("duration,emissions,energy_consumed\n2.06,0,1000\n")  # 1.7 GW on average: more than any AI cluster
    report = analyze("cpu-churn-model.yaml", path)
    assert workload(report, "churn-api")["measured"] is True
    assert any(f"{path}:2: energy_consumed:" in n and "largest AI clusters" in n for n in report["warnings"])


FLOATS = st.one_of(st.floats(min_value=0, allow_nan=False, allow_infinity=False),
                   st.sampled_from([0.0, 1e-300, 5e-324, 1e-9, 1e15, 1e16, 1e300, 1.7976931348623157e308]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(FLOATS, FLOATS), min_size=1, max_size=3), st.sampled_from([None, 1e-300, 1.0, 1e300]))
def test_any_finite_values_give_a_finite_report_or_one_clear_error(tmp_path, rows, requests):
    path = tmp_path / "emissions.csv"
    path.write_text("run_id,duration,emissions,energy_consumed\n" + "".join(f"r{i},{d!r},0,{e!r}\n" for i, (d, e) in enumerate(rows)))
    units = tmp_path / "emissions.csv.units.json"
    units.write_text(json.dumps({"r0": {"requests": requests}}) if requests else "{}")
    for arch in ("cpu-churn-model.yaml", "doc-analyzer.yaml"):
        result = run_cli("analyze", example(arch), "--metrics", path, "--format", "json")
        if result.code == 2:
            assert result.stderr.startswith(f"greenadvisor: error: {path}:") and "Traceback" not in result.stderr
            continue
        assert result.code == 0, result.stderr
        footprint = result.json()["footprint"]
        assert all(math.isfinite(w["energy_kwh_month"]) and math.isfinite(w["emissions_kgco2e_month"]) for w in footprint["workloads"])


def test_runs_each_within_limits_whose_average_power_is_absurd_keep_the_estimate(tmp_path):
    """1e-283 kWh over 1e-304 s passes each run's limits, but scales to more than the world's electricity
    in a month: it used to overflow into an internal error (exit 1); the estimate stays, with a note."""
    path = tmp_path / "emissions.csv"
    path.write_text("run_id,duration,emissions,energy_consumed\n"
                    "r0,0.0,0,2.2564647735804514e-283\nr1,1.7027307114475708e-304,0,0.0\n")
    result = run_cli("analyze", example("doc-analyzer.yaml"), "--metrics", path, "--format", "json", "--no-log")
    assert result.code == 0, result.stderr
    workload = result.json()["footprint"]["workloads"][0]
    assert workload["energy_kwh_month"] < 1e6
    assert any("beyond any real system; kept the estimate" in n for n in workload["notes"]), workload["notes"]


# -- 6. inconsistent values ---------------------------------------------------------------------

@pytest.mark.parametrize("change, column, says", [
    ({"gpu_energy": "1"}, "gpu_energy", "a part cannot exceed the whole"),
    ({"cpu_energy": "0.6", "ram_energy": "0.6", "energy_consumed": "1.0"}, "energy_consumed", "less than"),
    ({"pue": "0"}, "pue", "at least 1"),
    ({"pue": "0.5"}, "pue", "at least 1"),
])
def test_impossible_values_are_refused_with_line_and_column(tmp_path, change, column, says):
    path = codecarbon_rows(tmp_path, {}, change)
    first = bad(path)
    assert f"{path}:3: {column}:" in first and says in first


def test_a_column_named_twice_is_refused(tmp_path):
    path = tmp_path / "emissions.csv"
    path.write_text("duration,emissions,energy_consumed,energy_consumed\n2,0,1e-5,5\n")
    first = bad(path)
    assert f"{path}:1: energy_consumed:" in first and "twice" in first


def test_cells_beyond_the_header_are_refused(tmp_path):
    path = tmp_path / "emissions.csv"
    path.write_text("duration,emissions,energy_consumed\n2,0,1e-5\n2,0,1e-5,x,y\n")
    first = bad(path)
    assert f"{path}:3:" in first and "'x'" in first and "belong to no column" in first


def test_a_short_row_says_where_it_ends(tmp_path):
    path = tmp_path / "emissions.csv"
    path.write_text("duration,emissions,energy_consumed\n2,0\n")
    assert "the row ends before this column" in bad(path)


def test_the_line_is_the_editors_line_after_blank_and_quoted_lines(tmp_path):
    path = tmp_path / "emissions.csv"
    path.write_text('project_name,duration,energy_consumed\n\n"two\nlines",2,1e-5\n\nx,2,oops\n')
    assert f"{path}:6: energy_consumed: not a number" in bad(path)


# -- 7. EcoLogits records it could not compute ---------------------------------------------------

def test_an_ecologits_record_without_energy_is_left_out_not_the_whole_file(tmp_path):
    records = json.loads((ECO / "chat-gpt-4o.json").read_text())
    unknown = {"model": "gpt-unknown-9", "impacts": json.loads((ECO / "unknown-model.json").read_text())}
    path = tmp_path / "impacts.json"
    path.write_text(json.dumps([*records, unknown]))
    report = analyze("support-chatbot-azure.yaml", path)
    chat = workload(report, "chat-answers")
    assert chat["measured"] is True and f"{len(records)} runs" in chat["figures"]["energy_kwh_month"]["note"]
    note = next(n for n in report["warnings"] if "could not compute" in n)
    assert f"[{len(records)}]" in note and "Could not find model `gpt-unknown-9`" in note and "left out" in note


# -- 8. encodings, separators, Zeus without GPUs ---------------------------------------------------

def test_a_utf16_csv_is_read():
    assert (CC / "utf16.csv").read_bytes()[:2] == b"\xff\xfe"
    runs = read_metrics(CC / "utf16.csv")
    assert len(runs) == 1 and runs[0].energy_kwh > 0


def test_utf16_without_a_byte_order_mark_says_so(tmp_path):
    path = tmp_path / "emissions.csv"
    path.write_bytes("duration,emissions,energy_consumed\n2,0,1e-5\n".encode("utf-16-le"))
    assert "UTF-16" in bad(path) and "save the file as UTF-8" in bad(path)


def test_a_semicolon_separated_csv_is_read():
    runs = read_metrics(CC / "semicolon.csv")
    assert len(runs) == 1 and runs[0].project == "document-analysis" and runs[0].energy_kwh > 0


def test_zeus_with_no_gpu_is_a_run_without_gpu_energy():
    for fixture in ("no-gpu-0.16.json", "no-gpu-log-0.16.csv"):
        runs = read_metrics(ZEUS / fixture)
        assert len(runs) == 1 and runs[0].gpu_energy_kwh == 0 and runs[0].gpu_count == 0 and runs[0].saw_no_gpu


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(["", "0", "1", "2.5", "1e308", "1e-300", "-1", "x", "nan", '"a,b"', " "]),
                         min_size=0, max_size=6), min_size=1, max_size=4),
       st.lists(st.sampled_from(["duration", "energy_consumed", "emissions", "gpu_energy", "cpu_energy", "pue", "run_id",
                                 "gpu_count", "project_name", ""]), min_size=1, max_size=6),
       st.sampled_from([",", ";"]))
def test_any_codecarbon_like_table_gives_runs_or_one_clear_error(tmp_path, rows, header, sep):
    path = tmp_path / "emissions.csv"
    path.write_text("\n".join(sep.join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    try:
        runs = read_metrics(path)
    except InputError as exc:
        assert str(path) in str(exc)
    else:
        assert runs and all(math.isfinite(r.energy_kwh) and r.energy_kwh >= 0 and r.duration_s >= 0 for r in runs)
