"""Restoring a backup: everything checked first, then the files and the database put in place.

Nothing is written until the whole file, its checksums, the keys and the database part have
been checked, and the keys shown to read the backup's values (casework.backup.proof). If the
database step still fails, the attachment files written for it are destroyed again, so a
failed restore leaves the instance as it found it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from flask import current_app
from sqlalchemy import func, inspect, select

from casework.backup.archive import Summary, read_backup
from casework.backup.errors import BackupError
from casework.backup.proof import prove_keys_read_backup
from casework.backup.snapshot import DATABASE_FILES, dialect, libpq_url, run_tool, sqlite_path
from casework.crypto.keyring import Keyring


def restore_backup(path: str | Path, ring: Keyring | None, force: bool = False) -> Summary:
    """Check the whole backup, then put its files and database in place; nothing half-done."""
    with tempfile.TemporaryDirectory(prefix="casework-restore-") as folder:
        stage = Path(folder)
        manifest = read_backup(path, stage)
        check_keys(manifest, ring)
        if not force and not _target_is_fresh():
            raise BackupError("This instance already holds cases or audit entries. Restore into "
                              "a fresh instance, or pass --force to replace everything.")
        kind, database = _database_part(manifest, stage)
        _check_database(kind, database)
        prove_keys_read_backup(kind, database, ring)
        written = _restore_attachments(stage)
        try:
            _restore_database(kind, database)
        except BaseException:
            _destroy_files(written)
            raise
    counts = manifest["counts"]
    return Summary(counts["cases"], counts["attachments"], counts["audit_entries"],
                   missing=missing_attachments())


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


def _needed(kind: str, key_id: str, usage: dict) -> str:
    """One missing key and what in the backup uses it, for the operator."""
    if kind == "index":
        n = usage.get("index_entries", {}).get(key_id)
        return f"index key {key_id}" + (f" ({n} search-index entries)" if n else "")
    parts = [f"{n} {what}" for what, n in (
        ("encrypted values", usage.get("values", {}).get(key_id)),
        ("attachment files", usage.get("attachment_files", {}).get(key_id))) if n]
    if key_id in usage.get("canaries", []):
        parts.append("its key canary: the key was not retired when the backup was made")
    return f"data key {key_id}" + (f" ({', '.join(parts)})" if parts else "")


def check_keys(manifest: dict, ring: Keyring | None) -> None:
    """Refuse unless the keyring holds every key the backup uses (the manifest's key_ids).

    Those are the keys of its values, files, canaries and blind-index entries; a key the
    keyring merely held when the backup was made, used by none of them, is not needed.
    """
    ids, usage = manifest.get("key_ids", {}), manifest.get("key_usage", {})
    held = {"data": set(ring.data_keys) if ring else set(),
            "index": set(ring.index_keys) if ring else set()}
    missing = [_needed(kind, key_id, usage) for kind in ("data", "index")
               for key_id in sorted(set(ids.get(kind, [])) - held[kind])]
    if missing:
        raise BackupError(
            "The keys file of this instance does not hold the keys this backup needs: "
            + "; ".join(missing) + ". Put in place a keys file copy that holds them (see "
            "docs/backup.md, section 4); nothing was restored.")


def _database_part(manifest: dict, stage: Path) -> tuple[str, Path]:
    """The kind and staged file of the backup's database, checked against this instance."""
    kind, name = manifest["database"].get("kind"), manifest["database"].get("file")
    if kind not in DATABASE_FILES or name != DATABASE_FILES[kind]:
        raise BackupError("The backup's manifest names no database this version can restore.")
    if kind != dialect():
        raise BackupError(f"This backup is of a {kind} database; this instance uses {dialect()}.")
    return kind, stage / name


def _check_database(kind: str, database: Path) -> None:
    """Refuse a database part that cannot be restored, before anything is written."""
    if kind == "postgresql":
        run_tool(["pg_restore", "--list", str(database)], "pg_restore")
        return
    try:
        check = sqlite3.connect(database)
        try:
            result = check.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            check.close()
    except sqlite3.DatabaseError:
        result = "not a database"
    if result != "ok":
        raise BackupError("The database in the backup fails SQLite's integrity check; "
                          "nothing was restored.")


def _restore_attachments(stage: Path) -> list[str]:
    """Put every attachment file into the store (each write is atomic); the names new to it."""
    from casework.attachments.storage import get_store

    store = get_store()
    folder = stage / "attachments"
    if not folder.exists():
        return []
    present, written = set(store.names()), []
    for file in sorted(folder.iterdir()):
        store.put(file.name, file.read_bytes())
        if file.name not in present:
            written.append(file.name)
    return written


def _destroy_files(names: list[str]) -> None:
    """Destroy the attachment files a failed restore wrote, so none is left without a record."""
    from casework.attachments.storage import get_store

    store = get_store()
    for name in names:
        store.destroy(name)


def _restore_database(kind: str, database: Path) -> None:
    """Replace the database: pg_restore in one transaction, or a file swapped in at once."""
    from casework.extensions import db

    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()
    db.engine.dispose()
    if kind == "postgresql":
        run_tool(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                  "--single-transaction", f"--dbname={libpq_url(url)}", str(database)],
                 "pg_restore")
        return
    _swap_in_sqlite(database, sqlite_path(url))


def _swap_in_sqlite(database: Path, target: Path) -> None:
    """Copy the checked file beside the live one, then rename it over it in one step."""
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = target.with_name(target.name + ".restoring")
    try:
        shutil.copyfile(database, incoming)
        os.chmod(incoming, 0o600)
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(incoming, target)
    except OSError as exc:
        if incoming.is_file():
            incoming.unlink()
        raise BackupError(f"The database could not be put in place ({exc.strerror}); "
                          "nothing was restored.") from None


def missing_attachments() -> list[str]:
    """The restored attachments whose file is not in the store, as 'case REF, attachment ID'."""
    from casework.attachments.models import Attachment
    from casework.attachments.storage import get_store
    from casework.cases.models import Case
    from casework.extensions import db

    present = set(get_store().names())
    rows = db.session.execute(select(Case.reference, Attachment.id, Attachment.storage_name)
                              .join(Case, Attachment.case_id == Case.id)
                              .order_by(Case.reference, Attachment.id))
    return [f"case {reference}, attachment {attachment_id}"
            for reference, attachment_id, name in rows if name not in present]
