"""`greenadvisor chat`: driven as a person would, in a real pseudo-terminal, through a pipe, and at the session level."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from advisor.chat.session import Session
from advisor.home import Settings
from advisor.kb import load_kb
from advisor.llm.mock import ScriptedChatModel
from advisor.loader import load_architecture
from conftest import ALL_EXAMPLES, ROOT, example

CLI = [sys.executable, "-c", "from advisor.cli.app import main; main()"]


def session(path, **kw) -> tuple[Session, list[str]]:
    out: list[str] = []
    kb = load_kb()
    s = Session(load_architecture(path, kb), kb, Settings(), lambda text="", end="\n": out.append(text + end), **kw)
    return s, out


def test_repl_in_a_real_terminal(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    env = dict(os.environ, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", NO_COLOR="1", COLUMNS="160", LINES="50")
    child = pexpect.spawn(CLI[0], [*CLI[1:], "chat", str(example("doc-analyzer.yaml"))], env=env, cwd=str(tmp_path),
                          encoding="utf-8", timeout=60, dimensions=(50, 160))
    try:
        child.expect("greenadvisor>")
        assert "kWh/month" in child.before and "Continuous batching" in child.before
        child.sendline("/footprint")
        child.expect("gCO2e/request")
        child.expect("greenadvisor>")
        child.sendline("/whatif region=eu-north-1")
        child.expect(r"emissions: 715 → \d+ kgCO2e/month \(−")
        child.expect("greenadvisor>")
        child.sendline("/frobnicate")
        child.expect("unknown command /frobnicate")
        child.expect("greenadvisor>")
        child.sendline("why not fp8?")
        child.expect("no FP8 support")
        child.expect("greenadvisor>")
        target = tmp_path / "after.json"
        child.sendline(f"/export {target}")
        child.expect("wrote")
        child.expect("greenadvisor>")
        child.sendline("/quit")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    report = json.loads(target.read_text())
    assert report["system"]["region"] == "eu-north-1"  # the export carries the what-if


def test_piped_input_for_scripting(tmp_path):
    commands = f"/lang fr\n/table\n/export {tmp_path / 'r.md'}\n/quit\nnever read\n"
    result = subprocess.run([*CLI, "chat", str(example("support-chatbot-azure.yaml"))], input=commands,
                            capture_output=True, text=True, timeout=60, env=dict(os.environ, GREENADVISOR_HOME=str(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert "langue : fr" in result.stdout and "énergie" in result.stdout
    assert "| Action | Impact estimé | Difficulté d'implémentation | Outils suggérés |" in (tmp_path / "r.md").read_text()


def _other_place(s: Session) -> tuple[str, int]:
    """A cleaner place (emissions must fall), or a dirtier one when the system is already in the cleanest."""
    arch = s.loaded.architecture
    kb = s.kb
    if arch.cloud.provider == "on-prem":
        return ("country=SWE", -1) if kb.countries["SWE"].value < kb.countries[arch.cloud.country].value else ("country=POL", +1)
    here = kb.regions[(arch.cloud.provider, arch.cloud.region)]
    options = [r for (p, _), r in kb.regions.items() if p == arch.cloud.provider]
    best = min(options, key=lambda r: r.value)
    if best.value < here.value:
        return f"region={best.key}", -1
    return f"region={max(options, key=lambda r: r.value).key}", +1


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=[f"{p.parent.parent.name}/{p.stem}" for p in ALL_EXAMPLES])
def test_whatif_moves_the_footprint_the_expected_way(path):
    s, out = session(path)
    has_hosted_only = all(w.kind == "llm-api" for w in s.loaded.architecture.workloads)
    move, direction = _other_place(s)
    s.handle("/whatif " + move)
    e0, e1, c0, c1 = s.last_delta
    if has_hosted_only:
        assert c1 == pytest.approx(c0)  # a hosted model runs where its provider serves it
    else:
        assert (c1 - c0) * direction > 0 and e1 == pytest.approx(e0, rel=0.02)
    s.handle("/reset")
    lowered = {"fp32": "fp16", "bf16": "int8", "fp16": "int8"}
    for w in s.loaded.architecture.workloads:
        if w.kind == "llm-api" or w.model.precision not in lowered:
            continue
        before = s.analysis.footprint.energy.value
        s.handle(f"/whatif {w.name}.precision={lowered[w.model.precision]}")
        text = out[-1]
        e0, e1, _, _ = s.last_delta
        if "includes the engine's" in text:
            assert e1 < e0 == pytest.approx(before)
        else:
            assert "no effect expected here" in text and e1 == pytest.approx(e0)
        s.handle("/reset")


def test_bad_values_get_a_message_not_a_crash():
    s, out = session(example("doc-analyzer.yaml"))
    for line in ("/whatif region=mars-1", "/whatif utilization=7", "/whatif nonsense", "/whatif ghost.precision=int8",
                 "/level expert", "/model nope", "/whatif utilisation=0.5", "/metrics /no/such.csv", "/export report.pdf", "/explain", '/whatif "unclosed'):
        assert s.handle(line) is True
        assert out[-1].strip(), line
    assert any("did you mean" in o for o in out)
    assert s.loaded.architecture.cloud.region == "us-east-1"  # a failed what-if changes nothing


class Boom(Exception):
    status_code = 503


def test_provider_errors_mid_conversation_leave_the_session_usable():
    s, out = session(example("doc-analyzer.yaml"), model="mock:valid")
    s.llm = ScriptedChatModel(replies=[Boom("upstream down"), "Batch first, then right-size."])
    s.handle("what first?")
    assert any("model error" in o and "the session goes on" in o for o in out)
    s.handle("and then?")
    assert "Batch first, then right-size." in "".join(out)
    assert [role for role, _ in s.history] == ["user", "assistant"]  # the failed turn is not remembered


def test_memory_is_trimmed_to_the_budget_but_keeps_the_grounding():
    s, _ = session(example("doc-analyzer.yaml"), model="mock:valid")
    model = ScriptedChatModel(replies=["ok"] * 3)
    s.llm = model
    s.history = [("user", "word " * 7000), ("assistant", "word " * 7000), ("user", "recent question"), ("assistant", "recent answer")]
    s.handle("new question")
    sent = model.history[-1]
    assert "<architecture_data>" in sent[0].content  # grounding always first
    texts = [m.content for m in sent[1:]]
    assert "recent question" in texts and not any(t.startswith("word word") for t in texts)


def test_offline_answers_questions_about_techniques():
    s, out = session(example("support-chatbot-azure.yaml"))
    s.handle("tell me about semantic caching")
    assert "semantic-caching" in out[-1] and "here, on chat-answers" in out[-1]
    s.handle("what's the weather?")
    assert "offline" in out[-1]


def test_whatif_reports_carry_the_files_notes_not_false_ones(tmp_path):
    s, _ = session(example("doc-analyzer.yaml"), metrics=ROOT / "tests" / "fixtures" / "codecarbon" / "two-projects.csv")
    before = list(s.report().warnings)
    s.handle("/whatif utilization=0.6")
    s.handle("/lang fr")
    s.handle("/lang en")
    after = s.report().warnings
    assert after == before  # no "not given" notes invented, no duplicated measurement notes


def test_whatifs_start_from_what_the_previous_one_showed():
    """A precision change is an estimate the power model cannot see: it must carry to the next step, not vanish."""
    s, out = session(example("doc-analyzer.yaml"))
    raw = s.analysis.footprint.energy.value
    shown = []
    for line in ("/whatif region=eu-north-1", "/whatif document-analysis.precision=int8", "/whatif utilization=0.7",
                 "/whatif region=us-east-1 precision=int4"):
        s.handle(line)
        shown.append(s.last_delta)
    for previous, current in zip(shown, shown[1:]):
        assert current[0] == pytest.approx(previous[1]) and current[2] == pytest.approx(previous[3])
    e_precision, e_utilization = shown[1], shown[2]
    assert e_precision[1] < e_precision[0] == pytest.approx(raw)
    # more utilization scales the estimated workload: still below the calculator's own figure
    assert e_utilization[1] < s.analysis.footprint.energy.value
    assert "includes the engine's quantization-int4 estimate" in out[-1]
    assert "quantization-int8" not in out[-1]  # int4 replaces int8: one estimate from the file's precision
    s.handle("/footprint")
    assert "with the engine's estimate of the precision what-ifs (quantization-int4 on document-analysis)" in out[-1]
    s.handle("/whatif precision=fp16")  # back to the file's precision: the estimate goes
    assert s.last_delta[1] == pytest.approx(s.analysis.footprint.energy.value)
    assert s.last_delta[3] == pytest.approx(s.analysis.footprint.emissions.value)


# -- an unusable model stops chat before it starts --------------------------------------

@pytest.mark.parametrize("spec", ["mock:nope", "openai:gpt-4o", "nope"])
def test_an_unusable_model_exits_2_before_the_session_with_analyzes_message(spec, tmp_path):
    env = dict(os.environ, GREENADVISOR_HOME=str(tmp_path))
    file = str(example("doc-analyzer.yaml"))
    chat = subprocess.run([*CLI, "chat", file, "--model", spec], input="what first?\n", capture_output=True, text=True,
                          timeout=60, env=env)
    analyze = subprocess.run([*CLI, "analyze", file, "--model", spec, "--no-log"], capture_output=True, text=True,
                             timeout=60, env=env)
    assert analyze.returncode == 2
    assert (chat.returncode, chat.stdout, chat.stderr) == (2, "", analyze.stderr)


def test_switching_to_a_model_without_its_key_is_refused_and_offline_goes_on():
    s, out = session(example("doc-analyzer.yaml"))
    s.handle("/model openai:gpt-4o")
    assert "no API key" in out[-1] and "OPENAI_API_KEY" in out[-1]
    assert s.model == "offline"
    s.handle("why not fp8?")
    assert "no FP8 support" in out[-1]


# -- questions that name a place or an accelerator are what-ifs --------------------------

def _delta_of(path, command):
    s, _ = session(path)
    s.handle(command)
    return s.last_delta


@pytest.mark.parametrize("question, command", [
    ("and if we move to eu-north-1?", "/whatif region=eu-north-1"),  # the README's example
    ("What about EU-WEST-3, then", "/whatif region=eu-west-3"),
    ("could we go to swedencentral instead", "/whatif provider=azure region=swedencentral"),  # another provider's
    ("and with nvidia-h100-80gb GPUs?", "/whatif accelerator=nvidia-h100-80gb"),
])
def test_offline_questions_naming_a_region_or_an_accelerator_answer_with_its_whatif(question, command):
    s, out = session(example("doc-analyzer.yaml"))
    s.handle(question)
    assert s.last_delta == pytest.approx(_delta_of(example("doc-analyzer.yaml"), command))
    assert "what-if: " + command.removeprefix("/whatif ").replace(" ", ", ") in out[-1]
    assert "hardware-upgrade" not in out[-1]


def test_a_question_naming_the_current_region_is_not_a_move():
    s, out = session(example("doc-analyzer.yaml"))
    s.handle("why not fp8 in us-east-1?")
    assert s.last_delta is None and "no FP8 support" in out[-1]


def test_a_question_naming_a_workload_moves_only_that_workload(tmp_path):
    s, out = session(example("doc-analyzer.yaml"))
    s.handle("what if document-analysis used nvidia-l4?")
    assert "what-if: document-analysis.accelerator=nvidia-l4" in out[-1]


# -- French chat is French --------------------------------------------------------------

ENGLISH = ["Type a question", "Commands:", "this help", "kWh/month", "kgCO2e/month", "grid ", "gCO2e/request",
           "here, on", "offline, I answer", "unknown command", "risk none", "risk medium", "what-if:", "energy:",
           "emissions:", "goes back to the file", "usage:", "the file name must", "back to the file", "includes the engine",
           "not for ", "sources:", "error:", "measured"]


def _tour(lang: str) -> str:
    s, out = session(example("doc-analyzer.yaml"), lang=lang)
    s.opening()
    for line in ("/help", "/whatif region=eu-north-1", "/whatif document-analysis.precision=int8", "/footprint",
                 "/table", "cache sémantique", "semantic caching", "why not fp8?", "what's the weather?", "/frobnicate",
                 "/level expert", "/export report.pdf", "/explain", "/whatif nonsense=1", "/whatif ghost.precision=int8",
                 "/reset"):
        s.handle(line)
    return "".join(out)


def test_chat_in_french_says_everything_in_french():
    french = _tour("fr")
    assert [w for w in ENGLISH if w in french] == []
    for word in ("Posez une question", "kWh/mois", "réseau", "gCO2e/requête", "ici, sur document-analysis",
                 "commande inconnue", "/whatif", "/help", "énergie :", "risque : aucun"):
        assert word in french, word
    english = _tour("en")
    for word in ("Type a question", "kWh/month", "here, on document-analysis", "unknown command", "risk none", "energy:"):
        assert word in english, word


def test_chat_sentences_exist_in_both_languages_with_the_same_placeholders():
    import string

    from advisor.chat.words import WORDS

    assert set(WORDS["en"]) == set(WORDS["fr"])
    fields = lambda text: {f for _, f, _, _ in string.Formatter().parse(text) if f}  # noqa: E731
    assert {k: fields(v) for k, v in WORDS["en"].items()} == {k: fields(v) for k, v in WORDS["fr"].items()}


# -- what-if errors name the file once ----------------------------------------------------

def test_a_failing_whatif_after_several_names_the_file_once():
    s, out = session(example("doc-analyzer.yaml"))
    for line in ("/whatif region=eu-north-1", "/whatif utilization=0.5", "/whatif precision=int8"):
        s.handle(line)
    s.handle("/whatif hours_per_month=-1")
    assert out[-1].startswith("error: what-if on doc-analyzer.yaml: workloads.0.hardware.hours_per_month")
    assert out[-1].count("what-if on") == 1


def test_whatifs_on_a_file_with_relative_metrics_still_find_them(tmp_path):
    folder = tmp_path / "system"
    folder.mkdir()
    (folder / "m.csv").write_text((ROOT / "tests" / "fixtures" / "codecarbon" / "two-projects.csv").read_text())
    (folder / "a.yaml").write_text(example("doc-analyzer.yaml").read_text() + "\nmetrics: m.csv\n")
    s, out = session(folder / "a.yaml")
    measured = s.analysis.footprint.energy.value
    s.handle("/whatif region=eu-north-1")
    s.handle("/whatif region=us-east-1")
    assert "error" not in "".join(out)
    assert s.analysis.footprint.energy.value == pytest.approx(measured)


# -- a model's reply that breaks a hard rule gets a note ---------------------------------

def test_a_hostile_reply_is_followed_by_the_rules_it_breaks():
    s, out = session(example("doc-analyzer.yaml"), model="mock:hostile")
    s.handle("what should we do first?")
    text = "".join(out)
    assert "move everything to the cheapest region tonight" in text
    note = text.split("accuracy does not matter.", 1)[1]
    assert "carbon-aware-scheduling" in note and "region-selection" in note and "not deferrable" in note
    assert "f1" in note and "0.9" in note  # the quality floor the reply waves away
    assert [r for r, _ in s.history] == ["user", "assistant"]


@pytest.mark.parametrize("path, reply, expected", [
    ("batch-summaries-mumbai.yaml", "Turn on continuous batching in vLLM.", "already in place"),
    ("nightly-training-gcp.yaml", "Use Amazon SageMaker Training Compiler and AWS Batch.", "aws"),
    ("doc-analyzer.yaml", "Switch to FP8 quantization on your A100s.", "no FP8 support"),
    ("support-chatbot-azure.yaml", "Put Amazon ElastiCache in front as a semantic cache.", "Amazon ElastiCache belongs to aws"),
])
def test_replies_naming_a_forbidden_action_get_a_note(path, reply, expected):
    s, out = session(example(path), model="mock:valid")
    s.llm = ScriptedChatModel(replies=[reply])
    s.handle("what next?")
    text = "".join(out)
    assert reply in text and expected in text.split(reply, 1)[1]


@pytest.mark.parametrize("path, reply", [
    ("doc-analyzer.yaml", "Start with continuous batching, then right-size the GPU fleet."),
    ("support-chatbot-azure.yaml", "Add semantic caching."),  # allowed on the chat workload, not on the embeddings one
])
def test_a_reply_within_the_rules_gets_no_note(path, reply):
    s, out = session(example(path), model="mock:valid")
    s.llm = ScriptedChatModel(replies=[reply])
    s.handle("what first?")
    assert out[-1] == "\n" and "rule" not in "".join(out)


def test_notes_on_a_french_reply_are_french():
    s, out = session(example("doc-analyzer.yaml"), model="mock:valid", lang="fr")
    s.llm = ScriptedChatModel(replies=["Décalez les traitements cette nuit."])
    s.handle("et ensuite ?")
    assert "règles" in "".join(out) and "carbon-aware-scheduling" in "".join(out)
