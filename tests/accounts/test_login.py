"""Logging in and out through the real form, with server-side sessions."""

from __future__ import annotations

import re

from sqlalchemy import select

from casework.audit.models import AuditEntry
from casework.extensions import db
from tests.conftest import PASSWORD

# A CSRF token carries the second it was made in: two pages a second apart differ there alone.
CSRF_VALUE = re.compile(rb'(name="csrf_token"[^>]*value=")[^"]*"')


def _without_token(page: bytes) -> bytes:
    """The page with its CSRF tokens' values blanked."""
    return CSRF_VALUE.sub(rb'\1"', page)


def _log_in(client, username: str, password: str):
    """Submit the login form."""
    return client.post("/login", data={"username": username, "password": password})


def test_login_page_is_indonesian_by_default(client):
    """An anonymous visitor sees the login page in Bahasa Indonesia."""
    page = client.get("/login")
    assert page.status_code == 200
    assert b"Masuk" in page.data


def test_paralegal_logs_in_and_out(client, make_user):
    """Right password: to the case list; logout ends the session on the server."""
    user = make_user("paralegal")
    response = _log_in(client, user.username, PASSWORD)
    assert response.status_code == 302
    cookie = client.get_cookie("cw_session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Strict"
    assert client.get("/cases/").status_code == 200
    client.post("/logout")
    assert client.get("/cases/").status_code == 302
    client.set_cookie("cw_session", cookie.value)  # replaying the stolen cookie
    assert client.get("/cases/").status_code == 302


def test_wrong_password_and_unknown_user_get_the_same_answer(app, client, make_user):
    """The message does not tell a wrong password from an unknown name; both are logged."""
    user = make_user("paralegal")
    wrong = _log_in(client, user.username, "not the password at all")
    unknown = _log_in(client, "nobody-here", "not the password at all")
    assert wrong.status_code == unknown.status_code == 200
    assert _without_token(wrong.data.replace(user.username.encode(), b"")) == \
        _without_token(unknown.data.replace(b"nobody-here", b""))
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("login_failed") == 2


def test_new_token_at_each_login(client, make_user):
    """Each login issues a new session token."""
    user = make_user("paralegal")
    _log_in(client, user.username, PASSWORD)
    first = client.get_cookie("cw_session").value
    client.post("/logout")
    _log_in(client, user.username, PASSWORD)
    assert client.get_cookie("cw_session").value != first


def test_next_never_leaves_the_site(client, make_user):
    """A login link cannot send the user to another site afterwards."""
    user = make_user("paralegal")
    response = client.post("/login?next=//evil.example/x",
                           data={"username": user.username, "password": PASSWORD})
    assert response.headers["Location"] in ("/", "http://localhost/")
