"""Cold start of `greenadvisor analyze` offline, against the bare interpreter importing its basics."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from common import GREENADVISOR, ROOT, clean_env, median, timed

REPEAT = 15


def run() -> dict:
    with tempfile.TemporaryDirectory() as home:
        env = clean_env(Path(home))
        example = str(ROOT / "examples" / "doc-analyzer.yaml")
        json_run = [*GREENADVISOR, "analyze", example, "--format", "json", "--no-log"]
        default_run = [*GREENADVISOR, "analyze", example]  # what a user types: the terminal table, logged
        for command in (json_run, default_run):
            timed(command, env=env)  # warm the disk, bytecode and knowledge-base caches
        analyze = timed(json_run, repeat=REPEAT, env=env)
        default = timed(default_run, repeat=REPEAT, env=env)
        baseline = timed([sys.executable, "-c", "import pydantic, yaml, rich"], repeat=REPEAT, env=env)
    return {
        "analyze_s": median(analyze),
        "default_s": median(default),
        "baseline_s": median(baseline),
        "ratio": median(analyze) / median(baseline),
        "default_ratio": median(default) / median(baseline),
        "target_ratio": 2.5,
    }


if __name__ == "__main__":
    print(run())
