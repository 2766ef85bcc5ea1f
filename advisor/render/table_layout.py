"""The terminal table's grids: one column per field when the terminal is wide enough for every
column's longest word, else one block per row ("field  value" lines).

A six-column grid on a 40-column terminal can only cut its numbers: rich's ellipsis printed
"1,7…" (read as 1.7), and folding prints "1,75" over "1". Stacked, each figure has the width of
the terminal; a cell still wider than that folds rather than being cut.
"""

from __future__ import annotations

import re

from rich import box
from rich.table import Table
from rich.text import Text

FOLD = "fold"
BREAKS = re.compile(r"[ \t\n]+")
PADDING = 3  # a column's padding and rule, SIMPLE_HEAVY box


def _longest_word(cell: str) -> int:
    """Words split at breaking spaces only: "1\u202f303–3\u202f667" (French) is one word."""
    return max((len(word) for word in BREAKS.split(Text.from_markup(cell).plain if "[" in cell else cell)), default=0)


def fits(headers: list[tuple[str, str]], rows: list[list[str]], width: int) -> bool:
    """Whether every column can hold its longest word (header included) side by side."""
    need = 0
    for i, (header, _) in enumerate(headers):
        need += max([_longest_word(header)] + [_longest_word(row[i]) for row in rows]) + PADDING
    return need <= width


def grid(title: str, headers: list[tuple[str, str]], rows: list[list[str]], width: int, *,
         ratios: list[int | None] | None = None, show_lines: bool = False) -> Table:
    """headers: (label, justify). ratios: rich's column ratios for the wide grid."""
    if not fits(headers, rows, width):
        return stacked(title, headers, rows, width)
    table = Table(title=title, box=box.SIMPLE_HEAVY, title_justify="left", show_lines=show_lines)
    for i, (header, justify) in enumerate(headers):
        table.add_column(header, justify=justify, overflow=FOLD, ratio=ratios[i] if ratios else None)
    for row in rows:
        table.add_row(*row)
    return table


def stacked(title: str, headers: list[tuple[str, str]], rows: list[list[str]], width: int) -> Table:
    """One block per row: its first cell, then each other field that has a value; the labels
    take at most a third of the width, the figures the rest."""
    table = Table(title=title, box=box.SIMPLE, title_justify="left", show_header=False)
    table.add_column(overflow=FOLD, style="dim", max_width=max(8, width // 3))
    table.add_column(overflow=FOLD)
    for row in rows:
        table.add_row(f"[bold]{headers[0][0]}[/bold]", row[0])
        for (header, _), cell in zip(headers[1:], row[1:]):
            if cell:
                table.add_row(header, cell)
        table.add_section()
    return table
