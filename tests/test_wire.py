"""The real OpenAI and Anthropic SDKs, through LangChain, against a loopback server of our own."""

from __future__ import annotations

import json

import pytest

from conftest import example, run_cli
from wire import Reply, WireServer, anthropic_tool_reply, error_reply, openai_reply

KEY = "sk-proj-PLANTEDwireKEY0123456789abcdef"
ANTHROPIC_KEY = "sk-ant-PLANTEDwireKEY0123456789abcdef"


def answer(*items) -> dict:
    recs = []
    for tid, risk, warning in items:
        recs.append({"technique_id": tid, "workload": "document-analysis", "action": f"Adopt {tid}",
                     "impact": "see figures", "difficulty": "medium", "tools": ["vLLM"],
                     "accuracy_risk": risk, "warning": warning})
    return {"summary": "Batch, then right-size.", "recommendations": recs}


GOOD = answer(("continuous-batching", "none", None), ("gpu-right-sizing", "none", None))


pytestmark = pytest.mark.usefixtures("no_backoff")  # retries wait no time; what they ask is recorded


@pytest.fixture
def server():
    with WireServer() as s:
        yield s


def openai_run(server, *extra):
    return run_cli("analyze", example("doc-analyzer.yaml"), "--model", "openai:test-model",
                   "--base-url", f"{server.url}/v1", "--format", "json", "--timeout", "5", *extra)


def test_valid_answer_through_the_openai_sdk(server, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    server.script(openai_reply(json.dumps(GOOD)))
    result = openai_run(server)
    assert result.code == 0, result.stderr
    report = result.json()
    assert [r["technique_id"] for r in report["recommendations"]] == ["continuous-batching", "gpu-right-sizing"]
    assert report["model_summary"] == "Batch, then right-size."
    assert report["advisor_footprint"]["input_tokens"] == 1200 and report["advisor_footprint"]["output_tokens"] == 300
    (post,) = server.posts()
    assert post["body"]["response_format"]["type"] == "json_schema"
    assert post["headers"].get("authorization") == f"Bearer {KEY}"  # the key goes to its provider, and only there
    assert "PLANTED" not in result.stdout + result.stderr
    assert "PLANTED" not in run_cli("logs", "--json").stdout


def test_malformed_json_is_repaired(server):
    server.script(openai_reply('{"summary": "oops", "recommendations": [{"technique_id": '), openai_reply(json.dumps(GOOD)))
    result = openai_run(server)
    assert result.code == 0, result.stderr
    first, second = server.posts()
    messages = second["body"]["messages"]
    assert messages[-2]["role"] == "assistant" and messages[-2]["content"].startswith('{"summary": "oops"')
    assert messages[-1]["role"] == "user" and "not valid" in messages[-1]["content"]
    assert result.json()["advisor_footprint"]["calls"] == 2


def test_schema_violation_is_repaired_with_the_exact_errors(server):
    bad = json.loads(json.dumps(GOOD))
    del bad["recommendations"][0]["workload"]
    server.script(openai_reply(json.dumps(bad)), openai_reply(json.dumps(GOOD)))
    assert openai_run(server).code == 0
    repair = server.posts()[1]["body"]["messages"][-1]["content"]
    assert "recommendations.0.workload: Field required" in repair


def test_hard_rule_violation_is_removed_not_repaired(server):
    server.script(openai_reply(json.dumps(answer(("carbon-aware-scheduling", "none", None), ("continuous-batching", "none", None)))))
    result = openai_run(server)
    report = result.json()
    assert [r["technique_id"] for r in report["recommendations"]] == ["continuous-batching"]
    assert any("carbon-aware-scheduling" in n and "not deferrable" in n for n in report["guardrails"])
    assert len(server.posts()) == 1


@pytest.mark.parametrize("failure", [error_reply(429, "rate limited", retry_after="0"), error_reply(500, "upstream exploded"),
                                     error_reply(503, "overloaded")])
def test_transport_errors_are_retried_and_not_pasted_into_the_prompt(server, failure):
    server.script(failure, openai_reply(json.dumps(GOOD)))
    result = openai_run(server)
    assert result.code == 0, result.stderr
    first, second = server.posts()
    assert first["body"]["messages"] == second["body"]["messages"]


def test_timeout_is_retried(server):
    server.script(Reply(body={}, delay=3.0), openai_reply(json.dumps(GOOD)))
    result = run_cli("analyze", example("doc-analyzer.yaml"), "--model", "openai:test-model",
                     "--base-url", f"{server.url}/v1", "--format", "json", "--timeout", "0.5")
    assert result.code == 0, result.stderr
    assert len(server.posts()) == 2


def test_persistent_failure_exits_1_or_falls_back(server, no_backoff):
    server.script(*[error_reply(500, "down") for _ in range(8)])
    result = openai_run(server)
    assert result.code == 1
    assert "HTTP 500" in result.stderr and "after 4 tries" in result.stderr and "Traceback" not in result.stderr
    # the real backoff is asked for (0.5, 1, 2 s, ±20 % jitter), though the test does not sleep it
    assert len(no_backoff) == 3 and all(0.8 * b <= w <= 1.2 * b for w, b in zip(no_backoff, (0.5, 1, 2)))
    server.script(*[error_reply(500, "down") for _ in range(8)])
    fallback = openai_run(server, "--fallback", "offline")
    assert fallback.code == 0 and fallback.json()["model"] == "offline"


def test_anthropic_messages_with_a_forced_tool(server, monkeypatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", ANTHROPIC_KEY)
    bad = json.loads(json.dumps(GOOD))
    del bad["recommendations"][1]["technique_id"]
    server.script(error_reply(529, "Overloaded", anthropic=True), anthropic_tool_reply(bad), anthropic_tool_reply(GOOD))
    result = run_cli("analyze", example("doc-analyzer.yaml"), "--model", "anthropic:claude-test",
                     "--base-url", server.url, "--format", "json", "--timeout", "5", "--lang", "fr")
    assert result.code == 0, result.stderr
    posts = server.posts()
    assert len(posts) == 3 and all(p["path"].endswith("/v1/messages") for p in posts)
    body = posts[1]["body"]
    assert body["tools"][0]["name"] == "record_recommendations"
    assert body["tool_choice"] == {"type": "tool", "name": "record_recommendations"}
    sent = posts[1]["headers"]
    assert ANTHROPIC_KEY in (sent.get("x-api-key"), sent.get("authorization", "").removeprefix("Bearer "))
    assert "recommendations.1.technique_id" in json.dumps(posts[2]["body"]["messages"][-1], ensure_ascii=False)
    report = result.json()
    assert report["lang"] == "fr" and [r["technique_id"] for r in report["recommendations"]] == ["continuous-batching", "gpu-right-sizing"]
    assert "PLANTED" not in result.stdout + result.stderr
