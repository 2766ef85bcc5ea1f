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

PATTERNS = ("*.yaml", "*.yml")


@dataclass
class Outcome:
    path: Path
    report: object | None = None  # Report
    error: str | None = None
    exit_code: int = 0

    @property
    def ok(self) -> bool:
        return self.report is not None


def expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted({p for pattern in PATTERNS for p in path.glob(pattern) if p.is_file()})
            if not found:
                raise InputError("no architecture file (*.yaml) in this folder", path)
            files += found
        else:
            files.append(path)
    return list(dict.fromkeys(files))


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
    """Outcomes in the order of `files`, whatever order they finished in."""
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed  # not on the one-file path

    offline = kwargs.get("choice") is None
    results: dict[Path, Outcome] = {}
    if offline and len(files) >= 4 and (os.cpu_count() or 1) > 1:
        from advisor.kb import load_kb

        load_kb()  # loaded once in the parent: the forked workers inherit it
        workers = min(os.cpu_count() or 1, max(1, concurrency), len(files))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_offline_worker, (f, kwargs)): f for f in files}
            for future in as_completed(futures):
                outcome = future.result()
                results[futures[future]] = outcome
                if progress:
                    progress(outcome)
    elif offline or concurrency <= 1:
        for f in files:
            outcome = _guarded(f, **kwargs)
            results[f] = outcome
            if progress:
                progress(outcome)
    else:
        from advisor.llm.advisor import warm_up

        warm_up(kwargs["choice"], kwargs["settings"], kwargs.get("lang", "en"))
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            futures = {pool.submit(_guarded, f, **kwargs): f for f in files}
            for future in as_completed(futures):
                outcome = future.result()
                results[futures[future]] = outcome
                if progress:
                    progress(outcome)
    return [results[f] for f in files]


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
        })
    return rows
