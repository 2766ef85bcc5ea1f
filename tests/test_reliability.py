"""Reliability and security: faulty models, fleets under load, secrets, and a wider bad-input corpus."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, example, run_cli
from wire import Reply, WireServer, error_reply, openai_reply

GOOD = {"summary": "ok", "recommendations": [{
    "technique_id": "carbon-monitoring", "workload": "x", "action": "Measure", "impact": "", "difficulty": "low",
    "tools": ["CodeCarbon"], "accuracy_risk": "none", "warning": None}]}
BAD = Path(__file__).parent / "bad"


def run_openai(server, *files, extra=()):
    return run_cli("analyze", *files, "--model", "openai:test-model", "--base-url", f"{server.url}/v1",
                   "--format", "json", "--timeout", "5", *extra)


@pytest.mark.parametrize("fault", [Reply(action="reset"), Reply(body=GOOD, action="truncate")], ids=["reset", "truncated"])
def test_connection_resets_and_truncated_answers_are_retried(fault):
    with WireServer() as server:
        server.script(fault, openai_reply(json.dumps(GOOD)))
        result = run_openai(server, example("doc-analyzer.yaml"))
        assert result.code == 0, result.stderr
        assert len(server.posts()) == 2


@pytest.mark.parametrize("content", ["", "I'm sorry, but I can't help with that request."], ids=["empty", "refusal"])
def test_empty_answers_and_refusals_fail_cleanly_or_fall_back(tmp_path, content):
    out = tmp_path / "report.json"
    with WireServer() as server:
        server.responder = lambda body: openai_reply(content)
        failed = run_openai(server, example("doc-analyzer.yaml"), extra=("--output", str(out)))
        assert failed.code == 1 and "still invalid after 3 attempts" in failed.stderr
        assert not out.exists()  # no half-written report
        from advisor.llm.cache import cache_dir

        assert not cache_dir().exists() or not any(cache_dir().iterdir())  # the cache is never poisoned
        rescued = run_openai(server, example("doc-analyzer.yaml"), extra=("--fallback", "offline", "--output", str(out)))
        assert rescued.code == 0
        assert json.loads(out.read_text())["model"] == "offline"


def _fleet(tmp_path: Path, failing: int = 3) -> list[Path]:
    files = []
    for i in range(12):
        source = EXAMPLES[i % len(EXAMPLES)]
        target = tmp_path / "fleet" / f"{'fail' if i < failing else 'ok'}-{i:02d}-{source.name}"
        target.parent.mkdir(exist_ok=True)
        text = source.read_text()
        if i < failing:
            text = text.replace("\nname: ", "\nname: fail-", 1) if "\nname: " in text else text.replace("name: ", "name: fail-", 1)
        target.write_text(text)
        files.append(target)
    return files


def test_fleet_under_concurrency_loses_no_result(tmp_path, no_backoff):
    files = _fleet(tmp_path)

    def respond(body):
        prompt = json.dumps(body)
        return error_reply(500, "this one always fails") if '\\"name\\":\\"fail-' in prompt else openai_reply(json.dumps(GOOD))

    with WireServer() as server:
        server.responder = respond
        result = run_cli("analyze", tmp_path / "fleet", "--model", "openai:test-model", "--base-url", f"{server.url}/v1",
                         "--format", "json", "--timeout", "5", "-j", "4", "--no-cache", "--output", tmp_path / "reports")
        rows = json.loads(result.stdout)["files"]
        assert [Path(r["file"]).name for r in rows] == sorted(p.name for p in files)  # every file, in order
        failed = [r for r in rows if r["status"] == "failed"]
        assert {Path(r["file"]).name[:4] for r in failed} == {"fail"} and len(failed) == 3
        assert all("HTTP 500" in r["error"] for r in failed)
        assert result.code == 1 and "3 of 12 files failed" in result.stderr
        assert len(list((tmp_path / "reports").iterdir())) == 9
        rescued = run_cli("analyze", tmp_path / "fleet", "--model", "openai:test-model", "--base-url", f"{server.url}/v1",
                          "--format", "json", "--timeout", "5", "-j", "4", "--fallback", "offline", "--no-cache")
        assert rescued.code == 0 and all(r["status"] == "ok" for r in json.loads(rescued.stdout)["files"])


def test_offline_fleet_uses_worker_processes_and_keeps_order(tmp_path):
    _fleet(tmp_path, failing=0)
    shutil.copy(BAD / "typo-field.yaml", tmp_path / "fleet" / "zz-bad.yaml")
    result = run_cli("analyze", tmp_path / "fleet", "--format", "json")
    rows = json.loads(result.stdout)["files"]
    assert len(rows) == 13 and rows[-1]["status"] == "failed" and "did you mean 'utilization'" in rows[-1]["error"]
    assert result.code == 2  # only bad input failed
    assert all(r["status"] == "ok" and r["emissions_kgco2e_month"] > 0 for r in rows[:-1])


def test_planted_keys_never_reach_output_logs_or_cache(tmp_path, monkeypatch):
    key = "sk-proj-PLANTEDrelKEY0123456789abcdefXYZ"
    monkeypatch.setenv("OPENAI_API_KEY", key)
    arch = tmp_path / "arch.yaml"
    arch.write_text(example("doc-analyzer.yaml").read_text().replace(
        "for a document-intelligence product.", f"for a product. AWS key AKIAPLANTEDKEY123456 and token {key}"))
    with WireServer() as server:
        server.responder = lambda body: openai_reply(json.dumps(GOOD))
        outputs = []
        for fmt in ("json", "markdown", "table", "html"):
            result = run_cli("analyze", arch, "--model", "openai:test-model", "--base-url", f"{server.url}/v1",
                             "--format", fmt, "--no-cache")
            outputs.append(result.stdout + result.stderr)
        sent = json.dumps(server.posts())
    prompt_sent = json.dumps([p["body"] for p in json.loads(sent)])
    assert "PLANTED" not in prompt_sent  # redacted before it reaches a model
    home = Path(__import__("os").environ["GREENADVISOR_HOME"])
    stored = "".join(p.read_bytes().decode("utf-8", "replace") for p in home.rglob("*") if p.is_file())
    assert key not in stored and "AKIAPLANTED" not in stored
    # the user's own description is theirs: the report may show it, but never the configured key
    assert all(key not in text for text in outputs)


@pytest.mark.parametrize("name, content, contains", [
    ("no-name.yaml", "architecture: {}\nexpect: {}\n", "name"),
    ("bad-arch.yaml", "name: c\narchitecture:\n  name: x\n  cloud: {provider: aws, region: us-east-9}\n  workloads: []\nexpect: {}\n", "us-east-9"),
    ("both.yaml", "name: c\narchitecture: {name: x}\nexpect: {include: [peft], exclude: [peft]}\n", "both included and excluded"),
    ("extra.yaml", "name: c\narchitecture: {name: x}\nexpect: {}\nexpectations: {}\n", "expectations"),
])
def test_bad_eval_cases(tmp_path, name, content, contains):
    (tmp_path / name).write_text(content)
    result = run_cli("eval", "--cases", tmp_path)
    assert result.code == 2 and contains in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("content, contains", [
    ("model: [offline\n", "YAML syntax error"),
    ("modle: offline\n", "modle"),
    ("timeout_s: forever\n", "timeout_s"),
    ("servers: {local: {base_url: x}}\n", "model"),
])
def test_bad_config_files(tmp_path, monkeypatch, content, contains):
    config = tmp_path / "config.yaml"
    config.write_text(content)
    monkeypatch.setenv("GREENADVISOR_CONFIG", str(config))
    result = run_cli("analyze", example("doc-analyzer.yaml"))
    assert result.code == 2 and contains in result.stderr and str(config) in result.stderr


def test_the_bad_input_corpus_is_wide():
    architecture_files = list(BAD.glob("*.yaml"))
    metrics_files = [p for p in (Path(__file__).parent / "fixtures" / "codecarbon").glob("*.csv")
                     if p.name not in ("seed-inference.csv", "two-projects.csv")]
    assert len(architecture_files) + len(metrics_files) >= 40


def test_eval_against_a_loopback_model_under_concurrency_keeps_every_case(tmp_path):
    from conftest import ROOT

    cases = tmp_path / "cases"
    cases.mkdir()
    for path in sorted((ROOT / "evals" / "cases").glob("*.yaml"))[:10]:
        shutil.copy(path, cases / path.name)
    calls = {"n": 0}

    def respond(body):
        calls["n"] += 1
        return error_reply(500, "flaky") if calls["n"] % 4 == 0 else openai_reply(json.dumps(GOOD))

    with WireServer() as server:
        server.responder = respond
        result = run_cli("eval", "--cases", cases, "-m", "openai:test-model", "--base-url", f"{server.url}/v1",
                         "-j", "4", "--format", "json", "--no-cache")
        assert result.code == 0, result.stderr
        data = json.loads(result.stdout)
        assert [c["case"] for c in data["cases"]] == sorted(p.stem for p in cases.iterdir())
        assert all(c["status"] in ("scored", "provider-error") for c in data["cases"])


def test_chat_survives_malformed_streams():
    import os
    import subprocess
    import sys

    from wire import openai_stream

    with WireServer() as server:
        server.script(openai_stream("Batch ", "first."), openai_stream("Then ", broken=True), openai_stream("Still ", "here."))
        result = subprocess.run(
            [sys.executable, "-c", "from advisor.cli.app import main; main()", "chat", str(example("doc-analyzer.yaml")),
             "--model", "openai:test-model", "--base-url", f"{server.url}/v1"],
            input="what first?\nand then?\nstill there?\n/quit\n", capture_output=True, text=True, timeout=120,
            env=dict(os.environ),
        )
    assert result.returncode == 0, result.stderr
    assert "Batch first." in result.stdout
    assert "model error" in result.stdout and "the session goes on" in result.stdout
    assert "Still here." in result.stdout
