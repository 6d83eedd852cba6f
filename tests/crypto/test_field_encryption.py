"""The encrypted-field round trip, the blob format and blind-index normalisation."""

from __future__ import annotations

import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from casework.crypto.blind_index import blind_index, name_tokens, normalise_nik, normalise_phone
from casework.crypto.errors import DecryptionError
from casework.crypto.fields import blob_key_id, decrypt_value, encrypt_value
from casework.crypto.keyring import Keyring

RING = Keyring.generate()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_round_trip_any_unicode(value: str) -> None:
    """Any text comes back exactly as it went in."""
    row = uuid.uuid4()
    blob = encrypt_value(RING, "survivor", "name", row, value.encode())
    assert decrypt_value(RING, "survivor", "name", row, blob).decode() == value


def test_blob_names_its_key() -> None:
    """Each value carries the id of the key that wrote it."""
    blob = encrypt_value(RING, "survivor", "name", uuid.uuid4(), b"x")
    assert blob_key_id(blob) == RING.primary


def test_wrong_place_refused() -> None:
    """The same blob does not open for another row, column or table."""
    row = uuid.uuid4()
    blob = encrypt_value(RING, "survivor", "name", row, b"secret")
    for table, column, other_row in (("survivor", "name", uuid.uuid4()),
                                     ("survivor", "alias", row), ("incident", "name", row)):
        try:
            decrypt_value(RING, table, column, other_row, blob)
        except DecryptionError:
            continue
        raise AssertionError(f"opened at {table}.{column}")


def test_old_key_still_reads_after_rotation() -> None:
    """A value written before rotation is read with the older key."""
    ring = Keyring.from_json(RING.to_json())
    row = uuid.uuid4()
    blob = encrypt_value(ring, "survivor", "nik", row, b"1")
    ring.rotate_data_key()
    assert blob_key_id(blob) != ring.primary
    assert decrypt_value(ring, "survivor", "nik", row, blob) == b"1"


def test_normalisation() -> None:
    """Case, spacing, punctuation and accents do not change what is indexed."""
    assert normalise_nik("3204.0545 0790-0001") == "3204054507900001"
    assert {normalise_phone(p) for p in ("0812-3456-7890", "+62 812 3456 7890", "6281234567890")} \
        == {"+6281234567890"}
    assert name_tokens("  SITI  Ámínah-binti, Ahmad ") == ["siti", "aminah", "binti", "ahmad"]
    assert blind_index(RING, "name", "siti") == blind_index(RING, "name", name_tokens("SÍTI")[0])
    assert blind_index(RING, "name", "siti") == blind_index(RING, "name", "siti")
