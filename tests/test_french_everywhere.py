"""A French report has no English sentence left, whatever wrote it.

The sentence tables (advisor/i18n.py, llm/words.py, grid/words.py, measured/words.py, the notes of
footprint.py and hosted.py) are French where someone thought of it; this test does not trust that.
It builds French reports along every path a reader can take — every example and every eval case,
with each kind of metrics file, with a grid profile, with the live grid answering or failing, with
mock and scripted models that fail, cut, over-report their tokens or give too many rows — writes
each one as JSON, Markdown and HTML, and looks for English function words in what the report says
to its reader. Names are not sentences: technique, tool, accelerator, grid, source and workload
names, identifiers (dotted, hyphenated, quoted) and the file's own text are taken out first.
"""

from __future__ import annotations

import html
import json
import re
import threading
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage

from advisor.analysis import prepare, prepare_file
from advisor.evals.cases import load_case
from advisor.home import Settings
from advisor.kb import load_kb
from advisor.llm.advisor import model_report
from advisor.llm.mock import ScriptedChatModel, prompt_data
from advisor.llm.models import ModelChoice
from advisor.render import render
from advisor.report import build_report
from conftest import EXAMPLES, ROOT
from wire import send_json

FIXTURES = ROOT / "tests" / "fixtures"
CASES = sorted((ROOT / "evals" / "cases").glob("*.yaml"))
PROFILE = ROOT / "examples" / "grid-profile-asia-east1.csv"
METRICS = ["codecarbon/gpu-8xa100.csv", "codecarbon/units-partial.csv", "codecarbon/v1.2.0.csv",
           "zeus/doc-analyzer.json", "zeus/embeddings-log.csv", "zeus/no-gpu-0.16.json",
           "ecologits/chat-gpt-4o.json", "ecologits/claude-single.json"]

# English words French never writes: one of them in a report's sentence is English left behind
ENGLISH = re.compile(r"\b(the|with|measured|was|were|than|because|only|of|and|per|is|are|not|from|into|by|its|it|"
                     r"this|that|which|instead|used|kept|no|or|when|without|each|has|have|been|shown|answer|"
                     r"reported|cut|limit|accelerators|workloads?|estimate|mean|average|hours?|now|unavailable|"
                     r"request|requests|month|tokens in|did|does|after|before|unknown|model's)\b", re.I)
# What a reader reads in JSON (the sources' own titles and notes are citations, not sentences; a saving's
# basis, in `basis` and its figures' notes, is the engine's: advisor/engine/savings.py, see the report)
SKIPPED_KEYS = {"sources", "basis", "saving_kwh_month", "saving_kgco2e_month"}
TEXT_KEYS = {"notes", "warnings", "impact", "action", "warning", "note", "message", "reason", "method", "model_failed",
             "guardrails", "task_label", "reference"}
# English a French report may still hold, each pattern with the module that writes it.
ELSEWHERE: list[re.Pattern] = []  # English known to be left in a French report (none today)
# Identifiers and quotations: a quoted library message may stay as it came
IDENTIFIERS = re.compile(r"https?://\S+|«[^»]*»|'[^']*'|`[^`]*`|\"[^\"]*\"|\b[\w-]+(?:\.[\w-]+)+\b|\b\w+(?:-\w+)+\b")


@cache
def _kb_names() -> tuple[str, ...]:
    kb = load_kb()
    names = {t.name for technique in kb.techniques.values() for t in technique.tools}
    names |= {technique.name("en") for technique in kb.techniques.values()} | set(kb.techniques)
    names |= {a.name for a in kb.accelerators.values()}
    names |= {row.label for row in kb.countries.values()} | {row.label for row in kb.regions.values()}
    return tuple(names)


def _names(report: dict) -> list[str]:
    """What is a name, not a sentence, in this report: the knowledge base's, the file's, the model's."""
    names = set(_kb_names()) | {report["system"]["name"], *(report["system"].get("description") or "").splitlines()}
    names |= {w["name"] for w in report["footprint"]["workloads"]}
    names |= {tool for r in report["recommendations"] for tool in r["tools"]}
    if report["model"] != "offline":  # a model's own words are its own (the mocks write English)
        names |= {r[k] or "" for r in report["recommendations"] for k in ("action", "warning")}
        names.add(report.get("model_summary") or "")
    return sorted((n for n in names if n), key=len, reverse=True)


