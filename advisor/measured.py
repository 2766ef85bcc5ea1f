"""Measured metrics: CodeCarbon's emissions.csv, read without pandas, matched to workloads.

"Measure before you optimise." A run of CodeCarbon gives energy (kWh) over a duration (s);
`greenadvisor measure` also records the functional units done in a sidecar file
(`emissions.csv.units.json`, keyed by run id), because CodeCarbon's CSV has no column for
them. Runs are matched to workloads by `project_name`, or to the only workload. The
footprint then scales the measurement to the month — per request, per token, or per hour
of operation, in that order of preference — and keeps the estimate beside it.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from advisor.errors import InputError, Problem
from advisor.yamlfile import read_text

REQUIRED = ("duration", "emissions", "energy_consumed")
NUMERIC = ("duration", "emissions", "energy_consumed", "cpu_energy", "gpu_energy", "ram_energy", "pue")
MAX_CSV_BYTES = 50 * 1024 * 1024


@dataclass
class Run:
    line: int
    project: str
    run_id: str
    timestamp: str
    duration_s: float
    energy_kwh: float
    emissions_kg: float
    country: str | None = None
    pue: float = 1.0
    gpu_energy_kwh: float = 0.0
    requests: float | None = None
    tokens: float | None = None


@dataclass
class Measurement:
    workload: str
    runs: list[Run] = field(default_factory=list)

    @property
    def duration_s(self) -> float:
        return sum(r.duration_s for r in self.runs)

    @property
    def energy_kwh(self) -> float:
        return sum(r.energy_kwh for r in self.runs)

    @property
    def emissions_kg(self) -> float:
        return sum(r.emissions_kg for r in self.runs)

    def _units(self, attribute: str) -> float | None:
        values = [getattr(r, attribute) for r in self.runs]
        if not values or any(v is None for v in values):
            return None  # per-unit figures only when every run recorded its units
        return sum(values)

    @property
    def requests(self) -> float | None:
        return self._units("requests")

    @property
    def tokens(self) -> float | None:
        return self._units("tokens")

    @property
    def pue_included(self) -> bool:
        return all(r.pue > 1.0 for r in self.runs)

    @property
    def average_kw(self) -> float:
        hours = self.duration_s / 3600.0
        return self.energy_kwh / hours if hours > 0 else 0.0


def _number(row: dict, key: str, line: int, path: Path, required: bool) -> float | None:
    raw = (row.get(key) or "").strip()
    if raw == "":
        if required:
            raise InputError(Problem(f"'{key}' is empty", line, key), path)
        return None
    try:
        value = float(raw)
    except ValueError:
        raise InputError(Problem(f"'{key}' is not a number: {raw[:40]!r}", line, key), path) from None
    if not math.isfinite(value) or value < 0:
        raise InputError(Problem(f"'{key}' must be a finite number ≥ 0, got {raw[:40]!r}", line, key), path)
    return value


def read_codecarbon(path: str | Path) -> list[Run]:
    path = Path(path)
    text = read_text(path, "metrics file (CodeCarbon emissions.csv)", MAX_CSV_BYTES)
    if not text.strip():
        raise InputError("the metrics file is empty", path)
    try:
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise InputError(f"not a CSV file: {exc}", path) from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(
            Problem(f"not a CodeCarbon emissions.csv: missing column(s) {', '.join(missing)} "
                    f"(found: {', '.join(header[:8])}{'…' if len(header) > 8 else ''})", 1),
            path,
        )
    runs: list[Run] = []
    try:
        for index, row in enumerate(reader, start=2):
            row = {k.strip(): v for k, v in row.items() if isinstance(k, str)}  # cells past the header are ignored
            if not any(isinstance(v, str) and v.strip() for v in row.values()):
                continue
            numbers = {key: _number(row, key, index, path, key in REQUIRED) for key in NUMERIC}
            runs.append(Run(
                line=index,
                project=(row.get("project_name") or "").strip(),
                run_id=(row.get("run_id") or "").strip(),
                timestamp=(row.get("timestamp") or "").strip(),
                duration_s=numbers["duration"],
                energy_kwh=numbers["energy_consumed"],
                emissions_kg=numbers["emissions"],
                country=(row.get("country_iso_code") or "").strip().upper() or None,
                pue=numbers["pue"] or 1.0,
                gpu_energy_kwh=numbers["gpu_energy"] or 0.0,
            ))
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", path) from None
    if not runs:
        raise InputError("the metrics file has a header but no run", path)
    _attach_units(path, runs)
    return runs


def units_path(csv_path: Path) -> Path:
    return csv_path.with_name(csv_path.name + ".units.json")


def _attach_units(csv_path: Path, runs: list[Run]) -> None:
    sidecar = units_path(csv_path)
    if not sidecar.is_file():
        return
    try:
        units = json.loads(read_text(sidecar, "units file"))
    except ValueError as exc:
        raise InputError(f"not valid JSON: {exc}", sidecar) from None
    if not isinstance(units, dict):
        raise InputError("expected an object of run ids", sidecar)
    for run in runs:
        entry = units.get(run.run_id)
        if isinstance(entry, dict):
            run.requests = _positive(entry.get("requests"))
            run.tokens = _positive(entry.get("tokens"))


def _positive(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and value > 0 and math.isfinite(value) else None


def match(runs: list[Run], architecture) -> tuple[dict[str, Measurement], list[str]]:
    """Runs by workload: by project name, or all of them for a single-workload system."""
    names = [w.name for w in architecture.workloads]
    found: dict[str, Measurement] = {}
    unmatched: set[str] = set()
    for run in runs:
        if run.project in names:
            target = run.project
        elif len(names) == 1:
            target = names[0]
        else:
            unmatched.add(run.project or "(no project name)")
            continue
        found.setdefault(target, Measurement(target)).runs.append(run)
    notes = []
    if unmatched:
        notes.append(
            f"measured runs of {', '.join(sorted(unmatched))} match no workload; name the CodeCarbon project "
            f"after the workload ({', '.join(names)}) to use them"
        )
    return found, notes


def load_measurements(path: str | Path, architecture) -> tuple[dict[str, Measurement], list[str]]:
    return match(read_codecarbon(path), architecture)
