"""Logging in and out through the real form, with server-side sessions."""

from __future__ import annotations

import re

import pytest
from itsdangerous.timed import TimestampSigner
from sqlalchemy import select

from casework.audit.models import AuditEntry
from casework.extensions import db
from tests.conftest import PASSWORD

# A CSRF token carries the second it was made in: two pages a second apart differ there alone.
# Whatever the order of the attributes of the hidden input.
CSRF_VALUE = re.compile(rb'(<input[^>]*name="csrf_token"[^>]*value=")([^"]*)"')
CSRF_VALUE_FIRST = re.compile(rb'(<input[^>]*value=")[^"]*("[^>]*name="csrf_token")')


def _without_token(page: bytes) -> bytes:
    """The page with its CSRF tokens' values blanked."""
    return CSRF_VALUE_FIRST.sub(rb"\1\2", CSRF_VALUE.sub(rb'\1"', page))


def _token_of(page: bytes) -> bytes:
    """The value of the page's first CSRF token."""
    return CSRF_VALUE.search(page).group(2)


def _log_in(client, username: str, password: str, token: str | bytes = ""):
    """Submit the login form (with the page's CSRF token when the test turns CSRF on)."""
    data = {"username": username, "password": password}
    if token:
        data["csrf_token"] = token.decode() if isinstance(token, bytes) else token
    return client.post("/login", data=data)


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


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_wrong_password_and_unknown_user_get_the_same_answer(app, client, make_user, monkeypatch):
    """The message does not tell a wrong password from an unknown name; both are logged.

    The two answers are made a second apart on purpose (the tokens' clock is moved on between
    them): a CSRF token carries the second it was made in, and the test must not fail when the
    two answers straddle a second (issue 16). Every token is blanked, and nothing else may
    differ."""
    seconds = {"now": 1_800_000_000}
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda _self: seconds["now"])
    user = make_user("paralegal")
    token = _token_of(client.get("/login").data)
    wrong = _log_in(client, user.username, "not the password at all", token)
    seconds["now"] += 1
    unknown = _log_in(client, "nobody-here", "not the password at all", token)
    assert wrong.status_code == unknown.status_code == 200
    assert _token_of(wrong.data) != _token_of(unknown.data)  # the seconds really differ
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
