"""A fleet's reports on disk and its summary on stdout.

Each report gets a distinct name (two `x.yaml` in different folders must not overwrite each
other), none may land on an input, and each is written as soon as it is ready: a failed
write is that file's failure (exit 1), the others are still written and the summary, which
says which report went to which file, still prints.
"""

from __future__ import annotations

import json
from pathlib import Path

from advisor.cli.options import FILE_WIDTH
from advisor.errors import ExitCode, InputError, OutputError


def prepare_folder(output: Path, files: list[Path], fmt: str) -> dict[Path, str]:
    """Before any work: the folder exists (or is made), and no report would replace an input."""
    from advisor.batch import report_names
    from advisor.clobber import inputs_of, refuse_clobber
    from advisor.render import EXTENSIONS

    if output.exists() and not output.is_dir():
        raise InputError("with several files, --output must be a folder", output)
    names = report_names(files, EXTENSIONS[fmt])
    refuse_clobber((output / n for n in names.values()), inputs_of(files))
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a bad output path, found before any work
        raise InputError(f"cannot create the folder: {exc.strerror or exc}", output) from None
    return names


def writer(output: Path | None, names: dict[Path, str], fmt: str):
    """A callable that writes one outcome's report (when --output is set) and counts them."""

    def write(outcome) -> None:
        if output is None or not outcome.ok:
            return
        from advisor.output import write_atomic
        from advisor.render import render

        target = output / names[outcome.path]
        try:
            write_atomic(target, render(outcome.report, fmt, width=FILE_WIDTH))  # as analyze -o FILE writes it
        except (OutputError, InputError) as exc:
            outcome.report, outcome.error, outcome.exit_code = None, str(exc), int(ExitCode.RUNTIME_FAILURE)
            return
        outcome.written = target
        write.count += 1

    write.count = 0
    return write


def summary(outcomes: list, fmt: str, output: Path | None) -> None:
    from advisor.batch import summary_rows
    from advisor.output import write_stdout

    rows = summary_rows(outcomes)
    if fmt == "json":
        write_stdout(json.dumps({"files": rows}, ensure_ascii=False, indent=2) + "\n", "json")
    else:
        write_stdout(summary_text(rows, fmt, reports=output))


def summary_text(rows: list[dict], fmt: str, reports: Path | None = None, width: int | None = None) -> str:
    """The summary in Markdown, or as a table `width` columns wide (default: standard output's),
    titled with the folder the reports went to, if any.

    The table wraps its text cells and, when even that cannot fit (each column holding its
    longest word), stacks each file's fields under its name: a file name or a report path is
    never cut, since it is what the reader acts on.
    """
    from advisor.i18n import num

    with_reports = reports is not None
    header = ["file", "system", "kgCO2e/month", "top action", "saving kgCO2e/month"] + (["report"] if with_reports else [])
    body = []
    for r in rows:
        if r["status"] != "ok":
            row = [r["file"], "FAILED", "", (r["error"] or "").splitlines()[0][:120], ""]
        else:
            row = [r["file"], r["system"], num(r["emissions_kgco2e_month"]), r["top_action"] or "–",
                   num(r["top_saving_kgco2e_month"])]
        body.append(row + ([r.get("report", "")] if with_reports else []))
    if fmt == "markdown":
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in body]
        return "\n".join(lines) + "\n"
    title = f"{len(body)} files, reports written to {reports}" if with_reports else None
    return _table(title, header, body, width)


def _table(title: str | None, header: list[str], body: list[list[str]], width: int | None) -> str:
    import io

    from rich.console import Console
    from rich.markup import escape

    from advisor.render.table import stdout_width
    from advisor.render.table_layout import grid, shared_widths

    width = width or stdout_width()
    numbers = {"kgCO2e/month", "saving kgCO2e/month"}
    headers = [(h, "right" if h in numbers else "left") for h in header]
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False)
    if title:
        console.print(title, markup=False, highlight=False)
    cells = [[escape(c) for c in row] for row in body]
    if shared_widths(headers, cells, width) is not None:
        console.print(grid(None, headers, cells, width, keep_words=True))
    else:
        _blocks(console, header, body)
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]  # no padding to the width in a file
    return "\n".join(line for i, line in enumerate(lines) if line or (i and lines[i - 1])) + "\n"


def _blocks(console, header: list[str], body: list[list[str]]) -> None:
    """Too narrow for a grid: each file's name on a line of its own, the full width (a name
    folds only when longer than the terminal), then one "label: value" line per field,
    indented, so a value has all the width its label leaves."""
    from rich.padding import Padding
    from rich.text import Text

    for row in body:
        console.print()
        console.print(Text(row[0], overflow="fold"))
        for label, cell in zip(header[1:], row[1:]):
            if cell:
                console.print(Padding(Text(f"{label}: {cell}", overflow="fold"), (0, 0, 0, 2)))
