"""Terminal report with rich: footprint, ranked actions, warnings, the plan's verdict."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape as e

from advisor.i18n import figure as fmt_figure
from advisor.render.table_layout import grid
from advisor.render.text import (
    advisor_line, any_measured, colon, difficulty, energy_basis, footer, grid_now_line, label, num, rated, rating_methods, rating_reference, stars,
)
from advisor.report import Report

# Without a terminal (a pipe, a file) the table has this width; on one, the terminal's own.
DEFAULT_WIDTH = 120
RISK_STYLE = {"none": "green", "low": "green", "medium": "yellow", "high": "red"}


def _fig(figure, lang: str) -> str:
    text = fmt_figure(figure, lang, "\n[dim]")
    return text + "[/dim]" if "[dim]" in text else text


def terminal_width() -> int:
    """The terminal's width (COLUMNS first) when stdout is one, else DEFAULT_WIDTH: callers that
    pass no width (with NO_COLOR, say) still fit the terminal the table is printed on."""
    import shutil
    import sys

    try:
        tty = sys.stdout.isatty()
    except (AttributeError, ValueError):  # replaced or closed stdout
        tty = False
    return shutil.get_terminal_size((DEFAULT_WIDTH, 40)).columns if tty else DEFAULT_WIDTH


def explicit_columns() -> int | None:
    """COLUMNS from the environment when it is a usable width, else None.

    Shells keep COLUMNS to themselves unless told otherwise, so a value that reaches us was
    set on purpose (`COLUMNS=80 greenadvisor … | less`); 20 is the narrowest width the
    stacked tables still read at.
    """
    import os

    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return None
    return columns if columns >= 20 else None


def stdout_width(fixed: int = DEFAULT_WIDTH) -> int:
    """The width of text the CLI prints on standard output: the terminal's own; piped, an
    explicit COLUMNS, else `fixed`.

    `terminal_width` (the default of a caller that gives no width) does not read COLUMNS off
    a terminal: a library caller's buffer is not the user's screen. The CLI knows it writes to
    the user's standard output, where COLUMNS is the user's word on how wide a pipe's reader is.
    """
    import sys

    try:
        tty = sys.stdout.isatty()
    except (AttributeError, ValueError):
        tty = False
    if tty:
        return terminal_width()
    return explicit_columns() or fixed


def to_table(report: Report, *, width: int | None = None, color: bool = False) -> str:
    lang = report.lang
    L = lambda key: label(key, lang)  # noqa: E731
    buffer = io.StringIO()
    console = Console(file=buffer, width=width or terminal_width(), force_terminal=color, no_color=not color, highlight=False)
    where = " ".join(x for x in (report.system.cloud, report.system.region) if x)
    c = colon(lang)  # the header's labels in the report's language, as Markdown and HTML word them
    console.print(f"[bold]greenadvisor — {e(report.system.name)}[/bold]  "
                  f"({e(where)}; {L('model')}{c} {e(report.model)}; {L('level')}{c} {report.level})")
    if report.model_failed:
        console.print(f"[bold yellow]⚠ {e(report.model_failed)}[/bold yellow]")

    width = console.width
    headers = [(L("workload"), "left"), (L("energy"), "right"), (L("intensity"), "right"), (L("pue"), "right"),
               (L("emissions"), "right"), (L("sci"), "left")]
    measured = any_measured(report)  # with nothing measured, the footer says every figure is an estimate
    rows = []
    for w in report.footprint.workloads:
        sci = next(
            (f"{num(w.figures[k].value, lang)} gCO2e {L(u)}" for k, u in (
                ("sci_per_request_gco2e", "per_request"), ("sci_per_1k_tokens_gco2e", "per_1k_tokens"), ("sci_per_hour_gco2e", "per_hour"))
             if k in w.figures),
            "–",
        )
        basis = f"\n[dim]{e(energy_basis(w, lang))}[/dim]" if measured else ""
        rows.append([f"{e(w.name)}\n[dim]{w.kind}[/dim]{basis}", _fig(w.figures.get("energy_kwh_month"), lang),
                     _fig(w.figures.get("grid_intensity_gco2e_per_kwh"), lang), _fig(w.figures.get("pue"), lang),
                     _fig(w.figures.get("emissions_kgco2e_month"), lang), sci])
    f = report.footprint.figures
    rows.append([f"[bold]{L('total')}[/bold]", _fig(f.get("energy_kwh_month"), lang), "", "",
                 _fig(f.get("emissions_kgco2e_month"), lang), ""])
    fp = grid(L("footprint"), headers, rows, width)
    console.print(fp)
    now = grid_now_line(report, lang)
    if now:
        console.print(f"{L('grid_now')}{colon(lang)} {e(now)}")
    workloads = rated(report)
    if workloads:
        headers = [(L("workload"), "left"), (L("rating_value"), "right"), (L("rating_stars"), "left"),
                   (L("rating_reference"), "left")]
        rows = [[e(w.name), _fig(w.energy_rating.wh_per_1k_queries, lang), stars(w.energy_rating, lang),
                 e(rating_reference(w.energy_rating, lang))] for w in workloads]
        rt = grid(L("rating"), headers, rows, width)
        console.print(rt)
        for method in rating_methods(workloads):
            console.print(f"[dim]{e(method)}[/dim]")

    headers = [("#", "right"), (L("action"), "left"), (L("impact"), "left"), (L("difficulty"), "left"),
               (L("risk"), "left"), (L("tools"), "left")]
    rows = [[str(i), e(r.action), e(r.impact), difficulty(r.difficulty, lang),
             f"[{RISK_STYLE[r.accuracy_risk]}]{label(r.accuracy_risk, lang)}[/]", e(", ".join(r.tools)) or "–"]
            for i, r in enumerate(report.recommendations, start=1)]
    recs = grid(L("recommendations"), headers, rows, width, ratios=[None, 3, 3, 1, 1, 2], show_lines=True)
    if report.recommendations:
        console.print(recs)
    else:
        console.print(L("none_applicable"))
    warned = [(i, r) for i, r in enumerate(report.recommendations, start=1) if r.warning]
    if warned:
        console.print(f"[bold yellow]{L('warnings')}[/bold yellow]")
        for i, r in warned:
            console.print(f"  {i}. {r.warning}", markup=False)
    if report.model_summary:
        console.print(f"\n[bold]{L('summary')}[/bold]: ", end="")
        console.print(report.model_summary, markup=False)
    if report.guardrails:
        console.print(f"[bold]{L('guardrails')}[/bold]")
        for note in report.guardrails:
            console.print(f"  • {note}", markup=False)
    if report.plan:
        console.print(f"\n[bold]{L('plan')}[/bold]: {e(report.plan.message)}")
    advisor = advisor_line(report, lang)
    if advisor:
        console.print(f"[dim]{L('advisor')}{colon(lang)} {e(advisor)}[/dim]")
    for note in report.warnings:
        console.print(f"[dim]• {e(note)}[/dim]")
    console.print(f"\n[dim]{L('sources')}{colon(lang)} {', '.join(report.sources)}[/dim]")
    console.print(f"[dim]{e(footer(report, lang))}[/dim]")
    return buffer.getvalue()
