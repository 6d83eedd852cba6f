"""Column types shared by every domain, and the connection settings of each database."""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Uuid, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.pool import Pool
from sqlalchemy.types import TypeDecorator

from casework.file_modes import make_sqlite_private


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stored as naive UTC so SQLite and PostgreSQL agree; read back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Convert to naive UTC on the way in."""
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Mark as UTC on the way out."""
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def uuid_pk() -> Mapped[uuid.UUID]:
    """A UUID primary key made in Python before insert (encrypted fields bind to it)."""
    return mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


# An IN (...) list or a compound statement this long stays well inside SQLite's limits.
SLICE = 500


def in_slices(items: Sequence[Any], size: int = SLICE) -> Iterator[Sequence[Any]]:
    """The items in slices small enough for one statement."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def created_at() -> Mapped[datetime]:
    """A creation timestamp in UTC."""
    return mapped_column(UTCDateTime, default=utcnow, nullable=False)


BUSY_TIMEOUT_MS = 15000


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, record: Any) -> None:
    """WAL, foreign keys, overwrite deleted data, wait for locks; we issue BEGIN ourselves."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None
    make_sqlite_private(dbapi_connection)  # before WAL mode makes its files with this mode
    cursor = dbapi_connection.cursor()
    for pragma in (
        "journal_mode=WAL",
        "foreign_keys=ON",
        "secure_delete=ON",
        f"busy_timeout={BUSY_TIMEOUT_MS}",
        "synchronous=NORMAL",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()
    record.info[OPTIMIZE_DUE] = time.monotonic() + FIRST_OPTIMIZE_AFTER_SECONDS


# The report counts each table by a skip-scan of its index, which SQLite does only when its
# statistics (sqlite_stat1) say the leading columns hold few values; without them it sorts
# every row. PRAGMA optimize analyses the tables that need it (never analysed, or grown 25
# times since; the statistics table at 100,000 cases takes 0.4 s, and sampled statistics
# mislead the planner); as SQLite advises for long-lived connections, each pooled
# connection runs it now and then as it goes back to the pool, outside any transaction.
# The first run waits a minute, so that a command or a test that is over by then never pays.
OPTIMIZE_EVERY_SECONDS = 3600.0
FIRST_OPTIMIZE_AFTER_SECONDS = 60.0
OPTIMIZE_DUE = "casework_sqlite_optimize_due"


@event.listens_for(Pool, "checkin")
def _sqlite_refresh_statistics(dbapi_connection: Any, record: Any) -> None:
    """Now and then, as a SQLite connection is returned, let it refresh the statistics."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    now = time.monotonic()
    if now < record.info[OPTIMIZE_DUE]:
        return
    record.info[OPTIMIZE_DUE] = now + OPTIMIZE_EVERY_SECONDS
    # The response may still be on its way: never wait for another writer's lock here.
    dbapi_connection.execute("PRAGMA busy_timeout=0")
    try:
        dbapi_connection.execute("PRAGMA optimize")
    except sqlite3.OperationalError:
        pass  # the database was busy: the next connection or the next hour does it
    finally:
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


@event.listens_for(Engine, "connect")
def _postgres_settings(dbapi_connection: Any, _record: Any) -> None:
    """PostgreSQL without JIT compilation: the page queries cost just enough to trigger it, and
    compiling took longer than running them (10 of the supervisor home page's 60 ms)."""
    if type(dbapi_connection).__module__.split(".")[0] != "psycopg":
        return
    dbapi_connection.execute("SET jit = off")
    dbapi_connection.commit()  # a SET in a transaction that rolls back would be undone


# SQLite has one writer at a time. A request that changes things takes the write lock when
# its transaction begins (BEGIN IMMEDIATE), so what it checks cannot change under it. A
# request that only reads (a GET, or a view marked reads_only) begins a plain read
# transaction, so two of them run side by side; its few writes (its access-log entries, a
# session's last-seen time) go in once it is done reading: before its first write the read
# transaction is committed and the write lock taken, and the writes see the newest data.
READING = "casework_sqlite_reading"
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def reads_only(view: Callable) -> Callable:
    """Mark a view that reads and only records what it read (say a search by POST)."""
    view.reads_only = True  # type: ignore[attr-defined]
    return view


def _request_only_reads() -> bool:
    """Whether the current request reads and writes nothing but its record of reading."""
    from flask import current_app, has_request_context, request

    if not has_request_context():
        return False
    if request.method in ("GET", "HEAD"):
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "reads_only", False))


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection: Any) -> None:
    """A read transaction for a reading request, the write lock at once for the others."""
    if connection.dialect.name != "sqlite":
        return
    reading = _request_only_reads()
    connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")
    connection.info[READING] = reading


def start_writing(connection: Any) -> None:
    """In a SQLite read transaction, commit it and take the write lock (once; a no-op
    otherwise), so what is read next is the newest data and no other writer runs."""
    if connection.info.pop(READING, False):
        cursor = connection.connection.driver_connection.cursor()
        cursor.execute("COMMIT")
        cursor.execute("BEGIN IMMEDIATE")
        cursor.close()


@event.listens_for(Engine, "before_cursor_execute")
def _sqlite_write_after_reading(connection: Any, _cursor: Any, statement: str, *_args) -> None:
    """A reading request's first write first takes the write lock (see start_writing)."""
    if connection.info.get(READING) and statement.lstrip()[:7].upper().startswith(WRITES):
        start_writing(connection)


@event.listens_for(Engine, "commit")
@event.listens_for(Engine, "rollback")
def _sqlite_transaction_over(connection: Any) -> None:
    """The next transaction decides afresh how it begins."""
    connection.info.pop(READING, None)


def render_migration_type(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Alembic autogenerate: write our UTCDateTime as a plain DateTime in migrations."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def sqlite_file_path(url: str) -> Path | None:
    """The file of a SQLite database URL (None for PostgreSQL, memory or URI-style names)."""
    parsed = make_url(url)
    name = parsed.database
    if not parsed.drivername.startswith("sqlite") or not name or name == ":memory:" \
            or name.startswith("file:"):
        return None
    return Path(name)


def sqlite_file_missing(url: str) -> bool:
    """True for a SQLite URL whose file does not exist (connecting would create it empty)."""
    path = sqlite_file_path(url)
    return path is not None and not path.exists()
