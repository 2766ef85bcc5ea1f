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
