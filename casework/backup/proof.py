"""Proof, before a restore writes anything, that the given keys read what it would restore.

The backup's database part is read where it lies in the staging folder: its key canaries must
open, a sample of every encrypted column must decrypt, and its newest access-log entry must
carry the MAC the audit key gives it. A keys file whose ids match the backup's but whose bytes
differ fails here, so no restore puts in place data the app then cannot open, and no audit
entry is ever signed with keys that failed.
"""

from __future__ import annotations

import hmac
import re
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from casework.backup.errors import BackupError
from casework.crypto.errors import DecryptionError
from casework.crypto.fields import blob_key_id, decrypt_value
from casework.crypto.keyring import Keyring

SAMPLE_ROWS = 20
AUDIT_COLUMNS = ("seq", "created_at", "actor_id", "actor_org_id", "action", "object_type",
                 "object_id", "case_ref", "outcome", "flags", "request_id", "ip", "os_actor", "mac")
UUID_COLUMNS = ("actor_id", "actor_org_id", "object_id")
COPY_LINE = re.compile(r'^COPY (?:"[^"]+"|\w+)\.(?:"([^"]+)"|(\w+)) \((.*)\) FROM stdin;$')
COPY_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}


def _wanted_columns() -> dict[str, list[str]]:
    """Each table with encrypted values, with its id and encrypted column names."""
    from casework.crypto.rotation import encrypted_columns

    wanted: dict[str, list[str]] = {}
    for column in encrypted_columns():
        if "id" in column.table.c:
            wanted.setdefault(column.table.name, ["id"]).append(column.column)
    wanted["audit_entry"] = list(AUDIT_COLUMNS)
    return wanted


def _attribute_names() -> dict[tuple[str, str], str]:
    """(table, stored column) -> the field name the value's encryption is bound to."""
    from casework.crypto.rotation import encrypted_columns

    return {(c.table.name, c.column): c.field for c in encrypted_columns()}


def _sqlite_rows(database: Path, wanted: dict[str, list[str]]) -> dict[str, list[dict]]:
    """A sample of each table's rows from the staged SQLite file, opened read-only."""
    found: dict[str, list[dict]] = {}
    conn = sqlite3.connect(f"file:{database}?mode=ro&immutable=1", uri=True)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        for table, columns in wanted.items():
            if table not in tables:
                continue
            # A backup from before a migration lacks its columns (os_actor): read what it has.
            present = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
            columns = [c for c in columns if c in present]
            names = ", ".join(f'"{c}"' for c in columns)
            # Table and column names come from the models, never from the backup or a user.
            order = "ORDER BY seq DESC" if table == "audit_entry" else ""
            rows = conn.execute(f'SELECT {names} FROM "{table}" {order} LIMIT ?',  # noqa: S608
                                (SAMPLE_ROWS,))
            found[table] = [dict(zip(columns, row, strict=True)) for row in rows]
    finally:
        conn.close()
    return found


def _copy_field(text: str) -> str | None:
    """One field of pg_restore's COPY text: NULL, or the text with its escapes undone."""
    if text == "\\N":
        return None
    return re.sub(r"\\(.)", lambda m: COPY_ESCAPES.get(m[1], m[1]), text)


def _copy_blocks(lines: Iterator[str]) -> Iterator[tuple[str, list[str], list[str | None]]]:
    """(table, columns, fields) for every data row of pg_restore's plain output."""
    table, columns = None, []
    for line in lines:
        line = line.rstrip("\n")
        if table is None:
            match = COPY_LINE.match(line)
            if match:
                table = match[1] or match[2]
                columns = [c.strip().strip('"') for c in match[3].split(",")]
        elif line == "\\.":
            table = None
        else:
            yield table, columns, [_copy_field(f) for f in line.split("\t")]


def _postgres_rows(database: Path, wanted: dict[str, list[str]]) -> dict[str, list[dict]]:
    """A sample of each table's rows, read from the staged pg_dump file by pg_restore."""
    command = ["pg_restore", "--data-only", "--file=-",
               *[f"--table={t}" for t in wanted], str(database)]
    found: dict[str, list[dict]] = {}
    try:
        # A fixed argument list (no shell): our own table names and staging path.
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,  # noqa: S603
                                   text=True)
    except FileNotFoundError:
        raise BackupError("pg_restore is not installed (apt-get install postgresql-client).") from None
    with process:
        for table, columns, fields in _copy_blocks(process.stdout):
            row = dict(zip(columns, fields, strict=False))
            rows = found.setdefault(table, [])
            if table == "audit_entry":  # the newest two entries, wherever the dump has them
                rows.append(row)
                rows.sort(key=lambda r: -int(r["seq"]))
                del rows[2:]
            elif len(rows) < SAMPLE_ROWS:
                rows.append(row)
        error = process.stderr.read()
    if process.returncode != 0:
        raise BackupError(f"pg_restore failed: {error.strip()[:500]}")
    return found


