"""Who may read the instance's secrets on disk: the keys file, the instance folder, SQLite's files.

Only the service's own OS user: a keys file or folder open to the group or to others is
refused at start-up, and SQLite's database files are narrowed to 0600 when first opened.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from flask import Flask

from casework.crypto.keyring import keys_from_environment

SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def open_to_others(path: Path) -> int | None:
    """The permission bits of a path the group or others may use, or None when it is private
    (or missing)."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None
    return mode if mode & 0o077 else None


def loose_mode_problems(app: Flask) -> list[str]:
    """The keys file and instance folder that others may read or write, each with its fix."""
    problems = []
    instance = Path(app.instance_path)
    mode = open_to_others(instance)
    if mode is not None:
        problems.append(f"The instance folder {instance} may be read or written by others "
                        f"(mode {mode:04o}): run `chmod 700 {instance}`.")
    keys = app.config.get("KEYS_FILE")
    mode = None if keys_from_environment() or not keys else open_to_others(Path(keys))
    if mode is not None:
        problems.append(f"The keys file {keys} may be read or written by others "
                        f"(mode {mode:04o}): run `chmod 600 {keys}`.")
    return problems


def make_sqlite_private(connection: sqlite3.Connection) -> None:
    """Narrow a SQLite database file (and a WAL, shared-memory or journal file already beside
    it) to 0600 before WAL mode is entered: SQLite creates those with the database file's mode,
    so they are private from then on. A file of another owner is left as it is."""
    for _seq, name, filename in connection.execute("PRAGMA database_list").fetchall():
        if name != "main" or not filename:
            continue  # an in-memory or temporary database has no file
        for suffix in SQLITE_COMPANIONS:
            path = Path(filename + suffix)
            if open_to_others(path) is not None:
                try:
                    os.chmod(path, 0o600)
                except OSError:
                    pass  # not ours: the start-up check of the folder names the fix
