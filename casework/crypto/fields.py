"""Encrypted model fields: AES-256-GCM values bound to their table, column and row."""

from __future__ import annotations

import os
import uuid
from datetime import date
from functools import lru_cache
from typing import Any, Generic, TypeVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import LargeBinary
from sqlalchemy.orm import mapped_column

from casework.crypto.errors import DecryptionError, KeyringError
from casework.crypto.keyring import Keyring, current_keyring

BLOB_VERSION = 1
NONCE_BYTES = 12
T = TypeVar("T")


@lru_cache(maxsize=4096)
def field_key(key: bytes, table: str, column: str) -> bytes:
    """Derive the per-field key so one column's key opens no other column."""
    info = f"casework/field/v1/{table}.{column}".encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(key)


def associated_data(table: str, column: str, row_id: uuid.UUID) -> bytes:
    """What a value is bound to: moving it to another row or column breaks it."""
    return f"{table}|{column}|{row_id}".encode()


def encrypt_value(
    ring: Keyring, table: str, column: str, row_id: uuid.UUID, plaintext: bytes
) -> bytes:
    """Encrypt with the primary key: version | key id | nonce | ciphertext+tag."""
    key_id = ring.primary.encode("ascii")
    nonce = os.urandom(NONCE_BYTES)
    aead = AESGCM(field_key(ring.primary_key, table, column))
    sealed = aead.encrypt(nonce, plaintext, associated_data(table, column, row_id))
    return bytes([BLOB_VERSION, len(key_id)]) + key_id + nonce + sealed


def blob_key_id(blob: bytes) -> str:
    """The key id a stored value was written with."""
    if len(blob) < 2 or blob[0] != BLOB_VERSION:
        raise DecryptionError("unknown value format")
    return blob[2 : 2 + blob[1]].decode("ascii", errors="replace")


def decrypt_value(ring: Keyring, table: str, column: str, row_id: uuid.UUID, blob: bytes) -> bytes:
    """Open a stored value, or DecryptionError when anything about it is wrong."""
    key_id = blob_key_id(blob)
    start = 2 + blob[1]
    nonce, sealed = blob[start : start + NONCE_BYTES], blob[start + NONCE_BYTES :]
    try:
        aead = AESGCM(field_key(ring.data_key(key_id), table, column))
        return aead.decrypt(nonce, sealed, associated_data(table, column, row_id))
    except (InvalidTag, KeyringError, ValueError):
        raise DecryptionError("value failed authentication") from None


def _to_bytes(kind: type, value: Any) -> bytes:
    """Serialise a plain value of the declared kind."""
    if kind is date:
        return value.isoformat().encode()
    if kind is bool:
        return b"1" if value else b"0"
    return str(value).encode("utf-8")


def _from_bytes(kind: type, raw: bytes) -> Any:
    """Read back a plain value of the declared kind."""
    text = raw.decode("utf-8")
    if kind is date:
        return date.fromisoformat(text)
    if kind is bool:
        return text == "1"
    return text


class Encrypted(Generic[T]):
    """Declare `name = Encrypted(str)` on a model: stored encrypted in `name_enc`.

    The row's UUID must exist before the first write, so it is made here if missing.
    """

    def __init__(self, kind: type[T] = str) -> None:
        self.kind = kind
        self.name = ""
        self.column = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.column = f"{name}_enc"
        setattr(owner, self.column, mapped_column(self.column, LargeBinary, nullable=True))
        registry = owner.__dict__.get("__encrypted_fields__")
        if registry is None:
            registry = {}
            owner.__encrypted_fields__ = registry
        registry[name] = self

    def table(self, obj: Any) -> str:
        """The table name bound into the associated data."""
        return type(obj).__tablename__

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        blob = getattr(obj, self.column)
        if blob is None:
            return None
        cached = obj.__dict__.get(f"_plain_{self.name}")
        if cached is not None and cached[0] is blob:
            return cached[1]
        raw = decrypt_value(current_keyring(), self.table(obj), self.name, obj.id, blob)
        value = _from_bytes(self.kind, raw)
        obj.__dict__[f"_plain_{self.name}"] = (blob, value)
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        if value is None or value == "":
            setattr(obj, self.column, None)
            return
        if getattr(obj, "id", None) is None:
            obj.id = uuid.uuid4()
        raw = _to_bytes(self.kind, value)
        blob = encrypt_value(current_keyring(), self.table(obj), self.name, obj.id, raw)
        setattr(obj, self.column, blob)
        obj.__dict__[f"_plain_{self.name}"] = (blob, value)


def encrypted_fields(model: type) -> dict[str, Encrypted]:
    """All encrypted fields a model declares, by attribute name."""
    found: dict[str, Encrypted] = {}
    for klass in reversed(model.__mro__):
        found.update(klass.__dict__.get("__encrypted_fields__", {}))
    return found
