"""The project's errors and the exit statuses they map to.

Every failure a user can cause or meet is one of these classes; the CLI maps them to an
exit status in one place (`advisor.cli.app.main`), so no command decides exit codes itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    SUCCESS = 0
    RUNTIME_FAILURE = 1  # model, network, anything that may work on another try
    BAD_INPUT = 2  # the user's file or flags are wrong: retrying will not help
    INTERRUPTED = 130
    TERMINATED = 143  # 128 + SIGTERM, as a shell reports a process killed by it


class GreenAdvisorError(Exception):
    exit_code: ExitCode = ExitCode.RUNTIME_FAILURE


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file: where it is and what to do about it."""

    message: str
    line: int | None = None
    field: str | None = None

    def render(self, file: str | Path | None) -> str:
        parts = []
        if file:
            parts.append(f"{file}:{self.line}" if self.line is not None else str(file))
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


class InputError(GreenAdvisorError):
    """A bad input file or value; the message names the file, the line and the field."""

    exit_code = ExitCode.BAD_INPUT

    def __init__(self, problems: list[Problem] | Problem | str, file: str | Path | None = None):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = problems
        self.file = file
        super().__init__(self.render())

    def render(self) -> str:
        return "\n".join(p.render(self.file) for p in self.problems)


class KnowledgeBaseError(GreenAdvisorError):
    """The bundled knowledge base is broken: a packaging or editing bug, not the user's."""

    exit_code = ExitCode.RUNTIME_FAILURE


class OutputError(GreenAdvisorError, OSError):
    """A result could not be written (permission, read-only or full disk, closed stdout).

    Met at run time, so exit 1: the input was fine and the same command may work once the
    disk or the folder is fixed. A bad output *path* found before any work (an input named
    as the output, `-o -` for a fleet, a file where a folder must be) is an InputError (2).
    Also an OSError, so code that already tolerates failed writes (the cache) still does.
    """

    exit_code = ExitCode.RUNTIME_FAILURE

    def __init__(self, target: str | Path, exc: BaseException | str):
        reason = exc if isinstance(exc, str) else (getattr(exc, "strerror", None) or str(exc))
        self.target = str(target)
        GreenAdvisorError.__init__(self, f"cannot write {target}: {reason}")

    def __str__(self) -> str:
        return str(self.args[0])


class Stopped(GreenAdvisorError):
    """A fleet stopped by Ctrl-C or SIGTERM: reports already written stay (each is atomic)."""

    def __init__(self, message: str, exit_code: ExitCode):
        self.exit_code = exit_code
        super().__init__(message)
