"""Never let `-o` overwrite what is being read.

`analyze x.yaml -o x.yaml`, `-f if-manifest -o ow/` (the manifest takes the input's own
name) or `compare a.yaml b.yaml -o b.yaml` would replace an architecture file with its
report: the check runs before any work, on resolved paths (so a symlink or `../dir/x.yaml`
does not slip through), against every file the run reads, including the `metrics:` and
`grid_profile:` an architecture file names (read with a cheap line scan, not a YAML parse).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from advisor.errors import InputError

_REFERENCE = re.compile(r"^\s*(metrics|grid_profile)\s*:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", re.MULTILINE)


def inputs_of(files: Iterable[Path], *extra: Path | None) -> set[Path]:
    """Every file the run will read, resolved: the architectures, the flags' files, and theirs."""
    found: set[Path] = set()
    for path in [*files, *(e for e in extra if e is not None)]:
        found.add(_resolved(path))
    for path in files:
        found |= _referenced(path)
    return found


def refuse_clobber(targets: Iterable[Path], inputs: set[Path]) -> None:
    for target in targets:
        if _resolved(target) in inputs:
            raise InputError("this output is also an input of this run and would overwrite it; "
                             "give --output another file or folder", target)


def _referenced(path: Path) -> set[Path]:
    try:
        if not path.is_file() or path.stat().st_size > 1_000_000:
            return set()
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    return {_resolved(path.parent / m.group(2).strip()) for m in _REFERENCE.finditer(text)}


def _resolved(path: Path) -> Path:
    try:
        return Path(path).expanduser().resolve()
    except (OSError, RuntimeError):  # a symlink loop: compare as written
        return Path(path).absolute()
