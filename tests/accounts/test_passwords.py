"""SECURITY.md 9: argon2id with at least m=19 MiB, t=2 (rehashed when the cost rises);
12 to 128 characters of anything, no composition rules, common passwords refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casework.accounts.errors import PasswordRejected
from casework.accounts.models import User
from casework.accounts.operations import change_password
from casework.accounts.passwords import password_problem
from casework.config import Defaults
from casework.extensions import db
from tests.conftest import PASSWORD


def _stored_hash(app, user) -> str:
    """The password hash in the database."""
    with app.app_context():
        return db.session.scalar(select(User.password_hash).where(User.id == user.id))


def test_defaults_meet_owasp_minimum():
    """Out of the box the cost is at least OWASP's argon2id minimum."""
    assert Defaults.PASSWORD_HASH_MEMORY_KIB >= 19 * 1024
    assert Defaults.PASSWORD_HASH_TIME_COST >= 2


@pytest.mark.parametrize("app_config", [
    {"PASSWORD_HASH_MEMORY_KIB": 19456, "PASSWORD_HASH_TIME_COST": 2}])
def test_stored_as_argon2id_with_production_cost(app, make_user):
    """The stored hash names argon2id and its parameters; the password is not in it."""
    stored = _stored_hash(app, make_user("paralegal"))
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert PASSWORD not in stored


def test_hash_is_upgraded_at_login_when_cost_rises(app, client, make_user):
    """Made with a low cost, the hash is replaced with the new cost at the next login."""
    user = make_user("paralegal")
    assert ",t=1," in _stored_hash(app, user)
    app.config["PASSWORD_HASH_TIME_COST"] = 2
    client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert ",t=2," in _stored_hash(app, user)


@pytest.mark.parametrize(("password", "accepted"), [
    ("a" * 11, False),
    ("x" * 129, False),
    ("password1234", False),  # on the shipped list
    ("Password1234", False),  # the list ignores case
    ("kucing makan ikan", True),  # lower-case words: no composition rules
    ("ñandú 🐈 कुत्ता 猫猫猫猫", True),  # any characters
    ("y" * 128, False),  # a repeat: zxcvbn scores it 1
    (("sebuah kalimat panjang tentang kucing belang di pasar " * 3)[:128], True),
])
def test_length_and_common_password_policy(app, password, accepted):
    """Only length, the common-password list and zxcvbn's score decide."""
    with app.test_request_context():
        assert (password_problem(password) is None) is accepted


def test_password_equal_to_user_name_is_refused(app, make_user):
    """A user name used as the password is too easy to guess."""
    user = make_user("paralegal", username="siti.paralegal")
    with app.test_request_context():
        with pytest.raises(PasswordRejected):
            change_password(db.session.get(User, user.id), "SITI.PARALEGAL")


def test_user_changes_own_password(app, client, login, make_user):
    """The account page changes the password; the old one stops working."""
    user = make_user("paralegal")
    login(client, user)
    new = "sebuah kalimat yang baru"
    response = client.post("/account/password",
                           data={"current": PASSWORD, "new": new, "confirm": new})
    assert response.status_code == 302
    old = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert old.status_code == 200
    fresh = client.post("/login", data={"username": user.username, "password": new})
    assert fresh.status_code == 302
