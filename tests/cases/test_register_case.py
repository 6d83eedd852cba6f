"""A paralegal registers a survivor's case through the form, and finds it in her list."""

from __future__ import annotations

from sqlalchemy import select

from casework.cases.models import Case
from casework.extensions import db
from tests.conftest import case_data


def test_register_through_the_form(app, client, login, make_user):
    """The new case opens on its page, with a random reference and masked NIK."""
    user = make_user("paralegal")
    login(client, user)
    response = client.post("/cases/new", data=case_data(name="Wayan"), follow_redirects=False)
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert b"Wayan" in page.data
    assert b"************0001" in page.data and b"3204054507900001" not in page.data
    with app.app_context():
        case = db.session.scalar(select(Case))
        assert len(case.reference) == 9 and case.reference[4] == "-"
        assert case.reference in response.headers["Location"]
        assert case.is_assigned(case.assignments[0].user)


def test_list_shows_initials_not_names(client, login, make_user, make_case):
    """The list shows reference and initials, never the full name."""
    user = make_user("paralegal")
    case = make_case(user, name="Ni Luh Putu Ayu")
    login(client, user)
    page = client.get("/cases/")
    assert case.reference.encode() in page.data
    assert b"N.L.P." in page.data
    assert b"Ni Luh Putu Ayu" not in page.data


def test_list_is_paginated(app, client, login, make_user, make_case):
    """Lists never show more than one page of cases."""
    user = make_user("paralegal")
    for _ in range(app.config["PAGE_SIZE"] + 2):
        make_case(user)
    login(client, user)
    first = client.get("/cases/")
    assert first.data.count(b'class="ref"') == app.config["PAGE_SIZE"]
    second = client.get("/cases/?page=2")
    assert second.data.count(b'class="ref"') == 2


def test_consent_is_required(client, login, make_user):
    """Without her consent to record, nothing is saved and the input stays."""
    login(client, make_user("paralegal"))
    data = case_data(name="Tanpa Persetujuan")
    del data["consent_record"]
    response = client.post("/cases/new", data=data)
    assert response.status_code == 200
    assert b"Tanpa Persetujuan" in response.data
    assert b"persetujuannya" in response.data


def test_note_and_close(client, login, make_user, make_case):
    """A note is added, then the case is closed with a reason and no longer editable."""
    user = make_user("paralegal")
    case = make_case(user)
    login(client, user)
    client.post(f"/cases/{case.reference}/notes", data={"body": "Kunjungan rumah aman."})
    assert b"Kunjungan rumah aman." in client.get(f"/cases/{case.reference}").data
    form = client.get(f"/cases/{case.reference}/close")
    assert form.status_code == 200
    response = client.post(f"/cases/{case.reference}/close",
                           data={"reason": "needs_met", "note": "Selesai.", "version": "1"})
    assert response.status_code == 302
    page = client.get(f"/cases/{case.reference}").data
    assert b"Ditutup" in page
    edit = client.post(f"/cases/{case.reference}/edit", data={**case_data(), "version": "2"})
    assert edit.status_code == 302
