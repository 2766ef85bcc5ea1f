"""CodeCarbon's emissions.csv, from 1.x to 3.x, read without pandas into `Run`s.

Only `duration` (s) and `energy_consumed` (kWh) are needed; `project_name`, `run_id`,
`country_iso_code`, `pue`, `cpu_energy`/`gpu_energy`/`ram_energy` and `gpu_count` are read
when the version writes them. `emissions` is not required: the grid is the architecture's,
so CodeCarbon's own carbon figure is never used.

Why the checks:
- `tracker.flush()` (2.x and later) appends a row with the energy so far, under the run's
  `run_id`, and `stop()` appends the final one: rows sharing a `run_id` are one run, whose
  last (longest) row holds it all. Summing them would count the start of the run again and again.
- A part (`cpu_energy`, `gpu_energy`, `ram_energy`) cannot exceed the total CodeCarbon
  computed from them, nor their sum; a PUE below 1 would have the building give energy
  back. Such a row was edited or mixed up, and which number is right cannot be told.
- `gpu_count` (0 in 3.x, empty in 2.x when it found none) and a `gpu_energy` of 0 tell that
  the run saw no GPU: `measured.match` does not let such a run stand for a GPU workload.
"""

from __future__ import annotations

from pathlib import Path

from advisor.cells import nonnegative
from advisor.errors import InputError, Problem
from advisor.measured.runs import Run, Runs
from advisor.csvtable import Row, Table
from advisor.measured.limits import check_run, summarise

REQUIRED = ("duration", "energy_consumed")
PARTS = ("cpu_energy", "gpu_energy", "ram_energy")
OPTIONAL = ("emissions", "pue", "gpu_count", *PARTS)
TOLERANCE = 1e-6  # CodeCarbon sums floats: its total may differ from the parts' sum in the last digits


def looks_like_codecarbon(header: list[str]) -> bool:
    return all(c in header for c in REQUIRED)


def missing_columns(header: list[str]) -> list[str]:
    return [c for c in REQUIRED if c not in header]


def read_codecarbon_table(table: Table) -> Runs:
    path = table.path
    by_id: dict[str, Run] = {}
    runs: list[Run] = []
    warnings: list[str] = []
    for row in table.rows():
        run = _run(row, table, path)
        warning = check_run(run.energy_kwh, run.duration_s, path, row.line, "energy_consumed", "duration")
        if warning:
            warnings.append(warning)
        if not run.run_id:
            runs.append(run)
        elif run.run_id not in by_id or run.duration_s >= by_id[run.run_id].duration_s:
            by_id[run.run_id] = run  # flush(): the last, cumulative row of a run holds all of it
    runs = sorted(runs + list(by_id.values()), key=lambda r: r.line)
    if not runs:
        raise InputError("the metrics file has a header but no run", path)
    return Runs(runs, summarise(warnings))


def _run(row: Row, table: Table, path: Path) -> Run:
    n = {key: _number(row, key, table, path, required=key in REQUIRED) for key in (*REQUIRED, *OPTIONAL)}
    total, line = n["energy_consumed"], row.line
    for part in PARTS:
        if n[part] is not None and _above(n[part], total):
            raise InputError(Problem(f"{n[part]:.6g} kWh is more than energy_consumed ({total:.6g} kWh), the run's total: "
                                     f"a part cannot exceed the whole", line, part), path)
    parts = [n[p] for p in PARTS if n[p] is not None]
    if len(parts) > 1 and _above(sum(parts), total):
        raise InputError(Problem(f"{total:.6g} kWh is less than {' + '.join(p for p in PARTS if n[p] is not None)} "
                                 f"({sum(parts):.6g} kWh): the total cannot be less than its parts", line, "energy_consumed"), path)
    if n["pue"] is not None and n["pue"] < 1:
        raise InputError(Problem(f"{n['pue']:g}: a PUE is at least 1 (the IT energy plus the building's overhead); "
                                 f"CodeCarbon writes 1.0 when none was set", line, "pue"), path)
    cells = row.cells
    return Run(
        line=line,
        project=(cells.get("project_name") or "").strip(),
        run_id=(cells.get("run_id") or "").strip(),
        timestamp=(cells.get("timestamp") or "").strip(),
        duration_s=n["duration"],
        energy_kwh=total,
        emissions_kg=n["emissions"] or 0.0,
        country=(cells.get("country_iso_code") or "").strip().upper() or None,
        pue=n["pue"] or 1.0,
        gpu_energy_kwh=n["gpu_energy"],
        gpu_count=None if n["gpu_count"] is None else round(n["gpu_count"]),
    )


def _above(part: float, total: float) -> bool:
    return part > total * (1 + TOLERANCE) + 1e-15


def _number(row: Row, key: str, table: Table, path: Path, required: bool) -> float | None:
    raw = row.cells.get(key)
    if raw is None and key in table.header and required:
        raise InputError(Problem(f"the row ends before this column ({row.width} cells, the header has "
                                 f"{len(table.header)})", row.line, key), path)
    raw = (raw or "").strip()
    if raw == "":
        if required:
            raise InputError(Problem(f"'{key}' is empty", row.line, key), path)
        return None
    return nonnegative(raw, path, row.line, key)
