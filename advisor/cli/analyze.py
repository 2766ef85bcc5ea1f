"""`greenadvisor analyze FILE`: the footprint and the ranked, quantified actions."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from advisor.cli.app import app
from advisor.errors import InputError


class Level(str, Enum):
    basic = "basic"
    pro = "pro"


class Lang(str, Enum):
    en = "en"
    fr = "fr"


class Format(str, Enum):
    table = "table"
    markdown = "markdown"
    json = "json"


@app.command()
def analyze(
    file: Path = typer.Argument(..., help="Architecture file (YAML), see examples/."),
    model: str = typer.Option("offline", "--model", "-m", help="Who writes the recommendations: 'offline' (the engine alone)."),
    level: Level = typer.Option(Level.pro, "--level", help="basic: three simple actions; pro: every applicable action, ranked."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the report."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table (terminal), markdown (the seed's columns) or json (the report contract)."),
    metrics: Path | None = typer.Option(None, "--metrics", help="Measured metrics (CodeCarbon emissions.csv)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report to this file instead of standard output."),
) -> None:
    """Compute the footprint of an AI system and rank the actions that cut it."""
    if model != "offline":
        raise InputError(
            f"--model {model}: only 'offline' is available in this version (the engine answers alone)"
        )
    if metrics is not None:
        raise InputError("--metrics: measured metrics are not supported in this version; the footprint is estimated")
    from advisor.analysis import analyze_file

    report = analyze_file(file, level=level.value, lang=lang.value)
    color = output is None and fmt is Format.table and sys.stdout.isatty()
    from advisor.render import render

    width = None
    if color:
        import shutil

        width = shutil.get_terminal_size((120, 40)).columns
    text = render(report, fmt.value, width=width, color=color)
    if output is not None:
        from advisor.output import write_atomic

        write_atomic(output, text)
        print(f"wrote {output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
