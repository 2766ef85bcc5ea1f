"""Helpers shared by the benchmarks: timing subprocesses, describing the machine."""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GREENADVISOR = [sys.executable, "-m", "advisor"]


def timed(command: list[str], *, repeat: int = 1, env: dict | None = None, cwd: Path | None = None) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd)
        times.append(time.perf_counter() - started)
        if result.returncode not in (0, 1, 2):
            raise RuntimeError(f"{command} failed: {result.stderr[-500:]}")
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return (f"{os.cpu_count()} cores ({cpu}){memory}; Python {platform.python_version()} on "
            f"{platform.system()} {platform.release()}")


def clean_env(home: Path) -> dict:
    """The environment of a user's fresh shell: no keys, and bytecode caches allowed.

    PYTHONDONTWRITEBYTECODE (set in some sandboxes and CI images) would make every run compile
    greenadvisor's modules from source, which an installed package never does (pip compiles
    them at install time); the first, untimed run of each benchmark writes them.
    """
    env = dict(os.environ, GREENADVISOR_HOME=str(home), NO_COLOR="1")
    for key in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GREENADVISOR_MODEL", "PYTHONDONTWRITEBYTECODE"):
        env.pop(key, None)
    return env


def which(name: str) -> str | None:
    return shutil.which(name)
