"""Run eval cases against one or more models (or saved reports) and score every report.

Three outcomes are kept apart, as a person reading the scorecard needs them: a report
that is *wrong* (low score, with the scorers' explanations), a report that *could not be
scored* (missing or unreadable saved report), and a *provider error* (the model failed).
The last two score 0 but say which they are.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from advisor.analysis import prepare
from advisor.engine.advise import assess
from advisor.evals import saved
from advisor.evals.cases import EvalCase
from advisor.evals.scorers import SCORERS, Score, case_score
from advisor.report import build_report


class EngineView:
    """The calculator's view of a case: its footprint and the saving range of every action."""

    def __init__(self, case: EvalCase, kb, lang: str = "en"):
        self.case = case
        self.kb = kb
        self.analysis = prepare(case.loaded, kb, lang)
        self._ranges: dict | None = None
        self._checked: tuple | None = None  # (the rows as text, clouds, violations) of the last report checked

    def violations(self, rows: list, clouds) -> list:
        """The hard-rule violations of a report's rows, checked once: the tools, practices and rules
        scorers all read them. Keyed by the rows' content, since a report may change between runs."""
        import json

        key = json.dumps(rows, sort_keys=True, default=str)
        if self._checked is None or self._checked[:2] != (key, list(clouds)):
            from advisor.guardrails import check

            analysis = self.analysis
            found = check(rows, analysis.architecture, analysis.footprint, self.kb, clouds=clouds)
            self._checked = (key, list(clouds), found)
        return self._checked[2]

    def saving_ranges(self) -> dict[tuple[str, str], tuple[tuple[float, float], tuple[float, float]]]:
        if self._ranges is None:
            ranges = {}
            arch = self.analysis.architecture
            for wf in self.analysis.footprint.workloads:
                for technique in self.kb.techniques.values():
                    saving = assess(technique, wf, arch, self.kb).saving
                    if saving is None:
                        continue
                    ranges[(technique.id, wf.name)] = ((saving.kwh.low, saving.kwh.high), (saving.kg.low, saving.kg.high))
            self._ranges = ranges
        return self._ranges


@dataclass
class CaseResult:
    case: str
    model: str
    status: str  # scored | missing | unscorable | provider-error
    score: float
    scores: list[Score] = field(default_factory=list)
    detail: str | None = None

    def as_dict(self) -> dict:
        return {
            "case": self.case, "model": self.model, "status": self.status, "score": round(self.score, 4),
            "detail": self.detail,
            "scores": [{"name": s.name, "value": None if s.value is None else round(s.value, 4),
                        "weight": s.weight, "explanation": s.explanation} for s in self.scores],
        }


@dataclass
class SuiteResult:
    models: list[str]
    results: list[CaseResult]
    started: float
    seconds: float

    def overall(self, model: str) -> float:
        scores = [r.score for r in self.results if r.model == model]
        return sum(scores) / len(scores) if scores else 0.0

    def failed_models(self) -> list[str]:
        """Models that failed on every case: their scores say nothing about their advice."""
        return [m for m in self.models
                if all(r.status == "provider-error" for r in self.results if r.model == m)
                and any(r.model == m for r in self.results)]

    def by_scorer(self, model: str) -> dict[str, float]:
        totals: dict[str, list[float]] = {}
        for r in self.results:
            if r.model != model:
                continue
            for s in r.scores:
                if s.value is not None:
                    totals.setdefault(s.name, []).append(s.value)
        return {name: sum(v) / len(v) for name, v in totals.items()}

    def as_dict(self) -> dict:
        return {
            "started": self.started,
            "seconds": round(self.seconds, 3),
            "models": {m: {"overall": round(self.overall(m), 4), "by_scorer": {k: round(v, 4) for k, v in self.by_scorer(m).items()}}
                       for m in self.models},
            "cases": [r.as_dict() for r in self.results],
        }


def score_report(report: dict, case: EvalCase, engine: EngineView, model: str) -> CaseResult:
    scores = [scorer(report, case, engine) for scorer in SCORERS]
    return CaseResult(case.name, model, "scored", case_score(scores), scores)


def run_suite(cases: list[EvalCase], kb, *, models: list[str], reports_dir: Path | None = None,
              save_reports: Path | None = None, level: str = "pro", lang: str = "en", settings=None,
              use_cache: bool = True, progress=None, concurrency: int = 1) -> SuiteResult:
    """Every (case, model) pair scored; with a model, `concurrency` calls in flight at once.

    Results keep the order of the cases whatever order the calls finish in, and a failed
    call is a provider-error row, never a missing one.
    """
    started_wall, started = time.time(), time.monotonic()
    labels = [f"reports:{reports_dir}"] if reports_dir is not None else models
    engines = {case.name: EngineView(case, kb, lang) for case in cases}
    pairs = [(case, label) for case in cases for label in labels]

    def run(pair):
        case, label = pair
        return _one(case, engines[case.name], kb, label, reports_dir, save_reports, level, lang, settings, use_cache, len(labels))

    results: list[CaseResult | None] = [None] * len(pairs)
    offline_only = reports_dir is not None or all(label == "offline" for label in labels)
    if concurrency <= 1 or offline_only:
        for i, pair in enumerate(pairs):
            results[i] = run(pair)
            if progress is not None:
                progress(pair[0].name, pair[1], results[i])
    else:
        from concurrent.futures import ThreadPoolExecutor, as_completed

        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            futures = {pool.submit(run, pair): i for i, pair in enumerate(pairs)}
            for future in as_completed(futures):
                i = futures[future]
                results[i] = future.result()
                if progress is not None:
                    progress(pairs[i][0].name, pairs[i][1], results[i])
    return SuiteResult(labels, [r for r in results if r is not None], started_wall, time.monotonic() - started)


def _one(case, engine, kb, label, reports_dir, save_reports, level, lang, settings, use_cache, n_models) -> CaseResult:
    if reports_dir is not None:
        report, status, detail = saved.read(reports_dir, case.name)
        if report is None:
            return CaseResult(case.name, label, status, 0.0, detail=detail)
        return score_report(report, case, engine, label)
    analysis = engine.analysis
    if label == "offline":
        report_model = build_report(case.loaded, analysis.advice, kb, level=level, lang=lang)
    else:
        from advisor.llm.advisor import model_report
        from advisor.llm.models import parse_model
        from advisor.llm.structured import ModelOutputError, ModelUnavailableError

        choice = parse_model(label, settings, settings.base_url)
        try:
            report_model = model_report(analysis, choice, settings, level=level, lang=lang, use_cache=use_cache, log=True)
        except (ModelUnavailableError, ModelOutputError) as exc:
            return CaseResult(case.name, label, "provider-error", 0.0, detail=str(exc))
        except Exception as exc:  # one case's failure must not lose the others
            return CaseResult(case.name, label, "provider-error", 0.0, detail=f"{type(exc).__name__}: {exc}")
    report = report_model.model_dump(mode="json")
    if save_reports is not None:
        saved.write(save_reports, label, n_models, case.name, report)
    return score_report(report, case, engine, label)
