"""Run a command under CodeCarbon's offline tracker and record what it cost.

Offline means no network: the grid intensity comes from CodeCarbon's bundled per-country
data, so the country must be known (given, or derived from a cloud region through our
knowledge base). GPU power is read through NVML when a GPU is present (CodeCarbon does it).
The command's own exit status is what `greenadvisor measure` exits with.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from advisor.errors import InputError
from advisor.measured import units_path


@dataclass
class MeasuredRun:
    returncode: int
    run_id: str
    duration_s: float
    energy_kwh: float
    emissions_kg: float
    requests: float | None
    tokens: float | None


def run_measured(command: list[str], *, output: Path, country: str, project: str,
                 requests: float | None = None, tokens: float | None = None, interval_s: float = 1.0) -> MeasuredRun:
    if not command:
        raise InputError("nothing to measure: give the command after --, e.g. greenadvisor measure -- python job.py")
    output = output.resolve()
    if output.is_dir():
        raise InputError("is a directory; --output names the CSV file", output)
    from advisor.output import ensure_folder

    ensure_folder(output)
    logging.getLogger("codecarbon").setLevel(logging.ERROR)
    from codecarbon import OfflineEmissionsTracker

    logging.getLogger("codecarbon").setLevel(logging.ERROR)
    try:  # CodeCarbon ≥ 3.3 names its outputs; older versions take save_to_file
        from codecarbon.output_methods.base_output import OutputMethod

        outputs = {"output_methods": [OutputMethod.CSV]}
    except ImportError:
        outputs = {"save_to_file": True}
    tracker = OfflineEmissionsTracker(
        country_iso_code=country, project_name=project, output_dir=str(output.parent), output_file=output.name,
        log_level="error", measure_power_secs=interval_s, tracking_mode="machine", allow_multiple_runs=True, **outputs,
    )
    started = time.monotonic()
    tracker.start()
    try:
        try:
            completed = subprocess.run(command, env=os.environ.copy())
        except FileNotFoundError:
            raise InputError(f"command not found: {command[0]}") from None
        except PermissionError:
            raise InputError(f"command is not executable: {command[0]}") from None
    finally:
        tracker.stop()
    data = tracker.final_emissions_data
    run_id = str(data.run_id)
    if requests or tokens:
        _record_units(output, run_id, requests, tokens)
    return MeasuredRun(completed.returncode, run_id, time.monotonic() - started, float(data.energy_consumed),
                       float(data.emissions), requests, tokens)


def _record_units(csv_path: Path, run_id: str, requests: float | None, tokens: float | None) -> None:
    from advisor.output import write_atomic

    sidecar = units_path(csv_path)
    units = {}
    if sidecar.is_file():
        try:
            units = json.loads(sidecar.read_text(encoding="utf-8"))
        except ValueError:
            units = {}
    units[run_id] = {k: v for k, v in (("requests", requests), ("tokens", tokens)) if v}
    write_atomic(sidecar, json.dumps(units, indent=2))
