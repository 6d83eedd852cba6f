"""The access log of a login: one `login` entry once the person is fully logged in (after the
second factor when there is one), `password_ok` for the password step before it, failures for
wrong codes, and one `logout` entry."""

from __future__ import annotations

import re

import pyotp

from casework.accounts.models import User
from casework.audit.models import AuditEntry
from casework.extensions import db
from tests.accounts.audit_log import entries_since, log_head
from tests.conftest import PASSWORD


def _password_step(client, user):
    """The login form."""
    return client.post("/login", data={"username": user.username, "password": PASSWORD})


def _with_authenticator(app, user) -> pyotp.TOTP:
    """Give the user an enrolled authenticator; return it."""
    secret = pyotp.random_base32()
    with app.app_context():
        db.session.get(User, user.id).totp_secret = secret
        db.session.commit()
    return pyotp.TOTP(secret)


def _is_the_users(entry: AuditEntry, user) -> bool:
    """An entry by and about the user, with a request id and an address."""
    return (entry.actor_id == user.id and entry.actor_org_id == user.organisation_id
            and entry.object_type == "user" and entry.object_id == user.id
            and bool(entry.request_id) and entry.ip == "127.0.0.1")


def test_login_without_second_factor_writes_one_login(app, client, make_user):
    """A paralegal without an authenticator: the password finishes the login, one entry."""
    user = make_user("paralegal")
    before = log_head(app)
    response = _password_step(client, user)
    entries = entries_since(app, before)
    assert [(e.action, e.outcome) for e in entries] == [("login", "ok")]
    assert _is_the_users(entries[0], user)
    assert entries[0].request_id == response.headers["X-Request-ID"]


def test_password_alone_is_not_a_login_when_a_second_factor_follows(app, client, make_user):
    """The password step writes `password_ok`; the right code then writes the one `login`."""
    user = make_user("supervisor")
    totp = _with_authenticator(app, user)
    before = log_head(app)
    assert _password_step(client, user).headers["Location"].endswith("/login/code")
    assert [e.action for e in entries_since(app, before)] == ["password_ok"]
    middle = log_head(app)
    assert client.post("/login/code", data={"code": totp.now()}).status_code == 302
    entries = entries_since(app, middle)
    assert [(e.action, e.outcome, e.flags) for e in entries] == [("login", "ok", "totp")]
    assert all(_is_the_users(e, user) for e in entries_since(app, before))


def test_an_optional_second_factor_also_waits_for_the_code(app, client, make_user):
    """A paralegal who chose to enrol: no login entry until the code."""
    user = make_user("paralegal")
    totp = _with_authenticator(app, user)
    before = log_head(app)
    _password_step(client, user)
    client.post("/login/code", data={"code": totp.now()})
    assert [e.action for e in entries_since(app, before)] == ["password_ok", "login"]


def test_a_wrong_code_is_a_failed_login_and_no_login(app, client, make_user):
    """A wrong second-factor code is logged as a failure of the second step."""
    user = make_user("supervisor")
    totp = _with_authenticator(app, user)
    _password_step(client, user)
    before = log_head(app)
    wrong = "000000" if totp.now() != "000000" else "111111"
    assert client.post("/login/code", data={"code": wrong}).status_code == 200
    entries = entries_since(app, before)
    assert [(e.action, e.outcome) for e in entries] == [("login_failed", "failed")]
    assert "second_factor" in entries[0].flags.split(",") and _is_the_users(entries[0], user)


def test_enrolment_at_first_login_is_one_login(app, client, make_user):
    """A supervisor who sets up the authenticator during login: enrolment, codes, one login."""
    user = make_user("supervisor")
    before = log_head(app)
    _password_step(client, user)
    page = client.post("/login/enrol", data={"start": "1"}).get_data(as_text=True)
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    client.post("/login/enrol", data={"code": "000000" if pyotp.TOTP(secret).now() != "000000"
                                      else "111111"})
    client.post("/login/enrol", data={"code": pyotp.TOTP(secret).now()})
    entries = entries_since(app, before)
    assert [(e.action, e.outcome) for e in entries] == [
        ("password_ok", "ok"), ("mfa_enrol", "failed"), ("mfa_enrol", "ok"),
        ("recovery_codes", "ok"), ("login", "ok")]
    assert entries[-1].flags == "enrol"
    assert all(_is_the_users(e, user) for e in entries)


def test_logout_writes_one_entry(app, client, make_user):
    """Logging out: one `logout` entry by the user, nothing else."""
    user = make_user("paralegal")
    _password_step(client, user)
    before = log_head(app)
    client.post("/logout")
    entries = entries_since(app, before)
    assert [(e.action, e.outcome) for e in entries] == [("logout", "ok")]
    assert _is_the_users(entries[0], user)


def test_the_supervisor_reads_the_steps_in_indonesian(app, client, login, make_org, make_user):
    """The log page labels the password step, not its code."""
    ngo = make_org("ngo")
    member = make_user("paralegal", ngo)
    _with_authenticator(app, member)
    _password_step(client, member)
    boss = login(app.test_client(), make_user("supervisor", ngo))
    page = boss.get("/audit/", query_string={"action": "password_ok"})
    entries = page.get_data(as_text=True).split('class="plain audit-log"')[1]
    assert page.status_code == 200
    assert "Kata sandi benar, menunggu langkah kedua" in entries and "password_ok" not in entries
