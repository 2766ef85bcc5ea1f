"""The second review of the engine, each finding pinned: the basic plan counts only the rows shown,
hardware moves in separate partitions carry the availability caveat, hardware that cannot run the
file's workload (memory, format, role) and a quality under its floor are warned about, the knowledge
base holds what the calculator reads, and boards without a figure of their own scale with their TDP."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from advisor.errors import KnowledgeBaseError
from advisor.footprint import Calculator
from advisor.kb import KnowledgeBase
from conftest import ALL_EXAMPLES, ROOT
from test_engine import analyse, analyse_text
from test_engine_review import workload_yaml

CASES = sorted((ROOT / "evals" / "cases").glob("*.yaml"))


# 1. the basic plan combines the rows shown ------------------------------------------------------

def _plan_within_rows(report):
    shown = {(r.technique_id, r.workload) for r in report.recommendations}
    planned = {(a["technique_id"], a["workload"]) for a in report.plan.actions}
    assert planned <= shown, (report.level, planned - shown)


@pytest.mark.parametrize("level", ["basic", "pro"])
@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=[p.stem for p in ALL_EXAMPLES])
def test_every_planned_action_is_a_row_of_the_report(kb, path, level):
    _, report = analyse(kb, path, level=level)
    _plan_within_rows(report)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_every_eval_case_basic_plan_is_made_of_its_rows(kb, tmp_path, path):
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    _, report = analyse_text(kb, yaml.safe_dump(case["architecture"]), tmp_path, level="basic")
    if report.plan is not None:
        _plan_within_rows(report)


def test_doc_analyzer_basic_plan_leaves_out_the_hidden_hardware_upgrade(kb):
    _, report = analyse(kb, ROOT / "examples" / "doc-analyzer.yaml", level="basic")
    assert "hardware-upgrade" not in {a["technique_id"] for a in report.plan.actions}
    assert "Only the actions shown are counted" in report.plan.message


@pytest.mark.parametrize("lang, words", [("en", "actions shown do not reach the −30 %"), ("fr", "actions affichées n'atteignent pas")])
def test_basic_rows_short_of_the_objective_say_so_and_what_pro_gives(kb, lang, words):
    _, basic = analyse(kb, ROOT / "examples" / "claude-assistant-api.yaml", level="basic", lang=lang)
    _, pro = analyse(kb, ROOT / "examples" / "claude-assistant-api.yaml", level="pro", lang=lang)
    # pro reaches it with prompt compression and smaller models, which may lower accuracy (risk ≥ medium)
    assert pro.plan.status == "reached-with-risk" and basic.plan.status == "out-of-reach"
    assert words in basic.plan.message and "--level pro" in basic.plan.message


# 2. hardware moves in separate partitions ----------------------------------------------------------

@pytest.mark.parametrize("provider,region", [("azure", "chinanorth3"), ("aws", "cn-north-1"), ("aws", "us-gov-west-1")])
def test_hardware_upgrade_in_a_partition_says_to_check_the_part_is_offered(kb, tmp_path, provider, region):
    text = workload_yaml(accelerator="nvidia-a100-40gb", provider=provider, region=region, utilization=0.6, params=8)
    _, report = analyse_text(kb, text, tmp_path, level="pro")
    upgrade = next(r for r in report.recommendations if r.technique_id == "hardware-upgrade")
    assert upgrade.warning and f"Check that {region} offers" in upgrade.warning, upgrade.warning


def test_hardware_upgrade_in_a_commercial_region_carries_no_availability_caveat(kb, tmp_path):
    _, report = analyse_text(kb, workload_yaml(accelerator="nvidia-a100-40gb", utilization=0.6), tmp_path, level="pro")
    upgrade = next(r for r in report.recommendations if r.technique_id == "hardware-upgrade")
    assert "Check that" not in (upgrade.warning or "")


# 3. hardware that cannot run the file's workload, quality under its floor ---------------------------

def _warnings(kb, tmp_path, **kw):
    loaded, _ = analyse_text(kb, workload_yaml(**kw), tmp_path)
    return loaded.warnings


def test_a_model_that_cannot_fit_is_warned_with_the_engines_own_sizing(kb, tmp_path):
    from advisor.engine.memory import needed

    loaded, _ = analyse_text(kb, workload_yaml(kind="fine-tuning", accelerator="nvidia-v100", count=8, params=70), tmp_path)
    need = needed(loaded.architecture.workloads[0], kb).gb
    memory = [w for w in loaded.warnings if "does not fit" in w]
    assert len(memory) == 1 and f"{need:,.0f} GB" in memory[0] and "128 GB" in memory[0], memory
    assert any("no bf16 support" in w for w in loaded.warnings)


def test_a_model_that_fits_gets_no_memory_warning(kb, tmp_path):
    assert not [w for w in _warnings(kb, tmp_path, kind="fine-tuning", count=8, params=13) if "does not fit" in w]
    # LoRA keeps the base frozen: a 70 B bf16 base fits 8 × 80 GB
    peft = _warnings(kb, tmp_path, kind="fine-tuning", count=8, params=70, extra="    practices: [peft]\n")
    assert not [w for w in peft if "does not fit" in w]


def test_training_on_an_inference_part_is_warned(kb, tmp_path):
    warned = _warnings(kb, tmp_path, kind="training", accelerator="aws-inferentia2", count=4, params=13)
    assert any("built for inference" in w and "training job" in w for w in warned), warned
    assert not [w for w in _warnings(kb, tmp_path, accelerator="aws-inferentia2") if "built for" in w]


def test_fp8_on_a_part_without_fp8_is_warned(kb, tmp_path):
    assert any("no fp8 support" in w for w in _warnings(kb, tmp_path, precision="fp8"))  # A100: no FP8
    assert not [w for w in _warnings(kb, tmp_path, precision="fp8", accelerator="nvidia-h100-80gb") if "support" in w]


def test_quality_below_its_floor_is_warned(kb, tmp_path):
    extra = "    quality: {metric: f1, current: 0.8, minimum: 0.9}\n"
    warned = [w for w in _warnings(kb, tmp_path, extra=extra) if "quality.current" in w]
    assert len(warned) == 1 and "below the floor of 0.9" in warned[0], warned


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=[p.stem for p in ALL_EXAMPLES])
def test_the_examples_raise_no_hardware_fit_warning(kb, path):
    loaded, _ = analyse(kb, path)
    assert not [w for w in loaded.warnings if any(k in w for k in ("does not fit", "support (knowledge", "built for"))]


# 5. the knowledge base holds what the calculator reads ----------------------------------------------

def _copy(tmp_path: Path) -> Path:
    import shutil

    shutil.copytree(ROOT / "knowledge", tmp_path / "knowledge")
    return tmp_path / "knowledge"


def test_a_method_parameter_missing_from_a_technique_fails_the_load(tmp_path):
    root = _copy(tmp_path)
    path = root / "techniques" / "carbon-aware-scheduling.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["impact"]["parameters"].pop("full_window_hours")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="full_window_hours"):
        KnowledgeBase(root)


@pytest.mark.parametrize("csv_name, row, named", [
    ("region_aliases.csv", "azure,Nowhere East,nowhereeast,azure-regions-list", "nowhereeast"),
    ("country_aliases.csv", "ZZ,FRA,no-such-source,test", "no-such-source"),
])
def test_an_alias_to_an_unknown_place_or_source_fails_the_load(tmp_path, csv_name, row, named):
    root = _copy(tmp_path)
    with (root / "grid" / csv_name).open("a", encoding="utf-8") as fh:
        fh.write(row + "\n")
    with pytest.raises(KnowledgeBaseError, match=named):
        KnowledgeBase(root)


def test_the_power_limit_comes_from_policy(kb, tmp_path):
    limit = kb.policy.max_power_per_tdp
    tdp = kb.accelerators["nvidia-a100-80gb"].tdp_w
    ok = workload_yaml().replace("      utilization:", f"      power_watts: {tdp * limit:g}\n      utilization:")
    analyse_text(kb, ok, tmp_path)  # at the limit: read as a measurement
    from advisor.errors import InputError

    with pytest.raises(InputError, match=f"{limit:g}×"):
        analyse_text(kb, ok.replace(f"power_watts: {tdp * limit:g}", f"power_watts: {tdp * limit + 1:g}"), tmp_path)


# 8. embodied carbon of boards without a figure of their own -----------------------------------------

def _embodied_per_board(kb, tmp_path, accelerator):
    loaded, _ = analyse_text(kb, workload_yaml(accelerator=accelerator, count=1), tmp_path)
    return Calculator(kb, loaded.architecture).footprint().workloads[0].embodied.value


def test_a_small_card_is_not_dirtier_to_build_than_a_big_one(kb, tmp_path):
    l4, t4 = _embodied_per_board(kb, tmp_path, "nvidia-l4"), _embodied_per_board(kb, tmp_path, "nvidia-t4")
    a100 = _embodied_per_board(kb, tmp_path, "nvidia-a100-40gb")
    b200 = _embodied_per_board(kb, tmp_path, "nvidia-b200")
    assert max(l4, t4) < a100 < b200


def test_the_scaled_default_lands_near_the_published_figures(kb):
    """The proxy, applied to the A100 (400 W), falls between the two published A100 figures."""
    default = kb.assumptions["accelerator_embodied_kgco2e_default"].value
    reference = kb.assumptions["accelerator_embodied_reference_tdp_w"].value
    scaled = default * kb.accelerators["nvidia-a100-40gb"].tdp_w / reference
    published = sorted(kb.accelerators[a].embodied_kgco2e for a in ("nvidia-a100-40gb", "nvidia-a100-80gb"))
    assert published[0] <= scaled <= published[1]
