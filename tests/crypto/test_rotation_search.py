"""Search works before, during and after an index-key rotation (SECURITY.md 6 and 7)."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from sqlalchemy import update

from casework.accounts.models import User
from casework.crypto import rotation
from casework.crypto.blind_index import INDEX_BITS, bucket_under, buckets_under_every_key
from casework.crypto.fields import field_key
from casework.crypto.keyring import Keyring, install_keyring
from casework.extensions import db


@pytest.fixture
def paralegal(app, make_user):
    """A paralegal reading English."""
    user = make_user("paralegal")
    with app.app_context():
        db.session.execute(update(User).where(User.id == user.id).values(locale="en"))
        db.session.commit()
    return user


def _finds(client, query, case) -> bool:
    return case.reference.encode() in client.post("/search", data={"q": query}).data


def test_a_bucket_is_the_truncated_hmac_under_each_key(app, ring):
    """A value's bucket under a key is the top bits of HMAC-SHA256 under that key's derived
    field key, the same for the cached path and for every key held (old ones too)."""
    value = "3204054507900001"
    for key_id, bucket in buckets_under_every_key(ring, "nik", value):
        key = field_key(ring.index_keys[key_id], "blind_index", "nik")
        digest = hmac.new(key, value.encode(), hashlib.sha256).digest()
        assert bucket == int.from_bytes(digest[:4], "big") >> (32 - INDEX_BITS)
        assert bucket == bucket_under(ring.index_keys[key_id], "nik", value)


def test_search_during_and_after_index_rotation(app, runner, ring, paralegal, make_case,
                                                client, login):
    """Old entries are found mid-rotation, new ones too; after rebuild and retire, all are."""
    before = make_case(paralegal, name="Lina Marlina", nik="3204054507900011")
    old_index = ring.index_primary
    assert runner.invoke(args=["keys", "rotate", "--no-data", "--index"]).exit_code == 0
    during = make_case(paralegal, name="Lina Kusuma", nik="3204054507900012",
                       phone="+6281300000012")
    login(client, paralegal)
    assert _finds(client, "3204054507900011", before)
    assert _finds(client, "lina", before) and _finds(client, "lina", during)
    with app.app_context():
        assert set(rotation.index_key_usage()) == {old_index, ring.index_primary}
    assert runner.invoke(args=["keys", "reencrypt"]).exit_code == 0
    with app.app_context():
        assert set(rotation.index_key_usage()) == {ring.index_primary}
    assert runner.invoke(args=["keys", "retire", old_index]).exit_code == 0
    install_keyring(app, Keyring.load(app.config["KEYS_FILE"]))
    assert _finds(client, "marlina lina", before) and _finds(client, "0813 0000 0012", during)
    assert not _finds(client, "marlina kusuma", during)
