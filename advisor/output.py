"""Writing results without ever leaving a half-written file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from advisor.errors import InputError


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
        raise InputError(f"cannot write here: {exc.strerror or exc}", path) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a report is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
