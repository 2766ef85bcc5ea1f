"""A French report's warnings are French: the measurement's (advisor/measured/words.py) and the
file's remarks (advisor/archnotes_words.py), written as `Said` sentences (advisor/said.py) where no
language is known and worded again when the report is built. English stays as it was."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from advisor import archnotes_words
from advisor.measured import words as measured_words
from advisor.said import Said, word
from conftest import example, run_cli

CC = Path(__file__).parent / "fixtures" / "codecarbon"
ECO = Path(__file__).parent / "fixtures" / "ecologits"
# English words no French sentence has (backticked field names, paths and ids stripped first)
ENGLISH = re.compile(r"(?<![\w./`'-])(the|is|of|and|was|were|which|left|kept|cannot|does|with|runs?|not|no|given|"
                     r"ignored|known|needs?|hold|built|already|below|every|measured|workload)(?![\w./`'-])")
MISFIT = """\
name: misfit
cloud: {provider: aws, region: us-east-1a}
workloads:
  - name: tune
    kind: fine-tuning
    model: {name: big, parameters_b: 70, precision: bf16}
    hardware: {accelerator: nvidia-t4, count: 1}
    quality: {metric: f1, current: 0.8, minimum: 0.9}
  - name: serve
    kind: llm-inference
    model: {name: small, parameters_b: 1}
    hardware: {accelerator: google-tpu-v5e, count: 1, utilization: 0.5, hours_per_month: 730}
    traffic: {requests_per_month: 1000}
zzz_extra: 1
objective: {reduce_energy_pct: 0.3}
constraints: {clouds: []}
"""


def english(text: str) -> list[str]:
    return ENGLISH.findall(re.sub(r"`[^`]*`", "", text))


def warnings(*args: str, lang: str) -> list[str]:
    result = run_cli("analyze", *args, "--lang", lang, "--format", "json")
    assert result.code == 0, result.stderr
    report = result.json()
    return report["warnings"] + [n for w in report["footprint"]["workloads"] for n in w["notes"]]


def assert_french(*args: str, at_least: int) -> None:
    en, fr = warnings(*args, lang="en"), warnings(*args, lang="fr")
    assert len(en) == len(fr) >= at_least
    assert all(english(w) for w in en), en  # the check finds English where there is some
    assert [w for w in fr if english(w)] == []


def test_measurement_warnings_are_french():
    for metrics in (CC / "seed-inference.csv", CC / "two-projects.csv", CC / "v1.2.0.csv", ECO / "chat-gpt-4o.json"):
        assert_french(str(example("doc-analyzer.yaml")), "--metrics", str(metrics), at_least=1)


def test_a_partial_per_request_measurement_and_a_foreign_country_are_said_in_french(tmp_path):
    from test_measured_fit import ON_8_GPUS, codecarbon_rows

    rows = codecarbon_rows(tmp_path, {**ON_8_GPUS, "country_iso_code": "FRA", "gpu_count": "4"}, ON_8_GPUS)
    (tmp_path / "emissions.csv.units.json").write_text('{"run-0": {"requests": 1000}, "nope": {"requests": 2}}')
    assert_french(str(example("doc-analyzer.yaml")), "--metrics", str(rows), at_least=4)


def test_file_remarks_are_french(tmp_path):
    path = tmp_path / "misfit.yaml"
    path.write_text(MISFIT, encoding="utf-8")
    assert_french(str(path), at_least=11)
    fr = "\n".join(warnings(str(path), lang="fr"))
    assert "0,3\u00a0% — vouliez-vous dire 30\u00a0%" in fr and "1\u202f344 Go" in fr


@pytest.mark.parametrize("table", [measured_words.WORDS, archnotes_words.WORDS], ids=["measured", "archnotes"])
def test_both_languages_have_the_same_keys_and_placeholders(table):
    def fields(text):
        return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)

    assert set(table["en"]) == set(table["fr"])
    for key, en in table["en"].items():  # French may leave a value out ("le GPU" for "the 1 GPU"), never add one
        assert set(fields(table["fr"][key])) <= set(fields(en)), key


def test_a_said_sentence_is_its_english_text_and_survives_a_pickle():
    import pickle

    said = measured_words.say("zero_kwh", tool="Zeus", seconds=1234.5, runs=measured_words.say("runs", n=2))
    assert said == "the Zeus measurement reads 0 kWh over 1.23e+03 s (2 runs): nothing was metered (a window around no " \
                   "work, or counters the tool could not read?); kept the estimate"
    again = pickle.loads(pickle.dumps(said))
    assert isinstance(again, Said) and word(again, "fr").startswith("la mesure Zeus indique 0 kWh sur 1,23e+03 s (2 exécutions)")
    assert word("plain text", "fr") == "plain text"
