"""The units sidecar (`FILE.units.json`): the requests and tokens each run served, keyed by run id.

CodeCarbon's CSV has no column for the work a run did, so `greenadvisor measure` writes it
beside the CSV (`{run_id: {"requests": n, "tokens": n}}`); the runs of any format can have
one. Whatever cannot be used is said, never dropped in silence: a count that is not a number
of at least one (a string, a negative number, 1e-300), an entry for no run of the file, an
entry that fits several runs. Each would otherwise change how the measurement is scaled to a
month, or by how much, without a word.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from advisor.errors import InputError, Problem
from advisor.yamlfile import read_text

UNITS = ("requests", "tokens")


def units_path(metrics_path: Path) -> Path:
    return metrics_path.with_name(metrics_path.name + ".units.json")


def attach_units(metrics_path: Path, runs: list) -> list[str]:
    """Give each run its requests and tokens from the sidecar, if any; the warnings about what was not used."""
    sidecar = units_path(metrics_path)
    if not sidecar.is_file():
        return []
    try:
        units = json.loads(read_text(sidecar, "units file"))
    except ValueError as exc:
        raise InputError(f"not valid JSON: {exc}", sidecar) from None
    if not isinstance(units, dict):
        raise InputError("expected an object of run ids", sidecar)
    by_id: dict[str, list] = {}
    for run in runs:
        by_id.setdefault(run.run_id, []).append(run)
    notes, unknown = [], []
    for key, entry in units.items():
        targets = by_id.get(key, [])
        if not targets:
            unknown.append(key)
        elif len(targets) > 1:
            notes.append(Problem(f"fits {len(targets)} runs of {metrics_path.name} (they have no run id of their own), "
                                 f"so which one did this work cannot be told; ignored", None, repr(key)).render(sidecar))
        elif not isinstance(entry, dict):
            notes.append(Problem(f'expected {{"requests": n, "tokens": n}}, got {str(entry)[:40]!r}; ignored',
                                 None, key).render(sidecar))
        else:
            for unit in UNITS:
                value = entry.get(unit)
                if value is None:
                    continue
                count = as_count(value)
                if count is None:
                    notes.append(Problem(f"{str(value)[:40]!r} is not a count (a number of at least 1); ignored",
                                         None, f"{key}.{unit}").render(sidecar))
                else:
                    setattr(targets[0], unit, count)
    if unknown:
        shown = ", ".join(repr(k) for k in unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        notes.append(f"{sidecar}: no run of {metrics_path.name} has the id {shown}; "
                     f"{'its' if len(unknown) == 1 else 'their'} units are ignored")
    return notes


def as_count(value) -> float | None:
    """A number of requests or tokens: at least one (less is no work to divide by), finite, not a string."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) and value >= 1 else None
