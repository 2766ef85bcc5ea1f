"""`greenadvisor compare A B`: the figures are the two reports' own, in every format, with their uncertainty."""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from functools import cache
from html.parser import HTMLParser
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SHARED_EXAMPLES, example, run_cli

from advisor.compare import SCI_FIGURES, TOTALS, WORKLOAD_FIGURES, delta
from advisor.figures import Figure

FORMATS = ["table", "markdown", "json", "html"]
AFTER = example("doc-analyzer-after.yaml")
BEFORE = next((p for p in SHARED_EXAMPLES if p.name == "doc-analyzer.yaml"), example("doc-analyzer.yaml"))
PAIRS = list(combinations(SHARED_EXAMPLES, 2)) + [(BEFORE, AFTER)]
PAIR_IDS = [f"{a.stem}--{b.stem}" for a, b in PAIRS]
CODECARBON = Path(__file__).parent / "fixtures" / "codecarbon"


def test_the_shared_examples_are_here():
    assert len(SHARED_EXAMPLES) >= 4 and all(p.is_file() for p in SHARED_EXAMPLES), "the pairs below would test nothing"


@cache
def analyzed(path: Path, *extra: str) -> dict:
    result = run_cli("analyze", path, "--format", "json", *extra)
    assert result.code == 0, result.stderr
    return result.json()


def compared(a: Path, b: Path, *extra: str) -> dict:
    result = run_cli("compare", a, b, "--format", "json", *extra)
    assert result.code == 0, result.stderr
    return result.json()


def rounded(x: float) -> float:
    return float(f"{x:.6g}") if x else 0.0


def assert_delta_matches(d: dict, fa: dict | None, fb: dict | None):
    """A delta shows each side's figure unchanged (value, range, provenance) and their difference."""
    assert d["a"] == fa and d["b"] == fb
    if fa is None or fb is None:
        assert d["verdict"] == ("added" if fa is None else "removed") and d["difference"] is None
        return
    diff = d["difference"]
    assert diff["value"] == pytest.approx(rounded(fb["value"] - fa["value"]), rel=1e-9, abs=1e-12)
    assert diff["low"] <= diff["value"] <= diff["high"]
    if fa["value"] > 0:
        assert d["change_pct"] == pytest.approx((fb["value"] - fa["value"]) / fa["value"] * 100, rel=1e-5)
    overlap = fa["low"] <= fb["high"] and fb["low"] <= fa["high"]
    assert d["ranges_overlap"] is overlap
    if d["verdict"] in ("lower", "higher"):
        assert not overlap
        assert (fb["value"] < fa["value"]) is (d["verdict"] == "lower")
    else:
        assert overlap or fb["value"] == fa["value"]
    assert diff["provenance"] == ("measured" if fa["provenance"] == fb["provenance"] == "measured" else "estimate")


@pytest.mark.parametrize("a, b", PAIRS, ids=PAIR_IDS)
def test_numbers_are_the_two_reports_own(a, b):
    ra, rb = analyzed(a), analyzed(b)
    c = compared(a, b)
    assert c["kind"] == "comparison"
    assert list(c["totals"]) == list(TOTALS)
    for key in TOTALS:
        assert_delta_matches(c["totals"][key], ra["footprint"]["figures"][key], rb["footprint"]["figures"][key])
        assert c["totals"][key]["a"]["value"] == ra["footprint"][key]  # the contract field, too
    wa = {w["name"]: w for w in ra["footprint"]["workloads"]}
    wb = {w["name"]: w for w in rb["footprint"]["workloads"]}
    assert [w["name"] for w in c["workloads"]] == list(wa) + [n for n in wb if n not in wa]
    for w in c["workloads"]:
        name = w["name"]
        expected = "both" if name in wa and name in wb else ("removed" if name in wa else "added")
        assert w["status"] == expected
        fa = wa[name]["figures"] if name in wa else {}
        fb = wb[name]["figures"] if name in wb else {}
        for key in WORKLOAD_FIGURES:
            if key in fa or key in fb:
                assert_delta_matches(w["figures"][key], fa.get(key), fb.get(key))
        for key in SCI_FIGURES:
            both = key in fa and key in fb
            one_sided = expected != "both" and (key in fa or key in fb)
            assert (key in w["sci"]) is (both or one_sided)
            if key in w["sci"]:
                assert_delta_matches(w["sci"][key], fa.get(key), fb.get(key))
    # each side's top actions are its report's first actions with a saving, with their figures
    for side, report in (("a", ra), ("b", rb)):
        ranked = [r for r in report["recommendations"] if r["saving_kgco2e_month"] > 0 or r["saving_kwh_month"] > 0]
        got = c[side]["top_actions"]
        assert [(x["technique_id"], x["workload"]) for x in got] == [(r["technique_id"], r["workload"]) for r in ranked[:3]]
        for x, r in zip(got, ranked):
            assert x["saving_kgco2e_month"] == r["saving_kgco2e_month"] and x["figures"] == r["figures"]
        assert c[side]["plan"] == report["plan"]
        assert c[side]["system"] == report["system"]
    assert c["sources"] == dict(sorted({**ra["sources"], **rb["sources"]}.items()))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("a, b", PAIRS, ids=PAIR_IDS)
