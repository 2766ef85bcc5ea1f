"""The calculator against footprints computed by hand."""

from __future__ import annotations

import pytest

from advisor.footprint import Calculator
from advisor.loader import validate_document
from advisor.yamlfile import parse_yaml
from conftest import example
from advisor.loader import load_architecture


def calc(kb, text, tmp_path):
    loaded = validate_document(parse_yaml(text, tmp_path / "a.yaml"), kb)
    return loaded.architecture, Calculator(kb, loaded.architecture).footprint()


FIXED = """
name: hand
cloud: {provider: on-prem, country: FRA, pue: 1.5, grid_intensity_gco2e_per_kwh: 400}
assumptions: {host_overhead_ratio: 0, hardware_lifetime_years: 4, host_embodied_kgco2e_per_accelerator: 0}
workloads:
  - name: w
    kind: classic-ml
    hardware: {accelerator: nvidia-v100, count: 2, utilization: 0.5, hours_per_month: 100, power_watts: 300}
    traffic: {requests_per_month: 1000, input_tokens: 0, output_tokens: 0}
"""


def test_fully_determined_accelerated_workload(kb, tmp_path):
    _, fp = calc(kb, FIXED, tmp_path)
    w = fp.workloads[0]
    # 2 boards × 300 W × 100 h = 60 kWh IT; × PUE 1.5 = 90 kWh at the meter
    assert w.energy.value == pytest.approx(90.0)
    assert w.energy.low == w.energy.high == pytest.approx(90.0)
    # 90 kWh × 400 g/kWh = 36 kg
    assert w.operational.value == pytest.approx(36.0)
    v100 = kb.accelerators["nvidia-v100"]
    # no figure of its own: the default board, scaled by TDP from the part it was assessed on
    board = v100.embodied_kgco2e or (kb.assumptions["accelerator_embodied_kgco2e_default"].value * v100.tdp_w
                                     / kb.assumptions["accelerator_embodied_reference_tdp_w"].value)
    # embodied: 2 boards × board kg × 100 h / (4 × 8760 h)
    assert w.embodied.value == pytest.approx(2 * board * 100 / (4 * 8760))
    # SCI per request = (36 kg + M) × 1000 / 1000 requests
    assert w.sci_per_request().value == pytest.approx((36.0 + w.embodied.value) * 1000 / 1000)
    assert fp.emissions.value == pytest.approx(36.0 + w.embodied.value)


def test_power_model_from_tdp_and_utilisation(kb, tmp_path):
    text = FIXED.replace(", power_watts: 300", "").replace("host_overhead_ratio: 0", "host_overhead_ratio: 0.2")
    _, fp = calc(kb, text, tmp_path)
    acc = kb.accelerators["nvidia-v100"]
    idle = acc.idle_w if acc.idle_w is not None else acc.tdp_w * kb.assumptions["accelerator_idle_fraction"].value
    device = idle + 0.5 * (acc.tdp_w - idle)
    host = 0.2 * acc.tdp_w
    expected = 2 * (device + host) * 100 / 1000 * 1.5
    assert fp.workloads[0].energy.value == pytest.approx(expected)


def test_cpu_only_workload(kb, tmp_path):
    text = """
name: cpu
cloud: {provider: aws, region: us-east-1, pue: 1.2, grid_intensity_gco2e_per_kwh: 300}
workloads:
  - name: w
    kind: classic-ml
    hardware: {accelerator: none, vcpus: 10, utilization: 0.5, hours_per_month: 730}
"""
    _, fp = calc(kb, text, tmp_path)
    coeffs = kb.cpu["vcpu_watts"]["aws"]
    watts = 10 * (coeffs["min"] + 0.5 * (coeffs["max"] - coeffs["min"]))
    assert fp.workloads[0].energy.value == pytest.approx(watts * 730 / 1000 * 1.2)
    assert fp.workloads[0].operational.value == pytest.approx(watts * 730 / 1000 * 1.2 * 0.3)


def test_region_grid_and_provider_pue_come_from_the_knowledge_base(kb):
    loaded = load_architecture(example("doc-analyzer.yaml"), kb)
    w = Calculator(kb, loaded.architecture).footprint().workloads[0]
    region = kb.regions[("aws", "us-east-1")]
    assert (w.intensity.low, w.intensity.value, w.intensity.high) == (region.low, region.value, region.high)
    assert w.pue.value == kb.pue["aws"].value
    assert w.figures["grid_intensity_gco2e_per_kwh"].sources == sorted(set(region.sources))


def test_llm_api_uses_ecologits_per_request(kb):
    loaded = load_architecture(example("support-chatbot-azure.yaml"), kb)
    fp = Calculator(kb, loaded.architecture).footprint()
    api = fp.get("chat-answers")
    from ecologits.tracers.utils import llm_impacts

    impacts = llm_impacts("openai", "gpt-4o", 350, 1.0e6)
    low, high = impacts.energy.value.min, impacts.energy.value.max
    ratio = kb.assumptions["prefill_energy_ratio"]
    per_out = (low + high) / 2 / 350
    expected = ((low + high) / 2 + per_out * ratio.value * 3500) * 1_200_000
    assert api.energy.value == pytest.approx(expected, rel=1e-6)
    assert api.energy.low < api.energy.value < api.energy.high
    assert api.grid.country == "USA"  # OpenAI serves from the US, whatever the app's own region
    assert "ecologits-llm-inference-methodology" in api.figures["energy_per_request_wh"].sources


def test_unknown_api_model_uses_parameters_or_a_stated_assumption(kb, tmp_path):
    base = """
name: api
cloud: {provider: aws, region: us-east-1}
workloads:
  - name: w
    kind: llm-api
    model: {name: my-private-model, provider: openai%s}
    traffic: {requests_per_month: 1000, output_tokens: 200}
"""
    _, with_params = calc(kb, base % ", parameters_b: 70", tmp_path)
    _, assumed = calc(kb, base % "", tmp_path)
    assert with_params.workloads[0].energy.value > 0
    assert any("does not know model" in n for n in assumed.workloads[0].notes)
    assert assumed.workloads[0].energy.high > assumed.workloads[0].energy.low


def test_file_overrides_beat_bundled_figures(kb, tmp_path):
    text = FIXED.replace("grid_intensity_gco2e_per_kwh: 400", "grid_intensity_gco2e_per_kwh: 40")
    _, fp = calc(kb, text, tmp_path)
    assert fp.workloads[0].operational.value == pytest.approx(3.6)
    assert fp.workloads[0].figures["grid_intensity_gco2e_per_kwh"].provenance == "input"
