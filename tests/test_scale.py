"""An analysis stays linear in the number of workloads: the work is counted, not timed.

Reviewers measured 27 s for 400 workloads: every recommendation re-summed the whole system's
footprint for its share of the total, and the plan recombined every workload for each prefix of
the ranking. Timings are in benchmarks/scale.py; here, operation counts per workload must not
grow with the number of workloads.
"""

from __future__ import annotations

import pytest
import yaml

from advisor.analysis import analyze_loaded
from advisor.figures import Span
from advisor.footprint import WorkloadFootprint
from advisor.loader import validate_document
from advisor.yamlfile import parse_yaml
from conftest import example


def _architecture(n: int, objective: float) -> str:
    """n copies of the examples' self-hosted workloads, renamed."""
    bases = []
    for name in ("doc-analyzer.yaml", "nightly-training-gcp.yaml", "onprem-vision.yaml"):
        bases += [w for w in yaml.safe_load(example(name).read_text())["workloads"] if w.get("kind") != "llm-api"]
    workloads = []
    for i in range(n):
        w = yaml.safe_load(yaml.safe_dump(bases[i % len(bases)]))
        w["name"] = f"w{i:03d}"
        workloads.append(w)
    return yaml.safe_dump({"name": f"scale-{n}", "cloud": {"provider": "aws", "region": "eu-central-1"},
                           "workloads": workloads, "objective": {"reduce_energy_pct": objective}})


def _count(monkeypatch, kb, tmp_path, n: int, objective: float, level: str) -> dict[str, int]:
    counts = {"operational": 0, "add": 0}
    operational = WorkloadFootprint.operational.fget
    add = Span.__add__

    def counted_operational(self):
        counts["operational"] += 1
        return operational(self)

    def counted_add(self, other):
        counts["add"] += 1
        return add(self, other)

    loaded = validate_document(parse_yaml(_architecture(n, objective), tmp_path / f"scale-{n}.yaml"), kb)
    with monkeypatch.context() as m:
        m.setattr(WorkloadFootprint, "operational", property(counted_operational))
        m.setattr(Span, "__add__", counted_add)
        m.setattr(Span, "__radd__", counted_add)
        report = analyze_loaded(loaded, kb, level=level)
    assert len(report.footprint.workloads) == n
    return counts


@pytest.mark.parametrize("objective, level", [(99, "pro"), (10, "pro"), (99, "basic")])
def test_work_per_workload_does_not_grow_with_the_workloads(monkeypatch, kb, tmp_path, objective, level):
    """99 %: out of reach, so the plan tries every prefix of the ranking; 10 %: reached early."""
    small = _count(monkeypatch, kb, tmp_path, 6, objective, level)
    large = _count(monkeypatch, kb, tmp_path, 48, objective, level)
    for what in small:
        per_small, per_large = small[what] / 6, large[what] / 48
        assert per_large <= per_small * 1.3, f"{what}: {per_small:.0f} per workload for 6, {per_large:.0f} for 48"
