"""What the guard reads in a model's text is what a reader sees: a spelling the eye does not notice
(full-width letters, accents dropped, Cyrillic look-alikes, invisible characters, figures in words)
changes nothing, and a real caution or a name that does apply is not thrown out with the tricks.

The system is tests/test_hostile_answers.py's: a real-time chat with a thin f1 margin (0.905 over
0.90) and a deferrable training job, both on GCP with only GCP tools allowed.
"""

from __future__ import annotations

import pytest
from test_hostile_answers import ARCH, CHAT, TRAIN

from advisor import technique_names
from advisor.clouds import tool_cloud
from advisor.llm.answer import ModelAnswer
from advisor.llm.extract import validate
from advisor.llm.guard import apply
from advisor.llm.model_text import clean, has_claim, strip_claims


@pytest.fixture(scope="module")
def analysis(tmp_path_factory):
    from advisor.analysis import prepare_file

    path = tmp_path_factory.mktemp("unicode") / "hostile-lab.yaml"
    path.write_text(ARCH, encoding="utf-8")
    return prepare_file(path)


def rec(tid: str, workload: str = CHAT, **fields) -> dict:
    return {"technique_id": tid, "workload": workload, "action": f"Adopt {tid}", "impact": "", "difficulty": "medium",
            "tools": [], "accuracy_risk": "none", "warning": None, **fields}


def guarded(analysis, *rows: dict, summary: str = "Batch first.", lang: str = "en"):
    answer = ModelAnswer.model_validate({"summary": summary, "recommendations": list(rows)})
    return apply(answer, analysis, lang)


# --- accuracy warnings: dismissals go, cautions stay -------------------------------------------------


@pytest.mark.parametrize("warning", [
    "Validate on your eval set; int4 can lower F1",
    "int4 is not lossless: check recall on rare classes",
    "Mesurez le F1 avant la mise en production.",
])
def test_a_real_caution_is_kept_after_the_calculators_warning(analysis, warning):
    out = guarded(analysis, rec("quantization-int4", accuracy_risk="medium", warning=warning))
    (row,) = out.recommendations
    assert row.warning.endswith(warning) and "0.905" in row.warning


@pytest.mark.parametrize("warning", [
    "Accuracy is unaffected.", "Lossless in practice.", "It does not hurt F1.", "Quality won't degrade.",
    "Précision inchangée.", "Cela ne dégrade pas la précision.", "N'affecte pas le F1.", "Qualité intacte.",
])
def test_a_dismissal_without_a_negation_word_is_replaced_by_the_calculators_warning(analysis, warning):
    out = guarded(analysis, rec("quantization-int4", accuracy_risk="medium", warning=warning))
    (row,) = out.recommendations
    assert warning not in row.warning and "0.905" in row.warning
    assert any("contradicted" in n for n in out.notes), out.notes


# --- labels, workloads and ids ----------------------------------------------------------------------


@pytest.mark.parametrize("action", [f"[{CHAT}] Checkpoint less often", f"[{CHAT}][urgent]  Checkpoint less often",
                                    "[nightly-train] Checkpoint less often", "Checkpoint less often"])
def test_the_action_carries_its_rows_real_workload_label_once(analysis, action):
    out = guarded(analysis, rec("early-stopping", TRAIN, action=action))
    (row,) = out.recommendations
    assert row.action == f"[{TRAIN}] Checkpoint less often"


def test_a_label_alone_leaves_the_engines_action(analysis):
    out = guarded(analysis, rec("early-stopping", TRAIN, action=f"[{CHAT}]"))
    (row,) = out.recommendations
    assert row.action.startswith(f"[{TRAIN}] ") and CHAT not in row.action


def test_a_workload_in_full_width_letters_is_that_workload(analysis):
    out = guarded(analysis, rec("early-stopping", "ｎｉｇｈｔｌｙ-ｔｒａｉｎ"))
    assert [(r.technique_id, r.workload) for r in out.recommendations] == [("early-stopping", TRAIN)]
    assert any("workload corrected" in n for n in out.notes), out.notes


def test_an_id_in_full_width_letters_is_read_and_its_rules_apply(analysis):
    out = guarded(analysis, rec("ｃａｒｂｏｎ-ａｗａｒｅ-ｓｃｈｅｄｕｌｉｎｇ"), rec("continuous-batching"))
    assert [r.technique_id for r in out.recommendations] == ["continuous-batching"]
    assert any("carbon-aware-scheduling on chat-serving" in n and "not deferrable" in n for n in out.notes), out.notes


# --- tools ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, cloud", [("vLLM ＳａｇｅＭａｋｅｒ", "aws"), ("Sage\u00adMaker", "aws"), ("ＡＷＳ Neuron", "aws"),
                                         ("Ａｚｕｒｅ ML", "azure"), ("Ｖｅｒｔｅｘ AI", "gcp"), ("ｖＬＬＭ", None)])
def test_a_tools_cloud_is_read_through_full_width_and_invisible_characters(name, cloud):
    assert tool_cloud(name) == cloud


