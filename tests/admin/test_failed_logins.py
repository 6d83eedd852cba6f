"""Admins see every failed login, including names no account has (no supervisor's log shows
those, as they belong to no organisation), the addresses they came from and the locked
accounts; never a survivor's data."""

from __future__ import annotations

from datetime import timedelta

from casework.accounts.models import User
from casework.database import utcnow
from casework.extensions import db

WRONG = "bukan kata sandinya"


def _fail(client, username: str, address: str) -> None:
    """One failed login through the form, from an address."""
    response = client.post("/login", data={"username": username, "password": WRONG},
                           environ_base={"REMOTE_ADDR": address})
    assert response.status_code in (200, 401, 422, 429)


def _page(client) -> str:
    """The failed-logins page as the admin sees it."""
    response = client.get("/admin/failed-logins")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_unknown_names_and_their_address_are_shown(app, client, login, make_user):
    """A guess at a name nobody has shows as such, with the address it came from."""
    admin = make_user("admin")
    for _ in range(3):
        _fail(app.test_client(), "tidak-ada-orang", "203.0.113.9")
    html = _page(login(client, admin))
    attempts = html.split('id="attempts"')[1]
    assert attempts.count("Nama pengguna yang tidak dimiliki akun mana pun") == 3
    assert "tidak-ada-orang" not in html  # the typed name is never stored
    addresses = html.split('id="addresses"')[1].split("</section>")[0]
    assert "203.0.113.9" in addresses and '<td class="num">3</td>' in addresses


def test_a_known_account_is_named_and_linked(app, client, login, make_user):
    """A failed login for a real account names the account, linked to its admin page."""
    admin, paralegal = make_user("admin"), make_user("paralegal")
    _fail(app.test_client(), paralegal.username, "198.51.100.7")
    html = _page(login(client, admin)).split('id="attempts"')[1]
    assert f"/admin/users/{paralegal.id}" in html and paralegal.username in html


def test_locked_accounts_are_listed(app, client, login, make_user):
    """An account locked after failures is listed until its lock ends."""
    admin, paralegal = make_user("admin"), make_user("paralegal")
    with app.app_context():
        db.session.get(User, paralegal.id).locked_until = utcnow() + timedelta(minutes=30)
        db.session.commit()
    html = _page(login(client, admin)).split('id="locked"')[1].split("</section>")[0]
    assert paralegal.username in html


def test_old_failures_are_left_out(app, client, login, make_user):
    """Only the configured recent days are shown."""
    admin = make_user("admin")
    app.config["AUDIT_ATTENTION_DAYS"] = 0
    _fail(app.test_client(), "tidak-ada-orang", "203.0.113.9")
    html = _page(login(client, admin))
    assert "Tidak ada login yang gagal pada hari-hari ini." in html
