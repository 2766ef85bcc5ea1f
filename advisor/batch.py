"""Many architecture files at once: a fleet review that loses no result when some fail.

Offline, files are analysed in worker processes (the knowledge base is loaded once, before
the fork); with a model, calls run on threads bounded by `concurrency`, each with the LLM
path's own retries. Every file ends as a report or as a listed failure with its message:
one bad file or one failed call never stops the rest.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from advisor.errors import ExitCode, GreenAdvisorError, InputError

SUFFIXES = (".yaml", ".yml")  # compared in lower case: .YAML and .Yml are architecture files too


@dataclass
class Outcome:
    path: Path
    report: object | None = None  # Report
    error: str | None = None
    exit_code: int = 0
    written: Path | None = None  # where its report went, with --output

    @property
    def ok(self) -> bool:
        return self.report is not None


@dataclass
class Expansion:
    """The command line's paths as a fleet: files to analyse and, in place, the arguments that
    cannot be (an empty folder, a broken link), which become listed failures instead of
    stopping the files that can; `notes` name the files skipped on purpose."""

    entries: list  # Path | Outcome, in the order given
    notes: list[str]

    @property
    def files(self) -> list[Path]:
        return [e for e in self.entries if isinstance(e, Path)]


def expand(paths: list[Path]) -> Expansion:
    entries: list = []
    notes: list[str] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()  # x.yaml and ../dir/x.yaml are one file, analysed once
        if key not in seen:
            seen.add(key)
            entries.append(path)

    for path in paths:
        if path.is_symlink() and not path.exists():
            entries.append(_failed(path, "broken symbolic link (its target does not exist)"))
        elif not path.is_dir():
            add(path)
        else:
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES and not p.is_dir())
            if not found:
                entries.append(_failed(path, "no architecture file (*.yaml) in this folder (nor *.yml; "
                                             "subfolders are not searched)"))
            for p in found:
                if not p.exists():
                    entries.append(_failed(p, "broken symbolic link (its target does not exist)"))
                elif is_if_manifest(p):
                    notes.append(f"{p}: skipped: an Impact Framework manifest (a report), not an architecture file")
                else:
                    add(p)
    return Expansion(entries, notes)


def _failed(path: Path, message: str) -> Outcome:
    return Outcome(path, error=InputError(message, path).render(), exit_code=int(ExitCode.BAD_INPUT))


def is_if_manifest(path: Path) -> bool:
    """`analyze -f if-manifest -o DIR` writes YAML; a manifest has top-level `tree:` or
    `initialize:`, which no architecture file has, so the next `analyze DIR` can skip it."""
    import re

    try:
        with path.open("rb") as fh:
            head = fh.read(65536).decode("utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"^(tree|initialize)\s*:", head, re.MULTILINE) is not None


def report_names(files: list[Path], extension: str) -> dict[Path, str]:
    """One distinct report file name per input: its stem, else parent-stem, else parent-stem-N.
    Compared case-blind, as on the filesystems that are (macOS, Windows)."""
    taken: set[str] = set()
    names: dict[Path, str] = {}
    for f in files:
        joined = f"{f.parent.name}-{f.stem}" if f.parent.name else f.stem
        candidates = [f.stem, joined] + [f"{joined}-{n}" for n in range(2, len(files) + 3)]
        name = next(c for c in candidates if f"{c}.{extension}".casefold() not in taken)
        taken.add(f"{name}.{extension}".casefold())
        names[f] = f"{name}.{extension}"
    return names


def report_for(path: Path, *, settings, choice, level: str, lang: str, metrics: Path | None = None,
               grid_profile: Path | None = None, use_cache: bool = True, log: bool = True):
    """One file's report, offline or from a model: the single place `analyze` goes through."""
    from advisor.analysis import prepare_file

    started = time.monotonic()
    analysis = prepare_file(path, lang=lang, metrics=metrics, grid_profile=grid_profile)
    if choice is None:
        from advisor.report import build_report

        report = build_report(analysis.loaded, analysis.advice, analysis.kb, level=level, lang=lang)
        if log:
            from advisor.logstore import record

            record(started=time.time(), command="analyze", system=analysis.architecture.name, file=str(path),
                   model="offline", level=level, lang=lang, duration_s=time.monotonic() - started, outcome="ok")
    else:
        from advisor.llm.advisor import model_report

        report = model_report(analysis, choice, settings, level=level, lang=lang, use_cache=use_cache,
                              fallback=settings.fallback if settings.fallback not in (None, "none") else None, log=log)
    _grid_now(report, analysis, settings)
    return report


