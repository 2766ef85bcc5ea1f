"""The eval suite: the scorers catch every kind of bad report; the CLI scores and gates."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from advisor.evals.cases import load_case, load_cases
from advisor.evals.suite import EngineView, score_report
from advisor.report import build_report
from conftest import ROOT, example, run_cli

CASES = ROOT / "evals" / "cases"


def write_case(directory: Path, name: str, example_name: str, expect: dict) -> Path:
    arch = yaml.safe_load(example(example_name).read_text())
    reasons = {tid: "test" for key in ("include", "exclude", "flag_accuracy_risk") for tid in expect.get(key, [])}
    path = directory / f"{name}.yaml"
    path.write_text(yaml.safe_dump({"name": name, "architecture": arch, "expect": expect, "reasons": reasons}, sort_keys=False))
    return path


@pytest.fixture
def seed_case(tmp_path, kb):
    path = write_case(tmp_path, "seed", "doc-analyzer.yaml", {
        "include": ["continuous-batching", "carbon-monitoring"],
        "exclude": ["carbon-aware-scheduling", "quantization-fp8"],
        "flag_accuracy_risk": ["quantization-int8", "distillation"],
        "clouds": ["aws", "gcp", "azure"],
    })
    case = load_case(path, kb)
    engine = EngineView(case, kb)
    report = build_report(case.loaded, engine.analysis.advice, kb).model_dump(mode="json")
    return case, engine, report


def scores(report, case, engine):
    result = score_report(report, case, engine, "test")
    return result, {s.name: s.value for s in result.scores}


def test_a_good_report_scores_full_marks(seed_case):
    case, engine, report = seed_case
    result, by = scores(report, case, engine)
    assert result.score == 1.0, [s for s in result.scores if s.value not in (None, 1.0)]


def _rec(report, tid):
    return next(r for r in report["recommendations"] if r["technique_id"] == tid)


def test_missing_warning_loses_points(seed_case):
    case, engine, report = seed_case
    bad = copy.deepcopy(report)
    _rec(bad, "quantization-int8").update(warning=None, accuracy_risk="low")
    result, by = scores(bad, case, engine)
    assert by["accuracy"] < 1 and result.score < 1
    assert "quantization-int8" in next(s.explanation for s in result.scores if s.name == "accuracy")


def test_tool_from_the_wrong_cloud_loses_points(seed_case):
    case, engine, report = seed_case
    bad = copy.deepcopy(report)
    case.case.expect.clouds = ["aws"]  # the expert allows only AWS here
    result, by = scores(bad, case, engine)
    assert by["tools"] < 1 and result.score < 1


def test_excluded_action_loses_points(seed_case):
    case, engine, report = seed_case
    bad = copy.deepcopy(report)
    extra = copy.deepcopy(bad["recommendations"][0])
    extra.update(technique_id="carbon-aware-scheduling", saving_kwh_month=0, saving_kgco2e_month=10)
    bad["recommendations"].append(extra)
    result, by = scores(bad, case, engine)
    assert by["exclude"] == 0.5 and result.score < 1


def test_technique_already_in_place_loses_points(tmp_path, kb):
    path = write_case(tmp_path, "batch", "batch-summaries-mumbai.yaml", {"include": ["carbon-monitoring"], "clouds": ["aws"]})
    case = load_case(path, kb)
    engine = EngineView(case, kb)
    report = build_report(case.loaded, engine.analysis.advice, kb).model_dump(mode="json")
    assert scores(report, case, engine)[0].score == 1.0
    extra = copy.deepcopy(report["recommendations"][0])
    extra.update(technique_id="continuous-batching")  # in practices
    report["recommendations"].append(extra)
    result, by = scores(report, case, engine)
    assert by["practices"] < 1 and result.score < 1


def test_invented_saving_loses_points(seed_case):
    case, engine, report = seed_case
    bad = copy.deepcopy(report)
    _rec(bad, "response-caching")["saving_kwh_month"] = 10_000.0
    result, by = scores(bad, case, engine)
    assert by["figures"] < 1 and result.score < 1


def test_missing_expected_action_loses_points(seed_case):
    case, engine, report = seed_case
    bad = copy.deepcopy(report)
    bad["recommendations"] = [r for r in bad["recommendations"] if r["technique_id"] != "continuous-batching"]
    result, by = scores(bad, case, engine)
    assert by["include"] == 0.5


def test_a_report_out_of_contract_scores_zero(seed_case):
    case, engine, report = seed_case
    bad = copy.deepcopy(report)
    del bad["recommendations"][0]["saving_kwh_month"]
    result, by = scores(bad, case, engine)
    assert by["schema"] == 0 and result.score == 0


def test_replayed_reports_score_like_generated_ones(tmp_path, seed_case):
    case, engine, report = seed_case
    cases_dir = case.path.parent
    saved = tmp_path / "saved"
    result = run_cli("eval", "--cases", cases_dir, "--save-reports", saved, "--format", "json")
    assert result.code == 0, result.stderr
    generated = result.json()
    replay = run_cli("eval", "--cases", cases_dir, "--reports", saved, "--format", "json").json()
    assert replay["cases"][0]["score"] == generated["cases"][0]["score"] == 1.0
    (saved / "seed.json").write_text("{ not json")
    broken = run_cli("eval", "--cases", cases_dir, "--reports", saved, "--format", "json").json()
    assert broken["cases"][0]["status"] == "unscorable" and broken["cases"][0]["score"] == 0
    (saved / "seed.json").unlink()
    missing = run_cli("eval", "--cases", cases_dir, "--reports", saved, "--format", "json").json()
    assert missing["cases"][0]["status"] == "missing"


def test_models_side_by_side_and_min_score_gate(seed_case, tmp_path):
    case, _, _ = seed_case
    out = tmp_path / "results.json"
    result = run_cli("eval", "--cases", case.path.parent, "-m", "offline", "-m", "mock:hostile", "-m", "mock:broken",
                     "--format", "markdown", "--output", out, "--min-score", "0.5")
    assert "| case | offline | mock:hostile | mock:broken |" in result.stdout
    data = json.loads(out.read_text())
    assert data["models"]["offline"]["overall"] == 1.0
    assert data["models"]["mock:broken"]["overall"] == 0.0
    assert any(c["status"] == "provider-error" for c in data["cases"])
    assert result.code == 1  # mock:broken is below 0.5


def test_bad_case_files_are_input_errors(tmp_path):
    (tmp_path / "bad.yaml").write_text("name: bad\narchitecture: {name: x}\nexpect: {include: [quantisation-int8]}\n")
    result = run_cli("eval", "--cases", tmp_path)
    assert result.code == 2 and "bad.yaml:3" in result.stderr and "did you mean 'quantization-int8'" in result.stderr
    assert run_cli("eval", "--cases", tmp_path / "nope").code == 2
    assert run_cli("eval", "--cases", example("doc-analyzer.yaml")).code == 2


def test_bundled_cases_cover_the_contract(kb):
    cases = load_cases(CASES, kb)
    assert len(cases) >= 40
    kinds = {w.kind for c in cases for w in c.loaded.architecture.workloads}
    assert kinds == {"llm-inference", "llm-api", "embedding", "training", "fine-tuning", "batch-inference", "classic-ml"}
    providers = {c.loaded.architecture.cloud.provider for c in cases}
    assert providers == {"aws", "gcp", "azure", "on-prem"}
    for c in cases:
        expected = set(c.expect.include) | set(c.expect.exclude) | set(c.expect.flag_accuracy_risk)
        assert expected <= set(c.case.reasons), (c.name, expected - set(c.case.reasons))
        assert c.name == c.path.stem


def test_offline_engine_score_stays_above_its_recorded_floor():
    """The gate CI runs: the floor is set from the engine's honest score (README: Evaluation)."""
    result = run_cli("eval", "--min-score", "0.97", "--format", "json")
    assert result.code == 0, result.stderr + result.stdout[-2000:]


