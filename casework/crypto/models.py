"""The keyring canary: proof at start that the loaded keyring is this database's."""

from __future__ import annotations

import uuid

from sqlalchemy import String, Uuid, inspect, select
from sqlalchemy.orm import Mapped, mapped_column

from casework.crypto.errors import DecryptionError, KeyringError
from casework.crypto.fields import Encrypted, blob_key_id, decrypt_value
from casework.crypto.keyring import Keyring, current_keyring
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


def check_canary(ring: Keyring | None = None) -> None:
    """Raise KeyringError unless the keyring (the loaded one unless given) holds and opens
    every canary of this database.

    So the primary key's canary must open, and a keyring lacking a key the database still
    uses (an old keys file after a rotation) is refused too. Only while the primary has no
    canary yet (a rotation whose canary was not committed) do the older keys' stand for it.
    """
    if not inspect(db.engine).has_table(KeyCanary.__tablename__):
        return
    canaries = db.session.scalars(select(KeyCanary)).all()
    ring = ring or current_keyring()
    for canary in canaries:
        if canary.value_enc is None or blob_key_id(canary.value_enc) != canary.key_id:
            raise KeyringError("The key canary has been tampered with.")
        if canary.key_id not in ring.data_keys:
            raise KeyringError(
                f"The keyring does not match this database: it lacks key {canary.key_id}.")
        if not _opens(canary, ring):
            raise KeyringError("The keyring does not match this database.")


def _opens(canary: KeyCanary, ring: Keyring) -> bool:
    """Whether the keyring decrypts this canary to the known text."""
    try:
        plain = decrypt_value(ring, KeyCanary.__tablename__, "value", canary.id, canary.value_enc)
    except DecryptionError:
        return False
    return plain == CANARY_TEXT.encode()
