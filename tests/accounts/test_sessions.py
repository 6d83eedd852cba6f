"""SECURITY.md 12: server-side sessions: a random token in an HttpOnly, SameSite=Strict cookie
(Secure behind TLS), new at login, 15 minutes idle and 12 hours absolute, and logout, password
change, deactivation or a revoke end every session of the user at once, on every app process."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from casework import create_app
from casework.accounts.models import UserSession
from casework.database import utcnow
from casework.extensions import db
from tests.conftest import PASSWORD, SECRET


def _log_in(client, user, **kwargs):
    """The login form."""
    return client.post("/login", data={"username": user.username, "password": PASSWORD}, **kwargs)


def _age_sessions(app, **values) -> None:
    """Move every session's timestamps back."""
    with app.app_context():
        db.session.execute(update(UserSession).values(**values))
        db.session.commit()


def _is_in(client) -> bool:
    """Whether the client's session still opens the account page."""
    return client.get("/account").status_code == 200


def test_cookie_flags_and_token_stored_hashed(app, client, make_user):
    """HttpOnly, SameSite=Strict, not Secure over plain HTTP; only a hash is in the database."""
    _log_in(client, make_user("paralegal"))
    cookie = client.get_cookie("cw_session")
    assert cookie.http_only and cookie.same_site == "Strict" and not cookie.secure
    assert len(cookie.value) >= 40
    with app.app_context():
        stored = db.session.scalars(select(UserSession.token_hash)).one()
    assert cookie.value not in stored


def test_cookie_is_secure_over_tls(app, make_user):
    """Served over HTTPS the session cookie is marked Secure."""
    client = app.test_client()
    response = _log_in(client, make_user("paralegal"), base_url="https://localhost")
    assert "Secure" in response.headers["Set-Cookie"]
    page = app.test_client().get("/login", base_url="https://localhost")  # the CSRF cookie too
    cookies = page.headers.getlist("Set-Cookie")
    assert cookies and all("Secure" in cookie for cookie in cookies)


@pytest.mark.parametrize("app_config", [{"TRUSTED_PROXY_COUNT": 1}])
def test_cookie_is_secure_behind_a_tls_proxy(app, client, make_user):
    """Behind a trusted proxy that ends TLS, X-Forwarded-Proto makes the cookie Secure."""
    response = _log_in(client, make_user("paralegal"), headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in response.headers["Set-Cookie"]


def test_login_replaces_a_planted_token(client, make_user):
    """A token set before login (session fixation) is never the one used after it."""
    client.set_cookie("cw_session", "planted-by-someone-else-000000000000000")
    _log_in(client, make_user("paralegal"))
    assert client.get_cookie("cw_session").value != "planted-by-someone-else-000000000000000"


@pytest.mark.parametrize(("idle", "still_in"), [(14, True), (16, False)])
def test_idle_timeout(app, client, login, make_user, idle, still_in):
    """Fifteen minutes without a request end the session."""
    login(client, make_user("paralegal"))
    _age_sessions(app, last_seen_at=utcnow() - timedelta(minutes=idle))
    assert _is_in(client) is still_in


def test_absolute_timeout(app, client, login, make_user):
    """Twelve hours after login the session ends, however busy it was."""
    login(client, make_user("paralegal"))
    _age_sessions(app, created_at=utcnow() - timedelta(hours=12, minutes=1))
    assert not _is_in(client)


@pytest.mark.parametrize("app_config", [{"SESSION_IDLE_MINUTES": 5, "SESSION_ABSOLUTE_HOURS": 1}])
def test_timeouts_are_configurable(app, client, login, make_user):
    """Shorter settings take effect."""
    user = make_user("paralegal")
    login(client, user)
    _age_sessions(app, last_seen_at=utcnow() - timedelta(minutes=6))
    assert not _is_in(client)
    login(client, user)
    _age_sessions(app, created_at=utcnow() - timedelta(minutes=61))
    assert not _is_in(client)


def _two_devices(app, login, user):
    """The same user logged in on a phone and a laptop."""
    return login(app.test_client(), user), login(app.test_client(), user)


def test_logout_ends_every_session_and_a_replayed_cookie(app, login, make_user):
    """Logging out on one device logs out the other; the old cookie opens nothing."""
    phone, laptop = _two_devices(app, login, make_user("paralegal"))
    stolen = phone.get_cookie("cw_session").value
    phone.post("/logout")
    assert not _is_in(laptop)
    thief = app.test_client()
    thief.set_cookie("cw_session", stolen)
    assert thief.get("/cases/").headers["Location"].startswith("/login")


def test_password_change_ends_every_session(app, login, make_user):
    """A new password logs out every device."""
    phone, laptop = _two_devices(app, login, make_user("paralegal"))
    new = "kalimat rahasia yang baru"
    phone.post("/account/password", data={"current": PASSWORD, "new": new, "confirm": new})
    assert not _is_in(phone) and not _is_in(laptop)


@pytest.mark.parametrize("revoker", ["supervisor", "admin"])
def test_revoke_ends_every_session(app, login, make_org, make_user, revoker):
    """A supervisor of the tree, or an admin, ends a user's sessions on every device."""
    ngo = make_org("ngo")
    member = make_user("paralegal", make_org("community_centre", parent=ngo))
    phone, laptop = _two_devices(app, login, member)
    boss = login(app.test_client(), make_user(revoker, ngo))
    if revoker == "supervisor":
        boss.post("/team/revoke", data={"user_id": str(member.id)})
    else:
        boss.post(f"/admin/users/{member.id}/revoke")
    assert not _is_in(phone) and not _is_in(laptop)


def test_ended_session_is_refused_by_every_app_process(app, login, make_user):
    """A second app process on the same database agrees at once that the session ended."""
    other_process = create_app({
        "TESTING": True, "SECRET_KEY": SECRET, "CASEWORK_ENV": "test",
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "KEYS_FILE": app.config["KEYS_FILE"], "WTF_CSRF_ENABLED": False,
    })
    client = login(app.test_client(), make_user("paralegal"))
    elsewhere = other_process.test_client()
    elsewhere.set_cookie("cw_session", client.get_cookie("cw_session").value)
    assert _is_in(elsewhere)
    client.post("/logout")
    assert not _is_in(elsewhere)
    with other_process.app_context():
        db.session.remove()
        db.engine.dispose()
