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
    assert "lang: fr" in result.stdout and "énergie" in result.stdout
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
    s._llm = ScriptedChatModel(replies=[Boom("upstream down"), "Batch first, then right-size."])
    s.handle("what first?")
    assert any("model error" in o and "the session goes on" in o for o in out)
    s.handle("and then?")
    assert "Batch first, then right-size." in "".join(out)
    assert [role for role, _ in s.history] == ["user", "assistant"]  # the failed turn is not remembered


def test_memory_is_trimmed_to_the_budget_but_keeps_the_grounding():
    s, _ = session(example("doc-analyzer.yaml"), model="mock:valid")
    model = ScriptedChatModel(replies=["ok"] * 3)
    s._llm = model
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
