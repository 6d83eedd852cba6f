"""One backup file: a consistent database copy, the encrypted attachments, and a manifest.

The file is a gzip'd tar. Its last member is manifest.json with the SHA-256 of every other
member, so a cut-off file lacks its manifest and a damaged one fails a checksum. The keys
are never in it: only their ids, so a restore can say which keys file it needs.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import create_engine, func, inspect, select
from sqlalchemy.engine import make_url

from casework.crypto.keyring import Keyring

FORMAT = "casework-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
DATABASE_FILES = {"sqlite": "database.sqlite", "postgresql": "database.pgdump"}
MEMBER_NAME = re.compile(r"^(database\.sqlite|database\.pgdump|attachments/[0-9a-f]{32}|manifest\.json)$")


class BackupError(Exception):
    """A backup that cannot be made or restored, with a message for the operator."""


@dataclass
class Summary:
    """What a backup holds."""

    cases: int
    attachments: int
    audit_entries: int
    missing_attachments: int = 0

    def counts(self) -> dict[str, int]:
        """The counts the manifest records."""
        return {"cases": self.cases, "attachments": self.attachments,
                "audit_entries": self.audit_entries}


def sha256(data: bytes) -> str:
    """The hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def _dialect() -> str:
    """'sqlite' or 'postgresql'."""
    from casework.extensions import db

    name = db.engine.dialect.name
    if name not in DATABASE_FILES:
        raise BackupError(f"Backups of {name} databases are not supported.")
    return name


def _sqlite_path(url: str) -> Path:
    """The file of a SQLite URL."""
    return Path(make_url(url).database or "")


def _libpq_url(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as pg_dump and pg_restore take it, without the password."""
    return make_url(url).set(drivername="postgresql", password=None).render_as_string()


def _libpq_env() -> dict[str, str]:
    """The environment for pg_dump/pg_restore: the password goes here, never on the command line."""
    env = dict(os.environ)
    password = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).password
    if password:
        env["PGPASSWORD"] = password
    return env


def snapshot_database(stage: Path) -> Path:
    """A consistent copy of the running database: SQLite's online backup, or pg_dump."""
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    kind = _dialect()
    target = stage / DATABASE_FILES[kind]
    if kind == "sqlite":
        source = sqlite3.connect(_sqlite_path(url))
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return target
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
          f"--file={target}", _libpq_url(url)], "pg_dump")
    return target


def _run(command: list[str], name: str) -> None:
    """Run pg_dump or pg_restore, turning a failure into a clear message."""
    try:
        # A fixed argument list (no shell); the only variable parts are our own paths and URL.
        result = subprocess.run(command, capture_output=True, text=True, timeout=3600,  # noqa: S603
                                check=False, env=_libpq_env())
    except FileNotFoundError:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client).") from None
    if result.returncode != 0:
        raise BackupError(f"{name} failed: {result.stderr.strip()[:500]}")


def _snapshot_facts(database: Path, kind: str) -> tuple[list[str], Summary]:
    """Attachment names and counts as of the snapshot (SQLite), or of the live database."""
    if kind == "sqlite":
        engine = create_engine(f"sqlite:///{database}")
        try:
            with engine.connect() as conn:
                return _facts(conn)
        finally:
            engine.dispose()
    from casework.extensions import db

    return _facts(db.session.connection())


def _facts(conn) -> tuple[list[str], Summary]:
    """Attachment names and what the database holds, read through one connection."""
    from casework.attachments.models import Attachment
    from casework.audit.models import AuditEntry
    from casework.cases.models import Case

    names = list(conn.execute(select(Attachment.storage_name).order_by(Attachment.storage_name))
                 .scalars())

    def count(model) -> int:
        return conn.execute(select(func.count()).select_from(model)).scalar() or 0

    return names, Summary(count(Case), len(names), count(AuditEntry))


def _add(archive: tarfile.TarFile, name: str, data: bytes, files: dict) -> None:
    """Add one member and note its checksum for the manifest."""
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))
    files[name] = {"sha256": sha256(data), "size": len(data)}


def create_backup(path: str | Path, ring: Keyring | None) -> Summary:
    """Write the backup file at path, all or nothing; refuses to overwrite."""
    from casework.attachments.storage import get_store

    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists; choose a new file name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    kind = _dialect()
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="casework-backup-") as stage:
        database = snapshot_database(Path(stage))
        names, summary = _snapshot_facts(database, kind)
        files: dict[str, dict] = {}
        missing = []
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw:
                with tarfile.open(fileobj=raw, mode="w:gz") as archive:
                    _add(archive, database.name, database.read_bytes(), files)
                    missing = _add_attachments(archive, names, get_store(), files)
                    manifest = _manifest(kind, database.name, files, summary, ring, missing)
                    _add(archive, MANIFEST, manifest, {})
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    summary.missing_attachments = len(missing)
    return summary


def _add_attachments(archive, names: list[str], store, files: dict) -> list[str]:
    """Copy each attachment (already encrypted) into the archive; list those not found."""
    missing = []
    for name in names:
        try:
            blob = store.get(name)
        except FileNotFoundError:
            missing.append(name)
            continue
        _add(archive, f"attachments/{name}", blob, files)
    return missing


