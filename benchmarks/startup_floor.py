"""What the chosen stack costs at start-up before any greenadvisor code runs.

Each step adds one thing the offline `analyze` cannot do without, measured as CPU time of a
fresh interpreter (user + system, median), against the issue's baseline:
  1. `import pydantic, yaml, rich` (the baseline: pydantic's top level is lazy);
  2. + one pydantic model defined and validated (pydantic.main, its plugin discovery, a schema);
  3. + a typer app with analyze's 14 options, invoked once (typer 0.2x coerces parameters with
     pydantic TypeAdapters).
Then `greenadvisor analyze` itself. The ratio of step 3 to step 1 is the floor that any
typer + pydantic command starts from on this machine.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, clean_env, median

REPEAT = 21

MODEL = """
import pydantic, yaml, rich
from pydantic import BaseModel
class M(BaseModel):
    x: int
M(x=1)
"""

TYPER = MODEL + """
from pathlib import Path
import typer
app = typer.Typer()
@app.callback()
def root() -> None:
    pass
@app.command()
def analyze(files: list[Path], model: str = None, base_url: str = None, level: str = "pro", lang: str = "en",
            fmt: str = typer.Option("table", "--format"), metrics: Path = None, grid_profile: Path = None,
            output: Path = None, fallback: str = None, no_cache: bool = False, no_log: bool = False,
            timeout: float = None, concurrency: int = 4) -> None:
    pass
app(["analyze", "x.yaml", "--format", "json", "--no-log"], standalone_mode=False)
"""


def cpu_ms(command: list[str], env: dict) -> float:
    samples = []
    for _ in range(REPEAT):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, cwd=ROOT)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        samples.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return median(samples) * 1000


def run() -> dict:
    with tempfile.TemporaryDirectory() as home:
        env = clean_env(Path(home))
        example = str(ROOT / "examples" / "doc-analyzer.yaml")
        steps = {
            "baseline: import pydantic, yaml, rich": [sys.executable, "-c", "import pydantic, yaml, rich"],
            "+ one pydantic model validated": [sys.executable, "-c", MODEL],
            "+ a typer app with analyze's options": [sys.executable, "-c", TYPER],
            "greenadvisor analyze (offline, json)": [sys.executable, "-m", "advisor", "analyze", example, "--format", "json", "--no-log"],
        }
        subprocess.run(steps["greenadvisor analyze (offline, json)"], env=env, capture_output=True)  # warm caches
        results = {name: cpu_ms(command, env) for name, command in steps.items()}
    base = results["baseline: import pydantic, yaml, rich"]
    return {name: {"cpu_ms": ms, "ratio": ms / base} for name, ms in results.items()}


if __name__ == "__main__":
    for name, r in run().items():
        print(f"{name:40s} {r['cpu_ms']:6.0f} ms  {r['ratio']:.2f}x")
