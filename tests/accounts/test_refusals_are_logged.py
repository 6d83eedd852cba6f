"""Issue 3, bad input: a forged form without a CSRF token and a session cookie replayed after
logout are each refused and logged (outcome denied, request id, address; never the token)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from casework.accounts.models import UserSession
from casework.audit.models import AuditEntry
from casework.database import utcnow
from casework.extensions import db
from tests.accounts.audit_log import entries_since, log_head
from tests.conftest import PASSWORD

CSRF_ON = pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
FORGED_TOKEN = "IjFmMzQ0forged-token-from-elsewhere"


def _only(entries: list[AuditEntry], action: str) -> AuditEntry:
    """The one entry of an action among these."""
    matching = [e for e in entries if e.action == action]
    assert len(matching) == 1, [(e.action, e.outcome) for e in entries]
    return matching[0]


def _holds_no(entry: AuditEntry, secret: str) -> bool:
    """Whether the entry's stored form leaves the secret out."""
    return secret not in entry.canonical().decode("utf-8")


@CSRF_ON
def test_forged_login_form_is_refused_and_logged(app, client, make_user):
    """Anonymous, no token: the generic 400 page, and one csrf_failed entry for this request."""
    user = make_user("paralegal")
    before = log_head(app)
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Permintaan tidak dapat dipahami" in page
    entry = _only(entries_since(app, before), "csrf_failed")
    assert entry.outcome == "denied" and entry.actor_id is None
    assert entry.request_id and entry.request_id == response.headers["X-Request-ID"]
    assert entry.request_id in page and entry.ip == "127.0.0.1"
    assert _holds_no(entry, user.username) and _holds_no(entry, PASSWORD)


@CSRF_ON
def test_forged_form_of_a_logged_in_user_is_logged_as_theirs(app, client, login, make_user):
    """A cross-site logout with a made-up token: refused, logged for the user, token left out."""
    user = make_user("paralegal")
    login(client, user)
    before = log_head(app)
    assert client.post("/logout", data={"csrf_token": FORGED_TOKEN}).status_code == 400
    entries = entries_since(app, before)
    entry = _only(entries, "csrf_failed")
    assert (entry.actor_id, entry.actor_org_id) == (user.id, user.organisation_id)
    assert entry.outcome == "denied" and _holds_no(entry, FORGED_TOKEN)
    assert "logout" not in [e.action for e in entries]
    assert client.get("/account").status_code == 200


def test_cookie_replayed_after_logout_is_refused_and_logged(app, client, make_user):
    """Each try with the old cookie is refused and writes one entry for the account."""
    user = make_user("paralegal")
    client.post("/login", data={"username": user.username, "password": PASSWORD})
    stolen = client.get_cookie("cw_session").value
    client.post("/logout")
    thief = app.test_client()
    for _try in range(2):
        thief.set_cookie("cw_session", stolen)
        before = log_head(app)
        response = thief.get("/cases/")
        assert response.headers["Location"].startswith("/login")
        entry = _only(entries_since(app, before), "session_refused")
        assert entry.outcome == "denied" and entry.flags == "logout"
        assert (entry.actor_id, entry.object_id) == (user.id, user.id)
        assert entry.request_id == response.headers["X-Request-ID"] and entry.ip == "127.0.0.1"
        assert _holds_no(entry, stolen)


def test_an_honest_browser_drops_a_dead_cookie_after_one_entry(app, client, login, make_user):
    """A revoked session's browser is told to forget the cookie: one entry, not one per page."""
    user = make_user("paralegal")
    login(client, user)
    with app.app_context():
        db.session.execute(update(UserSession).values(ended_at=utcnow(), end_reason="revoked"))
        db.session.commit()
    before = log_head(app)
    client.get("/cases/")
    client.get("/login")
    client.get("/cases/")
    assert [(e.action, e.flags) for e in entries_since(app, before)] == [
        ("session_refused", "revoked")]
    assert client.get_cookie("cw_session") is None


def test_a_timed_out_session_is_ended_once_then_refused(app, client, login, make_user):
    """Idle too long: one ordinary session_expired entry; the same cookie again is refused."""
    user = make_user("paralegal")
    login(client, user)
    cookie = client.get_cookie("cw_session").value
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(hours=1)))
        db.session.commit()
    before = log_head(app)
    client.get("/cases/")
    client.set_cookie("cw_session", cookie)
    client.get("/cases/")
    assert [(e.action, e.outcome, e.flags) for e in entries_since(app, before)] == [
        ("session_expired", "ok", ""), ("session_refused", "denied", "idle")]


def test_an_unknown_token_is_refused_and_logging_in_still_works(app, client, make_user):
    """A made-up cookie is logged without an account; logging in over it sets a live one."""
    user = make_user("paralegal")
    client.set_cookie("cw_session", "made-up-token-0000000000000000000000000")
    before = log_head(app)
    client.post("/login", data={"username": user.username, "password": PASSWORD})
    entries = entries_since(app, before)
    refused = _only(entries, "session_refused")
    assert refused.actor_id is None and refused.flags == "unknown"
    assert _holds_no(refused, "made-up-token")
    assert _only(entries, "login").actor_id == user.id
    assert client.get("/account").status_code == 200


def test_the_supervisor_sees_the_replay_in_the_log(app, client, login, make_org, make_user):
    """The refusal is the account's: its organisation's supervisor finds it, in words."""
    ngo = make_org("ngo")
    member = make_user("paralegal", ngo)
    client.post("/login", data={"username": member.username, "password": PASSWORD})
    stolen = client.get_cookie("cw_session").value
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("cw_session", stolen)
    thief.get("/cases/")
    boss = login(app.test_client(), make_user("supervisor", ngo))
    page = boss.get("/audit/", query_string={"action": "session_refused"})
    entries = page.get_data(as_text=True).split('class="plain audit-log"')[1]
    assert page.status_code == 200
    assert "Sesi yang sudah berakhir ditolak" in entries and "Setelah keluar" in entries
