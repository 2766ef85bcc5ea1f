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
PROBLEM = "first problem"
TEXT_COLUMNS = ("case", PROBLEM)
# A narrow terminal drops columns in this order (least telling first: objective counts for
# nothing, schema fails rarely and the first problem says so), and the first problem last
# (it then goes under the table, since it says why a score is low); the case and its score
# are always shown.
DROP_ORDER = ("objective", "schema", "figures", "practices", "tools", "accuracy", "rules", "exclude", "include", PROBLEM)
PROBLEM_FLOOR = 20  # the first problem folds down to this width rather than push the scores out
# Piped or redirected without COLUMNS: wide enough for every column (CI logs keep all the scores).
PIPE_WIDTH = 160


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
        header = ["case", "score", *COLUMNS, PROBLEM]
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


def render(suite: SuiteResult, fmt: str, width: int | None = None) -> str:
    """The scorecard; a table is `width` columns wide (default: standard output's, PIPE_WIDTH piped)."""
    if fmt == "json":
        return json.dumps(suite.as_dict(), ensure_ascii=False, indent=2) + "\n"
    header, body, footer = rows(suite)
    title = f"greenadvisor eval: {len(body)} cases, {', '.join(suite.models)}, {suite.seconds:.1f} s"
    if fmt == "markdown":
        out = [f"# {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(x.replace("|", "\\|") for x in row) + " |" for row in body]
        out.append("| " + " | ".join(f"**{x}**" if x else "" for x in footer) + " |")
        return "\n".join(out) + "\n"
    from advisor.render.table import stdout_width

    if width is None:
        # piped with no COLUMNS, a reader (a CI log, a file) has no width to fit: as wide as every
        # scorer column needs (long case names), at least PIPE_WIDTH
        width = stdout_width(max(PIPE_WIDTH, _natural_width(header, body, footer)))
    return _table(title, header, body, footer, width)


def _natural_width(header: list[str], body: list[list[str]], footer: list[str]) -> int:
    """Every column at its longest cell, with the table's padding: nothing folded, nothing left out."""
    return sum(max(len(row[i]) for row in [header, *body, footer]) + 3 for i in range(len(header))) + 2


def _table(title: str, header: list[str], body: list[list[str]], footer: list[str], width: int) -> str:
    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    body = [[escape(x) for x in row] for row in body]
    keep, widths = _columns(header, body, footer, width)
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False)
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAVY, show_footer=True)
    for n, i in enumerate(keep):
        table.add_column(header[i], footer=footer[i], overflow="fold", width=widths[n] if widths else None,
                         justify="left" if header[i] in TEXT_COLUMNS else "right")
    for row in body:
        table.add_row(*[row[i] for i in keep])
    console.print(table)
    problem = header.index(PROBLEM) if PROBLEM in header else None
    if problem is not None and problem not in keep and any(row[problem] for row in body):
        from rich.padding import Padding
        from rich.text import Text

        console.print(f"{PROBLEM}s:")  # under the table, each the full width, rather than not at all
        for row in body:
            if row[problem]:
                console.print(Padding(Text.from_markup(f"{row[0]}: {row[problem]}", overflow="fold"), (0, 0, 0, 2)))
    left_out = [h for i, h in enumerate(header) if i not in keep and h != PROBLEM]
    if left_out:
        console.print(f"not shown at {width} columns: {', '.join(left_out)} (a wider terminal, COLUMNS, "
                      f"--format markdown or the saved JSON show them)", markup=False)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def _columns(header: list[str], body: list[list[str]], footer: list[str], width: int) -> tuple[list[int], list[int] | None]:
    """The columns kept (by index) and their widths. The case and its score always; the first
    problem when a case has one and it fits beside them (else it goes under the table); then
    the scorers, most telling first (DROP_ORDER read backwards), as many as fit. None widths
    when even the case and its score cannot hold their longest word (rich then folds them)."""
    from advisor.render.table_layout import shared_widths

    def widths_of(columns: list[int]) -> list[int] | None:
        columns = sorted(columns)
        floors = {n: PROBLEM_FLOOR for n, i in enumerate(columns) if header[i] == PROBLEM}
        return shared_widths([(header[i], "left") for i in columns], [[row[i] for i in columns] for row in [*body, footer]],
                             width, floors)

    keep = [i for i, h in enumerate(header) if h not in DROP_ORDER]
    wanted = [header.index(c) for c in reversed(DROP_ORDER) if c in header]
    if PROBLEM in header and not any(row[header.index(PROBLEM)] for row in body):
        wanted.remove(header.index(PROBLEM))  # an empty column says nothing
    for i in wanted:
        if widths_of([*keep, i]) is not None:
            keep.append(i)
    keep.sort()
    return keep, widths_of(keep)
