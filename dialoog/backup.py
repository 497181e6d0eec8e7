"""`dialoog backup PATH` and `dialoog restore PATH` for the SQLite database.

A backup is taken with SQLite's online backup API: a consistent copy, page by page, while the
server keeps running and writing. A restore checks the file first and must be done with the
server stopped. For PostgreSQL use its own tools (pg_dump / pg_restore).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """Something about the backup or restore is not right; the message says what, in Dutch."""


def sqlite_path(url: str) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise BackupError("Dit werkt alleen voor de SQLite-database. Gebruik voor PostgreSQL pg_dump en pg_restore.")
    return Path(parsed.database)


def _check(path: Path) -> int:
    """Integrity and schema of a database file; returns its number of sessions."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is beschadigd (integrity_check faalt).")
            if conn.execute("select count(*) from alembic_version").fetchone()[0] != 1:
                raise BackupError(f"{path} is geen Dialoog-database.")
            return conn.execute("select count(*) from dialogue_session").fetchone()[0]
    except sqlite3.Error as error:
        raise BackupError(f"{path} is geen bruikbare Dialoog-database: {error}") from None


def _copy(source: Path, target: Path) -> None:
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(tmp) as dst:
        src.execute("PRAGMA busy_timeout=5000")
        src.backup(dst)
    os.replace(tmp, target)


def backup(url: str, target: Path) -> int:
    """A consistent copy of the live database at ``target``; returns its number of sessions."""
    source = sqlite_path(url)
    if not source.exists():
        raise BackupError(f"Er is nog geen database op {source}.")
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(source, target)
    return _check(target)


def restore(url: str, source: Path) -> int:
    """Replace the database with a checked backup (stop the server first); returns its sessions."""
    target = sqlite_path(url)
    if not source.exists():
        raise BackupError(f"{source} bestaat niet.")
    sessions = _check(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("-wal", "-shm"):  # the old write-ahead log must not be replayed onto the backup
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    _copy(source, target)
    return sessions
