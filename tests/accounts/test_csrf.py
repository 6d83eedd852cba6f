"""SECURITY.md 13 and bad input: every state change is a POST with a CSRF token; a forged form
without one is refused (400) and changes nothing; a GET never changes state."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from casework.accounts.models import User
from casework.extensions import db
from tests.conftest import PASSWORD

pytestmark = pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
NEW = "kalimat rahasia yang baru"


def _token(client, path: str) -> str:
    """The CSRF token of a page's form."""
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_forged_login_is_refused(client, make_user):
    """A login form posted from elsewhere, without a token, gets no session."""
    user = make_user("paralegal")
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get_cookie("cw_session") is None
    assert response.headers["X-Request-ID"] in response.get_data(as_text=True)
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_forged_password_change_changes_nothing(app, client, login, make_user):
    """Without the token the password stays; with the page's token it changes."""
    user = make_user("paralegal")
    login(client, user)
    data = {"current": PASSWORD, "new": NEW, "confirm": NEW}
    assert client.post("/account/password", data=data).status_code == 400
    with app.app_context():
        stored = db.session.scalar(select(User.password_hash).where(User.id == user.id))
    token = _token(client, "/account")
    assert client.post("/account/password", data={**data, "csrf_token": token}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User.password_hash).where(User.id == user.id)) != stored


def test_forged_logout_and_admin_action_are_refused(app, client, login, make_user):
    """A cross-site logout or deactivation does nothing."""
    target = make_user("paralegal")
    login(client, make_user("admin"))
    assert client.post("/logout").status_code == 400
    assert client.post(f"/admin/users/{target.id}/deactivate").status_code == 400
    assert client.get("/account").status_code == 200
    with app.app_context():
        assert db.session.get(User, target.id).active


def test_get_never_changes_state(client, login, make_user):
    """Logout and every account action answer 405 to a GET."""
    target = make_user("paralegal")
    login(client, make_user("admin"))
    paths = ["/logout", "/account/password", "/team/revoke", "/account/two-step/remove",
             *(f"/admin/users/{target.id}/{action}" for action in
               ("deactivate", "activate", "reset-password", "reset-mfa", "revoke"))]
    assert {path: client.get(path).status_code for path in paths} == dict.fromkeys(paths, 405)
    assert client.get("/account").status_code == 200
