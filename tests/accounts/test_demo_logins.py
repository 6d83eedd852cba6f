"""The demo prints logins that work: supervisors and admins get a TOTP key with their password."""

from __future__ import annotations

import pyotp

from casework.demo import seed_demo
from casework.extensions import db


def test_printed_demo_logins_work_for_every_role(app):
    """Each printed password logs in; supervisors and admins also with a code from their key."""
    with app.test_request_context():
        logins = seed_demo()
        db.session.commit()
    for username, role, _org, printed in logins:
        password, _sep, key = printed.partition("  TOTP key ")
        client = app.test_client()
        response = client.post("/login", data={"username": username, "password": password})
        if role in ("supervisor", "admin"):
            assert key and response.headers["Location"].endswith("/login/code")
            response = client.post("/login/code", data={"code": pyotp.TOTP(key).now()})
        assert response.status_code == 302
        assert client.get("/account").status_code == 200, username
