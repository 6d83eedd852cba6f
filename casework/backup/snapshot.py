"""The database part of a backup, and what it holds, read from one and the same snapshot.

SQLite: the online backup API copies the file, and the facts are read from that copy.
PostgreSQL: a REPEATABLE READ transaction exports its snapshot; pg_dump dumps exactly that
snapshot (--snapshot) and the facts are read in the same transaction. Either way the
attachment list, the counts and the key ids describe the very database in the archive.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import Connection, make_url

from casework.backup.errors import BackupError
from casework.crypto.fields import BLOB_VERSION, blob_key_id
from casework.crypto.rotation import encrypted_columns

DATABASE_FILES = {"sqlite": "database.sqlite", "postgresql": "database.pgdump"}


@dataclass
class KeyUse:
    """Which keys the values of one database snapshot were written with, and how many."""

    values: dict[str, int] = field(default_factory=dict)  # data key id -> encrypted values
    files: dict[str, int] = field(default_factory=dict)  # data key id -> attachment files
    index: dict[str, int] = field(default_factory=dict)  # index key id -> blind-index entries
    canaries: list[str] = field(default_factory=list)  # data key ids that have a canary

    def key_ids(self) -> dict[str, list[str]]:
        """The key ids a restore needs: every data key of a value, a file or a canary (the
        app refuses to start on a database with a canary its keyring lacks), every index key."""
        data = set(self.values) | set(self.files) | set(self.canaries)
        return {"data": sorted(data), "index": sorted(self.index)}

    def usage(self) -> dict:
        """What uses each key, for the manifest and the restore's messages."""
        return {"values": self.values, "attachment_files": self.files,
                "index_entries": self.index, "canaries": sorted(self.canaries)}


@dataclass
class Facts:
    """What the database snapshot holds: attachment names, counts and key use."""

    attachments: list[str]
    cases: int
    audit_entries: int
    keys: KeyUse

    def counts(self) -> dict[str, int]:
        """The counts a manifest keeps and a summary shows."""
        return {"cases": self.cases, "attachments": len(self.attachments),
                "audit_entries": self.audit_entries}


def dialect() -> str:
    """'sqlite' or 'postgresql'."""
    from casework.extensions import db

    name = db.engine.dialect.name
    if name not in DATABASE_FILES:
        raise BackupError(f"Backups of {name} databases are not supported.")
    return name


def sqlite_path(url: str) -> Path:
    """The file of a SQLite URL."""
    return Path(make_url(url).database or "")


def libpq_url(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as pg_dump and pg_restore take it, without the password."""
    return make_url(url).set(drivername="postgresql", password=None).render_as_string()


def _libpq_env() -> dict[str, str]:
    """The environment for pg_dump/pg_restore: the password goes here, never on the command line."""
    env = dict(os.environ)
    password = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).password
    if password:
        env["PGPASSWORD"] = password
    return env


def run_tool(command: list[str], name: str) -> None:
    """Run pg_dump or pg_restore, turning a failure into a clear message."""
    try:
        # A fixed argument list (no shell); the only variable parts are our own paths and URL.
        result = subprocess.run(command, capture_output=True, text=True, timeout=3600,  # noqa: S603
                                check=False, env=_libpq_env())
    except FileNotFoundError:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client).") from None
    if result.returncode != 0:
        raise BackupError(f"{name} failed: {result.stderr.strip()[:500]}")


def snapshot_database(stage: Path) -> tuple[Path, Facts]:
    """A consistent copy of the running database in stage, and the facts of that copy."""
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    kind = dialect()
    target = stage / DATABASE_FILES[kind]
    if kind == "sqlite":
        return target, _sqlite_copy(sqlite_path(url), target)
    return target, _postgres_dump(url, target)


def _sqlite_copy(source_path: Path, target: Path) -> Facts:
    """SQLite's online backup into target, then the facts read from that copy."""
    source, copy = sqlite3.connect(source_path), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    engine = create_engine(f"sqlite:///{target}")
    try:
        with engine.connect() as conn:
            return read_facts(conn)
    finally:
        engine.dispose()


def _postgres_dump(url: str, target: Path) -> Facts:
    """pg_dump of an exported snapshot, and the facts read in the transaction that holds it."""
    from casework.extensions import db

    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            conn.execute(text("SET TRANSACTION READ ONLY"))
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            # The exporting transaction stays open until pg_dump is done with the snapshot.
            run_tool(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                      f"--snapshot={snapshot}", f"--file={target}", libpq_url(url)], "pg_dump")
            return read_facts(conn)


def read_facts(conn: Connection) -> Facts:
    """Attachment names, counts and key use, all read through one connection."""
    from casework.attachments.models import Attachment
    from casework.audit.models import AuditEntry
    from casework.cases.models import Case

    names = list(conn.execute(select(Attachment.storage_name).order_by(Attachment.storage_name))
                 .scalars())

    def count(model) -> int:
        return conn.execute(select(func.count()).select_from(model)).scalar() or 0

    return Facts(names, count(Case), count(AuditEntry), key_use(conn))


def key_use(conn: Connection) -> KeyUse:
    """The keys the stored values, files, index entries and canaries were written with."""
    from casework.attachments.models import Attachment
    from casework.cases.models import SurvivorIndex
    from casework.crypto.models import KeyCanary

    def per_key(column) -> dict[str, int]:
        rows = conn.execute(select(column, func.count()).group_by(column))
        return {key_id: int(n) for key_id, n in rows}

    canaries = sorted(conn.execute(select(KeyCanary.key_id)).scalars())
    return KeyUse(_value_keys(conn), per_key(Attachment.key_id), per_key(SurvivorIndex.key_id),
                  canaries)


def _value_keys(conn: Connection) -> dict[str, int]:
    """Encrypted values per data key id, read from the values' own prefix (version|length|id)."""
    totals: dict[str, int] = {}
    for column in encrypted_columns():
        col = column.table.c[column.column]
        heads = conn.execute(select(func.substr(col, 1, 2)).where(col.is_not(None)).distinct())
        for head in (bytes(h) for h in heads.scalars()):
            if len(head) < 2 or head[0] != BLOB_VERSION:
                continue  # not a value of ours: no key opens it, so none is needed for it
            prefix = func.substr(col, 1, 2 + head[1]).label("key_prefix")
            rows = conn.execute(select(prefix, func.count())
                                .where(func.substr(col, 1, 2) == head).group_by("key_prefix"))
            for raw, n in rows:
                key_id = blob_key_id(bytes(raw))
                totals[key_id] = totals.get(key_id, 0) + int(n)
    return totals
