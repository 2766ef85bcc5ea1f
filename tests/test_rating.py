"""Energy rating: GPU Wh per 1,000 queries, and stars against the AI Energy Score's published models."""

from __future__ import annotations

import csv
import shutil

import pytest
from hypothesis import example as also_try, given, strategies as st

from advisor.errors import KnowledgeBaseError
from advisor.kb import KnowledgeBase, StarRule
from conftest import ROOT, example, run_cli

REFERENCE_CSV = ROOT / "knowledge" / "ratings" / "ai-energy-score-2025-02.csv"


def rating_of(report: dict, name: str) -> dict | None:
    return next(w for w in report["footprint"]["workloads"] if w["name"] == name)["energy_rating"]


def published(task: str, cls: str = "") -> list[float]:
    return [float(r["gpu_wh_per_1k_queries"]) for r in csv.DictReader(REFERENCE_CSV.open()) if r["task"] == task and r["class"] == cls]


def test_doc_analyzer_rating_by_hand(kb):
    """8 × A100 40GB at 35 %, 730 h, 5 M requests: accelerator power only, no host, no PUE."""
    acc = kb.accelerators["nvidia-a100-40gb"]
    idle_w = acc.idle_w if acc.idle_w is not None else kb.assumption("accelerator_idle_fraction")[1] * acc.tdp_w
    device_w = idle_w + 0.35 * (acc.tdp_w - idle_w)
    expected = device_w * 8 * 730 / 5_000_000 * 1000  # Wh per 1,000 requests
    report = run_cli("analyze", example("doc-analyzer.yaml"), "--format", "json").json()
    rating = rating_of(report, "document-analysis")
    assert rating["wh_per_1k_queries"]["value"] == pytest.approx(expected, rel=1e-4)
    assert rating["wh_per_1k_queries"]["provenance"] == "estimate"
    # 7.2 B parameters: text generation class A, whose published range tops out far below this system
    values = published("text-generation", "A")
    assert max(values) < expected and rating["stars"] == 1 and rating["stars_range"] == [1, 1]
    assert rating["task"] == "text-generation" and "class A" in rating["task_label"]
    assert rating["reference_source"] == "ai-energy-score-leaderboard-2025-02"
    assert "32 models" in rating["reference"] and "indicative" in rating["method"] and "no PUE" in rating["method"]
    assert "ai-energy-score-leaderboard-2025-02" in report["sources"]


def test_image_classification_task_from_the_file(kb):
    report = run_cli("analyze", example("onprem-vision.yaml"), "--format", "json").json()
    rating = rating_of(report, "defect-detection")
    assert rating["task"] == "image-classification" and rating["stars"] is not None


def test_stars_inside_the_published_range_follow_equal_bands(write_yaml, kb):
    """A measured 4 × A10 power placed by hand inside the image-classification range."""
    values = published("image-classification")
    low, high = min(values), max(values)
    step = (high - low) / 5
    target = low + 2.5 * step  # the middle of the third band: 3 stars
    power_w = target / 1000 * 3_000_000 / (4 * 730)  # W per accelerator giving that many Wh per 1k queries
    path = write_yaml(example("onprem-vision.yaml").read_text().replace(
        "requests_per_month: 2600000", "requests_per_month: 3000000").replace(
        "accelerator: nvidia-a10", f"accelerator: nvidia-a10\n      power_watts: {power_w!r}"))
    rating = rating_of(run_cli("analyze", path, "--format", "json").json(), "defect-detection")
    assert rating["wh_per_1k_queries"]["value"] == pytest.approx(target, rel=1e-4)
    assert rating["stars"] == 3 and rating["reason"] is None


@pytest.mark.parametrize("position, boundary, stars", [
    (0.0, "better", 5), (1.0, "better", 5), (1.0001, "better", 4), (2.0, "better", 4), (4.0, "better", 2),
    (4.5, "better", 1), (5.0, "better", 1), (-1.0, "better", 5), (7.0, "better", 1),
    (1.0, "worse", 4), (0.9999, "worse", 5), (5.0, "worse", 1),
])
def test_stars_at_band_boundaries(position, boundary, stars):
    rule = StarRule(method="equal-bands", bands=5, boundary=boundary)
    low, high = 2.0, 12.0  # bands of 2 Wh
    assert rule.stars(low + position * 2.0, low, high) == stars


