"""What one measured run's numbers can be: refused when no meter could have read them, said when implausible.

Why: a run's energy is divided by its duration (an average power), by its requests, then
multiplied up to a month, by a PUE and a grid intensity. A value that is finite but absurd
(1e305 kWh, a duration of 1e-300 s) would overflow on the way and stop the analysis far from
its cause; refused here, it is one message naming the file, the line and the column. The
limits are physical, far beyond any real run, so they never refuse a real file: a value past
them is a unit or column mix-up. A run that is possible but hard to believe (hundreds of MW
for one job) is used, with a warning, since only its author can say.

The two sourced figures behind the messages (the world's yearly electricity, the power of
the largest AI supercomputer) are data, in knowledge/measurement.yaml with their sources;
the hard limits below are orders of magnitude past them, so they stay here. The file is read
here rather than by advisor/kb/ so that reading a metrics file does not build the whole
knowledge base; tests/test_measured_limits.py checks its sources are in the bibliography.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

from advisor.errors import InputError, KnowledgeBaseError, Problem

MAX_RUN_KWH = 1e15  # over 30 years of the world's electricity: no run used it
MIN_DURATION_S = 1e-6  # no meter reads energy in less than a microsecond


def max_month_kwh() -> float:
    """No workload draws more in a month than the whole world's electricity: a measurement scaled
    past it (runs of 1e-283 kWh over 1e-304 s pass each run's limits, their average power does not)
    is a mix-up, and the estimate stays."""
    return figure("world_electricity_kwh_per_year") / 12
FIGURES = "measurement.yaml"  # in knowledge/
FIGURE_KEYS = ("world_electricity_kwh_per_year", "plausible_run_kw")


def figure(key: str) -> float:
    """A sourced figure of knowledge/measurement.yaml; a missing or malformed file is a KnowledgeBaseError."""
    return _figures()[key]


@cache
def _figures() -> dict[str, float]:
    import yaml

    from advisor.paths import knowledge_dir

    path = knowledge_dir() / FIGURES
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(f"knowledge base: cannot read {FIGURES}: {exc}") from None
    figures = {}
    for key in FIGURE_KEYS:
        entry = data.get(key) if isinstance(data, dict) else None
        value = entry.get("value") if isinstance(entry, dict) else None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
            raise KnowledgeBaseError(f"knowledge base: {FIGURES}: {key}.value must be a number > 0, got {value!r}")
        if not (isinstance(entry.get("sources"), list) and entry["sources"]):
            raise KnowledgeBaseError(f"knowledge base: {FIGURES}: {key} cites no sources")
        figures[key] = float(value)
    return figures


def check_run(energy_kwh: float, duration_s: float, path: Path, line: int | None, energy_field: str,
              duration_field: str | None) -> str | None:
    """Refuse what no run can be; return a warning for what is merely implausible (None when fine)."""
    if energy_kwh > MAX_RUN_KWH:
        world = figure("world_electricity_kwh_per_year")
        raise InputError(Problem(
            f"{energy_kwh:.3g} kWh for one run is more than {MAX_RUN_KWH / world:.0f} years of the world's "
            f"electricity (about {world:.2g} kWh a year): not a measurement; is it in another unit?",
            line, energy_field), path)
    if duration_field is None or duration_s <= 0 or energy_kwh <= 0:
        return None
    if duration_s < MIN_DURATION_S:
        raise InputError(Problem(
            f"{duration_s:.3g} s: no meter reads energy in less than a microsecond, and this run reads "
            f"{energy_kwh:.3g} kWh; is it in another unit?", line, duration_field), path)
    kw = energy_kwh / (duration_s / 3600.0)
    plausible = figure("plausible_run_kw")
    if kw > plausible:
        from advisor.measured.words import say
        from advisor.said import at

        return at(Problem("", line, energy_field).render(path),
                  say("implausible", kwh=energy_kwh, seconds=duration_s, kw=kw, mw=plausible / 1000,
                      energy_field=energy_field, duration_field=duration_field))
    return None


def summarise(warnings: list[str], shown: int = 3) -> list[str]:
    """The first few warnings of a file, and how many more: a file of a million rows gives a few lines."""
    if len(warnings) <= shown:
        return list(warnings)
    from advisor.measured.words import say

    return [*warnings[:shown], say("more_like", n=len(warnings) - shown)]
