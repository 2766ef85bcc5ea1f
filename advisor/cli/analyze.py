"""`greenadvisor analyze FILE`: the footprint and the ranked, quantified actions."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from advisor.cli.app import app
from advisor.cli.options import LANG, LEVEL, Lang, Level, WIDTH_HELP, check_output, write_out


class Format(str, Enum):
    table = "table"
    markdown = "markdown"
    json = "json"
    html = "html"
    if_manifest = "if-manifest"


class Fallback(str, Enum):
    none = "none"
    offline = "offline"


@app.command()
def analyze(
    files: list[Path] = typer.Argument(..., metavar="FILE", help="Architecture file(s) (YAML) or folders of them; see examples/."),
    model: str | None = typer.Option(
        None, "--model", "-m",
        help="Who writes the recommendations: offline (default, the engine alone), anthropic:MODEL, openai:MODEL, "
             "ollama:MODEL, a server named in the config file, or mock:valid|hostile|broken.",
    ),
    base_url: str | None = typer.Option(None, "--base-url", help="An OpenAI-compatible server (Ollama, vLLM, llama.cpp), e.g. http://127.0.0.1:8080/v1."),
    level: Level = LEVEL,
    lang: Lang = LANG,
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table (terminal), markdown (the seed's columns), json (the report contract), html (a self-contained page) or if-manifest (an Impact Framework manifest that if-run recomputes)."),
    metrics: Path | None = typer.Option(None, "--metrics", help="Measured metrics of this one system: CodeCarbon emissions.csv, Zeus or EcoLogits JSON (for a fleet, metrics: in each file)."),
    grid_profile: Path | None = typer.Option(None, "--grid-profile", help="Hourly grid intensities (CSV: an Electricity Maps or WattTime export, or timestamp,gco2e_per_kwh) for the footprint and time shifting (one file; for a fleet, grid_profile: in each file)."),
    output: str | None = typer.Option(None, "--output", "-o", metavar="PATH", help="Write the report to this file (atomically) instead of standard output; a folder (or a path ending in /) gets FILE's name; with several files, a folder for one report each. " + WIDTH_HELP),
    fallback: Fallback | None = typer.Option(None, "--fallback", help="offline: answer with the engine when the model fails (default: fail with exit 1)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Ask the model even if the same prompt was answered before."),
    no_log: bool = typer.Option(False, "--no-log", help="Do not record this analysis in the local log."),
    timeout: float | None = typer.Option(None, "--timeout", help="Seconds to wait for each model call."),
    concurrency: int = typer.Option(4, "--concurrency", "-j", min=1, max=64, help="With several files: model calls in flight at once (offline: worker processes, at most one per core)."),
) -> None:
    """Compute the footprint of AI systems and rank the actions that cut it."""
    from advisor.batch import expand, report_for
    from advisor.clobber import inputs_of
    from advisor.home import load_settings
    from advisor.llm.models import parse_model
    from advisor.render import EXTENSIONS

    if len(files) == 1 and not files[0].is_dir():  # checked before any work: never overwrite an input
        check_output(output, f"{files[0].stem}.{EXTENSIONS[fmt.value]}", inputs_of(files, metrics, grid_profile))
    settings = load_settings(model=model, base_url=base_url, timeout_s=timeout,
                             fallback=fallback.value if fallback else None)
    choice = parse_model(settings.model, settings, settings.base_url)
    options = dict(settings=settings, choice=choice, level=level.value, lang=lang.value, metrics=metrics,
                   grid_profile=grid_profile, use_cache=not no_cache, log=not no_log)
    if len(files) == 1 and not files[0].is_dir():
        emit(report_for(files[0], **options), fmt.value, output, files[0].stem)
        return
    from advisor.errors import InputError

    for flag, value in (("--metrics", metrics), ("--grid-profile", grid_profile)):
        if value is not None:
            field = "metrics" if flag == "--metrics" else "grid_profile"
            raise InputError(f"{flag} describes one system; with several files, give each its own with "
                             f"'{field}:' in its architecture file", value)
    if output == "-":
        raise InputError("with several files, --output must be a folder (the summary goes to standard output)", output)
    _fleet(expand(files), fmt.value, Path(output) if output is not None else None, concurrency, options)


def _fleet(expansion, fmt: str, output: Path | None, concurrency: int, options: dict) -> None:
    """Several files: one report per file (in --output, a folder), one combined summary on stdout."""
    from advisor.cli.fleet_output import prepare_folder, summary, writer
    from advisor.errors import InputError

    for note in expansion.notes:
        print(f"greenadvisor: note: {note}", file=sys.stderr)
    files = expansion.files
    if not files:  # nothing to analyse: the old plain error, no empty summary
        raise InputError("\n".join(e.error for e in expansion.entries) or "no architecture file given")
    names = prepare_folder(output, files, fmt) if output is not None else {}
    write = writer(output, names, fmt)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from advisor.batch import run_batch

    def arrived(outcome) -> None:
        write(outcome)
        progress.advance(task)

    with Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(file=sys.stderr), transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("files", total=len(files))
        try:
            done = iter(run_batch(files, concurrency=concurrency, progress=arrived, **options))
        except BaseException as exc:
            _stopped(exc, write, output, len(files))
    outcomes = [e if not isinstance(e, Path) else next(done) for e in expansion.entries]
    summary(outcomes, fmt, output)
    for o in outcomes:  # every line names its file: with -j, failures do not arrive in order
        if o.ok:
            _fell_back(o.report, o.path)
        for line in (o.error or "").splitlines():
            named = line if str(o.path) in line else f"{o.path}: {line}"
            print(f"greenadvisor: error: {named}", file=sys.stderr)
    failed = [o for o in outcomes if not o.ok]
    if failed:
        worst = 1 if any(o.exit_code == 1 for o in failed) else 2
        print(f"{len(failed)} of {len(outcomes)} files failed", file=sys.stderr)
        raise typer.Exit(worst)


def _stopped(exc: BaseException, write, output: Path | None, total: int) -> None:
    """Ctrl-C or SIGTERM mid-fleet: say so, and how many reports are safely on disk."""
    from advisor.errors import ExitCode, Stopped
    from advisor.stopping import Terminated

    if not isinstance(exc, (KeyboardInterrupt, Terminated)):
        raise exc
    what = "interrupted" if isinstance(exc, KeyboardInterrupt) else "terminated"
    kept = f"; {write.count} of {total} reports written to {output}" if output is not None else ""
    code = ExitCode.INTERRUPTED if isinstance(exc, KeyboardInterrupt) else ExitCode.TERMINATED
    raise Stopped(f"{what}{kept}", code) from None


def _fell_back(report, path: Path | None = None) -> None:
    """One stderr line when the model failed and the engine answered: exit 0 must not hide it."""
    if report.model_failed:
        print(f"greenadvisor: warning: {f'{path}: ' if path else ''}{report.model_failed}", file=sys.stderr)


def emit(report, fmt: str, output: str | None, stem: str = "report") -> None:
    from advisor.render import EXTENSIONS, render

    _fell_back(report)
    write_out(lambda f, **kw: render(report, f, **kw), fmt, output, f"{stem}.{EXTENSIONS[fmt]}")
