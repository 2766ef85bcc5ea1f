"""A comparison in the terminal with rich: totals, then each workload, then each side's plan.

Colour only repeats what the verdict column already says in words and arrows, so the table
reads the same with NO_COLOR, in a pipe or in a log.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.markup import escape as e
from rich.padding import Padding
from rich.table import Table

from advisor.compare import Comparison
from advisor.render.compare_text import (Row, side_summary, system_line, total_rows, word, workload_heading,
                                         workload_rows)
from advisor.render.text import label

STYLE = {"better": "green", "likely-better": "green", "worse": "red", "likely-worse": "yellow", "neutral": "dim"}


def _table(title: str, lang: str) -> Table:
    t = Table(title=title, box=box.SIMPLE_HEAVY, title_justify="left", title_style="bold", expand=True)
    t.add_column(word("metric", lang), min_width=12)
    for name in ("A", "B", word("difference", lang)):
        t.add_column(name, justify="right", overflow="fold")  # a narrow terminal breaks a number, never hides it
    t.add_column(word("change", lang), justify="right", no_wrap=True)
    t.add_column(word("verdict", lang))
    return t


def _stacked(text: str) -> str:
    """A figure's range (or a verdict's qualifier) under it, dimmed, as the analysis table shows ranges."""
    value, _, rest = text.partition(" (")
    return e(value) + (f"\n[dim]({e(rest)}[/dim]" if rest else "")


def _add(t: Table, r: Row) -> None:
    style = STYLE[r.tone]
    t.add_row(e(r.metric), _stacked(r.a), _stacked(r.b), f"[{style}]{_stacked(r.difference)}[/]",
              f"[{style}]{e(r.change)}[/]", f"[{style}]{_stacked(r.verdict)}[/]")


def to_table(c: Comparison, *, width: int | None = None, color: bool = False) -> str:
    lang = c.lang
    buffer = io.StringIO()
    console = Console(file=buffer, width=width or 120, force_terminal=color, no_color=not color, highlight=False)
    console.print(f"[bold]greenadvisor — {word('title', lang)}: {e(c.a.label)} → {e(c.b.label)}[/bold]")
    for name, side in (("A", c.a), ("B", c.b)):
        console.print(Padding(f"[bold]{name}[/bold] · {e(side.label)}: {e(system_line(side, lang))}", (0, 0, 0, 2)))

    totals = _table(word("totals", lang), lang)
    for r in total_rows(c):
        _add(totals, r)
    console.print(totals)

    for w in c.workloads:
        per = _table(f"{word('workload', lang)} {workload_heading(w, c)}", lang)
        for r in workload_rows(w, lang):
            _add(per, r)
        console.print(per)

    console.print(f"[bold]{word('actions', lang)}[/bold]")
    for name, side in (("A", c.a), ("B", c.b)):
        plan, actions = side_summary(side, lang)
        console.print(Padding(f"[bold]{name}[/bold] · {e(side.label)}: {e(plan)}", (0, 0, 0, 2)))
        for line in actions:
            console.print(Padding(f"• {e(line)}", (0, 0, 0, 4)))
    if c.notes:
        console.print(f"[bold]{word('notes', lang)}[/bold]")
        for note in c.notes:
            console.print(Padding(f"• {e(note)}", (0, 0, 0, 2)))
    console.print(f"\n[dim]{e(word('legend', lang))}[/dim]")
    console.print(f"[dim]{label('sources', lang)}: {e(', '.join(c.sources))}[/dim]")
    return buffer.getvalue()
