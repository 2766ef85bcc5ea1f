"""A pickle of the checked knowledge base, so an offline analysis does not re-read 40 files.

The key covers everything that could make a pickled object differ from a fresh load: each
file's path, size and modification time, greenadvisor's version, the Python and pydantic
versions, and the modules that define the pickled classes (pickles hold class layouts, and a
source checkout changes them without a new version). A stale, corrupt or unreadable cache is never an
error: the files are read again and the cache rewritten when the home is writable.
The cache lives in the user's own greenadvisor home, which only they write to.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
# where the pickled objects' classes are defined, and the rule the loader checks technique aliases with:
# single modules, and packages of which every module counts (a model moved or added to any file of kb/)
_CLASS_MODULES = ("figures.py", "kbcache.py", "technique_names.py")
_CLASS_PACKAGES = ("kb",)


def cache_dir() -> Path:
    from advisor.home import home

    return home() / "cache" / "knowledge"


def fingerprint(root: Path) -> str:
    import pydantic

    from advisor import __version__

    digest = hashlib.sha256()
    digest.update(f"{__version__}|{sys.version}|{pydantic.VERSION}|{root.resolve()}".encode())
    here = Path(__file__).parent
    for module in _class_files(here):  # a changed class layout must not meet an old pickle (a source checkout)
        stat = os.stat(here / module)
        digest.update(f"{module}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    for directory, dirs, files in sorted(os.walk(root)):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(directory, name)
            stat = os.stat(path)
            digest.update(f"{os.path.relpath(path, root)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def _class_files(here: Path) -> list[str]:
    """The modules a pickle's classes come from, relative to the package folder `here`.

    A package's modules are listed from the folder rather than named one by one, so a module
    added to it (a schema split further) is covered without touching this list.
    """
    files = list(_CLASS_MODULES)
    for package in _CLASS_PACKAGES:
        folder = here / package
        if folder.is_dir():
            files += sorted(path.relative_to(here).as_posix() for path in folder.glob("*.py"))
    return files


def cached(root: Path, build: Callable[[Path], T]) -> T:
    """`build(root)`, or its pickle when one matches the files as they are now."""
    if os.environ.get("GREENADVISOR_NO_KB_CACHE"):
        return build(root)
    path = cache_dir() / f"kb-{fingerprint(root)}.pickle"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError, IndexError):
        pass
    value = build(root)
    _store(path, value)
    return value


def _store(path: Path, value: object) -> None:
    """Write atomically; older pickles of other fingerprints go, so the folder holds one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        for old in path.parent.glob("kb-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home only costs the next run a fresh load
