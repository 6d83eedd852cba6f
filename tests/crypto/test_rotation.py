"""Key rotation (SECURITY.md 6): rotate, re-encrypt, retire; nothing uses the old key after."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from casework.cases.models import Case
from casework.crypto import rotation
from casework.crypto.keyring import Keyring, install_keyring
from casework.extensions import db


@pytest.fixture
def cases(ring, make_user, make_case):
    """Five cases with every kind of encrypted value filled in."""
    user = make_user("paralegal")
    return user, [make_case(user, name=f"Sari {n}", alias="Ani", address="Jl. Mawar 3",
                            code_word="melati", perpetrator_name="Budi",
                            nik=f"32040545079000{n:02d}") for n in range(5)]


def _every_value_opens(app, ring) -> int:
    """Decrypt every stored value of every encrypted column with the given keyring."""
    opened = 0
    with app.app_context():
        resealer = rotation.Resealer(ring)
        for column in rotation.encrypted_columns():
            table = column.table
            rows = db.session.execute(select(table.c.id, table.c[column.column])
                                      .where(table.c[column.column].is_not(None)))
            for row_id, blob in rows:
                resealer.open(table.name, column.field, row_id, blob)
                opened += 1
    return opened


def test_status_counts_values_per_key(runner, ring, cases):
    """Every encrypted column is counted, under the key that wrote it."""
    result = runner.invoke(args=["keys", "status", "--columns"])
    assert result.exit_code == 0, result.output
    assert f"{ring.primary}" in result.output and "<- primary" in result.output
    assert "survivor.name_enc" in result.output and "incident.narrative_enc" in result.output
    with runner.app.app_context():
        usage = rotation.data_key_usage(ring)
    assert usage[ring.primary] >= 5 * 8


def test_columns_are_found_from_the_declarations(app):
    """A model's Encrypted fields are found without listing them anywhere."""
    with app.app_context():
        found = {(c.table.name, c.column) for c in rotation.encrypted_columns()}
        assert ("survivor", "nik_enc") in found and ("case_file", "closing_note_enc") in found
        assert rotation.undeclared_columns() == []


def test_rotate_reencrypt_retire(app, runner, ring, cases, client, login):
    """After rotate and reencrypt no value uses the old key; removed, everything still opens."""
    old = ring.primary
    assert runner.invoke(args=["keys", "rotate"]).exit_code == 0
    assert ring.primary != old
    assert Keyring.load(app.config["KEYS_FILE"]).primary == ring.primary
    refused = runner.invoke(args=["keys", "retire", old])
    assert refused.exit_code != 0 and "still use key" in refused.output
    result = runner.invoke(args=["keys", "reencrypt", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert set(rotation.data_key_usage(ring)) == {ring.primary}
    assert runner.invoke(args=["keys", "retire", old]).exit_code == 0
    reloaded = Keyring.load(app.config["KEYS_FILE"])
    assert old not in reloaded.data_keys
    assert _every_value_opens(app, reloaded) >= 5 * 8
    install_keyring(app, reloaded)
    user, handles = cases
    login(client, user)
    page = client.get(f"/cases/{handles[0].reference}")
    assert page.status_code == 200 and b"Sari 0" in page.data


def test_primary_cannot_be_retired(runner, ring):
    """The key new values are written with is never removed."""
    result = runner.invoke(args=["keys", "retire", ring.primary])
    assert result.exit_code != 0 and "primary" in result.output


def test_reencrypt_leaves_versions_alone(app, runner, ring, cases):
    """Re-encryption does not bump the optimistic version: open edit forms stay valid."""
    with app.app_context():
        before = dict(db.session.execute(select(Case.id, Case.version)).all())
    runner.invoke(args=["keys", "rotate"])
    assert runner.invoke(args=["keys", "reencrypt"]).exit_code == 0
    with app.app_context():
        assert dict(db.session.execute(select(Case.id, Case.version)).all()) == before


def test_a_concurrent_edit_wins(app, ring, cases, monkeypatch):
    """A value the app rewrote after the batch read it is not overwritten by the batch."""
    from casework.cases.models import Survivor

    with app.app_context():
        ring.rotate_data_key()
        original = rotation.Resealer.reseal
        edited = []

        def app_edits_first(self, table, column, row_id, blob):
            if table == "survivor" and column == "name" and not edited:
                survivor = db.session.get(Survivor, uuid.UUID(str(row_id)))
                survivor.name = "Nama Baru"
                db.session.flush()
                edited.append(survivor.id)
            return original(self, table, column, row_id, blob)

        monkeypatch.setattr(rotation.Resealer, "reseal", app_edits_first)
        list(rotation.reencrypt_batches(ring, 10))
        db.session.expire_all()
        assert db.session.get(Survivor, edited[0]).name == "Nama Baru"
        monkeypatch.setattr(rotation.Resealer, "reseal", original)
        list(rotation.reencrypt_batches(ring, 10))
        assert set(rotation.data_key_usage(ring)) == {ring.primary}
