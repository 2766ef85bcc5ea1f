"""What a new user's review of the command line found, each checked as the user meets it.

Widths: the fleet summary was 225 columns and the eval scorecard 164 in an 80-column
terminal, and a piped report ignored COLUMNS. Messages: an empty --reports folder scored 0 and
exited 0, a connection error did not say where it tried, architecture files given as eval
cases and a units sidecar given as metrics got messages about something else. Help: flags
showed a <bool> placeholder, --min-score 97 did not suggest 0.97, /explain of an unknown
name printed only its usage.
"""

from __future__ import annotations

import io
import json
import shutil
import socket

import pytest

from conftest import EXAMPLES, ROOT, example, run_cli

CASES = ROOT / "evals" / "cases"
SIDECAR = ROOT / "tests" / "fixtures" / "codecarbon" / "seed-inference.csv.units.json"


def _longest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


def _whole_on_a_line(name: str, text: str) -> bool:
    return any(name in line for line in text.splitlines())


# 1. the fleet summary and the scorecard fit the width they are given --------------------------

@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_fleet_summary_fits_the_width_and_keeps_every_file_name_whole(width, monkeypatch, tmp_path):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)  # names as a user types them: examples/x.yaml, out/x.txt
    monkeypatch.setenv("COLUMNS", str(width))
    run = run_cli("analyze", "examples", "--no-log", "-o", "out")
    assert run.code == 0, run.stderr
    assert _longest(run.stdout) <= width
    for path in EXAMPLES:
        assert _whole_on_a_line(f"examples/{path.name}", run.stdout), path.name
        assert _whole_on_a_line(f"out/{path.stem}.txt", run.stdout), path.name


def test_the_fleet_summary_at_a_fixed_console_width():
    """summary_text with width=80 (rich Console(width=80)): a failed file's row too."""
    from advisor.cli.fleet_output import summary_text

    rows = [{"file": "systems/very-long-name-of-a-production-system.yaml", "status": "ok", "system": "prod-chat",
             "emissions_kgco2e_month": 715.0, "top_saving_kgco2e_month": 229.0,
             "top_action": "Right-size the model (smallest model that meets the quality floor)"},
            {"file": "systems/broken.yaml", "status": "failed", "error": "systems/broken.yaml:3: cloud: unknown field"}]
    text = summary_text(rows, "table", width=80)
    assert _longest(text) <= 80
    assert _whole_on_a_line("systems/very-long-name-of-a-production-system.yaml", text)
    assert _whole_on_a_line("systems/broken.yaml", text) and "FAILED" in text


def test_a_piped_fleet_summary_keeps_a_fixed_width(monkeypatch, tmp_path):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COLUMNS", raising=False)
    run = run_cli("analyze", "examples", "--no-log")
    assert run.code == 0, run.stderr
    assert _longest(run.stdout) <= 120 and "file" in run.stdout.splitlines()[1] and "━━" in run.stdout  # a grid


@pytest.mark.parametrize("width", [60, 80])
def test_the_scorecard_fits_the_width_keeps_case_names_and_says_what_it_left_out(width, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(width))
    run = run_cli("eval", "--cases", CASES)
    assert run.code == 0, run.stderr
    assert _longest(run.stdout) <= width
    for case in sorted(CASES.glob("*.yaml")):
        assert _whole_on_a_line(case.stem, run.stdout), case.stem  # the bundled cases are named as their files
    assert f"not shown at {width} columns:" in run.stdout and "objective" in run.stdout.split("not shown")[1]


def test_a_scorecard_with_problems_at_a_fixed_console_width(tmp_path):
    """Saved reports that fail: the first problem folds within 80 columns, the case names stay whole."""
    from advisor.evals.scorecard import render
    from advisor.evals.suite import CaseResult, SuiteResult

    names = ["api-claude-opus-bedrock-zero-margin", "gpu-inference-with-a-rather-long-case-name"]
    results = [CaseResult(n, "offline", "unscorable", 0.0, detail=f"{n}.json: not a JSON report (Expecting value: "
                          "line 1 column 1 (char 0)) renewable-energy-procurement") for n in names]
    suite = SuiteResult(models=["offline"], results=results, started=0.0, seconds=0.1)
    text = render(suite, "table", width=80)
    assert _longest(text) <= 80
    assert all(_whole_on_a_line(n, text) for n in names)
    assert "first problems:" in text  # too narrow for the column: under the table, one per case
    under = " ".join(text.split("first problems:")[1].split())
    assert all(f"{n}: {n}.json: not a JSON report" in under for n in names)
    wide = render(suite, "table", width=200)
    assert "first problem" in wide.splitlines()[2] and "first problems:" not in wide


