"""The ask loop against scripted models: repairs, transport retries, the mode ladder, typed errors."""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from advisor.llm.extract import extract_json, validate
from advisor.llm.mock import ScriptedChatModel
from advisor.llm.structured import Asker, ModelOutputError, ModelUnavailableError

VALID = {
    "summary": "ok",
    "recommendations": [{
        "technique_id": "continuous-batching", "workload": "w", "action": "batch", "impact": "-60 %",
        "difficulty": "low", "tools": ["vLLM"], "accuracy_risk": "none", "warning": None,
    }],
}


class FakeHTTPError(Exception):
    def __init__(self, status: int, message: str = "boom", retry_after: str | None = None):
        super().__init__(message)
        self.status_code = status
        self.response = type("R", (), {"status_code": status, "headers": {"retry-after": retry_after} if retry_after else {}})()


def asker(*replies, provider="mock", **kw):
    model = ScriptedChatModel(replies=list(replies))
    sleeps: list[float] = []
    return Asker(model, provider, sleep=sleeps.append, **kw), model, sleeps


def test_valid_first_answer():
    a, model, _ = asker(json.dumps(VALID))
    result = a.ask("sys", "user")
    assert result.answer.recommendations[0].technique_id == "continuous-batching"
    assert result.attempts == 1 and len(model.history) == 1


def test_malformed_json_is_repaired_with_the_previous_answer_and_the_errors():
    a, model, _ = asker("Sure! {not json", json.dumps(VALID))
    result = a.ask("sys", "user")
    assert result.attempts == 2
    second = model.history[1]
    assert isinstance(second[-2], AIMessage) and second[-2].content == "Sure! {not json"
    assert isinstance(second[-1], HumanMessage)
    assert "not valid" in second[-1].content and "no JSON object found" in second[-1].content


def test_schema_violation_names_the_field_in_the_repair():
    broken = json.loads(json.dumps(VALID))
    del broken["recommendations"][0]["action"]
    broken["recommendations"][0]["tools"] = 42
    a, model, _ = asker(json.dumps(broken), json.dumps(VALID))
    a.ask("sys", "user")
    repair = model.history[1][-1].content
    assert "recommendations.0.action: Field required" in repair
    assert "recommendations.0.tools" in repair


def test_repairs_are_bounded_and_the_error_carries_everything():
    a, model, _ = asker("nope", "still nope", "never", max_repairs=2)
    with pytest.raises(ModelOutputError) as info:
        a.ask("sys", "user")
    err = info.value
    assert err.attempts == 3 and err.last_raw == "never"
    assert err.usage["calls"] == 3 and err.usage["output_tokens"] >= 0
    assert err.errors and "no JSON object" in err.errors[0]
    assert len(model.history) == 3


def test_rate_limit_is_retried_after_the_servers_delay_and_never_reaches_the_prompt():
    a, model, sleeps = asker(FakeHTTPError(429, "slow down", retry_after="2"), json.dumps(VALID))
    result = a.ask("sys", "user")
    assert sleeps == [2.0]
    assert result.attempts == 1
    assert model.history[0] == model.history[1]  # same prompt: the transport error is not pasted in
    assert all("slow down" not in str(m.content) for m in model.history[1])


def test_server_errors_back_off_then_give_up_with_a_clear_message():
    a, model, sleeps = asker(*[FakeHTTPError(500, "upstream") for _ in range(4)], max_transport_retries=3)
    with pytest.raises(ModelUnavailableError, match=r"HTTP 500.*after 4 tries"):
        a.ask("sys", "user")
    assert len(sleeps) == 3 and sleeps[0] < sleeps[-1]


def test_timeouts_are_retried():
    a, _, sleeps = asker(TimeoutError("read timed out"), json.dumps(VALID))
    assert a.ask("sys", "user").attempts == 1
    assert len(sleeps) == 1


