"""Admin screens for organisations: create them in a parent/child tree, move and rename them,
never under themselves."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casework.accounts.models import Organisation
from casework.extensions import db


@pytest.fixture
def admin(app, login, make_user):
    """A client logged in as an admin."""
    return login(app.test_client(), make_user("admin"))


def _org(app, code: str) -> Organisation:
    """The organisation with this code."""
    with app.app_context():
        org = db.session.scalar(select(Organisation).where(Organisation.code == code))
        db.session.expunge(org)
        return org


def _create(admin, code: str, kind: str = "community_centre", parent: str = ""):
    """The new-organisation form."""
    return admin.post("/admin/organisations/new", data={
        "code": code, "name": f"Lembaga {code}", "kind": kind, "parent_code": parent,
        "region_code": "320405"})


def test_create_a_centre_under_its_ngo(app, admin):
    """The centre is created under the NGO and listed on the NGO's page."""
    assert _create(admin, "sapa-baru", "ngo").status_code == 302
    assert _create(admin, "bale-baru", parent="sapa-baru").status_code == 302
    ngo, centre = _org(app, "sapa-baru"), _org(app, "bale-baru")
    assert centre.parent_id == ngo.id
    assert "bale-baru" in admin.get(f"/admin/organisations/{ngo.id}").get_data(as_text=True)


def test_duplicate_code_and_unknown_parent_are_refused(app, admin):
    """A taken code or a parent that does not exist comes back on the form."""
    _create(admin, "sapa-satu", "ngo")
    assert _create(admin, "sapa-satu", "ngo").status_code == 422
    assert _create(admin, "bale-yatim", parent="tidak-ada").status_code == 422


def test_tree_cannot_loop(app, admin):
    """An NGO cannot be moved under its own centre."""
    _create(admin, "sapa-akar", "ngo")
    _create(admin, "bale-anak", parent="sapa-akar")
    ngo = _org(app, "sapa-akar")
    response = admin.post(f"/admin/organisations/{ngo.id}", data={
        "name": "Sapa", "parent_code": "bale-anak", "region_code": ""})
    assert response.status_code == 422
    assert _org(app, "sapa-akar").parent_id is None


def test_move_and_rename(app, admin):
    """A centre moves to another NGO and is renamed."""
    _create(admin, "ngo-a", "ngo")
    _create(admin, "ngo-b", "ngo")
    _create(admin, "bale-pindah", parent="ngo-a")
    centre = _org(app, "bale-pindah")
    admin.post(f"/admin/organisations/{centre.id}", data={
        "name": "Bale Pindah", "parent_code": "ngo-b", "region_code": "3204"})
    moved = _org(app, "bale-pindah")
    assert moved.parent_id == _org(app, "ngo-b").id and moved.name == "Bale Pindah"


def test_unknown_organisation_is_a_logged_404(admin):
    """A made-up id gets the plain not-found page."""
    response = admin.get("/admin/organisations/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
