"""Zeus (ml-energy/zeus) measurements: what `ZeusMonitor` gives and what it writes.

`ZeusMonitor.end_window(name)` returns a `Measurement` dataclass: `time` (s), `gpu_energy`
({GPU index: J}), `cpu_energy` and `dram_energy` ({RAPL zone: J}, or null), `soc_energy`.
Zeus has no JSON writer of its own; `dataclasses.asdict(measurement)` dumped with `json`
is how a run is kept, so we accept one such object, a list of them (each may carry its
window's name as `window`, or `name`), or an object of them keyed by window name. With
`log_file=`, Zeus itself writes a CSV: `start_time,window_name,elapsed_time,gpu<i>_energy…`
(one row per window, J). Window names map to workloads as CodeCarbon project names do.
On a machine without GPUs, Zeus 0.16 writes `"gpu_energy": {}` and a log without any
`gpu<i>_energy` column: valid, a run that saw no GPU (`gpu_count` 0), which `measured.match`
keeps away from GPU workloads.

Zeus measures the GPUs (and CPU/DRAM through RAPL when it can), not the whole server:
the footprint says so with the figure.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from advisor.cells import json_nonnegative, nonnegative
from advisor.errors import InputError, Problem
from advisor.measured.runs import Run, Runs
from advisor.csvtable import Table
from advisor.measured.limits import check_run, summarise
from advisor.measured.units import as_count

LOG_COLUMNS = ("start_time", "window_name", "elapsed_time")
JOULES_PER_KWH = 3.6e6
MEASUREMENT_KEYS = ("time", "gpu_energy")
NAME_KEYS = ("window", "name", "window_name")
GPU_ONLY = "Zeus measured the GPUs only (no CPU, memory or rest of the server)"
NO_SERVER = "Zeus measured GPUs, CPU and DRAM, not the rest of the server"


def looks_like_zeus(data) -> bool:
    def measurement(item) -> bool:
        return isinstance(item, dict) and all(k in item for k in MEASUREMENT_KEYS)

    if measurement(data):
        return True
    if isinstance(data, list) and data and all(measurement(x) for x in data):
        return True
    return isinstance(data, dict) and bool(data) and all(measurement(x) for x in data.values())


def read_zeus_json(data, path: Path) -> Runs:
    if isinstance(data, dict) and all(k in data for k in MEASUREMENT_KEYS):
        items = [(None, data)]
    elif isinstance(data, list):
        items = [(None, x) for x in data]
    else:
        items = list(data.items())
    named = []
    for index, (key, item) in enumerate(items):
        name = key if key is not None else next((item[k] for k in NAME_KEYS if isinstance(item.get(k), str)), None)
        named.append((name, item, f"[{key!r}]" if key is not None else f"[{index}]" if isinstance(data, list) else ""))
    ids = _run_ids([n for n, _, _ in named])
    runs, warnings = [], []
    for (name, item, where), run_id in zip(named, ids):
        run = _run(item, name, run_id, where, path)
        runs.append(run)
        warnings.append(check_run(run.energy_kwh, run.duration_s, path, None, f"{where} energy".strip(), f"{where}.time".lstrip(".")))
    return Runs(runs, summarise([w for w in warnings if w]))


def _run(item: dict, name: str | None, run_id: str, where: str, path: Path) -> Run:
    seconds = json_nonnegative(item.get("time"), path, None, f"{where}.time".lstrip("."))
    gpu_energy = item.get("gpu_energy")
    gpu = _zones(gpu_energy, f"{where}.gpu_energy", path, required=True)
    cpu = _zones(item.get("cpu_energy"), f"{where}.cpu_energy", path)
    dram = _zones(item.get("dram_energy"), f"{where}.dram_energy", path)
    total = gpu + (cpu or 0.0) + (dram or 0.0)
    return Run(
        line=1, project=name or "", run_id=run_id, timestamp="", duration_s=seconds,
        energy_kwh=total / JOULES_PER_KWH, emissions_kg=0.0, gpu_energy_kwh=gpu / JOULES_PER_KWH, gpu_count=len(gpu_energy),
        tool="Zeus", pue_included=False, scope=GPU_ONLY if cpu is None else NO_SERVER,
        requests=as_count(item.get("requests")), tokens=as_count(item.get("tokens")),
    )


def read_zeus_log(table: Table) -> Runs:
    """Zeus's own `log_file`: one row per ended window, GPU energy in J per column (none without GPUs)."""
    path = table.path
    gpu_columns = [h for h in table.header if h.startswith("gpu") and h.endswith("_energy")]
    rows = []
    for row in table.rows():
        seconds = _cell(row.cells, "elapsed_time", row.line, path)
        gpu = sum(_cell(row.cells, c, row.line, path) for c in gpu_columns)
        rows.append((row.line, (row.cells.get("window_name") or "").strip(), (row.cells.get("start_time") or "").strip(), seconds, gpu))
    if not rows:
        raise InputError("the metrics file has a header but no run", path)
    ids = _run_ids([name for _, name, _, _, _ in rows])
    runs = [
        Run(line=line, project=name, run_id=run_id, timestamp=start, duration_s=seconds, energy_kwh=gpu / JOULES_PER_KWH,
            emissions_kg=0.0, gpu_energy_kwh=gpu / JOULES_PER_KWH, gpu_count=len(gpu_columns), tool="Zeus",
            pue_included=False, scope=GPU_ONLY)
        for (line, name, start, seconds, gpu), run_id in zip(rows, ids)
    ]
    warnings = [check_run(r.energy_kwh, r.duration_s, path, r.line, "gpu<i>_energy", "elapsed_time") for r in runs]
    return Runs(runs, summarise([w for w in warnings if w]))


def _run_ids(names: list[str | None]) -> list[str]:
    """A window's name is its run id for the units sidecar; repeated windows get #1, #2…"""
    counts = Counter(names)
    seen: Counter = Counter()
    ids = []
    for index, name in enumerate(names):
        base = name or f"#{index + 1}"
        seen[name] += 1
        ids.append(f"{base}#{seen[name]}" if name and counts[name] > 1 else base)
    return ids


def _zones(value, where: str, path: Path, required: bool = False) -> float | None:
    """Sum of a {index: J} map; None when the tool could not measure that part."""
    if value is None and not required:
        return None
    if not isinstance(value, dict):  # {} is valid: Zeus watched no device of that kind
        raise InputError(Problem("expected an object of {index: joules}", None, where.lstrip(".")), path)
    return sum(json_nonnegative(v, path, None, f"{where}.{k}".lstrip(".")) for k, v in value.items())


def _cell(row: dict, key: str, line: int, path: Path) -> float:
    return nonnegative(row.get(key) or "", path, line, key)

