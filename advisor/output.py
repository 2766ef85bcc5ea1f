"""Writing results without ever leaving a half-written file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from advisor.errors import InputError, OutputError


def ensure_folder(path: Path) -> Path:
    """Create the folder a file goes in, as `analyze -o reports/` does for a fleet: every output
    (report, measurement CSV, export) may name a folder that does not exist yet."""
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a file in the way, no permission, read-only filesystem
            raise InputError(f"cannot create the folder '{parent}': {exc.strerror or exc}", path) from None
    return parent


def write_atomic(path: str | Path, text: str) -> None:
    """Write to a temporary file beside the target, then rename it into place."""
    path = Path(path)
    if path.is_dir():
        raise InputError("is a directory; give a file path for --output", path)
    parent = ensure_folder(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise OutputError(path, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a report is an ordinary file
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):  # permission, full or read-only disk: the user's to fix, not a bug
            raise OutputError(path, exc) from None
        raise


def write_stdout(text: str, fmt: str | None = None) -> None:
    """Write a result on standard output, turning a full disk or a closed stdout into one clear
    OutputError instead of an 'internal error' (a closed pipe stays a quiet success, in app.main).

    On a stdout that is not UTF-8, JSON gets its non-ASCII characters as \\u escapes, so it
    stays valid and loses nothing (stdout itself replaces what it cannot encode, see app.main).
    """
    import sys

    if fmt == "json" and not is_utf8(sys.stdout):
        text = ascii_json(text)
    try:
        if sys.stdout is None:
            raise OSError(9, "standard output is closed")
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        _silence_stdout()
        raise OutputError("standard output", exc) from None


def ascii_json(text: str) -> str:
    """The same JSON with every non-ASCII character as a \\uXXXX escape: in valid JSON they only
    occur inside strings, where the escape means the same character."""
    import re

    def escape(m: re.Match) -> str:
        code = ord(m.group())
        if code > 0xFFFF:  # a surrogate pair, as JSON spells characters beyond the BMP
            code -= 0x10000
            return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
        return f"\\u{code:04x}"

    return re.sub(r"[^\x00-\x7f]", escape, text)


def is_utf8(stream) -> bool:
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "")
    return encoding in ("utf8", "utf8sig")


def _silence_stdout() -> None:
    """Point a failed stdout at /dev/null, so Python's flush at exit does not fail a second time."""
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        pass
