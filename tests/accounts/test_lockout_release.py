"""Issue 16: a locked account is released by a supervisor of her organisation, or by the
user's own recovery code; an unknown name or a wrong code gets nowhere."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casework.accounts import mfa
from casework.accounts.models import LoginThrottle, User
from casework.audit.models import AuditEntry
from casework.extensions import db
from tests.accounts.test_lockout_per_address import HER_OFFICE, _try
from tests.conftest import PASSWORD

pytestmark = pytest.mark.parametrize("app_config", [{"LOGIN_SLOW_AFTER": 100}])


def _locked_user(app, make_user, role: str = "paralegal", org=None) -> User:
    """A user locked out of her own office by ten wrong passwords from there."""
    user = make_user(role, org)
    locked = app.test_client()
    for _ in range(10):
        _try(locked, user.username, "bukan kata sandinya", HER_OFFICE)
    return user


def _recovery_codes(app, user: User) -> list[str]:
    """Give the user recovery codes (as enrolment does) and return them."""
    with app.test_request_context():
        codes = mfa.new_recovery_codes(db.session.get(User, user.id))
        db.session.commit()
    return codes


def _unlock(client, username: str, code: str):
    """The recovery-code form, from her office."""
    return client.post("/login/unlock", data={"username": username, "code": code},
                       environ_base=HER_OFFICE)


def test_her_own_recovery_code_lifts_the_lock(app, client, make_user):
    """One code lifts the lock (and is spent); the password works again from her office."""
    user = _locked_user(app, make_user)
    codes = _recovery_codes(app, user)
    assert _try(client, user.username, PASSWORD, HER_OFFICE).status_code == 200
    assert _unlock(client, user.username, codes[0]).status_code == 302
    assert _try(client, user.username, PASSWORD, HER_OFFICE).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(LoginThrottle.id)
                                 .where(LoginThrottle.locked_until.is_not(None))) is None
        assert db.session.scalar(select(AuditEntry.flags).where(AuditEntry.action == "unlock")) \
            == "recovery_code"
    client.post("/logout")
    for _ in range(10):  # locked again: the spent code lifts nothing, the next one does
        _try(app.test_client(), user.username, "bukan kata sandinya", HER_OFFICE)
    assert _unlock(client, user.username, codes[0]).status_code == 422
    assert _unlock(client, user.username, codes[1]).status_code == 302


def test_a_wrong_or_spent_code_does_not_lift_it(app, client, make_user):
    """A wrong code is refused in Indonesian and the lock stays."""
    user = _locked_user(app, make_user)
    _recovery_codes(app, user)
    page = _unlock(client, user.username, "aaaa-bbbb-cccc-dddd")
    assert page.status_code == 422
    assert "kode pemulihan salah" in page.get_data(as_text=True)
    assert _try(client, user.username, PASSWORD, HER_OFFICE).status_code == 200


def test_an_unlocked_name_is_told_to_log_in_as_usual(app, client, make_user):
    """Nothing to lift: the same answer whether the name exists or not, no code spent."""
    user = make_user("paralegal")
    known = _unlock(client, user.username, "aaaa-bbbb-cccc-dddd")
    unknown = _unlock(client, "tidak-ada-orang", "aaaa-bbbb-cccc-dddd")
    assert known.status_code == unknown.status_code == 302


def test_a_supervisor_of_her_organisation_lifts_the_lock(app, client, login, make_user,
                                                         make_org):
    """The team page shows the lock and a button; pressing it lets her log in again."""
    centre = make_org("community_centre")
    user = _locked_user(app, make_user, org=centre)
    login(client, make_user("supervisor", centre))
    page = client.get("/team/").get_data(as_text=True)
    assert "Login terkunci" in page
    with app.app_context():
        user_id = str(user.id)
    assert client.post("/team/unlock", data={"user_id": user_id}).status_code == 302
    assert "Login terkunci" not in client.get("/team/").get_data(as_text=True)
    her = app.test_client()
    assert _try(her, user.username, PASSWORD, HER_OFFICE).status_code == 302


def test_a_supervisor_of_another_organisation_cannot(app, client, login, make_user):
    """Outside her organisations the release is refused like any other staff action."""
    user = _locked_user(app, make_user)
    login(client, make_user("supervisor"))
    assert client.post("/team/unlock", data={"user_id": str(user.id)}).status_code == 404
    assert _try(app.test_client(), user.username, PASSWORD, HER_OFFICE).status_code == 200
