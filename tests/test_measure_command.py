"""`greenadvisor measure`: which runs reach the CSV, which grid it assumes, what it exits with.

A row in the CSV is a measurement to `analyze`, so only a run that counts may be written:
not a command that never started, not a failure (unless asked), never into a file that
CodeCarbon would move aside.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import shutil
import signal
import sys
from pathlib import Path

import pytest

from conftest import run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "codecarbon"
PASS = (sys.executable, "-c", "pass")


def rows(path: Path) -> list[dict]:
    return list(csv.DictReader(path.open())) if path.exists() else []


@pytest.fixture
def no_codecarbon_config(tmp_path, monkeypatch):
    """No CodeCarbon setting from the developer's machine: no CODECARBON_* variable, no
    .codecarbon.config in the home or the working folder."""
    for name in [n for n in __import__("os").environ if n.startswith("CODECARBON_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)


def test_the_contracts_own_form_measures_at_a_stated_grid(tmp_path, no_codecarbon_config):
    out = tmp_path / "X.csv"
    run = run_cli("measure", "--output", out, "--", sys.executable, "-c", "print(1)")
    assert run.code == 0, run.stderr
    assert [r["country_iso_code"] for r in rows(out)] == ["WOR"]
    assert float(rows(out)[0]["energy_consumed"]) > 0
    grid = next(line for line in run.stderr.splitlines() if "world average" in line)
    assert "475 gCO2e/kWh" in grid and "--country" in grid and "--cloud" in grid
    assert "analyze" in run.stderr and "architecture's region" in run.stderr


def test_codecarbons_own_country_setting_is_the_grid_when_no_flag_gives_one(tmp_path, no_codecarbon_config, monkeypatch):
    monkeypatch.setenv("CODECARBON_COUNTRY_ISO_CODE", "fra")
    out = tmp_path / "e.csv"
    run = run_cli("measure", "-o", out, "--", *PASS)
    assert run.code == 0, run.stderr
    assert [r["country_iso_code"] for r in rows(out)] == ["FRA"] and "CODECARBON_COUNTRY_ISO_CODE" in run.stderr
    assert run_cli("measure", "-o", out, "--country", "DEU", "--", *PASS).code == 0  # a flag wins
    assert [r["country_iso_code"] for r in rows(out)] == ["FRA", "DEU"]
    monkeypatch.setenv("CODECARBON_COUNTRY_ISO_CODE", "FRX")
    bad = run_cli("measure", "-o", out, "--", *PASS)
    assert bad.code == 2 and "CODECARBON_COUNTRY_ISO_CODE" in bad.stderr and "did you mean" in bad.stderr
    assert len(rows(out)) == 2


def _not_executable(tmp_path: Path) -> str:
    script = tmp_path / "script.sh"
    script.write_text("#!/bin/sh\necho hi\n")
    script.chmod(0o644)
    return str(script)


def _bad_interpreter(tmp_path: Path) -> str:
    script = tmp_path / "bad-shebang.sh"
    script.write_text("#!/nonexistent/interpreter\necho hi\n")
    script.chmod(0o755)
    return str(script)


@pytest.mark.parametrize("program, says", [
    (lambda tmp: "/nonexistent/cmd", "command not found"),
    (lambda tmp: "no-such-command-here", "command not found"),
    (_not_executable, "not executable"),
    (lambda tmp: str(tmp), "is a directory"),
])
def test_a_command_that_cannot_start_is_refused_before_the_tracker(tmp_path, monkeypatch, program, says):
    import codecarbon

    def no_tracker(*args, **kwargs):
        raise AssertionError("the tracker was started for a command that cannot start")

    monkeypatch.setattr(codecarbon, "OfflineEmissionsTracker", no_tracker)
    out = tmp_path / "e.csv"
    run = run_cli("measure", "-o", out, "--country", "FRA", "--", program(tmp_path))
    assert run.code == 2 and says in run.stderr and "Traceback" not in run.stderr
    assert not out.exists()


def test_a_command_that_fails_to_exec_after_the_check_leaves_no_row(tmp_path):
    out = tmp_path / "e.csv"
    shutil.copy(FIXTURES / "seed-inference.csv", out)
    before = out.read_bytes()
    run = run_cli("measure", "-o", out, "--country", "FRA", "--requests", "5", "--", _bad_interpreter(tmp_path))
    assert run.code == 2 and "cannot start" in run.stderr
    assert out.read_bytes() == before and not (tmp_path / "e.csv.units.json").exists()


def test_a_failing_run_is_not_kept_unless_asked(tmp_path):
    out = tmp_path / "e.csv"
    fail = (sys.executable, "-c", "import sys; sys.exit(3)")
    run = run_cli("measure", "-o", out, "--country", "FRA", "--requests", "50", "--", *fail)
    assert run.code == 3
    assert "exited with status 3" in run.stderr and "not added" in run.stderr and "--keep-failed" in run.stderr
    assert not out.exists() and not (tmp_path / "e.csv.units.json").exists()
    assert run_cli("measure", "-o", out, "--country", "FRA", "--requests", "50", "--", *PASS).code == 0
    kept = run_cli("measure", "-o", out, "--country", "FRA", "--requests", "7", "--keep-failed", "--", *fail)
    assert kept.code == 3 and "kept" in kept.stderr
    assert len(rows(out)) == 2
    units = json.loads((tmp_path / "e.csv.units.json").read_text())
    assert sorted(u["requests"] for u in units.values()) == [7.0, 50.0]


@pytest.mark.parametrize("name, status", [("SIGTERM", 143), ("SIGKILL", 137), ("SIGINT", 130)])
def test_a_command_killed_by_a_signal_exits_128_plus_its_number(tmp_path, name, status):
    out = tmp_path / "e.csv"
    code = (f"import os, signal; signal.signal(signal.{name}, signal.SIG_DFL) if signal.{name} != signal.SIGKILL else None; "
            f"os.kill(os.getpid(), signal.{name})")
    run = run_cli("measure", "-o", out, "--country", "FRA", "--", sys.executable, "-c", code)
    assert run.code == status == 128 + getattr(signal, name)
    assert f"the command was killed by {name}" in run.stderr and not out.exists()


def _other_version(tmp_path: Path) -> Path:
    from codecarbon.output_methods.emissions_data import EmissionsData

    names = [f.name for f in dataclasses.fields(EmissionsData) if f.name not in ("wue", "water_consumed")]
    path = tmp_path / "old.csv"
    path.write_text(",".join(names) + "\n" + ",".join("1" for _ in names) + "\n")
    return path


@pytest.mark.parametrize("make", [
    lambda tmp: shutil.copy(FIXTURES / "foreign.csv", tmp / "foreign.csv"),
    lambda tmp: (tmp / "notes.csv").write_text("my notes\nnot a table\n") and tmp / "notes.csv",
    lambda tmp: shutil.copy(FIXTURES / "binary.csv", tmp / "binary.csv"),
    _other_version,
])
def test_an_output_codecarbon_would_move_aside_is_refused_before_running(tmp_path, make):
    out = Path(make(tmp_path))
    before = out.read_bytes()
    marker = tmp_path / "ran"
    run = run_cli("measure", "-o", out, "--country", "FRA", "--", sys.executable, "-c", f"open({str(marker)!r}, 'w')")
    assert run.code == 2, run.stderr
    assert "another --output" in run.stderr and str(out) in run.stderr and "Traceback" not in run.stderr
    assert not marker.exists() and out.read_bytes() == before
    assert not list(tmp_path.glob("*.bak*"))


def test_appending_to_a_codecarbon_file_of_this_version_keeps_its_runs(tmp_path):
    out = tmp_path / "e.csv"
    shutil.copy(FIXTURES / "seed-inference.csv", out)
    before = out.read_bytes()
    assert run_cli("measure", "-o", out, "--country", "FRA", "--", *PASS).code == 0
    assert out.read_bytes().startswith(before) and len(rows(out)) == len(rows(FIXTURES / "seed-inference.csv")) + 1
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert run_cli("measure", "-o", empty, "--country", "FRA", "--", *PASS).code == 0 and len(rows(empty)) == 1


def test_the_printed_duration_is_the_runs_and_per_request_figures_are_energy(tmp_path):
    out = tmp_path / "e.csv"
    run = run_cli("measure", "-o", out, "--country", "FRA", "--requests", "10", "--tokens", "1000", "--", *PASS)
    assert run.code == 0, run.stderr
    row = rows(out)[0]
    printed = float(re.search(r" in ([0-9.]+) s\b", run.stderr).group(1))
    assert printed == pytest.approx(float(row["duration"]), abs=0.006)
    per_request = float(re.search(r"([0-9.e+-]+) Wh per request", run.stderr).group(1))
    assert per_request == pytest.approx(float(row["energy_consumed"]) * 1000 / 10, rel=1e-3)
    assert "Wh per token" in run.stderr and "SCI" not in run.stderr