# --- Every row meets the hard rules (guardrails.check), whatever the case lists ---------------

def replay(tmp_path, case_path: Path, report: dict, *args: str):
    """Score `report` as a saved report of the case at `case_path`, through the CLI."""
    saved = tmp_path / "replayed"
    saved.mkdir(exist_ok=True)
    name = yaml.safe_load(case_path.read_text())["name"]
    (saved / f"{name}.json").write_text(json.dumps(report))  # json writes NaN as NaN, like a careless tool
    return run_cli("eval", "--cases", case_path.parent, "--reports", saved, "--format", "json", *args)


def by_name(result):
    return {s["name"]: s for s in result.json()["cases"][0]["scores"]}


@pytest.fixture
def api_case(tmp_path, kb):
    """An llm-api case whose expert list says nothing about GPU actions: the hard rules still do."""
    cases = tmp_path / "cases"
    cases.mkdir()
    path = write_case(cases, "api", "claude-assistant-api.yaml", {"include": ["carbon-monitoring"], "clouds": ["aws"]})
    case = load_case(path, kb)
    engine = EngineView(case, kb)
    return path, build_report(case.loaded, engine.analysis.advice, kb).model_dump(mode="json")


def test_rows_breaking_the_hard_rules_lose_points_though_the_case_does_not_exclude_them(tmp_path, api_case):
    path, report = api_case
    assert replay(tmp_path, path, report).json()["cases"][0]["score"] == 1.0
    for tid in ("gpu-sharing", "speculative-decoding", "autoscaling"):
        report["recommendations"].append({**report["recommendations"][0], "technique_id": tid})
    result = replay(tmp_path, path, report)
    scores = by_name(result)
    assert scores["rules"]["value"] < 1 and result.json()["cases"][0]["score"] < 0.95
    assert "gpu-sharing on assistant" in scores["rules"]["explanation"]
    assert "does not apply to llm-api" in scores["rules"]["explanation"]
    assert "speculative-decoding on assistant" in scores["figures"]["explanation"]  # a saving the calculator rules out


