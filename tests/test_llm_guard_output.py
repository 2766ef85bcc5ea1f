"""What a model writes, as it reaches the user's screen, files and caches: no terminal escapes,
no echoed key, no link, and no plan wider than the table it sums up."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from conftest import example, run_cli
from wire import WireServer, error_reply, openai_reply

from advisor.llm.model_text import clean
from advisor.secrets import REDACTED, scrub

KEY = "sk-proj-ECHOkey0123456789abcdefghijklmnop"
BARE = KEY.removeprefix("sk-proj-")  # what a server quoting the key after its prefix shows


def rec(tid, **kw):
    base = {"technique_id": tid, "workload": "document-analysis", "action": f"do {tid}", "impact": "",
            "difficulty": "low", "tools": [], "accuracy_risk": "none", "warning": None}
    return base | kw


def analyze(server, *extra, fmt="json"):
    return run_cli("analyze", example("doc-analyzer.yaml"), "--model", "openai:test-model", "--base-url",
                   f"{server.url}/v1", "--format", fmt, "--timeout", "5", *extra)


def home_bytes() -> str:
    home = Path(os.environ["GREENADVISOR_HOME"])
    return "".join(p.read_bytes().decode("utf-8", "replace") for p in home.rglob("*") if p.is_file())


def test_partial_keys_are_scrubbed(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    assert BARE not in scrub(f"Incorrect API key provided: {BARE}.")
    assert BARE[5:25] not in scrub(f"key …{BARE[5:25]}… rejected")  # 20 characters from its middle
    assert scrub("a short run like ECHOkey01 stays") == "a short run like ECHOkey01 stays"  # under 12 characters
    monkeypatch.setenv("MY_VLLM_KEY", "local-server-secret-0123")  # a settings server's api_key_env
    assert scrub("server said local-server-secret-0123") == f"server said {REDACTED}"


def test_an_echoed_key_reaches_no_output_no_cache_no_log(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    answer = {"summary": f"Your key is {BARE}.", "recommendations": [
        rec("continuous-batching", action=f"Batch with key {BARE}", tools=[f"vLLM {BARE}"], warning=f"sent {KEY}"),
        rec("quantization-int8", accuracy_risk="medium", warning=f"auth {BARE[:16]}")]}
    with WireServer() as server:
        server.responder = lambda body: openai_reply(json.dumps(answer))
        outputs = [analyze(server, fmt=fmt) for fmt in ("json", "markdown", "table", "html")]
        server.responder = lambda body: error_reply(401, f"Incorrect API key provided: {BARE}")
        failed = analyze(server, "--no-cache")
    assert all(r.code == 0 for r in outputs), [r.stderr for r in outputs]
    assert failed.code == 1
    for text in [r.stdout + r.stderr for r in [*outputs, failed]] + [home_bytes()]:
        assert BARE[:12] not in text and BARE[-12:] not in text
    assert list((Path(os.environ["GREENADVISOR_HOME"]) / "cache" / "answers").glob("*.json"))  # the cache was written
    db = Path(os.environ["GREENADVISOR_HOME"]) / "logs.db"
    details = [row[0] for row in sqlite3.connect(db).execute("select detail from analyses")] if db.exists() else []
    assert not any(BARE[:12] in (d or "") for d in details)


HOSTILE_TEXT = "Batch\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b[31m [x](javascript:alert(3)) ![x](http://tracker.example/p.png)"


def test_terminal_escapes_and_links_from_a_model_are_inert():
    answer = {"summary": "Batch\x1b[2J first\x07.", "recommendations": [
        rec("continuous-batching", action=HOSTILE_TEXT, tools=["vLLM\x1b[31m"]),
        rec("quantization-int8", accuracy_risk="medium", warning="Check\x1b]8;;http://evil\x07 this\x9b31m")]}
    with WireServer() as server:
        server.responder = lambda body: openai_reply(json.dumps(answer))
        table, markdown, data = (analyze(server, fmt=fmt) for fmt in ("table", "markdown", "json"))
    for run in (table, markdown, data):
        assert run.code == 0, run.stderr
        assert not any(ch in run.stdout for ch in "\x1b\x07\x9b")
    assert "[x](javascript:" not in markdown.stdout and "![x](" not in markdown.stdout
    assert "&#91;x&#93;(javascript:alert(3))" in markdown.stdout
    report = data.json()
    assert report["recommendations"][0]["tools"] == ["vLLM"]
    assert report["model_summary"] == "Batch first ."


def test_control_characters_go_but_newlines_stay_where_allowed():
    assert clean("a\x1b[31mb\x00c\u202ed\ne") == "ab c d e"
    assert clean("a\x1b]52;c;eA==\x07\nb", lines=True) == "a\nb"


def test_the_basic_plan_only_combines_the_rows_shown():
    # small savings first, large ones after the basic level's cut: they must not fill the plan
    ids = ["carbon-monitoring", "kv-cache-reuse", "response-caching", "hardware-upgrade", "continuous-batching", "gpu-right-sizing"]
    answer = {"summary": "s", "recommendations": [rec(t) for t in ids]}
    with WireServer() as server:
        server.responder = lambda body: openai_reply(json.dumps(answer))
        result = analyze(server, "--level", "basic")
    assert result.code == 0, result.stderr
    report = result.json()
    shown = [(r["technique_id"], r["workload"]) for r in report["recommendations"]]
    assert len(shown) == 3
    assert all((a["technique_id"], a["workload"]) in shown for a in report["plan"]["actions"])
