"""The CLI as a user runs it: every example, every format, the JSON contract, --output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ALL_EXAMPLES, ROOT, example, run_cli

FORMATS = ["table", "markdown", "json"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=[f"{p.parent.parent.name}/{p.stem}" for p in ALL_EXAMPLES])
def test_every_example_in_every_format(path, fmt):
    result = run_cli("analyze", path, "--format", fmt)
    assert result.code == 0, result.stderr
    assert result.stdout.strip()
    if fmt == "json":
        report = result.json()
        assert report["recommendations"], "an expert finds something to recommend for every example"


def test_json_report_contract(cli):
    report = cli("analyze", example("support-chatbot-azure.yaml"), "--format", "json").json()
    fp = report["footprint"]
    for key in ("energy_kwh_month", "operational_kgco2e_month", "embodied_kgco2e_month", "emissions_kgco2e_month"):
        assert isinstance(fp[key], (int, float)) and fp[key] > 0
    assert fp["emissions_kgco2e_month"] == pytest.approx(fp["operational_kgco2e_month"] + fp["embodied_kgco2e_month"], rel=1e-4)
    assert [w["name"] for w in fp["workloads"]] == ["chat-answers", "doc-embeddings"]
    for w in fp["workloads"]:
        for key in ("energy_kwh_month", "grid_intensity_gco2e_per_kwh", "pue", "emissions_kgco2e_month"):
            assert isinstance(w[key], (int, float)) and w[key] > 0, key
        assert "per_request_gco2e" in w["sci"]
        assert w["sci"]["per_request_gco2e"] > 0
        # no naked numbers: every figure has a range and a provenance
        for name, figure in w["figures"].items():
            assert figure["low"] <= figure["value"] <= figure["high"], name
            assert figure["provenance"] in ("input", "source", "assumption", "estimate", "measured"), name
            if figure["provenance"] in ("source", "estimate"):
                assert figure["sources"], name
    assert sum(w["energy_kwh_month"] for w in fp["workloads"]) == pytest.approx(fp["energy_kwh_month"], rel=1e-4)
    for rec in report["recommendations"]:
        assert set(rec) >= {"technique_id", "workload", "action", "impact", "difficulty", "tools", "accuracy_risk",
                            "warning", "saving_kwh_month", "saving_kgco2e_month"}
        assert rec["difficulty"] in ("low", "medium", "high")
        assert rec["accuracy_risk"] in ("none", "low", "medium", "high")
        assert rec["saving_kwh_month"] >= 0 and rec["saving_kgco2e_month"] >= 0
        assert isinstance(rec["tools"], list) and all(isinstance(t, str) for t in rec["tools"])
        for source in rec["sources"]:
            assert source in report["sources"]


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=[f"{p.parent.parent.name}/{p.stem}" for p in ALL_EXAMPLES])
def test_every_cited_source_is_listed(path):
    report = run_cli("analyze", path, "--format", "json").json()
    cited = {s for w in report["footprint"]["workloads"] for f in w["figures"].values() for s in f["sources"]}
    cited |= {s for r in report["recommendations"] for s in r["sources"]}
    assert cited <= set(report["sources"])
    for source in report["sources"].values():
        assert source["title"] and source.get("url")


def test_recommendations_are_ranked_best_first(cli):
    report = cli("analyze", example("doc-analyzer.yaml"), "--format", "json").json()
    savings = [r["saving_kgco2e_month"] for r in report["recommendations"]]
    assert savings[0] == max(savings)


def test_markdown_has_the_seed_columns_in_both_languages(cli):
    fr = cli("analyze", example("doc-analyzer.yaml"), "--format", "markdown", "--lang", "fr").stdout
    assert "| Action | Impact estimé | Difficulté d'implémentation | Outils suggérés |" in fr
    en = cli("analyze", example("doc-analyzer.yaml"), "--format", "markdown").stdout
    assert "| Action | Estimated impact | Implementation difficulty | Suggested tools |" in en


def test_basic_level_gives_three_actions(cli):
    report = cli("analyze", example("doc-analyzer.yaml"), "--format", "json", "--level", "basic").json()
    assert len(report["recommendations"]) == 3
    assert report["level"] == "basic"


def test_output_file_is_written_whole(cli, tmp_path):
    target = tmp_path / "report.json"
    result = cli("analyze", example("doc-analyzer.yaml"), "--format", "json", "--output", target)
    assert result.code == 0
    assert result.stdout == ""
    assert json.loads(target.read_text())["system"]["name"] == "doc-analyzer"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left behind


def test_model_without_key_is_a_clear_error(cli):
    result = cli("analyze", example("doc-analyzer.yaml"), "--model", "openai:gpt-4o")
    assert result.code == 2
    assert "set OPENAI_API_KEY" in result.stderr
    result = cli("analyze", example("doc-analyzer.yaml"), "--model", "mystery:model")
    assert result.code == 2 and "unknown provider 'mystery'" in result.stderr


def test_version_and_help(cli):
    assert cli("--version").stdout.startswith("greenadvisor ")
    result = cli("analyze", "--help")
    assert result.code == 0 and "--format" in result.stdout


def test_works_from_any_directory_as_installed(tmp_path):
    """The console script (or module) finds knowledge/ wherever it is run from."""
    code = "from advisor.cli.app import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", code, "analyze", str(example("onprem-vision.yaml")), "--format", "json"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["system"]["name"] == "line-inspection"


HEAVY = ["langchain", "langchain_core", "openai", "anthropic", "pandas", "codecarbon", "tiktoken", "numpy"]
LOADED_AT_EXIT = (
    "import sys, atexit\n"
    f"heavy = {HEAVY!r}\n"
    "atexit.register(lambda: print('LOADED=' + ','.join(sorted({m.split('.')[0] for m in sys.modules} & set(heavy))), file=sys.stderr))\n"
    "from advisor.cli.app import main\n"
    "main()\n"
)


@pytest.mark.parametrize("args", [
    ["analyze", example("doc-analyzer.yaml"), "--format", "json"],
    ["analyze", example("support-chatbot-azure.yaml"), "--format", "json"],
    ["compare", example("doc-analyzer.yaml"), example("doc-analyzer-after.yaml"), "--format", "html"],
], ids=["analyze-self-hosted", "analyze-llm-api", "compare"])
def test_offline_commands_import_no_heavy_library(args):
    result = subprocess.run([sys.executable, "-c", LOADED_AT_EXIT, *map(str, args)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr.rstrip().endswith("LOADED="), result.stderr


@pytest.mark.parametrize("no_color", [True, False])
def test_colour_on_a_terminal_follows_no_color(no_color, tmp_path):
    """On a real terminal the table is coloured, unless NO_COLOR is set (no-color.org)."""
    import os

    pexpect = pytest.importorskip("pexpect")
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update(GREENADVISOR_HOME=str(tmp_path), TERM="xterm-256color", COLUMNS="160")
    if no_color:
        env["NO_COLOR"] = "1"
    child = pexpect.spawn(sys.executable, ["-m", "advisor", "analyze", str(example("doc-analyzer.yaml")), "--no-log"],
                          env=env, encoding="utf-8", timeout=60, dimensions=(50, 160))
    out = child.read()
    child.close()
    assert child.exitstatus == 0, out
    assert ("\x1b[" in out) is not no_color


@pytest.mark.parametrize("flag, value", [("--metrics", "tests/fixtures/codecarbon/seed-inference.csv"),
                                         ("--grid-profile", "examples/grid-profile-asia-east1.csv")])
def test_one_systems_measurements_are_not_spread_over_a_fleet(flag, value):
    run = run_cli("analyze", ROOT / "examples", flag, ROOT / value)
    assert run.code == 2
    assert flag in run.stderr and "several files" in run.stderr


@pytest.mark.parametrize("fmt, extension", [("json", "json"), ("if-manifest", "yaml"), ("markdown", "md")])
def test_output_to_a_folder_names_the_report_after_the_file(tmp_path, fmt, extension):
    """`-o reports/` (new or existing) is a folder, as in a shell: the report goes inside it."""
    new = tmp_path / "new" / "reports"
    run = run_cli("analyze", example("doc-analyzer.yaml"), "-f", fmt, "-o", f"{new}/")
    assert run.code == 0, run.stderr
    assert (new / f"doc-analyzer.{extension}").is_file() and str(new / f"doc-analyzer.{extension}") in run.stderr
    existing = tmp_path / "existing"
    existing.mkdir()
    assert run_cli("analyze", example("doc-analyzer.yaml"), "-f", fmt, "-o", existing).code == 0
    assert (existing / f"doc-analyzer.{extension}").is_file()


def test_output_to_a_file_stays_a_file(tmp_path):
    target = tmp_path / "report.json"
    assert run_cli("analyze", example("doc-analyzer.yaml"), "-f", "json", "-o", target).code == 0
    assert json.loads(target.read_text())["recommendations"]