@also_try(a=0.0, b=5e-324, low=0.0, width=5e-324)  # a band width that underflows to zero
@given(st.floats(0, 1e4), st.floats(0, 1e4), st.floats(0, 1e3), st.floats(0, 1e3))
def test_stars_are_in_range_and_never_improve_with_more_energy(a, b, low, width):
    rule = StarRule(method="equal-bands", bands=5, boundary="better")
    high = low + width
    lo, hi = sorted((a, b))
    assert 1 <= rule.stars(hi, low, high) <= rule.stars(lo, low, high) <= 5


def test_every_published_star_is_reproduced_and_a_tampered_one_is_caught(tmp_path, kb):
    assert sum(r.count for r in kb.rating.ranges.values()) == 166
    copy = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", copy)
    rows = (copy / "ratings" / "ai-energy-score-2025-02.csv").read_text().splitlines()
    rows[2] = rows[2][:-1] + ("1" if not rows[2].endswith("1") else "5")  # change one model's stars
    (copy / "ratings" / "ai-energy-score-2025-02.csv").write_text("\n".join(rows) + "\n")
    with pytest.raises(KnowledgeBaseError, match="the stated rule gives"):
        KnowledgeBase(copy)


def test_no_rating_without_requests(write_yaml):
    path = write_yaml("""
name: no-traffic
cloud: {provider: aws, region: us-east-1}
workloads:
  - name: gen
    kind: llm-inference
    model: {name: llama-3.1-8b, parameters_b: 8}
    hardware: {accelerator: nvidia-l4, count: 1, utilization: 0.5}
""")
    rating = rating_of(run_cli("analyze", path, "--format", "json").json(), "gen")
    assert rating["wh_per_1k_queries"] is None and rating["stars"] is None
    assert "requests_per_month" in rating["reason"]


def test_cpu_only_training_and_unknown_task(write_yaml):
    report = run_cli("analyze", example("cpu-churn-model.yaml"), "--format", "json").json()
    assert "no accelerator" in rating_of(report, "churn-api")["reason"]
    report = run_cli("analyze", example("nightly-training-gcp.yaml"), "--format", "json").json()
    assert rating_of(report, "nightly-retraining") is None  # training is not inference
    text = example("onprem-vision.yaml").read_text()
    untold = write_yaml(text.replace("      task: image-classification", ""), "untold.yaml")
    rating = rating_of(run_cli("analyze", untold, "--format", "json").json(), "defect-detection")
    assert rating["wh_per_1k_queries"] is not None and rating["stars"] is None and "model.task" in rating["reason"]
    wrong = write_yaml(text.replace("task: image-classification", "task: image-clasification"), "wrong.yaml")
    result = run_cli("analyze", wrong)
    assert result.code == 2 and "did you mean 'image-classification'" in result.stderr


def test_text_generation_needs_the_model_size_for_its_class(write_yaml):
    path = write_yaml("""
name: unsized
cloud: {provider: aws, region: us-east-1}
workloads:
  - name: gen
    kind: llm-inference
    model: {name: some-llm}
    hardware: {accelerator: nvidia-l4, count: 1, utilization: 0.5}
    traffic: {requests_per_month: 100000, output_tokens: 200}
""")
    rating = rating_of(run_cli("analyze", path, "--format", "json").json(), "gen")
    assert rating["wh_per_1k_queries"] is not None and rating["stars"] is None
    assert "model.parameters_b" in rating["reason"]


def test_hosted_api_rating_is_gpu_only(kb):
    report = run_cli("analyze", example("support-chatbot-azure.yaml"), "--format", "json").json()
    chat = next(w for w in report["footprint"]["workloads"] if w["name"] == "chat-answers")
    gpu = chat["figures"]["accelerator_energy_kwh_month"]
    assert gpu["value"] < chat["energy_kwh_month"]  # no server, no PUE
    rating = chat["energy_rating"]
    assert rating["wh_per_1k_queries"]["value"] == pytest.approx(gpu["value"] / 1_200_000 * 1e6, rel=1e-4)
    assert "ecologits-llm-inference-methodology" in rating["wh_per_1k_queries"]["sources"]
    assert rating["task"] == "text-generation"


