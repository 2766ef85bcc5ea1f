"""`greenadvisor logs`: the local log of analyses, with what each cost."""

from __future__ import annotations

import json
import sys
import time

import typer

from advisor.cli.app import app


@app.command()
def logs(
    limit: int = typer.Option(20, "--limit", "-n", min=1, max=10_000, help="How many of the latest analyses."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """List recent analyses: model, tokens, energy and emissions of the advice itself, outcome."""
    from rich.console import Console
    from rich.table import Table

    from advisor.logstore import log_path, recent

    rows = recent(limit)
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if not rows:
        print(f"no analysis logged yet ({log_path()})")
        return
    table = Table(title=str(log_path()), title_justify="left")
    for column in ("when", "system", "model", "tokens in/out", "Wh", "gCO2e", "outcome"):
        table.add_column(column, overflow="fold")
    for row in rows:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(row["started"]))
        table.add_row(when, row["system"] or "", row["model"], f"{row['input_tokens']}/{row['output_tokens']}",
                      f"{row['energy_wh']:.3g}", f"{row['gco2e']:.3g}", row["outcome"] + (" (cache)" if row["cached"] else ""))
    Console(highlight=False, width=None if sys.stdout.isatty() else 160).print(table)
