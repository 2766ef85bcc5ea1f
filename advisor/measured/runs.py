"""Measured metrics, matched to workloads: CodeCarbon's emissions.csv, Zeus, EcoLogits.

"Measure before you optimise." A run gives energy (kWh) over a duration (s). The format is
told by content, not by extension: CodeCarbon's CSV (`codecarbon`), Zeus's
measurement JSON or its CSV log (`zeus`), EcoLogits' per-request impacts JSON
(`ecologits`); CSV tables are read by `csvtable`, each run's numbers bounded by
`limits`. `greenadvisor measure` also records the functional units done in a
sidecar file (`units`: `emissions.csv.units.json`, keyed by run id), because
CodeCarbon's CSV has no column for them; the sidecar works the same for any format. A
reader refuses a file it cannot trust and lists, in `Runs.notes`, what it used with a doubt
or left out. Runs are matched to workloads by name, whatever its case (CodeCarbon's
`project_name`, a Zeus window, an EcoLogits record's `workload`); a run that names none
(`_unnamed`) goes by its model name, or to the only workload — and only to a workload the
tool can describe (`_unfit`: a run that saw no GPU never stands for a GPU workload); the
rest, named runs of no workload here included, is left out with a warning. The footprint then scales the
measurement to the month — per request, per token, or per hour of operation, in that order
of preference — and keeps the estimate beside it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from advisor.errors import InputError, Problem
from advisor.measured.words import say
from advisor.said import JOIN, Listing, Said, listed

MAX_CSV_BYTES = 50 * 1024 * 1024
FORMATS = "a CodeCarbon emissions.csv, a Zeus measurement JSON or log CSV, or EcoLogits impacts JSON"


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
    gpu_energy_kwh: float | None = None  # None: the tool did not measure the GPUs on its own
    gpu_count: int | None = None  # how many GPUs the tool saw, when it says (CodeCarbon 2.x+, Zeus)
    requests: float | None = None
    tokens: float | None = None
    tool: str = "CodeCarbon"
    model: str | None = None  # the model the run served, when the tool says (EcoLogits)
    energy_low_kwh: float | None = None  # a tool that estimates gives a range (EcoLogits)
    energy_high_kwh: float | None = None
    pue_included: bool | None = None  # None: decided from `pue` (CodeCarbon writes 1.0 when it applied none)
    scope: str | None = None  # what the tool does not see, said with the figure

    @property
    def saw_no_gpu(self) -> bool:
        """The tool looked for GPUs and found none (gpu_count 0), or read 0 kWh on them."""
        return self.gpu_count == 0 or self.gpu_energy_kwh == 0


class Runs(list):
    """A file's runs, and what its reader noticed without refusing the file (warnings)."""

    def __init__(self, runs=(), notes: list[str] | None = None):
        super().__init__(runs)
        self.notes: list[str] = list(notes or [])


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

    @property
    def energy_span(self):
        from advisor.figures import Span

        low = sum(r.energy_kwh if r.energy_low_kwh is None else r.energy_low_kwh for r in self.runs)
        high = sum(r.energy_kwh if r.energy_high_kwh is None else r.energy_high_kwh for r in self.runs)
        return Span(min(low, self.energy_kwh), self.energy_kwh, max(high, self.energy_kwh))

    @property
    def gpu_energy_kwh(self) -> float | None:
        """GPU energy of the runs, only when every run measured it and some was seen."""
        values = [r.gpu_energy_kwh for r in self.runs]
        if not values or any(v is None for v in values) or sum(values) <= 0:
            return None
        return sum(values)

    @property
    def gpu_counts(self) -> list[int]:
        """The GPU counts the runs report, each once."""
        return sorted({r.gpu_count for r in self.runs if r.gpu_count})

    @property
    def countries(self) -> list[str]:
        return sorted({r.country for r in self.runs if r.country})

    @property
    def tool(self) -> str:
        return " and ".join(sorted({r.tool for r in self.runs})) or "a measuring tool"

    @property
    def scope(self) -> str | None:
        scopes = sorted({r.scope for r in self.runs if r.scope})
        return "; ".join(scopes) or None

    def _units(self, attribute: str) -> float | None:
        values = [getattr(r, attribute) for r in self.runs if getattr(r, attribute)]
        return sum(values) if values else None  # the runs that recorded them; `footprint_measured._scale` says which

    @property
    def requests(self) -> float | None:
        return self._units("requests")

    @property
    def tokens(self) -> float | None:
        return self._units("tokens")

    @property
    def pue_included(self) -> bool:
        return all(r.pue > 1.0 if r.pue_included is None else r.pue_included for r in self.runs)

    @property
    def average_kw(self) -> float:
        hours = self.duration_s / 3600.0
        return self.energy_kwh / hours if hours > 0 else 0.0


