"""`greenadvisor compare A B`: two systems, or one before and after a change, side by side."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from advisor.cli.app import app
from advisor.cli.options import LEVEL, Lang, Level, WIDTH_HELP, check_output, lang_option, write_out


class Format(str, Enum):
    """A comparison's formats: analyze's, but for if-manifest (a manifest describes one system)."""

    table = "table"
    markdown = "markdown"
    json = "json"
    html = "html"


@app.command()
def compare(
    a: Path = typer.Argument(..., metavar="A", help="The first architecture file (YAML): the reference, or 'before'."),
    b: Path = typer.Argument(..., metavar="B", help="The second architecture file (YAML): the alternative, or 'after'."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table (terminal), markdown, json (the comparison) or html (a self-contained page with charts)."),
    lang: Lang = lang_option("the comparison"),
    level: Level = LEVEL,
    metrics_a: Path | None = typer.Option(None, "--metrics-a", help="Measured metrics for A (CodeCarbon emissions.csv, Zeus or EcoLogits JSON)."),
    metrics_b: Path | None = typer.Option(None, "--metrics-b", help="Measured metrics for B (CodeCarbon emissions.csv, Zeus or EcoLogits JSON)."),
    label_a: str | None = typer.Option(None, "--label-a", help="A's name in the comparison (default: its system's name, or its file's)."),
    label_b: str | None = typer.Option(None, "--label-b", help="B's name in the comparison (default: its system's name, or its file's)."),
    output: str | None = typer.Option(None, "--output", "-o", metavar="PATH", help="Write the comparison to this file (atomically) instead of standard output; a folder (or a path ending in /) gets A-vs-B's name. " + WIDTH_HELP),
) -> None:
    """Compare two systems' footprints, SCI and top actions, with the estimates' uncertainty."""
    from advisor.clobber import inputs_of
    from advisor.compare import compare as build
    from advisor.home import load_settings
    from advisor.render import EXTENSIONS

    stem = f"{a.stem}-vs-{b.stem}"
    check_output(output, f"{stem}.{EXTENSIONS[fmt.value]}", inputs_of([a, b], metrics_a, metrics_b))
    settings = load_settings()  # as analyze does: report_for reads the grid timeout and cache from it
    report_a = _report("A", a, metrics_a, level.value, lang.value, settings)
    report_b = _report("B", b, metrics_b, level.value, lang.value, settings)
    comparison = build(report_a, report_b, label_a=label_a, label_b=label_b)
    _emit(comparison, fmt.value, output, stem)


def _report(side: str, path: Path, metrics: Path | None, level: str, lang: str, settings):
    """One side's report from the offline engine; a bad file or CSV says which side it was."""
    from advisor.batch import report_for
    from advisor.errors import InputError, Problem

    try:
        return report_for(path, settings=settings, choice=None, level=level, lang=lang, metrics=metrics, log=False)
    except InputError as exc:
        raise InputError([Problem(f"{side}: {line}") for line in str(exc).splitlines()]) from None


def _emit(comparison, fmt: str, output: str | None, stem: str) -> None:
    from advisor.render import EXTENSIONS
    from advisor.render.comparison import render_comparison

    write_out(lambda f, **kw: render_comparison(comparison, f, **kw), fmt, output, f"{stem}.{EXTENSIONS[fmt]}")
