"""Issue 16: every role that sees survivor data needs a second factor (MFA_FOR_CASE_ROLES, on
by default); a user without one is taken to enrolment after the password."""

from __future__ import annotations

import pytest

from casework.config import Defaults
from tests.accounts.test_totp import _enrol, _log_in
from tests.conftest import PASSWORD

EVERY_ROLE = [{"MFA_FOR_CASE_ROLES": True}]


def test_the_default_asks_every_role_for_a_second_factor():
    """Out of the box the setting is on."""
    assert Defaults.MFA_FOR_CASE_ROLES is True


@pytest.mark.parametrize("app_config", EVERY_ROLE)
@pytest.mark.parametrize("role", ["paralegal", "service_staff"])
def test_case_worker_is_taken_to_enrolment_after_the_password(client, make_user, role):
    """Nothing opens before she adds an authenticator; then the pages do."""
    user = make_user(role)
    assert _log_in(client, user).headers["Location"].endswith("/login/enrol")
    assert client.get("/account").headers["Location"].endswith("/login/enrol")
    _totp, codes, _used = _enrol(client)
    assert len(codes) == 10
    assert client.get("/account").status_code == 200


@pytest.mark.parametrize("app_config", EVERY_ROLE)
def test_paralegal_cannot_turn_it_off(client, make_user):
    """The opt-out is refused while the setting is on."""
    user = make_user("paralegal")
    _log_in(client, user)
    _enrol(client)
    response = client.post("/account/two-step/remove", data={"password": PASSWORD})
    assert response.headers["Location"].endswith("/account/two-step")
    client.post("/logout")
    assert _log_in(client, user).headers["Location"].endswith("/login/code")


@pytest.mark.parametrize("app_config", [{"MFA_FOR_CASE_ROLES": False}])
def test_turned_off_only_supervisors_and_admins_need_it(client, make_user):
    """A deployment that turns it off gets the old rule."""
    assert "/login/" not in _log_in(client, make_user("paralegal")).headers["Location"]
    client.post("/logout")
    assert _log_in(client, make_user("supervisor")).headers["Location"].endswith("/login/enrol")
