"""Faulty servers through the real SDKs and the CLI: implausible usage, unreadable 200s, cut or
filtered answers, long Retry-After, the fallback's report, row limits, and fleet error lines."""

from __future__ import annotations

import json
import time

import pytest

from conftest import example, run_cli
from wire import Reply, WireServer, anthropic_tool_reply, error_reply, openai_reply, openai_stream

ROW = {"technique_id": "continuous-batching", "workload": "document-analysis", "action": "Batch requests",
       "impact": "", "difficulty": "low", "tools": ["vLLM"], "accuracy_risk": "none", "warning": None}
GOOD = {"summary": "ok", "recommendations": [ROW]}


pytestmark = pytest.mark.usefixtures("no_backoff")  # retries wait no time; what they ask is recorded


@pytest.fixture
def server():
    with WireServer() as s:
        yield s


def run(server, *extra, fmt="json", model="openai:test-model"):
    base = f"{server.url}/v1" if model.startswith("openai") else server.url
    return run_cli("analyze", example("doc-analyzer.yaml"), "--model", model, "--base-url", base,
                   "--format", fmt, "--timeout", "5", "--no-cache", *extra)


def good(**usage) -> Reply:
    return openai_reply(json.dumps(GOOD), **usage)


def _with(reply: Reply, **fields) -> Reply:
    reply.body = {**reply.body, **fields}
    return reply


def _finished(reason: str, content: str) -> Reply:
    return _with(openai_reply(content), choices=[{"index": 0, "message": {"role": "assistant", "content": content},
                                                  "finish_reason": reason}])


# 1. Server-reported usage is checked against a local count

@pytest.mark.parametrize("prompt_tokens", [-5000, 10**30, 10**12, 1200.5], ids=["negative", "overflow", "huge", "fraction"])
def test_implausible_usage_is_replaced_by_a_local_count(server, prompt_tokens):
    server.responder = lambda body: good(prompt_tokens=prompt_tokens)
    for extra in ((), ("--fallback", "offline")):
        result = run(server, *extra)
        assert result.code == 0, result.stderr
        report = result.json()
        assert report["model"] == "openai:test-model"  # the valid answer is kept
        spent = report["advisor_footprint"]
        assert 500 < spent["input_tokens"] < 10_000 and spent["output_tokens"] == 300
        assert 0 < spent["energy_wh"]["value"] < 100
        assert any("implausible token usage" in w for w in report["warnings"])
    logged = [json.loads(line) for line in run_cli("logs", "--json").stdout.splitlines()]
    assert len(logged) == 2 and all(500 < row["input_tokens"] < 10_000 for row in logged)


def test_plausible_usage_is_kept(server):
    server.script(good(prompt_tokens=2500, completion_tokens=280))
    report = run(server).json()
    assert (report["advisor_footprint"]["input_tokens"], report["advisor_footprint"]["output_tokens"]) == (2500, 280)
    assert not any("implausible" in w for w in report["warnings"])


def test_the_log_never_breaks_an_analysis():
    from advisor.logstore import record, recent

    record(started=time.time(), command="analyze", model="x", outcome="ok", input_tokens=10**30)
    record(started=time.time(), command="analyze", model="x", outcome="ok", input_tokens=12)
    assert [r["input_tokens"] for r in recent()] == [12]


# 2. A 200 that does not parse: unreadable bodies are retried, cut or filtered answers repaired

UNREADABLE = {
    "html": lambda: Reply(body="<html><body>Bad gateway</body></html>", content_type="text/html"),
    "not-json": lambda: Reply(body="{not json"),
    "sse-to-a-plain-request": lambda: openai_stream("a", "b"),
    "empty-choices": lambda: _with(good(), choices=[]),
    "null-choices": lambda: _with(good(), choices=None),
}


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_an_unreadable_200_is_retried_then_reported_in_one_line(server, name):
    server.script(UNREADABLE[name](), good())
    result = run(server)
    assert result.code == 0 and result.stderr == "", result.stderr
    first, second = server.posts()
    assert first["body"]["messages"] == second["body"]["messages"]  # nothing pasted into the prompt
    server.responder = lambda body: UNREADABLE[name]()
    failed = run(server)
    assert failed.code == 1
    (line,) = failed.stderr.splitlines()
    assert "the server returned an unreadable response: " in line and "(after 4 tries)" in line


@pytest.mark.parametrize("reason, message, feedback", [
    ("length", "the answer was cut at the token limit", "cut at the token limit"),
    ("content_filter", "the provider's content filter stopped the answer", "content filter"),
])
def test_cut_or_filtered_answers_are_repaired_with_feedback(server, reason, message, feedback):
    server.script(_finished(reason, '{"summary": "x", "recommendations": [{"techn'), good())
    result = run(server)
    assert result.code == 0 and result.stderr == "", result.stderr
    repair = server.posts()[1]["body"]["messages"][-1]
    assert repair["role"] == "user" and feedback in repair["content"]  # the re-ask says why
    server.responder = lambda body: _finished(reason, "")
    failed = run(server)
    assert failed.code == 1
    assert failed.stderr.splitlines() == [f"greenadvisor: error: {message} (after 3 attempts)"]


