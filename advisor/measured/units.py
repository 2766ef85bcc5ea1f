"""The units sidecar (`FILE.units.json`): the requests and tokens each run served, keyed by run id.

CodeCarbon's CSV has no column for the work a run did, so `greenadvisor measure` writes it
beside the CSV (`{run_id: {"requests": n, "tokens": n}}`); the runs of any format can have
one. This module owns the format, both ways (`write_units`, `attach_units`), so the writer
and the reader cannot drift apart. A sidecar that is not a JSON object is refused, by
`analyze` and by `measure` before it runs the command: rewriting it would wipe the units of
every earlier run. Whatever cannot be used is said, never dropped in silence: a count that
is not a number of at least one (a string, a negative number, 1e-300), an entry for no run
of the file, an entry that fits several runs. Each would otherwise change how the measurement is scaled to a
month, or by how much, without a word.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from advisor.errors import InputError, Problem
from advisor.measured.words import say
from advisor.said import at, listed
from advisor.yamlfile import read_text

UNITS = ("requests", "tokens")
_KINDS = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true or false", type(None): "null"}


def units_path(metrics_path: Path) -> Path:
    return metrics_path.with_name(metrics_path.name + ".units.json")


def read_units(metrics_path: Path) -> dict:
    """The sidecar's entries by run id ({} when there is none); a file that is not a JSON object is an InputError."""
    sidecar = units_path(metrics_path)
    if not sidecar.exists():
        return {}
    text = read_text(sidecar, "units file")
    try:
        units = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputError(Problem(f"not valid JSON ({getattr(exc, 'msg', None) or 'nested too deeply'}): it holds the "
                                 f"requests and tokens of the runs in {metrics_path.name}; fix it or move it aside",
                                 getattr(exc, "lineno", None)), sidecar) from None
    if not isinstance(units, dict):
        raise InputError(Problem(f'expected an object of run ids ({{"run id": {{"requests": n, "tokens": n}}}}), '
                                 f"got {_KINDS.get(type(units), 'something else')}; fix it or move it aside", 1), sidecar)
    return units


def write_units(metrics_path: Path, run_id: str, requests: float | None, tokens: float | None) -> None:
    """Record one run's units beside the metrics file, keeping every other run's (atomically)."""
    from advisor.output import write_atomic

    units = read_units(metrics_path)
    units[run_id] = {k: v for k, v in (("requests", requests), ("tokens", tokens)) if v}
    write_atomic(units_path(metrics_path), json.dumps(units, indent=2))


def attach_units(metrics_path: Path, runs: list) -> list[str]:
    """Give each run its requests and tokens from the sidecar, if any; the warnings about what was not used."""
    sidecar = units_path(metrics_path)
    units = read_units(metrics_path)
    by_id: dict[str, list] = {}
    for run in runs:
        by_id.setdefault(run.run_id, []).append(run)
    notes, unknown = [], []
    for key, entry in units.items():
        targets = by_id.get(key, [])
        if not targets:
            unknown.append(key)
        elif len(targets) > 1:
            notes.append(at(Problem("", None, repr(key)).render(sidecar),
                            say("fits_several", n=len(targets), name=metrics_path.name)))
        elif not isinstance(entry, dict):
            notes.append(at(Problem("", None, key).render(sidecar), say("not_entry", got=repr(str(entry)[:40]))))
        else:
            for unit in UNITS:
                value = entry.get(unit)
                if value is None:
                    continue
                count = as_count(value)
                if count is None:
                    notes.append(at(Problem("", None, f"{key}.{unit}").render(sidecar),
                                    say("not_count", value=repr(str(value)[:40]))))
                else:
                    setattr(targets[0], unit, count)
    if unknown:
        notes.append(say("unknown_id" if len(unknown) == 1 else "unknown_ids", sidecar=str(sidecar),
                         name=metrics_path.name, shown=listed(repr(k) for k in unknown)))
    return notes


def as_count(value) -> float | None:
    """A number of requests or tokens: at least one (less is no work to divide by), finite, not a string."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) and value >= 1 else None
