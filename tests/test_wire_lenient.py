"""A sloppy field in one row of a model's answer, through the real OpenAI SDK and the CLI: the
guard decides (a blank row removed, a difficulty read or left to the engine, a risk raised),
in one call, and the rest of the answer is kept."""

from __future__ import annotations

import json

import pytest

from conftest import example, run_cli
from wire import WireServer, openai_reply

pytestmark = pytest.mark.usefixtures("no_backoff")


def row(tid: str, **fields) -> dict:
    return {"technique_id": tid, "workload": "document-analysis", "action": f"Adopt {tid}", "impact": "",
            "difficulty": "medium", "tools": [], "accuracy_risk": "none", "warning": None, **fields}


def ask(*rows: dict):
    with WireServer() as server:
        server.script(openai_reply(json.dumps({"summary": "", "recommendations": list(rows)})))
        result = run_cli("analyze", example("doc-analyzer.yaml"), "--model", "openai:test-model",
                         "--base-url", f"{server.url}/v1", "--format", "json", "--timeout", "5")
        assert result.code == 0, result.stderr
        assert len(server.posts()) == 1  # no re-ask: nothing here is worth a paid call
    return result.json()


@pytest.mark.parametrize("field, value", [("technique_id", ""), ("action", ""), ("workload", ""), ("action", None)])
def test_a_blank_field_removes_its_row_and_keeps_the_answer(field, value):
    report = ask(row("continuous-batching", **{field: value}), row("gpu-right-sizing"))
    assert [r["technique_id"] for r in report["recommendations"]] == ["gpu-right-sizing"]
    assert report["model"] == "openai:test-model"
    assert any("no technique, workload or action" in note for note in report["guardrails"])


@pytest.mark.parametrize("said, expected", [("Easy", "low"), ("Difficult", "high"), ("élevée", "high"), ("MODERATE", "medium")])
def test_difficulty_synonyms_are_read(said, expected):
    (rec,) = ask(row("continuous-batching", difficulty=said))["recommendations"]
    assert rec["difficulty"] == expected


def test_an_unreadable_difficulty_is_the_engines(kb):
    (rec,) = ask(row("distillation", difficulty="it depends"))["recommendations"]
    assert rec["difficulty"] == kb.techniques["distillation"].difficulty == "high"


def test_an_unreadable_accuracy_risk_is_raised_to_the_engines():
    (rec,) = ask(row("quantization-int4", accuracy_risk="catastrophic"))["recommendations"]
    assert rec["accuracy_risk"] == "medium" and "May lower f1" in rec["warning"]
