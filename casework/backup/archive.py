"""One backup file: a consistent database copy, the encrypted attachments, and a manifest.

The file is a gzip'd tar. Its last member is manifest.json with the SHA-256 of every other
member, so a cut-off file lacks its manifest and a damaged one fails a checksum. The keys
are never in it: only the ids of the keys it uses, so a restore can say which keys file it
needs.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from casework.backup.errors import BackupError
from casework.backup.snapshot import DATABASE_FILES, Facts, dialect, snapshot_database

__all__ = ["BackupError", "Summary", "create_backup", "read_backup"]

FORMAT = "casework-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
MEMBER_NAME = re.compile("^({}|attachments/[0-9a-f]{{32}}|manifest\\.json)$".format(
    "|".join(re.escape(name) for name in DATABASE_FILES.values())))


@dataclass
class Summary:
    """What a backup holds, the attachments whose file is missing (from the store when the
    backup was made, from the backup when restored), and the key ids a backup needs."""

    cases: int
    attachments: int
    audit_entries: int
    missing: list[str] = field(default_factory=list)
    key_ids: dict[str, list[str]] = field(default_factory=dict)


def sha256(data: bytes) -> str:
    """The hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def _add(archive: tarfile.TarFile, name: str, data: bytes, files: dict) -> None:
    """Add one member and note its checksum for the manifest."""
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))
    files[name] = {"sha256": sha256(data), "size": len(data)}


def create_backup(path: str | Path) -> Summary:
    """Write the backup file at path, all or nothing; refuses to overwrite."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists; choose a new file name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    kind = dialect()
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="casework-backup-") as stage:
        database, facts = snapshot_database(Path(stage))
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw:
                missing = _write_archive(raw, kind, database, facts)
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return Summary(**facts.counts(), missing=missing, key_ids=facts.keys.key_ids())


def _write_archive(raw, kind: str, database: Path, facts: Facts) -> list[str]:
    """The tar.gz members: database, attachments, manifest last; the names of missing files."""
    from casework.attachments.storage import get_store

    files: dict[str, dict] = {}
    with tarfile.open(fileobj=raw, mode="w:gz") as archive:
        _add(archive, database.name, database.read_bytes(), files)
        missing = _add_attachments(archive, facts.attachments, get_store(), files)
        _add(archive, MANIFEST, _manifest(kind, database.name, files, facts, missing), {})
    return missing


def _add_attachments(archive, names: list[str], store, files: dict) -> list[str]:
    """Copy each attachment (already encrypted) into the archive; list those not found.

    A file deleted or re-encrypted (renamed) after the snapshot is not in the store any more:
    it is listed as missing in the manifest, create warns, and a restore names it.
    """
    missing = []
    for name in names:
        try:
            blob = store.get(name)
        except FileNotFoundError:
            missing.append(name)
            continue
        _add(archive, f"attachments/{name}", blob, files)
    return missing


def _manifest(kind: str, database: str, files: dict, facts: Facts, missing: list[str]) -> bytes:
    """The manifest: format, what is inside with checksums, counts, and the key ids needed."""
    return json.dumps({
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(),
        "database": {"kind": kind, "file": database},
        "files": files,
        "counts": facts.counts(),
        "missing_attachments": missing,
        # The keys this backup uses (not every key the keyring held): data keys of values,
        # files and canaries, index keys of blind-index entries. A restore needs all of them.
        "key_ids": facts.keys.key_ids(),
        "key_usage": facts.keys.usage(),
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
