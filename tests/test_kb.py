"""The knowledge base: the contract's ids, coverage, and a source behind every figure."""

from __future__ import annotations

import pytest

from advisor.kb import KnowledgeBase
from advisor.paths import knowledge_dir

DESIGN_TECHNIQUES = """quantization-int8 quantization-int4 quantization-fp8 half-precision-inference pruning
distillation model-right-sizing model-routing speculative-decoding continuous-batching kv-cache-reuse
response-caching semantic-caching prompt-compression output-length-control optimized-runtime hardware-upgrade
inference-accelerator gpu-right-sizing autoscaling gpu-sharing region-selection carbon-aware-scheduling
efficient-datacenter renewable-energy-procurement mixed-precision-training transfer-learning peft early-stopping
carbon-monitoring""".split()

DESIGN_ACCELERATORS = """nvidia-a100-40gb nvidia-a100-80gb nvidia-h100-80gb nvidia-h200 nvidia-l4 nvidia-l40s nvidia-t4
nvidia-a10 nvidia-a10g nvidia-v100 amd-mi300x aws-inferentia2 aws-trainium1 google-tpu-v5e""".split()


def test_every_design_technique_is_present(kb):
    missing = set(DESIGN_TECHNIQUES) - set(kb.techniques)
    assert not missing


def test_every_design_accelerator_is_present(kb):
    assert not set(DESIGN_ACCELERATORS) - set(kb.accelerators)


@pytest.mark.parametrize("provider", ["aws", "gcp", "azure"])
def test_at_least_twenty_regions_per_cloud(kb, provider):
    regions = [r for (p, r) in kb.regions if p == provider]
    assert len(regions) >= 20


def test_regions_have_year_source_and_sane_range(kb):
    for (provider, region), row in kb.regions.items():
        assert row.sources, (provider, region)
        assert row.year and 2015 <= row.year <= 2026, (provider, region)
        assert 0 <= row.low <= row.value <= row.high <= 1500, (provider, region)
        assert row.geo, (provider, region)


def test_clean_and_dirty_grids_are_where_experts_expect(kb):
    assert kb.regions[("aws", "eu-north-1")].value < 60
    assert kb.regions[("azure", "francecentral")].value < 100
    assert kb.regions[("gcp", "asia-east1")].value > 350
    assert kb.regions[("aws", "ap-south-1")].value > 500
    assert kb.countries["POL"].value > kb.countries["FRA"].value * 5


def test_pue_per_provider(kb):
    for provider in ("aws", "gcp", "azure", "on-prem"):
        assert 1.0 <= kb.pue[provider].low <= kb.pue[provider].value <= kb.pue[provider].high < 2.5
        assert kb.pue[provider].sources
    assert kb.pue["on-prem"].value > kb.pue["gcp"].value


def test_fp8_support_matches_the_hardware_generations(kb):
    acc = kb.accelerators
    for key in ("nvidia-h100-80gb", "nvidia-h200", "nvidia-l4", "nvidia-l40s"):
        assert acc[key].supports.fp8, key
    for key in ("nvidia-a100-40gb", "nvidia-a100-80gb", "nvidia-a10", "nvidia-a10g", "nvidia-t4", "nvidia-v100"):
        assert not acc[key].supports.fp8, key
    assert not acc["nvidia-v100"].supports.bf16 and not acc["nvidia-t4"].supports.bf16


def test_every_technique_is_cited_and_usable_on_prem(kb):
    for technique in kb.techniques.values():
        if technique.impact.method not in ("none", "market-based"):
            assert technique.impact.sources, technique.id
        if technique.applies.providers is None or "on-prem" in technique.applies.providers:
            assert technique.tools_for(["on-prem"]), technique.id
        assert technique.name.fr and technique.action.fr, technique.id


def test_cloud_tools_name_their_cloud(kb):
    brands = {"aws": ("AWS", "Amazon"), "gcp": ("Google", "GCP", "Vertex", "Cloud Run", "GKE"), "azure": ("Azure", "Microsoft")}
    for technique in kb.techniques.values():
        for tool in technique.tools:
            if tool.cloud:
                assert any(b in tool.name for b in brands[tool.cloud]), (technique.id, tool.name)


def test_temporal_and_spatial_shifting_require_deferrable_work(kb):
    for key in ("carbon-aware-scheduling", "region-selection"):
        assert kb.techniques[key].applies.deferrable is True


def test_accelerator_actions_never_apply_to_llm_api(kb):
    for technique in kb.techniques.values():
        if technique.applies.needs_accelerator:
            assert "llm-api" not in technique.applies.kinds, technique.id


def test_generation_actions_never_apply_to_embeddings(kb):
    for key in ("speculative-decoding", "output-length-control", "continuous-batching", "kv-cache-reuse", "prompt-compression"):
        assert "embedding" not in kb.techniques[key].applies.kinds, key
        assert "classic-ml" not in kb.techniques[key].applies.kinds, key


def test_a_broken_citation_fails_loudly(tmp_path):
    import shutil

    from advisor.errors import KnowledgeBaseError

    root = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir(), root)
    path = root / "techniques" / "pruning.yaml"
    path.write_text(path.read_text().replace("sources: [", "sources: [no-such-source, ", 1))
    with pytest.raises(KnowledgeBaseError, match="no-such-source"):
        KnowledgeBase(root)


def test_two_region_ids_differing_only_in_case_are_refused(tmp_path):
    """The loader reads region ids in any case: two spellings of one id would make `US-EAST-1` ambiguous."""
    import shutil

    from advisor.errors import KnowledgeBaseError

    root = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir(), root)
    path = root / "grid" / "regions.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    twin = next(r for r in rows if r.startswith("aws,us-east-1,")).replace("aws,us-east-1,", "aws,US-East-1,", 1)
    path.write_text("\n".join([*rows, twin]) + "\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="US-East-1' is 'us-east-1' in another case"):
        KnowledgeBase(root)
