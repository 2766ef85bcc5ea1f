"""The sourced figures a measured run is judged by live in knowledge/measurement.yaml, not in Python."""

from __future__ import annotations

import pytest
import yaml

from advisor.measured import limits as measured_limits
from advisor.errors import InputError, KnowledgeBaseError
from advisor.kb import load_kb
from advisor.paths import knowledge_dir


@pytest.fixture
def fresh_figures():
    measured_limits._figures.cache_clear()
    yield
    measured_limits._figures.cache_clear()


def test_every_figure_cites_sources_of_the_bibliography():
    data = yaml.safe_load((knowledge_dir() / measured_limits.FIGURES).read_text(encoding="utf-8"))
    sources = load_kb().sources
    assert set(data) == set(measured_limits.FIGURE_KEYS)
    for key, entry in data.items():
        assert entry["unit"] and entry["description"] and entry["sources"], key
        assert all(s in sources for s in entry["sources"]), key
        assert measured_limits.figure(key) == float(entry["value"])


def test_the_messages_quote_the_files_figures(tmp_path):
    path = tmp_path / "e.csv"
    with pytest.raises(InputError, match=r"more than 37 years of the world's electricity \(about 2\.7e\+13 kWh a year\)"):
        measured_limits.check_run(1e16, 10.0, path, 2, "energy_consumed", "duration")
    warning = measured_limits.check_run(1e3, 3.6, path, 2, "energy_consumed", "duration")  # 1 GW on average
    assert "more than the largest AI clusters draw (280 MW)" in warning
    assert measured_limits.check_run(1e3, 36.0, path, 2, "energy_consumed", "duration") is None  # 100 MW: plausible


@pytest.mark.parametrize("text, message", [
    (None, "cannot read measurement.yaml"),
    ("world_electricity_kwh_per_year: {value: 2.7e+13, sources: [x]}\n", "plausible_run_kw.value must be a number > 0"),
    ("world_electricity_kwh_per_year: {value: 2.7e13, sources: [x]}\n", "must be a number > 0, got '2.7e13'"),  # YAML 1.1: text
    ("world_electricity_kwh_per_year: {value: 2.7e+13}\nplausible_run_kw: {value: 1, sources: [x]}\n", "cites no sources"),
    ("[1, 2]\n", "world_electricity_kwh_per_year.value must be a number > 0"),
])
def test_a_missing_or_broken_figures_file_is_a_knowledge_base_error(tmp_path, monkeypatch, fresh_figures, text, message):
    if text is not None:
        (tmp_path / measured_limits.FIGURES).write_text(text, encoding="utf-8")
    monkeypatch.setattr("advisor.paths.knowledge_dir", lambda: tmp_path)
    with pytest.raises(KnowledgeBaseError, match=message.replace("(", r"\(").replace("[", r"\[")):
        measured_limits.figure("world_electricity_kwh_per_year")