def test_auth_errors_fail_at_once_and_scrub_the_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-SECRETSECRETSECRET123")
    a, _, sleeps = asker(FakeHTTPError(401, "Incorrect API key provided: sk-test-SECRETSECRETSECRET123"))
    with pytest.raises(ModelUnavailableError) as info:
        a.ask("sys", "user")
    assert "SECRETSECRET" not in str(info.value)
    assert sleeps == []


def test_unsupported_structured_mode_moves_down_the_ladder():
    model = ScriptedChatModel(replies=[FakeHTTPError(400, "response_format json_schema is not supported"), json.dumps(VALID)])
    a = Asker(model, "openai", sleep=lambda s: None)
    result = a.ask("sys", "user")
    assert result.mode == "json_mode"
    assert model.calls[0]["response_format"]["type"] == "json_schema"
    assert model.calls[1]["response_format"] == {"type": "json_object"}


def test_local_servers_try_json_mode_with_a_schema():
    model = ScriptedChatModel(replies=[FakeHTTPError(500, "Input should be 'text' or 'json_object' (response_format)"), json.dumps(VALID)])
    a = Asker(model, "openai-compatible", sleep=lambda s: None)
    assert a.ask("sys", "user").mode == "json_object_schema"
    assert model.calls[1]["response_format"]["schema"]["required"] == ["summary", "recommendations"]


@pytest.mark.parametrize("text", [
    json.dumps(VALID),
    "Here you go:\n```json\n" + json.dumps(VALID) + "\n```\nHope it helps.",
    "Answer: " + json.dumps(VALID) + " -- end",
    # every candidate is tried: an example block first, a {…} aside after, a decoy object before
    'For instance:\n```json\n{"example": true}\n```\nThe answer:\n```json\n' + json.dumps(VALID) + "\n```",
    json.dumps(VALID) + "\nNote: a row looks like {technique_id, workload}.",
    'Shape: {"summary": "", "recommendations": "list"}. Answer: ' + json.dumps(VALID) + " (see {docs}).",
])
def test_json_is_found_in_fences_and_prose(text):
    answer, errors = validate(text)
    assert answer is not None, errors


def test_lenient_where_meaning_is_clear():
    sloppy = json.loads(json.dumps(VALID))
    sloppy["recommendations"][0].update(difficulty="Low", accuracy_risk="NONE", tools="vLLM, SGLang", warning="null")
    answer, errors = validate(json.dumps(sloppy))
    assert answer is not None, errors
    rec = answer.recommendations[0]
    assert (rec.difficulty, rec.accuracy_risk, rec.tools, rec.warning) == ("low", "none", ["vLLM", "SGLang"], None)


@pytest.mark.parametrize("text", ["", "   ", "null", "{\"recommendations\": [1]}", '{"example": true}'])
def test_empty_or_useless_answers_are_invalid(text):
    answer, errors = validate(text)
    assert answer is None and errors


@pytest.mark.parametrize("text", ["[]", '{"recommendations": []}'])
def test_an_empty_list_is_a_valid_no_advice(text):
    answer, errors = validate(text)
    assert answer is not None and answer.recommendations == [] and not errors


def test_rows_past_the_limit_are_cut_not_refused():
    from advisor.llm.answer import MAX_RECOMMENDATIONS, json_schema

    many = {"summary": "", "recommendations": VALID["recommendations"] * 21}
    answer, errors = validate(json.dumps(many))
    assert len(answer.recommendations) == MAX_RECOMMENDATIONS and answer.dropped == 21 - MAX_RECOMMENDATIONS
    assert json_schema()["properties"]["recommendations"]["maxItems"] == MAX_RECOMMENDATIONS


def test_when_no_candidate_validates_the_most_promising_ones_errors_are_sent():
    broken = json.loads(json.dumps(VALID))
    broken["recommendations"][0]["tools"] = {"aws": "SageMaker"}
    answer, errors = validate('Example: ```{"example": true}``` then ```' + json.dumps(broken) + "```")
    assert answer is None and any("recommendations.0.tools" in e for e in errors)


