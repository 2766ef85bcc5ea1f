"""Wall time of the eval suite on the offline engine."""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import GREENADVISOR, ROOT, clean_env, median, timed


def run() -> dict:
    with tempfile.TemporaryDirectory() as home:
        times = timed([*GREENADVISOR, "eval", "--format", "json"], repeat=3, env=clean_env(Path(home)), cwd=ROOT)
    cases = len(list((ROOT / "evals" / "cases").glob("*.yaml")))
    return {"cases": cases, "seconds": median(times)}


if __name__ == "__main__":
    print(run())
