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


def _plain(cell: str) -> str:
    return Text.from_markup(cell).plain if "[" in cell else cell


def shared_widths(headers: list[tuple[str, str]], rows: list[list[str]], width: int,
                  floors: dict[int, int] | None = None) -> list[int] | None:
    """Each column's width in a grid `width` wide, or None when the columns cannot all hold
    their longest word (header included) side by side.

    Why not leave it to rich: when a table is too wide, rich narrows its widest columns first,
    below their longest word, so "examples/doc-analyzer.yaml" came out as "examples/doc-anal"
    over "yzer.yaml" with room to spare elsewhere. Here each column gets its longest word, and
    the space left goes to the columns that wrap, in proportion to what they lack. `floors`
    lets a column of free text fold down to the width given instead (a long identifier in a
    sentence then folds rather than pushing a column out).
    """
    from rich.cells import cell_len

    floors = floors or {}
    cells = [[header, *(row[i] for row in rows)] for i, (header, _) in enumerate(headers)]
    most = [max(cell_len(line) for cell in column for line in _plain(cell).split("\n")) for column in cells]
    least = [min(most[i], floors[i]) if i in floors else
             max(cell_len(word) for cell in column for word in BREAKS.split(_plain(cell))) for i, column in enumerate(cells)]
    room = width - PADDING * len(headers) - 1  # SIMPLE_HEAVY: one space at each edge and between columns, one padding each side
    if sum(least) > room:
        return None
    if sum(most) <= room:
        return most
    spare, lacking = room - sum(least), [m - n for m, n in zip(most, least)]
    widths = [n + spare * lack // sum(lacking) for n, lack in zip(least, lacking)]
    for i in sorted(range(len(widths)), key=lambda i: widths[i] - most[i])[: room - sum(widths)]:
        widths[i] += 1  # what the rounding down left over
    return widths


def grid(title: str | None, headers: list[tuple[str, str]], rows: list[list[str]], width: int, *,
         ratios: list[int | None] | None = None, show_lines: bool = False, keep_words: bool = False) -> Table:
    """headers: (label, justify). ratios: rich's column ratios for the wide grid. keep_words:
    the columns get `shared_widths`, so no word is ever folded in the grid."""
    widths = shared_widths(headers, rows, width) if keep_words else None
    if (keep_words and widths is None) or not fits(headers, rows, width):
        return stacked(title, headers, rows, width)
    table = Table(title=title, box=box.SIMPLE_HEAVY, title_justify="left", show_lines=show_lines)
    for i, (header, justify) in enumerate(headers):
        table.add_column(header, justify=justify, overflow=FOLD, ratio=ratios[i] if ratios else None,
                         width=widths[i] if widths else None)
    for row in rows:
        table.add_row(*row)
    return table


def stacked(title: str | None, headers: list[tuple[str, str]], rows: list[list[str]], width: int) -> Table:
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
