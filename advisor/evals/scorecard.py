"""The scorecard: per case and overall, in a terminal table, Markdown or JSON.

Scores are shown with DECIMALS decimals and `--min-score` compares that same shown value,
so the gate never fails a score printed as equal to the floor (0.99 shown, 0.988 compared).
"""

from __future__ import annotations

import io
import json

from advisor.evals.suite import SuiteResult

DECIMALS = 3
COLUMNS = ("schema", "include", "exclude", "accuracy", "tools", "practices", "rules", "figures", "objective")


def shown(value: float) -> str:
    return f"{value:.{DECIMALS}f}"


def _cell(value: float | None) -> str:
    return "–" if value is None else shown(value)


def below(suite: SuiteResult, min_score: float) -> list[str]:
    """One line per model whose shown overall score is under `min_score`."""
    return [f"overall score {shown(suite.overall(m))} ({m}) is below --min-score {min_score:g}"
            for m in suite.models if round(suite.overall(m), DECIMALS) < min_score]


def _case_cell(result) -> str:
    return shown(result.score) + ("" if result.status == "scored" else f" ({result.status})")


def _first_problem(result) -> str:
    if result.detail:
        return result.detail
    for s in result.scores:
        if s.value is not None and s.value < 1 and s.weight > 0:
            return f"{s.name}: {s.explanation}"
    return ""


def rows(suite: SuiteResult) -> tuple[list[str], list[list[str]], list[str]]:
    if len(suite.models) == 1:
        model = suite.models[0]
        header = ["case", "score", *COLUMNS, "first problem"]
        body = []
        for r in suite.results:
            by = {s.name: s.value for s in r.scores}
            body.append([r.case, _case_cell(r), *[_cell(by.get(c)) for c in COLUMNS], _first_problem(r)])
        averages = suite.by_scorer(model)
        footer = ["overall", shown(suite.overall(model)), *[_cell(averages.get(c)) for c in COLUMNS], ""]
        return header, body, footer
    header = ["case", *suite.models]
    cases = list(dict.fromkeys(r.case for r in suite.results))
    table = {(r.case, r.model): r for r in suite.results}
    body = [[c, *[_case_cell(table[(c, m)]) for m in suite.models]] for c in cases]
    footer = ["overall", *[shown(suite.overall(m)) for m in suite.models]]
    return header, body, footer


def render(suite: SuiteResult, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(suite.as_dict(), ensure_ascii=False, indent=2) + "\n"
    header, body, footer = rows(suite)
    title = f"greenadvisor eval: {len(body)} cases, {', '.join(suite.models)}, {suite.seconds:.1f} s"
    if fmt == "markdown":
        out = [f"# {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(x.replace("|", "\\|") for x in row) + " |" for row in body]
        out.append("| " + " | ".join(f"**{x}**" if x else "" for x in footer) + " |")
        return "\n".join(out) + "\n"
    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(file=buffer, width=160, no_color=True, highlight=False)
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAVY, show_footer=True)
    for i, name in enumerate(header):
        table.add_column(name, footer=footer[i], overflow="fold", justify="left" if i in (0, len(header) - 1) else "right")
    for row in body:
        table.add_row(*[escape(x) for x in row])
    console.print(table)
    return buffer.getvalue()
