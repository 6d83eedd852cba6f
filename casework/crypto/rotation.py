"""Key rotation: values per key id, rotating, re-encrypting in batches and retiring old keys.

Every encrypted column is found from the models' `Encrypted` declarations, so a new model is
covered without touching this file. Each batch is its own short transaction, and each row is
rewritten only if it still holds the value that was read (compare-and-swap), so the app can
keep serving, and a killed run simply starts again where the old key is still in use.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app
from sqlalchemy import (
    LargeBinary,
    Table,
    and_,
    bindparam,
    case,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.types import TypeDecorator

from casework.crypto.errors import DecryptionError, KeyringError
from casework.crypto.fields import BLOB_VERSION, NONCE_BYTES, encrypted_fields, field_key
from casework.crypto.keyring import (
    Keyring,
    file_owner_for_writing,
    install_keyring,
    keys_from_environment,
)
from casework.extensions import db

log = logging.getLogger("casework")

DEFAULT_BATCH = 500
# The canary is one value per key by design (it proves each key at start); it is not rotated.
SKIPPED_TABLES = {"key_canary"}


@dataclass(frozen=True)
class EncryptedColumn:
    """One encrypted column: its table, the field name bound into the AD, the column."""

    table: Table
    field: str
    column: str


@dataclass
class ExtraStep:
    """Encrypted data outside the columns (attachment files): how to count and re-encrypt it."""

    name: str
    usage: Callable[[], dict[str, int]]
    # (ring, batch size, list of unreadable items or None to stop at one) -> items handled
    reencrypt_batch: Callable[[Keyring, int, list | None], int]


_EXTRA_STEPS: dict[str, ExtraStep] = {}


def register_extra_step(step: ExtraStep) -> None:
    """Let another domain's encrypted data take part in status, reencrypt and retire."""
    _EXTRA_STEPS[step.name] = step


def encrypted_columns() -> list[EncryptedColumn]:
    """Every encrypted column of every model, found from their declarations."""
    found = []
    for mapper in sorted(db.Model.registry.mappers, key=lambda m: m.class_.__name__):
        model = mapper.class_
        table = getattr(model, "__table__", None)
        if table is None or table.name in SKIPPED_TABLES:
            continue
        for name, declared in encrypted_fields(model).items():
            found.append(EncryptedColumn(table, name, declared.column))
    return found


def undeclared_columns() -> list[str]:
    """Binary `*_enc` columns in the metadata that no model declares as Encrypted."""
    declared = {(c.table.name, c.column) for c in encrypted_columns()}
    return sorted(
        f"{table.name}.{column.name}"
        for table in db.metadata.sorted_tables
        for column in table.columns
        if column.name.endswith("_enc") and table.name not in SKIPPED_TABLES
        and (table.name, column.name) not in declared
    )


def key_prefix(key_id: str) -> bytes:
    """The first bytes of every value written with this key: version | id length | id."""
    raw = key_id.encode("ascii")
    return bytes([BLOB_VERSION, len(raw)]) + raw


def _by_table(columns: list[EncryptedColumn]) -> dict[str, list[EncryptedColumn]]:
    """The columns grouped by their table's name."""
    grouped: dict[str, list[EncryptedColumn]] = {}
    for column in columns:
        grouped.setdefault(column.table.name, []).append(column)
    return grouped


def _uses_key(col, prefix: bytes):
    """SQL: the stored value was written with the key of this prefix."""
    return func.substr(col, 1, len(prefix)) == prefix


def column_usage(ring: Keyring) -> dict[str, dict[str, int]]:
    """For each `table.column`, the number of values per key id (one scan per table)."""
    result: dict[str, dict[str, int]] = {}
    for columns in _by_table(encrypted_columns()).values():
        table = columns[0].table
        parts = []
        for column in columns:
            col = table.c[column.column]
            parts.append(func.count(col))
            parts += [func.sum(case((_uses_key(col, key_prefix(k)), 1), else_=0))
                      for k in ring.data_keys]
        row = db.session.execute(select(*parts)).one()
        width = 1 + len(ring.data_keys)
        for n, column in enumerate(columns):
            total, *known = row[n * width: (n + 1) * width]
            counts = {k: int(c or 0) for k, c in zip(ring.data_keys, known, strict=True) if c}
            if total - sum(counts.values()):
                counts["unknown"] = total - sum(counts.values())
            result[f"{table.name}.{column.column}"] = counts
    return result


def data_key_usage(ring: Keyring) -> dict[str, int]:
    """Values per data key id across every encrypted column and extra step."""
    totals: dict[str, int] = {}
    for counts in column_usage(ring).values():
        for key_id, n in counts.items():
            totals[key_id] = totals.get(key_id, 0) + n
    for step in _EXTRA_STEPS.values():
        for key_id, n in step.usage().items():
            totals[key_id] = totals.get(key_id, 0) + n
    return totals


