"""Registering a survivor already on record: open the case if hers to see, else only 'ask'."""

from __future__ import annotations

from sqlalchemy import func, select

from casework.audit.models import AuditEntry
from casework.cases.models import Case
from casework.extensions import db
from tests.conftest import case_data


def _count_cases(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Case))


def test_same_nik_in_own_case_offers_to_open_it(app, client, login, centres, make_case):
    """The paralegal is offered her own case instead of a second registration."""
    existing = make_case(centres["paralegal"], nik="3204054507900001", phone="+6281200000001")
    login(client, centres["paralegal"])
    page = client.post("/cases/new", data=case_data(name="Siti A", nik="3204 0545 0790 0001",
                                                      phone="081299999999"))
    assert page.status_code == 200
    assert b"This survivor may already have a case" in page.data
    assert f'href="/cases/{existing.reference}"'.encode() in page.data
    assert b'name="register_anyway"' in page.data
    assert _count_cases(app) == 1


def test_same_phone_in_any_form_is_found(app, client, login, centres, make_case):
    """A phone typed as 0812... matches the +62 812... on record."""
    existing = make_case(centres["paralegal"], nik="", phone="+6281234567890")
    login(client, centres["paralegal"])
    page = client.post("/cases/new", data=case_data(nik="", phone="0812-3456-7890"))
    assert existing.reference.encode() in page.data


def test_held_elsewhere_reveals_nothing(app, client, login, centres, make_case):
    """Another centre's record: only that one exists elsewhere and to ask the supervisor."""
    hidden = make_case(centres["stranger"], nik="3204054507900001", name="Rahasia Sekali")
    login(client, centres["paralegal"])
    page = client.post("/cases/new", data=case_data(nik="3204054507900001", phone=""))
    assert b"exists elsewhere" in page.data and b"Ask your supervisor" in page.data
    assert hidden.reference.encode() not in page.data
    assert b"Rahasia" not in page.data and b"Org community_centre" not in page.data.split(
        b"<main>")[1].split(b"</section>")[0]
    assert _count_cases(app) == 1


def test_registration_can_proceed_deliberately(app, client, login, centres, make_case):
    """'Register anyway' creates the new case, keeping what was typed."""
    make_case(centres["stranger"], nik="3204054507900001")
    login(client, centres["paralegal"])
    data = case_data(name="Siti Kedua", nik="3204054507900001", register_anyway="1")
    response = client.post("/cases/new", data=data)
    assert response.status_code == 302
    assert _count_cases(app) == 2


def test_no_match_registers_at_once(app, client, login, centres, make_case):
    """Different NIK and phone: no question asked."""
    make_case(centres["paralegal"], nik="3204054507900001", phone="+6281200000001")
    login(client, centres["paralegal"])
    response = client.post("/cases/new", data=case_data(nik="3204054507900002", phone="0812000000"))
    assert response.status_code == 302


def test_the_check_is_audited_without_values(app, client, login, centres, make_case):
    """The duplicate check is logged as such, with no NIK in the log."""
    make_case(centres["stranger"], nik="3204054507900001")
    login(client, centres["paralegal"])
    client.post("/cases/new", data=case_data(nik="3204054507900001"))
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "duplicate_check")).one()
        assert entry.outcome == "found"
        assert b"3204054507900001" not in entry.canonical()
