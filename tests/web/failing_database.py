"""A database that fails as a full disk does: at COMMIT, with the driver's own error."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError


def disk_full_error(dialect: str) -> Exception:
    """The driver's error for a full disk: SQLITE_FULL, or PostgreSQL's 53100 disk_full."""
    if dialect == "postgresql":
        from psycopg import errors  # only on PostgreSQL runs: SQLite ones need no psycopg

        return errors.DiskFull("could not extend file: No space left on device")
    error = sqlite3.OperationalError("database or disk is full")
    error.sqlite_errorcode, error.sqlite_errorname = 13, "SQLITE_FULL"
    return error


def expected_code(dialect: str) -> str:
    """What the log line must name for that error."""
    return "SQLSTATE 53100" if dialect == "postgresql" else "SQLITE_FULL"


@contextmanager
def commits_fail(engine: Engine, then_everything: bool = False) -> Iterator[list[int]]:
    """Every COMMIT fails like a full disk; with then_everything, every statement after the
    first failed commit fails too (the database is gone). Yields the count of failed commits."""
    failed = [0]

    def on_commit(_conn) -> None:
        failed[0] += 1
        raise OperationalError("COMMIT", {}, disk_full_error(engine.dialect.name))

    def on_execute(_conn, _cursor, statement, *_args) -> None:
        if failed[0] and then_everything:
            raise OperationalError(statement, {}, disk_full_error(engine.dialect.name))

    event.listen(engine, "commit", on_commit)
    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        yield failed
    finally:
        event.remove(engine, "commit", on_commit)
        event.remove(engine, "before_cursor_execute", on_execute)