def _english(text: str, names: list[str]) -> bool:
    for name in names:
        text = text.replace(name, " ")
    text = IDENTIFIERS.sub(" ", text)
    return bool(ENGLISH.search(text))


def _json_texts(value, key=None):
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in SKIPPED_KEYS:
                yield from _json_texts(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _json_texts(v, key)
    elif isinstance(value, str) and key in TEXT_KEYS:
        yield value


def _visible(text: str, fmt: str) -> list[str]:
    """The lines a reader sees, the list of sources left out (titles of cited works)."""
    if fmt == "html":
        text = re.sub(r"<(style|svg)\b.*?</\1>", "", text, flags=re.S)
        text = re.sub(r"<h2>Sources</h2>.*?(?=<h2>|</main>|$)", "", text, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
    else:
        text = re.sub(r"^## Sources$.*?(?=^## |\Z)", "", text, flags=re.S | re.M)
        text = html.unescape(text)  # the Markdown renderer writes HTML entities for <, >, &, ` and friends
    return [line.strip() for line in text.splitlines() if line.strip()]


def english_left(report) -> list[str]:
    """Every English sentence in `report` written as JSON, Markdown and HTML."""
    data = json.loads(render(report, "json"))
    names = _names(data)
    found = [f"json: {t}" for t in _json_texts(data) if _english(t, names)]
    for fmt in ("markdown", "html"):
        found += [f"{fmt}: {line}" for line in _visible(render(report, fmt), fmt) if _english(line, names)]
    return [f for f in found if not any(p.search(f) for p in ELSEWHERE)]


def _offline(path: Path, **extra):
    analysis = prepare_file(path, lang="fr", **extra)
    return build_report(analysis.loaded, analysis.advice, analysis.kb, lang="fr")


def _check(reports: dict[str, object]) -> None:
    left = {f"{name}: {line}" for name, report in reports.items() for line in english_left(report)}
    assert not left, "\n".join(sorted(left)[:40])


def _zoneless_profile(tmp_path: Path) -> Path:
    """The example profile without its zone column, so any region may use it (unchecked, and said so)."""
    rows = [line.split(",") for line in PROFILE.read_text(encoding="utf-8").splitlines()]
    drop = rows[0].index("Zone Id")
    path = tmp_path / "profile.csv"
    path.write_text("\n".join(",".join(c for i, c in enumerate(r) if i != drop) for r in rows) + "\n", encoding="utf-8")
    return path


# -- the detector itself ----------------------------------------------------------------------------

def test_the_detector_finds_english_and_lets_names_and_quotes_through():
    names = ["vLLM", "NVIDIA A100 80GB SXM4"]
    assert _english("measured with CodeCarbon (2 runs)", names)
    assert _english("accélérateurs seuls, mesurés avec Zeus : the estimate's GPU share", names)
    assert not _english("mesuré avec CodeCarbon (2 exécutions, 3,1 kWh en 7,08e+03 s)", names)
    assert not _english("EcoLogits : « The model architecture is new, expect lower precision. »", names)
    assert not _english("NVIDIA A100 80GB SXM4 : repos + utilisation 0,75 × (TDP 400 W − repos)", names)
    assert not _english("assumptions.host_overhead_ratio (modifiable dans les assumptions du fichier)", names)


# -- offline: every example and every eval case ----------------------------------------------------

def test_every_example_and_eval_case_is_french_in_every_format():
    kb = load_kb()
    reports = {path.name: _offline(path) for path in EXAMPLES}
    for path in CASES:
        analysis = prepare(load_case(path, kb).loaded, kb, "fr")
        reports[f"case {path.name}"] = build_report(analysis.loaded, analysis.advice, kb, lang="fr")
    _check(reports)


def test_measured_footprints_are_french_with_every_kind_of_metrics_file():
    from advisor.errors import InputError

    reports = {}
    for path in EXAMPLES:
        for metrics in METRICS:
            try:
                reports[f"{path.name} + {metrics}"] = _offline(path, metrics=FIXTURES / metrics)
            except InputError:  # a file this system cannot use at all (no computed record for it): bad input
                continue
    assert len(reports) > 3 * len(EXAMPLES), sorted(reports)
    measured = [r for r in reports.values() if any(w.measured for w in r.footprint.workloads)]
    assert {w.figures["energy_kwh_month"].note.split(" ")[2] for r in measured for w in r.footprint.workloads
            if w.measured} >= {"CodeCarbon", "Zeus", "EcoLogits"}  # each tool's figure note, before wording
    _check(reports)


def test_a_grid_profile_is_french_for_every_self_hosted_example(tmp_path):
    profile = _zoneless_profile(tmp_path)
    reports = {path.name: _offline(path, grid_profile=profile) for path in EXAMPLES}
    reports["nightly-training-gcp.yaml, zone checked"] = _offline(ROOT / "examples" / "nightly-training-gcp.yaml",
                                                                  grid_profile=PROFILE)
    note = reports["nightly-training-gcp.yaml, zone checked"].footprint.workloads[0].figures["grid_intensity_gco2e_per_kwh"].note
    french = json.loads(render(reports["nightly-training-gcp.yaml, zone checked"], "json"))
    said = french["footprint"]["workloads"][0]["figures"]["grid_intensity_gco2e_per_kwh"]["note"]
    assert note.startswith("grid profile grid-profile-asia-east1.csv") and "mean of the profile" in note  # English kept
    assert said.startswith("profil du réseau grid-profile-asia-east1.csv") and "moyenne du profil" in said
    assert "la zone TW est celle de gcp asia-east1" in said
    _check(reports)


# -- the live grid ---------------------------------------------------------------------------------

class _Grid(BaseHTTPRequestHandler):
    """Electricity Maps' latest intensity and WattTime's forecast, or a refusal (`fail`)."""

    fail = False

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        if _Grid.fail:
            body, status = {"message": "invalid token"}, 401
        elif self.path.startswith("/v3/carbon-intensity/latest"):
            body, status = {"zone": "TW", "carbonIntensity": 512, "datetime": "2025-05-06T14:00:00.000Z"}, 200
        elif self.path.startswith("/login"):
            body, status = {"token": "jwt"}, 200
        else:
            body, status = {"data": [{"point_time": "2025-05-06T14:05:00+00:00", "value": 900.0}],
                            "meta": {"units": "lbs_co2_per_mwh", "region": "x"}}, 200
        send_json(self, status, body)


@pytest.fixture
def grid_server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Grid)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    _Grid.fail = False
    httpd.shutdown()
    httpd.server_close()


def _with_grid_now(path: Path, ttl: float = 0.0, **extra):
    from advisor.batch import report_for

    return report_for(path, settings=Settings(grid_cache_ttl_s=ttl), choice=None, level="pro", lang="fr", log=False, **extra)


@pytest.mark.parametrize("provider", ["electricitymaps", "watttime"])
def test_the_live_grid_reading_and_its_fallback_are_french(grid_server, monkeypatch, tmp_path, provider):
    if provider == "electricitymaps":
        monkeypatch.setenv("ELECTRICITYMAPS_TOKEN", "em-token-0123456789")
        monkeypatch.setenv("GREENADVISOR_ELECTRICITYMAPS_URL", grid_server)
    else:
        monkeypatch.setenv("WATTTIME_USERNAME", "ada")
        monkeypatch.setenv("WATTTIME_PASSWORD", "wt-password-0123")
        monkeypatch.setenv("GREENADVISOR_WATTTIME_URL", grid_server)
    nightly = ROOT / "examples" / "nightly-training-gcp.yaml"
    reports = {f"{path.name} live": _with_grid_now(path, ttl=900) for path in EXAMPLES}  # the same zone twice: cached
    live = reports["nightly-training-gcp.yaml live"].grid_now
    assert live is not None and live.live, live
    assert any(r.grid_now is not None and r.grid_now.cached for r in reports.values())
    _Grid.fail = True
    reports |= {f"{path.name} refused": _with_grid_now(path) for path in EXAMPLES}
    reports["nightly-training-gcp.yaml refused, profile"] = _with_grid_now(nightly, grid_profile=PROFILE)
    shown = json.loads(render(reports["nightly-training-gcp.yaml refused, profile"], "json"))["grid_now"]
    assert not shown["live"] and "affiché car l'intensité actuelle est indisponible" in shown["figure"]["note"]
    _check(reports)


def test_the_live_reading_note_reads_in_french(grid_server, monkeypatch):
    monkeypatch.setenv("ELECTRICITYMAPS_TOKEN", "em-token-0123456789")
    monkeypatch.setenv("GREENADVISOR_ELECTRICITYMAPS_URL", grid_server)
    report = _with_grid_now(ROOT / "examples" / "nightly-training-gcp.yaml")
    assert report.grid_now.figure.note.startswith("Electricity Maps maintenant, zone TW (gcp asia-east1), à 2025-05-06")
    assert report.grid_now.figure.note.endswith("une heure n'est pas un mois.")


# -- models: mocks, scripted failures, the structured-answer notes -----------------------------------

def _mocked(name: str, **settings):
    from advisor.batch import report_for

    choice = ModelChoice(provider="mock", model=name)
    return report_for(ROOT / "examples" / "doc-analyzer.yaml", settings=Settings(**settings), choice=choice, level="pro",
                      lang="fr", use_cache=False, log=False)


def _scripted(*replies, path: Path = ROOT / "examples" / "doc-analyzer.yaml"):
    analysis = prepare_file(path, lang="fr")
    llm = ScriptedChatModel(replies=list(replies))
    return model_report(analysis, ModelChoice(provider="openai", model="gpt-4o-mini"), Settings(), lang="fr",
                        use_cache=False, fallback="offline", log=False, llm=llm, sleep=lambda seconds: None)


def _rows(messages, n: int = 12) -> str:
    """`n` rows from the engine's candidates, written in French (the rows are the model's words)."""
    candidates = prompt_data(messages).get("candidates", [])
    rows = [{"technique_id": c["technique_id"], "workload": c["workload"], "action": "appliquer", "impact": "",
             "difficulty": c["difficulty"], "tools": [], "accuracy_risk": c["accuracy_risk"], "warning": None}
            for c in (candidates * n)[:n]]
    return json.dumps({"summary": "", "recommendations": rows})


class _Unreadable(IndexError):
    """A 200 whose body has no choices, as the SDK raises it."""

    status_code = 200


class _Busy(Exception):
    """HTTP 429 asking to come back in an hour."""

    status_code = 429
    response = type("R", (), {"status_code": 429, "headers": {"retry-after": "3600"}})()


def test_model_paths_are_french():
    absurd = lambda messages: AIMessage(content=_rows(messages), usage_metadata={  # noqa: E731
        "input_tokens": -5000, "output_tokens": 10**30, "total_tokens": 0})
    cut = AIMessage(content='{"summary": "", "recomm', response_metadata={"finish_reason": "length"})
    filtered = AIMessage(content="", response_metadata={"finish_reason": "content_filter"})
    reports = {
        "mock:valid": _mocked("valid"),
        "mock:hostile": _mocked("hostile"),
        "mock:broken": _mocked("broken", fallback="offline"),
        "too many rows, absurd usage": _scripted(absurd),
        "cut three times": _scripted(cut, cut, cut),
        "filtered three times": _scripted(filtered, filtered, filtered),
        "unreadable": _scripted(*[_Unreadable("list index out of range")] * 4),
        "rate-limited for an hour": _scripted(_Busy("slow down")),
        "JSON inside prose": _scripted(lambda messages: "Voici le tableau :\n```json\n" + _rows(messages, 3) + "\n```"),
        "no advice": _scripted('{"summary": "", "recommendations": []}'),
    }
    assert "le modèle a donné 12 recommandations ; les 10 premières sont conservées" in reports["too many rows, absurd usage"].guardrails
    assert any(w.startswith("le serveur a annoncé une consommation de tokens invraisemblable (entrée -5000, sortie 1")
               for w in reports["too many rows, absurd usage"].warnings)
    assert reports["cut three times"].model_failed.startswith(
        "le modèle openai:gpt-4o-mini a échoué (la réponse a été coupée à la limite de tokens (après 3 tentatives))")
    assert "le serveur a renvoyé une réponse illisible : la réponse n'a aucun choix" in reports["unreadable"].model_failed
    assert "débit limité : le serveur demande de réessayer dans 1 h" in reports["rate-limited for an hour"].model_failed
    _check(reports)


def test_the_same_failures_stay_english_in_an_english_report():
    analysis = prepare_file(ROOT / "examples" / "doc-analyzer.yaml")
    cut = AIMessage(content='{"summary": "", "recomm', response_metadata={"finish_reason": "length"})
    report = model_report(analysis, ModelChoice(provider="openai", model="gpt-4o-mini"), Settings(), use_cache=False,
                          fallback="offline", log=False, llm=ScriptedChatModel(replies=[cut, cut, cut]),
                          sleep=lambda seconds: None)
    assert report.model_failed == ("the model openai:gpt-4o-mini failed (the answer was cut at the token limit "
                                   "(after 3 attempts)); the offline engine answered instead")
    data = json.loads(render(report, "json"))
    figures = data["footprint"]["workloads"][0]["figures"]
    assert figures["energy_kwh_month"]["note"] == "at the meter (PUE included)"
    assert figures["accelerator_power_w"]["note"].endswith("× (TDP 400 W − idle), per accelerator")


# -- compare ----------------------------------------------------------------------------------------

def test_a_french_comparison_is_french_in_every_format(cli):
    a, b = ROOT / "examples" / "doc-analyzer.yaml", ROOT / "examples" / "doc-analyzer-after.yaml"
    args = ("compare", a, b, "--lang", "fr", "--metrics-b", FIXTURES / "codecarbon" / "gpu-8xa100.csv")
    data = cli(*args, "--format", "json").json()
    measured = [w for w in data["workloads"] if "mesuré avec CodeCarbon" in json.dumps(w, ensure_ascii=False)]
    names = sorted(set(_kb_names()) | {w["name"] for w in data["workloads"]}
                   | {line for side in (data["a"], data["b"]) for line in (side["system"].get("description") or "").splitlines()},
                   key=len, reverse=True)
    left = [f"json: {t}" for t in _json_texts(data) if _english(t, names)]
    for fmt in ("markdown", "html"):
        run = cli(*args, "--format", fmt)
        assert run.code == 0, run.stderr
        left += [f"{fmt}: {line}" for line in _visible(run.stdout, fmt) if _english(line, names)]
    left = [f for f in left if not any(p.search(f) for p in ELSEWHERE)]
    assert measured and not left, "\n".join(left[:40])


# -- the tables ------------------------------------------------------------------------------------

def _tables():
    from advisor import footprint, hosted
    from advisor.measured import words as measured_words
    from advisor.grid import words as grid_words
    from advisor.llm import words as llm_words

    return {"footprint.NOTES": footprint.NOTES, "hosted.NOTES": hosted.NOTES, "measured_words.WORDS": measured_words.WORDS,
            "grid.words.WORDS": grid_words.WORDS, "llm.words.CALL_NOTES": llm_words.CALL_NOTES}


@pytest.mark.parametrize("name", sorted(_tables()))
def test_every_sentence_table_has_the_same_keys_and_placeholders_in_both_languages(name):
    import string

    table = _tables()[name]

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    assert table["en"].keys() == table["fr"].keys(), name
    for key, en in table["en"].items():
        fr = fields(table["fr"][key])
        # a singular may leave its count out ("le GPU qu'il surveillait"), never add a value of its own
        assert fr <= fields(en) if key.endswith("_one") else fr == fields(en), (name, key)
