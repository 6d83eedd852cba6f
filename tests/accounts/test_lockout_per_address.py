"""Issue 16: anyone who knew a user name could lock that account for an hour with ten
requests. Failures now count per user name AND source address: the attacker's address is
locked, the real user's is not; the holder, her supervisors and the admins are told."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casework.accounts.models import User
from casework.extensions import db
from casework.notifications.models import Notification
from tests.conftest import PASSWORD

ATTACKER = {"REMOTE_ADDR": "203.0.113.9"}
HER_OFFICE = {"REMOTE_ADDR": "198.51.100.7"}
# No slowing between tries, so ten failures come at once (the slowing is tested elsewhere).
pytestmark = pytest.mark.parametrize("app_config", [{"LOGIN_SLOW_AFTER": 100}])


def _try(client, username: str, password: str, where: dict):
    """One login attempt from an address."""
    return client.post("/login", data={"username": username, "password": password},
                       environ_base=where)


def _lock_from_attacker(app, username: str) -> None:
    """Ten wrong passwords from the attacker's address."""
    attacker = app.test_client()
    for _ in range(10):
        _try(attacker, username, "bukan kata sandinya", ATTACKER)


def test_an_outsider_cannot_lock_the_user_out_of_her_own_address(app, client, make_user):
    """Ten failures lock the name for the attacker's address only."""
    user = make_user("paralegal")
    _lock_from_attacker(app, user.username)
    assert _try(app.test_client(), user.username, PASSWORD, ATTACKER).status_code == 200
    assert _try(client, user.username, PASSWORD, HER_OFFICE).status_code == 302
    assert client.get("/account").status_code == 200


def test_failures_from_her_own_address_still_lock_there(app, make_user):
    """The lock still works where the failures come from."""
    user = make_user("paralegal")
    mine = app.test_client()
    for _ in range(10):
        _try(mine, user.username, "bukan kata sandinya", HER_OFFICE)
    assert _try(mine, user.username, PASSWORD, HER_OFFICE).status_code == 200


def test_the_holder_and_her_supervisor_are_told_of_the_lock(app, make_user, make_org):
    """An in-app notification for her (her own kind), and for her supervisors and admins."""
    centre = make_org("community_centre")
    user = make_user("paralegal", centre)
    supervisor = make_user("supervisor", centre)
    admin = make_user("admin", centre)
    _lock_from_attacker(app, user.username)
    with app.app_context():
        rows = db.session.scalars(select(Notification).where(Notification.channel == "inapp"))
        told = {(row.user_id, row.kind) for row in rows}
        assert db.session.get(User, user.id).locked_until is not None
    assert told == {(user.id, "login_blocked"), (supervisor.id, "account_locked"),
                    (admin.id, "account_locked")}