def test_unknown_techniques_workloads_and_unverifiable_figures_lose_points(tmp_path, api_case):
    path, report = api_case
    first = report["recommendations"][0]
    report["recommendations"] += [
        {**first, "technique_id": "teleportation"},
        {**first, "technique_id": "response-caching", "workload": "ghost-workload"},
        {**first, "technique_id": "semantic-caching", "workload": "ghost-workload", "saving_kwh_month": 1e6},
    ]
    n = len(report["recommendations"])
    scores = by_name(replay(tmp_path, path, report))
    rules = scores["rules"]["explanation"]
    assert scores["rules"]["value"] == pytest.approx(1 - 3 / n)
    assert f"row {n - 2} (unknown): teleportation" in rules and "'teleportation' is not a technique" in rules
    assert f"row {n - 1} (unknown): response-caching on ghost-workload" in rules and "no workload named 'ghost-workload'" in rules
    assert scores["figures"]["value"] < 1
    assert f"row {n}: semantic-caching on ghost-workload: no calculator figure to check saving_kwh_month=1000000.0" \
        in scores["figures"]["explanation"]


# --- The schema: strict types, finite numbers, the footprint's keys --------------------------

def _set(path: str, value):
    def change(report):
        *parents, last = path.split(".")
        target = report
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        if value is KeyError:
            del target[int(last) if last.isdigit() else last]
        else:
            target[int(last) if last.isdigit() else last] = value
    return change