def index_key_usage() -> dict[str, int]:
    """Blind-index entries per index key id."""
    from casework.cases.models import SurvivorIndex

    rows = db.session.execute(
        select(SurvivorIndex.key_id, func.count()).group_by(SurvivorIndex.key_id)
    )
    return {key_id: int(n) for key_id, n in rows}


@dataclass(frozen=True)
class Unreadable:
    """A stored value that no key of the ring opens: where it is, never what it holds."""

    table: str
    column: str
    row_id: str

    def __str__(self) -> str:
        return f"{self.table}.{self.column} row {self.row_id}"


def note_unreadable(found: list[Unreadable], table: str, column: str, row_id) -> None:
    """Keep the place of a value that failed to open, log it and record it in the access log
    (table, column and row id only), so the run can go on past it."""
    from casework.audit.operations import record

    item = Unreadable(table, column, str(row_id))
    found.append(item)
    log.warning("re-encryption: %s could not be opened and was left as it is", item)
    record("decrypt_failed", object_type="value", object_id=uuid.UUID(item.row_id),
           outcome="error")


@dataclass
class Resealer:
    """Opens values under any key and seals them under the primary, caching the ciphers.

    With `unreadable` given, a value no key opens is left as it is and its place noted there;
    without it, it stops the run (DecryptionError)."""

    ring: Keyring
    unreadable: list[Unreadable] | None = None
    _ciphers: dict[tuple[str, str, str], AESGCM] = field(default_factory=dict)

    def _cipher(self, key_id: str, table: str, column: str) -> AESGCM:
        """The AES-GCM cipher of one key and one field."""
        slot = (key_id, table, column)
        if slot not in self._ciphers:
            self._ciphers[slot] = AESGCM(field_key(self.ring.data_key(key_id), table, column))
        return self._ciphers[slot]

    def __post_init__(self) -> None:
        # One run writes under one primary key; the prefix is worked out once.
        self.primary_prefix = key_prefix(self.ring.primary)

    def open(self, table: str, column: str, row_id: uuid.UUID | str, blob: bytes) -> bytes:
        """Decrypt a stored value (the same format and checks as fields.decrypt_value)."""
        if len(blob) < 2 or blob[0] != BLOB_VERSION:
            raise DecryptionError("unknown value format")
        start = 2 + blob[1]
        key_id = blob[2:start].decode("ascii", errors="replace")
        nonce, sealed = blob[start:start + NONCE_BYTES], blob[start + NONCE_BYTES:]
        try:
            return self._cipher(key_id, table, column).decrypt(
                nonce, sealed, f"{table}|{column}|{row_id}".encode())
        except (InvalidTag, KeyringError, ValueError):
            raise DecryptionError("value failed authentication") from None

    def seal(self, table: str, column: str, row_id: uuid.UUID | str, plaintext: bytes) -> bytes:
        """Encrypt under the primary key: version | key id | nonce | ciphertext+tag."""
        nonce = os.urandom(NONCE_BYTES)
        cipher = self._cipher(self.ring.primary, table, column)
        sealed = cipher.encrypt(nonce, plaintext, f"{table}|{column}|{row_id}".encode())
        return self.primary_prefix + nonce + sealed

    def reseal(self, table: str, column: str, row_id: uuid.UUID | str,
               blob: bytes | None) -> bytes | None:
        """The value under the primary key (unchanged when it already is)."""
        if blob is None or blob.startswith(self.primary_prefix):
            return blob
        try:
            return self.seal(table, column, row_id, self.open(table, column, row_id, blob))
        except DecryptionError:
            if self.unreadable is None:
                raise
            note_unreadable(self.unreadable, table, column, row_id)
            return blob


class _RawBytes(TypeDecorator):
    """Bytes handed to the driver as they are (both drivers take bytes for a blob/bytea):
    re-encryption passes hundreds of thousands of them, and the generic conversion costs."""

    impl = LargeBinary
    cache_ok = True

    def bind_processor(self, dialect):
        """No conversion."""
        return None


RAW_BYTES = _RawBytes()


def _stale_condition(table: Table, columns: list[EncryptedColumn], primary: str):
    """SQL: some encrypted value of the row is not under the primary key."""
    prefix = key_prefix(primary)
    return or_(*(
        and_(table.c[c.column].is_not(None), ~_uses_key(table.c[c.column], prefix))
        for c in columns
    ))


def stale_row_count(ring: Keyring) -> int:
    """Rows holding at least one value not under the primary data key."""
    total = 0
    for columns in _by_table(encrypted_columns()).values():
        table = columns[0].table
        where = _stale_condition(table, columns, ring.primary)
        total += db.session.scalar(select(func.count()).select_from(table).where(where)) or 0
    return total


def stale_extra_count(ring: Keyring) -> int:
    """Items of the extra steps (attachment files) not under the primary data key."""
    return sum(n for step in _EXTRA_STEPS.values()
               for key_id, n in step.usage().items() if key_id != ring.primary)


