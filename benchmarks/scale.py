"""One architecture with many workloads: does an analysis stay roughly linear in their number?

Reviewers saw 0.42 s for 25 workloads and 27 s for 400 (totals re-summed per recommendation,
plans recombined per prefix). Reported, never asserted: tests/test_scale.py counts the work.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

from common import GREENADVISOR, ROOT, clean_env, median, timed

SIZES = (25, 100, 400)


def architecture(n: int) -> dict:
    """n workloads: the examples' self-hosted workloads on AWS, renamed, repeated."""
    bases = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        bases += [w for w in data["workloads"] if w.get("kind") != "llm-api"]
    workloads = []
    for i in range(n):
        w = yaml.safe_load(yaml.safe_dump(bases[i % len(bases)]))
        w["name"] = f"{w['name']}-{i:03d}"
        workloads.append(w)
    return {"name": f"scale-{n}", "cloud": {"provider": "aws", "region": "eu-central-1"},
            "workloads": workloads, "objective": {"reduce_energy_pct": 30}, "constraints": {"clouds": ["aws"]}}


def write(directory: Path, n: int) -> Path:
    path = directory / f"scale-{n}.yaml"
    path.write_text(yaml.safe_dump(architecture(n), sort_keys=False))
    return path


def run(sizes=SIZES, repeat: int = 3) -> dict[int, dict[str, float]]:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        env = clean_env(home)
        for n in sizes:
            path = write(Path(tmp), n)
            results[n] = {fmt: median(timed([*GREENADVISOR, "analyze", str(path), "-f", fmt, "--no-log"], repeat=repeat,
                                             env=env, cwd=ROOT)) for fmt in ("json", "table")}
    return results


if __name__ == "__main__":
    sizes = tuple(int(a) for a in sys.argv[1:]) or SIZES
    for n, times in run(sizes).items():
        print(f"{n} workloads: " + ", ".join(f"{fmt} {s:.2f} s" for fmt, s in times.items()))