def test_every_pair_in_every_format(a, b, fmt):
    result = run_cli("compare", a, b, "--format", fmt)
    assert result.code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    ra, rb = analyzed(a), analyzed(b)
    if fmt == "json":
        assert json.loads(out)["a"]["system"]["name"] == ra["system"]["name"]
        return
    if fmt == "html":
        assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
        assert "<script" not in out and "<link" not in out and not re.search(r'src="https?:', out)
    else:
        assert "System totals" in out and "Difference (B − A)" in out
        assert ("Per workload" if fmt == "markdown" else "Workload ") in out
    # the emissions totals of both sides and every workload appear, as the reports round them
    from advisor.i18n import num

    for r in (ra, rb):
        assert num(r["footprint"]["emissions_kgco2e_month"]) in out
        for w in r["footprint"]["workloads"]:
            assert w["name"] in out


def test_before_after_pair_reads_as_a_saving_with_its_uncertainty():
    c = compared(BEFORE, AFTER)
    assert (c["a"]["label"], c["b"]["label"]) == ("doc-analyzer", "doc-analyzer-after")  # same system: file names
    emissions = c["totals"]["emissions_kgco2e_month"]
    assert emissions["difference"]["value"] < 0 and emissions["change_pct"] < -50
    grid = c["workloads"][0]["figures"]["grid_intensity_gco2e_per_kwh"]
    assert grid["verdict"] == "lower" and grid["ranges_overlap"] is False  # us-east-1 against Quebec: apart
    energy = c["totals"]["energy_kwh_month"]
    assert energy["ranges_overlap"] is True and energy["verdict"] == "likely-lower"  # never called a sure gain
    table = run_cli("compare", BEFORE, AFTER).stdout
    assert "likely lower" in table and "ranges overlap" in table and "↓ lower" in table


def test_same_file_twice_is_zero_everywhere():
    path = SHARED_EXAMPLES[-1] if SHARED_EXAMPLES else example("support-chatbot-azure.yaml")
    c = compared(path, path)
    deltas = list(c["totals"].values()) + [d for w in c["workloads"] for d in (*w["figures"].values(), *w["sci"].values())]
    assert deltas and all(w["status"] == "both" for w in c["workloads"])
    for d in deltas:
        assert d["verdict"] == "same"
        assert (d["difference"]["value"], d["difference"]["low"], d["difference"]["high"]) == (0, 0, 0)
        assert d["change_pct"] == 0
    assert (c["a"]["label"], c["b"]["label"]) == ("A", "B")
    table = run_cli("compare", path, path).stdout
    assert "= same" in table
    assert not re.search(r"[↑↓]", table)


def test_added_and_removed_workloads(write_yaml):
    chatbot = example("support-chatbot-azure.yaml").read_text()
    renamed = write_yaml(chatbot.replace("name: doc-embeddings", "name: product-embeddings"), "renamed.yaml")
    c = compared(example("support-chatbot-azure.yaml"), renamed, "--label-a", "before", "--label-b", "after")
    status = {w["name"]: w["status"] for w in c["workloads"]}
    assert status == {"chat-answers": "both", "doc-embeddings": "removed", "product-embeddings": "added"}
    removed = next(w for w in c["workloads"] if w["name"] == "doc-embeddings")
    assert removed["figures"]["emissions_kgco2e_month"]["b"] is None and removed["sci"]  # its own SCI is shown
    chat = next(w for w in c["workloads"] if w["name"] == "chat-answers")
    assert chat["figures"]["emissions_kgco2e_month"]["verdict"] == "same"
    md = run_cli("compare", example("support-chatbot-azure.yaml"), renamed, "--format", "markdown",
                 "--label-a", "before", "--label-b", "after").stdout
    assert "### doc-embeddings (embedding; only in A)" in md and "### product-embeddings (embedding; only in B)" in md
    assert "− removed" in md and "+ added" in md and "A · before" in md and "B · after" in md


def _svgs(html: str) -> list[ET.Element]:
    """Each inline SVG, parsed as XML: a badly escaped name would break it."""
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", html, flags=re.S)]


def _bars(svg: ET.Element, cls: str) -> int:
    ns = "{http://www.w3.org/2000/svg}"
    return sum(1 for r in svg.iter(f"{ns}rect") if cls in r.get("class", "").split())