def test_a_known_tool_in_full_width_letters_is_still_that_tool(analysis):
    out = guarded(analysis, rec("continuous-batching", tools=["ｖＬＬＭ", "vLLM ＳａｇｅＭａｋｅｒ"]))
    (row,) = out.recommendations
    assert row.tools == ["ｖＬＬＭ"]
    assert any("tools removed" in n and "ＳａｇｅＭａｋｅｒ" in n for n in out.notes), out.notes


# --- figures ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["cuts energy by thirty percent", "saves twenty-five per cent", "a hundred percent greener",
                                  "économise trente pour cent", "quatre-vingt-dix-sept pour cent", "soixante et onze pour cent",
                                  "vingt-et-un pour cent", "３０％ less", "ｓａｖｅｓ ４ ｋＷｈ"])
def test_a_figure_in_words_or_full_width_is_a_claim(text):
    assert has_claim(text)
    assert strip_claims(f"Batch requests, {text}") == ("Batch requests", True)


@pytest.mark.parametrize("text", ["one of the best moves", "ten times a day, look at the queue", "percentile latency first",
                                  "une ou deux étapes", "cent requêtes en attente"])
def test_number_words_without_a_percentage_are_no_claim(text):
    assert not has_claim(text)


def test_the_printed_text_keeps_the_models_characters_where_nothing_is_cut():
    assert strip_claims("Regroupez les requêtes ＡＢ") == ("Regroupez les requêtes ＡＢ", False)


# --- invisible characters and keys ---------------------------------------------------------------------


@pytest.mark.parametrize("split", ["\u00ad", "\u200b", "\u2060", "\ufeff", "\u200d"])
def test_a_key_split_by_an_invisible_character_is_redacted(split):
    assert "IOSFODNN7EXAMPLE" not in clean(f"Use AKIA{split}IOSFODNN7EXAMPLE now")
    assert "IOSFODNN7EXAMPLE" not in clean(f"Use AKIA{split}IOSFODNN7EXAMPLE now", lines=True)


def test_a_configured_key_split_by_a_soft_hyphen_is_redacted(monkeypatch):
    key = "sk-test-CONFIGUREDkey0123456789"
    monkeypatch.setenv("OPENAI_API_KEY", key)
    assert "CONFIGUREDkey" not in clean(f"the server saw {key[:12]}\u00ad{key[12:]}")


# --- the summary ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("summary, lang", [
    ("Above all, shift the chat traffic to night hours with carbon-aware scheduling.", "en"),
    ("Avant tout, décalez le trafic de chat la nuit (décalage temporel).", "fr"),
    ("Move the chat to a greener region: spatial shifting.", "en"),
])
def test_a_summary_naming_advice_the_rules_rule_out_here_is_left_out(analysis, summary, lang):
    out = guarded(analysis, rec("continuous-batching"), summary=summary, lang=lang)
    assert out.summary is None
    assert any(("summary" in n or "synthèse" in n) for n in out.notes), out.notes


@pytest.mark.parametrize("summary", ["Batch the chat first, then measure with carbon monitoring.",
                                     "Start with continuous batching."])
def test_a_summary_naming_advice_that_applies_everywhere_or_is_carried_is_kept(analysis, summary):
    out = guarded(analysis, rec("continuous-batching"), summary=summary)
    assert out.summary == summary


@pytest.mark.parametrize("text", ["Commencez par le decalage temporel.", "Start with c\u0430rbon-\u0430ware scheduling.",
                                  "Start with ＣＡＲＢＯＮ-aware scheduling.", "Start with carbon\u00ad-aware scheduling.",
                                  "Commencez par le DÉCALAGE TEMPOREL."])
def test_prose_names_a_technique_however_its_letters_are_drawn(kb, text):
    assert technique_names.of(kb.techniques).found(text) == ["carbon-aware-scheduling"]


def test_a_look_alike_does_not_make_an_unrelated_word_a_name(kb):
    assert technique_names.of(kb.techniques).found("Сегодня хорошая погода.") == []


# --- JSON that cannot be read ----------------------------------------------------------------------------


ROW = '{"technique_id": "continuous-batching", "workload": "w", "action": "a"}'


@pytest.mark.parametrize("text", [
    '{"summary": "s", // note\n "recommendations": [' + ROW + "]}",
    '{"summary": "s", "recommendations": [' + ROW + ",]}",
    "[" + ROW + ",]",
    "```json\n{'summary': 's', 'recommendations': [" + ROW + "]}\n```",
])
def test_a_piece_of_an_unreadable_answer_is_not_what_the_re_ask_talks_about(text):
    answer, errors = validate(text)
    assert answer is None
    assert errors[0].startswith("the answer is not valid JSON (") and "Field required" not in errors[0], errors


def test_an_answer_nested_too_deeply_is_invalid_not_a_crash():
    answer, errors = validate('{"summary": "s", "recommendations": [' + ROW + '], "x": ' + "[" * 5000 + "]" * 5000 + "}")
    assert answer is None and errors == ["the answer is not valid JSON (nested too deeply to read)"]


def test_a_wrong_shape_beside_prose_still_names_the_missing_field():
    answer, errors = validate('Here it is: {"recs": []}')
    assert answer is None and errors == ["recommendations: Field required"]
