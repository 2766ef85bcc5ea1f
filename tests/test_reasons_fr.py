"""A French reader reads French: the engine's reasons, the guard's notes, the model path's own words.

The engine writes its reasons for ruling a technique out in English and advisor/i18n.py words
them in French (`reason`); the table there drifted once, silently. These tests run the engine
and the guard over every example and every eval case in French and look for English left, so a
reason added or reworded in the engine without its French fails here.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from advisor.analysis import prepare
from advisor.evals.cases import load_case
from advisor.i18n import REASONS, reason, reason_fr
from advisor.llm.answer import ModelAnswer
from advisor.llm.guard import apply
from advisor.llm.words import GUARD_NOTES
from advisor.loader import load_architecture
from advisor.report import build_report
from conftest import ALL_EXAMPLES, ROOT, example

FILES = sorted({p.resolve() for p in ALL_EXAMPLES})
CASES = sorted((ROOT / "evals" / "cases").glob("*.yaml"))
# words of the engine's and the guard's English that French never uses
ENGLISH = re.compile(r"\b(the|is|are|not|no|needs|already|below|above|for|has|does|of|to|too|than|given|it|its|and|"
                     r"with|workloads?|removed|added|kept|raised|warning|caveat|saving|worthwhile|shift|support|"
                     r"model|unknown|failed|instead|grid|tokens in|out)\b", re.I)


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def _english(text: str, names: set[str]) -> list[str]:
    """English words left in `text` once ids and names (quoted as they are) are taken out."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    return ENGLISH.findall(text)


def _analyses():
    from advisor.kb import load_kb

    kb = load_kb()
    for path in FILES:
        yield path.name, prepare(load_architecture(path, kb), kb, "fr")
    for path in CASES:
        yield f"case {path.name}", prepare(load_case(path, kb).loaded, kb, "fr")


def _names(analysis) -> set[str]:
    kb = analysis.kb
    return ({*kb.techniques, *(w.name for w in analysis.architecture.workloads)}
            | {a.name for a in kb.accelerators.values()} | {str(w.model.name) for w in analysis.architecture.workloads})


def test_guard_notes_and_reasons_have_the_same_keys_and_placeholders_in_both_languages():
    assert set(GUARD_NOTES["en"]) == set(GUARD_NOTES["fr"])
    assert {k: _fields(v) for k, v in GUARD_NOTES["en"].items()} == {k: _fields(v) for k, v in GUARD_NOTES["fr"].items()}
    for en, fr in REASONS:
        assert _fields(en) == _fields(fr), en


@pytest.mark.parametrize("english, french", [
    ("latency budget 500 ms (p95) below the 1000 ms it needs (it makes requests slower)",
     "budget de latence de 500 ms (p95) sous les 1000 ms nécessaires (l'action ralentit les requêtes)"),
    ("no worthwhile saving for this workload", "aucune économie notable pour cette charge"),
    ("utilization 0.35 below 0.5", "utilisation 0,35 sous 0,5"),
    ("no time shift: its window (4 h) leaves no room to move a 6 h run",
     "aucun décalage dans le temps : sa fenêtre (4 h) ne laisse pas de place pour déplacer un travail de 6 h"),
])
def test_reasons_reviewers_found_in_english_are_french(english, french):
    assert reason(english, "fr") == french
    assert reason(english, "en") == english


def test_an_unknown_nested_reason_is_not_half_translated():
    assert reason_fr("no time shift: something new") is None
    assert reason("no time shift: something new", "fr") == "no time shift: something new"


def test_every_reason_and_guard_note_is_french_for_every_example_and_eval_case():
    """The engine's exclusions (as the report carries them) and the guard's notes on an answer that
    recommends every technique on every workload with no warning, then with a warning of its own."""
    left: list[str] = []
    for name, analysis in _analyses():
        names = _names(analysis)
        report = build_report(analysis.loaded, analysis.advice, analysis.kb, lang="fr")
        left += [f"{name}: {e.reason}" for e in report.excluded if _english(e.reason, names)]
        for warning in (None, "validez sur un échantillon"):
            rows = [{"technique_id": tid, "workload": w.name, "action": "faire", "impact": "", "difficulty": "low",
                     "tools": [], "accuracy_risk": "none", "warning": warning}
                    for tid in analysis.kb.techniques for w in analysis.architecture.workloads]
            guarded = apply(ModelAnswer.model_validate({"summary": "", "recommendations": rows}), analysis, "fr")
            left += [f"{name}: {n}" for n in guarded.notes if _english(n, names)]
    assert not left, "\n".join(sorted(set(left))[:40])


def test_every_engine_reason_is_in_the_table():
    """In English, every reason the hard rules give on the examples and cases reads back onto REASONS
    (the accuracy judgement's are worded by the engine itself in the judged language)."""
    from advisor.engine.advise import assess
    from advisor.kb import load_kb

    kb = load_kb()
    missing = set()
    for path in [*FILES, *CASES]:
        loaded = load_case(path, kb).loaded if path.parent.name == "cases" else load_architecture(path, kb)
        analysis = prepare(loaded, kb, "en")
        for wf in analysis.footprint.workloads:
            for technique in kb.techniques.values():
                found = assess(technique, wf, analysis.architecture, kb, with_saving=False)
                if found.rule == "applicability" and reason_fr(found.reason) is None:
                    missing.add(found.reason)
    assert not missing, sorted(missing)