def reencrypt_table_batch(
    resealer: Resealer, columns: list[EncryptedColumn], after: uuid.UUID | None, size: int
) -> tuple[int, uuid.UUID | None]:
    """Re-encrypt one batch of one table after the given id; (rows done, last id seen)."""
    table = columns[0].table
    where = _stale_condition(table, columns, resealer.ring.primary)
    if after is not None:
        where = and_(where, table.c.id > after)
    query = select(table.c.id, *(table.c[c.column] for c in columns)).where(where)
    rows = db.session.execute(query.order_by(table.c.id).limit(size)).all()
    if not rows:
        return 0, None
    params = []
    for row in rows:
        item, row_id = {"_id": row[0]}, str(row[0])  # str() once: it goes into every AD
        for n, column in enumerate(columns, start=1):
            item[f"old_{n}"] = row[n]
            item[f"new_{n}"] = resealer.reseal(table.name, column.field, row_id, row[n])
        params.append(item)
    db.session.execute(_compare_and_swap(table, columns), params)
    return len(rows), rows[-1][0]


def _compare_and_swap(table: Table, columns: list[EncryptedColumn]):
    """UPDATE each row only if it still holds what was read; the version column is untouched.

    A concurrent edit by the app wins (it writes under the primary key anyway), and an
    edit form opened before the run is not refused as stale because of it.
    """
    conditions = [table.c.id == bindparam("_id")]
    conditions += [table.c[c.column].is_not_distinct_from(bindparam(f"old_{n}", type_=RAW_BYTES))
                   for n, c in enumerate(columns, start=1)]
    values = {c.column: bindparam(f"new_{n}", type_=RAW_BYTES) for n, c in enumerate(columns, start=1)}
    return update(table).where(*conditions).values(values).execution_options(synchronize_session=False)


def reencrypt_batches(ring: Keyring, size: int = DEFAULT_BATCH,
                      unreadable: list[Unreadable] | None = None) -> Iterator[int]:
    """Re-encrypt every stale row, one committed batch at a time; yields rows done per batch.

    With `unreadable`, values no key opens are left in place and listed there, and the run
    goes on; without it the first one stops the run."""
    resealer = Resealer(ring, unreadable)
    for columns in _by_table(encrypted_columns()).values():
        after = None
        while True:
            done, after = reencrypt_table_batch(resealer, columns, after, size)
            db.session.commit()
            if not done:
                break
            yield done
    for step in _EXTRA_STEPS.values():
        while done := step.reencrypt_batch(ring, size, unreadable):
            db.session.commit()
            yield done


class RotationRefused(Exception):
    """A rotation or retirement that would lose access to data, refused with a reason."""


def keys_file(app=None) -> Path:
    """The keys file this instance reads; refused when the keys come from the environment."""
    if keys_from_environment():
        raise RotationRefused(
            "The keys come from CASEWORK_KEYRING_JSON; rotate them in a keys file instead.")
    path = Path((app or current_app).config["KEYS_FILE"])
    try:
        file_owner_for_writing(path)  # refused before any key or canary changes
    except KeyringError as exc:
        raise RotationRefused(str(exc)) from None
    return path


def rotate(ring: Keyring, data: bool = True, index: bool = False) -> list[str]:
    """Add new primary keys, save the keys file, and write the new data key's canary."""
    from casework.audit.operations import record
    from casework.crypto.models import check_canary, write_canary

    path = keys_file()
    try:
        check_canary()  # a new key's canary written beside another's would vouch for it
    except KeyringError as exc:
        raise RotationRefused(f"{exc} Nothing was rotated.") from None
    added = []
    if data:
        added.append(ring.rotate_data_key())
    if index:
        added.append(ring.rotate_index_key())
    ring.save(path)
    install_keyring(current_app, ring)
    write_canary(ring.primary)
    record("keys_rotate", object_type="keyring")
    db.session.commit()
    return added


def retire(ring: Keyring, key_id: str) -> str:
    """Remove an old key from the keys file, refused while anything still uses it."""
    from casework.audit.operations import record
    from casework.crypto.models import KeyCanary, write_canary

    path = keys_file()
    if key_id in (ring.primary, ring.index_primary):
        raise RotationRefused(f"Key {key_id} is a primary key; rotate first.")
    if key_id in ring.data_keys:
        in_use, kind = data_key_usage(ring).get(key_id, 0), "data"
    elif key_id in ring.index_keys:
        in_use, kind = index_key_usage().get(key_id, 0), "index"
    else:
        raise RotationRefused(f"The keyring holds no key {key_id}.")
    if in_use:
        raise RotationRefused(
            f"{in_use} values still use key {key_id}; run `casework keys reencrypt` first.")
    # The database lets go of the key before the file does: a canary left for a key the
    # file no longer holds would stop the app from starting.
    write_canary(ring.primary)
    db.session.execute(delete(KeyCanary).where(KeyCanary.key_id == key_id))
    record("keys_retire", object_type="keyring")
    db.session.commit()
    (ring.data_keys if kind == "data" else ring.index_keys).pop(key_id)
    ring.save(path)
    install_keyring(current_app, ring)
    return kind
