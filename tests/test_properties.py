"""Property tests: the loader never lets anything but InputError escape; figures stay sane."""

from __future__ import annotations

import math
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.errors import InputError
from advisor.figures import Span
from advisor.footprint import Calculator
from advisor.loader import validate_document
from advisor.yamlfile import parse_yaml

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(st.text(max_size=400))
def test_loader_raises_only_input_errors_on_any_text(kb, text):
    try:
        doc = parse_yaml(text, Path("fuzz.yaml"))
        validate_document(doc, kb)
    except InputError as exc:
        assert str(exc).startswith("fuzz.yaml")


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True), st.text(max_size=12))
trees = st.recursive(scalars, lambda c: st.one_of(st.lists(c, max_size=4), st.dictionaries(st.text(max_size=10), c, max_size=4)), max_leaves=20)


@SETTINGS
@given(trees)
def test_loader_raises_only_input_errors_on_any_structure(kb, tree):
    base = {
        "name": "fuzz",
        "cloud": {"provider": "aws", "region": "us-east-1"},
        "workloads": [{"name": "w", "kind": "classic-ml", "hardware": {"accelerator": "nvidia-t4"}, "traffic": tree}],
    }
    text = yaml.safe_dump(base)
    try:
        validate_document(parse_yaml(text, Path("fuzz.yaml")), kb)
    except InputError:
        pass


KINDS = ["llm-inference", "embedding", "training", "fine-tuning", "batch-inference", "classic-ml"]


@st.composite
def architectures(draw, kb_regions, accelerators):
    provider, region = draw(st.sampled_from(kb_regions))
    workload = {
        "name": "w",
        "kind": draw(st.sampled_from(KINDS)),
        "model": {"name": "m", "parameters_b": draw(st.floats(0.01, 500)), "precision": draw(st.sampled_from(["fp32", "bf16", "fp16", "fp8", "int8", "int4"]))},
        "hardware": {
            "accelerator": draw(st.sampled_from(accelerators)),
            "count": draw(st.integers(1, 64)),
            "utilization": draw(st.floats(0, 1)),
            "hours_per_month": draw(st.floats(0, 744)),
        },
        "traffic": {"requests_per_month": draw(st.floats(0, 1e9)), "input_tokens": draw(st.floats(0, 1e5)), "output_tokens": draw(st.floats(0, 1e4))},
        "schedule": {"deferrable": draw(st.booleans()), "window_hours": draw(st.floats(1, 48))},
        "quality": {"metric": "f1", "current": draw(st.floats(0.01, 1)), "minimum": draw(st.floats(0, 1))},
    }
    return {"name": "p", "cloud": {"provider": provider, "region": region}, "workloads": [workload],
            "objective": {"reduce_energy_pct": draw(st.floats(1, 100))}}


def test_calculator_and_engine_stay_finite_and_non_negative(kb):
    from advisor.analysis import analyze_loaded

    regions = sorted(kb.regions)
    accelerators = sorted(kb.accelerators)

    @SETTINGS
    @given(architectures(regions, accelerators))
    def check(data):
        loaded = validate_document(parse_yaml(yaml.safe_dump(data), Path("p.yaml")), kb)
        fp = Calculator(kb, loaded.architecture).footprint()
        for span in (fp.energy, fp.emissions, fp.embodied):
            assert all(math.isfinite(x) and x >= 0 for x in (span.low, span.value, span.high))
            assert span.low <= span.value * (1 + 1e-9) + 1e-12 and span.value <= span.high * (1 + 1e-9) + 1e-12
        report = analyze_loaded(loaded, kb)
        for rec in report.recommendations:
            assert rec.saving_kwh_month >= 0 and rec.saving_kgco2e_month >= 0
            assert rec.saving_kwh_month <= report.footprint.energy_kwh_month * (1 + 1e-6) + 1e-9
        plan = report.plan
        assert 0 <= plan.energy_reduction_pct.value <= 100

    check()


def test_energy_grows_with_utilisation_count_and_hours(kb):
    @SETTINGS
    @given(st.floats(0, 0.99), st.floats(0.001, 0.5), st.integers(1, 32), st.floats(1, 700))
    def check(u, du, count, hours):
        def energy(u_, count_, hours_):
            data = {"name": "m", "cloud": {"provider": "gcp", "region": "europe-west1"},
                    "workloads": [{"name": "w", "kind": "training", "hardware": {
                        "accelerator": "nvidia-a100-80gb", "count": count_, "utilization": u_, "hours_per_month": hours_}}]}
            loaded = validate_document(parse_yaml(yaml.safe_dump(data), Path("m.yaml")), kb)
            return Calculator(kb, loaded.architecture).footprint().energy.value

        base = energy(u, count, hours)
        assert energy(min(1.0, u + du), count, hours) >= base
        assert energy(u, count + 1, hours) > base
        assert energy(u, count, min(744, hours + 10)) >= base

    check()


@given(st.tuples(*[st.floats(0, 1e6)] * 3), st.tuples(*[st.floats(0, 1e6)] * 3))
def test_span_arithmetic_keeps_bounds(a, b):
    x = Span(*sorted(a))
    y = Span(*sorted(b))
    for s in (x + y, x * y):
        assert s.low <= s.value * (1 + 1e-12) + 1e-9
        assert s.value <= s.high * (1 + 1e-12) + 1e-9


@SETTINGS
@given(st.text(max_size=600))
def test_metrics_parser_raises_only_input_errors(tmp_path_factory, text):
    from advisor.measured import read_codecarbon

    path = tmp_path_factory.mktemp("csv") / "emissions.csv"
    header = "timestamp,project_name,run_id,duration,emissions,energy_consumed\n"
    for content in (text, header + text):
        path.write_bytes(content.encode("utf-8", "replace"))
        try:
            runs = read_codecarbon(path)
        except InputError:
            continue
        assert all(r.energy_kwh >= 0 and r.duration_s >= 0 for r in runs)


@given(st.floats(min_value=-1e7, max_value=1e7, allow_nan=False))
def test_percentages_read_back_in_both_languages(x):
    """pct groups thousands like num: the text, ungrouped, is the number rounded for display."""
    from advisor.i18n import pct

    en, fr = pct(x), pct(x, "fr")
    assert en.endswith(" %") and fr.endswith("\u00a0%")
    value_en = float(en.removesuffix(" %").replace(",", ""))
    value_fr = float(fr.removesuffix("\u00a0%").replace("\u202f", "").replace(",", "."))
    assert value_en == value_fr
    assert abs(value_en - x) <= (0.5 if abs(x) >= 10 else 0.05) + 1e-9
    if abs(x) >= 1000:
        assert "," in en and "\u202f" in fr


@given(st.text(max_size=40))
def test_the_short_string_shortcut_never_skips_a_secret(text):
    """redact() returns short strings untouched: check no pattern can match anything that short."""
    from advisor.secrets import _PATTERNS, SHORTEST_MATCH

    short = text[: SHORTEST_MATCH - 1]
    assert not any(p.search(short) for p in _PATTERNS)
    assert not any(p.search("passwd:abcde") for p in _PATTERNS)  # 12 characters: one short of a match
    assert any(p.search("passwd:abcdef") for p in _PATTERNS)  # 13: the shortest that matches
