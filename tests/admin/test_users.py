"""Admin screens for accounts: create with a one-time password, deactivate, reactivate, reset
password and two-step login, end sessions; every action audited."""

from __future__ import annotations

import re

import pyotp
import pytest
from sqlalchemy import select

from casework.accounts.models import RecoveryCode, User
from casework.audit.models import AuditEntry
from casework.extensions import db
from tests.conftest import PASSWORD


@pytest.fixture
def admin(app, login, make_user):
    """A client logged in as an admin."""
    return login(app.test_client(), make_user("admin"))


def _actions(app) -> list[str]:
    """The audit actions recorded so far, in order."""
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


def _temporary_password(response) -> str:
    """The password shown once on the page."""
    return re.search(r'<code class="secret">([^<]+)</code>', response.get_data(as_text=True))[1]


def test_create_account_with_one_time_password(app, admin, make_org):
    """The new user logs in with the shown password and must choose her own first."""
    org = make_org(code="bale-baru")
    response = admin.post("/admin/users/new", data={
        "username": "rina.p", "display_name": "Rina", "role": "paralegal",
        "organisation_code": "bale-baru"})
    temporary = _temporary_password(response)
    person = app.test_client()
    person.post("/login", data={"username": "rina.p", "password": temporary})
    assert person.get("/cases/").headers["Location"].endswith("/account")
    new = "kalimat pilihan rina sendiri"
    person.post("/account/password", data={"current": temporary, "new": new, "confirm": new})
    person.post("/login", data={"username": "rina.p", "password": new})
    assert person.get("/cases/").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(User).where(User.username == "rina.p")).organisation_id \
            == org.id
    assert "create" in _actions(app)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("organisation_code", "tidak-ada", b"No organisation has this code"),
    ("username", "Bukan Nama", b"small letters"),
])
def test_create_account_refuses_bad_input(app, admin, make_org, field, value, message):
    """An unknown organisation or a malformed name comes back with a message."""
    make_org(code="bale-ada")
    data = {"username": "dewi", "display_name": "Dewi", "role": "paralegal",
            "organisation_code": "bale-ada", field: value}
    with app.app_context():
        db.session.execute(User.__table__.update().values(locale="en"))
        db.session.commit()
    response = admin.post("/admin/users/new", data=data)
    assert response.status_code == 422 and message in response.data


def test_deactivate_ends_sessions_and_login(app, admin, login, make_user):
    """A deactivated user is logged out everywhere and cannot log in; reactivation restores."""
    user = make_user("paralegal")
    device = login(app.test_client(), user)
    admin.post(f"/admin/users/{user.id}/deactivate")
    assert device.get("/cases/").status_code == 302
    fresh = app.test_client()
    assert fresh.post("/login", data={"username": user.username, "password": PASSWORD}) \
        .status_code == 200
    admin.post(f"/admin/users/{user.id}/activate")
    assert fresh.post("/login", data={"username": user.username, "password": PASSWORD}) \
        .status_code == 302
    assert {"deactivate", "activate"} <= set(_actions(app))


def test_admin_cannot_deactivate_herself(app, login, make_user):
    """The last way in is not closed by a slip."""
    me = make_user("admin")
    client = login(app.test_client(), me)
    client.post(f"/admin/users/{me.id}/deactivate")
    with app.app_context():
        assert db.session.get(User, me.id).active


def test_reset_password(app, admin, login, make_user):
    """A reset shows a new temporary password; the old one and every session stop working."""
    user = make_user("paralegal")
    device = login(app.test_client(), user)
    temporary = _temporary_password(admin.post(f"/admin/users/{user.id}/reset-password"))
    assert device.get("/cases/").status_code == 302
    fresh = app.test_client()
    assert fresh.post("/login", data={"username": user.username, "password": PASSWORD}) \
        .status_code == 200
    assert fresh.post("/login", data={"username": user.username, "password": temporary}) \
        .status_code == 302
    assert "password_reset" in _actions(app)


def test_reset_two_step_login(app, admin, make_user):
    """After a lost phone is reported, the user enrols again at the next login."""
    user = make_user("supervisor")
    device = app.test_client()
    device.post("/login", data={"username": user.username, "password": PASSWORD})
    page = device.post("/login/enrol", data={"start": "1"}).get_data(as_text=True)
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page)[1]
    device.post("/login/enrol", data={"code": pyotp.TOTP(secret).now()})
    assert device.get("/cases/").status_code == 200
    admin.post(f"/admin/users/{user.id}/reset-mfa")
    assert device.get("/cases/").status_code == 302
    again = device.post("/login", data={"username": user.username, "password": PASSWORD})
    assert again.headers["Location"].endswith("/login/enrol")
    with app.app_context():
        assert db.session.scalars(select(RecoveryCode)).all() == []
    assert "mfa_reset" in _actions(app)


def test_account_list_filters_and_pages(app, admin, make_org, make_user):
    """The list filters by name start and organisation, a page at a time."""
    app.config["PAGE_SIZE"] = 2
    org = make_org(code="bale-daftar")
    for name in ("ani", "ayu", "asri"):
        make_user("paralegal", org, username=f"{name}.bd")
    first = admin.get("/admin/users?org=bale-daftar").get_data(as_text=True)
    assert "ani.bd" in first and "asri.bd" in first and "ayu.bd" not in first
    assert "ayu.bd" in admin.get("/admin/users?org=bale-daftar&page=2").get_data(as_text=True)
    assert "ani.bd" not in admin.get("/admin/users?q=ay").get_data(as_text=True)
