"""Bad input from the issue: each is refused, logged, and costs nothing (no decryption, no
password hashing)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casework.accounts import operations
from casework.audit.models import AuditEntry
from casework.crypto import fields
from casework.extensions import db
from tests.conftest import PASSWORD


@pytest.fixture
def count_decryptions(monkeypatch) -> list[int]:
    """Count every value decrypted while the test runs."""
    calls = [0]
    original = fields.decrypt_value

    def counting(*args, **kwargs):
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(fields, "decrypt_value", counting)
    return calls


def test_paralegal_typing_another_centres_reference(app, client, login, make_user, make_case,
                                                    count_decryptions):
    """404 like a missing case, a logged denial, and not one value decrypted."""
    theirs = make_case(make_user("paralegal"))
    me = make_user("paralegal")
    login(client, me)
    count_decryptions[0] = 0
    response = client.get(f"/cases/{theirs.reference.lower()}")
    assert response.status_code == 404
    assert count_decryptions[0] == 0
    with app.app_context():
        denial = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "denied")).one()
    assert (denial.actor_id, denial.case_ref) == (me.id, theirs.reference)


def test_admin_opening_a_case_url_decrypts_nothing(client, login, make_user, make_case,
                                                   count_decryptions):
    """The gate stops an admin before the case is even loaded."""
    case = make_case(make_user("paralegal"))
    login(client, make_user("admin"))
    count_decryptions[0] = 0
    assert client.get(f"/cases/{case.reference}/edit").status_code == 404
    assert count_decryptions[0] == 0


def test_refused_login_attempts_cost_no_hashing(app, client, make_user, monkeypatch):
    """Once a name is slowed, further tries are answered without running argon2."""
    user = make_user("paralegal")
    for _ in range(3):
        client.post("/login", data={"username": user.username, "password": "salah sekali"})
    hashed = [0]
    original = operations.verify_password

    def counting(*args):
        hashed[0] += 1
        return original(*args)

    monkeypatch.setattr(operations, "verify_password", counting)
    for _ in range(5):
        response = client.post("/login", data={"username": user.username, "password": PASSWORD})
        assert response.status_code == 200
    assert hashed[0] == 0
