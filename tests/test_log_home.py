"""A greenadvisor home that cannot hold the log is said, once, rather than silently dropping rows.

Reviewers pointed GREENADVISOR_HOME at a file: analyses succeeded, nothing was logged, and
`greenadvisor logs` answered "no analysis logged yet".
"""

from __future__ import annotations

import pytest

from advisor import logstore
from conftest import run_cli


@pytest.fixture
def file_home(tmp_path, monkeypatch):
    home = tmp_path / "home-is-a-file"
    home.write_text("not a folder")
    monkeypatch.setenv("GREENADVISOR_HOME", str(home))
    monkeypatch.setattr(logstore, "_warned", False)
    return home


@pytest.mark.parametrize("below", [False, True])
def test_recording_into_a_file_home_warns_once(file_home, monkeypatch, capsys, below):
    if below:
        monkeypatch.setenv("GREENADVISOR_HOME", str(file_home / "sub"))
    logstore.record(command="analyze", system="s", model="offline", outcome="ok", started=0.0)
    logstore.record(command="analyze", system="s", model="offline", outcome="ok", started=0.0)
    err = capsys.readouterr().err
    assert err.count("warning: analyses are not logged") == 1
    assert str(file_home) in err and "is a file, not a folder" in err


def test_logs_says_the_home_is_unusable(file_home):
    run = run_cli("logs")
    assert "no analysis logged yet" not in run.stdout + run.stderr
    assert "is a file, not a folder" in run.stdout + run.stderr and run.code != 0


def test_a_usable_home_warns_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GREENADVISOR_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(logstore, "_warned", False)
    logstore.record(command="analyze", system="s", model="offline", outcome="ok", started=0.0)
    assert capsys.readouterr().err == ""
    assert len(logstore.recent()) == 1
