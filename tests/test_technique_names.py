"""One matcher for what a technique is called: ids read onto the knowledge base, names found in prose.

The common names (`aliases`) live in knowledge/techniques/*.yaml; these tests hold the user-visible
effects: a model's id written as a common name lands on the right technique, a chat reply or a
summary naming a technique by a common name (in either language) is seen, and a knowledge base
whose aliases are ambiguous is refused before anything reads it.
"""

from __future__ import annotations

import json
import os
import shutil
import time

import pytest
from conftest import edited_knowledge, example, run_cli
from wire import WireServer, openai_reply

from advisor import kbcache, technique_names
from advisor.analysis import prepare_file
from advisor.chat.session import Session
from advisor.errors import KnowledgeBaseError
from advisor.home import Settings
from advisor.kb import KnowledgeBase, load_kb
from advisor.llm.answer import ModelAnswer
from advisor.llm.guard import apply
from advisor.llm.ids import canonical
from advisor.llm.mock import ScriptedChatModel
from advisor.loader import load_architecture
from advisor.paths import knowledge_dir

# what advisor/llm/ids.py read onto which id before common names moved to the knowledge base
OLD_ALIASES = {
    "lora": "peft", "qlora": "peft", "parameter-efficient-fine-tuning": "peft",
    "knowledge-distillation": "distillation", "model-distillation": "distillation",
    "dynamic-batching": "continuous-batching", "in-flight-batching": "continuous-batching",
    "inflight-batching": "continuous-batching",
    "prefix-caching": "kv-cache-reuse", "prompt-caching": "kv-cache-reuse", "kv-cache": "kv-cache-reuse",
    "kv-caching": "kv-cache-reuse",
    "fp16-inference": "half-precision-inference", "half-precision": "half-precision-inference",
    "mixed-precision": "mixed-precision-training", "amp": "mixed-precision-training",
    "carbon-aware": "carbon-aware-scheduling", "time-shifting": "carbon-aware-scheduling",
    "temporal-shifting": "carbon-aware-scheduling",
    "spatial-shifting": "region-selection", "region-shifting": "region-selection",
    "power-limiting": "power-capping", "gpu-power-capping": "power-capping",
    "int8": "quantization-int8", "int4": "quantization-int4", "fp8": "quantization-fp8",
}


@pytest.mark.parametrize("written, meant", sorted(OLD_ALIASES.items()))
def test_every_former_alias_still_reads_onto_the_same_id(kb, written, meant):
    assert canonical(written, kb.techniques) == meant
    assert canonical(written.replace("-", " ").upper(), kb.techniques) == meant


def test_every_name_and_alias_reads_back_onto_its_own_technique(kb):
    """As a model's id (exactly) and in prose (found): no alias is lost to another technique."""
    names = technique_names.of(kb.techniques)
    wrong = []
    for tid, technique in kb.techniques.items():
        for name in (technique.name.en, technique.name.fr, *technique.aliases.en, *technique.aliases.fr):
            if canonical(name, kb.techniques) != tid or tid not in names.found(f"Try {name}, then measure."):
                wrong.append((tid, name))
    assert not wrong


def test_every_technique_has_common_names(kb):
    assert not [tid for tid, t in kb.techniques.items() if not (t.aliases.en or t.aliases.fr)]


@pytest.mark.parametrize("text, found", [
    ("Fine-tune with LoRA first.", ["peft"]),
    ("fine-tune with lora first", ["peft"]),                        # any case
    ("Turn on in flight batching.", ["continuous-batching"]),       # a space where the alias has a hyphen
    ("Turn on in-flight-batching.", ["continuous-batching"]),
    ("Use parameter-efficient fine-tuning.", ["peft"]),             # the name, its brackets aside
    ("Activez le cache sémantique.", ["semantic-caching"]),
    ("Activez le cache de préfixe.", ["kv-cache-reuse"]),
    ("Try 2:4 sparsity.", ["pruning"]),
    ("LoRaWAN sensors and an AMPLIFIER.", []),                      # whole words only
    ("Use kv-cache-reuse.", ["kv-cache-reuse"]),
    ("Write a shorter prompt. Compression of logs is unrelated.", []),  # never across a sentence end
])
def test_prose_names_techniques_by_whole_words(kb, text, found):
    assert technique_names.of(kb.techniques).found(text) == found


def test_an_id_outside_the_knowledge_base_is_looked_for_as_itself(kb):
    names = technique_names.of(kb.techniques)
    assert names.mentions("Then try Quantum Annealing.", "quantum-annealing")
    assert not names.mentions("Then try annealing.", "quantum-annealing")


# -- the knowledge base refuses ambiguous aliases --------------------------------------------------

