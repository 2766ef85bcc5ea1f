"""The `greenadvisor` root command and the one place where errors become exit statuses."""

from __future__ import annotations

import os
import sys

import typer

from advisor import __version__
from advisor.errors import ExitCode, GreenAdvisorError

def _flags_without_placeholder() -> None:
    """Help shows no value placeholder for a flag ("--no-cache", not "--no-cache <bool>").

    Why: typer 0.29's rich help prints every option's type through
    `TyperOption.display_type_rich`, flags included, so each flag (and -h/--help) read as if
    it took a true/false value. A flag's type says nothing to the reader, so it gets none;
    every other option keeps typer's own. Done once, before any help is printed.
    """
    from typer.core import TyperOption

    shown = getattr(TyperOption, "display_type_rich", None)
    if shown is None or getattr(shown, "flags_plain", False):  # another typer: leave its help as it is
        return

    def display_type_rich(self, ctx):
        return None if self.is_flag and not self.count else shown(self, ctx)

    display_type_rich.flags_plain = True
    TyperOption.display_type_rich = display_type_rich


_flags_without_placeholder()

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

    Typer (in standalone mode) already turns usage errors into exit 2, and Ctrl-C into a
    silent exit 130, which gets its "interrupted" line here; the project's own errors
    (OutputError: a write that failed) and any bug are mapped here, and nowhere else.
    """
    _safe_streams()
    _register(argv)
    debug = bool(os.environ.get("GREENADVISOR_DEBUG"))
    try:
        app(args=argv, prog_name="greenadvisor")
    except SystemExit as exc:
        if exc.code == ExitCode.INTERRUPTED and _from_ctrl_c(exc):
            _fail("interrupted", ExitCode.INTERRUPTED)
        raise
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


def _from_ctrl_c(exc: BaseException) -> bool:
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, KeyboardInterrupt):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _safe_streams() -> None:
    """A terminal or pipe that is not UTF-8 (LC_ALL=C) must not turn 'é' or '–' into an internal
    error: such streams replace what they cannot encode (JSON output escapes it instead, see
    advisor.output.write_stdout, so it stays valid and whole)."""
    from advisor.output import is_utf8

    for name, errors in (("stdout", "replace"), ("stderr", "backslashreplace")):
        stream = getattr(sys, name)
        if stream is not None and not is_utf8(stream) and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors=errors)
            except (OSError, ValueError):
                pass


def _fail(message: str, code: int) -> None:
    from advisor.secrets import scrub

    for line in scrub(message).splitlines() or [""]:
        print(f"greenadvisor: error: {line}", file=sys.stderr)
    if "advisor.stopping" in sys.modules and sys.modules["advisor.stopping"].abandoned:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):
                pass
        os._exit(int(code))  # a stopped pool's threads would block a normal exit
    sys.exit(int(code))