@pytest.mark.parametrize("change, where", [
    (_set("recommendations.0.saving_kwh_month", float("nan")), "recommendations.0.saving_kwh_month: input should be a finite number"),
    (_set("recommendations.0.saving_kgco2e_month", float("inf")), "recommendations.0.saving_kgco2e_month: input should be a finite number"),
    (_set("recommendations.0.saving_kwh_month", True), "recommendations.0.saving_kwh_month: input should be a valid number"),
    (_set("recommendations.0.saving_kwh_month", "12"), "recommendations.0.saving_kwh_month: input should be a valid number"),
    (_set("recommendations.0.tools", [1, None, {"x": 1}]), "recommendations.0.tools.0: input should be a valid string"),
    (_set("recommendations.0.action", ""), "recommendations.0.action: string should have at least 1 character"),
    (_set("recommendations.0.impact", "   "), "recommendations.0.impact: string should have at least 1 character"),
    (_set("recommendations.0.warning", KeyError), "recommendations.0.warning: missing"),
    (_set("footprint.energy_kwh_month", KeyError), "footprint.energy_kwh_month: missing"),
    (_set("footprint.embodied_kgco2e_month", float("nan")), "footprint.embodied_kgco2e_month: input should be a finite number"),
    (_set("footprint.workloads.0.pue", KeyError), "footprint.workloads.0.pue: missing"),
    (_set("footprint.workloads.0.name", 3), "footprint.workloads.0.name: input should be a valid string"),
    (_set("footprint.workloads.0.sci", {}), "footprint.workloads.0.sci.per_request_gco2e: missing"),
])
def test_the_schema_refuses_what_the_contract_does_not_allow(tmp_path, api_case, change, where):
    path, report = api_case
    change(report)
    result = replay(tmp_path, path, report)
    schema = by_name(result)["schema"]
    assert schema["value"] == 0 and result.json()["cases"][0]["score"] == 0
    assert where in schema["explanation"], schema["explanation"]


def test_a_null_per_request_figure_is_in_the_contract(tmp_path, api_case):
    path, report = api_case
    report["footprint"]["workloads"][0]["sci"]["per_request_gco2e"] = None  # training has no requests
    assert by_name(replay(tmp_path, path, report))["schema"]["value"] == 1


# --- An unusable model -----------------------------------------------------------------------

def test_a_bad_model_or_a_missing_key_is_refused_before_any_work(seed_case):
    case, _, _ = seed_case
    analyze = run_cli("analyze", example("doc-analyzer.yaml"), "-m", "openai:gpt-4o")
    result = run_cli("eval", "--cases", case.path.parent, "-m", "offline", "-m", "openai:gpt-4o")
    assert result.code == analyze.code == 2
    assert result.stderr == analyze.stderr and "OPENAI_API_KEY" in result.stderr
    assert result.stdout == ""
    for command in (("eval", "--cases", case.path.parent), ("analyze", example("doc-analyzer.yaml"))):
        nope = run_cli(*command, "-m", "mock:nope")
        assert nope.code == 2 and "unknown mock; use one of mock:valid, mock:hostile, mock:broken" in nope.stderr
        assert nope.stdout == ""


def test_a_run_where_every_model_call_failed_is_a_runtime_failure(seed_case):
    case, _, _ = seed_case
    result = run_cli("eval", "--cases", case.path.parent, "-m", "mock:broken", "--format", "markdown")
    assert result.code == 1
    assert "provider-error" in result.stdout  # the scorecard is still shown
    assert "mock:broken: every case failed at the model (1 of 1)" in result.stderr
    assert run_cli("eval", "--cases", case.path.parent, "-m", "mock:valid").code == 0


# --- Case files, flags and the scorecard ----------------------------------------------------

def test_an_unknown_cloud_in_a_case_is_an_input_error(tmp_path):
    write_case(tmp_path, "c", "doc-analyzer.yaml", {"include": ["carbon-monitoring"], "clouds": ["aws", "gpc"]})
    result = run_cli("eval", "--cases", tmp_path)
    line = next(n for n, text in enumerate((tmp_path / "c.yaml").read_text().splitlines(), 1) if "- gpc" in text)
    assert result.code == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"greenadvisor: error: {tmp_path / 'c.yaml'}:{line}: expect.clouds: unknown cloud 'gpc'; did you mean 'gcp'?"]


