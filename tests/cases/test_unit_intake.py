"""A unit registers and works cases of its own (issue 13): a UPTD PPA's service staff registers a
walk-in case with the centre's intake form, is assigned to it, sees it in her list and plans
it; staff of Dukcapil (a unit that holds no cases) are refused with a logged denial."""

from __future__ import annotations

import re

from sqlalchemy import select

from casework.audit.models import AuditEntry
from casework.cases.models import Case, CaseAssignment, Survivor
from casework.extensions import db
from tests.conftest import case_data


def _form(**overrides) -> dict:
    """The intake form as a browser posts it."""
    data = {k: v for k, v in case_data(**overrides).items() if v is not False}
    data["forms"] = data["forms"][0]
    return data


def _selected(html: str, code: str) -> bool:
    """Whether the intake channel's list has this code chosen."""
    field = html.split('name="intake_channel"')[1].split("</select>")[0]
    return re.search(rf'<option selected value="{code}"', field) is not None


def _denials(app) -> int:
    """How many denials the access log holds."""
    with app.app_context():
        return len(db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "denied")).all())


def test_uptd_ppa_staff_registers_and_works_a_walk_in_case(app, client, login, make_org,
                                                           make_user):
    """Register, be assigned, find it in her list, see how it came in, add a plan item."""
    unit = make_org("uptd_ppa")
    staff = make_user("service_staff", unit)
    login(client, staff)
    form = client.get("/cases/new")
    assert form.status_code == 200
    # The channel a UPTD PPA mostly sees is chosen already.
    assert _selected(form.get_data(as_text=True), "walk_in")
    response = client.post("/cases/new", data=_form(intake_channel="walk_in", name="Wati Unit"))
    assert response.status_code == 302
    reference = response.headers["Location"].rsplit("/", 1)[1]
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        assert case.organisation_id == unit.id and case.intake_channel == "walk_in"
        assert db.session.scalar(select(CaseAssignment.user_id).where(
            CaseAssignment.case_id == case.id, CaseAssignment.ended_at.is_(None))) == staff.id
        # The same encryption as a centre's: the name is not stored as typed.
        raw = db.session.execute(select(Survivor.__table__.c.name_enc)
                                 .where(Survivor.case_id == case.id)).scalar()
        assert b"Wati Unit" not in bytes(raw)
    listing = client.get("/cases/").get_data(as_text=True)
    assert reference in listing
    page = client.get(f"/cases/{reference}").get_data(as_text=True)
    assert 'id="intake-channel"' in page and "Datang langsung" in page
    goal = client.post(f"/cases/{reference}/goals/new",
                       data={"area": "legal", "description": "Pendampingan hukum"})
    assert goal.status_code == 302
    assert "Pendampingan hukum" in client.get(f"/cases/{reference}").get_data(as_text=True)
    assert client.get("/").status_code == 200
    home = client.get("/").get_data(as_text=True)
    assert reference in home and 'id="new-referrals"' in home


def test_unit_staff_is_offered_her_cases_and_her_inbox(client, login, make_user):
    """The navigation of a UPTD PPA's staff: her cases and the referral inbox side by side."""
    login(client, make_user("service_staff"))
    nav = client.get("/referrals/").get_data(as_text=True)
    assert 'href="/cases/"' in nav and 'href="/referrals/"' in nav
    assert 'id="sides"' in nav


def test_duplicate_check_applies_to_a_unit(app, client, login, make_org, make_user, make_case):
    """A second case with the same NIK in her unit is shown as a possible duplicate first."""
    unit = make_org("uptd_ppa")
    staff = make_user("service_staff", unit)
    make_case(staff)
    login(client, staff)
    response = client.post("/cases/new", data=_form())
    assert response.status_code == 200
    with app.app_context():
        assert len(db.session.scalars(select(Case)).all()) == 1


def test_intake_channel_is_required_and_editable(app, client, login, make_org, make_user):
    """No channel: the form says so and keeps the input; the edit form changes it."""
    staff = make_user("service_staff", make_org("dinas_sosial"))
    login(client, staff)
    assert _selected(client.get("/cases/new").get_data(as_text=True), "referral")
    refused = client.post("/cases/new", data=_form(intake_channel="", name="Tanpa Jalur"))
    assert refused.status_code == 200 and "Tanpa Jalur" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Case)).all() == []
    done = client.post("/cases/new", data=_form(intake_channel="hotline"))
    reference = done.headers["Location"].rsplit("/", 1)[1]
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        version = case.version
    edit = client.get(f"/cases/{reference}/edit").get_data(as_text=True)
    assert _selected(edit, "hotline")
    saved = client.post(f"/cases/{reference}/edit",
                        data={**_form(intake_channel="outreach"), "version": version})
    assert saved.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Case.intake_channel)
                                 .where(Case.reference == reference)) == "outreach"


def test_dukcapil_staff_gets_no_case_work(app, client, login, make_org, make_user, make_case):
    """A unit that holds no cases: the case list and intake are refused and logged, and a case
    of her own organisation's could not exist; her referral inbox still works."""
    staff = make_user("service_staff", make_org("dukcapil"))
    login(client, staff)
    before = _denials(app)
    assert client.get("/cases/").status_code == 404
    assert client.get("/cases/new").status_code == 404
    assert client.post("/cases/new", data=_form()).status_code == 403
    assert client.get("/search").status_code == 404
    assert _denials(app) == before + 4
    with app.app_context():
        assert db.session.scalars(select(Case)).all() == []
    inbox = client.get("/referrals/")
    assert inbox.status_code == 200
    nav = inbox.get_data(as_text=True)
    assert 'href="/cases/"' not in nav and 'id="sides"' not in nav


def test_unit_staff_cannot_reach_a_centre_case(client, login, make_user, make_case):
    """Working cases gives her her own unit's cases, never a centre's."""
    centre_case = make_case(make_user("paralegal"))
    login(client, make_user("service_staff"))
    assert client.get(f"/cases/{centre_case.reference}").status_code == 404
    assert centre_case.reference not in client.get("/cases/").get_data(as_text=True)


def test_supervisor_assigns_unit_staff(app, client, login, make_org, make_user, make_case):
    """The unit's supervisor may give a case to any of its staff; the case counts as staffed."""
    unit = make_org("uptd_ppa")
    first, second = make_user("service_staff", unit), make_user("service_staff", unit)
    case = make_case(first)
    login(client, make_user("supervisor", unit))
    page = client.get(f"/cases/{case.reference}/assign").get_data(as_text=True)
    assert second.username in page
    response = client.post(f"/cases/{case.reference}/assign",
                           data={"paralegal": str(second.id), "replace": "y"})
    assert response.status_code == 302
    with app.app_context():
        found = db.session.get(Case, case.id)
        assert found.staffed is True
        assert {a.user_id for a in found.assignments if a.ended_at is None} == {second.id}


def test_a_case_recorded_before_the_question_shows_it_as_not_recorded(app, client, login,
                                                                      make_user, make_case):
    """Cases migrated from before issue 13 hold no channel: the page says so, and the edit form
    still saves without one."""
    paralegal = make_user("paralegal")
    case = make_case(paralegal, intake_channel=None)
    login(client, paralegal)
    page = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert "Masuk melalui: tidak dicatat" in page
    with app.app_context():
        version = db.session.get(Case, case.id).version
    saved = client.post(f"/cases/{case.reference}/edit",
                        data={**_form(intake_channel=""), "version": version})
    assert saved.status_code == 302
    with app.app_context():
        assert db.session.get(Case, case.id).intake_channel is None