def _blob(value: object) -> bytes | None:
    """A stored binary value as bytes (pg_restore writes bytea as \\x and hex)."""
    if value is None or isinstance(value, bytes):
        return value
    text = str(value)
    return bytes.fromhex(text[2:]) if text.startswith("\\x") else text.encode("latin-1")


def _row_id(value: object) -> uuid.UUID:
    """A stored UUID (SQLite keeps 32 hex digits, PostgreSQL the dashed form)."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _unreadable(ring: Keyring, rows: dict[str, list[dict]]) -> dict[str, set[str]]:
    """The encrypted columns whose sampled values these keys cannot open, with the key ids."""
    fields, failed = _attribute_names(), {}
    for table, sample in rows.items():
        for row in sample if table != "audit_entry" else ():
            for column, value in row.items():
                blob = _blob(value) if (table, column) in fields else None
                if not blob:
                    continue
                try:
                    decrypt_value(ring, table, fields[(table, column)], _row_id(row["id"]), blob)
                except (DecryptionError, IndexError, ValueError):
                    failed.setdefault(f"{table}.{column}", set()).add(_key_id(blob))
    return failed


def _key_id(blob: bytes) -> str:
    """The key id a value names, or '?' when even that cannot be read."""
    try:
        return blob_key_id(blob)
    except (IndexError, ValueError, UnicodeDecodeError):
        return "?"


def _audit_entry(row: dict):
    """A log row as the chain check reads it."""
    from casework.audit.chain import StoredEntry

    entry = dict(row)
    entry.setdefault("os_actor", None)  # a backup from before the column existed
    entry["seq"] = int(entry["seq"])
    moment = entry["created_at"]
    moment = moment if isinstance(moment, datetime) else datetime.fromisoformat(str(moment))
    entry["created_at"] = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    for name in UUID_COLUMNS:
        entry[name] = _row_id(entry[name]) if entry[name] else None
    return StoredEntry(entry)


def _audit_key_fits(ring: Keyring, rows: list[dict]) -> bool:
    """Whether the audit key gives the backup's newest entry the MAC it carries."""
    # Imported here, as restore.py imports the models: the CLI loads this before the domains.
    from casework.audit.operations import GENESIS_MAC, entry_mac

    if not rows:
        return True
    newest = _audit_entry(rows[0])
    before = [r for r in rows[1:] if int(r["seq"]) == newest.seq - 1]
    if newest.seq != 1 and not before:
        return True  # no pair to check against (the dump has a gap): verify reports it later
    previous = before[0]["mac"] if before else GENESIS_MAC
    return hmac.compare_digest(entry_mac(ring.audit_key, previous, newest), newest.mac or "")


def prove_keys_read_backup(kind: str, database: Path, ring: Keyring | None) -> None:
    """Refuse (BackupError, nothing written) unless these keys open the staged database's
    canaries and sampled values, and give its newest audit entry its MAC."""
    from casework.crypto.models import CANARY_TEXT

    wanted = _wanted_columns()
    rows = (_postgres_rows if kind == "postgresql" else _sqlite_rows)(database, wanted)
    if ring is None:
        return  # check_keys already refused a backup that uses any key
    failed = _unreadable(ring, rows)
    for canary in rows.get("key_canary", []):
        blob = _blob(canary.get("value_enc"))
        try:
            ok = blob is not None and decrypt_value(
                ring, "key_canary", "value", _row_id(canary["id"]), blob) == CANARY_TEXT.encode()
        except DecryptionError:
            ok = False
        if not ok:
            failed.setdefault("key_canary.value_enc", set()).add(str(canary.get("key_id")))
    if failed:
        where = "; ".join(f"{name} (key {', '.join(sorted(ids))})"
                          for name, ids in sorted(failed.items()))
        raise BackupError(
            "The keys file holds the key ids this backup uses, but not the same keys: they "
            f"cannot open its values ({where}). Is it another deployment's keys file, or one "
            "made by a second `casework init`? Put in place the keys file copy kept with this "
            "backup (docs/backup.md, section 4). Nothing was restored.")
    if not _audit_key_fits(ring, rows.get("audit_entry", [])):
        raise BackupError(
            "The keys file opens this backup's values but its audit key does not match the "
            "backup's access log: entries written with it would break the log's chain. Put in "
            "place the keys file copy kept with this backup. Nothing was restored.")