def test_anthropic_tool_input_as_a_string_is_retried_without_warnings(server):
    """In a subprocess: pytest captures warnings itself, so only a real stderr shows the spam."""
    import os
    import subprocess
    import sys

    broken = anthropic_tool_reply(GOOD)
    broken.body["content"][0]["input"] = json.dumps(GOOD)
    server.script(broken, anthropic_tool_reply(GOOD))
    result = subprocess.run(
        [sys.executable, "-c", "from advisor.cli.app import main; main()", "analyze", str(example("doc-analyzer.yaml")),
         "--model", "anthropic:claude-test", "--base-url", server.url, "--format", "json", "--timeout", "5", "--no-cache"],
        capture_output=True, text=True, timeout=120, env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and len(server.posts()) == 2


# 3. The fallback says so on stderr, at the top of every format, and keeps what was spent

def test_fallback_is_reported_at_the_top_and_on_stderr(server):
    server.responder = lambda body: error_reply(503, "overloaded")
    for fmt, head in (("table", 3), ("markdown", 8), ("html", 40)):
        result = run(server, "--fallback", "offline", fmt=fmt)
        assert result.code == 0
        (line,) = result.stderr.splitlines()
        assert "openai:test-model failed" in line and "the offline engine answered" in line
        top = "\n".join(result.stdout.splitlines()[:head])
        assert "openai:test-model failed (" in top, (fmt, top)
    report = run(server, "--fallback", "offline").json()
    assert report["model"] == "offline" and "HTTP 503" in report["model_failed"]
    assert report["advisor_footprint"]["calls"] == 4


def test_fallback_keeps_the_tokens_of_the_failed_calls(server):
    server.responder = lambda body: openai_reply("I'm sorry, I can't.", prompt_tokens=1500, completion_tokens=20)
    report = run(server, "--fallback", "offline").json()
    spent = report["advisor_footprint"]
    assert (spent["calls"], spent["input_tokens"], spent["output_tokens"]) == (3, 4500, 60)
    assert spent["energy_wh"]["value"] > 0
    (row,) = [json.loads(line) for line in run_cli("logs", "--json").stdout.splitlines()]
    assert row["outcome"] == "failed" and row["input_tokens"] == 4500 and row["energy_wh"] > 0


# 4. A Retry-After beyond the cap fails at once

def test_a_long_retry_after_fails_at_once_or_falls_back(server):
    server.responder = lambda body: error_reply(429, "slow down", retry_after="3600")
    started = time.monotonic()
    result = run_cli("analyze", example("doc-analyzer.yaml"), "--model", "openai:test-model", "--base-url",
                     f"{server.url}/v1", "--timeout", "2", "--no-cache")
    assert time.monotonic() - started < 10 and len(server.posts()) == 1
    assert result.code == 1
    assert result.stderr.splitlines() == ["greenadvisor: error: rate-limited: the server asks to retry after 1 h"]
    rescued = run(server, "--fallback", "offline")
    assert rescued.code == 0 and "retry after 1 h" in rescued.json()["model_failed"]


# 5. Row limits: extra rows are cut, none means "no model advice"

def test_too_many_rows_are_cut_with_a_note(server):
    from advisor.llm.answer import MAX_RECOMMENDATIONS, json_schema

    assert json_schema()["properties"]["recommendations"]["maxItems"] == MAX_RECOMMENDATIONS
    server.script(openai_reply(json.dumps({"summary": "many", "recommendations": [ROW] * 500})))
    result = run(server)
    assert result.code == 0, result.stderr
    assert len(server.posts()) == 1
    assert any(f"gave 500 recommendations; the first {MAX_RECOMMENDATIONS} are kept" in n for n in result.json()["guardrails"])


def test_no_rows_means_the_engines_rows_with_a_note(server):
    offline = run_cli("analyze", example("doc-analyzer.yaml"), "--format", "json").json()
    server.script(openai_reply(json.dumps({"summary": "nothing to add", "recommendations": []})))
    result = run(server)
    assert result.code == 0, result.stderr
    assert len(server.posts()) == 1  # no paid re-ask
    report = result.json()
    assert [r["technique_id"] for r in report["recommendations"]] == [r["technique_id"] for r in offline["recommendations"]]
    assert any("proposed no action" in n for n in report["guardrails"])


# 7. Fleet error lines name their file

def test_fleet_failure_lines_name_their_file(tmp_path, server):
    fleet = tmp_path / "fleet"
    fleet.mkdir()
    for name in ("a-ok", "b-fail", "c-fail"):
        text = example("doc-analyzer.yaml").read_text()
        (fleet / f"{name}.yaml").write_text(text.replace("name: ", f"name: {name}-", 1))
    server.responder = lambda body: error_reply(500, "down") if "-fail-" in json.dumps(body) else good()
    result = run_cli("analyze", fleet, "--model", "openai:test-model", "--base-url", f"{server.url}/v1",
                     "--format", "json", "--timeout", "5", "-j", "3", "--no-cache")
    assert result.code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("greenadvisor: error:")]
    assert sorted(e.split(": ")[2] for e in errors) == [str(fleet / "b-fail.yaml"), str(fleet / "c-fail.yaml")]
    assert all("HTTP 500" in e and "(after 4 tries)" in e for e in errors)
