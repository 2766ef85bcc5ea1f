"""`greenadvisor chat FILE`: a REPL over one architecture (prompt_toolkit in a terminal, lines from a pipe)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from advisor.cli.app import app
from advisor.cli.options import LEVEL, Lang, Level, lang_option


def _emit(text: str = "", end: str = "\n") -> None:
    sys.stdout.write(text + end)
    sys.stdout.flush()


@app.command()
def chat(
    file: Path = typer.Argument(..., metavar="FILE", help="Architecture file (YAML)."),
    model: str | None = typer.Option(None, "--model", "-m", help="offline (default), anthropic:…, openai:…, ollama:…, mock:…"),
    base_url: str | None = typer.Option(None, "--base-url", help="An OpenAI-compatible server for openai:MODEL."),
    level: Level = LEVEL,
    lang: Lang = lang_option("the conversation and of the prompt"),
    metrics: Path | None = typer.Option(None, "--metrics", help="Measured metrics: CodeCarbon emissions.csv, Zeus (JSON or log CSV) or EcoLogits JSON."),
) -> None:
    """Talk about one architecture: the table, what-ifs, explanations, and questions to a model."""
    from advisor.chat.session import Session, connect
    from advisor.home import home, load_settings
    from advisor.kb import load_kb
    from advisor.loader import load_architecture

    settings = load_settings(model=model, base_url=base_url)
    llm = connect(settings.model, settings, settings.base_url)  # an unusable model: exit 2 before the session
    kb = load_kb()
    session = Session(load_architecture(file, kb), kb, settings, _emit, level=level.value, lang=lang.value,
                      model=settings.model, base_url=settings.base_url, metrics=metrics, llm=llm)
    session.opening()
    if sys.stdin.isatty() and sys.stdout.isatty():
        _interactive(session, home())
    else:
        for line in sys.stdin:
            if not session.handle(line):
                break


def _interactive(session, home_dir: Path) -> None:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory, InMemoryHistory
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()

    @bindings.add("escape", "enter")
    def _newline(event):  # Esc then Enter (or Alt+Enter) inserts a line break: multi-line questions
        event.current_buffer.insert_text("\n")

    try:
        home_dir.mkdir(parents=True, exist_ok=True)
        history = FileHistory(str(home_dir / "chat_history"))
    except OSError:
        history = InMemoryHistory()
    prompt = PromptSession(history=history, key_bindings=bindings)
    while True:
        try:
            line = prompt.prompt("greenadvisor> ")
        except KeyboardInterrupt:
            continue  # Ctrl-C clears the line
        except EOFError:
            break  # Ctrl-D leaves
        if not session.handle(line):
            break
