"""Options shared by several commands, declared once."""

from __future__ import annotations

from enum import Enum

import typer


class Level(str, Enum):
    basic = "basic"
    pro = "pro"


class Lang(str, Enum):
    en = "en"
    fr = "fr"


LEVEL = typer.Option(Level.pro, "--level", help="basic: three simple actions; pro: every applicable action, ranked.")
LANG = typer.Option(Lang.en, "--lang", help="Language of the report and of the prompt.")


def write_out(render, fmt: str, output) -> None:
    """Render for a terminal or a file and write it: colour and width only on a terminal that
    wants them (NO_COLOR honoured), a file written atomically and named on stderr."""
    import os
    import sys

    color = output is None and fmt == "table" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    width = None
    if color:
        import shutil

        width = shutil.get_terminal_size((120, 40)).columns
    text = render(fmt, width=width, color=color)
    if output is not None:
        from advisor.output import write_atomic

        write_atomic(output, text)
        print(f"wrote {output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
