"""`greenadvisor prompt FILE`: the rendered Éco-Architecte prompt and its token count, no model called."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer

from advisor.cli.app import app
from advisor.cli.options import LEVEL, Lang, Level, lang_option


class PromptFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def prompt(
    file: Path = typer.Argument(..., metavar="FILE", help="Architecture file (YAML)."),
    level: Level = LEVEL,
    lang: Lang = lang_option("the prompt"),
    model: str = typer.Option("openai:gpt-4o", "--model", "-m", help="Model whose tokenizer counts the tokens (o200k_base for non-OpenAI models)."),
    fmt: PromptFormat = typer.Option(PromptFormat.text, "--format", "-f", help="text, or json with the messages and the count."),
) -> None:
    """Print the prompt a model would receive for this file, and its token count."""
    from advisor.analysis import prepare_file
    from advisor.prompting import render_prompt
    from advisor.tokens import count, encoding_name_for

    analysis = prepare_file(file, lang=lang.value)
    rendered = render_prompt(analysis.loaded, analysis.advice, analysis.kb, level=level.value, lang=lang.value)
    model_name = model.split(":", 1)[-1]
    tokens = count(rendered.system, model_name) + count(rendered.user, model_name)
    encoding = encoding_name_for(model_name)
    if fmt is PromptFormat.json:
        payload = {"level": level.value, "lang": lang.value, "system": rendered.system, "user": rendered.user,
                   "tokens": tokens, "encoding": encoding}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    sys.stdout.write(f"--- system ---\n{rendered.system}\n--- user ---\n{rendered.user}\n")
    print(f"{tokens:,} tokens ({encoding})", file=sys.stderr)