@pytest.mark.parametrize("fmt, heading", [("table", "Energy rating"), ("markdown", "### Energy rating"), ("html", "<h3>Energy rating")])
def test_every_format_shows_the_rating(fmt, heading):
    result = run_cli("analyze", example("doc-analyzer.yaml"), "--format", fmt)
    assert result.code == 0 and heading in result.stdout
    assert "★☆☆☆☆" in result.stdout and "AI Energy Score" in result.stdout and "indicative" in result.stdout


def test_french_labels():
    result = run_cli("analyze", example("doc-analyzer.yaml"), "--format", "markdown", "--lang", "fr")
    assert "Note énergétique" in result.stdout


@pytest.mark.parametrize("requests", ["1e-305", "0.0000001"])
def test_a_vanishing_request_count_gets_no_figure_not_a_crash(write_yaml, requests):
    """Found by the manifest's property test: 1e6 / 3e-305 overflowed to inf and crashed the report."""
    path = write_yaml(f"""
name: tiny
cloud: {{provider: aws, region: us-east-1}}
workloads:
  - name: chat
    kind: llm-inference
    model: {{name: m, parameters_b: 7}}
    hardware: {{accelerator: nvidia-a100-40gb, count: 1, utilization: 0.0, hours_per_month: 0}}
    traffic: {{requests_per_month: {requests}}}
""")
    run = run_cli("analyze", path, "--format", "json")
    assert run.code == 0, run.stderr
    rating = rating_of(run.json(), "chat")
    assert rating is not None and rating["wh_per_1k_queries"] is None
    assert "requests_per_month" in rating["reason"]


def test_a_zero_figure_gets_no_stars(write_yaml):
    """No GPU hours this month: 0 Wh per 1,000 queries is no work done, not the best model."""
    path = write_yaml("""
name: idle-month
cloud: {provider: aws, region: us-east-1}
workloads:
  - name: gen
    kind: llm-inference
    model: {name: llama-3.1-8b, parameters_b: 8}
    hardware: {accelerator: nvidia-l4, count: 1, utilization: 0.5, hours_per_month: 0}
    traffic: {requests_per_month: 1000, output_tokens: 200}
""")
    result = run_cli("analyze", path, "--format", "json")
    rating = rating_of(result.json(), "gen")
    assert rating["wh_per_1k_queries"]["value"] == 0 and rating["stars"] is None and rating["stars_range"] is None
    assert "0 Wh" in rating["reason"] and "no stars" in rating["reason"]
    table = run_cli("analyze", path).stdout
    assert "★" not in table


def test_the_rating_speaks_the_report_language(kb):
    ref = kb.rating
    low, high = kb.rating.range_for("text-generation", "A").low, kb.rating.range_for("text-generation", "A").high
    from advisor.i18n import num

    rating = rating_of(run_cli("analyze", example("doc-analyzer.yaml"), "--format", "json", "--lang", "fr").json(), "document-analysis")
    assert rating["task_label"] == "Génération de texte, classe A, ≤ 20 Md de paramètres"
    assert f"{num(low, 'fr')} à {num(high, 'fr')}" in rating["reference"] and ref.edition.fr in rating["reference"]
    assert "indicative" in rating["method"] and rating["method"].startswith("Énergie GPU seule")
    assert "hors de la fourchette publiée" in rating["reason"]
    for fmt in ("table", "markdown", "html"):
        out = " ".join(run_cli("analyze", example("doc-analyzer.yaml"), "--format", fmt, "--lang", "fr").stdout.split())
        assert "Génération de" in out and "Text generation" not in out and "Énergie GPU seule" in out, fmt
        assert "Wh per 1,000" not in out and "GPU energy only" not in out and "outside the published range" not in out, fmt
        assert num(low, "fr") in out and num(high, "fr") in out, fmt
        if fmt != "table":  # the table wraps its cells across lines
            assert f"{num(low, 'fr')} à {num(high, 'fr')}" in out and "requêtes ; 2" in out, fmt
    en = run_cli("analyze", example("doc-analyzer.yaml"), "--format", "markdown").stdout
    assert "Text generation, class A" in en and "Génération" not in en


def test_every_rating_sentence_exists_in_both_languages():
    from advisor.render import rating_text

    for table in (rating_text.METHOD, rating_text.KIND, rating_text.REFERENCE, rating_text.PUBLISHED, rating_text.SIDE):
        assert set(table) == {"en", "fr"}
    assert set(rating_text.REASONS["en"]) == set(rating_text.REASONS["fr"])
