"""The terminal table fits the terminal it is printed on, and never cuts a number.

Reviewers saw "1,303–…" and "1,7…" (read as 1.7) at 40 columns, and, with NO_COLOR, a table
always 120 columns wide whatever the terminal (lines of 356 characters on a 60-column tty).
"""

from __future__ import annotations

import io
import re

import pytest

from advisor.analysis import analyze_loaded
from advisor.i18n import num
from advisor.loader import load_architecture
from advisor.render.table import to_table
from conftest import EXAMPLES


def _report(kb, path, lang="en"):
    return analyze_loaded(load_architecture(path, kb), kb, lang=lang)


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("width", [40, 60, 80])
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_a_narrow_table_wraps_and_never_cuts_a_figure(kb, path, width, lang):
    report = _report(kb, path, lang)
    text = to_table(report, width=width)
    assert "…" not in text
    assert max(len(line) for line in text.splitlines()) <= width
    words = set(re.split(r"[ \n]+", text))
    for w in report.footprint.workloads:
        for key in ("energy_kwh_month", "emissions_kgco2e_month"):
            figure = w.figures[key]
            assert num(figure.value, lang) in words, (w.name, key)  # whole, on one line
            assert f"{num(figure.low, lang)}–{num(figure.high, lang)}" in words, (w.name, key)


def test_a_wide_terminal_keeps_the_grid(kb):
    text = to_table(_report(kb, EXAMPLES[0]), width=120)
    assert "━━━" in text and "Energy (kWh/month)" in text


def test_without_a_width_the_table_fits_the_terminal(kb, monkeypatch):
    """write_out passes no width when colour is off (NO_COLOR): the table asks the terminal."""
    report = _report(kb, EXAMPLES[0])
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setattr("sys.stdout", _Tty())
    assert max(len(line) for line in to_table(report).splitlines()) <= 60


def test_without_a_terminal_the_table_is_120_columns(kb, monkeypatch):
    report = _report(kb, EXAMPLES[0])
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setattr("sys.stdout", io.StringIO())
    lines = to_table(report).splitlines()
    assert max(len(line) for line in lines) == 120


def test_the_french_header_is_french(kb):
    first = to_table(_report(kb, EXAMPLES[0], "fr"), width=200).splitlines()[0]
    assert "modèle : offline; niveau : pro" in first and "model:" not in first and "level:" not in first


def test_a_table_written_to_a_file_keeps_120_columns_whatever_the_terminal(kb, tmp_path, monkeypatch):
    from advisor.cli.options import write_out

    report = _report(kb, EXAMPLES[0])
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setattr("sys.stdout", _Tty())
    target = tmp_path / "report.txt"
    write_out(lambda fmt, **kw: to_table(report, **kw), "table", str(target), "x")
    assert max(len(line) for line in target.read_text().splitlines()) == 120

