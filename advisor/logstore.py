"""A local SQLite log of every analysis: what was asked, of whom, at what cost, with what outcome.

A green advisor measures itself: each row keeps the model, a hash of the prompt (not the
prompt: it may quote the user's system), the tokens, the estimated energy and emissions of
the call, whether it came from the cache, and the outcome. Schema changes are migrations,
applied in order and recorded, so an old log opens with a new version.

A row is written without waiting for the disk (synchronous=OFF): the fsyncs cost ≈15 ms, more
than the whole analysis, and the rollback journal still protects the log if greenadvisor
itself dies. If the machine loses power mid-write and the file ends up unreadable, the next
analysis moves it aside (nothing is deleted) and starts a new log.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

from advisor.errors import GreenAdvisorError
from advisor.home import home

MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = []


def migration(fn: Callable[[sqlite3.Connection], None]):
    MIGRATIONS.append((fn.__name__, fn))
    return fn


@migration
def m001_analyses(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE analyses (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started REAL NOT NULL,
            command TEXT NOT NULL,
            system TEXT,
            file TEXT,
            model TEXT NOT NULL,
            level TEXT,
            lang TEXT,
            prompt_sha256 TEXT,
            input_tokens INTEGER DEFAULT 0,
            output_tokens INTEGER DEFAULT 0,
            calls INTEGER DEFAULT 0,
            energy_wh REAL DEFAULT 0,
            gco2e REAL DEFAULT 0,
            cached INTEGER DEFAULT 0,
            duration_s REAL DEFAULT 0,
            outcome TEXT NOT NULL,
            detail TEXT
        )"""
    )


def log_path() -> Path:
    return home() / "logs.db"


def connect(path: Path | None = None) -> sqlite3.Connection:
    path = path or log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(path), timeout=10)
    db.row_factory = sqlite3.Row
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied REAL)")
    done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
    for name, fn in MIGRATIONS:
        if name not in done:
            with db:
                fn(db)
                db.execute("INSERT INTO _migrations VALUES (?, ?)", (name, time.time()))
    return db


COLUMNS = ("started", "command", "system", "file", "model", "level", "lang", "prompt_sha256", "input_tokens",
           "output_tokens", "calls", "energy_wh", "gco2e", "cached", "duration_s", "outcome", "detail")


def record(**row) -> None:
    """Append one row; logging never breaks an analysis (a read-only home only loses the row)."""
    keys = [k for k in COLUMNS if k in row]
    insert = f"INSERT INTO analyses ({', '.join(keys)}) VALUES ({', '.join('?' for _ in keys)})"
    for attempt in (1, 2):
        try:
            db = connect()
            try:
                db.execute("PRAGMA synchronous=OFF")
                with db:
                    db.execute(insert, [row[k] for k in keys])
            finally:
                db.close()
            return
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError):
                _warn_once(log_path(), unusable(log_path()))
                return
            if attempt == 2 or not _set_aside(log_path(), error):
                return
        except OSError as error:  # the home is a file, or read-only: the row is lost, not the analysis
            _warn_once(log_path(), unusable(log_path()) or error.strerror or str(error))
            return
        except (OverflowError, ValueError, TypeError):
            return  # a value SQLite cannot store


_warned = False


def _warn_once(path: Path, why: str | None) -> None:
    """Say once per process that analyses are not logged, and why: a batch of a thousand files
    must not print a thousand warnings, and silence left `logs` saying "no analysis logged yet"."""
    global _warned
    if why is None or _warned:
        return
    _warned = True
    sys.stderr.write(f"greenadvisor: warning: analyses are not logged: {path} cannot be written ({why}); "
                     "set GREENADVISOR_HOME to a writable folder\n")


def unusable(path: Path) -> str | None:
    """Why the log's folder cannot hold it, or None: the nearest existing folder on its way is a
    file, or cannot be written to."""
    import os

    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        return f"{folder} is a file, not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"{folder} is read-only"
    return None


def _set_aside(path: Path, error: sqlite3.DatabaseError) -> bool:
    """Move an unreadable log out of the way, keeping it, so logging can start again."""
    target = path.with_name(f"{path.name}.unreadable-{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        path.rename(target)
    except OSError:
        return False
    sys.stderr.write(f"greenadvisor: the log {path} could not be read ({error}); it was moved to {target} "
                     "and a new log is started\n")
    return True


class UnreadableLog(GreenAdvisorError):
    """The log file exists but is not a SQLite database greenadvisor can read."""


class UnusableHome(GreenAdvisorError):
    """The greenadvisor home cannot hold the log (a file, a read-only folder)."""


def recent(limit: int = 20) -> list[dict]:
    path = log_path()
    if not path.exists():
        why = unusable(path)
        if why is not None:  # not "no analysis logged yet": none could be
            raise UnusableHome(f"no analysis can be logged in {path}: {why}; set GREENADVISOR_HOME to a writable folder")
        return []
    try:
        db = connect(path)
        try:
            rows = db.execute("SELECT * FROM analyses ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
            return [dict(r) for r in rows]
        finally:
            db.close()
    except sqlite3.DatabaseError as error:
        raise UnreadableLog(f"the log {path} cannot be read ({error}); move it aside or delete it "
                            "(the next analysis starts a new one)") from None