# -- warnings: the guard names what the engine's warning holds -----------------------------------

def test_a_latency_caveat_added_to_a_models_row_is_called_a_latency_caveat():
    from advisor.analysis import prepare_file

    row = {"technique_id": "gpu-right-sizing", "workload": "document-analysis", "action": "do it", "impact": "",
           "difficulty": "low", "tools": [], "accuracy_risk": "none", "warning": None}
    for lang, said in (("en", "latency caveat added"), ("fr", "le calculateur ajoute la mise en garde sur la latence")):
        analysis = prepare_file(example("doc-analyzer.yaml"), lang=lang)
        notes = "\n".join(apply(ModelAnswer.model_validate({"recommendations": [row]}), analysis, lang).notes)
        assert said in notes and "accuracy warning" not in notes and "précision" not in notes, notes
    analysis = prepare_file(example("doc-analyzer.yaml"))
    kept = apply(ModelAnswer.model_validate({"recommendations": [{**row, "warning": "Roll out gradually."}]}), analysis, "en")
    assert "the calculator's latency caveat kept ahead of the model's warning" in kept.notes[0]


# -- the model path's own words: failure banner, the advice's footprint ------------------------------

def test_a_french_report_names_a_failed_model_and_the_advices_footprint_in_french(tmp_path):
    from conftest import run_cli

    failed = run_cli("analyze", str(example("doc-analyzer.yaml")), "--model", "mock:broken", "--fallback", "offline",
                     "--lang", "fr", "--format", "json").json()
    assert failed["model_failed"].startswith("le modèle mock:broken a échoué (")
    assert failed["model_failed"].endswith(" ; le moteur hors ligne a répondu à sa place")
    markdown = run_cli("analyze", str(example("doc-analyzer.yaml")), "--model", "mock:valid", "--lang", "fr",
                       "--format", "markdown", "--no-cache").stdout
    line = next(x for x in markdown.splitlines() if x.startswith("**Empreinte du conseil lui-même** :"))
    assert "tokens en entrée" in line and "en sortie" in line and "réseau États-Unis" in line
    assert "modèle inconnu :" in line and not _english(line.replace("mock:valid", ""), {"assumptions.api_model_active_parameters_b"})


def test_a_local_servers_footprint_note_is_french_too():
    from advisor.kb import load_kb
    from advisor.llm.advisor import advisor_footprint
    from advisor.llm.models import ModelChoice

    choice = ModelChoice(provider="openai", model="x", base_url="http://127.0.0.1:1/v1")
    assert choice.local
    usage = {"calls": 1, "input_tokens": 1200, "output_tokens": 300}
    fr = advisor_footprint(load_kb(), choice, usage, None, False, lang="fr").note
    assert fr.startswith("serveur local, taille du modèle inconnue : estimé comme un modèle hébergé inconnu")
    assert "réseau États-Unis" in fr and not _english(fr, {"assumptions.api_model_active_parameters_b"}), fr
    en = advisor_footprint(load_kb(), choice, usage, None, False).note
    assert en.startswith("local server, model size unknown") and "grid United States (USA)" in en


# -- chat: reasons, /explain and what-if errors ------------------------------------------------------

def _session(path: Path, lang: str):
    from advisor.chat.session import Session
    from advisor.home import Settings
    from advisor.kb import load_kb

    kb, out = load_kb(), []
    return Session(load_architecture(path, kb), kb, Settings(), lambda text="", end="\n": out.append(text + end),
                   lang=lang), out


def test_explain_in_french_gives_french_reasons_and_the_latency_caveat():
    s, out = _session(example("doc-analyzer.yaml"), "fr")
    s.handle("/explain gpu-right-sizing")
    assert "Latence : votre budget p95 est de 500 ms" in out[-1]  # Candidate.warning, not the accuracy warning alone
    s.handle("/explain autoscaling")
    assert "budget de latence de 500 ms (p95) sous les" in out[-1], out[-1]
    s.handle("pourquoi pas carbon-aware-scheduling ?")
    assert "le travail n'est pas différable" in out[-1]


def test_a_failing_whatif_in_french_is_worded_in_french_around_the_loaders_message():
    s, out = _session(example("doc-analyzer.yaml"), "fr")
    s.handle("/whatif hours_per_month=-1")
    assert out[-1].startswith("erreur : scénario sur doc-analyzer.yaml"), out[-1]
    assert "what-if" not in out[-1]


def test_a_french_reply_note_quotes_the_rule_in_french():
    from advisor.llm.mock import ScriptedChatModel

    s, out = _session(example("doc-analyzer.yaml"), "fr")
    s.llm, s.model = ScriptedChatModel(replies=["Activez l'autoscaling et décalez la nuit."]), "mock:valid"
    s.handle("et ensuite ?")
    text = "".join(out)
    assert "budget de latence" in text or "pas différable" in text
    assert "not deferrable" not in text and "latency budget" not in text