def _grid_now(report, analysis, settings) -> None:
    """The current grid intensity, only when the user has given Electricity Maps or WattTime credentials."""
    from advisor.grid.live import configured

    if configured() is None:
        return
    from advisor.grid.live import grid_now
    from advisor.report import GridNow

    block, warnings = grid_now(analysis, settings)
    report.grid_now = GridNow(**block) if block is not None else None
    report.warnings.extend(warnings)
    report.cite(analysis.kb)


def _guarded(path: Path, **kwargs) -> Outcome:
    try:
        return Outcome(path, report=report_for(path, **kwargs))
    except GreenAdvisorError as exc:
        return Outcome(path, error=str(exc), exit_code=int(exc.exit_code))
    except Exception as exc:  # one file's bug must not sink the fleet
        return Outcome(path, error=f"internal error: {type(exc).__name__}: {exc}", exit_code=int(ExitCode.RUNTIME_FAILURE))


def _offline_worker(args: tuple[Path, dict]) -> Outcome:
    path, kwargs = args
    return _guarded(path, **kwargs)


def run_batch(files: list[Path], *, concurrency: int, progress: Callable[[Outcome], None] | None = None, **kwargs) -> list[Outcome]:
    """Outcomes in the order of `files`, whatever order they finished in.

    `progress` sees each outcome as it arrives (the CLI writes its report then, so an
    interrupted fleet keeps what it finished). Ctrl-C and SIGTERM cancel the queue and end
    the workers at once (advisor.stopping) instead of waiting for every file.
    """
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor  # not on the one-file path

    from advisor.stopping import on_sigterm, quiet_worker

    offline = kwargs.get("choice") is None
    results: dict[Path, Outcome] = {}

    def arrived(f: Path, outcome: Outcome) -> None:
        results[f] = outcome
        if progress:
            progress(outcome)

    with on_sigterm():
        if offline and len(files) >= 4 and (os.cpu_count() or 1) > 1:
            from advisor.kb import load_kb

            load_kb()  # loaded once in the parent: the forked workers inherit it
            workers = min(os.cpu_count() or 1, max(1, concurrency), len(files))
            pool = ProcessPoolExecutor(max_workers=workers, initializer=quiet_worker)
            _drain(pool, {pool.submit(_offline_worker, (f, kwargs)): f for f in files}, arrived)
        elif offline or concurrency <= 1:
            for f in files:
                arrived(f, _guarded(f, **kwargs))
        else:
            from advisor.llm.advisor import warm_up

            warm_up(kwargs["choice"], kwargs["settings"], kwargs.get("lang", "en"))
            pool = ThreadPoolExecutor(max_workers=concurrency)
            _drain(pool, {pool.submit(_guarded, f, **kwargs): f for f in files}, arrived)
    return [results[f] for f in files]


def _drain(pool, futures: dict, arrived: Callable[[Path, Outcome], None]) -> None:
    from concurrent.futures import as_completed

    from advisor.stopping import abandon

    try:
        for future in as_completed(futures):
            arrived(futures[future], future.result())
    except BaseException:
        abandon(pool)
        raise
    pool.shutdown()


def summary_rows(outcomes: list[Outcome]) -> list[dict]:
    rows = []
    for o in outcomes:
        if not o.ok:
            rows.append({"file": str(o.path), "status": "failed", "error": o.error})
            continue
        r = o.report
        top = next((x for x in r.recommendations if x.saving_kgco2e_month > 0), r.recommendations[0] if r.recommendations else None)
        rows.append({
            "file": str(o.path), "status": "ok", "system": r.system.name, "model": r.model,
            "energy_kwh_month": r.footprint.energy_kwh_month, "emissions_kgco2e_month": r.footprint.emissions_kgco2e_month,
            "top_action": top.action if top else None, "top_technique_id": top.technique_id if top else None,
            "top_saving_kgco2e_month": top.saving_kgco2e_month if top else 0.0,
            "plan": r.plan.message if r.plan else None,
            **({"report": str(o.written)} if o.written else {}),
        })
    return rows