def test_clouds_in_a_case_are_read_in_any_case_as_in_an_architecture(tmp_path):
    scores = {}
    for clouds in (["aws"], ["AWS"], ["Aws ", "ON-PREM"]):
        folder = tmp_path / "-".join(c.strip() for c in clouds)
        folder.mkdir()
        write_case(folder, "c", "doc-analyzer.yaml", {"include": ["carbon-monitoring"], "clouds": clouds})
        result = run_cli("eval", "--cases", folder, "--format", "json")
        assert result.code == 0, result.stderr
        scores[folder.name] = result.json()["cases"][0]["score"]
    assert scores["aws"] == scores["AWS"]
    write_case(tmp_path, "typo", "doc-analyzer.yaml", {"include": ["carbon-monitoring"], "clouds": ["GPC"]})
    assert "expect.clouds: unknown cloud 'gpc'; did you mean 'gcp'?" in run_cli("eval", "--cases", tmp_path).stderr


def test_architecture_errors_in_a_case_name_the_field_from_the_top_of_the_file(tmp_path):
    path = write_case(tmp_path, "c", "doc-analyzer.yaml", {"include": ["carbon-monitoring"]})
    path.write_text(path.read_text().replace("kind: llm-inference", "kind: llm-inferenc"))
    result = run_cli("eval", "--cases", tmp_path)
    assert result.code == 2 and ": architecture.workloads.0.kind: " in result.stderr


def test_case_files_are_found_whatever_the_case_of_their_extension(tmp_path):
    write_case(tmp_path, "a", "doc-analyzer.yaml", {"include": ["carbon-monitoring"]}).rename(tmp_path / "A.YAML")
    write_case(tmp_path, "b", "doc-analyzer.yaml", {"include": ["carbon-monitoring"]}).rename(tmp_path / "b.Yml")
    result = run_cli("eval", "--cases", tmp_path, "--format", "json")
    assert result.code == 0 and [c["case"] for c in result.json()["cases"]] == ["a", "b"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no eval case (*.yaml or *.yml) in this folder" in run_cli("eval", "--cases", empty).stderr


def test_save_reports_onto_a_file_is_an_input_error(seed_case, tmp_path):
    case, _, _ = seed_case
    target = tmp_path / "a-file"
    target.write_text("x")
    result = run_cli("eval", "--cases", case.path.parent, "--save-reports", target)
    assert result.code == 2 and "is not a folder" in result.stderr and "internal error" not in result.stderr


def test_reports_refuse_a_model_and_point_to_model_subfolders(seed_case, tmp_path):
    case, _, _ = seed_case
    saved = tmp_path / "runs"
    assert run_cli("eval", "--cases", case.path.parent, "-m", "offline", "-m", "mock:valid", "--save-reports", saved).code == 0
    parent = run_cli("eval", "--cases", case.path.parent, "--reports", saved)
    assert parent.code == 2 and "mock_valid/, offline/" in parent.stderr
    with_model = run_cli("eval", "--cases", case.path.parent, "--reports", saved / "offline", "-m", "mock:valid")
    assert with_model.code == 2 and "--model does not apply with --reports" in with_model.stderr
    assert run_cli("eval", "--cases", case.path.parent, "--reports", saved / "offline").code == 0


def test_the_gate_compares_the_score_it_shows(seed_case, tmp_path):
    case, _, report = seed_case
    saved = tmp_path / "saved"
    saved.mkdir()
    report["recommendations"] = [r for r in report["recommendations"] if r["technique_id"] != "continuous-batching"]
    (saved / "seed.json").write_text(json.dumps(report))
    args = ("eval", "--cases", case.path.parent, "--reports", saved, "--format", "markdown")
    exact = run_cli(*args, "--format", "json").json()["models"]
    overall = next(iter(exact.values()))["overall"]
    shown = f"{overall:.3f}"
    assert round(overall, 2) != float(shown)  # a score two decimals would misstate
    at_floor = run_cli(*args, "--min-score", shown)
    assert at_floor.code == 0 and f"**{shown}**" in at_floor.stdout
    above = f"{float(shown) + 0.001:.3f}"
    below = run_cli(*args, "--min-score", above)
    assert below.code == 1 and f"overall score {shown} " in below.stderr and f"**{shown}**" in below.stdout
