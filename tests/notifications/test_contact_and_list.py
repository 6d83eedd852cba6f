"""Staff email and mobile: set by admins on a new account and the account page, and by each
user on /account; a malformed email or a number that is not Indonesian is refused with a
clear message. The in-app list, its count in the navigation, and marking it read."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from casework.accounts.models import User
from casework.extensions import db


def _contact(app, user_id) -> tuple:
    """The account's stored email and mobile."""
    with app.app_context():
        user = db.session.get(User, user_id)
        return user.email, user.mobile


def test_a_user_sets_her_own_email_and_mobile_on_her_account(app, make_user, as_user):
    user = make_user("paralegal")
    client = as_user(user)
    page = client.get("/account").get_data(as_text=True)
    assert "Alamat email (untuk pemberitahuan)" in page
    response = client.post("/account/contact", data={"email": " Rina@Contoh.OR.id ",
                                                      "mobile": "0812-3456-7001"})
    assert response.status_code == 302
    assert _contact(app, user.id) == ("rina@contoh.or.id", "+6281234567001")
    assert 'value="+6281234567001"' in client.get("/account").get_data(as_text=True)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("email", "rina.contoh.id", "Masukkan alamat email, misalnya nama@contoh.or.id."),
    ("email", "rina@contoh", "Masukkan alamat email"),
    ("email", "rina @contoh.id", "Masukkan alamat email"),
    ("email", "rina@[contoh.id", "tanpa spasi dan tanpa tanda berikut"),
    ("email", "rina(x@contoh.id", "tanpa spasi dan tanpa tanda berikut"),
    ("mobile", "+1 555 123 4567", "Nomor Indonesia"),
    ("mobile", "12345", "Nomor Indonesia"),
    ("mobile", "0812 abc", "hanya"),
])
def test_bad_contact_details_are_refused_with_a_message(app, make_user, as_user, field, value,
                                                         message):
    user = make_user("paralegal")
    data = {"email": "rina@contoh.id", "mobile": "081234567001", field: value}
    response = as_user(user).post("/account/contact", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert _contact(app, user.id) == (None, None)


def test_admins_set_contact_details_on_a_new_account_and_the_account_page(
        app, make_user, make_org, as_user):
    make_org("uptd_ppa", code="uptd-baru")
    admin = as_user(make_user("admin"))
    response = admin.post("/admin/users/new", data={
        "username": "sari.u", "display_name": "Sari", "role": "service_staff",
        "organisation_code": "uptd-baru", "email": "sari@uptd.contoh.id",
        "mobile": "+62 813 1111 2222"})
    assert response.status_code == 200
    with app.app_context():
        sari = db.session.scalar(select(User).where(User.username == "sari.u"))
        assert (sari.email, sari.mobile) == ("sari@uptd.contoh.id", "+6281311112222")
        sari_id = sari.id
    bad = admin.post("/admin/users/new", data={
        "username": "tono.u", "display_name": "Tono", "role": "service_staff",
        "organisation_code": "uptd-baru", "mobile": "+44 20 7946 0000"})
    assert bad.status_code == 422 and "Nomor Indonesia" in bad.get_data(as_text=True)
    changed = admin.post(f"/admin/users/{sari_id}/contact",
                         data={"email": "", "mobile": "085711112222"})
    assert changed.status_code == 302
    assert _contact(app, sari_id) == (None, "+6285711112222")
    refused = admin.post(f"/admin/users/{sari_id}/contact", data={"email": "bukan-email"})
    assert refused.status_code == 422
    assert "Masukkan alamat email" in refused.get_data(as_text=True)


def _badge(client) -> int:
    """The count beside Notifications in the navigation."""
    html = client.get("/notifications/").get_data(as_text=True)
    found = re.search(r'<a href="/notifications/"[^>]*>[^<]*(?:<span class="badge">(\d+)</span>)?',
                      html)
    return int(found[1] or 0)


def test_the_in_app_list_counts_unread_and_marks_them_read(app, world, refer, as_user):
    refer()
    staff = as_user(world.uptd_staff)
    assert _badge(staff) == 1
    page = staff.get("/notifications/").get_data(as_text=True)
    assert "1 rujukan baru menunggu unit Anda." in page
    assert world.case.reference not in page
    assert staff.post("/notifications/read").status_code == 302
    assert _badge(staff) == 0
    assert "1 rujukan baru menunggu unit Anda." in staff.get("/notifications/").get_data(
        as_text=True)
    assert _badge(as_user(world.uptd_staff2)) == 1  # her colleague's own list
    assert "rujukan baru" not in as_user(world.dukcapil_staff).get(
        "/notifications/").get_data(as_text=True)