def test_a_piped_scorecard_shows_every_column(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    run = run_cli("eval", "--cases", CASES)
    assert run.code == 0 and "not shown" not in run.stdout
    header = next(line for line in run.stdout.splitlines() if line.split()[:1] == ["case"])
    assert header.split()[:11] == ["case", "score", "schema", "include", "exclude", "accuracy", "tools", "practices",
                                   "rules", "figures", "objective"]
    assert header.split()[11:] in ([], ["first", "problem"])  # the problems' column when a case has one


# 2. a piped report follows an explicit COLUMNS; a file keeps 120 -----------------------------

def test_a_piped_report_follows_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    run = run_cli("analyze", example("doc-analyzer.yaml"), "--no-log")
    assert run.code == 0, run.stderr
    assert _longest(run.stdout) == 80


def test_a_report_written_to_a_file_keeps_120_columns_even_with_columns(monkeypatch, tmp_path):
    monkeypatch.setenv("COLUMNS", "80")
    target = tmp_path / "r.txt"
    assert run_cli("analyze", example("doc-analyzer.yaml"), "--no-log", "-o", target).code == 0
    assert _longest(target.read_text(encoding="utf-8")) == 120
    monkeypatch.setenv("COLUMNS", "400")  # help on one line per option
    help_text = " ".join(run_cli("analyze", "--help").stdout.split())
    assert "120 columns wide" in help_text and "COLUMNS when piped" in help_text


def test_fleet_reports_in_a_folder_are_120_columns_like_one_report(monkeypatch, tmp_path):
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setattr("sys.stdout", _Tty())  # even when the fleet runs in a narrow terminal
    from advisor.cli.app import main

    with pytest.raises(SystemExit) as done:
        main(["analyze", str(example("doc-analyzer.yaml")), str(example("onprem-vision.yaml")), "--no-log",
              "-o", str(tmp_path / "out")])
    assert done.value.code in (0, None)
    assert {_longest(p.read_text(encoding="utf-8")) for p in (tmp_path / "out").iterdir()} == {120}


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


# 3. --reports with no report at all is bad input ------------------------------------------

def test_reports_folder_with_no_report_at_all_exits_2(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    run = run_cli("eval", "--cases", CASES, "--reports", empty)
    assert run.code == 2
    assert "no saved report of any of the" in run.stderr and "holds no JSON file" in run.stderr
    (empty / "other.json").write_text("{}")
    run = run_cli("eval", "--cases", CASES, "--reports", empty)
    assert run.code == 2 and "other.json" in run.stderr and "named after no case" in run.stderr


def test_reports_folder_with_one_report_still_scores(tmp_path):
    cases, saved = tmp_path / "cases", tmp_path / "saved"
    cases.mkdir()
    for path in sorted(CASES.glob("*.yaml"))[:2]:
        shutil.copy(path, cases)
    assert run_cli("eval", "--cases", cases, "--save-reports", saved).code == 0
    kept, dropped = sorted(saved.glob("*.json"))
    dropped.unlink()
    run = run_cli("eval", "--cases", cases, "--reports", saved, "-f", "json")
    assert run.code == 0, run.stderr
    assert {c["case"]: c["status"] for c in run.json()["cases"]} == {kept.stem: "scored", dropped.stem: "missing"}


# 4. a connection error names the address it tried, never a key ------------------------------

def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_connection_error_names_the_url(no_backoff, monkeypatch):
    key = "sk-test-abcdefghijklmnop1234567890"
    monkeypatch.setenv("OPENAI_API_KEY", key)
    port = _closed_port()
    run = run_cli("analyze", example("doc-analyzer.yaml"), "--no-log", "--model", "openai:gpt-4o-mini",
                  "--base-url", f"http://user:{key}@127.0.0.1:{port}/v1?api_key={key}")
    assert run.code == 1
    assert f"http://127.0.0.1:{port}/v1" in run.stderr and "Connection error" in run.stderr
    assert key not in run.stderr and key[:12] not in run.stderr and "user:" not in run.stderr


def test_an_ollama_connection_error_names_the_default_address(no_backoff, monkeypatch):
    from advisor.llm import models

    port = _closed_port()
    monkeypatch.setattr(models, "OLLAMA_URL", f"http://127.0.0.1:{port}/v1")  # the default, on a port nothing serves
    run = run_cli("analyze", example("doc-analyzer.yaml"), "--no-log", "--model", "ollama:llama3")
    assert run.code == 1 and f"http://127.0.0.1:{port}/v1/chat/completions" in run.stderr


# 5. architecture files given as eval cases ------------------------------------------------

def test_architecture_files_as_cases_are_named_as_such():
    run = run_cli("eval", "--cases", ROOT / "examples")
    assert run.code == 2
    first = sorted(ROOT.joinpath("examples").glob("*.yaml"))[0].name
    assert first in run.stderr and "looks like an architecture file" in run.stderr
    assert "architecture:" in run.stderr and "expect:" in run.stderr
    assert "Extra inputs" not in run.stderr and "Traceback" not in run.stderr


def test_a_case_missing_expect_still_gets_the_field_message(tmp_path):
    (tmp_path / "c.yaml").write_text("name: c\narchitecture:\n  name: x\n", encoding="utf-8")
    run = run_cli("eval", "--cases", tmp_path)
    assert run.code == 2 and "expect" in run.stderr and "looks like an architecture" not in run.stderr


# 6. the units sidecar given as metrics ----------------------------------------------------

def test_the_units_sidecar_as_metrics_points_to_its_csv():
    run = run_cli("analyze", example("doc-analyzer.yaml"), "--no-log", "--metrics", SIDECAR)
    assert run.code == 2
    assert "units sidecar of seed-inference.csv" in run.stderr
    assert str(SIDECAR.with_name("seed-inference.csv")) in run.stderr
    assert "neither a Zeus" not in run.stderr


def test_an_unknown_json_is_still_described_as_before(tmp_path):
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"hello": 1}))
    run = run_cli("analyze", example("doc-analyzer.yaml"), "--no-log", "--metrics", other)
    assert run.code == 2 and "neither a Zeus" in run.stderr and "sidecar" not in run.stderr


