"""Issue 16: the session token is renewed after the second factor (new server-side session,
the old one dead), and the CSRF token at login and at logout."""

from __future__ import annotations

import re

import pytest

from tests.accounts.test_totp import _enrol, _log_in, _next_code
from tests.conftest import PASSWORD

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _cookie(client) -> str:
    """The session token the browser holds."""
    return client.get_cookie("cw_session").value


def test_code_after_password_gives_a_new_session(app, client, make_user):
    """The token the password step set opens nothing after the code; the new one does."""
    user = make_user("supervisor")
    _log_in(client, user)
    totp, _codes, _used = _enrol(client)
    client.post("/logout")
    _log_in(client, user)
    halfway = _cookie(client)
    assert client.post("/login/code", data={"code": _next_code(totp)}).status_code == 302
    assert _cookie(client) != halfway
    assert client.get("/account").status_code == 200
    stolen = app.test_client()
    stolen.set_cookie("cw_session", halfway)
    assert stolen.get("/account").status_code == 302
    assert stolen.get("/login/code").status_code == 302


def test_enrolment_at_login_gives_a_new_session(app, client, make_user):
    """Enrolling as the login's second step renews the token too."""
    _log_in(client, make_user("admin"))
    halfway = _cookie(client)
    _enrol(client)
    assert _cookie(client) != halfway
    assert client.get("/account").status_code == 200
    stolen = app.test_client()
    stolen.set_cookie("cw_session", halfway)
    assert stolen.get("/account").status_code == 302


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_csrf_token_is_renewed_at_login_and_logout(client, make_user):
    """A form token from before the login is refused after it, and one from the logged-in
    pages is refused after the logout."""
    user = make_user("paralegal")
    before = TOKEN.search(client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"username": user.username, "password": PASSWORD,
                                "csrf_token": before})
    assert client.get("/account").status_code == 200
    assert client.post("/logout", data={"csrf_token": before}).status_code == 400
    during = TOKEN.search(client.get("/account").get_data(as_text=True)).group(1)
    assert client.post("/logout", data={"csrf_token": during}).status_code == 302
    assert client.post("/language", data={"locale": "en", "csrf_token": during}).status_code == 400
