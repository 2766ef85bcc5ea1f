"""DESIGN: "any action that may lower accuracy carries accuracy_risk ≥ medium" — even with a wide margin.

Why: INT8, FP8 and FP16 were shown as "low" risk without a warning when the margin was large;
a reader checking a report against DESIGN's hard rule would find them. The knowledge base keeps
the literature's own risk (it ranks techniques); the report never shows an accuracy-lowering
action below the policy's floor, and always says to validate it.
"""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

from advisor.kb import load_kb

ARCH = """name: wide-margin
cloud: {{provider: aws, region: us-east-1}}
workloads:
  - name: chat
    kind: llm-inference
    model: {{name: llama-3.1-70b, parameters_b: 70, precision: {precision}}}
    hardware: {{accelerator: nvidia-h100-80gb, count: 4, utilization: 0.6}}
    traffic: {{requests_per_month: 2000000, input_tokens: 800, output_tokens: 300}}
    {quality}
"""


def _rows(tmp_path, precision: str, quality: str, lang: str = "en") -> list[dict]:
    path = tmp_path / "a.yaml"
    path.write_text(ARCH.format(precision=precision, quality=quality), encoding="utf-8")
    run = run_cli("analyze", path, "--format", "json", "--no-log", "--lang", lang)
    assert run.code == 0, run.stderr
    return json.loads(run.stdout)["recommendations"]


@pytest.mark.parametrize("quality", ["quality: {metric: f1, current: 0.95, minimum: 0.5}", ""])
@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_an_action_that_may_lower_accuracy_is_never_shown_below_medium(tmp_path, precision, quality):
    kb = load_kb()
    rows = _rows(tmp_path, precision, quality)
    lowering = [r for r in rows if kb.techniques[r["technique_id"]].accuracy.loss_pct.high > 0]
    assert lowering, [r["technique_id"] for r in rows]
    for row in lowering:
        assert row["accuracy_risk"] in ("medium", "high"), row
        assert row["warning"], row
    assert any(r["technique_id"] in ("quantization-int8", "quantization-fp8", "half-precision-inference") for r in lowering)


def test_actions_that_cannot_lower_accuracy_keep_no_risk(tmp_path):
    kb = load_kb()
    rows = _rows(tmp_path, "bf16", "quality: {metric: f1, current: 0.95, minimum: 0.5}")
    safe = [r for r in rows if kb.techniques[r["technique_id"]].accuracy.loss_pct.high == 0]
    assert safe and all(r["accuracy_risk"] == "none" for r in safe)


def test_the_wide_margin_warning_is_french_in_a_french_report(tmp_path):
    rows = _rows(tmp_path, "bf16", "quality: {metric: f1, current: 0.95, minimum: 0.5}", lang="fr")
    int8 = next(r for r in rows if r["technique_id"] == "quantization-int8")
    assert int8["accuracy_risk"] == "medium" and "validez" in int8["warning"]