def read_metrics(path: str | Path) -> Runs:
    """Runs from a metrics file of any supported format, told by its content; `Runs.notes` says what was not used."""
    from advisor.measured.units import attach_units

    from advisor.csvtable import read_export

    path = Path(path)
    text = read_export(path, "metrics file", MAX_CSV_BYTES)
    if not text.strip():
        raise InputError("the metrics file is empty", path)
    runs = _read_json(text, path) if text.lstrip()[:1] in "[{" else _read_csv(text, path)
    runs.notes.extend(attach_units(path, runs))
    return runs


def _read_csv(text: str, path: Path) -> Runs:
    from advisor.measured.codecarbon import looks_like_codecarbon, missing_columns, read_codecarbon_table
    from advisor.csvtable import read_table
    from advisor.measured.zeus import LOG_COLUMNS, read_zeus_log

    table = read_table(text, path)
    header = table.header
    if looks_like_codecarbon(header):
        return read_codecarbon_table(table)
    if all(c in header for c in LOG_COLUMNS):
        return read_zeus_log(table)
    shown = ", ".join(header[:8]) + ("…" if len(header) > 8 else "")
    raise InputError(Problem(f"not a CodeCarbon emissions.csv: missing column(s) {', '.join(missing_columns(header))} "
                             f"(found: {shown}); expected {FORMATS}", 1), path)


def _sidecar_of(path: Path) -> Path | None:
    """The metrics file whose units sidecar `path` is named as (units.py names it), else None."""
    from advisor.measured.units import units_path

    metrics = path.with_name(path.name.removesuffix(".units.json"))
    return metrics if metrics.name and metrics != path and units_path(metrics) == path else None


def _read_json(text: str, path: Path) -> Runs:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(Problem(f"not valid JSON: {getattr(exc, 'msg', None) or 'nested too deeply'}", line), path) from None
    from advisor.measured.ecologits import looks_like_ecologits, read_ecologits
    from advisor.measured.zeus import looks_like_zeus, read_zeus_json

    if looks_like_zeus(data):
        return read_zeus_json(data, path)
    if looks_like_ecologits(data):
        return read_ecologits(data, path)
    metrics = _sidecar_of(path)
    if metrics is not None:
        raise InputError(f"this is the units sidecar of {metrics.name} (the requests and tokens of its runs, which "
                         f"greenadvisor measure writes beside it), not a measurement: give {metrics} instead, "
                         f"and this file is read with it", path)
    raise InputError(f"JSON, but neither a Zeus measurement (time, gpu_energy) nor EcoLogits impacts (energy in kWh); expected {FORMATS}", path)


def read_codecarbon(path: str | Path) -> Runs:
    """A CodeCarbon emissions.csv (whatever `read_metrics` would tell it is)."""
    return read_metrics(path)


RUN_NAME = {"CodeCarbon": "CodeCarbon project", "Zeus": "Zeus window", "EcoLogits": "EcoLogits record's workload or model"}
MEASURE_PROJECT = "greenadvisor"  # `greenadvisor measure`'s project name when given no --project
# A run's name when nobody named it: CodeCarbon's default project_name, and ours.
DEFAULT_NAMES = {"CodeCarbon": ("codecarbon", MEASURE_PROJECT)}
HOSTED = "llm-api"  # a workload whose servers are the provider's: only EcoLogits' estimates describe them
_DATED = re.compile(r"-(?:\d{4}-\d{2}-\d{2}|\d{8}|latest)$")


def model_key(name: str | None) -> str:
    """A model name as providers and files spell it alike: case, a `provider/` prefix and a
    dated or `-latest` snapshot suffix do not make another model (gpt-4o-2024-08-06 is gpt-4o;
    gpt-4o-mini is not)."""
    key = (name or "").strip().lower().replace("_", "-").replace(" ", "-")
    key = key.rsplit("/", 1)[-1].rsplit(":", 1)[-1] if ("/" in key or ":" in key) else key
    return _DATED.sub("", key)


def _unfit(run: Run, w) -> str | None:
    """Why a run cannot describe this workload, whatever its name says; None when it can.

    EcoLogits estimates requests to a hosted model: it says nothing of a self-hosted one.
    CodeCarbon and Zeus read the machine they run on: for an llm-api workload that is the
    client, not the provider's servers. GPU energy cannot belong to a workload without GPUs,
    and a run that saw no GPU (a laptop, a CPU-only runner) cannot stand for one with GPUs:
    its energy would replace the accelerators' with a host's.
    """
    if run.tool == "EcoLogits":
        return None if w.kind == HOSTED else say("ecologits_kind", name=w.name, kind=w.kind)
    if w.kind == HOSTED:
        return say("host_reader", tool=run.tool, name=w.name)
    accelerated = w.hardware is not None and w.hardware.has_accelerator
    if run.tool == "Zeus" and (run.gpu_energy_kwh or 0) > 0 and not accelerated:
        return say("zeus_no_accelerator", name=w.name)
    if accelerated and run.saw_no_gpu:
        seen = (say("read_zero" if run.gpu_count > 1 else "read_zero_one", count=run.gpu_count) if run.gpu_count
                else say("saw_none", field="gpu_count" if run.gpu_count == 0 else "gpu_energy"))
        return say("no_gpu", tool=run.tool, seen=seen, name=w.name, count=w.hardware.count,
                   accelerator=w.hardware.accelerator)
    return None