class _Strict(HTMLParser):
    """Every element the page opens is closed, in order (void elements aside)."""

    VOID = {"meta", "br", "img", "input", "hr", "link", "rect", "line"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()


@pytest.mark.parametrize("a, b", PAIRS, ids=PAIR_IDS)
def test_html_parses_and_charts_one_bar_per_workload_and_side(a, b):
    html = run_cli("compare", a, b, "--format", "html").stdout
    parser = _Strict()
    parser.feed(html)
    parser.close()
    assert parser.stack == []
    ra, rb = analyzed(a), analyzed(b)
    emissions, difference = _svgs(html)
    assert _bars(emissions, "bar-a") == len(ra["footprint"]["workloads"])
    assert _bars(emissions, "bar-b") == len(rb["footprint"]["workloads"])
    union = {w["name"] for w in ra["footprint"]["workloads"]} | {w["name"] for w in rb["footprint"]["workloads"]}
    assert _bars(difference, "bar-diff") == len(union)


def test_hostile_names_and_labels_are_escaped(write_yaml):
    hostile = '<script>alert(1)</script>&"|'
    path = write_yaml(example("doc-analyzer.yaml").read_text()
                      .replace("name: document-analysis", f"name: '{hostile}'"), "hostile.yaml")
    html = run_cli("compare", example("doc-analyzer.yaml"), path, "--format", "html", "--label-b", "<b>x</b>").stdout
    assert "<script>" not in html and "<b>x</b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;x&lt;/b&gt;" in html
    emissions, difference = _svgs(html)  # still well-formed XML
    assert _bars(emissions, "bar-b") == 1 and _bars(difference, "bar-diff") == 2  # renamed: one removed, one added
    md = run_cli("compare", example("doc-analyzer.yaml"), path, "--format", "markdown").stdout
    assert all(line.count("|") - line.count("\\|") == 7 for line in md.splitlines() if line.startswith("| "))


@pytest.mark.parametrize("side", ["A", "B"])
def test_a_bad_file_names_its_side(write_yaml, side):
    bad = write_yaml(example("doc-analyzer.yaml").read_text().replace("us-east-1", "us-east-7"), "bad.yaml")
    good = example("doc-analyzer.yaml")
    args = (bad, good) if side == "A" else (good, bad)
    result = run_cli("compare", *args)
    assert result.code == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"greenadvisor: error: {side}: {bad}:"), first
    assert "cloud.region" in first and "us-east-1" in first  # the loader's own message and suggestion


def test_missing_file_and_bad_metrics_name_their_side(tmp_path):
    result = run_cli("compare", example("doc-analyzer.yaml"), tmp_path / "nope.yaml")
    assert result.code == 2 and f"B: {tmp_path / 'nope.yaml'}" in result.stderr
    csv = CODECARBON / "bad-number.csv"
    result = run_cli("compare", example("doc-analyzer.yaml"), example("doc-analyzer.yaml"), "--metrics-a", csv)
    assert result.code == 2 and result.stderr.startswith(f"greenadvisor: error: A: {csv}:2:")
    assert "Traceback" not in result.stderr
    assert run_cli("compare", example("doc-analyzer.yaml")).code == 2  # B is required
    assert run_cli("compare", example("doc-analyzer.yaml"), AFTER, "--format", "pdf").code == 2


def test_measured_side_keeps_its_provenance():
    csv = CODECARBON / "gpu-8xa100.csv"  # a run that saw the GPUs: one that saw none keeps the estimate
    c = compared(example("doc-analyzer.yaml"), example("doc-analyzer.yaml"), "--metrics-b", csv)
    w = c["workloads"][0]
    assert (w["measured_a"], w["measured_b"]) == (False, True)
    energy = w["figures"]["energy_kwh_month"]
    assert energy["a"]["provenance"] != "measured" and energy["b"]["provenance"] == "measured"
    assert energy["difference"]["provenance"] == "estimate"  # a measurement minus an estimate is not a measurement
    assert c["b"]["measured_workloads"] == ["document-analysis"]
    assert any("measured" in note for note in c["notes"])
    measured_both = compared(example("doc-analyzer.yaml"), example("doc-analyzer.yaml"), "--metrics-a", csv,
                             "--metrics-b", csv)
    assert measured_both["workloads"][0]["figures"]["energy_kwh_month"]["difference"]["provenance"] == "measured"
    table = run_cli("compare", example("doc-analyzer.yaml"), example("doc-analyzer.yaml"), "--metrics-b", csv).stdout
    assert "A estimated, B measured" in table and "[measured]" in table


def test_french(tmp_path):
    md = run_cli("compare", BEFORE, AFTER, "--format", "markdown", "--lang", "fr").stdout
    assert "## Totaux du système" in md and "Écart (B − A)" in md and "baisse probable" in md
    html = run_cli("compare", BEFORE, AFTER, "--format", "html", "--lang", "fr").stdout
    assert '<html lang="fr">' in html and "Émissions par charge" in html
    c = compared(BEFORE, AFTER, "--lang", "fr")
    assert c["lang"] == "fr" and "Objectif" in c["a"]["plan"]["message"]


