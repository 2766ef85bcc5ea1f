"""Every report format says, for each workload, whether its energy is measured or estimated and
how far the estimate was; the closing sentence says figures are estimates only when none is measured."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest

from advisor.i18n import pct
from advisor.render.text import label
from conftest import example, run_cli

ZEUS = Path(__file__).parent / "fixtures" / "zeus"
FORMATS = ["table", "markdown", "html"]


def _squash(text: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _workload_column(table: str, lang: str) -> str:
    """The footprint table's first column, read down: a wrapped cell is whole again."""
    lines = table.splitlines()
    header = next(i for i, line in enumerate(lines) if label("workload", lang) in line and label("energy", lang).split()[0] in line)
    width = lines[header].index(label("energy", lang).split()[0])
    column = []
    for line in lines[header + 2:]:
        if not line.strip():
            break
        column.append(line[:width])
    return _squash(" ".join(column))


def _gap(lang: str) -> tuple[float, str]:
    report = run_cli("analyze", example("doc-analyzer.yaml"), "--metrics", ZEUS / "doc-analyzer.json", "--format", "json").json()
    w = report["footprint"]["workloads"][0]
    gap = w["figures"]["estimate_vs_measured_pct"]["value"]
    return gap, label("estimate_gap", lang).format(gap=("+" if gap > 0 else "−") + pct(abs(gap), lang))


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_measured_workload_says_so_with_the_estimates_gap(fmt, lang):
    gap, gap_text = _gap(lang)
    assert gap > 100  # the fixture's estimate is far from what Zeus measured: the reader must see it
    result = run_cli("analyze", example("doc-analyzer.yaml"), "--metrics", ZEUS / "doc-analyzer.json", "--format", fmt, "--lang", lang)
    assert result.code == 0, result.stderr
    out = result.stdout
    where = _workload_column(out, lang) if fmt == "table" else _squash(out)
    assert label("measured", lang) in where and _squash(gap_text) in where, where[:400]
    text = _squash(out)
    assert _squash(label("measured_by", lang)) in text
    assert _squash(label("estimated_by", lang)) not in text  # "figures are estimates" is no longer true


@pytest.mark.parametrize("fmt", FORMATS)
def test_estimated_workloads_beside_a_measured_one_say_estimated(fmt):
    from conftest import ROOT

    out = run_cli("analyze", example("support-chatbot-azure.yaml"), "--metrics",
                  ROOT / "tests" / "fixtures" / "ecologits" / "chat-gpt-4o.json", "--format", fmt).stdout
    text = _squash(out)
    assert label("measured", "en") in text and label("estimated", "en") in text and "vs measured" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_without_measurement_the_footer_says_estimates(fmt):
    text = _squash(run_cli("analyze", example("doc-analyzer.yaml"), "--format", fmt).stdout)
    assert _squash(label("estimated_by", "en")) in text and _squash(label("measured_by", "en")) not in text
    assert "vs measured" not in text