# 7. help text, --min-score, /explain ------------------------------------------------------

COMMANDS = ("analyze", "compare", "chat", "eval", "logs", "measure", "models", "prompt")


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_flags_show_no_value_placeholder(command, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    run = run_cli(*([command] if command else []), "--help")
    assert run.code == 0 and "--help" in run.stdout
    assert "<bool>" not in run.stdout


def test_help_flags_still_show_the_type_of_options_that_take_a_value(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    text = run_cli("analyze", "--help").stdout
    no_cache = next(line for line in text.splitlines() if "--no-cache" in line)
    assert "<" not in no_cache.split("--no-cache")[1].split("Ask")[0]
    assert "<float>" in next(line for line in text.splitlines() if "--timeout" in line)


def test_help_words_what_each_option_reads(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    chat = " ".join(run_cli("chat", "--help").stdout.split())
    assert "Zeus" in chat and "EcoLogits" in chat
    compare = run_cli("compare", "--help").stdout
    lang = next(line for line in compare.splitlines() if "--lang" in line)
    assert "prompt" not in lang and "comparison" in lang


@pytest.mark.parametrize("value, hint", [("97", "did you mean 0.97?"), ("-1", None), ("0.97", None)])
def test_min_score_as_a_percentage_suggests_the_fraction(value, hint, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # the error box on one line
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(sorted(CASES.glob("*.yaml"))[0], cases)
    run = run_cli("eval", "--cases", cases, "--min-score", value)
    if value == "0.97":
        assert run.code in (0, 1)
        return
    assert run.code == 2 and "not a fraction from 0 to 1" in " ".join(run.stderr.split())
    assert (hint in " ".join(run.stderr.split())) if hint else "did you mean" not in run.stderr


def _chat(monkeypatch, *lines: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    run = run_cli("chat", example("doc-analyzer.yaml"))
    assert run.code == 0, run.stderr
    return run.stdout


def test_explain_an_unknown_technique_says_so_and_suggests(monkeypatch):
    out = _chat(monkeypatch, "/explain nonsense", "/explain distilation", "/lang fr", "/explain distilation")
    assert "no technique matches 'nonsense'" in out and "/table lists the ones that apply here" in out
    assert "no technique matches 'distilation'; did you mean distillation?" in out
    assert "aucune technique ne correspond à « distilation » ; vouliez-vous dire distillation ?" in out


def test_explain_a_known_technique_is_unchanged(monkeypatch):
    out = _chat(monkeypatch, "/explain quantization-int8")
    assert "no technique matches" not in out and "(quantization-int8)" in out


def test_a_mistyped_command_and_region_still_get_their_suggestion(monkeypatch):
    """The chat's two "did you mean" sentences (one name, several names) are two keys: one key for both
    made the one-name callers fail on the other's placeholder."""
    out = _chat(monkeypatch, "/explan", "/lang fr", "/explan")
    assert "unknown command /explan; did you mean /explain?" in out
    assert "vouliez-vous dire /explain ?" in out
