"""Measured metrics (CodeCarbon, Zeus, EcoLogits): read, bounded and matched to the workloads.

`runs` reads a metrics file of any supported format into `Run`s and matches them to workloads;
the readers are `codecarbon`, `zeus` and `ecologits`; `limits` bounds a run's numbers, `units`
keeps the requests and tokens `greenadvisor measure` recorded, and `words` holds every warning
in English and French. Applying a measurement to a footprint is the calculator's job
(advisor/footprint_measured.py), so this package never imports the footprint.

The public names of `runs` are served from here, but only when asked for (PEP 562): every
report imports `words` and so this package, and an offline analysis without a metrics file
should not pay for building the run classes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from advisor.measured.runs import (
        DEFAULT_NAMES,
        FORMATS,
        HOSTED,
        MAX_CSV_BYTES,
        MEASURE_PROJECT,
        RUN_NAME,
        Measurement,
        Run,
        Runs,
        load_measurements,
        match,
        model_key,
        read_codecarbon,
        read_metrics,
    )

__all__ = [
    "DEFAULT_NAMES", "FORMATS", "HOSTED", "MAX_CSV_BYTES", "MEASURE_PROJECT", "RUN_NAME",
    "Measurement", "Run", "Runs", "load_measurements", "match", "model_key", "read_codecarbon", "read_metrics",
]


def __getattr__(name: str):
    """A public name of `runs`, imported on first use; any other name is not here (submodules are imported as usual)."""
    if name in __all__:
        from advisor.measured import runs

        return getattr(runs, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