def match(runs: list[Run], architecture) -> tuple[dict[str, Measurement], list[str]]:
    """Runs by workload: by run name; a run without one by the model served, or the only workload of a single-workload system.

    A run only goes to a workload it can describe (`_unfit`); a run that names its model goes
    to a workload serving that model or nowhere — never to the only workload by default,
    which would silently price one model's requests as another's. Likewise a named run (a
    CodeCarbon project, a Zeus window, an EcoLogits `workload`) goes to the workload of that
    name or nowhere: another name means another job sharing the file. What is left out is said.
    """
    workloads = {w.name: w for w in architecture.workloads}
    names = list(workloads)
    folded: dict[str, list[str]] = {}
    for name in names:
        folded.setdefault(name.casefold(), []).append(name)
    left_out: dict[tuple[str, str], list[str]] = {}  # (tool, why) -> which runs
    found: dict[str, Measurement] = {}
    for run in runs:
        label = _label(run)
        name_it = say(f"name_{run.tool}" if run.tool in RUN_NAME else "name_other", tool=run.tool, names=", ".join(names))
        named = run.project if run.project in workloads else _one(folded.get(run.project.strip().casefold(), []))
        if named is not None:
            target, why = named, _unfit(run, workloads[named])
        elif not _unnamed(run):
            target, why = None, say("no_name_match", name_it=name_it)
        elif run.model:
            target, why = _by_model(run, architecture.workloads)
        elif len(names) == 1:
            target, why = names[0], _unfit(run, workloads[names[0]])
        else:
            target, why = None, say("unnamed_several", name_it=name_it)
        if why is not None:
            left_out.setdefault((run.tool, why), []).append(label)
            continue
        found.setdefault(target, Measurement(target)).runs.append(run)
    notes = [say(f"left_out_{'record' if tool == 'EcoLogits' else 'run'}{'s' if len(which) > 1 else ''}", tool=tool,
                 which=_listed(which), why=why)
             for (tool, why), which in sorted(left_out.items())]
    return found, notes


def _one(names: list[str]) -> str | None:
    """The workload a run names whatever its case (`Document-Analysis` is `document-analysis`), if only one fits."""
    return names[0] if len(names) == 1 else None


def _unnamed(run: Run) -> bool:
    """A run that names nothing: no project or window, or the name a tool gives when it was not told one.

    Only such a run may go by its model or to the only workload: a named run belongs to
    the workload of that name, and when there is none it was measured for something else
    (another project sharing the CSV, a warm-up window) and would be priced as this one.
    """
    name = run.project.strip()
    return not name or name.lower() in DEFAULT_NAMES.get(run.tool, ())


def _by_model(run: Run, workloads) -> tuple[str | None, str | None]:
    """The workload serving the run's model, among those it can describe."""
    key = model_key(run.model)
    fit = [w for w in workloads if _unfit(run, w) is None]
    serving = [w for w in fit if w.model.name and model_key(w.model.name) == key]
    if len(serving) == 1:
        return serving[0].name, None
    if len(serving) > 1:
        return None, say("several_serve", n=len(serving), model=run.model, names=", ".join(w.name for w in serving))
    hosted = "_hosted" if run.tool == "EcoLogits" else ""
    if not fit:
        return None, say(f"no_fit{hosted}")
    served = Listing(say("serves", name=w.name, model=w.model.name) for w in fit if w.model.name)
    return None, say(f"none_serves{hosted}", model=run.model, served=say("served", items=served) if served else "")


def _label(run: Run) -> str:
    if run.project:
        return run.project
    return say("of_model", model=run.model) if run.model else (run.run_id or say("no_name"))


def _listed(which: list[str]) -> str:
    unique = list(dict.fromkeys(which))
    counted = [Said(JOIN, "count", item=w, n=which.count(w)) if which.count(w) > 1 else w for w in unique]
    return listed(counted)


def load_measurements(path: str | Path, architecture) -> tuple[dict[str, Measurement], list[str]]:
    """The measurements by workload, and every warning: the reader's first, then the matching's."""
    runs = read_metrics(path)
    found, notes = match(runs, architecture)
    return found, [*runs.notes, *notes]
