"""`greenadvisor analyze FILE`: the footprint and the ranked, quantified actions."""

from __future__ import annotations

import sys
import time
from enum import Enum
from pathlib import Path

import typer

from advisor.cli.app import app
from advisor.cli.options import LANG, LEVEL, Lang, Level


class Format(str, Enum):
    table = "table"
    markdown = "markdown"
    json = "json"
    html = "html"


class Fallback(str, Enum):
    none = "none"
    offline = "offline"


@app.command()
def analyze(
    file: Path = typer.Argument(..., help="Architecture file (YAML), see examples/."),
    model: str | None = typer.Option(
        None, "--model", "-m",
        help="Who writes the recommendations: offline (default, the engine alone), anthropic:MODEL, openai:MODEL, "
             "ollama:MODEL, a server named in the config file, or mock:valid|hostile|broken.",
    ),
    base_url: str | None = typer.Option(None, "--base-url", help="An OpenAI-compatible server (Ollama, vLLM, llama.cpp), e.g. http://127.0.0.1:8080/v1."),
    level: Level = LEVEL,
    lang: Lang = LANG,
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table (terminal), markdown (the seed's columns), json (the report contract) or html (a self-contained page)."),
    metrics: Path | None = typer.Option(None, "--metrics", help="Measured metrics (CodeCarbon emissions.csv)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report to this file (atomically) instead of standard output."),
    fallback: Fallback | None = typer.Option(None, "--fallback", help="offline: answer with the engine when the model fails (default: fail with exit 1)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Ask the model even if the same prompt was answered before."),
    no_log: bool = typer.Option(False, "--no-log", help="Do not record this analysis in the local log."),
    timeout: float | None = typer.Option(None, "--timeout", help="Seconds to wait for each model call."),
) -> None:
    """Compute the footprint of an AI system and rank the actions that cut it."""
    from advisor.home import load_settings

    settings = load_settings(model=model, base_url=base_url, timeout_s=timeout,
                             fallback=fallback.value if fallback else None)
    from advisor.analysis import prepare_file
    from advisor.llm.models import parse_model

    choice = parse_model(settings.model, settings, settings.base_url)
    started = time.monotonic()
    analysis = prepare_file(file, lang=lang.value, metrics=metrics)
    if choice is None:
        from advisor.report import build_report

        report = build_report(analysis.loaded, analysis.advice, analysis.kb, level=level.value, lang=lang.value)
        if not no_log:
            from advisor.logstore import record

            record(started=time.time(), command="analyze", system=analysis.architecture.name, file=str(file),
                   model="offline", level=level.value, lang=lang.value, duration_s=time.monotonic() - started,
                   outcome="ok")
    else:
        from advisor.llm.advisor import model_report

        report = model_report(
            analysis, choice, settings, level=level.value, lang=lang.value, use_cache=not no_cache,
            fallback=settings.fallback if settings.fallback != "none" else None, log=not no_log,
        )
    emit(report, fmt.value, output)


def emit(report, fmt: str, output: Path | None) -> None:
    from advisor.render import render

    color = output is None and fmt == "table" and sys.stdout.isatty()
    width = None
    if color:
        import shutil

        width = shutil.get_terminal_size((120, 40)).columns
    text = render(report, fmt, width=width, color=color)
    if output is not None:
        from advisor.output import write_atomic

        write_atomic(output, text)
        print(f"wrote {output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
