"""Search shows only what the searcher may see, and every search is audited without the query."""

from __future__ import annotations

from sqlalchemy import select

from casework.audit.models import AuditEntry
from casework.extensions import db


def test_other_centres_cases_are_not_found(centres, make_case, search):
    """Another centre's paralegal finds nothing, even with the exact NIK."""
    case = make_case(centres["paralegal"], nik="3204054507900001")
    for who in ("stranger", "colleague"):
        page = search(centres[who], "3204054507900001")
        assert case.reference.encode() not in page.data
        assert b"No case you may see matches." in page.data


def test_reference_of_a_hidden_case_finds_nothing(centres, make_case, search):
    """Knowing another centre's reference does not reveal the case."""
    case = make_case(centres["paralegal"])
    assert case.reference.encode() not in search(centres["stranger"], case.reference).data.replace(
        b'value="' + case.reference.encode() + b'"', b"")


def test_supervisor_finds_cases_of_every_centre(centres, make_case, search):
    """The NGO's supervisor finds the cases of both its centres."""
    mine = make_case(centres["paralegal"], name="Wulan Sari")
    theirs = make_case(centres["stranger"], name="Wulan Dewi")
    page = search(centres["supervisor"], "wulan")
    assert mine.reference.encode() in page.data and theirs.reference.encode() in page.data


def test_every_search_is_audited_without_the_query(app, centres, make_case, search):
    """One 'search' entry per search; no column holds the words typed."""
    make_case(centres["paralegal"], name="Kartika Putri")
    search(centres["paralegal"], "kartika putri")
    search(centres["paralegal"], "3204054507900001")
    search(centres["paralegal"], "x")
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "search")).all()
        assert [e.outcome for e in entries] == ["ok", "ok", "refused"]
        for entry in db.session.scalars(select(AuditEntry)):
            text = entry.canonical().decode().lower()
            assert "kartika" not in text and "3204054507900001" not in text


def test_service_staff_and_admin_cannot_search(make_user, make_org, client, login):
    """Search is for case workers and supervisors only: not for admins, nor for staff of a unit
    that holds no cases (a UPTD PPA's staff search their own cases)."""
    for role in ("service_staff", "admin"):
        login(client, make_user(role, make_org("dukcapil")))
        assert client.get("/search").status_code == 404
