"""A bad setting names what the user typed (the variable, the flag), not the internal field."""

from __future__ import annotations

import pytest

from test_grid_live import ARCH


@pytest.mark.parametrize("variable, value", [
    ("GREENADVISOR_GRID_TIMEOUT", "abc"),
    ("GREENADVISOR_GRID_CACHE_TTL", "-5"),
    ("GREENADVISOR_TIMEOUT", "soon"),
])
def test_a_bad_environment_variable_is_named(cli, write_yaml, monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    run = cli("analyze", write_yaml(ARCH), "--format", "json", "--no-log")
    assert run.code == 2, run.stderr
    assert f"{variable}={value}" in run.stderr
    assert "grid_timeout_s" not in run.stderr and "grid_cache_ttl_s" not in run.stderr and "timeout_s:" not in run.stderr


def test_a_bad_flag_is_named(cli, write_yaml):
    run = cli("analyze", write_yaml(ARCH), "--format", "json", "--no-log", "--timeout", "-1")
    assert run.code == 2 and "--timeout=-1" in run.stderr and "timeout_s" not in run.stderr


def test_compare_names_a_bad_variable_too(cli, write_yaml, monkeypatch):
    monkeypatch.setenv("GREENADVISOR_GRID_TIMEOUT", "abc")
    run = cli("compare", write_yaml(ARCH, "a.yaml"), write_yaml(ARCH, "b.yaml"))
    assert run.code == 2 and "GREENADVISOR_GRID_TIMEOUT=abc" in run.stderr


def test_a_bad_config_file_value_keeps_its_line(cli, write_yaml, tmp_path, monkeypatch):
    config = tmp_path / "config.yaml"
    config.write_text("model: offline\ngrid_timeout_s: abc\n", encoding="utf-8")
    monkeypatch.setenv("GREENADVISOR_CONFIG", str(config))
    run = cli("analyze", write_yaml(ARCH), "--format", "json", "--no-log")
    assert run.code == 2 and "config.yaml" in run.stderr and "2" in run.stderr and "grid_timeout_s" in run.stderr
