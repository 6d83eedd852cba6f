"""A serving app takes up a rotated keys file at its next request: new values are written under
the new primary key without a restart (so `keys reencrypt` can run while the app serves), and a
keys file that does not fit the database is not taken up."""

from __future__ import annotations

import os

from sqlalchemy import select

from casework.cases.models import CaseNote
from casework.crypto import rotation
from casework.crypto.fields import blob_key_id
from casework.crypto.keyring import Keyring, current_keyring, install_keyring
from casework.extensions import db


def _rotate_elsewhere(app, ring: Keyring) -> str:
    """What `casework keys rotate` does from another process: a new primary in the file."""
    other = Keyring.from_json(ring.to_json())
    with app.app_context():
        install_keyring(app, other)
        rotation.rotate(other)
        db.session.commit()
    install_keyring(app, ring)  # the serving process still holds the keys it started with
    _touch_later(app.config["KEYS_FILE"])
    return other.primary


def _touch_later(path: str) -> None:
    """Make the file's change visible even on a coarse clock."""
    stat = os.stat(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def _note_key(app, case) -> str:
    """The key id of the case's newest note."""
    with app.app_context():
        note = db.session.scalars(select(CaseNote).where(CaseNote.case_id == case.id)
                                  .order_by(CaseNote.created_at.desc())).first()
        return blob_key_id(note.body_enc)


def test_new_values_use_the_rotated_key_without_a_restart(app, client, login, ring, make_user,
                                                          make_case):
    """A note written after the rotation is under the new primary key."""
    paralegal = make_user("paralegal")
    case = make_case(paralegal)
    new_primary = _rotate_elsewhere(app, ring)
    assert new_primary != ring.primary
    login(client, paralegal).post(f"/cases/{case.reference}/notes", data={"body": "Sesudah."})
    assert _note_key(app, case) == new_primary
    with app.app_context():
        assert current_keyring().primary == new_primary


def test_a_keys_file_of_another_deployment_is_not_taken_up(app, client, login, ring, make_user,
                                                           make_case):
    """Someone swaps in a foreign keys file: the app keeps the keys that open its data."""
    paralegal = make_user("paralegal")
    case = make_case(paralegal, name="Tetap Terbaca")
    Keyring.generate().save(app.config["KEYS_FILE"])
    _touch_later(app.config["KEYS_FILE"])
    page = login(client, paralegal).get(f"/cases/{case.reference}")
    assert page.status_code == 200 and "Tetap Terbaca" in page.get_data(as_text=True)
    with app.app_context():
        assert current_keyring().primary == ring.primary
