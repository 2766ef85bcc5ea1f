"""Run a command under CodeCarbon's offline tracker and record what it cost.

Offline means no network: the grid intensity comes from CodeCarbon's bundled per-country
data, so the tracker is given a country (the CLI chooses it; `WOR`, no country of
CodeCarbon's, gets its world average). GPU power is read through NVML when a GPU is present
(CodeCarbon does it).

Every row in the CSV is a measurement to `analyze`, so only a run that counts is written: the
tracker keeps its figures in memory and the row is appended afterwards with CodeCarbon's own
CSV writer (the file stays exactly CodeCarbon's), once the command has run and succeeded, or
failed with `keep_failed`. A command that cannot start, or is interrupted, leaves the file as
it was. Both checks that need no run come first, so nothing is measured for nothing: that the
command can start, and that the file is one CodeCarbon appends to (given another header,
CodeCarbon moves the file to FILE.bak and starts a new one, and its runs vanish from `analyze`).
"""

from __future__ import annotations

import csv
import logging
import os
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from advisor.errors import InputError
from advisor.measured.units import read_units, write_units


@dataclass
class MeasuredRun:
    returncode: int  # subprocess's: -N when a signal killed the command
    kept: bool  # appended to the CSV (and its units to the sidecar)
    run_id: str
    duration_s: float  # CodeCarbon's, as in the row: tracker start-up and shutdown left out
    energy_kwh: float
    emissions_kg: float

    @property
    def killed_by(self) -> str | None:
        if self.returncode >= 0:
            return None
        try:
            return signal.Signals(-self.returncode).name
        except ValueError:
            return f"signal {-self.returncode}"

    @property
    def exit_status(self) -> int:
        """The command's status as a shell gives it: 128 + N when signal N killed it."""
        return 128 - self.returncode if self.returncode < 0 else self.returncode


def run_measured(command: list[str], *, output: Path, country: str, project: str, requests: float | None = None,
                 tokens: float | None = None, interval_s: float = 1.0, keep_failed: bool = False) -> MeasuredRun:
    if not command:
        raise InputError("nothing to measure: give the command after --, e.g. greenadvisor measure -- python job.py")
    output = output.resolve()
    if output.is_dir():
        raise InputError("is a directory; --output names the CSV file", output)
    _check_startable(command[0])
    _check_appendable(output)
    read_units(output)  # a units sidecar analyze would refuse is refused now, not after the run
    from advisor.output import ensure_folder

    ensure_folder(output)
    # Quiet, errors too: for WOR CodeCarbon logs "Does not support country", then applies its
    # world average as meant; what matters is said in our own lines.
    logging.getLogger("codecarbon").setLevel(logging.CRITICAL)
    from codecarbon import OfflineEmissionsTracker

    logging.getLogger("codecarbon").setLevel(logging.CRITICAL)  # its import may have reset it
    try:  # no output of its own (_append writes the row if the run counts); CodeCarbon < 3.3 takes save_to_file
        from codecarbon.output_methods.base_output import OutputMethod  # noqa: F401

        no_output = {"output_methods": []}
    except ImportError:
        no_output = {"save_to_file": False}
    tracker = OfflineEmissionsTracker(
        country_iso_code=country, project_name=project, output_dir=str(output.parent), output_file=output.name,
        log_level="critical", measure_power_secs=interval_s, tracking_mode="machine", allow_multiple_runs=True,
        **no_output,
    )
    tracker.start()
    try:
        completed = subprocess.run(command)
    except OSError as exc:  # passed the check, yet exec failed: a missing interpreter, a bad binary
        raise InputError(f"cannot start the command {command[0]}: {exc.strerror or exc}") from None
    finally:
        tracker.stop()
    data = tracker.final_emissions_data
    kept = completed.returncode == 0 or keep_failed
    if kept:
        _append(output, data)
        if requests or tokens:
            write_units(output, str(data.run_id), requests, tokens)
    return MeasuredRun(completed.returncode, kept, str(data.run_id), float(data.duration),
                       float(data.energy_consumed), float(data.emissions))


def _check_startable(program: str) -> None:
    """What exec would refuse, said before the tracker starts (exec's own errors come too late)."""
    if shutil.which(program):
        return
    if os.sep not in program:
        raise InputError(f"command not found: {program} (not on PATH)")
    path = Path(program)
    if path.is_dir():
        raise InputError(f"is a directory, not a command: {program}")
    if not path.exists():
        raise InputError(f"command not found: {program}")
    raise InputError(f"command is not executable: {program} (chmod +x it, or run it through its interpreter)")


def _columns() -> list[str]:
    """The columns this CodeCarbon version writes: its EmissionsData fields, one per column."""
    import dataclasses

    from codecarbon.output_methods.emissions_data import EmissionsData

    return [f.name for f in dataclasses.fields(EmissionsData)]


def _check_appendable(output: Path) -> None:
    """Refuse a file CodeCarbon would not append to: it would rename it FILE.bak, silently."""
    if not output.is_file() or output.stat().st_size == 0:
        return  # CodeCarbon starts an empty or missing file with its header
    try:
        with output.open(newline="", encoding="utf-8") as fh:
            header = next(csv.reader(fh), [])
    except (UnicodeDecodeError, csv.Error):
        header = None
    expected = _columns()
    if header is not None and sorted(header) == sorted(expected):
        return
    from codecarbon import __version__

    if header is None or not set(header) & set(expected):
        why = "it is not a CodeCarbon emissions file"
    else:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        why = f"its columns are not the ones CodeCarbon {__version__} writes (missing: {_few(missing)}; extra: {_few(extra)})"
    raise InputError(f"cannot append a run here: {why}. CodeCarbon would move the file to {output.name}.bak and "
                     "start a new one, and analyze would lose its runs; give another --output", output)


def _few(names: list[str]) -> str:
    return ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "") if names else "none"


def _append(output: Path, data) -> None:
    from codecarbon.output_methods.file import FileOutput

    try:
        FileOutput(output.name, str(output.parent), "append").out(data, None)
    except OSError as exc:
        raise InputError(f"cannot write here: {exc.strerror or exc}", output) from None

