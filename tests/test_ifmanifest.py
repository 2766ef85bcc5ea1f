"""`--format if-manifest`: an Impact Framework manifest that the real IF CLI recomputes.

The round trip installs @grnsft/if (pinned) from the npm registry into a cache, runs
`if-run` on the manifest of every example, and checks that IF's SCI and carbon agree with
greenadvisor's report within 1 %. Skipped without npm, except in CI, which must run it.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.render.ifmanifest import IF_PACKAGE, IF_VERSION, MONTH_S, build_manifest, to_if_manifest
from advisor.report import Report
from conftest import ALL_EXAMPLES, ROOT, example, run_cli

IN_CI = bool(os.environ.get("CI"))
BUILTINS = {"Multiply", "Sum", "Sci", "Divide", "Coefficient", "Copy", "SciEmbodied", "Subtract", "Exponent"}
MEASURED = ("doc-analyzer.yaml", ROOT / "tests" / "fixtures" / "codecarbon" / "gpu-8xa100.csv")
CASES = [(p, None) for p in ALL_EXAMPLES] + [(example(MEASURED[0]), MEASURED[1])]
CASE_IDS = [f"{p.parent.parent.name}/{p.stem}" for p in ALL_EXAMPLES] + ["measured/doc-analyzer"]


@functools.lru_cache(maxsize=None)
def report_of(path: Path, metrics: Path | None = None) -> Report:
    """The JSON report as a user gets it (cached: several tests read the same example's)."""
    args = ["analyze", path, "--format", "json"] + (["--metrics", metrics] if metrics else [])
    run = run_cli(*args)
    assert run.code == 0, run.stderr
    return Report.model_validate_json(run.stdout)


# -- the manifest itself ------------------------------------------------------------------

def evaluate(manifest: dict) -> dict[str, dict]:
    """IF 1.x's semantics for the built-ins we use, in Python: defaults merged into each
    observation, then the child's compute pipeline in order. Lets the structure be checked
    without node; the round trip below checks the same against the real if-run."""
    plugins = manifest["initialize"]["plugins"]
    results = {}
    for name, child in manifest["tree"]["children"].items():
        (row,) = [{**child.get("defaults", {}), **obs} for obs in child["inputs"]]
        for step in child["pipeline"]["compute"]:
            p = plugins[step]
            c = p["config"]
            if p["method"] == "Multiply":
                value = 1.0
                for k in c["input-parameters"]:
                    value *= row[k]
                row[c["output-parameter"]] = value
            elif p["method"] == "Sum":
                row[c["output-parameter"]] = sum(row[k] for k in c["input-parameters"])
            elif p["method"] == "Sci":
                row["sci"] = row["carbon"] / row[c["functional-unit"]]
            elif p["method"] == "Divide":
                row[c["output"]] = row[c["numerator"]] / row[c["denominator"]]
            elif p["method"] == "Coefficient":
                row[c["output-parameter"]] = row[c["input-parameter"]] * c["coefficient"]
            else:
                raise AssertionError(f"unexpected plugin {p['method']}")
        results[name] = row
    return results


def assert_agrees(report: Report, outputs: dict[str, dict], rel: float) -> None:
    """Every SCI and carbon figure greenadvisor reports, against what the manifest computes."""
    assert set(outputs) == {w.name for w in report.footprint.workloads}
    for w in report.footprint.workloads:
        out = outputs[w.name]
        assert out["carbon"] == pytest.approx(w.emissions_kgco2e_month * 1000, rel=rel), w.name
        assert out["energy"] == pytest.approx(w.energy_kwh_month, rel=rel), w.name
        primary = w.sci.per_request_gco2e if w.sci.per_request_gco2e is not None else w.sci.per_hour_gco2e
        if primary is None:
            assert "sci" not in out
        else:
            assert out["sci"] == pytest.approx(primary, rel=rel), w.name
        if w.sci.per_request_gco2e is not None and w.sci.per_hour_gco2e is not None:
            assert out["sci-per-hour"] == pytest.approx(w.sci.per_hour_gco2e, rel=rel), w.name
        if w.sci.per_1k_tokens_gco2e is not None:
            assert out["sci-per-thousand-tokens"] == pytest.approx(w.sci.per_1k_tokens_gco2e, rel=rel), w.name
        else:
            assert "sci-per-thousand-tokens" not in out


@pytest.mark.parametrize(("path", "metrics"), CASES, ids=CASE_IDS)
def test_manifest_recomputes_the_report(path, metrics):
    report = report_of(path, metrics)
    manifest = yaml.safe_load(to_if_manifest(report))
    assert_agrees(report, evaluate(manifest), rel=1e-4)


def test_manifest_structure_follows_if():
    report = report_of(example("support-chatbot-azure.yaml"))
    start = datetime(2025, 3, 1, tzinfo=timezone.utc)
    text = to_if_manifest(report, month_start=start)
    assert f"{IF_PACKAGE} {IF_VERSION}" in text.splitlines()[1]
    manifest = yaml.safe_load(text)
    assert set(manifest) >= {"name", "description", "tags", "initialize", "tree"}
    assert manifest["name"] == report.system.name
    assert IF_VERSION in manifest["description"]
    for name, plugin in manifest["initialize"]["plugins"].items():
        assert plugin["path"] == "builtin" and plugin["method"] in BUILTINS, name
    children = manifest["tree"]["children"]
    assert list(children) == [w.name for w in report.footprint.workloads]
    for w in report.footprint.workloads:
        child = children[w.name]
        assert set(child["pipeline"]["compute"]) <= set(manifest["initialize"]["plugins"])
        (obs,) = child["inputs"]
        assert obs["timestamp"] == "2025-03-01T00:00:00Z"
        assert obs["duration"] == MONTH_S == 730 * 3600
        assert obs["energy"] == w.energy_kwh_month
        assert obs["carbon-embodied"] == pytest.approx(w.embodied_kgco2e_month * 1000)
        assert obs["requests"] == w.figures["requests_per_month"].value
        defaults = child["defaults"]
        assert defaults["grid/carbon-intensity"] == w.grid_intensity_gco2e_per_kwh
        assert defaults["workload/kind"] == w.kind
        for key in ("energy", "grid-carbon-intensity", "carbon-embodied", "functional-units"):
            assert defaults[f"provenance/{key}"], key
        for source in w.figures["grid_intensity_gco2e_per_kwh"].sources:
            assert source in defaults["provenance/grid-carbon-intensity"]
            assert f"#   {source}: " in text  # listed with its title and URL in the header


def test_workload_without_requests_uses_hours():
    report = report_of(example("nightly-training-gcp.yaml"))
    manifest = build_manifest(report)
    (w,) = report.footprint.workloads
    child = manifest["tree"]["children"][w.name]
    assert w.sci.per_request_gco2e is None and w.sci.per_hour_gco2e is not None
    assert "requests" not in child["inputs"][0]
    assert child["inputs"][0]["operating-hours"] == w.figures["hours_per_month"].value
    plugin = manifest["initialize"]["plugins"][child["pipeline"]["compute"][-1]]
    assert plugin["method"] == "Sci" and plugin["config"]["functional-unit"] == "operating-hours"


def test_measured_energy_says_so():
    report = report_of(example(MEASURED[0]), MEASURED[1])
    child = build_manifest(report)["tree"]["children"]["document-analysis"]
    assert child["defaults"]["provenance/energy"].startswith("measured: measured with CodeCarbon")


def test_timestamp_defaults_to_this_month():
    report = report_of(example("cpu-churn-model.yaml"))
    (child,) = build_manifest(report)["tree"]["children"].values()
    now = datetime.now(timezone.utc)
    assert child["inputs"][0]["timestamp"] == now.strftime("%Y-%m-01T00:00:00Z")


def test_hostile_names_stay_data(write_yaml):
    path = write_yaml(
        "name: \"evil\\n# injected: true\\ntree: {}\"\n"
        "cloud: {provider: aws, region: eu-west-1}\n"
        "workloads:\n"
        "  - name: \"a: b # c\"\n"
        "    kind: classic-ml\n"
        "    hardware: {accelerator: none, vcpus: 4, utilization: 0.5}\n"
        "    traffic: {requests_per_month: 1000}\n"
    )
    run = run_cli("analyze", path, "--format", "if-manifest")
    assert run.code == 0, run.stderr
    header = [line for line in run.stdout.splitlines() if not line.startswith("#")]
    manifest = yaml.safe_load("\n".join(header))
    assert "injected" not in manifest and list(manifest["tree"]) == ["children"]
    assert list(manifest["tree"]["children"]) == ["a: b # c"]


def test_cli_writes_manifests_for_a_fleet(tmp_path):
    out = tmp_path / "manifests"
    run = run_cli("analyze", ROOT / "examples", "--format", "if-manifest", "-o", out)
    assert run.code == 0, run.stderr
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(f"{p.stem}.yaml" for p in (ROOT / "examples").glob("*.yaml"))
    for path in out.iterdir():
        assert yaml.safe_load(path.read_text())["tree"]["children"]


def test_help_names_the_format():
    run = run_cli("analyze", "--help")
    assert "if-manifest" in run.stdout


KINDS = ["llm-inference", "embedding", "training", "fine-tuning", "batch-inference", "classic-ml"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(KINDS),
    accelerator=st.sampled_from(["nvidia-a100-40gb", "nvidia-l4", "nvidia-t4", "google-tpu-v5e", "none"]),
    count=st.integers(1, 64),
    utilization=st.floats(0, 1),
    hours=st.floats(0, 744),
    requests=st.one_of(st.none(), st.floats(0, 1e9)),
    tokens=st.one_of(st.none(), st.floats(0, 1e5)),
    grid=st.one_of(st.none(), st.floats(0, 2000)),
)
def test_any_architecture_round_trips_through_the_manifest(kb, kind, accelerator, count, utilization, hours, requests, tokens, grid):
    """Whatever the file, the manifest's pipeline gives back the report's figures."""
    from advisor.analysis import analyze_loaded
    from advisor.loader import validate_document
    from advisor.yamlfile import parse_yaml

    hardware = {"accelerator": accelerator, "utilization": utilization, "hours_per_month": hours}
    hardware.update({"vcpus": count} if accelerator == "none" else {"count": count})
    workload = {"name": "w", "kind": kind, "hardware": hardware}
    if requests is not None:
        workload["traffic"] = {"requests_per_month": requests, **({"output_tokens": tokens} if tokens is not None else {})}
    cloud = {"provider": "gcp", "region": "europe-west1"}
    if grid is not None:
        cloud["grid_intensity_gco2e_per_kwh"] = grid
    data = {"name": "p", "cloud": cloud, "workloads": [workload]}
    loaded = validate_document(parse_yaml(yaml.safe_dump(data), Path("p.yaml")), kb)
    report = analyze_loaded(loaded, kb)
    manifest = yaml.safe_load(to_if_manifest(report))
    outputs = evaluate(manifest)
    assert_agrees(report, outputs, rel=1e-4)


# -- the round trip through the real Impact Framework -----------------------------------------

def _if_prefix() -> Path:
    given_prefix = os.environ.get("GREENADVISOR_IF_PREFIX")
    return Path(given_prefix) if given_prefix else Path.home() / ".cache" / "greenadvisor" / f"if-{IF_VERSION}"


def _installed_version(prefix: Path) -> str | None:
    try:
        return json.loads((prefix / "node_modules" / "@grnsft" / "if" / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def _unavailable(message: str):
    if IN_CI:
        pytest.fail(f"{message} (CI must run the Impact Framework round trip)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def if_run() -> tuple[Path, Path]:
    """(if-run, the folder to run it from): @grnsft/if at IF_VERSION, installed once into a cache."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        _unavailable("node/npm are not installed")
    prefix = _if_prefix()
    if _installed_version(prefix) != IF_VERSION:
        # Install next to the cache, then move it in: an interrupted install never looks complete.
        staging = prefix.with_name(f"{prefix.name}.partial-{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        done = subprocess.run(
            [npm, "install", "--prefix", str(staging), "--no-audit", "--no-fund", f"{IF_PACKAGE}@{IF_VERSION}"],
            capture_output=True, text=True, timeout=600,
        )
        if done.returncode != 0:
            shutil.rmtree(staging, ignore_errors=True)
            _unavailable(f"npm install {IF_PACKAGE}@{IF_VERSION} failed: {done.stderr.strip()[-500:]}")
        shutil.rmtree(prefix, ignore_errors=True)
        try:
            staging.rename(prefix)
        except OSError:  # another session installed it meanwhile
            shutil.rmtree(staging, ignore_errors=True)
    assert _installed_version(prefix) == IF_VERSION
    return prefix / "node_modules" / ".bin" / "if-run", prefix


@pytest.fixture(scope="session")
def if_outputs(if_run, tmp_path_factory) -> dict[str, tuple[Report, dict]]:
    """Every case's report and what if-run made of its manifest, run in parallel (≈0.6 s each)."""
    binary, cwd = if_run
    folder = tmp_path_factory.mktemp("if")

    def run(manifest: Path, output: Path) -> dict:
        done = subprocess.run([str(binary), "--manifest", str(manifest), "--output", str(output)],
                              cwd=cwd, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        return yaml.safe_load(output.read_text(encoding="utf-8"))

    # Reports in this thread (the CLI runner redirects stdout); each if-run starts as soon as its manifest is written.
    reports, pending = {}, {}
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for index, (path, metrics) in enumerate(CASES):
            reports[index] = report_of(path, metrics)
            manifest = folder / f"case{index}-manifest.yaml"
            manifest.write_text(to_if_manifest(reports[index]), encoding="utf-8")
            # if-run replaces the output's extension with .yaml: give it one, or a dotted folder name gets cut
            pending[index] = pool.submit(run, manifest, folder / f"case{index}-computed.yaml")
        computed = {index: future.result() for index, future in pending.items()}
    return {CASE_IDS[i]: (reports[i], computed[i]) for i in reports}


@pytest.mark.parametrize("case", CASE_IDS)
def test_impact_framework_agrees_within_one_percent(if_outputs, case):
    report, computed = if_outputs[case]
    execution = computed["execution"]
    assert execution["status"] == "success", execution.get("error")
    assert execution["environment"]["if-version"] == IF_VERSION
    children = computed["tree"]["children"]
    outputs = {}
    for name, child in children.items():
        (row,) = child["outputs"]
        outputs[name] = row
    assert_agrees(report, outputs, rel=0.01)
    total = computed["tree"]["aggregated"]
    assert total["carbon"] == pytest.approx(report.footprint.emissions_kgco2e_month * 1000, rel=0.01)
    assert total["energy"] == pytest.approx(report.footprint.energy_kwh_month, rel=0.01)
    assert total["carbon-embodied"] == pytest.approx(report.footprint.embodied_kgco2e_month * 1000, rel=0.01)
    assert set(computed["explain"]) == set(computed["initialize"]["plugins"])  # every parameter documented


def test_impact_framework_rejects_a_broken_manifest(if_run, tmp_path):
    """The round trip can fail: IF itself refuses a manifest whose observation lacks energy."""
    binary, cwd = if_run
    manifest = yaml.safe_load(to_if_manifest(report_of(example("cpu-churn-model.yaml"))))
    for child in manifest["tree"]["children"].values():
        del child["inputs"][0]["energy"]
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(manifest), encoding="utf-8")
    subprocess.run([str(binary), "--manifest", str(path), "--output", str(tmp_path / "out.yaml")],
                   cwd=cwd, capture_output=True, text=True, timeout=120)
    computed = yaml.safe_load((tmp_path / "out.yaml").read_text(encoding="utf-8"))
    assert computed["execution"]["status"] == "fail"
    assert "energy" in computed["execution"]["error"]



# -- what the grid intensity is ---------------------------------------------------------------
def _watttime_profile(path: Path) -> Path:
    """A day of WattTime MOER (lbs CO2/MWh): a marginal rate, not the grid's average."""
    lines = ["point_time,value"] + [f"2024-03-04T{h:02d}:00:00+00:00,{900 + 10 * h}" for h in range(24)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _intensity_description(manifest: dict) -> str:
    return manifest["initialize"]["plugins"]["operational-carbon"]["parameter-metadata"]["inputs"]["grid/carbon-intensity"]["description"]


def test_a_marginal_profile_is_not_labelled_location_based(tmp_path):
    run = run_cli("analyze", example("nightly-training-gcp.yaml"), "--grid-profile", _watttime_profile(tmp_path / "moer.csv"),
                  "--format", "if-manifest")
    assert run.code == 0, run.stderr
    manifest = yaml.safe_load(run.stdout)
    description = _intensity_description(manifest)
    assert "marginal" in description and "MOER" in description and not description.startswith("location-based")
    (child,) = manifest["tree"]["children"].values()
    assert "marginal" in child["defaults"]["grid/carbon-intensity-basis"]


def test_each_kind_of_intensity_is_named_for_what_it_is(tmp_path, write_yaml):
    bundled = yaml.safe_load(to_if_manifest(report_of(example("nightly-training-gcp.yaml"))))
    assert _intensity_description(bundled).startswith("location-based") and "yearly average" in _intensity_description(bundled)
    own = write_yaml(example("onprem-vision.yaml").read_text(encoding="utf-8").replace("  pue: 1.7", "  pue: 1.7\n  grid_intensity_gco2e_per_kwh: 120"))
    mine = yaml.safe_load(run_cli("analyze", own, "--format", "if-manifest").stdout)
    assert "cloud.grid_intensity_gco2e_per_kwh" in _intensity_description(mine)
    assert "location-based" not in _intensity_description(mine)
    profiled = yaml.safe_load(run_cli("analyze", example("nightly-training-gcp.yaml"), "--grid-profile",
                                      example("grid-profile-asia-east1.csv"), "--format", "if-manifest").stdout)
    assert "mean of an hourly grid profile" in _intensity_description(profiled)


def test_mixed_kinds_name_each_component(tmp_path, write_yaml):
    text = example("nightly-training-gcp.yaml").read_text(encoding="utf-8").replace("objective:", """  - name: assistant
    kind: llm-api
    model: {name: claude-sonnet-4-5, provider: anthropic}
    traffic: {requests_per_month: 1000, input_tokens: 500, output_tokens: 200}
objective:""")
    arch = write_yaml(text)
    run = run_cli("analyze", arch, "--grid-profile", _watttime_profile(tmp_path / "moer.csv"), "--format", "if-manifest")
    assert run.code == 0, run.stderr
    manifest = yaml.safe_load(run.stdout)
    description = _intensity_description(manifest)
    assert "nightly-retraining: marginal emission rate" in description
    assert "assistant: location-based grid carbon intensity" in description
    children = manifest["tree"]["children"]
    assert "marginal" in children["nightly-retraining"]["defaults"]["grid/carbon-intensity-basis"]
    assert children["assistant"]["defaults"]["grid/carbon-intensity-basis"].startswith("location-based")
