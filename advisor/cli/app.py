"""The `greenadvisor` root command and the one place where errors become exit statuses."""

from __future__ import annotations

import os
import sys

import typer

from advisor import __version__
from advisor.errors import ExitCode, GreenAdvisorError

app = typer.Typer(
    name="greenadvisor",
    help="Energy and carbon advice for AI systems: footprint, ranked actions, sources.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"greenadvisor {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """greenadvisor tells teams running AI systems how to cut their energy use and carbon footprint."""


COMMANDS = ("analyze", "compare", "chat", "eval", "logs", "measure", "models", "prompt")


def _register(argv: list[str] | None = None) -> None:
    """Import the command modules (each registers its command on `app`).

    When the first argument names a command, only that module is imported: the offline
    `analyze` path should not pay for the others. Anything else (help, a typo) gets them all,
    so help lists every command and typer's own error names the right ones.
    """
    import importlib

    first = (argv if argv is not None else sys.argv[1:])[:1]
    names = first if first and first[0] in COMMANDS else COMMANDS
    for name in names:
        importlib.import_module(f"advisor.cli.{name}")


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; map every failure to ExitCode and one line on stderr (no traceback).

    Typer (in standalone mode) already turns usage errors into exit 2 and Ctrl-C into 130;
    the project's own errors and any bug are mapped here, and nowhere else.
    """
    _register(argv)
    debug = bool(os.environ.get("GREENADVISOR_DEBUG"))
    try:
        app(args=argv, prog_name="greenadvisor")
    except GreenAdvisorError as exc:
        if debug:
            raise
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", ExitCode.INTERRUPTED)
    except BrokenPipeError:
        sys.exit(ExitCode.SUCCESS)
    except Exception as exc:  # a bug: say so in one line, traceback on demand
        if debug:
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (set GREENADVISOR_DEBUG=1 for the traceback)",
              ExitCode.RUNTIME_FAILURE)


def _fail(message: str, code: int) -> None:
    from advisor.secrets import scrub

    for line in scrub(message).splitlines() or [""]:
        print(f"greenadvisor: error: {line}", file=sys.stderr)
    sys.exit(int(code))
