"""The keyring canary: proof at start that the loaded keyring is this database's."""

from __future__ import annotations

import uuid

from sqlalchemy import String, Uuid, inspect, select
from sqlalchemy.orm import Mapped, mapped_column

from casework.crypto.errors import DecryptionError, KeyringError
from casework.crypto.fields import Encrypted, blob_key_id
from casework.extensions import db

CANARY_TEXT = "casework keyring canary"


class KeyCanary(db.Model):
    """A known value encrypted under each data key the database has seen."""

    __tablename__ = "key_canary"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    key_id: Mapped[str] = mapped_column(String(32), unique=True)
    value = Encrypted(str)


def write_canary(key_id: str) -> None:
    """Record a canary under the primary key unless one exists for it."""
    if db.session.scalar(select(KeyCanary).where(KeyCanary.key_id == key_id)):
        return
    canary = KeyCanary(id=uuid.uuid4(), key_id=key_id)
    canary.value = CANARY_TEXT
    db.session.add(canary)
    db.session.flush()


def check_canary() -> None:
    """Raise KeyringError when the keyring cannot open this database's canary."""
    if not inspect(db.engine).has_table(KeyCanary.__tablename__):
        return
    canaries = db.session.scalars(select(KeyCanary)).all()
    for canary in canaries:
        if canary.value_enc is None or blob_key_id(canary.value_enc) != canary.key_id:
            raise KeyringError("The key canary has been tampered with.")
        try:
            if canary.value == CANARY_TEXT:
                return
        except DecryptionError:
            continue
    if canaries:
        raise KeyringError("The keyring does not match this database.")
