"""The demo prints logins that work: supervisors and admins get a TOTP key with their password."""

from __future__ import annotations

import pyotp
import pytest

from casework.demo import seed_demo
from casework.extensions import db


@pytest.mark.parametrize(("app_config", "needs_code"), [
    ({"MFA_FOR_CASE_ROLES": False}, ("supervisor", "admin")),
    ({"MFA_FOR_CASE_ROLES": True}, ("paralegal", "service_staff", "supervisor", "admin")),
])
def test_printed_demo_logins_work_for_every_role(app, needs_code):
    """Each printed password logs in; a role that needs a second factor with a code from its key."""
    with app.test_request_context():
        logins = seed_demo()
        db.session.commit()
    for username, role, _org, printed in logins:
        password, _sep, key = printed.partition("  TOTP key ")
        client = app.test_client()
        response = client.post("/login", data={"username": username, "password": password})
        assert bool(key) == (role in needs_code), username
        if role in needs_code:
            assert key and response.headers["Location"].endswith("/login/code")
            response = client.post("/login/code", data={"code": pyotp.TOTP(key).now()})
        assert response.status_code == 302
        assert client.get("/account").status_code == 200, username