def test_colour_only_on_request_and_the_words_say_it_anyway():
    from advisor.compare import compare
    from advisor.report import Report
    from advisor.render.compare_table import to_table

    c = compare(Report.model_validate(analyzed(BEFORE)), Report.model_validate(analyzed(AFTER)))
    plain, coloured = to_table(c, color=False), to_table(c, color=True)
    assert "\x1b[" not in plain and "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured).split() == plain.split()
    assert "\x1b[" not in run_cli("compare", BEFORE, AFTER).stdout  # NO_COLOR is set by the test fixture


def test_output_file_and_level(tmp_path):
    out = tmp_path / "cmp.html"
    result = run_cli("compare", BEFORE, AFTER, "--format", "html", "--output", out)
    assert result.code == 0 and result.stdout == "" and f"wrote {out}" in result.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    basic = compared(BEFORE, AFTER, "--level", "basic")
    assert basic["a"]["level"] == "basic"
    basic_report = analyzed(BEFORE, "--level", "basic")
    ranked = [r for r in basic_report["recommendations"] if r["saving_kgco2e_month"] > 0 or r["saving_kwh_month"] > 0]
    assert [x["technique_id"] for x in basic["a"]["top_actions"]] == [r["technique_id"] for r in ranked[:3]]


def test_comparison_page_renders_in_headless_chromium(tmp_path):
    from test_html import FLAGS, _chromium

    chromium = _chromium()
    page = tmp_path / "compare.html"
    assert run_cli("compare", BEFORE, AFTER, "--format", "html", "--output", page).code == 0
    shot = tmp_path / "compare.png"
    profile = tmp_path / "profile"
    result = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", "--window-size=1200,2400",
                             f"--screenshot={shot}", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.is_file() and shot.stat().st_size > 20_000  # a blank page compresses to a few kB
    console = [line for line in result.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == [], console


# ---- the delta calculator on its own -------------------------------------------------------------

@st.composite
def figures(draw, provenance=st.sampled_from(["estimate", "measured", "source"])):
    xs = sorted(draw(st.lists(st.floats(min_value=0, max_value=1e9, allow_nan=False), min_size=3, max_size=3)))
    return Figure(value=rounded(xs[1]), low=rounded(xs[0]), high=rounded(xs[2]), unit="kWh/month",
                  provenance=draw(provenance))


@settings(max_examples=300, deadline=None)
@given(figures(), figures())
def test_delta_properties(a, b):
    d = delta(a, b, a.unit)
    mirror = delta(b, a, a.unit)
    assert d.difference.low <= d.difference.value <= d.difference.high
    assert d.ranges_overlap == mirror.ranges_overlap
    flip = {"lower": "higher", "higher": "lower", "likely-lower": "likely-higher", "likely-higher": "likely-lower",
            "within-uncertainty": "within-uncertainty", "same": "same"}
    assert mirror.verdict == flip[d.verdict]
    if d.verdict in ("lower", "higher"):
        assert not d.ranges_overlap
        assert (d.verdict == "lower") is (b.value < a.value)
    elif d.verdict != "same":
        assert d.ranges_overlap  # an overlap is never a sure gain
    if d.verdict.startswith("likely"):
        sign = -1 if d.verdict == "likely-lower" else 1
        assert all(sign * (y - x) > 0 for x, y in ((a.low, b.low), (a.value, b.value), (a.high, b.high)))
    same = delta(a, a, a.unit)
    assert same.verdict == "same" and (same.difference.low, same.difference.high) == (0, 0)


def test_delta_one_sided():
    f = Figure(value=1, low=0.5, high=2, unit="kWh/month", provenance="estimate")
    assert delta(None, f, "kWh/month").verdict == "added"
    assert delta(f, None, "kWh/month").verdict == "removed"
    with pytest.raises(ValueError):
        delta(None, None, "kWh/month")


def test_if_manifest_is_a_usage_error_for_a_comparison(cli):
    """A manifest describes one system: compare refuses the format up front (exit 2), before analysing."""
    run = cli("compare", BEFORE, AFTER, "--format", "if-manifest")
    assert run.code == 2
    assert "if-manifest" in run.stderr and "internal error" not in run.stderr


def test_compare_output_to_a_folder(tmp_path):
    run = run_cli("compare", BEFORE, AFTER, "-f", "html", "-o", f"{tmp_path / 'cmp'}/")
    assert run.code == 0, run.stderr
    assert (tmp_path / "cmp" / f"{BEFORE.stem}-vs-{AFTER.stem}.html").is_file()
