"""SECURITY.md 11: a TOTP second factor (pyotp), required for supervisors and admins, optional
for others; a code is refused the second time; recovery codes are single-use and hashed."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import select, text

from casework.accounts.models import RecoveryCode
from casework.extensions import db
from tests.conftest import PASSWORD


def _log_in(client, user):
    """The password step through the form."""
    return client.post("/login", data={"username": user.username, "password": PASSWORD})


def _enrol(client) -> tuple[pyotp.TOTP, list[str], str]:
    """Start enrolment, read the key from the page, confirm with a code; return what we need."""
    page = client.post("/login/enrol", data={"start": "1"}).get_data(as_text=True)
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    totp = pyotp.TOTP(secret)
    code = totp.now()
    done = client.post("/login/enrol", data={"code": code}).get_data(as_text=True)
    return totp, re.findall(r"<li><code>([a-z0-9-]+)</code></li>", done), code


def _next_code(totp: pyotp.TOTP) -> str:
    """The code of the next time step (accepted within the allowed clock drift)."""
    return totp.at(time.time() + 30)


@pytest.fixture
def enrolled(client, make_user):
    """A supervisor who has logged in once and enrolled an authenticator."""
    user = make_user("supervisor")
    _log_in(client, user)
    totp, codes, used = _enrol(client)
    client.post("/logout")
    return user, totp, codes, used


def test_supervisor_must_enrol_before_anything_else(client, make_user):
    """After the password, every page leads to enrolment; a POST elsewhere is refused."""
    user = make_user("supervisor")
    assert _log_in(client, user).headers["Location"].endswith("/login/enrol")
    assert client.get("/cases/").headers["Location"].endswith("/login/enrol")
    assert client.get("/account").headers["Location"].endswith("/login/enrol")
    assert client.post("/account/password", data={}).status_code == 401


def test_enrolment_shows_a_qr_code_without_inline_script(client, make_user):
    """The QR code is an SVG image in a data: URI; the page carries no inline script."""
    _log_in(client, make_user("admin"))
    page = client.post("/login/enrol", data={"start": "1"})
    html = page.get_data(as_text=True)
    assert 'src="data:image/svg+xml' in html
    assert "<script>" not in html and "script-src 'self'" in page.headers["Content-Security-Policy"]


def test_enrolment_completes_the_login_and_shows_recovery_codes(client, make_user):
    """A right first code turns the factor on, shows ten codes once, and opens the pages."""
    _log_in(client, make_user("supervisor"))
    _totp, codes, _used = _enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/cases/").status_code == 200


def test_a_code_is_refused_the_second_time(client, enrolled):
    """The enrolment code cannot log in again; a fresh one can, once."""
    user, totp, _codes, used = enrolled
    assert _log_in(client, user).headers["Location"].endswith("/login/code")
    assert client.post("/login/code", data={"code": used}).status_code == 200
    fresh = _next_code(totp)
    assert client.post("/login/code", data={"code": fresh}).status_code == 302
    assert client.get("/cases/").status_code == 200
    client.post("/logout")
    _log_in(client, user)
    assert client.post("/login/code", data={"code": fresh}).status_code == 200
    assert client.get("/cases/").status_code == 302


def test_recovery_code_works_once(client, enrolled):
    """A recovery code replaces the authenticator for one login only."""
    user, _totp, codes, _used = enrolled
    _log_in(client, user)
    assert client.post("/login/code", data={"code": codes[0].upper()}).status_code == 302
    client.post("/logout")
    _log_in(client, user)
    assert client.post("/login/code", data={"code": codes[0]}).status_code == 200
    assert client.get("/cases/").status_code == 302


def test_recovery_codes_are_stored_hashed(app, enrolled):
    """The database holds no recovery code in clear, only one hash per code."""
    _user, _totp, codes, _used = enrolled
    with app.app_context():
        hashes = db.session.scalars(select(RecoveryCode.code_hash)).all()
        dump = " ".join(str(row) for row in db.session.execute(
            text("SELECT * FROM recovery_code")).all())
    assert len(hashes) == 10
    for code in codes:
        assert code not in dump and code.replace("-", "") not in dump


def test_wrong_codes_slow_the_second_step(client, enrolled):
    """Guessing codes counts as failed logins: after three, even the right code must wait."""
    user, totp, _codes, _used = enrolled
    _log_in(client, user)
    for guess in ("000000", "111111", "222222"):
        client.post("/login/code", data={"code": guess})
    assert client.post("/login/code", data={"code": _next_code(totp)}).status_code == 200


def test_paralegal_may_go_without_or_opt_in(client, make_user):
    """A paralegal logs in with the password alone, may enrol, and then needs a code too."""
    user = make_user("paralegal")
    assert _log_in(client, user).headers["Location"].endswith("/")
    page = client.post("/account/two-step", data={"start": "1"}).get_data(as_text=True)
    totp = pyotp.TOTP(re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1))
    assert client.post("/account/two-step", data={"code": totp.now()}).status_code == 200
    client.post("/logout")
    assert _log_in(client, user).headers["Location"].endswith("/login/code")


def test_pending_session_cannot_reach_the_account_page_of_an_enrolled_user(client, enrolled):
    """Between password and code, the two-step settings and recovery codes stay shut."""
    user, _totp, _codes, _used = enrolled
    _log_in(client, user)
    assert client.get("/account/two-step").headers["Location"].endswith("/login/code")
    assert client.get("/login/enrol").headers["Location"].endswith("/login/code")
    assert client.post("/account/two-step/recovery-codes", data={}).status_code == 401
