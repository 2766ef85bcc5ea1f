"""`greenadvisor eval`: score recommendation quality on a folder of cases."""

from __future__ import annotations

import json
import sys
import time
from enum import Enum
from pathlib import Path

import typer

from advisor.cli.app import app
from advisor.cli.options import LANG, LEVEL, Lang, Level


class EvalFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    json = "json"


def _default_cases() -> Path:
    local = Path("evals") / "cases"
    if local.is_dir():
        return local
    from advisor.paths import data_dir

    return data_dir("evals") / "cases"


def _fraction(value: float | None) -> float | None:
    """--min-score is a fraction; 97 is most likely a percentage, so the error says 0.97."""
    import math

    if value is None or 0.0 <= value <= 1.0:
        return value
    hint = f"; did you mean {value / 100:g}?" if 1.0 < value <= 100.0 else ""
    shown = f"{value:g}" if math.isfinite(value) else str(value)
    raise typer.BadParameter(f"{shown} is not a fraction from 0 to 1{hint}")


@app.command(name="eval")
def eval_command(
    cases: Path | None = typer.Option(None, "--cases", help="Folder of eval cases (default: evals/cases, or the bundled ones)."),
    model: list[str] | None = typer.Option(None, "--model", "-m", help="Model(s) to score (default: offline); repeat to compare side by side."),
    reports: Path | None = typer.Option(None, "--reports", help="Score saved JSON reports (NAME.json per case) instead of generating them."),
    save_reports: Path | None = typer.Option(None, "--save-reports", help="Save each generated report as NAME.json, to replay later with --reports."),
    fmt: EvalFormat = typer.Option(EvalFormat.table, "--format", "-f", help="Scorecard format."),
    min_score: float | None = typer.Option(None, "--min-score", callback=_fraction, help="Exit 1 when the overall score (a fraction, 0 to 1) is below this."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Also write the full results (JSON) here."),
    base_url: str | None = typer.Option(None, "--base-url", help="An OpenAI-compatible server for openai:MODEL."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Ask models even for prompts answered before."),
    concurrency: int = typer.Option(4, "--concurrency", "-j", min=1, max=64, help="Model calls in flight at once."),
    level: Level = LEVEL,
    lang: Lang = LANG,
) -> None:
    """Score the recommendations for every case: expected actions, forbidden ones, warnings, tools, figures."""
    from advisor.errors import GreenAdvisorError, InputError
    from advisor.evals import saved as saved_reports
    from advisor.evals.cases import load_cases
    from advisor.evals.scorecard import below, render
    from advisor.evals.suite import run_suite
    from advisor.home import home, load_settings
    from advisor.kb import load_kb
    from advisor.output import write_atomic

    settings = load_settings(base_url=base_url)
    if reports is not None:
        for flag, given in (("--model", model), ("--save-reports", save_reports)):
            if given:
                raise InputError(f"{flag} does not apply with --reports, which scores the saved reports as they are "
                                 f"(drop one of the two)")
    model = model or ["offline"]
    if reports is None:
        _check_models(model, settings)  # a bad --model or a missing key fails before any work, as in analyze
        if save_reports is not None:
            saved_reports.check_target(save_reports, model)
    kb = load_kb()
    loaded = load_cases(cases or _default_cases(), kb)
    if reports is not None:
        saved_reports.check_source(reports, [c.name for c in loaded])

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    labels = 1 if reports is not None else len(model)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(file=sys.stderr), transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("scoring", total=len(loaded) * labels)

        def advance(case_name, label, result):
            progress.update(task, advance=1, description=f"{case_name} ({label})")

        suite = run_suite(loaded, kb, models=model, reports_dir=reports, save_reports=save_reports,
                          level=level.value, lang=lang.value, settings=settings, use_cache=not no_cache, progress=advance,
                          concurrency=concurrency)
    sys.stdout.write(render(suite, fmt.value))
    payload = json.dumps(suite.as_dict(), ensure_ascii=False, indent=2)
    saved = output or (home() / "evals" / time.strftime("%Y%m%d-%H%M%S.json"))
    try:
        saved.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(saved, payload)
        print(f"results saved to {saved}", file=sys.stderr)
    except (OSError, InputError) as exc:
        if output is not None:
            raise
        print(f"results not saved ({exc})", file=sys.stderr)
    gate = below(suite, min_score) if min_score is not None else []
    for line in gate:
        print(line, file=sys.stderr)
    if reports is not None and all(r.status == "missing" for r in suite.results):
        raise saved_reports.none_found(reports, [c.name for c in loaded])  # shown all the same, as a failed model's are
    failed = suite.failed_models()
    if failed:  # a run at run time, not a score: exit 1 whatever --min-score says
        raise GreenAdvisorError("\n".join(_failure(suite, m) for m in failed))
    if gate:
        raise typer.Exit(1)


def _check_models(specs: list[str], settings) -> None:
    from advisor.llm.models import check_key, parse_model

    for spec in specs:
        choice = parse_model(spec, settings, settings.base_url)
        if choice is not None:
            check_key(choice)


def _failure(suite, model: str) -> str:
    results = [r for r in suite.results if r.model == model]
    first = (results[0].detail or "").strip().splitlines()[:1] or ["no detail"]
    return (f"{model}: every case failed at the model ({len(results)} of {len(results)}), so its scores say nothing of its advice; "
            f"first failure ({results[0].case}): {first[0][:300]}")
