"""`greenadvisor models`: the ways to get recommendations, and which are ready here."""

from __future__ import annotations

import sys


from advisor.cli.app import app


@app.command()
def models() -> None:
    """List the models greenadvisor can use and whether each is configured (keys are never shown)."""
    from rich.console import Console
    from rich.table import Table

    from advisor.home import config_path, load_settings
    from advisor.llm.models import available

    settings = load_settings()
    table = Table(title=f"default: {settings.model}   config: {config_path()}", title_justify="left")
    for column in ("model", "status", "note"):
        table.add_column(column, overflow="fold")
    for row in available(settings):
        table.add_row(row["model"], row["status"], row["note"])
    Console(highlight=False, width=None if sys.stdout.isatty() else 160).print(table)
