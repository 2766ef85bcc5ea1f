"""Files per second: 1,000 generated architectures analysed offline in one command."""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

import yaml

from common import GREENADVISOR, ROOT, clean_env, timed

N = 1000


def generate(directory: Path, n: int = N, seed: int = 7) -> None:
    """Variations of the examples: other regions, accelerators, counts, utilisations, traffic."""
    rng = random.Random(seed)
    sys_path_kb = __import__("advisor.kb", fromlist=["load_kb"]).load_kb()
    regions = sorted(sys_path_kb.regions)
    accelerators = [a for a in sorted(sys_path_kb.accelerators) if a.startswith("nvidia")]
    bases = [yaml.safe_load(p.read_text()) for p in sorted((ROOT / "examples").glob("*.yaml"))]
    for i in range(n):
        arch = yaml.safe_load(yaml.safe_dump(rng.choice(bases)))
        arch["name"] = f"generated-{i:04d}"
        if arch["cloud"]["provider"] != "on-prem":
            provider, region = rng.choice(regions)
            arch["cloud"] = {"provider": provider, "region": region}
            arch["constraints"] = {"clouds": [provider]}
        for w in arch["workloads"]:
            hw = w.get("hardware")
            if hw and hw.get("accelerator", "none") != "none":
                hw["accelerator"] = rng.choice(accelerators)
                hw["count"] = rng.randint(1, 16)
                hw["utilization"] = round(rng.uniform(0.05, 0.95), 2)
            if w.get("traffic", {}).get("requests_per_month"):
                w["traffic"]["requests_per_month"] = rng.randint(1_000, 50_000_000)
        (directory / f"arch-{i:04d}.yaml").write_text(yaml.safe_dump(arch, sort_keys=False))


def run() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = tmp / "fleet"
        files.mkdir()
        generate(files)
        env = clean_env(tmp / "home")
        started = time.perf_counter()
        (seconds,) = timed([*GREENADVISOR, "analyze", str(files), "--format", "json", "--no-log", "--output", str(tmp / "out")], env=env)
        reports = len(list((tmp / "out").iterdir()))
    return {"files": N, "reports": reports, "seconds": seconds, "files_per_s": N / seconds, "target_seconds": 10.0,
            "wall_s": time.perf_counter() - started}


if __name__ == "__main__":
    print(run())