def _manifest(kind: str, database: str, files: dict, summary: Summary, ring: Keyring | None,
              missing: list[str]) -> bytes:
    """The manifest: format, what is inside with checksums, counts, and the key ids needed."""
    return json.dumps({
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(),
        "database": {"kind": kind, "file": database},
        "files": files,
        "counts": summary.counts(),
        "missing_attachments": missing,
        "key_ids": {"data": sorted(ring.data_keys) if ring else [],
                    "index": sorted(ring.index_keys) if ring else []},
    }, indent=2, sort_keys=True).encode()


def _check_whole_file(path: Path) -> None:
    """Read the gzip stream to its end, so its CRC and length catch any damage or cut."""
    try:
        with gzip.open(path, "rb") as stream:
            while stream.read(CHUNK):
                pass
    except (EOFError, zlib.error, OSError) as exc:
        raise BackupError(f"The backup file is damaged or cut short ({type(exc).__name__}); "
                          "nothing was restored.") from None


def _unpack(path: Path, stage: Path) -> dict[str, str]:
    """Unpack every member into stage (a chunk at a time); their SHA-256 by name."""
    digests: dict[str, str] = {}
    with tarfile.open(path, mode="r:gz") as archive:
        for member in archive:
            if not member.isfile() or not MEMBER_NAME.match(member.name):
                raise BackupError(f"The backup holds an unexpected entry ({member.name[:80]}).")
            source, digest = archive.extractfile(member), hashlib.sha256()
            target = stage / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            digests[member.name] = digest.hexdigest()
    return digests


def read_backup(path: str | Path, stage: Path) -> dict:
    """Unpack and check a backup into stage; BackupError unless every checksum agrees."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    _check_whole_file(path)
    try:
        digests = _unpack(path, stage)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(f"The backup file is damaged or cut short ({type(exc).__name__}); "
                          "nothing was restored.") from None
    return _checked_manifest(stage, digests)


def _checked_manifest(stage: Path, digests: dict[str, str]) -> dict:
    """The manifest, once every member matches its checksum and none is missing or extra."""
    if MANIFEST not in digests:
        raise BackupError("The backup has no manifest: it is cut short or not a Casework backup.")
    try:
        manifest = json.loads((stage / MANIFEST).read_text())
        files = manifest["files"]
        ok = manifest["format"] == FORMAT and manifest["version"] == FORMAT_VERSION
    except (ValueError, KeyError, TypeError):
        raise BackupError("The backup's manifest is damaged.") from None
    if not ok:
        raise BackupError("This is not a Casework backup of a format this version can read.")
    if set(files) != set(digests) - {MANIFEST}:
        raise BackupError("The backup's contents do not match its manifest; nothing was restored.")
    for name, facts in files.items():
        if digests[name] != facts.get("sha256"):
            raise BackupError(f"A checksum does not match ({name}); the backup is damaged.")
    return manifest


def _target_is_fresh() -> bool:
    """Whether this instance's database holds no case and no audit entry yet."""
    from casework.audit.models import AuditEntry
    from casework.cases.models import Case
    from casework.extensions import db

    tables = set(inspect(db.engine).get_table_names())
    for model in (Case, AuditEntry):
        if model.__tablename__ in tables and db.session.scalar(
                select(func.count()).select_from(model)):
            return False
    return True


def _check_keys(manifest: dict, ring: Keyring | None) -> None:
    """Refuse unless the loaded keyring holds every key the backup's values were written with."""
    needed = set(manifest.get("key_ids", {}).get("data", []))
    needed |= set(manifest.get("key_ids", {}).get("index", []))
    held = set(ring.data_keys) | set(ring.index_keys) if ring else set()
    if needed - held:
        raise BackupError(
            "The keys file of this instance does not hold the keys this backup needs ("
            + ", ".join(sorted(needed - held))
            + "). Put the keys file kept with your backups in place first (see docs/backup.md).")


def restore_backup(path: str | Path, ring: Keyring | None, force: bool = False) -> Summary:
    """Check the whole backup, then put its files and database in place; nothing half-done."""
    with tempfile.TemporaryDirectory(prefix="casework-restore-") as folder:
        stage = Path(folder)
        manifest = read_backup(path, stage)
        _check_keys(manifest, ring)
        if not force and not _target_is_fresh():
            raise BackupError("This instance already holds cases or audit entries. Restore into "
                              "a fresh instance, or pass --force to replace everything.")
        kind = manifest["database"]["kind"]
        if kind != _dialect():
            raise BackupError(f"This backup is of a {kind} database; this instance uses {_dialect()}.")
        _restore_attachments(stage)
        _restore_database(kind, stage / manifest["database"]["file"])
    counts = manifest["counts"]
    return Summary(counts["cases"], counts["attachments"], counts["audit_entries"])


def _restore_attachments(stage: Path) -> None:
    """Put every attachment file into the store (each write is atomic)."""
    from casework.attachments.storage import get_store

    store = get_store()
    folder = stage / "attachments"
    if folder.exists():
        for file in sorted(folder.iterdir()):
            store.put(file.name, file.read_bytes())


def _restore_database(kind: str, database: Path) -> None:
    """Replace the database: a file swapped in at once, or pg_restore in one transaction."""
    from casework.extensions import db

    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()
    db.engine.dispose()
    if kind == "postgresql":
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", f"--dbname={_libpq_url(url)}", str(database)], "pg_restore")
        return
    check = sqlite3.connect(database)
    try:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("The database in the backup fails SQLite's integrity check.")
    finally:
        check.close()
    target = _sqlite_path(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = target.with_name(target.name + ".restoring")
    shutil.copyfile(database, incoming)
    os.chmod(incoming, 0o600)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(incoming, target)