def test_retry_after_within_the_cap_is_obeyed_beyond_it_fails_at_once():
    a, _, sleeps = asker(FakeHTTPError(429, "slow", retry_after="25"), json.dumps(VALID), timeout_s=2)
    assert a.ask("sys", "user").attempts == 1 and sleeps == [25.0]
    a, model, sleeps = asker(FakeHTTPError(503, "busy", retry_after="600"), json.dumps(VALID), timeout_s=60)
    with pytest.raises(ModelUnavailableError, match="retry after 10 min"):
        a.ask("sys", "user")
    assert sleeps == [] and len(model.history) == 1


def test_a_cut_answer_is_re_asked_with_the_reason():
    from langchain_core.messages import AIMessage as Message

    cut = Message(content='{"summary": "x", "recomm', response_metadata={"finish_reason": "length"})
    a, model, _ = asker(cut, json.dumps(VALID))
    assert a.ask("sys", "user").attempts == 2
    assert "cut at the token limit" in model.history[1][-1].content


def test_extract_json_reports_where_it_failed():
    with pytest.raises(ValueError, match="line 1"):
        extract_json("{ 'single': quotes }")


# --- Lenient where the guard decides: one sloppy field never costs the answer ------------------

@pytest.mark.parametrize("said, level", [
    ("Easy", "low"), ("SIMPLE", "low"), ("Low", "low"), ("facile", "low"), ("trivial", "low"),
    ("Moderate", "medium"), ("Medium", "medium"), ("moyenne", "medium"), ("Modérée", "medium"),
    ("Hard", "high"), ("Difficult", "high"), ("high", "high"), ("difficile", "high"), ("Élevée", "high"),
    ("Medium (needs a new runtime)", "medium"),
])
def test_difficulty_synonyms_in_any_case_and_either_language(said, level):
    row = {**VALID["recommendations"][0], "difficulty": said}
    answer, errors = validate(json.dumps({"recommendations": [row]}))
    assert answer is not None and answer.recommendations[0].difficulty == level, errors


@pytest.mark.parametrize("said", ["", "whatever", "low to high", None, 3])
def test_an_unreadable_difficulty_is_left_to_the_engine(said):
    row = {**VALID["recommendations"][0], "difficulty": said}
    answer, errors = validate(json.dumps({"recommendations": [row]}))
    assert answer is not None and answer.recommendations[0].difficulty is None, errors


@pytest.mark.parametrize("said, risk", [
    ("NONE", "none"), ("aucun", "none"), ("Low", "low"), ("faible", "low"), ("Moderate", "medium"),
    ("moyen", "medium"), ("High", "high"), ("élevée", "high"), ("medium to high", "high"),
    ("catastrophic", "none"), ("", "none"), (None, "none"),  # unreadable: the lowest, which the guard raises
])
def test_accuracy_risk_synonyms_and_unreadable_values(said, risk):
    row = {**VALID["recommendations"][0], "accuracy_risk": said}
    answer, errors = validate(json.dumps({"recommendations": [row]}))
    assert answer is not None and answer.recommendations[0].accuracy_risk == risk, errors


@pytest.mark.parametrize("field", ["technique_id", "workload", "action"])
@pytest.mark.parametrize("value", ["", "   ", None])
def test_a_blank_field_passes_validation_for_the_guard_to_remove(field, value):
    row = {**VALID["recommendations"][0], field: value}
    answer, errors = validate(json.dumps({"recommendations": [row, VALID["recommendations"][0]]}))
    assert answer is not None and len(answer.recommendations) == 2, errors


def test_the_schema_sent_to_the_model_stays_strict():
    from advisor.llm.answer import json_schema

    item = json_schema()["properties"]["recommendations"]["items"]
    assert item["properties"]["difficulty"]["enum"] == ["low", "medium", "high"]
    assert item["properties"]["accuracy_risk"]["enum"] == ["none", "low", "medium", "high"]
    assert set(item["required"]) >= {"technique_id", "workload", "action", "difficulty", "accuracy_risk"}
