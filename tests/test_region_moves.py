"""Where region-selection may send a deferrable job.

Why: its own geography was the only place looked at, so no African workload could ever be
moved (regions.csv's Africa holds South Africa alone, 650+ gCO2e/kWh) and an on-prem job with
a cloud allowed was never offered one. Now: its own geography first, then the neighbours of
knowledge/grid/geos.yaml, with a caveat; from on-prem, the allowed clouds' regions.
"""

from __future__ import annotations

import json

import pytest
from conftest import edited_knowledge, run_cli

from advisor.errors import KnowledgeBaseError
from advisor.kb import KnowledgeBase, load_kb

JOB = """name: job
cloud: {cloud}
workloads:
  - name: reindex
    kind: batch-inference
    model: {{name: bge-large, parameters_b: 0.3, precision: fp16}}
    hardware: {{accelerator: nvidia-a10, count: 4, utilization: 0.7, hours_per_month: 200}}
    schedule: {{deferrable: true, window_hours: 72}}
{constraints}"""


def _report(tmp_path, cloud: str, constraints: str = "", lang: str = "en") -> dict:
    path = tmp_path / "a.yaml"
    path.write_text(JOB.format(cloud=cloud, constraints=constraints), encoding="utf-8")
    run = run_cli("analyze", path, "--format", "json", "--no-log", "--lang", lang)
    assert run.code == 0, run.stderr
    return json.loads(run.stdout)


def _move(report: dict) -> dict | None:
    return next((r for r in report["recommendations"] if r["technique_id"] == "region-selection"), None)


def test_an_african_job_may_move_to_a_neighbouring_geography_with_a_caveat(tmp_path):
    kb = load_kb()
    report = _report(tmp_path, "{provider: azure, region: southafricanorth}")
    move = _move(report)
    assert move is not None, report["excluded"]
    target = move["action"].split("→ ")[1].rstrip(")")
    assert kb.regions[("azure", target)].geo in ("europe", "middle-east")
    assert "another continent" in move["warning"] and "data residency" in move["warning"]
    assert move["saving_kgco2e_month"] > 0


def test_the_caveat_is_french_in_a_french_report(tmp_path):
    move = _move(_report(tmp_path, "{provider: azure, region: southafricanorth}", lang="fr"))
    assert "autre continent" in move["warning"]


def test_a_job_whose_own_geography_has_a_cleaner_region_stays_in_it(tmp_path):
    kb = load_kb()
    move = _move(_report(tmp_path, "{provider: aws, region: eu-central-1}"))
    target = move["action"].split("→ ")[1].rstrip(")")
    assert kb.regions[("aws", target)].geo == "europe" and "another continent" not in (move["warning"] or "")


def test_an_on_prem_job_may_move_to_an_allowed_clouds_region(tmp_path):
    kb = load_kb()
    move = _move(_report(tmp_path, "{provider: on-prem, country: DEU, pue: 1.6}", "constraints: {clouds: [aws, on-prem]}\n"))
    assert move is not None
    target = move["action"].split("→ ")[1].rstrip(")")
    assert ("aws", target) in kb.regions and kb.regions[("aws", target)].geo == "europe"
    assert "your own data centre" in move["warning"]


@pytest.mark.parametrize("constraints", ["", "constraints: {clouds: [on-prem]}\n", "constraints: {clouds: []}\n"])
def test_an_on_prem_job_with_no_cloud_allowed_is_not_moved(tmp_path, constraints):
    report = _report(tmp_path, "{provider: on-prem, country: DEU, pue: 1.6}", constraints)
    assert _move(report) is None
    assert {"technique_id": "region-selection", "workload": "reindex",
            "reason": "no cloud is allowed to move to (constraints.clouds)"} in report["excluded"]


def test_a_partition_has_no_neighbour(tmp_path):
    root = edited_knowledge(tmp_path, "grid/geos.yaml", "  middle-east: [europe]", "  middle-east: [europe]\n  china: [asia-pacific]")
    with pytest.raises(KnowledgeBaseError, match="'china' is a separate partition"):
        KnowledgeBase(root)


def test_an_unknown_geography_is_refused(tmp_path):
    root = edited_knowledge(tmp_path, "grid/geos.yaml", "south-america: [north-america]", "south-america: [northamerica]")
    with pytest.raises(KnowledgeBaseError, match="unknown geo 'northamerica'"):
        KnowledgeBase(root)
