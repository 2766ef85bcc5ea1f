"""`greenadvisor analyze FILE`: the footprint and the ranked, quantified actions."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from advisor.cli.app import app
from advisor.cli.options import LANG, LEVEL, Lang, Level, write_out


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
    output: str | None = typer.Option(None, "--output", "-o", metavar="PATH", help="Write the report to this file (atomically) instead of standard output; a folder (or a path ending in /) gets FILE's name; with several files, a folder for one report each."),
    fallback: Fallback | None = typer.Option(None, "--fallback", help="offline: answer with the engine when the model fails (default: fail with exit 1)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Ask the model even if the same prompt was answered before."),
    no_log: bool = typer.Option(False, "--no-log", help="Do not record this analysis in the local log."),
    timeout: float | None = typer.Option(None, "--timeout", help="Seconds to wait for each model call."),
    concurrency: int = typer.Option(4, "--concurrency", "-j", min=1, max=64, help="With several files: model calls in flight at once (offline: worker processes, at most one per core)."),
) -> None:
    """Compute the footprint of AI systems and rank the actions that cut it."""
    from advisor.batch import expand, report_for
    from advisor.home import load_settings
    from advisor.llm.models import parse_model

    settings = load_settings(model=model, base_url=base_url, timeout_s=timeout,
                             fallback=fallback.value if fallback else None)
    choice = parse_model(settings.model, settings, settings.base_url)
    options = dict(settings=settings, choice=choice, level=level.value, lang=lang.value, metrics=metrics,
                   grid_profile=grid_profile, use_cache=not no_cache, log=not no_log)
    if len(files) == 1 and not files[0].is_dir():
        emit(report_for(files[0], **options), fmt.value, output, files[0].stem)
        return
    for flag, value in (("--metrics", metrics), ("--grid-profile", grid_profile)):
        if value is not None:
            from advisor.errors import InputError

            field = "metrics" if flag == "--metrics" else "grid_profile"
            raise InputError(f"{flag} describes one system; with several files, give each its own with "
                             f"'{field}:' in its architecture file", value)
    _fleet(expand(files), fmt.value, Path(output) if output is not None else None, concurrency, options)


def _fleet(files: list[Path], fmt: str, output: Path | None, concurrency: int, options: dict) -> None:
    """Several files: one report per file (in --output, a folder), one combined summary on stdout."""
    import json

    from advisor.batch import run_batch, summary_rows
    from advisor.errors import InputError

    if output is not None:
        if output.exists() and not output.is_dir():
            raise InputError("with several files, --output must be a folder", output)
        output.mkdir(parents=True, exist_ok=True)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(file=sys.stderr), transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("files", total=len(files))
        outcomes = run_batch(files, concurrency=concurrency, progress=lambda _: progress.advance(task), **options)
    if output is not None:
        from advisor.output import write_atomic
        from advisor.render import render

        from advisor.render import EXTENSIONS

        extension = EXTENSIONS[fmt]
        used: set[str] = set()
        for o in outcomes:
            if o.ok:
                stem = o.path.stem if o.path.stem not in used else f"{o.path.parent.name}-{o.path.stem}"
                used.add(stem)
                write_atomic(output / f"{stem}.{extension}", render(o.report, fmt))
    rows = summary_rows(outcomes)
    if fmt == "json":
        sys.stdout.write(json.dumps({"files": rows}, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(_summary_text(rows, fmt))
    failed = [o for o in outcomes if not o.ok]
    for o in outcomes:  # every line names its file: with -j, failures do not arrive in order
        if o.ok:
            _fell_back(o.report, o.path)
        for line in (o.error or "").splitlines():
            named = line if str(o.path) in line else f"{o.path}: {line}"
            print(f"greenadvisor: error: {named}", file=sys.stderr)
    if failed:
        worst = 1 if any(o.exit_code == 1 for o in failed) else 2
        print(f"{len(failed)} of {len(outcomes)} files failed", file=sys.stderr)
        raise typer.Exit(worst)


def _summary_text(rows: list[dict], fmt: str) -> str:
    from advisor.i18n import num

    header = ["file", "system", "kgCO2e/month", "top action", "saving kgCO2e/month"]
    body = []
    for r in rows:
        if r["status"] != "ok":
            body.append([r["file"], "FAILED", "", (r["error"] or "").splitlines()[0][:120], ""])
        else:
            body.append([r["file"], r["system"], num(r["emissions_kgco2e_month"]), r["top_action"] or "–",
                         num(r["top_saving_kgco2e_month"])])
    if fmt == "markdown":
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in body]
        return "\n".join(lines) + "\n"
    widths = [max(len(h), *(len(row[i]) for row in body)) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in body]
    return "\n".join(lines) + "\n"


def _fell_back(report, path: Path | None = None) -> None:
    """One stderr line when the model failed and the engine answered: exit 0 must not hide it."""
    if report.model_failed:
        print(f"greenadvisor: warning: {f'{path}: ' if path else ''}{report.model_failed}", file=sys.stderr)


def emit(report, fmt: str, output: str | None, stem: str = "report") -> None:
    from advisor.render import EXTENSIONS, render

    _fell_back(report)
    write_out(lambda f, **kw: render(report, f, **kw), fmt, output, f"{stem}.{EXTENSIONS[fmt]}")