@pytest.mark.parametrize("alias, message", [
    # between two aliases, the file read second is refused (alphabetical order), naming both
    ("LoRA", ("techniques/peft.yaml: alias 'LoRA' of peft is already the alias of technique 'distillation' "
              "(techniques/distillation.yaml)")),
    ("kv cache", "alias 'KV cache' of kv-cache-reuse is already the alias of technique 'distillation'"),
    ("Pruning", ("techniques/distillation.yaml: alias 'Pruning' of distillation is already the id of technique "
                 "'pruning' (techniques/pruning.yaml)")),
    ("Décodage spéculatif", ("alias 'Décodage spéculatif' of distillation is already the name of technique "
                             "'speculative-decoding'")),
    ("(see LoRA)", "techniques/distillation.yaml: alias '(see LoRA)' of distillation is empty"),
    ("  ", "alias '  ' of distillation is empty"),
])
def test_an_ambiguous_or_empty_alias_is_refused_naming_file_and_techniques(tmp_path, alias, message):
    root = edited_knowledge(tmp_path, "techniques/distillation.yaml", '  en: ["knowledge distillation"',
                            f'  en: ["{alias}", "knowledge distillation"')
    with pytest.raises(KnowledgeBaseError) as raised:
        KnowledgeBase(root)
    assert message in str(raised.value)


def test_an_edited_alias_is_read_again_not_served_from_the_pickle(tmp_path):
    root = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir(), root)
    first = kbcache.cached(root, KnowledgeBase)
    assert technique_names.of(first.techniques).found("Try delta tuning.") == []
    path = root / "techniques" / "peft.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('en: ["LoRA",', 'en: ["delta tuning", "LoRA",', 1),
                    encoding="utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000_000))
    second = kbcache.cached(root, KnowledgeBase)
    assert technique_names.of(second.techniques).found("Try delta tuning.") == ["peft"]
    assert canonical("Delta-Tuning", second.techniques) == "peft"


# -- what a user sees ------------------------------------------------------------------------------

def test_a_model_id_written_as_a_common_name_lands_on_the_right_technique():
    """End to end: a model (the loopback OpenAI server) answers `In-flight batching` and
    `Automatic prefix caching` as technique ids; the report carries the knowledge base's ids with the calculator's figures."""
    answer = {"summary": "Batch first.", "recommendations": [
        {"technique_id": "In-flight batching", "workload": "document-analysis", "action": "Batch requests",
         "impact": "", "difficulty": "low", "tools": ["vLLM"], "accuracy_risk": "none", "warning": None},
        {"technique_id": "Automatic prefix caching", "workload": "document-analysis", "action": "Reuse prefixes",
         "impact": "", "difficulty": "low", "tools": ["vLLM"], "accuracy_risk": "none", "warning": None},
    ]}
    with WireServer() as server:
        server.responder = lambda body: openai_reply(json.dumps(answer))
        result = run_cli("analyze", example("doc-analyzer.yaml"), "--model", "openai:test-model", "--base-url",
                         f"{server.url}/v1", "--format", "json", "--timeout", "5", "--no-cache", "--no-log")
    assert result.code == 0, result.stderr
    report = result.json()
    rows = report["recommendations"]
    assert [r["technique_id"] for r in rows] == ["continuous-batching", "kv-cache-reuse"]
    assert all(r["saving_kwh_month"] > 0 for r in rows)
    assert any("'In-flight batching' read as continuous-batching" in n for n in report["guardrails"])


@pytest.mark.parametrize("summary, lang", [
    ("Fine-tune with LoRA adapters, then batch.", "en"),
    ("Commencez par le décalage temporel, puis le batching.", "fr"),
])
def test_a_summary_pushing_removed_advice_by_a_common_name_is_left_out(summary, lang):
    analysis = prepare_file(example("doc-analyzer.yaml"), lang=lang)
    rec = {"workload": "document-analysis", "impact": "", "difficulty": "low", "tools": [], "accuracy_risk": "none",
           "warning": None}
    answer = ModelAnswer.model_validate({"summary": summary, "recommendations": [
        rec | {"technique_id": "peft", "action": "LoRA"},                          # fine-tuning only
        rec | {"technique_id": "carbon-aware-scheduling", "action": "La nuit"},    # not deferrable
        rec | {"technique_id": "continuous-batching", "action": "Batch"}]})
    out = apply(answer, analysis, lang)
    assert [r.technique_id for r in out.recommendations] == ["continuous-batching"]
    assert out.summary is None


def test_a_french_reply_naming_a_forbidden_action_by_its_french_alias_gets_a_note():
    kb = load_kb()
    out: list[str] = []
    s = Session(load_architecture(example("doc-analyzer.yaml"), kb), kb, Settings(),
                lambda text="", end="\n": out.append(text + end), model="mock:valid", lang="fr")
    reply = "Misez sur le décalage géographique de vos traitements."
    s.llm = ScriptedChatModel(replies=[reply])
    s.handle("et ensuite ?")
    note = "".join(out).split(reply, 1)[1]
    assert "règles" in note and "region-selection" in note
