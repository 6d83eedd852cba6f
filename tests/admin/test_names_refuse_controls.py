"""Issue 16, item 8: control and text-direction characters are refused in the names of
staff, organisations and survivors, with a message, and nothing is stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from casework.accounts.models import Organisation, User
from casework.cases.models import Case
from casework.extensions import db
from tests.conftest import case_data

MESSAGE = "Nama tidak boleh memuat karakter kontrol"
# A right-to-left override that makes "Rina\u202eanir" show as another name; a NUL is
# refused before any form (tests/web/test_nul_bytes.py), the other controls here.
BAD_NAMES = ["Rina\u202eanir", "Rina\u2066x\u2069", "Ri\x07na", "Rina\x1bSari", "Rina\u200fS"]


@pytest.fixture
def admin(app, login, make_user):
    """A client logged in as an admin."""
    return login(app.test_client(), make_user("admin"))


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("name", BAD_NAMES)
def test_staff_display_name(app, admin, make_org, name):
    make_org(code="bale-baru")
    before = _count(app, User)
    response = admin.post("/admin/users/new", data={
        "username": "rina.p", "display_name": name, "role": "paralegal",
        "organisation_code": "bale-baru"})
    assert response.status_code == 422 and MESSAGE in response.get_data(as_text=True)
    assert _count(app, User) == before


@pytest.mark.parametrize("name", BAD_NAMES[:2])
def test_organisation_name(app, admin, name):
    before = _count(app, Organisation)
    response = admin.post("/admin/organisations/new", data={
        "code": "bale-dua", "name": name, "kind": "community_centre"})
    assert response.status_code == 422 and MESSAGE in response.get_data(as_text=True)
    assert _count(app, Organisation) == before


@pytest.mark.parametrize("field", ["name", "alias", "perpetrator_name"])
def test_survivor_names(app, client, login, make_user, field):
    login(client, make_user("paralegal"))
    data = case_data(**{field: "Siti\u202eAminah"})
    response = client.post("/cases/new", data=data)
    assert MESSAGE in response.get_data(as_text=True)
    assert _count(app, Case) == 0


def test_ordinary_names_pass(app, admin, make_org):
    make_org(code="bale-baru")
    response = admin.post("/admin/users/new", data={
        "username": "ni.made", "display_name": "Ni Made Ayu-Sari (Dayu) Ngurah' Rai",
        "role": "paralegal", "organisation_code": "bale-baru"})
    assert response.status_code == 200 and MESSAGE not in response.get_data(as_text=True)
