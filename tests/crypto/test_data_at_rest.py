"""SECURITY.md 1, 3 and 4: nothing identifying in the database files; values bound to their place."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import select, text

from casework.audit.models import AuditEntry
from casework.cases.models import Survivor
from casework.crypto.fields import NONCE_BYTES, decrypt_value, encrypt_value
from casework.extensions import db
from tests.conftest import POSTGRES_URL

CANARIES = {
    "name": "Zqxwanarie Kanarykova",
    "nik": "3204054507901234",
    "phone": "+6281299887766",
    "address": "Jalan Kanari Unik 77 Zyx",
    "narrative": "Narasi-kanari-unik-QWERTY-9071",
    "perpetrator_name": "Pelaku Kanari Zzyzx",
    "perpetrator_details": "Keterangan-pelaku-kanari-unik-8812",
    "code_word": "kodekanariunik",
}


def _database_files(app) -> list[Path]:
    """The SQLite file and its WAL and journal, whichever exist."""
    base = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    return [p for p in (base, Path(f"{base}-wal"), Path(f"{base}-journal")) if p.exists()]


def test_canaries_absent_from_database_files(app, make_user, make_case):
    """A survivor's identifying strings appear nowhere in the raw database or its WAL."""
    paralegal = make_user("paralegal")
    make_case(paralegal, **CANARIES)
    if POSTGRES_URL:
        pytest.skip("on PostgreSQL, tests/crypto/test_pg_dump.py greps a pg_dump")
    files = _database_files(app)
    assert files, "the SQLite database file should exist"
    raw = b"".join(p.read_bytes() for p in files)
    for value in CANARIES.values():
        assert value.encode() not in raw
        assert value.encode("utf-16-le") not in raw
    assert b"Kanari" not in raw


def test_canaries_absent_from_audit_entries(app, make_user, make_case):
    """The access log records the creation without any of the values."""
    paralegal = make_user("paralegal")
    make_case(paralegal, **CANARIES)
    with app.app_context():
        rows = db.session.scalars(select(AuditEntry)).all()
        assert rows
        dump = " ".join(repr(r.canonical()) for r in rows)
    for value in CANARIES.values():
        assert value not in dump


def _nonce(blob: bytes) -> bytes:
    """The nonce of a stored value (after version, key id length and key id)."""
    start = 2 + blob[1]
    return blob[start : start + NONCE_BYTES]


def test_same_value_encrypts_differently(keyring):
    """One value for the same row, table and column, encrypted twice: new blob, new nonce."""
    row, plain = uuid.uuid4(), b"Sama Persis"
    first, second = (encrypt_value(keyring, "survivor", "name", row, plain) for _ in range(2))
    assert first != second
    assert _nonce(first) != _nonce(second)
    for blob in (first, second):
        assert decrypt_value(keyring, "survivor", "name", row, blob) == plain


def _copy_ciphertext(app, source_ref: str, target_ref: str, column: str = "name_enc",
                     target_column: str = "name_enc") -> None:
    """Copy one survivor's ciphertext onto another survivor's row by raw SQL."""
    with app.app_context():
        source = db.session.execute(
            text(f"SELECT s.{column} FROM survivor s JOIN case_file c ON c.id = s.case_id "
                 "WHERE c.reference = :r"), {"r": source_ref}).scalar_one()
        db.session.execute(
            text(f"UPDATE survivor SET {target_column} = :v WHERE case_id = "
                 "(SELECT id FROM case_file WHERE reference = :r)"),
            {"v": source, "r": target_ref})
        db.session.commit()


@pytest.mark.parametrize("target_column", ["name_enc", "alias_enc"])
def test_copied_ciphertext_fails_to_decrypt(app, client, login, make_user, make_case, target_column):
    """A ciphertext moved to another row or column shows an error, never the other person."""
    paralegal = make_user("paralegal")
    victim = make_case(paralegal, name="Orang Pertama Rahasia")
    other = make_case(paralegal, name="Orang Kedua")
    _copy_ciphertext(app, victim.reference, other.reference, target_column=target_column)
    login(client, paralegal)
    response = client.get(f"/cases/{other.reference}")
    assert response.status_code == 500
    assert b"Orang Pertama Rahasia" not in response.data
    assert response.headers["X-Request-ID"].encode() in response.data
    with app.app_context():
        failures = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "decrypt_failed")).all()
        assert len(failures) == 1


def test_flipped_bit_fails_to_decrypt(app, client, login, make_user, make_case):
    """One flipped bit in a stored value is caught, not shown as garbage."""
    paralegal = make_user("paralegal")
    case = make_case(paralegal, name="Bit Balik")
    with app.app_context():
        survivor = db.session.scalar(select(Survivor).where(Survivor.case_id == case.id))
        blob = bytearray(survivor.name_enc)
        blob[-1] ^= 0x01
        db.session.execute(text("UPDATE survivor SET name_enc = :v WHERE id = :i"),
                           {"v": bytes(blob), "i": survivor.id.hex if not POSTGRES_URL else survivor.id})
        db.session.commit()
    login(client, paralegal)
    response = client.get(f"/cases/{case.reference}")
    assert response.status_code == 500
    assert b"Bit Balik" not in response.data
