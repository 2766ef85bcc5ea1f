"""CSV files users bring (CodeCarbon's emissions.csv, Zeus's log, grid-intensity exports), read cell by cell.

Why a module of its own: every reader must refuse a malformed table the same way, as one
error naming the file, the line and the column, rather than guess. Python's DictReader
silently keeps the last of two columns of the same name and files cells beyond the header
under no name; here a repeated column name and a value past the header are refused (which
of the two numbers is meant cannot be known). A row shorter than the header only lacks its
last cells: a missing value is then reported as such by the reader that needs it. Line
numbers are where a row starts in an editor, also after a quoted cell spanning lines. A
table saved by a spreadsheet in a locale that separates with `;` is read with `;`, and one
saved as "Unicode" (UTF-16 with its byte-order mark, as Windows tools write) is decoded.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from advisor.errors import InputError, Problem
from advisor.yamlfile import read_text


@dataclass
class Row:
    line: int  # the line where the row starts, as an editor shows it
    cells: dict[str, str]  # by column name; a column the row does not reach is absent
    width: int  # how many cells the row has


@dataclass
class Table:
    header: list[str]
    delimiter: str
    text: str
    path: Path

    def rows(self) -> Iterator[Row]:
        """The non-blank rows; a value beyond the header's columns is refused."""
        reader = csv.reader(io.StringIO(self.text), delimiter=self.delimiter)
        names = self.header
        try:
            for cells in reader:  # the header: the first row with a cell
                if any(c.strip() for c in cells):
                    break
            start = reader.line_num + 1
            for cells in reader:
                line, start = start, reader.line_num + 1
                if not any(c.strip() for c in cells):
                    continue
                extra = [c for c in cells[len(names):] if c.strip()]
                if extra:
                    raise InputError(Problem(
                        f"{len(cells)} cells where the header has {len(names)} columns: "
                        f"{', '.join(repr(c.strip()[:20]) for c in extra[:3])} beyond the last column "
                        f"({names[-1]!r}) belong to no column", line), self.path)
                yield Row(line, {n: c for n, c in zip(names, cells) if n}, len(cells))
        except csv.Error as exc:
            raise InputError(Problem(f"malformed CSV: {exc}", reader.line_num or None), self.path) from None


def read_table(text: str, path: Path) -> Table:
    """The header of a CSV text, checked; its rows are read lazily (`Table.rows`)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if ";" in first and "," not in first else ","
    try:
        header = next((row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(c.strip() for c in row)), [])
    except csv.Error as exc:
        raise InputError(Problem(f"not a CSV file: {exc}", 1), path) from None
    header = [h.strip() for h in header]
    seen: dict[str, int] = {}
    for index, name in enumerate(header, start=1):
        if name and name in seen:
            raise InputError(Problem(
                f"the header names this column twice (columns {seen[name]} and {index}); which one holds the values "
                f"cannot be told: remove one", 1, name), path)
        seen.setdefault(name, index)
    return Table(header, delimiter, text, path)


def read_export(path: Path, what: str, max_bytes: int) -> str:
    """A file's text: UTF-8, or UTF-16 with its byte-order mark (what Windows tools call "Unicode")."""
    try:
        return read_text(path, what, max_bytes)
    except InputError as exc:  # UTF-16 is full of NUL bytes: `read_text` takes it for a binary file
        if not exc.problems[0].message.startswith("binary content"):
            raise
        with path.open("rb") as fh:  # read_text checked the size
            raw = fh.read()
        if raw[:2] not in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            if raw[1:40:2].count(0) > 15 or raw[0:40:2].count(0) > 15:
                raise InputError(Problem("UTF-16 text without a byte-order mark: save the file as UTF-8", 1), path) from None
            raise
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(Problem("starts as UTF-16 but is not valid UTF-16: save the file as UTF-8", 1), path) from None
