"""Options shared by several commands, declared once."""

from __future__ import annotations

from enum import Enum

import typer


# A table written to a file (-o) has this many columns, whatever the terminal or COLUMNS says.
FILE_WIDTH = 120
# What --output says of the table's width, in every command's help.
WIDTH_HELP = (f"A table written to a file is {FILE_WIDTH} columns wide; on standard output it fits the terminal, "
              f"or COLUMNS when piped.")


class Level(str, Enum):
    basic = "basic"
    pro = "pro"


class Lang(str, Enum):
    en = "en"
    fr = "fr"


LEVEL = typer.Option(Level.pro, "--level", help="basic: three simple actions; pro: every applicable action, ranked.")
def lang_option(what: str):
    """--lang, with help saying what it changes in this command (compare has no prompt)."""
    return typer.Option(Lang.en, "--lang", help=f"Language of {what}.")


LANG = lang_option("the report and of the prompt")


def write_out(render, fmt: str, output: str | None, default_name: str) -> None:
    """Render for a terminal or a file and write it: colour and width only on a terminal that
    wants them (NO_COLOR honoured), a file written atomically and named on stderr.

    `--output` names a file, or a folder (an existing one, or any path ending in '/'), which
    then receives `default_name`: `-o reports/` does what it says instead of making a file
    called 'reports'. `-o -` is standard output, as for most command-line tools.
    """
    import os
    import sys

    from advisor.output import write_atomic, write_stdout

    if output == "-":
        output = None
    color = output is None and fmt == "table" and sys.stdout is not None and sys.stdout.isatty() \
        and not os.environ.get("NO_COLOR")
    # a file is FILE_WIDTH wide, whatever terminal or COLUMNS wrote it (a saved report reads
    # the same everywhere); standard output follows the terminal, or, piped, an explicit COLUMNS
    width = None
    if fmt == "table":
        from advisor.render.table import stdout_width

        width = FILE_WIDTH if output is not None else stdout_width()
    text = render(fmt, width=width, color=color)
    if output is not None:
        target = output_path(output, default_name)
        write_atomic(target, text)
        print(f"wrote {target}", file=sys.stderr)
    else:
        write_stdout(text, fmt)


def check_output(output: str | None, default_name: str, inputs: set) -> None:
    """Before any work: refuse an output that is one of the run's inputs (exit 2)."""
    if output is None or output == "-":
        return
    from advisor.clobber import refuse_clobber

    refuse_clobber([output_path(output, default_name)], inputs)


def output_path(output: str, default_name: str):
    """The file `--output` means: itself, or `default_name` inside it when it is a folder
    (created, if need be, by write_atomic when the report is written)."""
    import os
    from pathlib import Path

    path = Path(output)
    if output.endswith(("/", os.sep)) or path.is_dir():
        return path / default_name
    return path
